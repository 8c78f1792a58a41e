"""Retrieval quality on a small labelled set: recall@5 of dense, sparse (BM25) and hybrid (RRF) search.

tests/data/retrieval_set.json holds one-chunk documents on varied topics, some sharing vocabulary, and
queries labelled with the documents that answer them: 'keyword' queries hinge on rare names and
identifiers (BM25's strength), 'semantic' ones paraphrase their document (the dense vectors' strength).
Everything is embedded once per module with the default embedder (all-MiniLM-L6-v2) into Qdrant Edge,
each query is run in each mode, and hybrid must recall at least as much as the better of the two modes it
fuses. Each mode must also clear a floor, so that a broken embedder, tokenizer or fusion fails here; for the
default embedder the floors are what it must reach: dense >= 0.86 and hybrid 1.00 (all-MiniLM-L6-v2 measured
dense 1.000, sparse 0.724, hybrid 1.000).
`pytest -s` prints the figures and a per-query breakdown.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from services.knowledge import sparse
from services.knowledge.minilm import MiniLMEmbedder
from services.knowledge.vectors import EdgeVectorStore, Mode, VectorPoint, VectorStore
from tests.paths import DATA as TEST_DATA

on_module_loop = pytest.mark.asyncio(loop_scope="module")  # the embedder and the results live for the module

DATA = TEST_DATA / "retrieval_set.json"
K = 5
MODES: tuple[Mode, ...] = ("dense", "sparse", "hybrid")
# Sparse: well above chance (recall@5 of a random ranking of the ~26 documents is about 0.2) and well below
# what BM25 reaches, so only a real breakage trips it. Dense and hybrid: what the default embedder must reach.
FLOORS: dict[Mode, float] = {"dense": 0.86, "sparse": 0.35, "hybrid": 1.0}


@dataclass(frozen=True)
class Query:
    text: str
    kind: str  # "keyword" or "semantic"
    relevant: frozenset[str]


@dataclass
class Results:
    queries: list[Query]
    ranked: dict[Mode, list[list[str]]]  # per mode, per query: the top-K document ids

    def recall(self, mode: Mode, kind: str | None = None) -> float:
        scores = [
            len(q.relevant & set(top)) / len(q.relevant)
            for q, top in zip(self.queries, self.ranked[mode], strict=True)
            if kind is None or q.kind == kind
        ]
        return sum(scores) / len(scores)

    def mrr(self, mode: Mode, kind: str | None = None) -> float:
        """Mean reciprocal rank of the first relevant hit within the top K."""
        ranks = [
            next((1 / rank for rank, key in enumerate(top, 1) if key in q.relevant), 0.0)
            for q, top in zip(self.queries, self.ranked[mode], strict=True)
            if kind is None or q.kind == kind
        ]
        return sum(ranks) / len(ranks)

    def summary(self) -> str:
        lines = [f"recall@{K} over {len(self.queries)} queries (and MRR@{K}):"]
        for mode in MODES:
            by_kind = ", ".join(
                f"{kind} {self.recall(mode, kind):.3f} (MRR {self.mrr(mode, kind):.3f})"
                for kind in ("keyword", "semantic")
            )
            lines.append(f"  {mode:<7} {self.recall(mode):.3f}  ({by_kind}; MRR {self.mrr(mode):.3f})")
        lines.append("per query (relevant found by dense/sparse/hybrid; top hits of each mode):")
        for i, q in enumerate(self.queries):
            found = "/".join(str(len(q.relevant & set(self.ranked[m][i]))) for m in MODES)
            lines.append(f"  [{q.kind[:3]}] {found} of {len(q.relevant)}  {q.text!r} -> {sorted(q.relevant)}")
            for mode in MODES:
                lines.append(f"        {mode:<7} {self.ranked[mode][i]}")
        return "\n".join(lines)


def load() -> tuple[list[dict[str, str]], list[Query]]:
    data = json.loads(DATA.read_text())
    documents = data["documents"]
    queries = [Query(q["text"], q["kind"], frozenset(q["relevant"])) for q in data["queries"]]
    return documents, queries


def test_the_set_is_well_formed() -> None:
    documents, queries = load()
    ids = [d["id"] for d in documents]
    assert len(ids) == len(set(ids)) and 20 <= len(ids) <= 30
    assert 20 <= len(queries) <= 30
    assert {q.kind for q in queries} == {"keyword", "semantic"}
    for q in queries:
        assert q.relevant and q.relevant <= set(ids), q
    for d in documents:
        assert 30 <= len(d["text"].split()) <= 60, d["id"]


# -- fixtures ---------------------------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def embedder() -> AsyncIterator[MiniLMEmbedder]:
    local = MiniLMEmbedder()
    yield local
    await local.aclose()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def results(embedder: MiniLMEmbedder, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Results]:
    documents, queries = load()
    assert all(embedder.count_tokens(d["text"]) + 2 <= embedder.window for d in documents)  # each embedded whole
    # One embedding call for the documents and the queries together: the slow part, done once.
    vectors = await embedder.embed([d["text"] for d in documents] + [q.text for q in queries])
    doc_vectors, query_vectors = vectors[: len(documents)], vectors[len(documents) :]

    store = EdgeVectorStore(tmp_path_factory.mktemp("vectors"))
    try:
        name = VectorStore.collection_name(embedder.name, len(doc_vectors[0]))
        await store.ensure_collection(name, len(doc_vectors[0]))
        payload: dict[str, Any] = {"owner_id": "alice", "agent_id": None, "media_type": "text/plain", "kind": "chunk"}
        await store.upsert(
            name,
            [
                VectorPoint(
                    str(uuid.uuid4()),
                    vector,
                    sparse.document_vector(d["text"]),
                    payload | {"content_id": d["id"], "index": 0, "text": d["text"]},
                )
                for d, vector in zip(documents, doc_vectors, strict=True)
            ],
        )
        ranked: dict[Mode, list[list[str]]] = {mode: [] for mode in MODES}
        for q, dense in zip(queries, query_vectors, strict=True):
            for mode in MODES:
                hits = await store.search(
                    name,
                    mode=mode,
                    dense=dense if mode != "sparse" else None,
                    sparse=sparse.query_vector(q.text) if mode != "dense" else None,
                    owner_id="alice",
                    kind="chunk",
                    limit=K,
                )
                ranked[mode].append([h.payload["content_id"] for h in hits])
    finally:
        await store.aclose()
    found = Results(queries, ranked)
    print("\n" + found.summary())
    yield found


# -- the measurements ---------------------------------------------------------------------------------


@on_module_loop
@pytest.mark.parametrize("mode", MODES)
async def test_each_mode_clears_its_floor(results: Results, mode: Mode) -> None:
    recall = results.recall(mode)
    assert recall >= FLOORS[mode], f"{mode} recall@{K} {recall:.3f} < {FLOORS[mode]}\n{results.summary()}"


@on_module_loop
async def test_hybrid_recalls_at_least_as_much_as_either_mode_alone(results: Results) -> None:
    dense, sparse_, hybrid = (results.recall(mode) for mode in MODES)
    figures = f"recall@{K}: dense {dense:.3f}, sparse {sparse_:.3f}, hybrid {hybrid:.3f}"
    assert hybrid >= max(dense, sparse_), f"{figures}\n{results.summary()}"


@on_module_loop
async def test_each_mode_is_strong_where_it_should_be(results: Results) -> None:
    # BM25 ranks rare names and identifiers first (all-MiniLM-L6-v2 finds them all too, by recall@5, but lower
    # down); dense finds paraphrases that BM25 mostly cannot.
    summary = results.summary()
    assert results.recall("sparse", "keyword") >= results.recall("dense", "keyword"), summary
    assert results.mrr("sparse", "keyword") > results.mrr("dense", "keyword"), summary
    assert results.recall("dense", "semantic") > results.recall("sparse", "semantic"), summary
