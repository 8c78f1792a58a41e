"""Runs a dead process left RUNNING: idempotent kinds are queued again and finish; chat runs stay failed."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlmodel import col

from services.db.models import Chunk, Run
from services.db.types import utcnow
from tests.conftest import running
from tests.resolvers.test_knowledge import add, vector_count, wait_ready

pytestmark = pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)


def _raw(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


async def _crash(app: Any, run_id: str, attempts: int = 1) -> None:
    """What a SIGKILL leaves: RUNNING, claimed by a worker that no longer beats."""
    async with app.state.services.db() as session, session.begin():
        await session.execute(
            update(Run)
            .where(col(Run.id) == run_id)
            .values(status="running", worker_id="dead", heartbeat_at=utcnow() - timedelta(hours=1), attempts=attempts)
        )


async def test_an_interrupted_ingest_run_is_queued_again_and_completes_exactly_once(make_settings: Any) -> None:
    async with running(make_settings(run_stale_after_seconds=1)) as (app, gql):
        added = await add(gql, "Zorkmid", "The zorkmid is the currency of the Great Underground Empire.")
        content_id = added["content"]["id"]
        assert (await wait_ready(gql, content_id))["status"] == "READY"
        chunks_before, vectors_before = await _chunks(app, content_id), await vector_count(app, content_id)
        run_id = _raw(added["ingestRunId"])
        await _crash(app, run_id)
        await app.state.services.scheduler.recover_stale()
        status = await wait_ready(gql, content_id)
        run = (await gql("query($id: ID!) { run(id: $id) { status error } }", {"id": added["ingestRunId"]}))["run"]
        while run["status"] in ("QUEUED", "RUNNING"):
            run = (await gql("query($id: ID!) { run(id: $id) { status error } }", {"id": added["ingestRunId"]}))["run"]
        assert run == {"status": "SUCCEEDED", "error": None}
        assert status["status"] == "READY"
        # Idempotent: the second pass replaced, not added.
        assert await _chunks(app, content_id) == chunks_before >= 1
        assert await vector_count(app, content_id) == vectors_before == chunks_before
        log = await gql(
            "query($id: ID!) { runEventLog(runId: $id) { __typename ... on RunStatusChanged { status } } }",
            {"id": added["ingestRunId"]},
        )
        statuses = [e["status"] for e in log["runEventLog"] if e["__typename"] == "RunStatusChanged"]
        assert statuses.count("QUEUED") >= 1 and statuses[-1] == "SUCCEEDED"


async def test_a_run_that_keeps_crashing_its_process_is_failed_after_max_attempts(make_settings: Any) -> None:
    async with running(make_settings(run_stale_after_seconds=1)) as (app, gql):
        added = await add(gql, "Poison", "A document that, say, crashed the extractor three times.")
        await wait_ready(gql, added["content"]["id"])
        await _crash(app, _raw(added["ingestRunId"]), attempts=3)
        await app.state.services.scheduler.recover_stale()
        run = (await gql("query($id: ID!) { run(id: $id) { status error } }", {"id": added["ingestRunId"]}))["run"]
        assert run == {"status": "FAILED", "error": "interrupted 3 times: the server running it stopped each time"}
        status = await wait_ready(gql, added["content"]["id"])
        assert status["status"] == "FAILED" and status["error"].startswith("interrupted 3 times")


async def _chunks(app: Any, content_global_id: str) -> int:
    async with app.state.services.db() as session:
        stmt = select(func.count()).select_from(Chunk).where(col(Chunk.content_id) == _raw(content_global_id))
        return int((await session.execute(stmt)).scalar_one())
