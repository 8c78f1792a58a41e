"""The vector store on a Qdrant server through the official `qdrant-client` (any number of processes).

`path=` opens qdrant-client's local mode instead: Qdrant's API emulated in Python over SQLite. Nothing in
the app uses it any more; it reads data directories written by earlier versions (see `upgrade.py`) and
stands in for a server in tests, where none can run. It searches by brute force and ignores payload
indexes, and it takes an exclusive lock on its folder, so only one process may open it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qdrant_client import AsyncQdrantClient, models
from qdrant_client.http.exceptions import UnexpectedResponse

from services.knowledge.vectors.base import (
    DENSE,
    KEYWORD_FIELDS,
    PREFIX,
    QUANTILE,
    SPARSE,
    TENANT_FIELD,
    UPSERT_BATCH,
    Hit,
    Match,
    SearchPlan,
    SparseVector,
    VectorPoint,
    VectorStore,
    VectorStoreError,
    delete_conditions,
    where,
)

# Scores from the original vectors, not their int8 copies (as on Edge).
RESCORED = models.SearchParams(quantization=models.QuantizationSearchParams(rescore=True))


class ServerVectorStore(VectorStore):
    def __init__(self, *, url: str | None = None, path: Path | None = None) -> None:
        if (url is None) == (path is None):
            raise ValueError("ServerVectorStore needs exactly one of url (a Qdrant server) or path (local mode)")
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

    async def collection_names(self) -> list[str]:
        response = await self._client.get_collections()
        return sorted(c.name for c in response.collections if c.name.startswith(PREFIX))

    async def ensure_collection(self, name: str, dim: int) -> None:
        if name in self._ready:
            return
        if not await self._client.collection_exists(name):
            try:
                await self._client.create_collection(
                    name,
                    vectors_config={DENSE: models.VectorParams(size=dim, distance=models.Distance.COSINE)},
                    # IDF from Qdrant's own document frequencies: stored BM25 vectors stay valid as the corpus grows.
                    sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
                    # As on Edge: int8 copies in RAM for the HNSW walk, the originals to rescore the best.
                    quantization_config=models.ScalarQuantization(
                        scalar=models.ScalarQuantizationConfig(
                            type=models.ScalarType.INT8, quantile=QUANTILE, always_ram=True
                        )
                    ),
                )
            except UnexpectedResponse as exc:
                if exc.status_code != 409:  # another replica created it first: that is fine
                    raise
        # Local mode ignores payload indexes and warns about each; a server uses them to filter. Creating
        # an index that exists is a no-op, so two coroutines (or replicas) doing it at once is harmless.
        if not self.local:
            for key in KEYWORD_FIELDS:
                schema = models.KeywordIndexParams(type=models.KeywordIndexType.KEYWORD, is_tenant=key == TENANT_FIELD)
                await self._client.create_payload_index(name, key, field_schema=schema, wait=True)
        self._ready.add(name)

    async def upsert(self, name: str, points: list[VectorPoint]) -> None:
        for start in range(0, len(points), UPSERT_BATCH):
            batch = [
                models.PointStruct(id=p.id, vector={DENSE: p.dense, SPARSE: _sparse(p.sparse)}, payload=p.payload)
                for p in points[start : start + UPSERT_BATCH]
            ]
            # wait=True: applied (searchable, countable) and in the server's write-ahead log when this returns.
            await self._client.upsert(name, points=batch, wait=True)

    async def delete_where(
        self, name: str, *, content_id: str | None = None, memory_ids: list[str] | None = None
    ) -> None:
        selector = models.FilterSelector(filter=_filter(delete_conditions(content_id, memory_ids)))
        if await self._client.collection_exists(name):
            await self._client.delete(name, points_selector=selector, wait=True)

    async def set_content_payload(self, name: str, content_id: str, values: dict[str, Any]) -> None:
        if await self._client.collection_exists(name):
            selector = models.FilterSelector(filter=_filter(where(content_id=content_id)))
            await self._client.set_payload(name, payload=values, points=selector, wait=True)

    async def count(self, name: str, conditions: list[Match]) -> int:
        if not await self._client.collection_exists(name):
            return 0
        return (await self._client.count(name, count_filter=_filter(conditions), exact=True)).count

    async def run_search(
        self, name: str, plan: SearchPlan, dense: list[float] | None, sparse: SparseVector | None, limit: int
    ) -> list[Hit]:
        if not await self._client.collection_exists(name):
            return []
        flt = _filter(plan.conditions)
        rescored = None if self.local else RESCORED  # local mode is exact already, and warns about search params
        if plan.mode == "hybrid":
            assert dense is not None and sparse is not None
            response = await self._client.query_points(
                name,
                prefetch=[
                    models.Prefetch(query=dense, using=DENSE, limit=plan.depth, filter=flt, params=rescored),
                    models.Prefetch(query=_sparse(sparse), using=SPARSE, limit=plan.depth, filter=flt),
                ],
                # Qdrant's RRF with its default k (RRF_K); FusionQuery also works on servers before 1.16.
                query=models.FusionQuery(fusion=models.Fusion.RRF),
                query_filter=flt,
                limit=limit,
                with_payload=True,
            )
        else:
            vector: Any = dense if plan.mode == "dense" else _sparse(sparse) if sparse is not None else None
            using = DENSE if plan.mode == "dense" else SPARSE
            params = rescored if plan.mode == "dense" else None
            response = await self._client.query_points(
                name, query=vector, using=using, query_filter=flt, limit=limit, with_payload=True, search_params=params
            )
        return [Hit(id=str(p.id), score=p.score, payload=p.payload or {}) for p in response.points]

    async def scroll(self, name: str, *, offset: str | None, limit: int) -> tuple[list[VectorPoint], str | None]:
        if not await self._client.collection_exists(name):
            return [], None
        records, after = await self._client.scroll(
            name, limit=limit, offset=offset, with_payload=True, with_vectors=True
        )
        points = []
        for record in records:
            vectors: Any = record.vector or {}
            bm25 = vectors.get(SPARSE)
            points.append(
                VectorPoint(
                    id=str(record.id),
                    dense=list(vectors[DENSE]),
                    sparse=SparseVector(list(bm25.indices), list(bm25.values)) if bm25 else SparseVector([], []),
                    payload=record.payload or {},
                )
            )
        return points, str(after) if after is not None else None

    async def aclose(self) -> None:
        # Releases local mode's folder lock, so the next app start in this process can open it.
        await self._client.close()


def _sparse(vector: SparseVector) -> models.SparseVector:
    return models.SparseVector(indices=vector.indices, values=vector.values)


def _filter(conditions: list[Match]) -> models.Filter | None:
    if not conditions:
        return None
    return models.Filter(
        must=[
            models.FieldCondition(key=c.key, match=models.MatchValue(value=c.values[0]))
            if len(c.values) == 1
            else models.FieldCondition(key=c.key, match=models.MatchAny(any=list(c.values)))
            for c in conditions
        ]
    )


def _locked(path: Path) -> VectorStoreError:
    return VectorStoreError(
        f"qdrant-client local mode at {path} is already open in another process (it locks its folder); "
        "run a Qdrant server and set SWITCHBOARD_QDRANT_URL to share vectors between processes"
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
