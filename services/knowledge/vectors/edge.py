"""The vector store embedded in this process: Qdrant Edge (`qdrant-edge-py`), Qdrant's own engine in-process.

`<path>/<collection>/` is one Edge shard per collection (Edge has no collections: a shard has one fixed
vector configuration), `<path>/.lock` the lock that makes this process the folder's only user, with its id.

Threading: every call into Edge runs on one dedicated thread, which alone touches the shard objects and
keeps the calls in order. The bindings hold the GIL for the whole of each native call (another Python
thread makes no progress during a long `optimize()`), so the thread does not make calls run beside the
event loop: each one pauses it for as long as it takes, a millisecond or so for a search. Edge
parallelises a search across segments on its own thread pool.

Durability: Edge writes every update to its write-ahead log before applying it; each write here also
flushes (WAL and segments, fsynced) before it returns, so an acknowledged write survives the process
being killed and the machine losing power.

Indexing: Edge has no background optimizer. New points land in an appendable segment searched exactly
(fine for thousands of points, linear past that) until `optimize()` turns segments whose vectors passed
the indexing threshold (10 MB: ~6,500 points at 384 dimensions) into HNSW-indexed ones. It runs after
writes, queued on the Edge thread; MAX_SEGMENT_KB bounds what one run rebuilds, and so how long it pauses
the process (2-8 s per run at 384 dimensions on two busy cores; see bench/README.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import qdrant_edge as qe
import structlog

from services.knowledge.vectors.base import (
    DENSE,
    KEYWORD_FIELDS,
    PREFIX,
    QUANTILE,
    RRF_K,
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
from services.knowledge.vectors.folder_lock import locked, take_lock

log = structlog.get_logger("switchboard.vectors")
T = TypeVar("T")
CONFIG_FILE = "edge_config.json"  # Edge writes it when it creates a shard
CREATING = ".creating-"  # a shard is built under this prefix and renamed when complete
# Scores from the original vectors, not their int8 copies: the same numbers as before an index was built.
RESCORED = qe.SearchParams(quantization=qe.QuantizationSearchParams(rescore=True))
MAX_SEGMENT_KB = 32_000  # ~21k points at 384 dimensions: the most one optimize run rebuilds


class EdgeVectorStore(VectorStore):
    def __init__(self, path: Path, *, indexing_threshold_kb: int | None = None) -> None:
        """`indexing_threshold_kb`: Edge's default (10 MB of vectors per segment) unless given, for new shards."""
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._indexing_threshold_kb = indexing_threshold_kb
        self._lock = take_lock(path)
        for leftover in path.glob(CREATING + "*"):  # a crash while creating a shard: start that one again
            shutil.rmtree(leftover, ignore_errors=True)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qdrant-edge")
        self._shards: dict[str, qe.EdgeShard] = {}  # only ever touched on the Edge thread
        self._optimize_queued: set[str] = set()
        self._closing = False
        self._closed = False

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise VectorStoreError("the vector store is closed")
        return await asyncio.get_running_loop().run_in_executor(self._executor, partial(fn, *args))

    async def collection_names(self) -> list[str]:
        return await self._run(self._names)

    async def ensure_collection(self, name: str, dim: int) -> None:
        await self._run(self._ensure, name, dim)

    async def upsert(self, name: str, points: list[VectorPoint]) -> None:
        await self._run(self._upsert, name, points)

    async def delete_where(
        self, name: str, *, content_id: str | None = None, memory_ids: list[str] | None = None
    ) -> None:
        operation = qe.UpdateOperation.delete_points_by_filter(_filter(delete_conditions(content_id, memory_ids)))
        await self._run(self._write, name, [operation])

    async def set_content_payload(self, name: str, content_id: str, values: dict[str, Any]) -> None:
        where_content = _filter(where(content_id=content_id))
        await self._run(self._write, name, [qe.UpdateOperation.set_payload_by_filter(where_content, values)])

    async def count(self, name: str, conditions: list[Match]) -> int:
        request = qe.CountRequest(exact=True, filter=_filter(conditions) if conditions else None)
        return await self._run(self._read, name, lambda shard: shard.count(request), 0)

    async def run_search(
        self, name: str, plan: SearchPlan, dense: list[float] | None, sparse: SparseVector | None, limit: int
    ) -> list[Hit]:
        flt = _filter(plan.conditions) if plan.conditions else None
        dense_query = qe.Query.Nearest(dense, using=DENSE) if dense is not None else None
        sparse_query = qe.Query.Nearest(_sparse(sparse), using=SPARSE) if sparse is not None else None
        if plan.mode == "hybrid":
            request = qe.QueryRequest(
                limit=limit,
                prefetches=[
                    qe.Prefetch(plan.depth, query=dense_query, filter=flt, params=RESCORED),
                    qe.Prefetch(plan.depth, query=sparse_query, filter=flt),
                ],
                query=qe.Fusion.Rrf(k=RRF_K),  # type: ignore[arg-type]  # the stub names Fusion, not its variants
                filter=flt,
                with_payload=True,
            )
        else:
            query = dense_query if plan.mode == "dense" else sparse_query
            params = RESCORED if plan.mode == "dense" else None
            request = qe.QueryRequest(limit=limit, query=query, filter=flt, with_payload=True, params=params)
        found = await self._run(self._read, name, lambda shard: shard.query(request), [])
        return [Hit(id=str(p.id), score=p.score, payload=p.payload or {}) for p in found]

    async def scroll(self, name: str, *, offset: str | None, limit: int) -> tuple[list[VectorPoint], str | None]:
        request = qe.ScrollRequest(offset=offset, limit=limit, with_payload=True, with_vector=True)
        records, after = await self._run(self._read, name, lambda shard: shard.scroll(request), ([], None))
        return [_point(r) for r in records], str(after) if after is not None else None

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closing = True  # optimize runs still queued become no-ops
        try:
            await self._run(self._close_shards)
        finally:
            self._closed = True
            self._executor.shutdown(wait=True)
            self._lock.close()  # releases the folder lock

    # -- on the Edge thread -------------------------------------------------------------------------------

    def _names(self) -> list[str]:
        return sorted(p.name for p in self.path.iterdir() if p.name.startswith(PREFIX) and (p / CONFIG_FILE).is_file())

    def _shard(self, name: str) -> qe.EdgeShard | None:
        shard = self._shards.get(name)
        if shard is None and (self.path / name / CONFIG_FILE).is_file():
            shard = self._shards[name] = _load(self.path / name)
            _index_fields(shard)  # a shard made by an earlier version gains the indexes added since
            self._queue_optimize(name)  # whatever a stop left unindexed
        return shard

    def _ensure(self, name: str, dim: int) -> None:
        if self._shard(name) is not None:
            return
        building = self.path / (CREATING + name)
        shutil.rmtree(building, ignore_errors=True)
        shard = qe.EdgeShard.create(str(building), _config(dim, self._indexing_threshold_kb))
        _index_fields(shard)
        shard.close()  # flushes; a shard holds its path, so it is renamed closed and loaded again
        building.rename(self.path / name)
        self._shard(name)

    def _read(self, name: str, call: Callable[[qe.EdgeShard], T], missing: T) -> T:
        shard = self._shard(name)
        return missing if shard is None else call(shard)

    def _upsert(self, name: str, points: list[VectorPoint]) -> None:
        self._write(
            name,
            [
                qe.UpdateOperation.upsert_points(
                    [
                        qe.Point(p.id, {DENSE: p.dense, SPARSE: _sparse(p.sparse)}, p.payload)
                        for p in points[start : start + UPSERT_BATCH]
                    ]
                )
                for start in range(0, len(points), UPSERT_BATCH)
            ],
            create=True,
        )

    def _write(self, name: str, operations: list[qe.UpdateOperation], *, create: bool = False) -> None:
        shard = self._shard(name)
        if shard is None:
            if create:
                raise VectorStoreError(f"collection {name} does not exist: ensure_collection creates it")
            return  # deleting from or updating a collection that was never made: nothing to do
        for operation in operations:
            shard.update(operation)
        shard.flush()  # fsync: durable when the caller hears back
        self._queue_optimize(name)

    def _queue_optimize(self, name: str) -> None:
        if name not in self._optimize_queued and not self._closing:
            self._optimize_queued.add(name)
            self._executor.submit(self._optimize, name)

    def _optimize(self, name: str) -> None:
        self._optimize_queued.discard(name)
        shard = self._shards.get(name)
        if shard is None or self._closing:
            return
        started = time.perf_counter()
        try:
            if shard.optimize():
                info = shard.info()
                seconds = round(time.perf_counter() - started, 2)
                log.info("vector index optimized", collection=name, seconds=seconds, segments=info.segments_count)
        except Exception:  # an index that could not be built yet leaves search exact, not broken
            log.exception("vector index optimization failed", collection=name)

    def _close_shards(self) -> None:
        while self._shards:
            _, shard = self._shards.popitem()
            with contextlib.suppress(Exception):
                shard.flush()
            shard.close()


