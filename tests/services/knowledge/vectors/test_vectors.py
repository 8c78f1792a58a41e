"""Embeddings, BM25 sparse vectors and the vector store on both backends, against the real model.

One local embedder (the bundled Gemma 3 270M, assembled once into a temporary folder) serves the
module, with a small context so the truncation test stays cheap; the corpus is embedded once and
upserted into a fresh store per test, once on Qdrant Edge (the embedded default) and once through
qdrant-client, whose local mode stands in for a Qdrant server (none can run here: the HTTP/gRPC
transport and server-side payload indexes stay untested). Ollama is exercised through the official
client against a loopback fake of /api/embed.
"""

from __future__ import annotations

import asyncio
import math
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from services.knowledge import sparse
from services.knowledge.embed import (
    Embedder,
    EmbeddingError,
    LocalEmbedder,
    OllamaEmbedder,
    assemble_builtin,
    make_embedder,
)
from services.knowledge.vectors import (
    EdgeVectorStore,
    Hit,
    Mode,
    ServerVectorStore,
    VectorPoint,
    VectorStore,
    VectorStoreError,
)
from services.providers.local import BUILTIN_FILE
from tests.fakes import Failure, Script, unused_port
from tests.fakes import ollama_embed as fake_embed

pytestmark = pytest.mark.asyncio(loop_scope="module")

CONTEXT = 64  # tokens: keeps the truncation test to two short forward passes
DIM = 640  # Gemma 3 270M's hidden size


@dataclass
class Doc:
    key: str
    owner: str
    texts: list[str]
    agent: str | None = None
    media_type: str = "text/plain"
    meta: dict[str, str] = field(default_factory=dict)
    kind: str = "chunk"


DOCS = [
    Doc(
        "revenue",
        "alice",
        [
            "The quarterly revenue report shows that sales grew twelve percent in Europe.",
            "Costs in Asia stayed flat while the marketing budget doubled.",
        ],
        agent="a1",
        meta={"team": "finance", "lang": "en"},
    ),
    Doc(
        "cat",
        "alice",
        ["Our cat sleeps on the warm windowsill every afternoon."],
        agent="a2",
        media_type="text/markdown",
    ),
    Doc(
        "install",
        "alice",
        ["Install the Zephyrine package with pip before running the database migration script."],
        agent="a1",
        media_type="application/pdf",
        meta={"team": "eng", "file.name": "setup.pdf"},
    ),
    Doc("snow", "alice", ["Snowy mountains make a winter hike beautiful but cold."]),
    Doc("recipe", "alice", ["Whisk the eggs with sugar, then fold in the flour to bake a sponge cake."]),
    Doc("memory", "alice", ["The user prefers green tea over coffee in the morning."], kind="memory"),
    # Bob's documents match the same queries at least as well as Alice's: a missing owner filter shows.
    Doc(
        "bob-install", "bob", ["Zephyrine install notes: the Zephyrine package needs pip and a migration."], agent="b1"
    ),
    Doc("bob-cat", "bob", ["My cat naps on the window ledge in the afternoon sun."], agent="b1"),
]


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def keys(hits: list[Hit]) -> list[str]:
    return [h.payload["key"] for h in hits]


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("knowledge")


@pytest.fixture(scope="module")
def model_file(data_dir: Path) -> Path:
    return assemble_builtin(data_dir / "models" / BUILTIN_FILE)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def embedder(model_file: Path) -> AsyncIterator[LocalEmbedder]:
    local = LocalEmbedder(model_file, name="local:gemma-3-270m", context_tokens=CONTEXT)
    yield local
    await local.aclose()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def corpus(embedder: LocalEmbedder) -> list[VectorPoint]:
    texts = [text for doc in DOCS for text in doc.texts]
    vectors = iter(await embedder.embed(texts))
    points = []
    for doc in DOCS:
        for index, text in enumerate(doc.texts):
            payload: dict[str, Any] = {"owner_id": doc.owner, "agent_id": doc.agent, "media_type": doc.media_type}
            payload |= {"kind": doc.kind}
            payload |= {"meta": doc.meta, "index": index, "key": doc.key, "text": text}
            payload |= {"memory_id": doc.key} if doc.kind == "memory" else {"content_id": doc.key}
            points.append(VectorPoint(str(uuid.uuid4()), next(vectors), sparse.document_vector(text), payload))
    return points


