"""Vectors in Qdrant: one collection per embedding model and dimension, dense + BM25 sparse per point.

Either a Qdrant server (`url`, any number of processes) or embedded local mode (`path`). Embedded
Qdrant takes an exclusive lock on its folder, so only one process may open it; more than one API
worker needs a server (SWITCHBOARD_QDRANT_URL). Local mode searches by brute force and ignores
payload indexes, which is fine for one user's knowledge and not for a shared deployment.

Every search takes the owner filter when an owner is given, in each prefetch as well as on the
fused result: callers pass None only for admins. A collection that does not exist yet holds no
points, so searching, counting and deleting in it are not errors.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from qdrant_client import AsyncQdrantClient
from qdrant_client.http.exceptions import UnexpectedResponse
from qdrant_client.models import (
    Distance,
    FieldCondition,
    Filter,
    FilterSelector,
    Fusion,
    FusionQuery,
    KeywordIndexParams,
    KeywordIndexType,
    MatchAny,
    MatchValue,
    Modifier,
    PointStruct,
    Prefetch,
    SparseVector,
    SparseVectorParams,
    VectorParams,
)

DENSE = "dense"
SPARSE = "bm25"
PREFIX = "chunks__"
KEYWORD_FIELDS = ("owner_id", "agent_id", "content_id", "media_type", "kind", "memory_id", "memory_kind")
UPSERT_BATCH = 256  # points per request: bounded request bodies for large documents
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")

Mode = Literal["dense", "sparse", "hybrid"]


class VectorStoreError(RuntimeError):
    """The vector store cannot be opened or used as configured."""


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


class VectorStore:
    def __init__(self, *, url: str | None = None, path: Path | None = None) -> None:
        if (url is None) == (path is None):
            raise ValueError("VectorStore needs exactly one of url (a Qdrant server) or path (embedded Qdrant)")
        self.local = path is not None
        if path is None:
            self._client = AsyncQdrantClient(url=url)
        else:
            _refuse_if_locked(path)
            try:
                self._client = AsyncQdrantClient(path=str(path))
            except RuntimeError as exc:  # locked between our look and the client's own
                if "already accessed" not in str(exc):
                    raise
                raise _locked(path) from exc
        self._ready: set[str] = set()
        self._create_lock = asyncio.Lock()

    @staticmethod
    def collection_name(embedder_name: str, dim: int) -> str:
        """'local:gemma-3-270m', 640 -> 'chunks__local_gemma-3-270m__640' (stable across versions)."""
        model = _UNSAFE.sub("_", embedder_name).strip("_")
        if len(model) > 120:  # Qdrant caps names at 255 characters; keep long ones distinct by a hash
            model = model[:100] + "_" + hashlib.blake2b(embedder_name.encode(), digest_size=8).hexdigest()
        return f"{PREFIX}{model}__{dim}"

    async def collection_names(self) -> list[str]:
        """Every chunk collection, whatever its model: deleting a content must reach them all."""
        response = await self._client.get_collections()
        return sorted(c.name for c in response.collections if c.name.startswith(PREFIX))

    async def ensure_collection(self, name: str, dim: int) -> None:
        if name in self._ready:
            return
        async with self._create_lock:  # two coroutines must not both see "missing" and both create
            if name in self._ready:
                return
            if not await self._client.collection_exists(name):
                try:
                    await self._client.create_collection(
                        name,
                        vectors_config={DENSE: VectorParams(size=dim, distance=Distance.COSINE)},
                        # IDF from Qdrant's own document frequencies: stored BM25 vectors stay valid as
                        # the corpus grows.
                        sparse_vectors_config={SPARSE: SparseVectorParams(modifier=Modifier.IDF)},
                    )
                except UnexpectedResponse as exc:
                    if exc.status_code != 409:  # another replica created it first: that is fine
                        raise
            # Local mode ignores payload indexes and warns about each; a server uses them to filter.
            if not self.local:
                for field in KEYWORD_FIELDS:
                    schema = KeywordIndexParams(type=KeywordIndexType.KEYWORD, is_tenant=field == "owner_id")
                    await self._client.create_payload_index(name, field, field_schema=schema, wait=True)
            self._ready.add(name)

    async def upsert(self, name: str, points: list[VectorPoint]) -> None:
        for start in range(0, len(points), UPSERT_BATCH):
            batch = [
                PointStruct(id=p.id, vector={DENSE: p.dense, SPARSE: p.sparse}, payload=p.payload)
                for p in points[start : start + UPSERT_BATCH]
            ]
            # wait=True: a point is searchable (and countable) when this returns.
            await self._client.upsert(name, points=batch, wait=True)

    async def delete_where(
        self, name: str, *, content_id: str | None = None, memory_ids: list[str] | None = None
    ) -> None:
        conditions = _match("content_id", content_id) + (
            [FieldCondition(key="memory_id", match=MatchAny(any=memory_ids))] if memory_ids else []
        )
        if not conditions:  # an empty filter would match every point in the collection
            raise ValueError("delete_where needs content_id or memory_ids")
        if not await self._client.collection_exists(name):
            return
        selector = FilterSelector(filter=Filter(must=conditions))
        await self._client.delete(name, points_selector=selector, wait=True)

    async def set_content_payload(self, name: str, content_id: str, values: dict[str, Any]) -> None:
        """Replace these payload keys on every point of one content (e.g. its metadata after an update)."""
        if not await self._client.collection_exists(name):
            return
        where = Filter(must=_match("content_id", content_id))
        await self._client.set_payload(name, payload=values, points=FilterSelector(filter=where), wait=True)

    async def count_where(
        self,
        name: str,
        *,
        content_id: str | None = None,
        owner_id: str | None = None,
        memory_id: str | None = None,
        kind: str | None = None,
    ) -> int:
        if not await self._client.collection_exists(name):
            return 0
        conditions = (
            _match("content_id", content_id)
            + _match("owner_id", owner_id)
            + _match("memory_id", memory_id)
            + _match("kind", kind)
        )
        where = Filter(must=conditions) if conditions else None
        result = await self._client.count(name, count_filter=where, exact=True)
        return result.count

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
        if mode in ("dense", "hybrid") and dense is None:
            raise ValueError(f"{mode} search needs a dense query vector")
        if mode in ("sparse", "hybrid") and sparse is None:
            raise ValueError(f"{mode} search needs a sparse query vector")
        if agent_ids == [] or media_types == [] or memory_kinds == []:
            return []
        if not await self._client.collection_exists(name):
            return []
        conditions = (
            _match("owner_id", owner_id)
            + _match("kind", kind)
            + ([FieldCondition(key="agent_id", match=MatchAny(any=agent_ids))] if agent_ids else [])
            + ([FieldCondition(key="media_type", match=MatchAny(any=media_types))] if media_types else [])
            + ([FieldCondition(key="memory_kind", match=MatchAny(any=memory_kinds))] if memory_kinds else [])
            + [FieldCondition(key=_meta_key(k), match=MatchValue(value=v)) for k, v in (metadata or {}).items()]
        )
        where = Filter(must=conditions) if conditions else None
        # A query of only stopwords has no terms: nothing can match it, and hybrid degrades to dense.
        has_terms = sparse is not None and len(sparse.indices) > 0
        if mode == "sparse" and not has_terms:
            return []
        if mode == "hybrid" and has_terms:
            depth = max(prefetch_limit, limit)
            response = await self._client.query_points(
                name,
                prefetch=[
                    Prefetch(query=dense, using=DENSE, limit=depth, filter=where),
                    Prefetch(query=sparse, using=SPARSE, limit=depth, filter=where),
                ],
                query=FusionQuery(fusion=Fusion.RRF),
                query_filter=where,
                limit=limit,
                with_payload=True,
            )
        elif mode == "sparse":
            response = await self._client.query_points(
                name, query=sparse, using=SPARSE, query_filter=where, limit=limit, with_payload=True
            )
        else:
            response = await self._client.query_points(
                name, query=dense, using=DENSE, query_filter=where, limit=limit, with_payload=True
            )
        return [Hit(id=str(p.id), score=p.score, payload=p.payload or {}) for p in response.points]

    async def aclose(self) -> None:
        # Releases embedded Qdrant's folder lock, so the next app start in this process can open it.
        await self._client.close()


def _locked(path: Path) -> VectorStoreError:
    return VectorStoreError(
        f"embedded Qdrant at {path} is already open in another process (it locks its folder); "
        "run a Qdrant server and set SWITCHBOARD_QDRANT_URL to share it between processes"
    )


def _refuse_if_locked(path: Path) -> None:
    """Fail early if another client holds the folder's lock.

    qdrant-client raises with its lock file still open (a leaked descriptor), so try the same
    non-blocking exclusive lock first, on the same file and through the same library, and let go of it.
    """
    lock_file = path / ".lock"
    if not lock_file.is_file():
        return  # never opened: nothing can hold it
    import portalocker  # qdrant-client's own dependency for this lock; imported where it is used, as there

    with lock_file.open("r+") as handle:
        try:
            portalocker.lock(handle, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
        except portalocker.exceptions.LockException:
            raise _locked(path) from None
        portalocker.unlock(handle)


def _match(key: str, value: str | None) -> list[FieldCondition]:
    return [FieldCondition(key=key, match=MatchValue(value=value))] if value is not None else []


def _meta_key(key: str) -> str:
    """The payload path of metadata `key`, quoted when it holds characters Qdrant's paths give meaning to."""
    if _PLAIN_KEY.fullmatch(key):
        return f"meta.{key}"
    if '"' in key:
        raise ValueError(f"metadata key {key!r} cannot be filtered on (it contains a double quote)")
    return f'meta."{key}"'