def _config(dim: int, indexing_threshold_kb: int | None) -> qe.EdgeConfig:
    return qe.EdgeConfig(
        vectors={DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine)},
        # IDF from the shard's own document frequencies: stored BM25 vectors stay valid as the corpus grows.
        sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
        optimizers=qe.EdgeOptimizersConfig(max_segment_size=MAX_SEGMENT_KB, indexing_threshold=indexing_threshold_kb),
        # int8 copies of the dense vectors in RAM for the HNSW walk, the originals (on disk, cached) to rescore
        # the best: several times faster at 100k points than walking the originals, for a quarter of their size.
        quantization_config=qe.ScalarQuantizationConfig(qe.ScalarType.Int8, quantile=QUANTILE, memory=qe.Memory.Pinned),
    )


def _index_fields(shard: qe.EdgeShard) -> None:
    indexed = shard.info().payload_schema
    for key in KEYWORD_FIELDS:
        if key not in indexed:
            params = qe.KeywordIndexParams(is_tenant=True) if key == TENANT_FIELD else qe.PayloadSchemaType.Keyword
            shard.update(qe.UpdateOperation.create_field_index(key, params))
    shard.flush()


def _load(path: Path) -> qe.EdgeShard:
    try:
        return qe.EdgeShard.load(str(path))
    except Exception as exc:
        if "WouldBlock" in str(exc):  # Edge's own lock on the WAL: another process bypassed ours
            raise locked(path.parent, "another process") from None
        raise VectorStoreError(f"cannot open the vector shard at {path}: {exc}") from exc


def _sparse(vector: SparseVector) -> qe.SparseVector:
    return qe.SparseVector(vector.indices, vector.values)


def _filter(conditions: list[Match]) -> qe.Filter:
    return qe.Filter(
        must=[
            qe.FieldCondition(c.key, match=qe.MatchValue(c.values[0]))
            if len(c.values) == 1
            else qe.FieldCondition(c.key, match=qe.MatchAny(list(c.values)))
            for c in conditions
        ]
    )


def _point(record: qe.Record) -> VectorPoint:
    vectors: Any = record.vector or {}
    bm25 = vectors.get(SPARSE)
    return VectorPoint(
        id=str(record.id),
        dense=list(vectors[DENSE]),
        sparse=SparseVector(list(bm25.indices), list(bm25.values)) if bm25 is not None else SparseVector([], []),
        payload=record.payload or {},
    )