BACKENDS = ["edge", "server"]


def open_store(backend: str, path: Path) -> VectorStore:
    """Qdrant Edge, or qdrant-client (local mode standing in for a server) in `path`."""
    return EdgeVectorStore(path) if backend == "edge" else ServerVectorStore(path=path)


@dataclass
class Indexed:
    store: VectorStore
    name: str
    path: Path
    embedder: LocalEmbedder
    backend: str

    async def search(
        self, query: str, mode: Mode = "hybrid", *, owner_id: str | None = "alice", **filters: Any
    ) -> list[Hit]:
        dense = (await self.embedder.embed([query]))[0] if mode != "sparse" else None
        return await self.store.search(
            self.name,
            mode=mode,
            dense=dense,
            sparse=sparse.query_vector(query) if mode != "dense" else None,
            owner_id=owner_id,
            **filters,
        )


@pytest_asyncio.fixture(loop_scope="module", params=BACKENDS)
async def indexed(
    request: pytest.FixtureRequest, tmp_path: Path, corpus: list[VectorPoint], embedder: LocalEmbedder
) -> AsyncIterator[Indexed]:
    path = tmp_path / "vectors"
    store = open_store(request.param, path)
    name = VectorStore.collection_name(embedder.name, await embedder.dimension())
    await store.ensure_collection(name, DIM)
    await store.upsert(name, corpus)
    indexed = Indexed(store, name, path, embedder, request.param)
    yield indexed
    await indexed.store.aclose()


# -- embeddings ---------------------------------------------------------------------------------------


async def test_local_embeddings_have_a_fixed_dimension_and_unit_length(embedder: LocalEmbedder) -> None:
    assert isinstance(embedder, Embedder)
    assert await embedder.dimension() == DIM
    vectors = await embedder.embed(["short", "a somewhat longer sentence about nothing in particular", ""])
    assert [len(v) for v in vectors] == [DIM] * 3
    assert all(math.isclose(math.sqrt(sum(x * x for x in v)), 1.0, rel_tol=1e-6) for v in vectors)
    assert await embedder.embed([]) == []


async def test_similar_sentences_score_higher_than_unrelated_ones(embedder: LocalEmbedder) -> None:
    cat, kitten, revenue = await embedder.embed(
        ["The cat sat on the mat.", "A kitten is resting on a rug.", "Quarterly revenue grew by twelve percent."]
    )
    assert cosine(cat, kitten) > cosine(cat, revenue) + 0.1
    assert cosine(cat, kitten) > cosine(kitten, revenue) + 0.1


async def test_batched_and_concurrent_calls_match_single_ones(embedder: LocalEmbedder) -> None:
    texts = ["The cat sat on the mat.", "Install the package with pip.", "Snow on the mountains."]
    batched = await embedder.embed(texts)
    # Concurrent callers share the one worker thread; each gets its own text's vector back.
    singles = await asyncio.gather(*(embedder.embed([t]) for t in texts))
    for one, [alone] in zip(batched, singles, strict=True):
        assert cosine(one, alone) > 0.999  # sequences in one llama.cpp batch do not see each other


async def test_text_beyond_the_context_is_truncated_by_tokens(embedder: LocalEmbedder) -> None:
    prefix = " ".join(f"item{i} follows" for i in range(CONTEXT))  # well over CONTEXT tokens
    first = await embedder.embed([prefix + " and the ending is about cats"])
    second = await embedder.embed([prefix + " but the ending is about quarterly taxes"])
    assert len(first[0]) == DIM
    assert first == second  # everything after the first CONTEXT tokens is cut before the model sees it
    short_a, short_b = await embedder.embed(["about cats", "about quarterly taxes"])
    assert short_a != short_b


async def test_missing_or_closed_local_models_raise_embedding_errors(tmp_path: Path) -> None:
    missing = LocalEmbedder(tmp_path / "nope.gguf")
    assert missing.name == "local:nope"
    with pytest.raises(EmbeddingError, match="model file not found"):
        await missing.embed(["x"])
    await missing.aclose()
    with pytest.raises(EmbeddingError, match="closed"):
        await missing.embed(["x"])


