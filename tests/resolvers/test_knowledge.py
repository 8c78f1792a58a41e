"""Ingestion runs and search end to end with embedded Qdrant and the real local embedder."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.applications import Starlette

from services.db.models import Content
from services.knowledge.vectors import VectorStore
from tests.conftest import GQL, register, running
from tests.resolvers.test_dataloaders import count_statements

pytestmark = pytest.mark.parametrize(
    "database_url", ["sqlite"], indirect=True
)  # the index, not the database, is under test

ADD = """mutation($input: AddTextInput!) { addText(input: $input) {
  __typename ... on ContentAdded { ingestRunId content { id status } } ... on Error { message } } }"""
SEARCH = """query($input: SearchInput!) { search(input: $input) { score text chunkIndex content { id title } } }"""
STATUS = "query($id: ID!) { content(id: $id) { status error chunkCount embeddingModel } }"


async def add(gql: GQL, title: str, text: str, **extra: Any) -> dict[str, Any]:
    result = (await gql(ADD, {"input": {"title": title, "text": text, **extra}}))["addText"]
    assert result["__typename"] == "ContentAdded", result
    return result


async def wait_ready(gql: GQL, content_id: str, polls: int = 1200) -> dict[str, Any]:
    for _ in range(polls):
        status = (await gql(STATUS, {"id": content_id}))["content"]
        if status["status"] in ("READY", "FAILED", "CANCELLED"):
            return status
        await asyncio.sleep(0.1)
    raise AssertionError(f"content {content_id} did not finish ingesting")


async def vector_count(app: Starlette, content_global_id: str) -> int:
    import base64

    content_id = base64.b64decode(content_global_id).decode().split(":", 1)[1]
    knowledge = app.state.services.knowledge
    embedder = knowledge.embedder()
    name = VectorStore.collection_name(embedder.name, await embedder.dimension())
    return int(await knowledge.vectors.count_where(name, content_id=content_id))


async def test_ingest_then_search_in_every_mode(make_settings: Any) -> None:
    async with running(make_settings(retrieval={"chunk_size": 48, "chunk_overlap": 8})) as (app, gql):
        llama = await add(
            gql, "Llamas", "Llamas are domesticated South American camelids used as pack animals by Andean cultures."
        )
        zork = await add(
            gql, "Zorkmid", "The zorkmid is the currency of the Great Underground Empire in an old text adventure."
        )
        for item in (llama, zork):
            status = await wait_ready(gql, item["content"]["id"])
            assert (
                status["status"] == "READY"
                and status["chunkCount"] >= 1
                and status["embeddingModel"] == "local:all-minilm-l6-v2"
            )
        for mode, query, expected in (
            ("SPARSE", "zorkmid currency", "Zorkmid"),
            ("DENSE", "domesticated camelids used as pack animals", "Llamas"),
            ("HYBRID", "zorkmid", "Zorkmid"),
        ):
            hits = (await gql(SEARCH, {"input": {"query": query, "mode": mode, "limit": 2}}))["search"]
            assert hits and hits[0]["content"]["title"] == expected, (mode, hits)
            assert hits[0]["text"] and hits[0]["chunkIndex"] == 0
        with count_statements(app) as statements:
            hits = (await gql(SEARCH, {"input": {"query": "zorkmid llamas", "mode": "SPARSE", "limit": 5}}))["search"]
        assert {h["content"]["title"] for h in hits} == {"Llamas", "Zorkmid"}
        assert len(statements) == 1, statements  # the hit chunks with their contents, in one statement
        assert await vector_count(app, llama["content"]["id"]) >= 1
        # Delete removes the vectors too.
        await gql("mutation($id: ID!) { deleteContent(id: $id) { __typename } }", {"id": llama["content"]["id"]})
        assert await vector_count(app, llama["content"]["id"]) == 0
        hits = (await gql(SEARCH, {"input": {"query": "llamas camelids", "mode": "SPARSE"}}))["search"]
        assert all(h["content"]["title"] != "Llamas" for h in hits)


async def test_progress_events_and_ingest_run(make_settings: Any) -> None:
    from app import create_app
    from tests.fakes.server import serve
    from tests.gqlws import graphql_ws

    settings = make_settings(retrieval={"chunk_size": 32, "chunk_overlap": 4})
    with serve(create_app(settings), lifespan="on") as live:
        import httpx

        async with httpx.AsyncClient(base_url=live, timeout=60) as http:
            gql = GQL(http)
            text = " ".join(f"Sentence number {i} talks about topic {i % 5}." for i in range(30))
            added = await add(gql, "Long", text)
            async with graphql_ws(live) as ws:
                events = [
                    p["data"]["runEvents"]
                    async for p in ws.subscribe(
                        "subscription($id: ID!) { runEvents(runId: $id) { __typename seq ... on RunProgress { done total fraction } ... on RunStatusChanged { status } } }",
                        {"id": added["ingestRunId"]},
                    )
                ]
    progress = [e for e in events if e["__typename"] == "RunProgress"]
    assert progress[0]["done"] == 0 and progress[-1]["done"] == progress[-1]["total"] > 1
    assert [p["done"] for p in progress] == sorted(p["done"] for p in progress)
    assert events[-1]["status"] == "SUCCEEDED"


async def test_search_never_returns_another_owners_content(make_settings: Any) -> None:
    async with running(make_settings(auth_mode="multi", secret_key="s" * 40)) as (_, anonymous):
        admin = await register(anonymous, "admin")  # even the admin sees only their own knowledge
        bob = await register(anonymous, "bob")
        secret = await add(bob, "Bob's secret", "The vault combination is quetzalcoatl seven.")
        await wait_ready(bob, secret["content"]["id"])
        mine = await add(admin, "Admin note", "Quetzalcoatl is a feathered serpent deity.")
        await wait_ready(admin, mine["content"]["id"])
        for mode in ("SPARSE", "DENSE", "HYBRID"):
            hits = (
                await admin(SEARCH, {"input": {"query": "quetzalcoatl vault combination", "mode": mode, "limit": 10}})
            )["search"]
            assert {h["content"]["title"] for h in hits} == {"Admin note"}, (mode, hits)


async def test_cancel_mid_ingestion_leaves_no_vectors(make_settings: Any) -> None:
    async with running(make_settings(retrieval={"chunk_size": 32, "chunk_overlap": 4})) as (app, gql):
        text = " ".join(f"Paragraph {i} about the history of bridges and tunnels." for i in range(200))
        added = await add(gql, "Big", text)
        for _ in range(600):  # wait until it is embedding, then cancel
            events = (
                await gql(
                    "query($id: ID!) { runEventLog(runId: $id) { __typename ... on RunProgress { done } } }",
                    {"id": added["ingestRunId"]},
                )
            )["runEventLog"]
            if any(e.get("done", 0) > 0 for e in events):
                break
            await asyncio.sleep(0.1)
        result = await gql(
            "mutation($id: ID!) { cancelRun(id: $id) { __typename ... on Run { status } } }",
            {"id": added["ingestRunId"]},
        )
        assert result["cancelRun"]["__typename"] == "Run"
        status = await wait_ready(gql, added["content"]["id"])
        assert status["status"] == "CANCELLED"
        assert await vector_count(app, added["content"]["id"]) == 0
        async with app.state.services.db() as session:
            rows = await session.get(
                Content, __import__("base64").b64decode(added["content"]["id"]).decode().split(":", 1)[1]
            )
            assert rows is not None and rows.chunk_count is None
