"""Knowledge benchmark: ingestion throughput with the local embedder, search latency of the vector stores at
10k/100k chunks, and search end to end through the app at 100k chunks.

    .venv/bin/python bench/knowledge_bench.py [--ingest-chunks 8] [--e2e-chunks 2] [--sizes 10000,100000]
        [--dim 384] [--queries 100] [--case-seconds 15] [--local-queries 5] [--scale-chunks 100000] [--pool 8]
        [--qdrant-url URL] [--corpus-dir DIR] [--model-file PATH] [--seed 7]

Prints figures, asserts nothing; the defaults take about 17 minutes on 2 cores. Everything but one probe
process runs in this process, in temporary folders; --qdrant-url adds a server to part 2 (the bench's
collections there are deleted at the end) and replaces Edge in part 1. Before anything, a child process embeds
one text: if llama.cpp dies there (a natively built llama.cpp on a CPU that reports AMX in a VM that does not
enable it), every model in this process is loaded without extra buffer types.

1. Ingestion, direct: a generated document is cut by `chunk_text` with the default retrieval settings
   (400 tokens, overlap 40, `word_tokens`), as `IngestHandler` does; its first --ingest-chunks chunks are
   embedded by the default `local:gemma-3-270m` LocalEmbedder (the app's defaults: half the cores,
   4 texts per llama.cpp batch) in batches of 16 as the ingest run does, given BM25 vectors
   (`sparse.document_vector`) and upserted with `VectorStore.upsert` (Qdrant Edge). Then the same chunks again
   with their embeddings already known: what the embedding cache saves (the cache's own SQL lookup is not in it).
2. Search, store only (bench/vector_search.py): for each of --sizes, generated chunk texts (realistic BM25
   statistics: Zipf-weighted topical vocabulary, shared filler words, a long tail of codes and numbers) with
   REAL sparse vectors and SYNTHETIC dense vectors of --dim dimensions (embedding 100k chunks would take days
   here): each is one of a pool of real embeddings of generated chunks (part 1's, topped up to --pool; randomly
   projected to --dim when the embedder has another dimension) plus Gaussian noise, renormalised. --queries
   generated queries are embedded by the real embedder (timed: the fixed per-query cost of DENSE and HYBRID)
   and their BM25 query vectors built (timed); then `VectorStore.search` is timed per mode with the app's
   filters (owner, kind=chunk) on Qdrant Edge (on disk) and on qdrant-client's local mode (in --corpus-dir,
   default /dev/shm: it commits every point to SQLite) in the same run, each case ending after --case-seconds
   (at least 10 queries); local mode past 10k chunks runs --local-queries per case (seconds each). The
   end-to-end estimate is, per query, query vector(s) + store search.
3. Ingestion, end to end (--e2e-chunks, 0 skips it): the real app (SQLite and Qdrant Edge in a temporary
   folder, model and store opened beforehand), `addText` -> content READY, polled every 20 ms; then the same
   text plus a newline (new bytes, the same chunks), so every embedding is a cache hit.
4. Search end to end at scale (--scale-chunks, 0 skips it; bench/vector_search.py): the real app holding that
   many chunks (database rows and Edge points, dense vectors of the app embedder's dimension) answers GraphQL
   `search` in each mode, with the query embedding timed apart for the split; then the Edge folder's size on
   disk and the resident memory of a fresh process that opens it and searches.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import itertools
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import llama_cpp
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.vector_search import CHUNKS_PER_DOC, OWNER, graphql_at_scale, store_latency  # noqa: E402
from services.knowledge import sparse  # noqa: E402
from services.knowledge.chunking import Chunk, chunk_text, word_tokens  # noqa: E402
from services.knowledge.embed import LocalEmbedder  # noqa: E402
from services.knowledge.ingest import BATCH  # noqa: E402
from services.knowledge.vectors import EdgeVectorStore, Mode, ServerVectorStore, VectorPoint, VectorStore  # noqa: E402
from services.providers.local import BUILTIN_FILE, BUILTIN_MODEL, assemble_builtin  # noqa: E402
from services.settings import RetrievalSettings, Settings  # noqa: E402

T = TypeVar("T")
EMBEDDER_NAME = f"local:{BUILTIN_MODEL}"

# -- a text generator with real term statistics --------------------------------------------------------

TOPICS = {
    "databases": """database table index query transaction replica shard schema migration backup snapshot
        column row cursor planner vacuum deadlock lock isolation commit rollback journal partition cluster
        primary foreign constraint trigger view cache latency throughput connection pool postgres sqlite
        replication failover checkpoint tablespace sequence""",
    "networking": """packet router switch firewall latency bandwidth protocol socket handshake certificate
        gateway subnet address port tunnel proxy balancer dns resolver timeout retransmission congestion
        window frame header payload encryption route vlan interface mtu jitter keepalive http tls websocket
        ingress egress mesh""",
    "finance": """revenue invoice budget forecast margin expense ledger account balance audit tax quarter
        dividend equity liability asset cashflow payroll vendor contract discount currency exchange rate
        interest loan credit debit statement reconciliation accrual depreciation subscription refund
        pricing profit""",
    "cooking": """recipe oven flour butter sugar garlic onion pepper salt sauce simmer boil roast bake dough
        yeast knife skillet broth spice herb basil thyme lemon olive vinegar marinade stew pastry fillet
        crust batter whisk caramel vanilla tomato mushroom noodle""",
    "astronomy": """telescope galaxy nebula planet orbit comet asteroid star supernova spectrum redshift
        gravity moon eclipse satellite observatory cluster quasar pulsar photon luminosity parallax
        magnitude exoplanet atmosphere crater solar lunar cosmic radiation horizon meteor aurora
        constellation zenith""",
    "medicine": """patient diagnosis symptom treatment dosage clinic nurse surgeon therapy vaccine antibody
        infection fever blood pressure heart lung kidney liver prescription trial placebo allergy chronic
        acute recovery scan imaging biopsy tumor insulin antibiotic immune pulse cardiology pharmacy
        rehabilitation""",
    "gardening": """soil compost seed seedling root leaf stem flower bloom prune mulch fertilizer weed
        harvest greenhouse trellis irrigation watering shade perennial annual bulb shrub hedge lawn orchard
        tomato pepper squash bean pollinator bee aphid frost spring cutting""",
    "law": """contract clause court judge appeal statute plaintiff defendant liability evidence testimony
        verdict jury settlement lawsuit counsel attorney regulation compliance licence patent trademark
        copyright damages injunction arbitration jurisdiction precedent warranty indemnity breach
        termination notice""",
}
ADJECTIVES = [
    "new",
    "old",
    "large",
    "small",
    "quick",
    "slow",
    "careful",
    "detailed",
    "simple",
    "complex",
    "stable",
    "reliable",
    "expensive",
    "cheap",
    "quiet",
    "busy",
    "early",
    "late",
    "final",
    "initial",
    "public",
    "private",
    "local",
    "remote",
    "main",
    "secondary",
    "recent",
    "annual",
    "weekly",
    "daily",
    "critical",
    "minor",
    "average",
    "typical",
    "unusual",
    "common",
    "rare",
    "strong",
    "weak",
]
VERBS = [
    "reviewed",
    "checked",
    "updated",
    "measured",
    "reported",
    "improved",
    "reduced",
    "increased",
    "described",
    "explained",
    "tested",
    "replaced",
    "moved",
    "compared",
    "prepared",
    "scheduled",
    "approved",
    "rejected",
    "documented",
    "tracked",
    "adjusted",
    "analysed",
    "recorded",
    "delivered",
    "confirmed",
]
FILLER = [
    "team",
    "week",
    "month",
    "year",
    "plan",
    "report",
    "result",
    "change",
    "issue",
    "step",
    "part",
    "process",
    "detail",
    "example",
    "note",
    "system",
    "method",
    "problem",
    "question",
    "answer",
    "reason",
    "summary",
    "record",
    "version",
    "list",
    "group",
    "level",
    "number",
]
PREPOSITIONS = ["in", "for", "with", "after", "before", "during", "without", "across", "under", "near"]
TEMPLATES = [
    "The {a} {n} was {v} {p} the {n2} by the {f}.",
    "Our {f} {v} the {a} {n} and the {n2} {p} the last {f2}.",
    "After the {n} {v}, the {a} {n2} needed a {a2} {f}.",
    "Each {f} {v} how the {n} and the {n2} behave {p} {a} conditions.",
    "A {a} {n} is {v} {p} every {f}, see {code}.",
    "Notes on the {n}: {n2}, {n3} and the {a} {f} were {v} ({num} in total).",
    "Why was the {n} {v} {p} the {a} {n2}? The {f} explains it.",
    "The {f} {v} {num} {n} items; the {a} {n2} stays {p} the {f2}.",
]


class TextGenerator:
    """Sentences from topical vocabularies, Zipf-weighted within each list: repeated terms, rare terms and a
    long tail of codes and numbers, so BM25's document frequencies look like a real corpus's."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.topics = {name: words.split() for name, words in TOPICS.items()}
        self.names = list(self.topics)
        self._weights: dict[int, list[float]] = {}

    def _pick(self, words: Sequence[str]) -> str:
        # Zipf over the list's order: the first words are common, the last rare.
        weights = self._weights.get(len(words))
        if weights is None:
            weights = self._weights[len(words)] = list(
                itertools.accumulate(1 / rank for rank in range(1, len(words) + 1))
            )
        return self.rng.choices(words, cum_weights=weights)[0]

    def _code(self) -> str:
        return f"{self.rng.choice(['INV', 'REQ', 'TKT', 'LOT', 'REF'])}-{self.rng.randint(10_000, 99_999)}"

    def sentence(self, topic: str) -> str:
        nouns = self.topics[topic]
        return self.rng.choice(TEMPLATES).format(
            a=self._pick(ADJECTIVES),
            a2=self._pick(ADJECTIVES),
            n=self._pick(nouns),
            n2=self._pick(nouns),
            n3=self._pick(nouns),
            v=self._pick(VERBS),
            p=self._pick(PREPOSITIONS),
            f=self._pick(FILLER),
            f2=self._pick(FILLER),
            code=self._code(),
            num=self.rng.randint(2, 500),
        )

    def paragraph(self, topic: str) -> str:
        return " ".join(self.sentence(topic) for _ in range(self.rng.randint(3, 7)))

    def document(self, words: int) -> str:
        """About `words` words in paragraphs, mostly on one topic with a few on a second one."""
        main, other = self.rng.sample(self.names, 2)
        paragraphs: list[str] = []
        count = 0
        while count < words:
            paragraph = self.paragraph(main if self.rng.random() < 0.8 else other)
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        return "\n\n".join(paragraphs)

    def query(self) -> str:
        topic = self.topics[self.rng.choice(self.names)]
        terms = [self._pick(topic) for _ in range(self.rng.randint(2, 4))]
        if self.rng.random() < 0.5:
            terms.insert(0, self._pick(ADJECTIVES))
        return " ".join(dict.fromkeys(terms))