async def test_make_embedder_parses_provider_and_model(
    data_dir: Path, embedder: LocalEmbedder, model_file: Path
) -> None:
    builtin = make_embedder("local:gemma-3-270m", data_dir=data_dir, ollama_host="http://127.0.0.1:1")
    try:
        assert isinstance(builtin, LocalEmbedder) and builtin.name == "local:gemma-3-270m"
        # The lazily assembled file in data_dir/models is the same model the module embedder uses.
        [vector] = await builtin.embed(["hello there"])
        [expected] = await embedder.embed(["hello there"])
        assert cosine(vector, expected) > 0.999
    finally:
        await builtin.aclose()

    other = make_embedder("local:mine", data_dir=data_dir, ollama_host="x", local_models={"mine": str(model_file)})
    assert isinstance(other, LocalEmbedder) and other.name == "local:mine"
    remote = make_embedder("ollama:nomic-embed-text", data_dir=data_dir, ollama_host="http://127.0.0.1:1")
    assert isinstance(remote, OllamaEmbedder) and remote.name == "ollama:nomic-embed-text"
    await other.aclose()
    await remote.aclose()
    for bad, message in [
        ("gemma-3-270m", "must be 'provider:model'"),
        ("local:", "must be 'provider:model'"),
        (
            "local:unknown",
            "unknown local embedding model 'local:unknown'; available: local:all-minilm-l6-v2, local:gemma",
        ),
        ("openai:text-embedding-3-small", "unknown embedding provider 'openai'"),
    ]:
        with pytest.raises(ValueError, match=message):
            make_embedder(bad, data_dir=data_dir, ollama_host="x")


# -- Ollama through the official client ----------------------------------------------------------------


async def test_ollama_embedder_batches_through_the_official_client() -> None:
    script = Script(models=["nomic-embed-text"])
    with fake_embed.running(script) as host:
        ollama = OllamaEmbedder(host, "nomic-embed-text", batch_size=2)
        try:
            texts = ["alpha", "beta", "gamma"]
            vectors = await ollama.embed(texts)
            assert vectors == [pytest.approx(fake_embed.vector(t)) for t in texts]
            assert await ollama.dimension() == fake_embed.DIMENSION  # known from the embedding, no probe
            assert [r.body["input"] for r in script.requests] == [["alpha", "beta"], ["gamma"]]
            assert {r.body["model"] for r in script.requests} == {"nomic-embed-text"}
            assert await ollama.embed(["alpha"]) == vectors[:1]  # deterministic
        finally:
            await ollama.aclose()


async def test_ollama_errors_become_embedding_errors() -> None:
    script = Script(models=["nomic-embed-text"], failures=[Failure(500, message="runner crashed")])
    with fake_embed.running(script) as host:
        known = OllamaEmbedder(host, "nomic-embed-text")
        unknown = OllamaEmbedder(host, "missing-model")
        try:
            with pytest.raises(EmbeddingError, match="500: runner crashed"):
                await known.embed(["x"])
            assert await known.dimension() == fake_embed.DIMENSION  # probed: the failure was used up
            with pytest.raises(EmbeddingError, match=r"ollama:missing-model: model not found .* pull it first"):
                await unknown.embed(["x"])
        finally:
            await known.aclose()
            await unknown.aclose()

    host = f"http://127.0.0.1:{unused_port()}"
    refused = OllamaEmbedder(host, "nomic-embed-text")
    try:
        with pytest.raises(
            EmbeddingError, match=re.escape(f"cannot connect to Ollama at {host}; is it running?")
        ) as caught:
            await refused.embed(["x"])
        assert caught.value.message == str(caught.value)
    finally:
        await refused.aclose()


# -- BM25 sparse vectors --------------------------------------------------------------------------------


