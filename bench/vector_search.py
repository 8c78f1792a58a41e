"""Parts 2 and 4 of knowledge_bench.py: the vector stores' search latency, and search at scale through the app.

Part 2, store only: for each corpus size, one corpus (REAL BM25 vectors of generated chunk texts; dense vectors
SYNTHETIC: real embeddings of a few generated chunks plus Gaussian noise, renormalised) is upserted into each
backend: Qdrant Edge (the embedded default, on disk under the bench's temporary folder), qdrant-client's local
mode (what versions before Edge used, in --corpus-dir), and a server with --qdrant-url. Then each mode is
timed with the app's filters (owner + kind=chunk) through `VectorStore.search`. Local mode is brute force in
Python: past 10k chunks its cases are capped at --local-queries queries.

Part 4, end to end: the app (SQLite + Qdrant Edge in a temporary folder) holding --scale-chunks chunks of one
owner (rows in its database, points in its store, dense vectors of its embedder's dimension), answers GraphQL
`search` over ASGI in every mode; the query embedding is timed apart on the same queries, for the split. Then a
fresh process opens the store and searches it, for the resident memory of a process holding it, and the
store's size on disk is summed.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from services.knowledge import sparse
from services.knowledge.vectors import (
    EdgeVectorStore,
    Mode,
    ServerVectorStore,
    SparseVector,
    VectorPoint,
    VectorStore,
    collection_name,
)

ROOT = Path(__file__).resolve().parent.parent
OWNER = "bench-owner"
CHUNKS_PER_DOC = 20  # corpus chunks share a content_id in runs of this many, like real documents
NOISE = 0.5  # norm of the Gaussian noise added to a pool vector (before renormalising): cosine ~0.9 to it
MODES: tuple[Mode, ...] = ("dense", "sparse", "hybrid")
UPSERT = 2000  # points per upsert call when loading a corpus
LOCAL_FULL_SIZE = 10_000  # local mode runs every query up to this size, --local-queries past it
TARGET_STORE_P95_MS = 20.0
TARGET_E2E_P95_MS = 60.0


def pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def project(vectors: np.ndarray, dim: int, seed: int) -> np.ndarray:
    """Real embeddings in `dim` dimensions: unchanged when they have it, else a fixed Gaussian random projection
    (Johnson-Lindenstrauss: angles roughly kept), renormalised."""
    if vectors.shape[1] == dim:
        return vectors.astype(np.float32)
    matrix = np.random.default_rng(seed).standard_normal((vectors.shape[1], dim)).astype(np.float32)
    projected = vectors.astype(np.float32) @ matrix
    return projected / np.linalg.norm(projected, axis=1, keepdims=True)


def noisy(pool: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """`size` unit vectors, each a pool vector plus Gaussian noise of norm NOISE."""
    noise = rng.standard_normal((size, pool.shape[1])).astype(np.float32)
    noise *= NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
    dense = pool[np.arange(size) % len(pool)] + noise
    return dense / np.linalg.norm(dense, axis=1, keepdims=True)


@dataclass
class Corpus:
    texts: list[str]
    sparse: list[SparseVector]

    @staticmethod
    def build(texts: list[str]) -> Corpus:
        return Corpus(texts, [sparse.document_vector(t) for t in texts])


def bench_payload(i: int) -> dict[str, Any]:
    """What an ingest run writes for chunk i of document i // CHUNKS_PER_DOC (no text: that is in the database)."""
    return {
        "owner_id": OWNER,
        "agent_id": None,
        "content_id": f"bench-doc-{i // CHUNKS_PER_DOC}",
        "media_type": "text",
        "kind": "chunk",
        "meta": {},
        "index": i % CHUNKS_PER_DOC,
    }


async def load(
    store: VectorStore,
    name: str,
    corpus: Corpus,
    dense: np.ndarray,
    ids: Sequence[str] | None = None,
    payload_of: Callable[[int], dict[str, Any]] = bench_payload,
) -> float:
    """Upserts the corpus in batches; seconds until the store answers again (Edge: index builds included)."""
    await store.ensure_collection(name, dense.shape[1])
    start = time.perf_counter()
    for at in range(0, len(corpus.texts), UPSERT):
        stop = min(at + UPSERT, len(corpus.texts))
        await store.upsert(
            name,
            [
                VectorPoint(ids[i] if ids else str(uuid.uuid4()), dense[i].tolist(), corpus.sparse[i], payload_of(i))
                for i in range(at, stop)
            ],
        )
    await store.count_where(name)  # Edge runs queued index builds first: they are part of loading
    return time.perf_counter() - start


