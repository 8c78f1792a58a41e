"""Admin operations end to end: /metrics series move when a run completes (and on retries, sockets,
subscriptions and ingestion), `stats`, `serverLogs` (query and subscription) with request and run ids and no
secrets, and who may read them."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import structlog
from prometheus_client.parser import text_string_to_metric_families

from services.logbuffer import LOGS
from tests.conftest import GQL, register, running
from tests.fakes.script import Failure, Script
from tests.gqlws import graphql_ws
from tests.resolvers.test_runs import RUN, agent_id, collect, send

Series = dict[tuple[str, frozenset[tuple[str, str]]], float]
STATS = """query($days: Int, $limit: Int) { stats(days: $days, limit: $limit) {
  counts { table count } bytes { database blobs vectors } queues { provider queued running }
  runs { kind status count } tokens { day userId username model runs promptTokens completionTokens } } }"""
LOGS_QUERY = """query($level: LogLevel, $since: DateTime, $limit: Int) {
  serverLogs(level: $level, since: $since, limit: $limit) { seq at level message requestId runId fields } }"""


async def scrape(http: httpx.AsyncClient) -> Series:
    response = await http.get("/metrics")
    assert response.status_code == 200, response.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(series: Series, name: str, **labels: str) -> float:
    return series.get((name, frozenset(labels.items())), 0.0)


async def test_metrics_move_when_a_run_completes(live: str, client: GQL, script: Script) -> None:
    script.failures = [Failure(503, message="busy")]  # one retry before the stream
    before = await scrape(client.client)
    turn = await send(client, agentId=await agent_id(client), text="What is the answer?")
    events = await collect(live, turn["run"]["id"])
    assert events[-1]["status"] == "SUCCEEDED"
    usage = (await client(RUN, {"id": turn["run"]["id"]}))["run"]["usage"]
    after = await scrape(client.client)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    chat = {"kind": "chat", "provider": "ollama"}
    model = {"provider": "ollama", "model": "test-model"}
    assert moved("switchboard_runs_started_total", **chat) == 1
    assert moved("switchboard_runs_finished_total", status="succeeded", **chat) == 1
    assert moved("switchboard_queue_wait_seconds_count", **chat) == 1
    assert moved("switchboard_time_to_first_token_seconds_count", **model) == 1
    assert moved("switchboard_tokens_per_second_count", **model) == 1
    assert moved("switchboard_tokens_total", direction="in", **model) == usage["promptTokens"]
    assert moved("switchboard_tokens_total", direction="out", **model) == usage["completionTokens"]
    assert moved("switchboard_provider_retries_total", provider="ollama") == 1
    assert ("switchboard_fallbacks_total", frozenset()) not in after  # declared; other features increment it
    assert value(after, "switchboard_queue_depth", provider="ollama", status="queued") == 0
    assert value(after, "switchboard_queue_depth", provider="ollama", status="running") == 0
    assert 'path="/metrics"' in (await client.client.get("/metrics")).text  # the HTTP series are still served


async def gauges(http: httpx.AsyncClient) -> tuple[float, float]:
    series = await scrape(http)
    return value(series, "switchboard_websocket_connections"), value(series, "switchboard_subscriptions")


async def settle(http: httpx.AsyncClient, expected: tuple[float, float]) -> tuple[float, float]:
    """The server sees a socket close a moment after the client: wait (bounded) for the gauges to return."""
    for _ in range(200):
        now = await gauges(http)
        if now == expected:
            return now
        await asyncio.sleep(0.02)
    return now


async def test_sockets_and_subscriptions_are_gauged(live: str, client: GQL, script: Script) -> None:
    sockets, subscriptions = await gauges(client.client)
    script.tokens, script.tokens_per_second = [f"t{i} " for i in range(40)], 40
    turn = await send(client, agentId=await agent_id(client), text="long")
    async with graphql_ws(live) as ws:
        stream = ws.subscribe("subscription($id: ID!) { runEvents(runId: $id) { seq } }", {"id": turn["run"]["id"]})
        await stream.__anext__()
        assert await gauges(client.client) == (sockets + 1, subscriptions + 1)
        await stream.aclose()
        assert await settle(client.client, (sockets + 1, subscriptions)) == (sockets + 1, subscriptions)
    assert await settle(client.client, (sockets, subscriptions)) == (sockets, subscriptions)
    await collect(live, turn["run"]["id"])


async def test_ingestion_is_counted(live: str, client: GQL) -> None:
    before = await scrape(client.client)
    added = await client(
        """mutation { addText(input: {title: "t", text: "Metrics count chunks. Another sentence here."}) {
             ... on ContentAdded { ingestRunId } } }"""
    )
    events = await collect(live, added["addText"]["ingestRunId"])
    assert events[-1]["status"] == "SUCCEEDED"
    after = await scrape(client.client)
    embedder = {"embedder": "local:all-minilm-l6-v2"}
    assert (
        value(after, "switchboard_ingest_chunks_total", **embedder)
        - value(before, "switchboard_ingest_chunks_total", **embedder)
        == 1
    )
    assert value(after, "switchboard_embed_seconds_count", **embedder) > value(
        before, "switchboard_embed_seconds_count", **embedder
    )
    assert value(after, "switchboard_runs_finished_total", kind="ingest", status="succeeded", provider="local") >= 1


async def test_stats_after_a_chat(live: str, client: GQL) -> None:
    turn = await send(client, agentId=await agent_id(client), text="What is the answer?")
    await collect(live, turn["run"]["id"])
    usage = (await client(RUN, {"id": turn["run"]["id"]}))["run"]["usage"]
    stats = (await client(STATS))["stats"]
    counts = {c["table"]: c["count"] for c in stats["counts"]}
    assert counts["agents"] == 1 and counts["messages"] == 2 and counts["runs"] >= 1 and counts["users"] == 1
    assert stats["bytes"]["database"] > 0 and stats["bytes"]["blobs"] == 0 and stats["bytes"]["vectors"] >= 0
    assert {"kind": "chat", "status": "succeeded", "count": 1} in stats["runs"]
    assert stats["queues"] == []  # nothing waits or runs
    [tokens] = [t for t in stats["tokens"] if t["model"] == "ollama:test-model"]
    assert tokens["username"] == "local-admin" or tokens["username"]
    assert (tokens["runs"], tokens["promptTokens"], tokens["completionTokens"]) == (
        1,
        usage["promptTokens"],
        usage["completionTokens"],
    )
    assert len(tokens["day"]) == 10
    refused = await client.raw(STATS, {"limit": 100_000})
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_server_logs_carry_request_and_run_ids_and_no_secrets(
    live: str, client: GQL, capsys: pytest.CaptureFixture[str]
) -> None:
    turn = await send(client, agentId=await agent_id(client), text="What is the answer?")
    await collect(live, turn["run"]["id"])
    structlog.get_logger("test").warning("probe", api_key="sk-ant-api03-0123456789", note="Bearer abcdefghijkl")
    lines = (await client(LOGS_QUERY, {"level": "DEBUG", "limit": 1000}))["serverLogs"]
    mine = [line for line in lines if line["runId"] == turn["run"]["id"]]
    messages = [line["message"] for line in mine]
    assert messages[:1] == ["run started at once"] and "run started" in messages and messages[-1] == "run finished"
    queued = mine[0]  # created with a free slot: it started in the request
    assert queued["requestId"] and queued["fields"]["kind"] == "chat"  # logged inside the sendMessage request
    assert all(line["requestId"] != queued["requestId"] for line in mine[1:])  # the run's own lines: no request
    assert mine[-1]["fields"]["status"] == "succeeded"
    probe = [line for line in lines if line["message"] == "probe"][-1]
    assert probe["level"] == "WARNING"
    assert probe["fields"]["api_key"] == "[redacted]" and probe["fields"]["note"] == "Bearer [redacted]"
    assert "sk-ant-api03-0123456789" not in capsys.readouterr().out  # nor on standard output
    seqs = [line["seq"] for line in lines]
    assert seqs == sorted(seqs)
    warnings = (await client(LOGS_QUERY, {"level": "WARNING", "limit": 1000}))["serverLogs"]
    assert all(line["level"] in ("WARNING", "ERROR", "CRITICAL") for line in warnings)
    later = (await client(LOGS_QUERY, {"level": "DEBUG", "since": probe["at"]}))["serverLogs"]
    assert all(line["at"] > probe["at"] for line in later)
    assert len((await client(LOGS_QUERY, {"level": "DEBUG", "limit": 2}))["serverLogs"]) == 2
    assert (await client.raw(LOGS_QUERY, {"limit": 0}))["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_server_logs_subscription(live: str, client: GQL) -> None:
    followers = LOGS.followers
    async with graphql_ws(live) as ws:
        stream = ws.subscribe("subscription { serverLogs(level: INFO) { message runId requestId } }")
        first = asyncio.ensure_future(stream.__anext__())
        for _ in range(500):  # until the server has registered the follower (same process)
            if LOGS.followers > followers:
                break
            await asyncio.sleep(0.01)
        turn = await send(client, agentId=await agent_id(client), text="hi")
        seen = [(await first)["data"]["serverLogs"]]
        while seen[-1]["message"] != "run finished" or seen[-1]["runId"] != turn["run"]["id"]:
            seen.append((await stream.__anext__())["data"]["serverLogs"])
        await stream.aclose()
    assert {"run started at once", "run started", "run finished"} <= {
        s["message"] for s in seen if s["runId"] == turn["run"]["id"]
    }


async def test_only_admins_read_stats_and_logs(make_settings: Any) -> None:
    from tests.conftest import MULTI_SECRET

    async with running(make_settings(auth_mode="multi", secret_key=MULTI_SECRET)) as (_, gql):
        admin = await register(gql, "root")
        user = await register(gql, "someone")
        assert (await admin("{ stats { runs { count } } }"))["stats"]["runs"] == []
        for query in ("{ stats { runs { count } } }", "{ serverLogs { message } }"):
            refused = await user.raw(query)
            assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", refused