async def test_bm25_vectors_are_stable_and_saturating() -> None:
    text = "Install the Zephyrine package; the Zephyrine installer needs pip."
    assert sparse.document_vector(text) == sparse.document_vector(text)
    # A fixed hash, not Python's per-process salted hash(): this value holds in every process.
    assert sparse.term_index("zephyrine") == sparse.term_index("zephyrine") == 999154437
    assert sparse.tokenize("The Café, a naïve_test of X and 東京!") == ["café", "naïve", "test", "東京"]

    vector = sparse.document_vector(text)
    weights = dict(zip(vector.indices, vector.values, strict=True))
    assert set(weights) == {
        sparse.term_index(t) for t in ["install", "zephyrine", "package", "installer", "needs", "pip"]
    }
    assert weights[sparse.term_index("zephyrine")] > weights[sparse.term_index("pip")]  # tf 2 beats tf 1 ...
    assert all(0 < w < sparse.K1 + 1 for w in weights.values())  # ... but saturates below k1 + 1
    longer = sparse.document_vector(text + " " + " ".join(f"filler{i}" for i in range(300)))
    long_weights = dict(zip(longer.indices, longer.values, strict=True))
    assert long_weights[sparse.term_index("pip")] < weights[sparse.term_index("pip")]  # length normalisation

    query = sparse.query_vector("zephyrine Zephyrine the pip")
    assert sorted(query.indices) == sorted({sparse.term_index("zephyrine"), sparse.term_index("pip")})
    assert query.values == [1.0, 1.0]
    assert sparse.query_vector("the and of").indices == []


# -- the vector store ------------------------------------------------------------------------------------


async def test_collection_names_are_stable_and_sanitised() -> None:
    assert VectorStore.collection_name("local:gemma-3-270m", 640) == "chunks__local_gemma-3-270m__640"
    assert (
        VectorStore.collection_name("ollama:nomic-embed-text:latest", 768)
        == "chunks__ollama_nomic-embed-text_latest__768"
    )
    assert VectorStore.collection_name("ollama:library/x y", 8) == "chunks__ollama_library_x_y__8"
    long = VectorStore.collection_name("ollama:" + "m" * 300, 8)
    assert len(long) < 200 and long == VectorStore.collection_name("ollama:" + "m" * 300, 8)
    assert long != VectorStore.collection_name("ollama:" + "m" * 301, 8)


async def test_each_mode_finds_the_expected_document(indexed: Indexed) -> None:
    # Keyword: a made-up word only BM25 can know.
    assert keys(await indexed.search("Zephyrine", "sparse"))[:1] == ["install"]
    # Paraphrases sharing no word with their document: only the dense vectors can find them.
    assert keys(await indexed.search("a kitten napping by the window", "dense"))[:1] == ["cat"]
    assert keys(await indexed.search("setting up the software", "dense"))[:1] == ["install"]
    assert await indexed.search("a kitten napping by the window", "sparse") == []
    # Hybrid (RRF over a dense and a sparse prefetch) finds both kinds of query.
    assert keys(await indexed.search("Zephyrine package", "hybrid"))[:1] == ["install"]
    assert keys(await indexed.search("a kitten napping by the window", "hybrid"))[:1] == ["cat"]
    hits = await indexed.search("Zephyrine package", "hybrid")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].payload["text"].startswith("Install the Zephyrine package")
    uuid.UUID(hits[0].id)


@pytest.mark.parametrize("mode", ["dense", "sparse", "hybrid"])
async def test_the_owner_filter_never_returns_another_owners_points(indexed: Indexed, mode: Mode) -> None:
    owned = {owner: {d.key for d in DOCS if d.owner == owner} for owner in ("alice", "bob")}
    for query in ["Zephyrine package install", "my cat naps by the window"]:
        for owner, own_keys in owned.items():
            hits = await indexed.search(query, mode, owner_id=owner, limit=20)
            assert hits, (query, owner)
            assert {h.payload["owner_id"] for h in hits} == {owner}
            assert set(keys(hits)) <= own_keys
        everyone = await indexed.search(query, mode, owner_id=None, limit=20)  # an admin's search
        assert {h.payload["owner_id"] for h in everyone} == {"alice", "bob"}


