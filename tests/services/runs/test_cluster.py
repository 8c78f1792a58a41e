"""Two app instances sharing Postgres and Redis: events and cancels cross between them; crash recovery."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from app import create_app
from services.db.models import Agent, Conversation, Message, Run
from services.db.types import utcnow
from tests.conftest import GQL, REDIS_URL, chat_settings, running
from tests.fakes import ollama as fake_ollama
from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.resolvers.test_runs import EVENTS, agent_id, send


@pytest.fixture
def script() -> Script:
    return Script(tokens=[f"t{i} " for i in range(100)], models=["test-model"], tokens_per_second=40)


@pytest.fixture
def ollama_host(script: Script) -> Iterator[str]:
    with fake_ollama.running(script) as host:
        yield host


async def test_events_and_cancel_cross_instances(
    tmp_path: Any, pg_database: str, ollama_host: str, script: Script
) -> None:
    import asyncpg

    from services.settings import load_settings

    conn = await asyncpg.connect(pg_database.replace("postgresql+asyncpg", "postgresql"))
    await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await conn.close()

    def settings(name: str) -> Any:
        return load_settings(
            data_dir=tmp_path / name,
            database_url=pg_database,
            pubsub_url=REDIS_URL,
            run_heartbeat_seconds=0.5,
            providers={"ollama_host": ollama_host, "concurrency": {"ollama": 1}},
        )

    apps: list[Starlette] = [create_app(settings("a")), create_app(settings("b"))]
    with serve(apps[0], lifespan="on") as base_a, serve(apps[1], lifespan="on") as base_b:
        async with (
            httpx.AsyncClient(base_url=base_a, timeout=30) as http_a,
            httpx.AsyncClient(base_url=base_b, timeout=30) as http_b,
        ):
            a, b = GQL(http_a), GQL(http_b)
            turn = await send(a, agentId=await agent_id(a), text="cross")
            run_id = turn["run"]["id"]
            async with graphql_ws(base_b) as ws:  # subscribe on B to a run sent through A
                tokens = 0
                async for payload in ws.subscribe(EVENTS, {"id": run_id}):
                    event = payload["data"]["runEvents"]
                    if event["__typename"] == "TokenDelta":
                        tokens += 1
                        if tokens == 3:
                            # Cancel through the instance that is NOT executing the run.
                            executing = next(
                                i
                                for i, app in enumerate(apps)
                                if app.state.services.scheduler.running_here(_db_id(run_id))
                            )
                            other = (b, a)[executing]
                            result = await other(
                                "mutation($id: ID!) { cancelRun(id: $id) { __typename } }", {"id": run_id}
                            )
                            assert result["cancelRun"]["__typename"] == "Run"
                    last = event
            assert last["__typename"] == "RunStatusChanged" and last["status"] == "CANCELLED"
            await script.wait_for_disconnect()
            assert script.tokens_sent < 100


def _db_id(global_id: str) -> str:
    import base64

    return base64.b64decode(global_id).decode().split(":", 1)[1]


async def test_restart_fails_interrupted_runs_and_runs_queued_ones(
    make_settings: Any, ollama_host: str, script: Script
) -> None:
    script.tokens = ["ok"]
    script.tokens_per_second = None
    settings = chat_settings(make_settings, ollama_host, run_stale_after_seconds=1)
    # A previous process died: one run RUNNING with an old heartbeat, one still QUEUED.
    async with running(settings) as (app, gql):
        await agent_id(gql)
        services = app.state.services
        await services.scheduler.stop()  # this "process" executes nothing more
        async with services.db() as session, session.begin():
            agent = (await session.scalars(select(Agent))).one()
            conv = Conversation(owner_id=agent.owner_id, agent_id=agent.id, title="c")
            session.add(conv)
            await session.flush()
            rows = []
            for text, status in (("was running", "running"), ("was queued", "queued")):
                user = Message(owner_id=agent.owner_id, conversation_id=conv.id, role="user", content=text)
                session.add(user)
                await session.flush()
                reply = Message(
                    owner_id=agent.owner_id,
                    conversation_id=conv.id,
                    role="assistant",
                    status="streaming",
                    parent_id=user.id,
                    model="ollama:test-model",
                )
                session.add(reply)
                await session.flush()
                run = Run(
                    owner_id=agent.owner_id,
                    kind="chat",
                    provider="ollama",
                    model="ollama:test-model",
                    agent_id=agent.id,
                    conversation_id=conv.id,
                    message_id=reply.id,
                    status=status,
                    heartbeat_at=utcnow() - timedelta(minutes=5) if status == "running" else None,
                )
                session.add(run)
                rows.append((run, reply))
    stale, queued = rows
    async with running(settings) as (app, gql):
        for _ in range(100):
            async with app.state.services.db() as session:
                states = [(await session.get(Run, r.id)).status for r, _ in rows]  # type: ignore[union-attr]
            if states == ["failed", "succeeded"]:
                break
            await asyncio.sleep(0.1)
        assert states == ["failed", "succeeded"]
        async with app.state.services.db() as session:
            failed_run = await session.get(Run, stale[0].id)
            failed_msg = await session.get(Message, stale[1].id)
            done_msg = await session.get(Message, queued[1].id)
        assert failed_run is not None and "interrupted" in (failed_run.error or "")
        assert failed_msg is not None and failed_msg.status == "failed" and "interrupted" in (failed_msg.error or "")
        assert done_msg is not None and (done_msg.status, done_msg.content) == ("complete", "ok")
