"""Upgrade in place: a data directory written by a version before Qdrant Edge, whose vectors are in
qdrant-client's local mode under `<data_dir>/qdrant`, starts on Qdrant Edge with nothing lost.

The old directory is made the way that version made it: the app's own ingest, memory and addEmbedding
paths writing through qdrant-client's local mode (the app's store swapped for it before anything is
written), and no `<data_dir>/vectors`. Then the app starts on it and finds everything by search."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from services.knowledge.vectors import EdgeVectorStore, ServerVectorStore
from tests.conftest import GQL, create_agent, running
from tests.resolvers.test_knowledge import SEARCH, add, wait_ready
from tests.resolvers.test_memory import SEARCH as SEARCH_MEMORIES
from tests.resolvers.test_memory import memory_points, remember
from tests.services.knowledge.test_index import ADD_EMBEDDING

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

LLAMAS = (
    "Llamas are domesticated South American camelids used as pack animals by Andean cultures. "
    "They carry loads across the mountains and their wool is spun into yarn for warm blankets and clothing. "
    "A llama herd grazes on high plateaus where little else grows, and the animals are calm with people."
)
ZORKMID = "The zorkmid is the currency of the Great Underground Empire in an old text adventure."


async def counts(store: Any) -> dict[str, int]:
    return {name: await store.count_where(name) for name in await store.collection_names()}


async def first_titles(gql: GQL, query: str, mode: str) -> list[str]:
    hits = (await gql(SEARCH, {"input": {"query": query, "mode": mode, "limit": 3}}))["search"]
    return [h["content"]["title"] for h in hits]


async def test_a_data_dir_from_before_edge_starts_on_edge_with_nothing_lost(tmp_path: Path, make_settings: Any) -> None:
    data_dir = tmp_path / "data"
    settings = make_settings(data_dir=data_dir, retrieval={"chunk_size": 32, "chunk_overlap": 4})
    async with running(settings) as (app, gql):
        knowledge = app.state.services.knowledge
        await knowledge.vectors.aclose()  # the Edge store this version opens at start-up ...
        knowledge._vectors = ServerVectorStore(path=data_dir / "qdrant")  # ... and what the old one used
        llamas = await add(gql, "Llamas", LLAMAS)
        status = await wait_ready(gql, llamas["content"]["id"])
        assert status["status"] == "READY" and status["chunkCount"] >= 2
        [vector] = await knowledge.embedder().embed([ZORKMID])  # a caller-supplied vector: in no embedding cache
        added = await gql(ADD_EMBEDDING, {"input": {"text": ZORKMID, "vector": vector, "title": "Zorkmid"}})
        assert added["addEmbedding"]["__typename"] == "ContentAdded", added
        agent = (await create_agent(gql, name="Keeper"))["id"]
        peanuts = await remember(gql, agent, "The user is allergic to peanuts.", "PROFILE")
        before = await counts(knowledge.vectors)
        assert sum(before.values()) == status["chunkCount"] + 2
    shutil.rmtree(data_dir / "vectors")  # that version had no Edge folder
    assert (data_dir / "qdrant" / "meta.json").is_file()

    with capture_logs() as logs:
        async with running(settings) as (app, gql):
            store = app.state.services.knowledge.vectors
            assert isinstance(store, EdgeVectorStore)
            assert await counts(store) == before
            assert (await first_titles(gql, "camelids carrying loads in the mountains", "DENSE"))[0] == "Llamas"
            assert (await first_titles(gql, "zorkmid", "SPARSE")) == ["Zorkmid"]
            assert (await first_titles(gql, "zorkmid currency", "HYBRID"))[0] == "Zorkmid"
            memories = await gql(SEARCH_MEMORIES, {"input": {"query": "peanuts", "mode": "HYBRID"}})
            assert [h["memory"]["id"] for h in memories["searchMemories"]] == [peanuts["id"]]
            assert await memory_points(app, peanuts["id"]) == 1
    assert not (data_dir / "qdrant").exists() and (data_dir / "qdrant.pre-edge" / "meta.json").is_file()
    progress = [e for e in logs if e["event"] == "upgrading vectors"]
    assert progress and all(e["done"] == e["total"] for e in progress[-len(before) :])
    assert sum(e["done"] for e in progress[-len(before) :]) == sum(before.values())
    assert [e["points"] for e in logs if e["event"].startswith("vectors upgraded")] == [sum(before.values())]

    # The next start has nothing left to move and finds the same.
    with capture_logs() as logs:
        async with running(settings) as (app, gql):
            assert await counts(app.state.services.knowledge.vectors) == before
            assert (await first_titles(gql, "zorkmid", "SPARSE")) == ["Zorkmid"]
    assert not [e for e in logs if "upgrad" in e["event"]]
