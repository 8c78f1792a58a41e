"""Keeping the index right: caller-supplied EMBEDDING content, reindex after switching embedders, the
contentStatus subscription, and metadata updates reaching filtered search."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app import create_app
from services.knowledge.minilm import MiniLMEmbedder
from services.knowledge.vectors import EdgeVectorStore, collection_name
from tests.conftest import GQL, running
from tests.fakes import ollama_embed
from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.resolvers.test_knowledge import SEARCH, add, wait_ready
from tests.resolvers.test_memory import remember

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

ADD_EMBEDDING = """mutation($input: AddEmbeddingInput!) { addEmbedding(input: $input) {
  __typename ... on ContentAdded { created ingestRunId content { id title mediaType status chunkCount embeddingModel mime } }
  ... on ValidationError { message field } } }"""
INDEX_STATUS = "{ indexStatus { embeddingModel contents staleContents memories staleMemories } }"


@pytest.fixture
def embed_host() -> Iterator[str]:
    with ollama_embed.running(Script(models=["nomic-embed-text"])) as host:
        yield host


async def test_caller_supplied_embeddings_are_searchable_at_once(make_settings: Any) -> None:
    async with running(make_settings()) as (app, gql):
        embedder = app.state.services.knowledge.embedder()
        text = "Basalt columns form when thick lava flows cool and contract."
        vector = (await embedder.embed([text]))[0]
        added = (await gql(ADD_EMBEDDING, {"input": {"text": text, "vector": vector, "metadata": {"src": "geo"}}}))[
            "addEmbedding"
        ]
        content = added["content"]
        assert added["__typename"] == "ContentAdded" and added["created"] and added["ingestRunId"] is None
        assert (content["mediaType"], content["status"], content["chunkCount"]) == ("EMBEDDING", "READY", 1)
        assert content["embeddingModel"] == "local:all-minilm-l6-v2" and content["title"] == text
        for mode, query in (("DENSE", text), ("SPARSE", "basalt lava"), ("HYBRID", "basalt columns")):
            hits = (await gql(SEARCH, {"input": {"query": query, "mode": mode}}))["search"]
            assert hits and hits[0]["content"]["id"] == content["id"], mode
        filtered = await gql(
            SEARCH,
            {"input": {"query": "basalt", "mode": "SPARSE", "mediaTypes": ["EMBEDDING"], "metadata": {"src": "geo"}}},
        )
        assert len(filtered["search"]) == 1
        again = (await gql(ADD_EMBEDDING, {"input": {"text": text, "vector": vector}}))["addEmbedding"]
        assert again["created"] is False and again["content"]["id"] == content["id"]

        # Wrong dimension, non-finite or zero vectors, empty text: refused, nothing stored.
        for input_, field in (
            ({"text": text, "vector": [0.1, 0.2, 0.3]}, "vector"),
            ({"text": text, "vector": [0.0] * len(vector)}, "vector"),
            ({"text": "  ", "vector": vector}, "text"),
        ):
            refused = (await gql(ADD_EMBEDDING, {"input": input_}))["addEmbedding"]
            assert refused["__typename"] == "ValidationError" and refused["field"] == field, refused
            if field == "vector" and len(input_["vector"]) == 3:
                assert "has 3 dimensions" in refused["message"] and "384" in refused["message"]
        total = (await gql("{ contents { totalCount } }"))["contents"]["totalCount"]
        assert total == 1


async def test_switching_embedders_then_reindex(make_settings: Any, embed_host: str) -> None:
    settings = make_settings(
        models={"embedding": "ollama:nomic-embed-text"},
        providers={"ollama_host": embed_host},
        retrieval={"chunk_size": 48, "chunk_overlap": 8},
    )
    async with running(settings) as (_, gql):
        doc = await add(gql, "Tides", "Spring tides happen near new and full moon, when the sun and moon align.")
        assert (await wait_ready(gql, doc["content"]["id"]))["embeddingModel"] == "ollama:nomic-embed-text"
        agent = (await gql('mutation { createAgent(input: {name: "A"}) { ... on Agent { id } } }'))["createAgent"]["id"]
        await remember(gql, agent, "Neap tides are the weakest.")
        status = (await gql(INDEX_STATUS))["indexStatus"]
        assert status == {
            "embeddingModel": "ollama:nomic-embed-text",
            "contents": 1,
            "staleContents": 0,
            "memories": 1,
            "staleMemories": 0,
        }

        switched = await gql(
            'mutation { updateConfig(input: {models: {embedding: "local:all-minilm-l6-v2"}}) { __typename } }'
        )
        assert switched["updateConfig"]["__typename"] == "Config"
        status = (await gql(INDEX_STATUS))["indexStatus"]
        assert (status["staleContents"], status["staleMemories"]) == (1, 1)
        # The new model's space holds nothing yet: spaces are never mixed.
        assert (await gql(SEARCH, {"input": {"query": "spring tides", "mode": "SPARSE"}}))["search"] == []

        started = await gql("mutation { reindex { __typename ... on Run { id kind status model } } }")
        run = started["reindex"]
        assert (run["__typename"], run["kind"], run["model"]) == ("Run", "REINDEX", "local:all-minilm-l6-v2")
        for _ in range(600):
            state = (await gql("query($id: ID!) { run(id: $id) { status error } }", {"id": run["id"]}))["run"]
            if state["status"] not in ("QUEUED", "RUNNING"):
                break
            await asyncio.sleep(0.1)
        events = (
            await gql(
                "query($id: ID!) { runEventLog(runId: $id) { __typename ... on RunProgress { done total } ... on RunStatusChanged { status } } }",
                {"id": run["id"]},
            )
        )["runEventLog"]
        assert events[-1]["status"] == "SUCCEEDED"
        assert [e["done"] for e in events if e["__typename"] == "RunProgress"][-1] == 2
        status = (await gql(INDEX_STATUS))["indexStatus"]
        assert (status["staleContents"], status["staleMemories"]) == (0, 0)
        hits = (await gql(SEARCH, {"input": {"query": "spring tides moon", "mode": "HYBRID"}}))["search"]
        assert hits[0]["content"]["id"] == doc["content"]["id"]
        content = await gql("query($id: ID!) { content(id: $id) { embeddingModel } }", {"id": doc["content"]["id"]})
        assert content["content"]["embeddingModel"] == "local:all-minilm-l6-v2"
        found = await gql('{ searchMemories(input: {query: "neap tides", mode: DENSE}) { memory { text } } }')
        assert found["searchMemories"][0]["memory"]["text"] == "Neap tides are the weakest."


async def test_content_status_streams_progress_until_ready(make_settings: Any) -> None:
    settings = make_settings(retrieval={"chunk_size": 32, "chunk_overlap": 4})
    with serve(create_app(settings), lifespan="on") as live:
        async with httpx.AsyncClient(base_url=live, timeout=60) as http:
            gql = GQL(http)
            text = " ".join(f"Sentence {i} is about lighthouses and their keepers." for i in range(40))
            added = await add(gql, "Lighthouses", text)
            query = """subscription($id: ID!) { contentStatus(id: $id) {
              done total fraction ingestRunId content { status chunkCount error } } }"""
            async with graphql_ws(live) as ws:
                updates = [
                    p["data"]["contentStatus"] async for p in ws.subscribe(query, {"id": added["content"]["id"]})
                ]
            assert updates[0]["content"]["status"] in ("PENDING", "PROCESSING")
            assert all(u["ingestRunId"] == added["ingestRunId"] for u in updates)
            fractions = [u["fraction"] for u in updates[1:] if u["fraction"] is not None]
            assert fractions == sorted(fractions) and fractions[-1] == 1.0
            assert updates[-1]["content"]["status"] == "READY" and updates[-1]["content"]["chunkCount"] > 1
            # Once READY, a new subscription sends the state and completes.
            async with graphql_ws(live) as ws:
                late = [p["data"]["contentStatus"] async for p in ws.subscribe(query, {"id": added["content"]["id"]})]
            assert [u["content"]["status"] for u in late] == ["READY"]


async def test_metadata_updates_reach_filtered_search(make_settings: Any) -> None:
    async with running(make_settings()) as (_, gql):
        doc = await add(gql, "Owls", "Barn owls hunt by sound in complete darkness.", metadata={"shelf": "birds"})
        await wait_ready(gql, doc["content"]["id"])

        def where(shelf: str) -> dict[str, Any]:
            return {"input": {"query": "owls hunt", "mode": "SPARSE", "metadata": {"shelf": shelf}}}

        assert len((await gql(SEARCH, where("birds")))["search"]) == 1
        await gql(
            'mutation($id: ID!) { updateContent(id: $id, metadata: {shelf: "nocturnal"}) { __typename } }',
            {"id": doc["content"]["id"]},
        )
        assert (await gql(SEARCH, where("birds")))["search"] == []
        assert len((await gql(SEARCH, where("nocturnal")))["search"]) == 1


async def test_a_start_with_vectors_loads_the_embedder_and_opens_its_collection_before_any_search(
    make_settings: Any, tmp_path: Path
) -> None:
    settings = make_settings()
    async with running(settings) as (app, gql):
        doc = await add(gql, "Tides", "Spring tides happen near new and full moon, when the sun and moon align.")
        assert (await wait_ready(gql, doc["content"]["id"]))["status"] == "READY"
    async with running(settings) as (app, gql):
        knowledge = app.state.services.knowledge
        embedder = knowledge.embedder()
        assert isinstance(embedder, MiniLMEmbedder) and embedder._encoder is not None  # loaded, not on first use
        assert isinstance(knowledge.vectors, EdgeVectorStore)
        assert list(knowledge.vectors._shards) == [collection_name(embedder.name, 384)]  # the shard is open
    # A deployment without vectors loads nothing at start-up.
    async with running(make_settings(data_dir=tmp_path / "fresh")) as (app, gql):
        embedder = app.state.services.knowledge.embedder()
        assert isinstance(embedder, MiniLMEmbedder) and embedder._encoder is None
