"""Ingestion and search end to end with Ollama embeddings: the app's INGEST runs and `search` through the
official client against the wire-faithful fake /api/embed (tests/fakes/ollama_embed.py).

The fake's vectors are a hash of the text, so a query equal to a chunk's text finds exactly that chunk
with a cosine of 1: that checks the stored dense vectors are Ollama's, for the right chunk, in order.
"""

from __future__ import annotations

import asyncio
import base64
import math
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col
from starlette.applications import Starlette

from services.db.models import Chunk
from services.knowledge.chunking import chunk_text, word_tokens
from services.knowledge.ingest import BATCH
from services.knowledge.vectors import VectorStore
from tests.conftest import GQL, running
from tests.fakes import Failure, RecordedRequest, Script
from tests.fakes import ollama_embed as fake_embed

pytestmark = pytest.mark.parametrize(
    "database_url", ["sqlite"], indirect=True
)  # the embedder and the index, not the database, are under test

MODEL = "nomic-embed-text"
EMBEDDING = f"ollama:{MODEL}"
RETRIEVAL = {"chunk_size": 32, "chunk_overlap": 4}
# Long enough for more chunks than one ingestion batch holds, so the batches show on the wire.
BRIDGES = " ".join(
    f"Bridge {i} over the Vltava was rebuilt in stone after the flood of {1800 + 7 * i}, and its tolls paid for it."
    for i in range(30)
)
ZORKMID = "The zorkmid is the currency of the Great Underground Empire in an old text adventure."
ADD = """mutation($input: AddTextInput!) { addText(input: $input) {
  __typename ... on ContentAdded { ingestRunId content { id status } } ... on Error { message } } }"""
STATUS = "query($id: ID!) { content(id: $id) { status error chunkCount embeddingModel } }"
SEARCH = """query($input: SearchInput!) { search(input: $input) { score text chunkIndex content { id title } } }"""
RUN = "query($id: ID!) { run(id: $id) { status error model } }"


@pytest.fixture
def script() -> Script:
    return Script(models=[MODEL])


def embed_requests(script: Script) -> list[RecordedRequest]:
    return [r for r in script.requests if r.path == "/api/embed"]


def settings_for(make_settings: Any, host: str, embedding: str = EMBEDDING) -> Any:
    return make_settings(
        models={"embedding": embedding},
        providers={"ollama_host": host},
        retrieval=RETRIEVAL,
    )


