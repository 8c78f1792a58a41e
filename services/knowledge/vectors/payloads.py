"""What each point carries besides its vectors: the fields search filters by and deletion selects on."""

from __future__ import annotations

from typing import Any

from services.db.models import Content, Memory


def content_meta(content: Content) -> dict[str, str]:
    """A content's metadata as filterable strings (nested values are not filterable and stay out)."""
    return {str(k): str(v) for k, v in (content.meta or {}).items() if isinstance(v, str | int | float | bool)}


def chunk_payload(content: Content, index: int) -> dict[str, Any]:
    """The payload of chunk `index` of a content."""
    return {
        "owner_id": content.owner_id,
        "agent_id": content.agent_id,
        "content_id": content.id,
        "media_type": content.media_type,
        "kind": "chunk",
        "meta": content_meta(content),
        "index": index,
    }


def memory_payload(memory: Memory) -> dict[str, Any]:
    return {
        "owner_id": memory.owner_id,
        "agent_id": memory.agent_id,
        "memory_id": memory.id,
        "memory_kind": memory.kind,
        "kind": "memory",
    }
