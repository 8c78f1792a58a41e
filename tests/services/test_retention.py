"""Retention: a CLEANUP run's dry-run report, compaction that keeps seqs (runEvents after k inside the compacted range
gives one RunCompacted, then the rest), deletion of old runs, contents and conversations, and the schedule."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from app import create_app
from schema.ids import decode_id
from services.db.models import Content, Conversation, Run
from services.db.types import utcnow
from services.retention import CleanupSchedule
from tests.conftest import GQL, chat_settings, running
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.services.backup.fill import ADD_TEXT, AGENT, CONTENT_STATUS, RUN_STATUS, SEND, wait

RETENTION = {
    "compact_run_events_after_days": 1,
    "delete_runs_after_days": 30,
    "delete_contents_after_days": 30,
    "delete_conversations_after_days": 30,
}
CLEANUP = """mutation($dry: Boolean!) { startCleanup(dryRun: $dry) { __typename ... on Run { id kind } } }"""
RESULT = "query($id: ID!) { run(id: $id) { status result } }"
LOG = """query($id: ID!, $after: Int!) { runEventLog(runId: $id, after: $after) { __typename seq
  ... on TokenDelta { text } ... on RunCompacted { fromSeq toSeq text usage { completionTokens } } } }"""
EVENTS = """subscription($id: ID!, $after: Int) { runEvents(runId: $id, after: $after) { __typename seq
  ... on RunCompacted { text fromSeq toSeq } ... on RunStatusChanged { status } } }"""


@pytest.fixture
def base(make_settings: Any, ollama_host: str) -> Iterator[str]:
    settings = chat_settings(make_settings, ollama_host, retention=RETENTION, retrieval={"chunk_size": 48})
    with serve(create_app(settings), lifespan="on") as url:
        yield url


async def _cleanup(gql: GQL, dry: bool) -> dict[str, Any]:
    run = (await gql(CLEANUP, {"dry": dry}))["startCleanup"]
    assert run["kind"] == "CLEANUP"
    assert await wait(gql, RESULT, run["id"], "run", ("SUCCEEDED", "FAILED")) == "SUCCEEDED"
    return dict((await gql(RESULT, {"id": run["id"]}))["run"]["result"])


async def _chat(gql: GQL, agent: str, conversation: str | None = None) -> dict[str, Any]:
    where = {"conversationId": conversation} if conversation else {"agentId": agent}
    turn = (await gql(SEND, {"input": {**where, "text": "Hi"}}))["sendMessage"]
    assert turn["__typename"] == "ChatTurn", turn
    await wait(gql, RUN_STATUS, turn["run"]["id"], "run", ("SUCCEEDED",))
    return dict(turn)


async def test_cleanup_reports_then_compacts_and_deletes(base: str, database_url: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        gql = GQL(http)
        agent = (await gql(AGENT, {"n": "Bot"}))["createAgent"]["id"]
        kept_turn = await _chat(gql, agent)  # compacted only
        conversation = kept_turn["conversation"]["id"]
        old_turn = await _chat(gql, agent, conversation)  # its run is deleted, its conversation stays (recent)
        gone_turn = await _chat(gql, agent)  # a conversation of its own, deleted with its run
        old_doc = (await gql(ADD_TEXT, {"input": {"title": "Old", "text": "Llamas carry packs."}}))["addText"]
        new_doc = (await gql(ADD_TEXT, {"input": {"title": "New", "text": "Zorkmids are coins."}}))["addText"]
        for doc in (old_doc, new_doc):
            await wait(gql, CONTENT_STATUS, doc["content"]["id"], "content", ("READY",))
        kept_run = decode_id(kept_turn["run"]["id"], "Run")
        before = (await gql(LOG, {"id": kept_turn["run"]["id"], "after": 0}))["runEventLog"]
        tokens = [e for e in before if e["__typename"] == "TokenDelta"]
        assert len(tokens) >= 2

        engine = create_async_engine(database_url)
        async with engine.begin() as connection:
            await connection.execute(
                update(Run).where(Run.id == kept_run).values(finished_at=utcnow() - timedelta(days=2))  # type: ignore[arg-type]
            )
            for turn in (old_turn, gone_turn):
                run_id = decode_id(turn["run"]["id"], "Run")
                await connection.execute(
                    update(Run).where(Run.id == run_id).values(finished_at=utcnow() - timedelta(days=40))  # type: ignore[arg-type]
                )
            await connection.execute(
                update(Conversation)
                .where(Conversation.id == decode_id(gone_turn["conversation"]["id"], "Conversation"))  # type: ignore[arg-type]
                .values(updated_at=utcnow() - timedelta(days=40))
            )
            await connection.execute(
                update(Content)
                .where(Content.id == decode_id(old_doc["content"]["id"], "Content"))  # type: ignore[arg-type]
                .values(created_at=utcnow() - timedelta(days=40))
            )
        await engine.dispose()

        expected = {
            "compactedRuns": 3,
            "deletedRuns": 2,
            "deletedContents": 1,
            "deletedConversations": 1,
        }
        report = await _cleanup(gql, dry=True)
        assert {k: report[k] for k in expected} == expected and report["dryRun"] is True
        assert (await gql(LOG, {"id": kept_turn["run"]["id"], "after": 0}))["runEventLog"] == before  # untouched

        report = await _cleanup(gql, dry=False)
        assert {k: report[k] for k in expected} == expected and report["dryRun"] is False
        assert report["compactedEvents"] >= 3 * len(tokens) - 2

        after = (await gql(LOG, {"id": kept_turn["run"]["id"], "after": 0}))["runEventLog"]
        first, last = tokens[0]["seq"], tokens[-1]["seq"]
        text = "".join(t["text"] for t in tokens)
        compacted = {
            "__typename": "RunCompacted",
            "seq": last,
            "fromSeq": first,
            "toSeq": last,
            "text": text,
            "usage": {"completionTokens": 5},
        }
        assert compacted in after
        assert [e for e in after if e["__typename"] != "RunCompacted"] == [
            e for e in before if e["__typename"] != "TokenDelta"
        ]
        for k in (first - 1, first, last - 1):  # resuming before or inside the compacted range
            resumed = (await gql(LOG, {"id": kept_turn["run"]["id"], "after": k}))["runEventLog"]
            assert [e for e in resumed if e["seq"] <= last][-1] == compacted
            assert [e["seq"] for e in resumed if e["seq"] > last] == [e["seq"] for e in before if e["seq"] > last]
        async with graphql_ws(base) as ws:
            streamed = [
                p["data"]["runEvents"]
                async for p in ws.subscribe(EVENTS, {"id": kept_turn["run"]["id"], "after": first})
            ]
        assert streamed[0] == {"__typename": "RunCompacted", "seq": last, "text": text, "fromSeq": first, "toSeq": last}
        assert streamed[-1]["status"] == "SUCCEEDED"

        # Deleted: the old runs, the idle conversation, the old content; kept: the rest.
        for turn in (old_turn, gone_turn):
            body = await gql.raw("query($id: ID!) { run(id: $id) { status } }", {"id": turn["run"]["id"]})
            assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        body = await gql.raw(
            "query($id: ID!) { conversation(id: $id) { id } }", {"id": gone_turn["conversation"]["id"]}
        )
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert (await gql("query($id: ID!) { conversation(id: $id) { id } }", {"id": conversation}))["conversation"]
        titles = [c["title"] for c in (await gql("{ contents { nodes { title } } }"))["contents"]["nodes"]]
        assert titles == ["New"]
        # A second cleanup finds nothing left to do.
        again = await _cleanup(gql, dry=False)
        assert {k: again[k] for k in expected} == dict.fromkeys(expected, 0)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_schedule_queues_cleanups(make_settings: Any) -> None:
    settings = make_settings(retention={"cleanup_interval_seconds": 0.2})
    async with running(settings) as (_app, gql):
        for _ in range(200):
            found = await gql("{ runs(filter: {kind: CLEANUP, status: SUCCEEDED}) { nodes { id result } } }")
            if found["runs"]["nodes"]:
                break
            await asyncio.sleep(0.05)
        assert found["runs"]["nodes"][0]["result"]["dryRun"] is False
    off = CleanupSchedule(None, None, make_settings)  # type: ignore[arg-type]
    off.start()
    assert off._task is None  # off by default: no task at all