def raw_id(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


async def chunk_texts(app: Starlette, content_global_id: str) -> list[str]:
    async with app.state.services.db() as session:
        rows = await session.scalars(
            select(Chunk).where(col(Chunk.content_id) == raw_id(content_global_id)).order_by(col(Chunk.idx))
        )
        return [c.text for c in rows]


async def vectors_of(app: Starlette, content_global_id: str) -> int:
    """Points of this content in every collection, whatever the model."""
    store: VectorStore = app.state.services.knowledge.vectors
    content_id = raw_id(content_global_id)
    return sum([await store.count_where(name, content_id=content_id) for name in await store.collection_names()])


async def add(gql: GQL, title: str, text: str) -> dict[str, Any]:
    result = (await gql(ADD, {"input": {"title": title, "text": text}}))["addText"]
    assert result["__typename"] == "ContentAdded", result
    return dict(result)


async def wait_done(gql: GQL, added: dict[str, Any]) -> dict[str, Any]:
    """The content's status once its ingestion has ended: the content's state and its INGEST run's. The handler
    writes the content's end before the scheduler writes the run's, so both are waited for (the fake answers at
    once: seconds at most)."""
    for _ in range(300):
        status = (await gql(STATUS, {"id": added["content"]["id"]}))["content"]
        run = (await gql(RUN, {"id": added["ingestRunId"]}))["run"]
        if status["status"] in ("READY", "FAILED", "CANCELLED") and run["status"] not in ("QUEUED", "RUNNING"):
            return dict(status)
        await asyncio.sleep(0.05)
    raise AssertionError(f"content {added['content']['id']} did not finish ingesting")


async def search(gql: GQL, query: str, mode: str, limit: int = 5) -> list[dict[str, Any]]:
    return list((await gql(SEARCH, {"input": {"query": query, "mode": mode, "limit": limit}}))["search"])


@pytest.fixture
def host(script: Script) -> Iterator[str]:
    with fake_embed.running(script) as base_url:
        yield base_url


async def test_ingest_embeds_in_batches_through_ollama_and_search_finds_it(
    make_settings: Any, script: Script, host: str
) -> None:
    async with running(settings_for(make_settings, host)) as (app, gql):
        bridges = await add(gql, "Bridges", BRIDGES)
        status = await wait_done(gql, bridges)
        assert status["status"] == "READY", status
        assert status["error"] is None and status["embeddingModel"] == EMBEDDING
        texts = await chunk_texts(app, bridges["content"]["id"])
        assert status["chunkCount"] == len(texts) > BATCH  # more than one batch

        # Every chunk went to Ollama exactly once, in order, in batches of the ingestion's size.
        requests = embed_requests(script)
        assert all(r.method == "POST" and r.body["model"] == MODEL and r.body["truncate"] is True for r in requests)
        inputs = [r.body["input"] for r in requests]
        assert [len(batch) for batch in inputs] == [len(texts[s : s + BATCH]) for s in range(0, len(texts), BATCH)]
        assert [text for batch in inputs for text in batch] == texts
        assert len(requests) == math.ceil(len(texts) / BATCH) < len(texts)

        # The vectors live in the model's own collection, one point per chunk.
        name = VectorStore.collection_name(EMBEDDING, fake_embed.DIMENSION)
        assert name in await app.state.services.knowledge.vectors.collection_names()
        assert await vectors_of(app, bridges["content"]["id"]) == len(texts)
        run = (await gql(RUN, {"id": bridges["ingestRunId"]}))["run"]
        assert run == {"status": "SUCCEEDED", "error": None, "model": EMBEDDING}

        zorkmid = await add(gql, "Zorkmid", ZORKMID)
        assert (await wait_done(gql, zorkmid))["chunkCount"] == 1
        before = len(embed_requests(script))

        # Dense: a chunk's own text embeds to that chunk's stored vector, so it comes first with a cosine of 1.
        asked = [texts[0], texts[len(texts) // 2], texts[-1]]
        for query in asked:
            hits = await search(gql, query, "DENSE")
            assert hits[0]["content"]["title"] == "Bridges" and hits[0]["chunkIndex"] == texts.index(query), hits
            assert hits[0]["score"] == pytest.approx(1.0, abs=1e-5)
            assert hits[1]["score"] < 0.999
        # Hybrid: the fake's vectors carry no meaning, so BM25 has to find it; RRF keeps it first.
        asked.append("zorkmid currency")
        hits = await search(gql, asked[-1], "HYBRID")
        assert hits[0]["content"]["title"] == "Zorkmid" and hits[0]["text"] == ZORKMID, hits
        asked.append(texts[3])
        hits = await search(gql, asked[-1], "HYBRID")
        assert hits[0]["content"]["title"] == "Bridges" and hits[0]["chunkIndex"] == 3, hits
        # Each dense or hybrid search embedded just its query, with the same model.
        queries = embed_requests(script)[before:]
        assert [r.body["input"] for r in queries] == [[query] for query in asked]
        assert {r.body["model"] for r in queries} == {MODEL}


async def test_an_unknown_ollama_model_fails_the_ingestion_with_no_vectors(
    make_settings: Any, script: Script, host: str
) -> None:
    async with running(settings_for(make_settings, host, "ollama:all-minilm")) as (app, gql):
        added = await add(gql, "Bridges", BRIDGES)
        status = await wait_done(gql, added)
        message = f"ollama:all-minilm: model not found on {host}; pull it first"
        assert status == {"status": "FAILED", "error": message, "chunkCount": None, "embeddingModel": None}
        run = (await gql(RUN, {"id": added["ingestRunId"]}))["run"]
        assert run == {"status": "FAILED", "error": message, "model": "ollama:all-minilm"}
        # Ollama was asked (and answered 404 with its JSON error); nothing reached the index.
        requests = embed_requests(script)
        assert requests and {r.body["model"] for r in requests} == {"all-minilm"}
        assert await vectors_of(app, added["content"]["id"]) == 0
        assert await chunk_texts(app, added["content"]["id"]) == []


async def test_an_ollama_error_part_way_leaves_the_content_failed_with_no_vectors(
    make_settings: Any, script: Script
) -> None:
    # The first batch is embedded, the second fails: nothing of the first may stay behind.
    script.failures = [Failure(500, message="llama runner process has terminated: signal: killed")]
    with fake_embed.running(script, failures_after=1) as host:
        async with running(settings_for(make_settings, host)) as (app, gql):
            added = await add(gql, "Bridges", BRIDGES)
            status = await wait_done(gql, added)
            message = f"{EMBEDDING}: Ollama answered 500: llama runner process has terminated: signal: killed"
            assert status == {"status": "FAILED", "error": message, "chunkCount": None, "embeddingModel": None}
            assert (await gql(RUN, {"id": added["ingestRunId"]}))["run"]["status"] == "FAILED"
            chunks = chunk_text(
                BRIDGES, size=RETRIEVAL["chunk_size"], overlap=RETRIEVAL["chunk_overlap"], count_tokens=word_tokens
            )
            # The first batch went through, the second was the one that failed; no third was sent.
            sizes = [len(r.body["input"]) for r in embed_requests(script)]
            assert sizes == [BATCH, min(BATCH, len(chunks) - BATCH)]
            assert await vectors_of(app, added["content"]["id"]) == 0
            assert await chunk_texts(app, added["content"]["id"]) == []
            for mode in ("SPARSE", "HYBRID"):
                assert await search(gql, "Vltava bridge flood tolls", mode) == [], mode
            status = (await gql(STATUS, {"id": added["content"]["id"]}))["content"]
            assert status["status"] == "FAILED"