def chunks_of(text: str) -> list[Chunk]:
    retrieval = RetrievalSettings()  # the defaults: what an ingest run uses unless configured otherwise
    return chunk_text(text, size=retrieval.chunk_size, overlap=retrieval.chunk_overlap, count_tokens=word_tokens)


def document_with_chunks(gen: TextGenerator, count: int) -> tuple[str, list[Chunk]]:
    """A generated document that chunks into `count` chunks (cut after the last one's end)."""
    text = gen.document(words=count * 320 + 400)
    chunks = chunks_of(text)
    while len(chunks) < count:
        text += "\n\n" + gen.document(words=(count - len(chunks)) * 320 + 400)
        chunks = chunks_of(text)
    text = text[: chunks[count - 1].end]
    return text, chunks_of(text)


# -- measuring ---------------------------------------------------------------------------------------------


async def timed(make: Callable[[], Awaitable[T]]) -> tuple[T, float]:
    start = time.perf_counter()
    value = await make()
    return value, time.perf_counter() - start


def pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:9.2f}" if seconds > 0 else "      inf"


def points_for(
    texts: Sequence[str], dense: Sequence[Sequence[float]], *, content_of: Callable[[int], str]
) -> list[VectorPoint]:
    """Points with the payload an ingest run writes (no text: the app keeps chunk text in its database)."""
    return [
        VectorPoint(
            id=str(uuid.uuid4()),
            dense=list(map(float, dense[i])),
            sparse=sparse.document_vector(text),
            payload={
                "owner_id": OWNER,
                "agent_id": None,
                "content_id": content_of(i),
                "media_type": "text/plain",
                "kind": "chunk",
                "meta": {},
                "index": i % CHUNKS_PER_DOC,
            },
        )
        for i, text in enumerate(texts)
    ]


