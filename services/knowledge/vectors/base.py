"""What every vector store backend shares: the protocol, the point and hit types, collection names, and the
filters the app searches with, described once and translated by each backend into its engine's types.

A collection holds one embedding model's space (one dense vector per point, `DENSE`) plus BM25-style
sparse vectors (`SPARSE`) whose IDF the engine computes from its own document frequencies. Every search
takes the owner filter when an owner is given, in each prefetch as well as on the fused result: callers
pass None only for admins. A collection that does not exist yet holds no points, so searching, counting
and deleting in it are not errors.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

DENSE = "dense"
SPARSE = "bm25"
PREFIX = "chunks__"
# Every payload field a filter of the app names; each backend keeps a keyword index on them.
KEYWORD_FIELDS = ("owner_id", "agent_id", "content_id", "media_type", "kind", "memory_id", "memory_kind")
TENANT_FIELD = "owner_id"  # every search filters by it: the engines group points by it
RRF_K = 2  # Qdrant's default for Fusion.RRF, named so both backends fuse alike
QUANTILE = 0.99  # int8 quantization of dense vectors spans this quantile of their values: outliers are clipped
UPSERT_BATCH = 256  # points per request: bounded request bodies (and native calls) for large documents
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")

Mode = Literal["dense", "sparse", "hybrid"]


class VectorStoreError(RuntimeError):
    """The vector store cannot be opened or used as configured."""


@dataclass(frozen=True)
class SparseVector:
    indices: list[int]
    values: list[float]


@dataclass
class VectorPoint:
    id: str  # a UUID: Qdrant accepts only UUIDs and unsigned integers as point ids
    dense: list[float]
    sparse: SparseVector
    payload: dict[str, Any]


@dataclass
class Hit:
    id: str
    score: float
    payload: dict[str, Any]


@dataclass(frozen=True)
class Match:
    """`key` equals one of `values` (a single value: an exact match)."""

    key: str
    values: tuple[str, ...]


@dataclass
class SearchPlan:
    """A search the engine must run: `mode` is the one that can still match (hybrid without terms is dense)."""

    mode: Mode
    conditions: list[Match] = field(default_factory=list)
    depth: int = 50  # each prefetch's limit in a hybrid search


def collection_name(embedder_name: str, dim: int) -> str:
    """'local:gemma-3-270m', 640 -> 'chunks__local_gemma-3-270m__640' (stable across versions)."""
    model = _UNSAFE.sub("_", embedder_name).strip("_")
    if len(model) > 120:  # Qdrant caps names at 255 characters; keep long ones distinct by a hash
        model = model[:100] + "_" + hashlib.blake2b(embedder_name.encode(), digest_size=8).hexdigest()
    return f"{PREFIX}{model}__{dim}"


def match(key: str, value: str | None) -> list[Match]:
    return [Match(key, (value,))] if value is not None else []


def match_any(key: str, values: list[str] | None) -> list[Match]:
    return [Match(key, tuple(values))] if values else []


def where(
    *,
    content_id: str | None = None,
    owner_id: str | None = None,
    memory_id: str | None = None,
    kind: str | None = None,
) -> list[Match]:
    return (
        match("content_id", content_id)
        + match("owner_id", owner_id)
        + match("memory_id", memory_id)
        + match("kind", kind)
    )


def delete_conditions(content_id: str | None, memory_ids: list[str] | None) -> list[Match]:
    conditions = match("content_id", content_id) + match_any("memory_id", memory_ids)
    if not conditions:  # an empty filter would match every point in the collection
        raise ValueError("delete_where needs content_id or memory_ids")
    return conditions


def plan_search(
    *,
    mode: Mode,
    dense: list[float] | None,
    sparse: SparseVector | None,
    owner_id: str | None,
    agent_ids: list[str] | None,
    media_types: list[str] | None,
    metadata: dict[str, str] | None,
    kind: str | None,
    memory_kinds: list[str] | None,
    limit: int,
    prefetch_limit: int,
) -> SearchPlan | None:
    """The checked search, or None when nothing can match. An empty id/type list matches nothing."""
    if mode in ("dense", "hybrid") and dense is None:
        raise ValueError(f"{mode} search needs a dense query vector")
    if mode in ("sparse", "hybrid") and sparse is None:
        raise ValueError(f"{mode} search needs a sparse query vector")
    if agent_ids == [] or media_types == [] or memory_kinds == []:
        return None
    conditions = (
        match("owner_id", owner_id)
        + match("kind", kind)
        + match_any("agent_id", agent_ids)
        + match_any("media_type", media_types)
        + match_any("memory_kind", memory_kinds)
        + [Match(meta_key(k), (v,)) for k, v in (metadata or {}).items()]
    )
    # A query of only stopwords has no terms: nothing can match it, and hybrid degrades to dense.
    has_terms = sparse is not None and len(sparse.indices) > 0
    if mode == "sparse" and not has_terms:
        return None
    effective: Mode = "dense" if mode == "hybrid" and not has_terms else mode
    return SearchPlan(effective, conditions, max(prefetch_limit, limit))


def meta_key(key: str) -> str:
    """The payload path of metadata `key`, quoted when it holds characters Qdrant's paths give meaning to."""
    if _PLAIN_KEY.fullmatch(key):
        return f"meta.{key}"
    if '"' in key:
        raise ValueError(f"metadata key {key!r} cannot be filtered on (it contains a double quote)")
    return f'meta."{key}"'


