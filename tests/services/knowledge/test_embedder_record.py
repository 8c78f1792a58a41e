"""Which embedder a deployment uses: the new default for a new one, the recorded one for one that has vectors.

The record (table knowledge_state) is written with the first vectors, in the same transaction when they come
from a mutation; a deployment whose vectors predate the record has it inferred at start-up. Upgrading therefore
re-embeds nothing: a data dir built with Gemma keeps searching with Gemma until `reindex(model:)` moves it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlmodel import col
from starlette.applications import Starlette

from services.db.models import Chunk, KnowledgeState
from tests.conftest import GQL, create_agent, running
from tests.resolvers.test_knowledge import SEARCH, add, wait_ready
from tests.resolvers.test_memory import remember
from tests.services.knowledge.test_index import INDEX_STATUS

MINILM, GEMMA = "local:all-minilm-l6-v2", "local:gemma-3-270m"
CONFIG = "{ config { models { embedding } retrieval { chunkSize chunkOverlap } } }"
RUN = "query($id: ID!) { run(id: $id) { status error model result } }"
PROGRESS = """query($id: ID!) { runEventLog(runId: $id) { __typename ... on RunProgress { done total } } }"""


async def recorded(app: Starlette) -> list[str]:
    async with app.state.services.db() as session:
        return list((await session.scalars(select(col(KnowledgeState.value)))).all())


async def test_the_first_vectors_record_their_embedder(make_settings: Any) -> None:
    async with running(make_settings()) as (app, gql):
        assert (await gql(CONFIG))["config"]["models"]["embedding"] == MINILM
        assert await recorded(app) == []  # nothing written yet: nothing recorded
        agent = await create_agent(gql)
        memory = await remember(
            gql, agent["id"], "The user keeps bees on the roof."
        )  # inside the mutation's transaction
        assert memory["embeddingModel"] == MINILM
        assert await recorded(app) == [MINILM]
        doc = await add(gql, "Bees", "Honey bees dance to tell the hive where the flowers are.")
        assert (await wait_ready(gql, doc["content"]["id"]))["embeddingModel"] == MINILM
        assert await recorded(app) == [MINILM]
    async with running(make_settings()) as (app, gql):
        assert app.state.services.knowledge.recorded_embedding == MINILM
        hits = (await gql(SEARCH, {"input": {"query": "how do bees communicate", "mode": "DENSE"}}))["search"]
        assert hits[0]["content"]["title"] == "Bees"


LONG = " ".join(
    f"Paragraph {i}: the lighthouse keeper logged the weather, trimmed the wick, wound the clockwork and "
    f"noted ship {i * 17} passing the reef at dusk."
    for i in range(12)
)  # one Gemma chunk (379 of its tokens, under 400) that does not fit MiniLM's 254 (348 of its tokens)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_deployment_built_with_gemma_keeps_gemma_until_reindexed(make_settings: Any) -> None:
    # Before this version the default embedder was Gemma: build a data dir with it.
    async with running(make_settings(models={"embedding": GEMMA})) as (app, gql):
        doc = await add(gql, "Lighthouse", LONG)
        status = await wait_ready(gql, doc["content"]["id"])
        assert (status["status"], status["chunkCount"], status["embeddingModel"]) == ("READY", 1, GEMMA)
        assert await recorded(app) == [GEMMA]
        async with app.state.services.db() as session, session.begin():
            await session.execute(delete(KnowledgeState))  # as a data dir from before the record existed
    content_id = doc["content"]["id"]

    # Upgraded: nothing sets models.embedding any more, yet the data dir stays on Gemma.
    async with running(make_settings()) as (app, gql):
        assert await recorded(app) == [GEMMA]  # inferred from the content at start-up, and written
        config = (await gql(CONFIG))["config"]
        assert config == {"models": {"embedding": GEMMA}, "retrieval": {"chunkSize": 400, "chunkOverlap": 40}}
        status = (await gql(INDEX_STATUS))["indexStatus"]
        assert (status["embeddingModel"], status["contents"], status["staleContents"]) == (GEMMA, 1, 0)
        hits = (await gql(SEARCH, {"input": {"query": "lighthouse keeper weather", "mode": "DENSE"}}))["search"]
        assert [h["content"]["id"] for h in hits] == [content_id]
        assert app.state.services.knowledge.embedder().name == GEMMA
        assert set(await app.state.services.knowledge.vectors.collection_names()) == {"chunks__local_gemma-3-270m__640"}

        # The move to the new default is asked for, and reported as it goes.
        started = await gql(f'mutation {{ reindex(model: "{MINILM}") {{ ... on Run {{ id model }} }} }}')
        run_id = started["reindex"]["id"]
        assert started["reindex"]["model"] == MINILM
        for _ in range(600):
            run = (await gql(RUN, {"id": run_id}))["run"]
            if run["status"] not in ("QUEUED", "RUNNING"):
                break
            await asyncio.sleep(0.1)
        assert (run["status"], run["error"]) == ("SUCCEEDED", None)
        events = (await gql(PROGRESS, {"id": run_id}))["runEventLog"]
        progress = [(e["done"], e["total"]) for e in events if e["__typename"] == "RunProgress"]
        assert progress == [(0, 1), (1, 1)]

        assert await recorded(app) == [MINILM]
        assert (await gql(CONFIG))["config"] == {
            "models": {"embedding": MINILM},
            "retrieval": {"chunkSize": 254, "chunkOverlap": 25},
        }
        status = (await gql(INDEX_STATUS))["indexStatus"]
        assert (status["embeddingModel"], status["staleContents"]) == (MINILM, 0)
        hits = (await gql(SEARCH, {"input": {"query": "lighthouse keeper weather", "mode": "DENSE"}}))["search"]
        assert {h["content"]["id"] for h in hits} == {content_id}
        # The Gemma chunk did not fit MiniLM's window: the content was chunked again, every chunk whole.
        minilm = app.state.services.knowledge.embedder()
        async with app.state.services.db() as session:
            texts = list((await session.scalars(select(col(Chunk.text)))).all())
        assert len(texts) > 1 and all(minilm.count_tokens(t) <= 254 for t in texts)
        content = await gql("query($id: ID!) { content(id: $id) { chunkCount embeddingModel } }", {"id": content_id})
        assert content["content"] == {"chunkCount": len(texts), "embeddingModel": MINILM}

    async with running(make_settings()) as (app, gql):  # and it stays moved
        assert (await gql(CONFIG))["config"]["models"]["embedding"] == MINILM


async def test_reindex_refuses_an_unknown_model(gql: GQL) -> None:
    body = await gql.raw('mutation { reindex(model: "local:nope") { __typename ... on Error { message } } }')
    refused = body["data"]["reindex"] if body.get("data") else None
    assert refused is not None and refused["__typename"] == "ValidationError", body
    assert "unknown local embedding model 'local:nope'" in refused["message"]