async def search_times(
    store: VectorStore,
    name: str,
    mode: Mode,
    queries: Sequence[tuple[list[float], SparseVector]],
    *,
    warmup: int,
    limit: int,
    case_seconds: float,
    max_queries: int | None,
) -> tuple[list[float], float]:
    """Seconds per search after the warm-up ones (stops after case_seconds with at least 10, or at max_queries),
    and the mean number of hits."""
    times: list[float] = []
    hits = 0
    began = time.perf_counter()
    for i, (dense, terms) in enumerate(queries):
        start = time.perf_counter()
        found = await store.search(
            name,
            mode=mode,
            dense=dense if mode != "sparse" else None,
            sparse=terms if mode != "dense" else None,
            owner_id=OWNER,
            kind="chunk",
            limit=limit,
        )
        end = time.perf_counter()
        if i < warmup:
            continue
        times.append(end - start)
        hits += len(found)
        if max_queries is not None and len(times) >= max_queries:
            break
        if end - began > case_seconds and len(times) >= 10:
            break
    return times, hits / max(len(times), 1)


@dataclass
class Backend:
    label: str
    open: Callable[[Path], VectorStore]
    base: Path


def backends(args: argparse.Namespace, folder: Path) -> list[Backend]:
    local_base = Path(args.corpus_dir) if args.corpus_dir else folder
    found = [
        Backend("Edge", lambda p: EdgeVectorStore(p), folder),
        Backend("local mode", lambda p: ServerVectorStore(path=p), local_base),
    ]
    if args.qdrant_url:
        found.append(Backend("server", lambda p: ServerVectorStore(url=args.qdrant_url), folder))
    return found


def disk_bytes(path: Path) -> tuple[int, int]:
    """(allocated, apparent) bytes of everything under `path`."""
    allocated = apparent = 0
    for item in path.rglob("*"):
        if item.is_file():
            stat = item.stat()
            allocated += stat.st_blocks * 512
            apparent += stat.st_size
    return allocated, apparent


def mib(count: float) -> str:
    return f"{count / 2**20:.0f} MiB"


async def store_latency(
    args: argparse.Namespace,
    folder: Path,
    texts_for: Callable[[int], list[str]],
    pool: np.ndarray,
    query_dense: Sequence[list[float]],
    query_sparse: Sequence[SparseVector],
    fixed_cost: Callable[[Mode], list[float]],
) -> dict[int, Corpus]:
    """Part 2. `pool`: real embeddings; `fixed_cost(mode)`: per-query seconds spent before the store (query
    embedding, BM25 query vector). Returns the corpora by size, for part 4."""
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    dim = args.dim
    base = project(pool, dim, args.seed)
    queries = list(zip(project(np.asarray(query_dense), dim, args.seed).tolist(), query_sparse, strict=True))
    projected = "" if pool.shape[1] == dim else f", projected from {pool.shape[1]} to {dim} dimensions"
    print(
        f"   dense vectors: SYNTHETIC, {dim} dimensions: each one of {len(base)} real chunk embeddings{projected} "
        f"+ Gaussian noise of norm {NOISE}, renormalised; queries: real embeddings{projected}; sparse vectors: "
        f"REAL BM25 of generated chunk texts; filter: owner + kind=chunk, as the app's search sends"
    )
    rng = np.random.default_rng(args.seed + 1)
    corpora: dict[int, Corpus] = {}
    rows: list[tuple[int, str, str, list[float], list[float], float]] = []
    for size in sizes:
        started = time.perf_counter()
        corpus = corpora[size] = Corpus.build(texts_for(size))
        dense = noisy(base, size, rng)
        print(f"\n   {size} chunks: texts and BM25 vectors generated in {time.perf_counter() - started:.1f} s")
        for backend in backends(args, folder):
            cap = None if size <= LOCAL_FULL_SIZE or backend.label != "local mode" else args.local_queries
            with tempfile.TemporaryDirectory(prefix="vectors-", dir=backend.base) as tmp:
                store = backend.open(Path(tmp))
                name = collection_name("bench", dim)
                try:
                    seconds = await load(store, name, corpus, dense)
                    used = disk_bytes(Path(tmp))[0] if backend.label != "server" else 0
                    print(
                        f"   {backend.label}: upserted in {seconds:.1f} s ({size / seconds:.0f} points/s"
                        + (", index builds included" if backend.label == "Edge" else "")
                        + (f"); {mib(used)} on disk" if used else ")")
                    )
                    for mode in MODES:
                        times, hits = await search_times(
                            store,
                            name,
                            mode,
                            queries,
                            warmup=args.warmup,
                            limit=args.limit,
                            case_seconds=args.case_seconds,
                            max_queries=cap,
                        )
                        if hits < args.limit:
                            print(f"   note: {backend.label} {mode} returned {hits:.1f} hits per query on average")
                        total = [a + b for a, b in zip(fixed_cost(mode), times, strict=False)]
                        rows.append((size, backend.label, mode, times, total, hits))
                finally:
                    await store.aclose()
    print(f"\n   {'':30}{'store search (ms)':^27}  {'end-to-end estimate (ms)':^20}")
    print(f"   {'chunks':>7} {'store':<12}{'mode':<8}{'n':>5}{'p50':>9}{'p95':>9}{'mean':>9}     {'p50':>9}{'p95':>9}")
    for size, label, mode, times, total, _ in rows:
        print(
            f"   {size:>7} {label:<12}{mode.upper():<8}{len(times):>5}{ms(pct(times, 50))} {ms(pct(times, 95))} "
            f"{ms(float(np.mean(times)))}    {ms(pct(total, 50))} {ms(pct(total, 95))}"
        )
    print(
        f"   local mode past {LOCAL_FULL_SIZE} chunks: at most --local-queries ({args.local_queries}) timed queries "
        "per case (it takes seconds per query)\n"
        "   end-to-end estimate = query embedding (DENSE, HYBRID) + BM25 query vector (SPARSE, HYBRID) + store search"
    )
    largest = max(sizes, default=0)
    for size, label, mode, times, _, _ in rows:
        if size == largest and label == "Edge":
            verdict = "meets" if pct(times, 95) * 1000 <= TARGET_STORE_P95_MS else "MISSES"
            print(f"   target: Edge {mode.upper()} at {size}: p95 {pct(times, 95) * 1000:.2f} ms {verdict} <= 20 ms")
    return corpora