@contextlib.asynccontextmanager
async def vector_store(args: argparse.Namespace, base: Path) -> AsyncIterator[VectorStore]:
    """The --qdrant-url server, or Qdrant Edge (the app's default) in a fresh folder under `base`, then removed."""
    with tempfile.TemporaryDirectory(prefix="vectors-", dir=base) as folder:
        store: VectorStore = (
            ServerVectorStore(url=args.qdrant_url) if args.qdrant_url else EdgeVectorStore(Path(folder))
        )
        try:
            yield store
        finally:
            await store.aclose()


async def drop(store: VectorStore, name: str) -> None:
    # VectorStore has no collection delete (the app never drops one); the bench cleans up a server itself.
    if isinstance(store, ServerVectorStore):
        with contextlib.suppress(Exception):
            await store._client.delete_collection(name)


def model_tokens(embedder: LocalEmbedder, texts: Sequence[str]) -> Awaitable[list[int]]:
    """Real token counts, on the embedder's own worker thread (a llama.cpp model is not thread-safe)."""

    def count() -> list[int]:
        llm = embedder._model()
        return [len(llm.tokenize(t.encode(), add_bos=True)) for t in texts]

    return embedder._run(count)


PROBE = """
import sys, llama_cpp
llm = llama_cpp.Llama(model_path=sys.argv[1], embedding=True, pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN,
                      n_ctx=256, n_batch=256, n_ubatch=256, n_threads=1, verbose=False)
llm.embed(["probe"])
"""