class VectorStore(Protocol):
    """What the app calls; `open_vector_store` picks the backend (Qdrant Edge in-process, or a server)."""

    @staticmethod
    def collection_name(embedder_name: str, dim: int) -> str:
        return collection_name(embedder_name, dim)

    async def collection_names(self) -> list[str]:
        """Every chunk collection, whatever its model: deleting a content must reach them all."""
        ...

    async def ensure_collection(self, name: str, dim: int) -> None: ...

    async def upsert(self, name: str, points: list[VectorPoint]) -> None:
        """Durable when it returns: a crash afterwards loses none of these points."""
        ...

    async def delete_where(
        self, name: str, *, content_id: str | None = None, memory_ids: list[str] | None = None
    ) -> None: ...

    async def set_content_payload(self, name: str, content_id: str, values: dict[str, Any]) -> None:
        """Replace these payload keys on every point of one content (e.g. its metadata after an update)."""
        ...

    async def count_where(
        self,
        name: str,
        *,
        content_id: str | None = None,
        owner_id: str | None = None,
        memory_id: str | None = None,
        kind: str | None = None,
    ) -> int:
        return await self.count(name, where(content_id=content_id, owner_id=owner_id, memory_id=memory_id, kind=kind))

    async def count(self, name: str, conditions: list[Match]) -> int:
        """The backend's half of `count_where`: the points matching every condition (no conditions: all)."""
        ...

    async def search(
        self,
        name: str,
        *,
        mode: Mode,
        dense: list[float] | None,
        sparse: SparseVector | None,
        owner_id: str | None,
        agent_ids: list[str] | None = None,
        media_types: list[str] | None = None,
        metadata: dict[str, str] | None = None,
        kind: str | None = None,
        memory_kinds: list[str] | None = None,
        limit: int = 10,
        prefetch_limit: int = 50,
    ) -> list[Hit]:
        """Best `limit` hits. An empty `agent_ids` or `media_types` list matches nothing (None: no filter)."""
        plan = plan_search(
            mode=mode,
            dense=dense,
            sparse=sparse,
            owner_id=owner_id,
            agent_ids=agent_ids,
            media_types=media_types,
            metadata=metadata,
            kind=kind,
            memory_kinds=memory_kinds,
            limit=limit,
            prefetch_limit=prefetch_limit,
        )
        return [] if plan is None else await self.run_search(name, plan, dense, sparse, limit)

    async def run_search(
        self, name: str, plan: SearchPlan, dense: list[float] | None, sparse: SparseVector | None, limit: int
    ) -> list[Hit]:
        """The backend's half of `search`: run a checked plan (its mode's query vectors are given)."""
        ...

    async def scroll(self, name: str, *, offset: str | None, limit: int) -> tuple[list[VectorPoint], str | None]:
        """A page of points with their vectors and payload, and the offset of the next page (None: no more)."""
        ...

    async def aclose(self) -> None: ...