SEARCH = """query($input: SearchInput!) { search(input: $input) { score chunkIndex content { id } } }"""

RSS_PROBE = textwrap.dedent(
    """
    import asyncio, json, random, sys
    from pathlib import Path
    from services.knowledge.vectors import EdgeVectorStore, SparseVector

    def rss():
        fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
        return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024

    async def main():
        folder, name, dim, owner = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
        before = rss()
        store = EdgeVectorStore(folder)
        rng = random.Random(1)
        for _ in range(50):
            dense = [rng.gauss(0, 1) for _ in range(dim)]
            terms = SparseVector(sorted(rng.sample(range(1, 2**32), 3)), [1.0] * 3)
            for mode in ("dense", "sparse", "hybrid"):
                await store.search(name, mode=mode, dense=dense, sparse=terms, owner_id=owner, kind="chunk", limit=5)
        after = rss()
        await store.aclose()
        print(json.dumps({"before": before, "after": after}))

    asyncio.run(main())
    """
)


async def graphql_at_scale(
    args: argparse.Namespace,
    folder: Path,
    app_settings: Callable[[Path], Any],
    texts: list[str],
    pool: np.ndarray,
    queries: Sequence[str],
) -> None:
    """Part 4. `app_settings(data_dir)`: the app's settings on a data dir with the model in place; `pool`: real
    embeddings in the app embedder's own dimension."""
    from app import create_app
    from services.db.models import Chunk, Content
    from services.knowledge.vectors.payloads import chunk_payload

    size = len(texts)
    data_dir = folder / "scale"
    application = create_app(app_settings(data_dir))
    async with application.router.lifespan_context(application):
        services = application.state.services
        knowledge, owner = services.knowledge, services.local_admin.id
        embedder = knowledge.embedder()
        name = await knowledge.collection(embedder)  # loads the model, makes the collection
        dim = await embedder.dimension()
        started = time.perf_counter()
        corpus = Corpus.build(texts)
        contents, chunk_rows, now = [], [], datetime.now(UTC)
        for doc in range(0, size, CHUNKS_PER_DOC):
            body = "\n\n".join(texts[doc : doc + CHUNKS_PER_DOC])
            contents.append(
                Content(
                    owner_id=owner,
                    title=f"Generated document {doc // CHUNKS_PER_DOC}",
                    media_type="text",
                    mime="text/plain",
                    size_bytes=len(body.encode()),
                    sha256=hashlib.sha256(body.encode()).hexdigest(),
                    status="ready",
                    text_chars=len(body),
                    chunk_count=min(CHUNKS_PER_DOC, size - doc),
                    embedding_model=embedder.name,
                    created_at=now,
                    updated_at=now,
                )
            )
        for i, text in enumerate(texts):
            content = contents[i // CHUNKS_PER_DOC]
            chunk_rows.append(
                Chunk(
                    content_id=content.id,
                    owner_id=owner,
                    idx=i % CHUNKS_PER_DOC,
                    text=text,
                    start=0,
                    end=len(text),
                    tokens=len(text.split()),
                )
            )
        async with services.db() as session, session.begin():
            session.add_all(contents)
        for at in range(0, size, 10_000):
            async with services.db() as session, session.begin():
                session.add_all(chunk_rows[at : at + 10_000])
        rows_seconds = time.perf_counter() - started
        dense = noisy(pool.astype(np.float32), size, np.random.default_rng(args.seed + 2))
        seconds = await load(
            knowledge.vectors,
            name,
            corpus,
            dense,
            ids=[c.id for c in chunk_rows],
            payload_of=lambda i: chunk_payload(contents[i // CHUNKS_PER_DOC], i % CHUNKS_PER_DOC),
        )
        print(
            f"   {size} chunks of {len(contents)} documents, one owner, {dim}-dimension dense vectors "
            f"({embedder.name}'s): rows written in {rows_seconds:.1f} s, upserted into Qdrant Edge in {seconds:.1f} s "
            "(index builds included)"
        )
        transport = httpx.ASGITransport(app=application, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=60) as client:
            results = await _graphql_times(args, client, queries, embedder.embed)
        edge_folder = data_dir / "vectors"
        await knowledge.vectors.aclose()  # the probe process below opens it
    print(
        f"   {'mode':<8}{'n':>5}{'GraphQL p50':>13}{'p95':>9}   {'query embedding p50':>20}{'p95':>9}"
        f"   {'rest p50':>9}{'p95':>9}"
    )
    for mode, (total, embed, rest) in results.items():
        print(
            f"   {mode.upper():<8}{len(total):>5}{ms(pct(total, 50)):>13}{ms(pct(total, 95))}   "
            f"{ms(pct(embed, 50)):>20}{ms(pct(embed, 95))}   {ms(pct(rest, 50)):>9}{ms(pct(rest, 95))}"
        )
    print(
        "   GraphQL: POST /graphql `search` over ASGI (no socket); query embedding: the app's embedder on the same\n"
        "   query, timed just before (0 for SPARSE); rest = GraphQL - embedding: store search, SQL read of the hit\n"
        f"   chunks and contents, GraphQL. Target: p95 <= {TARGET_E2E_P95_MS:.0f} ms for each mode"
    )
    allocated, apparent = disk_bytes(edge_folder)
    database = data_dir / "switchboard.db"
    print(
        f"   on disk: Qdrant Edge folder {mib(allocated)} allocated ({mib(apparent)} apparent: the WAL's files are "
        f"sparse); the SQLite database with the chunk texts {mib(database.stat().st_size)}"
    )
    probe = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", RSS_PROBE, str(edge_folder), name, str(dim), owner],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    if probe.returncode != 0:
        print(f"   resident memory probe FAILED: {probe.stderr.strip().splitlines()[-1:]}")
        return
    import json

    figures = json.loads(probe.stdout)
    before, after = figures["before"], figures["after"]
    print(
        f"   resident memory of a fresh process holding the store, after 150 searches: {mib(after[0])} "
        f"(peak {mib(after[1])}); {mib(before[0])} of it before opening the store (Python and imports), so the store "
        f"adds {mib(after[0] - before[0])}"
    )


async def _graphql_times(
    args: argparse.Namespace,
    client: httpx.AsyncClient,
    queries: Sequence[str],
    embed: Callable[[list[str]], Awaitable[list[list[float]]]],
) -> dict[str, tuple[list[float], list[float], list[float]]]:
    results: dict[str, tuple[list[float], list[float], list[float]]] = {}
    for mode in MODES:
        total: list[float] = []
        embedding: list[float] = []
        began = time.perf_counter()
        for i, query in enumerate(queries):
            spent = 0.0
            if mode != "sparse":
                start = time.perf_counter()
                await embed([query])
                spent = time.perf_counter() - start
            start = time.perf_counter()
            response = await client.post(
                "/graphql",
                json={
                    "query": SEARCH,
                    "variables": {"input": {"query": query, "mode": mode.upper(), "limit": args.limit}},
                },
            )
            took = time.perf_counter() - start
            body = response.json()
            if body.get("errors") or not body["data"]["search"]:
                raise RuntimeError(f"search {mode} {query!r}: {body}")
            if i < args.warmup:
                continue
            total.append(took)
            embedding.append(spent)
            if time.perf_counter() - began > args.case_seconds and len(total) >= 10:
                break
        results[mode] = (total, embedding, [t - e for t, e in zip(total, embedding, strict=True)])
    return results