def embedding_crashes(model_file: Path) -> str | None:
    """Why a one-text embedding in a child process died, or None when it worked.

    On a CPU that reports AMX inside a VM that does not enable it, a natively built llama.cpp puts the weights
    in its AMX buffer type and dies on the first `ldtilecfg` (SIGSEGV in ggml_backend_amx_mul_mat)."""
    result = subprocess.run([sys.executable, "-c", PROBE, str(model_file)], capture_output=True, timeout=600)
    if result.returncode == 0:
        return None
    if result.returncode < 0:
        return f"killed by {signal.Signals(-result.returncode).name}"
    tail = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
    return f"exit code {result.returncode}: {tail[0][:200]}"


def without_extra_buffer_types() -> None:
    """Every llama.cpp model loaded from now on in this process (the bench's and the app's) keeps its weights
    in plain CPU buffers: no AMX or repacked ones. Slower where those work; here they do not."""
    original = llama_cpp.llama_cpp.llama_model_default_params

    def defaults() -> Any:
        params = original()
        params.use_extra_bufts = False
        return params

    llama_cpp.llama_cpp.llama_model_default_params = defaults  # what llama_cpp.Llama calls


# -- 1. direct ingestion --------------------------------------------------------------------------------------


async def ingest_direct(
    args: argparse.Namespace, gen: TextGenerator, embedder: LocalEmbedder, folder: Path, dim: int
) -> tuple[list[str], list[list[float]]]:
    """Part 1; returns the chunk texts and their real embeddings (the pool for part 2)."""
    print(f"\n1. Ingestion, direct ({args.ingest_chunks} chunks of a generated document)")
    if args.ingest_chunks <= 0:
        print("   skipped (--ingest-chunks 0)")
        return [], []
    _, chunks = document_with_chunks(gen, args.ingest_chunks)
    texts = [c.text for c in chunks]
    real = await model_tokens(embedder, texts)
    retrieval = RetrievalSettings()
    print(
        f"   chunk_text size {retrieval.chunk_size} overlap {retrieval.chunk_overlap} (word_tokens): {len(texts)} "
        f"chunks, {np.mean([c.tokens for c in chunks]):.0f} estimated / {np.mean(real):.0f} model tokens "
        f"per chunk on average ({np.mean([len(t) for t in texts]):.0f} characters)"
    )
    name = f"chunks__bench_ingest__{dim}"
    async with vector_store(args, folder) as store:
        await drop(store, name)
        await store.ensure_collection(name, dim)
        start = time.perf_counter()
        vectors: list[list[float]] = []
        for at in range(0, len(texts), BATCH):
            vectors += await embedder.embed(texts[at : at + BATCH])
        embedded = time.perf_counter()
        points = points_for(texts, vectors, content_of=lambda i: "bench-ingest")
        vectored = time.perf_counter()
        await store.upsert(name, points)
        done = time.perf_counter()

        # Re-ingestion with every embedding known: the cache hit path, minus the cache's SQL lookup.
        cache = {hashlib.sha256(t.encode()).hexdigest(): v for t, v in zip(texts, vectors, strict=True)}
        again_start = time.perf_counter()
        known = [cache[hashlib.sha256(t.encode()).hexdigest()] for t in texts]
        again_points = points_for(texts, known, content_of=lambda i: "bench-ingest-again")
        again_vectored = time.perf_counter()
        await store.upsert(name, again_points)
        again_done = time.perf_counter()
        await drop(store, name)

    n = len(texts)
    print(f"   {'phase':<44}{'seconds':>9}{'chunks/s':>10}")
    rows = [
        ("embed (LocalEmbedder.embed, batches of 16)", embedded - start),
        ("BM25 vectors (sparse.document_vector)", vectored - embedded),
        ("upsert (VectorStore.upsert, durable)", done - vectored),
        ("total, cold (nothing cached)", done - start),
        ("re-ingest, embeddings known: BM25 vectors", again_vectored - again_start),
        ("re-ingest, embeddings known: upsert", again_done - again_vectored),
        ("re-ingest, embeddings known: total", again_done - again_start),
    ]
    for label, seconds in rows:
        print(f"   {label:<44}{seconds:9.3f}{rate(n, seconds)}")
    tokens = sum(real)
    print(
        f"   embedder: {n / (embedded - start):.2f} texts/s, {tokens / (embedded - start):.0f} model tokens/s; "
        f"cold ingestion is {100 * (embedded - start) / (done - start):.1f}% embedding"
    )
    return texts, vectors


