"""Knowledge benchmark: embedding throughput, ingestion (direct and through the app), search latency at 1k/10k chunks.

    .venv/bin/python bench/knowledge_bench.py [--throughput-texts 64] [--batches 1,4,16,64] [--gemma-texts 4]
        [--ingest-chunks 64] [--pdf-pages 100] [--pdf-words 50000] [--sizes 1000,10000] [--queries 100]
        [--case-seconds 15] [--pool 8] [--no-unfiltered] [--qdrant-url URL] [--corpus-dir DIR] [--model-file PATH]
        [--seed 7]

Prints figures, asserts nothing; the defaults take about 6 minutes on 2 cores. Everything runs in this process;
Qdrant is embedded (local mode) in temporary folders unless --qdrant-url points at a server (the bench's
collections there are deleted at the end). Before Gemma is loaded, a child process embeds one text with it: if
llama.cpp dies there (a natively built llama.cpp on a CPU that reports AMX in a VM that does not enable it),
every llama.cpp model in this process is loaded without extra buffer types.

0. Embedding throughput: the default embedder (`local:all-minilm-l6-v2`, numpy, the app's defaults: half the
   cores) embeds --throughput-texts chunks of a generated document, cut for it as ingestion cuts them (its own
   tokenizer, its window), in calls of each of --batches texts; then `local:gemma-3-270m` (llama.cpp, the app's
   defaults) embeds --gemma-texts of its own chunks (0 skips it: ~40 model tokens/s). Model tokens count the
   special tokens each model adds. Per case: wall seconds, model tokens/s, and tokens per CPU second of this
   process (less sensitive to other work on the machine than wall time).
1. Ingestion, direct: --ingest-chunks chunks of a generated document, cut with the default retrieval settings
   for the default embedder, embedded in batches of `ingest.BATCH` as the ingest run does, given BM25 vectors
   (`sparse.document_vector`) and upserted with `VectorStore.upsert`. Then the same chunks again with their
   embeddings already known: what the embedding cache saves (the cache's own SQL lookup is not in it).
2. Search: for each of --sizes, a collection of generated chunk texts (realistic BM25 statistics: Zipf-
   weighted topical vocabulary, shared filler words, a long tail of codes and numbers) with REAL sparse
   vectors and SYNTHETIC dense vectors: each is a vector from a pool of real embeddings of generated chunks
   (the chunks from part 1, topped up to --pool) plus Gaussian noise, renormalised. --queries generated queries
   are embedded by the real embedder (timed: the fixed per-query cost of DENSE and HYBRID) and their BM25 query
   vectors built (timed); then `VectorStore.search` is timed per mode with the app's filters (owner,
   kind=chunk) and without any (--no-unfiltered skips those), each case ending after --case-seconds (at least
   10 queries). The corpora live in --corpus-dir (default /dev/shm): embedded Qdrant commits every upserted
   point to SQLite, tens of points per second on a slow disk, and searches in memory wherever its folder is.
   The end-to-end estimate is, per query, query vector(s) + store search; the percentiles are of that sum.
3. Ingestion, end to end (--pdf-pages 0 skips it): the real app (SQLite and embedded Qdrant in a temporary
   folder, embedder and Qdrant opened beforehand), a generated --pdf-pages-page PDF of about --pdf-words words
   (fpdf2) sent through `uploadContent` (GraphQL multipart) -> content READY, polled every 50 ms, with the
   run's legs (queued, extract + chunk, embed, write) from its progress events; then the same text in a PDF
   with another title (new bytes, the same chunks), so every embedding is a cache hit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import itertools
import json
import os
import platform
import random
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

from services.knowledge import sparse  # noqa: E402
from services.knowledge.chunk_sizing import chunk_sizing  # noqa: E402
from services.knowledge.chunking import Chunk, chunk_text  # noqa: E402
from services.knowledge.embed import Embedder, LocalEmbedder  # noqa: E402
from services.knowledge.ingest import BATCH  # noqa: E402
from services.knowledge.minilm import MiniLMEmbedder  # noqa: E402
from services.knowledge.vectors import Mode, VectorPoint, VectorStore  # noqa: E402
from services.providers.local import BUILTIN_FILE, BUILTIN_MODEL, assemble_builtin  # noqa: E402
from services.settings import RetrievalSettings  # noqa: E402

T = TypeVar("T")
GEMMA_NAME = f"local:{BUILTIN_MODEL}"
OWNER = "bench-owner"
CHUNKS_PER_DOC = 20  # corpus chunks share a content_id in runs of this many, like real documents
NOISE = 0.5  # norm of the Gaussian noise added to a pool vector (before renormalising): cosine ~0.9 to it
MODES: tuple[Mode, ...] = ("dense", "sparse", "hybrid")

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


def chunks_of(text: str, embedder: Embedder) -> list[Chunk]:
    """Chunks as an ingest run cuts them for `embedder` with the default retrieval settings."""
    retrieval = RetrievalSettings()
    sizing = chunk_sizing(embedder, retrieval.chunk_size, retrieval.chunk_overlap)
    return chunk_text(text, size=sizing.size, overlap=sizing.overlap, count_tokens=sizing.count_tokens)


def document_with_chunks(gen: TextGenerator, count: int, embedder: Embedder) -> tuple[str, list[Chunk]]:
    """A generated document that chunks into `count` chunks for `embedder` (cut after the last one's end)."""
    text = gen.document(words=count * 200 + 400)
    chunks = chunks_of(text, embedder)
    while len(chunks) < count:
        text += "\n\n" + gen.document(words=(count - len(chunks)) * 200 + 400)
        chunks = chunks_of(text, embedder)
    text = text[: chunks[count - 1].end]
    return text, chunks_of(text, embedder)


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
    """The --qdrant-url server, or embedded Qdrant in a fresh folder under `base`, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="qdrant-", dir=base) as folder:
        store = VectorStore(url=args.qdrant_url) if args.qdrant_url else VectorStore(path=Path(folder))
        try:
            yield store
        finally:
            await store.aclose()


async def drop(store: VectorStore, name: str) -> None:
    # VectorStore has no collection delete (the app never drops one); the bench cleans up a server itself.
    with contextlib.suppress(Exception):
        await store._client.delete_collection(name)


def model_tokens(embedder: Embedder, texts: Sequence[str]) -> Awaitable[list[int]]:
    """Tokens each text costs the model, its own special tokens included (counted off the event loop: Gemma counts
    on its worker thread), at most its window (longer texts are cut)."""
    window = embedder.window or 1 << 30
    return asyncio.to_thread(lambda: [min(window, embedder.count_tokens(t) + embedder.special_tokens) for t in texts])


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


# -- 0. embedding throughput --------------------------------------------------------------------------------


async def throughput(embedder: Embedder, texts: list[str], batch: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, model tokens) to embed `texts` in calls of `batch`."""
    tokens = sum(await model_tokens(embedder, texts))
    wall, cpu = time.perf_counter(), time.process_time()
    for at in range(0, len(texts), batch):
        await embedder.embed(texts[at : at + batch])
    return time.perf_counter() - wall, time.process_time() - cpu, tokens


async def embedding_throughput(
    args: argparse.Namespace, gen: TextGenerator, minilm: Embedder, gemma: Embedder | None
) -> None:
    print("\n0. Embedding throughput (texts: generated chunks, cut for each model as ingestion cuts them)")
    header = f"   {'embedder':<26}{'batch':>6}{'texts':>7}{'tokens':>8}{'seconds':>9}{'tokens/s':>10}{'per CPU s':>11}"
    print(header)
    cases: list[tuple[Embedder, list[int], int]] = [
        (minilm, [int(b) for b in args.batches.split(",") if b.strip()], args.throughput_texts)
    ]
    if gemma is not None and args.gemma_texts > 0:
        cases.append((gemma, [min(args.gemma_texts, BATCH)], args.gemma_texts))
    for embedder, batches, count in cases:
        texts = [c.text for c in document_with_chunks(gen, count, embedder)[1]][:count]
        await embedder.embed(texts[:1])  # warm: the model is loaded and its first pass done before timing
        for batch in batches:
            wall, cpu, tokens = await throughput(embedder, texts, batch)
            used = " (ingest)" if batch == min(BATCH, len(texts)) else ""
            print(
                f"   {embedder.name:<26}{batch:>6}{len(texts):>7}{tokens:>8}{wall:9.2f}{tokens / wall:10.0f}"
                f"{tokens / cpu:11.0f}{used}"
            )
    print(
        f"   batch: texts per embed call (ingestion sends {BATCH}); tokens: model tokens, special tokens included;\n"
        "   per CPU s: tokens per CPU second of this whole process (the event loop included)"
    )


# -- 1. direct ingestion --------------------------------------------------------------------------------------


async def ingest_direct(
    args: argparse.Namespace, gen: TextGenerator, embedder: Embedder, folder: Path, dim: int
) -> tuple[list[str], list[list[float]]]:
    """Part 1; returns the chunk texts and their real embeddings (the pool for part 2)."""
    print(f"\n1. Ingestion, direct ({args.ingest_chunks} chunks of a generated document)")
    if args.ingest_chunks <= 0:
        print("   skipped (--ingest-chunks 0)")
        return [], []
    _, chunks = document_with_chunks(gen, args.ingest_chunks, embedder)
    texts = [c.text for c in chunks]
    real = await model_tokens(embedder, texts)
    retrieval = RetrievalSettings()
    sizing = chunk_sizing(embedder, retrieval.chunk_size, retrieval.chunk_overlap)
    print(
        f"   chunk_text size {sizing.size} overlap {sizing.overlap} ({embedder.name}'s tokenizer): {len(texts)} "
        f"chunks, {np.mean(real):.0f} model tokens per chunk on average ({np.mean([len(t) for t in texts]):.0f} "
        "characters)"
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
        (f"embed ({type(embedder).__name__}.embed, batches of {BATCH})", embedded - start),
        ("BM25 vectors (sparse.document_vector)", vectored - embedded),
        ("upsert (VectorStore.upsert, wait=True)", done - vectored),
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


# -- 3. end-to-end ingestion through the app ----------------------------------------------------------------

UPLOAD = """mutation($file: Upload!, $input: UploadContentInput) { uploadContent(file: $file, input: $input) {
  __typename ... on ContentAdded { ingestRunId content { id status } } ... on Error { message } } }"""
STATUS = "query($id: ID!) { content(id: $id) { status error chunkCount embeddingModel } }"
RUN = """query($id: ID!) { run(id: $id) { status result createdAt startedAt finishedAt } runEventLog(runId: $id) {
  __typename ... on RunProgress { at done total message } } }"""


def generated_pdf(text: str, pages: int, title: str) -> bytes:
    """`text` over `pages` pages of a PDF (fpdf2, core Helvetica: the generated text is ASCII)."""
    from fpdf import FPDF

    words = text.split(" ")
    per_page = -(-len(words) // pages)
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_font("helvetica", size=9)
    pdf.set_auto_page_break(False)
    for at in range(0, len(words), per_page):
        pdf.add_page()
        pdf.multi_cell(0, 3.6, " ".join(words[at : at + per_page]))
    return bytes(pdf.output())


def seconds_between(start: str | None, end: str | None) -> float:
    if not start or not end:
        return float("nan")
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


async def ingest_app(args: argparse.Namespace, gen: TextGenerator, folder: Path) -> None:
    print(f"\n3. Ingestion, end to end through the app ({args.pdf_pages}-page PDF, SQLite + embedded Qdrant)")
    if args.pdf_pages <= 0:
        print("   skipped (--pdf-pages 0)")
        return
    from app import create_app
    from services.settings import load_settings

    for variable in [v for v in os.environ if v.upper().startswith("SWITCHBOARD_")]:
        del os.environ[variable]  # the developer's own settings must not change what is measured
    data_dir = folder / "app"
    settings = load_settings(data_dir=data_dir, database_url=f"sqlite+aiosqlite:///{data_dir / 'switchboard.db'}")
    text = " ".join(gen.document(words=args.pdf_words).split())  # one flowing text; the PDF breaks it in lines
    (cold_pdf, warm_pdf), built = await timed(
        lambda: asyncio.to_thread(
            lambda: [generated_pdf(text, args.pdf_pages, title) for title in ("Bench report", "Bench report, again")]
        )
    )
    print(
        f"   PDF: {args.pdf_pages} pages, {len(text.split())} words, {len(cold_pdf) / 1e6:.2f} MB (generated in "
        f"{built / 2:.1f} s each, not counted)"
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        knowledge = application.state.services.knowledge
        embedder = knowledge.embedder()
        _, load = await timed(lambda: knowledge.collection(embedder))  # loads the model, opens Qdrant
        print(f"   app's embedder ({embedder.name}) loaded and Qdrant opened beforehand in {load:.2f} s (not counted)")
        transport = httpx.ASGITransport(app=application, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=120) as client:

            async def gql(query: str, variables: dict[str, Any]) -> dict[str, Any]:
                body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
                if body.get("errors"):
                    raise RuntimeError(body["errors"])
                return dict(body["data"])

            async def ingest(pdf: bytes) -> tuple[float, dict[str, Any], dict[str, Any]]:
                start = time.perf_counter()
                operations = json.dumps({"query": UPLOAD, "variables": {"file": None, "input": None}})
                response = await client.post(
                    "/graphql",
                    data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
                    files={"0": ("bench.pdf", pdf, "application/pdf")},
                    headers={"apollo-require-preflight": "true"},
                )
                added = response.json()["data"]["uploadContent"]
                if added["__typename"] != "ContentAdded":
                    raise RuntimeError(added)
                deadline = start + args.e2e_timeout
                while time.perf_counter() < deadline:
                    status = (await gql(STATUS, {"id": added["content"]["id"]}))["content"]
                    if status["status"] in ("READY", "FAILED", "CANCELLED"):
                        break
                    await asyncio.sleep(0.05)
                else:
                    raise RuntimeError(f"not READY after {args.e2e_timeout} s")
                wall = time.perf_counter() - start
                while True:  # the content is READY a moment before its run is marked finished
                    found = await gql(RUN, {"id": added["ingestRunId"]})
                    if found["run"]["finishedAt"] or time.perf_counter() > deadline:
                        return wall, status, found
                    await asyncio.sleep(0.05)

            print(f"   {'case':<40}{'seconds':>9}{'chunks/s':>10}  status, chunks, cached embeddings; legs (s)")
            for title, pdf in (("cold", cold_pdf), ("again, embeddings cached", warm_pdf)):
                cpu = time.process_time()
                wall, status, found = await ingest(pdf)
                cpu = time.process_time() - cpu
                run, log = found["run"], [e for e in found["runEventLog"] if e["__typename"] == "RunProgress"]
                count = status["chunkCount"] or 0
                chunked, embedded = (log[0]["at"], log[-1]["at"]) if log else (None, None)
                legs = (
                    f"queued {seconds_between(run['createdAt'], run['startedAt']):.2f}, "
                    f"extract + chunk {seconds_between(run['startedAt'], chunked):.2f}, "
                    f"embed {seconds_between(chunked, embedded):.2f}, "
                    f"write {seconds_between(embedded, run['finishedAt']):.2f}"
                )
                print(
                    f"   {'upload -> READY, ' + title:<40}{wall:9.2f}{rate(count, wall)}  {status['status']}, {count}, "
                    f"{(run.get('result') or {}).get('cachedEmbeddings')}; {legs}; {cpu:.1f} CPU s"
                    + (f" ({status['error']})" if status["error"] else "")
                )
            print(f"   ({len(text)} characters of text in the PDF; READY polled every 50 ms)")


# -- 2. search latency ----------------------------------------------------------------------------------------


async def search_times(
    args: argparse.Namespace,
    store: VectorStore,
    name: str,
    mode: Mode,
    owner: str | None,
    kind: str | None,
    query_dense: Sequence[list[float]],
    query_sparse: Sequence[Any],
) -> list[float]:
    """Seconds per `VectorStore.search` of each query after the warm-up ones, for at most --case-seconds."""
    times: list[float] = []
    hits = 0
    began = time.perf_counter()
    for i in range(len(query_dense)):
        start = time.perf_counter()
        found = await store.search(
            name,
            mode=mode,
            dense=query_dense[i] if mode != "sparse" else None,
            sparse=query_sparse[i] if mode != "dense" else None,
            owner_id=owner,
            kind=kind,
            limit=args.limit,
        )
        end = time.perf_counter()
        if i >= args.warmup:
            times.append(end - start)
            hits += len(found)
            if end - began > args.case_seconds and len(times) >= 10:
                break
    if hits < len(times) * args.limit:
        print(f"   note: {mode} returned {hits / len(times):.1f} hits per query on average (asked for {args.limit})")
    return times


async def search_latency(
    args: argparse.Namespace,
    gen: TextGenerator,
    embedder: Embedder,
    folder: Path,
    dim: int,
    pool_texts: list[str],
    pool: list[list[float]],
) -> None:
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"\n2. Search latency (sizes {', '.join(map(str, sizes))}; {args.queries} queries per mode)")
    if len(pool) < args.pool:
        extra = [c.text for c in document_with_chunks(gen, args.pool - len(pool), embedder)[1]][: args.pool - len(pool)]
        vectors, seconds = await timed(lambda: embedder.embed(extra))
        print(f"   embedded {len(extra)} more generated chunks for the dense pool in {seconds:.1f} s")
        pool_texts, pool = pool_texts + extra, pool + vectors
    base = np.asarray(pool, dtype=np.float32)
    print(
        f"   dense vectors: SYNTHETIC, each one of {len(base)} real chunk embeddings + Gaussian noise of norm "
        f"{NOISE}, renormalised; sparse vectors: REAL BM25 of generated chunk texts"
    )

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
        f"   query embedding (real {embedder.name}, one query per call): p50 {ms(pct(embed_times, 50)).strip()} ms, "
        f"p95 {ms(pct(embed_times, 95)).strip()} ms; BM25 query vector: p50 {pct(sparse_times, 50) * 1e6:.0f} us"
    )

    results: list[tuple[int, str, str, list[float], list[float]]] = []
    rng = np.random.default_rng(args.seed + 1)
    for size in sizes:
        texts: list[str] = []
        build_start = time.perf_counter()
        while len(texts) < size:
            texts += [c.text for c in chunks_of(gen.document(words=CHUNKS_PER_DOC * 200), embedder)][:CHUNKS_PER_DOC]
        texts = texts[:size]
        noise = rng.standard_normal((size, dim)).astype(np.float32)
        noise *= NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
        dense = base[np.arange(size) % len(base)] + noise
        dense /= np.linalg.norm(dense, axis=1, keepdims=True)
        points = points_for(texts, dense.tolist(), content_of=lambda i: f"bench-doc-{i // CHUNKS_PER_DOC}")
        built = time.perf_counter() - build_start
        name = f"chunks__bench_{size}__{dim}"
        async with vector_store(args, Path(args.corpus_dir) if args.corpus_dir else folder) as store:
            await drop(store, name)
            await store.ensure_collection(name, dim)
            start = time.perf_counter()
            await store.upsert(name, points)
            upsert = time.perf_counter() - start
            terms = len({i for p in points for i in p.sparse.indices})
            print(
                f"   {size} chunks: generated with BM25 vectors in {built:.1f} s ({terms} distinct terms, "
                f"{np.mean([len(p.sparse.indices) for p in points]):.0f} per chunk); upserted in {upsert:.1f} s "
                f"({size / upsert:.0f} points/s)"
            )
            filters = [("owner+kind", OWNER, "chunk")] + ([("none", None, None)] if args.unfiltered else [])
            for mode in MODES:
                for label, owner, kind in filters:
                    times = await search_times(args, store, name, mode, owner, kind, query_dense, query_sparse)
                    fixed = [0.0] * len(times)
                    if mode != "sparse":
                        fixed = [a + b for a, b in zip(fixed, embed_times, strict=False)]
                    if mode != "dense":
                        fixed = [a + b for a, b in zip(fixed, sparse_times, strict=False)]
                    total = [a + b for a, b in zip(fixed, times, strict=True)]
                    results.append((size, mode, label, times, total))
            await drop(store, name)

    print(f"\n   {'':38}{'store search (ms)':^27}  {'end-to-end estimate (ms)':^20}")
    header = f"{'chunks':>7} {'mode':<8}{'filter':<12}{'n':>5}{'p50':>9}{'p95':>9}{'mean':>9}     {'p50':>9}{'p95':>9}"
    print(f"   {header}")
    for size, mode, label, times, total in results:
        print(
            f"   {size:>7} {mode.upper():<8}{label:<12}{len(times):>5}{ms(pct(times, 50))} {ms(pct(times, 95))} "
            f"{ms(float(np.mean(times)))}    {ms(pct(total, 50))} {ms(pct(total, 95))}"
        )
    print(
        "   n: timed queries (each case stops after --case-seconds); filter owner+kind is what the app's search sends\n"
        "   end-to-end estimate = query embedding (DENSE, HYBRID) + BM25 query vector (SPARSE, HYBRID) + store search,"
        " per query;\n   the app's search adds a SQL read of the hit chunks and GraphQL on top"
    )


# -- main ---------------------------------------------------------------------------------------------------


async def gemma_embedder(args: argparse.Namespace, folder: Path) -> LocalEmbedder | None:
    """`local:gemma-3-270m` with the app's defaults, or None with --gemma-texts 0."""
    if args.gemma_texts <= 0:
        return None
    if args.model_file:
        model_file = Path(args.model_file)
    else:
        model_file, seconds = await timed(lambda: asyncio.to_thread(assemble_builtin, folder / "models" / BUILTIN_FILE))
        print(f"Gemma model file assembled from the installed package in {seconds:.1f} s")
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
    return LocalEmbedder(model_file, name=GEMMA_NAME)  # the app's defaults for the built-in model


async def run(args: argparse.Namespace) -> None:
    began = time.perf_counter()
    qdrant = f"server at {args.qdrant_url}" if args.qdrant_url else "embedded (local mode, temporary folder)"
    print(
        f"Knowledge benchmark, {datetime.now().isoformat(timespec='seconds')}; {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; Qdrant {qdrant}"
    )
    print(f"load average at the start {', '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)")
    gen = TextGenerator(args.seed)
    with tempfile.TemporaryDirectory(prefix="knowledge-bench-") as tmp:
        folder = Path(tmp)
        embedder = MiniLMEmbedder()  # the default embedder, with the app's defaults
        gemma = await gemma_embedder(args, folder)
        try:
            dim, load = await timed(embedder.dimension)
            print(
                f"default embedder {embedder.name}: dimension {dim}, window {embedder.window} tokens, "
                f"{embedder.threads} BLAS thread(s); loaded in {load:.2f} s (not counted below)"
            )
            if gemma is not None:
                _, load = await timed(gemma.dimension)
                print(
                    f"{gemma.name}: {gemma.threads} thread(s), {gemma.batch_size} texts per llama.cpp batch, context "
                    f"{gemma.context_tokens}; loaded in {load:.2f} s (not counted below)"
                )
            await embedding_throughput(args, gen, embedder, gemma)
            if gemma is not None:
                await gemma.aclose()  # frees its memory and thread before the rest
                gemma = None
            pool_texts, pool = await ingest_direct(args, gen, embedder, folder, dim)
            await search_latency(args, gen, embedder, folder, dim, pool_texts, pool)
        finally:
            await embedder.aclose()  # before part 3, so the app's own embedder has the cores to itself
            if gemma is not None:
                await gemma.aclose()
        try:
            await ingest_app(args, gen, folder)
        except Exception as exc:  # e.g. the app does not import mid-edit: keep the figures above
            print(f"   FAILED: {type(exc).__name__}: {exc}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\ndone in {time.perf_counter() - began:.0f} s; load average at the end {load} (1, 5, 15 min; 2 cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--throughput-texts", type=int, default=64, help="texts the default embedder embeds in part 0")
    parser.add_argument("--batches", default="1,4,16,64", help="texts per embed call for the default embedder, part 0")
    parser.add_argument("--gemma-texts", type=int, default=4, help="texts Gemma embeds in part 0 (0 skips)")
    parser.add_argument("--ingest-chunks", type=int, default=64, help="chunks embedded in part 1 (0 skips it)")
    parser.add_argument("--pdf-pages", type=int, default=100, help="pages of the PDF uploaded in part 3 (0 skips it)")
    parser.add_argument("--pdf-words", type=int, default=50_000, help="words in that PDF")
    parser.add_argument("--e2e-timeout", type=float, default=900.0, help="seconds to wait for READY in part 3")
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes in chunks for part 2 (empty skips)")
    parser.add_argument("--queries", type=int, default=100, help="timed queries per mode and size")
    parser.add_argument(
        "--case-seconds",
        type=float,
        default=15.0,
        help="end a (size, mode, filter) case after this long (min 10 queries)",
    )
    parser.add_argument(
        "--no-unfiltered", dest="unfiltered", action="store_false", help="skip the cases without the app's filters"
    )
    parser.add_argument("--warmup", type=int, default=5, help="untimed queries before them")
    parser.add_argument("--limit", type=int, default=5, help="hits per search (the app's default top_k is 5)")
    parser.add_argument("--pool", type=int, default=8, help="real embeddings the synthetic dense vectors come from")
    parser.add_argument("--qdrant-url", help="a Qdrant server instead of embedded Qdrant, e.g. http://127.0.0.1:6333")
    parser.add_argument(
        "--corpus-dir",
        default="/dev/shm" if os.access("/dev/shm", os.W_OK) else None,
        help="where embedded Qdrant keeps the search corpora (default /dev/shm: local mode commits every point to "
        "SQLite, ~60 points/s on this disk; its searches run in memory either way)",
    )
    parser.add_argument("--model-file", help="an assembled gemma-3-270m GGUF (default: assemble one, ~250 MB)")
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