async def test_agent_media_type_metadata_and_kind_filters(indexed: Indexed) -> None:
    query = "a kitten napping by the window"
    assert set(keys(await indexed.search(query, agent_ids=["a1"], limit=20))) == {"revenue", "install"}
    assert set(keys(await indexed.search(query, agent_ids=["a1", "a2"], limit=20))) == {"revenue", "cat", "install"}
    assert await indexed.search(query, agent_ids=[]) == []
    assert keys(await indexed.search(query, media_types=["application/pdf"], limit=20)) == ["install"]
    assert set(keys(await indexed.search(query, media_types=["text/markdown", "application/pdf"], limit=20))) == {
        "cat",
        "install",
    }
    assert keys(await indexed.search(query, metadata={"team": "finance"}, limit=20)) == ["revenue", "revenue"]
    assert keys(await indexed.search(query, metadata={"team": "finance", "lang": "de"}, limit=20)) == []
    assert keys(await indexed.search(query, metadata={"file.name": "setup.pdf"}, limit=20)) == ["install"]
    assert keys(await indexed.search("tea or coffee", kind="memory", limit=20)) == ["memory"]
    assert "memory" not in keys(await indexed.search("tea or coffee", kind="chunk", limit=20))
    # Filters narrow the owner's points; they never widen past them.
    assert await indexed.search("Zephyrine", owner_id="bob", metadata={"team": "eng"}) == []
    assert keys(await indexed.search("Zephyrine", "sparse", owner_id="bob", agent_ids=["b1"])) == ["bob-install"]


async def test_delete_where_removes_exactly_one_contents_points(indexed: Indexed) -> None:
    store, name = indexed.store, indexed.name
    total, bob = await store.count_where(name), await store.count_where(name, owner_id="bob")
    assert (total, await store.count_where(name, owner_id="alice"), bob) == (9, 7, 2)
    assert await store.count_where(name, content_id="revenue") == 2

    await store.delete_where(name, content_id="revenue")
    assert await store.count_where(name, content_id="revenue") == 0
    assert await store.count_where(name) == total - 2
    assert await store.count_where(name, content_id="install") == 1
    assert await store.count_where(name, owner_id="bob") == bob
    assert "revenue" not in keys(await indexed.search("sales report", limit=20))

    await store.delete_where(name, memory_ids=["memory"])
    assert await indexed.search("tea or coffee", kind="memory") == []
    assert await store.count_where(name) == total - 3
    with pytest.raises(ValueError, match="content_id or memory_id"):
        await store.delete_where(name)  # never "delete everything" by omission


async def test_a_missing_collection_holds_nothing(indexed: Indexed) -> None:
    store, missing = indexed.store, VectorStore.collection_name("ollama:never-used", 3)
    dense, query = [1.0, 0.0, 0.0], sparse.query_vector("anything")
    modes: list[Mode] = ["dense", "sparse", "hybrid"]
    for mode in modes:
        assert await store.search(missing, mode=mode, dense=dense, sparse=query, owner_id="alice") == []
    assert await store.count_where(missing) == 0
    await store.delete_where(missing, content_id="revenue")
    assert await store.collection_names() == [indexed.name]


async def test_ensure_collection_is_idempotent_and_the_index_persists(indexed: Indexed) -> None:
    store, name = indexed.store, indexed.name
    before = await store.count_where(name)
    await store.ensure_collection(name, DIM)
    assert await store.count_where(name) == before
    await store.aclose()  # releases the folder lock

    reopened = open_store(indexed.backend, indexed.path)
    try:
        await reopened.ensure_collection(name, DIM)
        assert await reopened.count_where(name) == before
        indexed.store = reopened
        assert keys(await indexed.search("Zephyrine", "sparse"))[:1] == ["install"]
    finally:
        await reopened.aclose()


async def test_an_embedded_store_is_one_process_only(indexed: Indexed) -> None:
    # The lock is per open file, so a second store even in this process is refused like another process.
    with pytest.raises(VectorStoreError, match="SWITCHBOARD_QDRANT_URL"):
        open_store(indexed.backend, indexed.path)
    with pytest.raises(ValueError, match="exactly one"):
        ServerVectorStore()
    with pytest.raises(ValueError, match="exactly one"):
        ServerVectorStore(url="http://127.0.0.1:6333", path=indexed.path)