def app_settings(data_dir: Path, model_file: Path) -> Settings:
    """The app's default settings on a fresh data dir (SQLite, Qdrant Edge) with the model file in place."""
    from services.settings import load_settings

    for variable in [v for v in os.environ if v.upper().startswith("SWITCHBOARD_")]:
        del os.environ[variable]  # the developer's own settings must not change what is measured
    (data_dir / "models").mkdir(parents=True)
    target = data_dir / "models" / BUILTIN_FILE
    try:
        os.link(model_file, target)
    except OSError:
        shutil.copyfile(model_file, target)
    return load_settings(data_dir=data_dir, database_url=f"sqlite+aiosqlite:///{data_dir / 'switchboard.db'}")


# -- 3. end-to-end ingestion through the app ----------------------------------------------------------------

ADD = """mutation($input: AddTextInput!) { addText(input: $input) {
  __typename ... on ContentAdded { ingestRunId content { id status } } ... on Error { message } } }"""
STATUS = "query($id: ID!) { content(id: $id) { status error chunkCount embeddingModel } }"
RUN = "query($id: ID!) { run(id: $id) { status result } }"


async def ingest_app(args: argparse.Namespace, gen: TextGenerator, folder: Path, model_file: Path) -> None:
    print(f"\n3. Ingestion, end to end through the app ({args.e2e_chunks} chunks, SQLite + Qdrant Edge)")
    if args.e2e_chunks <= 0:
        print("   skipped (--e2e-chunks 0)")
        return
    from app import create_app

    settings = app_settings(folder / "app", model_file)
    text, chunks = document_with_chunks(gen, args.e2e_chunks)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        knowledge = application.state.services.knowledge
        embedder = knowledge.embedder()
        _, load = await timed(lambda: knowledge.collection(embedder))  # loads the model, opens Qdrant
        print(f"   app's embedder loaded and Qdrant opened beforehand in {load:.2f} s (not counted below)")
        transport = httpx.ASGITransport(app=application, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=60) as client:

            async def gql(query: str, variables: dict[str, Any]) -> dict[str, Any]:
                body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
                if body.get("errors"):
                    raise RuntimeError(body["errors"])
                return dict(body["data"])

            async def ingest(title: str, body: str) -> tuple[float, dict[str, Any], dict[str, Any]]:
                start = time.perf_counter()
                added = (await gql(ADD, {"input": {"title": title, "text": body}}))["addText"]
                if added["__typename"] != "ContentAdded":
                    raise RuntimeError(added)
                deadline = start + args.e2e_timeout
                while time.perf_counter() < deadline:
                    status = (await gql(STATUS, {"id": added["content"]["id"]}))["content"]
                    if status["status"] in ("READY", "FAILED", "CANCELLED"):
                        break
                    await asyncio.sleep(0.02)
                else:
                    raise RuntimeError(f"{title}: not READY after {args.e2e_timeout} s")
                wall = time.perf_counter() - start
                run = (await gql(RUN, {"id": added["ingestRunId"]}))["run"]
                return wall, status, run

            print(f"   {'case':<44}{'seconds':>9}{'chunks/s':>10}  status, chunks, cached embeddings")
            for title, body in (("cold", text), ("again, embeddings cached", text + "\n")):
                wall, status, run = await ingest(title, body)
                result = run.get("result") or {}
                count = status["chunkCount"] or 0
                print(
                    f"   {'addText -> READY, ' + title:<44}{wall:9.3f}{rate(count, wall)}  {status['status']}, "
                    f"{count}, {result.get('cachedEmbeddings')}" + (f" ({status['error']})" if status["error"] else "")
                )
            print(f"   (the document chunks into {len(chunks)} chunks when cut directly; READY polled every 20 ms)")


# -- 2. search latency ----------------------------------------------------------------------------------------


def corpus_texts(gen: TextGenerator, size: int) -> list[str]:
    """`size` generated chunk texts, CHUNKS_PER_DOC consecutive ones from each generated document."""
    texts: list[str] = []
    while len(texts) < size:
        texts += [c.text for c in chunks_of(gen.document(words=CHUNKS_PER_DOC * 300))][:CHUNKS_PER_DOC]
    return texts[:size]


async def search_latency(
    args: argparse.Namespace,
    gen: TextGenerator,
    embedder: LocalEmbedder,
    folder: Path,
    dim: int,
    pool_texts: list[str],
    pool: list[list[float]],
) -> tuple[dict[int, list[str]], np.ndarray, list[str]]:
    """Part 2: real query and pool embeddings here, the stores in bench/vector_search.py. Returns the corpus texts
    by size, the pool of real embeddings and the queries, for part 4."""
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"\n2. Search latency, store only (sizes {', '.join(map(str, sizes))}; {args.queries} queries per mode)")
    if len(pool) < args.pool:
        extra = [c.text for c in document_with_chunks(gen, args.pool - len(pool))[1]][: args.pool - len(pool)]
        vectors, seconds = await timed(lambda: embedder.embed(extra))
        print(f"   embedded {len(extra)} more generated chunks for the dense pool in {seconds:.1f} s")
        pool_texts, pool = pool_texts + extra, pool + vectors

    queries = [gen.query() for _ in range(args.queries + args.warmup)]
    embed_times: list[float] = []
    query_dense: list[list[float]] = []
    for q in queries:
        (vector,), seconds = await timed(lambda q=q: embedder.embed([q]))
        query_dense.append(vector)
        embed_times.append(seconds)
    sparse_times: list[float] = []
    query_sparse = []
    for q in queries:
        start = time.perf_counter()
        query_sparse.append(sparse.query_vector(q))
        sparse_times.append(time.perf_counter() - start)
    embed_times, sparse_times = embed_times[args.warmup :], sparse_times[args.warmup :]
    print(f'   queries: generated, 2-5 topical terms, e.g. "{queries[0]}", "{queries[1]}"')
    print(
        f"   query embedding (real LocalEmbedder, one query per call): p50 {ms(pct(embed_times, 50)).strip()} ms, "
        f"p95 {ms(pct(embed_times, 95)).strip()} ms; BM25 query vector: p50 {pct(sparse_times, 50) * 1e6:.0f} us"
    )

    def fixed_cost(mode: Mode) -> list[float]:
        """Per timed query: what the app spends before the store (query embedding, BM25 query vector)."""
        costs = [0.0] * len(embed_times)
        if mode != "sparse":
            costs = [a + b for a, b in zip(costs, embed_times, strict=True)]
        if mode != "dense":
            costs = [a + b for a, b in zip(costs, sparse_times, strict=True)]
        return costs

    texts: dict[int, list[str]] = {}

    def texts_for(size: int) -> list[str]:
        texts[size] = corpus_texts(gen, size)
        return texts[size]

    base = np.asarray(pool, dtype=np.float32)
    await store_latency(args, folder, texts_for, base, query_dense, query_sparse, fixed_cost)
    return texts, base, queries


async def search_at_scale(
    args: argparse.Namespace,
    gen: TextGenerator,
    folder: Path,
    model_file: Path,
    texts: dict[int, list[str]],
    pool: np.ndarray,
    queries: list[str],
) -> None:
    """Part 4: GraphQL `search` through the app holding --scale-chunks chunks (bench/vector_search.py)."""
    print(f"\n4. Search end to end through the app at scale ({args.scale_chunks} chunks, SQLite + Qdrant Edge)")
    if args.scale_chunks <= 0 or len(pool) == 0 or not queries:
        print("   skipped (--scale-chunks 0, or part 2 skipped: it supplies the real embeddings and the queries)")
        return
    corpus = texts.get(args.scale_chunks) or corpus_texts(gen, args.scale_chunks)
    await graphql_at_scale(args, folder, lambda data_dir: app_settings(data_dir, model_file), corpus, pool, queries)


# -- main ---------------------------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> None:
    began = time.perf_counter()
    qdrant = "Edge and qdrant-client local mode" + (f", and a server at {args.qdrant_url}" if args.qdrant_url else "")
    print(
        f"Knowledge benchmark, {datetime.now().isoformat(timespec='seconds')}; {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; Qdrant {qdrant}"
    )
    print(f"load average at the start {', '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)")
    gen = TextGenerator(args.seed)
    with tempfile.TemporaryDirectory(prefix="knowledge-bench-") as tmp:
        folder = Path(tmp)
        if args.model_file:
            model_file = Path(args.model_file)
        else:
            model_file, seconds = await timed(
                lambda: asyncio.to_thread(assemble_builtin, folder / "models" / BUILTIN_FILE)
            )
            print(f"model file assembled from the installed package in {seconds:.1f} s")
        features = llama_cpp.llama_print_system_info().decode().replace(" = 1", "").split("|")
        print(f"llama-cpp-python {llama_cpp.__version__}: {' '.join(f.strip() for f in features if '=' not in f)}")
        crash = await asyncio.to_thread(embedding_crashes, model_file)
        if crash:
            without_extra_buffer_types()
            print(
                f"WARNING: llama.cpp embedding died in a probe process ({crash}); this bench loads every model\n"
                "  with use_extra_bufts=False (no AMX/repacked weight buffers), which works here; the app's\n"
                "  LocalEmbedder loads with llama.cpp's defaults and dies the same way here unless so patched"
            )
        embedder = LocalEmbedder(model_file, name=EMBEDDER_NAME)  # the app's defaults for the built-in model
        try:
            dim, load = await timed(embedder.dimension)
            _, warm = await timed(lambda: embedder.embed(["warm-up text for the embedder"]))
            print(
                f"embedder {EMBEDDER_NAME}: dimension {dim}, {embedder.threads} thread(s), {embedder.batch_size} texts "
                f"per llama.cpp batch, context {embedder.context_tokens}; loaded in {load:.2f} s, first embed "
                f"{warm * 1000:.0f} ms (neither counted below)"
            )
            pool_texts, pool = await ingest_direct(args, gen, embedder, folder, dim)
            texts, base, queries = await search_latency(args, gen, embedder, folder, dim, pool_texts, pool)
        finally:
            await embedder.aclose()  # before part 3, so the app's own embedder has the cores to itself
        try:
            await ingest_app(args, gen, folder, model_file)
        except Exception as exc:  # e.g. the app does not import mid-edit: keep the figures above
            print(f"   FAILED: {type(exc).__name__}: {exc}")
        try:
            await search_at_scale(args, gen, folder, model_file, texts, base, queries)
        except Exception as exc:
            print(f"   FAILED: {type(exc).__name__}: {exc}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\ndone in {time.perf_counter() - began:.0f} s; load average at the end {load} (1, 5, 15 min; 2 cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ingest-chunks", type=int, default=8, help="chunks embedded in part 1 (0 skips it)")
    parser.add_argument("--e2e-chunks", type=int, default=2, help="chunks of the app's document in part 3 (0 skips)")
    parser.add_argument("--e2e-timeout", type=float, default=900.0, help="seconds to wait for READY in part 3")
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes in chunks for part 2 (empty skips)")
    parser.add_argument(
        "--dim",
        type=int,
        default=384,
        help="dense dimensions of part 2's corpora (real embeddings of another dimension are randomly projected to it)",
    )
    parser.add_argument(
        "--local-queries",
        type=int,
        default=5,
        help="timed queries per case for qdrant-client's local mode past 10k chunks (seconds per query)",
    )
    parser.add_argument("--scale-chunks", type=int, default=100_000, help="chunks the app holds in part 4 (0 skips)")
    parser.add_argument("--queries", type=int, default=100, help="timed queries per mode and size")
    parser.add_argument(
        "--case-seconds",
        type=float,
        default=15.0,
        help="end a (size, store, mode) case after this long (min 10 queries)",
    )
    parser.add_argument("--warmup", type=int, default=5, help="untimed queries before them")
    parser.add_argument("--limit", type=int, default=5, help="hits per search (the app's default top_k is 5)")
    parser.add_argument("--pool", type=int, default=8, help="real embeddings the synthetic dense vectors come from")
    parser.add_argument(
        "--qdrant-url",
        help="a Qdrant server, measured beside Edge and local mode in part 2, and "
        "used instead of Edge in part 1, e.g. http://127.0.0.1:6333",
    )
    parser.add_argument(
        "--corpus-dir",
        default="/dev/shm" if os.access("/dev/shm", os.W_OK) else None,
        help="where qdrant-client's local mode keeps part 2's corpora (default /dev/shm: it commits every point to "
        "SQLite, ~60 points/s on this disk; its searches run in memory either way). Edge's stay on disk",
    )
    parser.add_argument("--model-file", help="an assembled gemma-3-270m GGUF (default: assemble one, ~250 MB)")
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
