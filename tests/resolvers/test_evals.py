"""BENCHMARK and GENERATION runs end to end: the official ollama client against the wire-faithful fake, one
benchmark of the real local model, run items, typed reports, CSV/JSON export, cancel and isolation."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest

from tests.conftest import GQL, create_agent, register, running
from tests.fakes.script import Script
from tests.gqlws import graphql_ws

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

EVENTS = """subscription($id: ID!, $after: Int = 0) { runEvents(runId: $id, after: $after) {
  __typename seq
  ... on RunProgress { done total fraction }
  ... on RunItemFinished { item { index target key status output error latencyMs timeToFirstTokenMs tokensPerSecond completionTokens input } }
  ... on RunStatusChanged { status error } } }"""
BENCH = """mutation($input: BenchmarkInput!) { startBenchmark(input: $input) {
  __typename ... on Run { id kind status model } ... on ValidationError { message field } } }"""
GEN = """mutation($input: GenerationInput!) { startGeneration(input: $input) {
  __typename ... on Run { id kind status } ... on ValidationError { message field } ... on NotFoundError { message } } }"""
REPORT = """query($id: ID!) { run(id: $id) { status items(first: 100) { totalCount nodes { index status output } }
  report { __typename
    ... on BenchmarkResult { prompts iterations concurrency warmup maxTokens hardware
      models { model iterations errors details timeToFirstTokenMs { p50 p95 } tokensPerSecond { p50 p95 } latencyMs { p50 p95 } outputTokens { p50 p95 } } }
    ... on GenerationResult { target items succeeded failed outputs } } } }"""


async def follow(base: str, run_id: str) -> list[dict[str, Any]]:
    async with graphql_ws(base) as ws:
        return [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": run_id})]


async def test_benchmark_measures_each_model_and_counts_errors(live: str, client: GQL, script: Script) -> None:
    script.tokens_per_second = 20  # paced (~0.2 s a stream), so that requests in flight together overlap at the fake
    started = (
        await client(
            BENCH,
            {
                "input": {
                    "models": ["ollama:test-model", "ollama:missing-model"],
                    "prompts": ["first prompt", "second prompt"],
                    "iterations": 3,
                    "concurrency": 2,
                    "maxTokens": 16,
                    "warmup": 1,
                }
            },
        )
    )["startBenchmark"]
    assert (started["__typename"], started["kind"], started["model"]) == ("Run", "BENCHMARK", "ollama:test-model")
    events = await follow(live, started["id"])
    assert events[-1]["status"] == "SUCCEEDED"
    finished = [e["item"] for e in events if e["__typename"] == "RunItemFinished"]
    assert len(finished) == 12
    progress = [e["done"] for e in events if e["__typename"] == "RunProgress"]
    assert progress == sorted(progress) and progress[-1] == 12
    ok = [i for i in finished if i["target"] == "ollama:test-model"]
    assert all(i["status"] == "OK" and i["output"] == "The answer is 42." for i in ok)
    assert all(i["timeToFirstTokenMs"] > 0 and i["latencyMs"] >= i["timeToFirstTokenMs"] for i in ok)
    failed = [i for i in finished if i["target"] == "ollama:missing-model"]
    assert len(failed) == 6 and all(i["status"] == "ERROR" and "not found" in i["error"] for i in failed)
    # Warm-up requests are sent but not measured: 1 + 6 per model.
    sent = [r.body["model"] for r in script.chat_requests]
    assert sent.count("test-model") == 7 and sent.count("missing-model") == 7
    assert all(r.body["options"]["num_predict"] == 16 for r in script.chat_requests)
    assert script.most_open_streams == 2  # concurrency 2: two streams at once, never more

    run = (await client(REPORT, {"id": started["id"]}))["run"]
    assert run["items"]["totalCount"] == 12
    report = run["report"]
    assert report["__typename"] == "BenchmarkResult"
    assert (report["prompts"], report["iterations"], report["concurrency"], report["warmup"]) == (2, 3, 2, 1)
    good, bad = report["models"]
    assert (good["model"], good["iterations"], good["errors"]) == ("ollama:test-model", 6, 0)
    assert 0 < good["timeToFirstTokenMs"]["p50"] <= good["timeToFirstTokenMs"]["p95"]
    assert 0 < good["latencyMs"]["p50"] <= good["latencyMs"]["p95"]
    assert good["tokensPerSecond"]["p50"] > 0 and good["outputTokens"]["p50"] == 5
    assert good["details"]["provider"] == "ollama"
    assert (bad["errors"], bad["timeToFirstTokenMs"]["p50"]) == (6, None)
    assert report["hardware"]["logical_cores"] >= 1 and report["hardware"]["memory_total_bytes"] > 0

    # The same items as CSV and JSON, through the field and the download route.
    async with httpx.AsyncClient(base_url=live) as http:
        response = await http.get(f"/runs/{started['id']}/export.csv")
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == 12 and {r["status"] for r in rows} == {"ok", "error"}
        assert (await http.get(f"/runs/{started['id']}/export.xml")).status_code == 404
        missing = "UnVuOjAxYTIwMDc5LTlkMDctNzU3Yi05YzQwLTA2ZDg4ZjQ3ODFhNQ=="
        assert (await http.get(f"/runs/{missing}/export.json")).status_code == 404
    # Side by side with a second run of one model.
    second = (
        await client(
            BENCH, {"input": {"models": ["ollama:test-model"], "prompts": ["p"], "iterations": 1, "warmup": 0}}
        )
    )["startBenchmark"]
    await follow(live, second["id"])
    compared = (
        await client(
            """query($ids: [ID!]!, $models: [String!]) { compareBenchmarks(ids: $ids, models: $models) {
                 runId status machine result { model iterations errors latencyMs { p50 } } } }""",
            {"ids": [started["id"], second["id"]], "models": ["ollama:test-model"]},
        )
    )["compareBenchmarks"]
    assert [(r["runId"], r["result"]["model"], r["result"]["iterations"]) for r in compared] == [
        (started["id"], "ollama:test-model", 6),
        (second["id"], "ollama:test-model", 1),
    ]
    assert all(r["status"] == "SUCCEEDED" and "cores" in r["machine"] for r in compared)
    not_a_benchmark = await client.raw(
        "query($ids: [ID!]!) { compareBenchmarks(ids: $ids) { runId } }", {"ids": [second["id"], "bad"]}
    )
    assert not_a_benchmark["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    gone = "UnVuOjAxYTIwMDc5LTlkMDctNzU3Yi05YzQwLTA2ZDg4ZjQ3ODFhNQ=="
    not_found = await client.raw("query($ids: [ID!]!) { compareBenchmarks(ids: $ids) { runId } }", {"ids": [gone]})
    assert not_found["errors"][0]["extensions"]["code"] == "NOT_FOUND"

    exported = await client("query($id: ID!) { runExport(id: $id, format: JSON) }", {"id": started["id"]})
    document = json.loads(exported["runExport"])
    assert document["run"]["kind"] == "benchmark" and len(document["items"]) == 12


async def test_bad_benchmark_input_is_refused_before_anything_runs(live: str, client: GQL) -> None:
    cases = [
        ({"models": []}, "models"),
        ({"models": ["nonsense"]}, "models"),
        ({"models": ["ollama:a"], "maxTokens": 0}, "maxTokens"),
        ({"models": ["ollama:a", "ollama:a"]}, "models"),
        ({"models": ["ollama:a"], "iterations": 0}, "iterations"),
        ({"models": ["ollama:a"], "concurrency": 99}, "concurrency"),
        ({"models": ["ollama:a"], "promptSet": "poetry"}, "promptSet"),
        ({"models": ["ollama:a"], "prompts": ["x"], "promptSet": "short"}, "prompts"),
        ({"models": ["ollama:a"], "prompts": ["  "]}, "prompts"),
    ]
    for input_, field in cases:
        refused = (await client(BENCH, {"input": input_}))["startBenchmark"]
        assert refused["__typename"] == "ValidationError", (input_, refused)
        assert refused["field"] == field, (input_, refused)
    assert (await client("{ runs { totalCount } }"))["runs"]["totalCount"] == 0
    sets = (await client("{ benchmarkPromptSets }"))["benchmarkPromptSets"]
    assert set(sets) == {"general", "coding", "short"}


async def test_a_cancelled_benchmark_keeps_what_it_measured(live: str, client: GQL, script: Script) -> None:
    script.tokens_per_second = 20
    script.tokens = [f"t{i} " for i in range(20)]
    started = (
        await client(
            BENCH, {"input": {"models": ["ollama:test-model"], "prompts": ["p"], "iterations": 50, "warmup": 0}}
        )
    )["startBenchmark"]
    async with graphql_ws(live) as ws:
        events = []
        async for payload in ws.subscribe(EVENTS, {"id": started["id"]}):
            events.append(payload["data"]["runEvents"])
            if events[-1]["__typename"] == "RunItemFinished" and events[-1]["item"]["index"] == 1:
                await client("mutation($id: ID!) { cancelRun(id: $id) { __typename } }", {"id": started["id"]})
    assert events[-1]["status"] == "CANCELLED"
    run = (await client(REPORT, {"id": started["id"]}))["run"]
    assert 2 <= run["items"]["totalCount"] < 50
    assert run["report"]["models"][0]["iterations"] == run["items"]["totalCount"]


async def test_generation_renders_each_item_in_order(live: str, client: GQL, script: Script) -> None:
    agent = await create_agent(client, name="Writer", model="ollama:test-model", systemPrompt="Write warmly.")
    started = (
        await client(
            GEN,
            {
                "input": {
                    "agentId": agent["id"],
                    "template": "Greet {{ name }} in {{ lang | upper }} (item {{ index }}).",
                    "items": [
                        {"name": "Ada", "lang": "en"},
                        {"name": "Bo", "lang": "sv"},
                        {"name": "Cy", "lang": "fr"},
                    ],
                    "maxTokens": 8,
                }
            },
        )
    )["startGeneration"]
    assert (started["__typename"], started["kind"]) == ("Run", "GENERATION")
    events = await follow(live, started["id"])
    assert events[-1]["status"] == "SUCCEEDED"
    prompts = [r.body["messages"] for r in script.chat_requests]
    assert [m[-1]["content"] for m in prompts] == [
        "Greet Ada in EN (item 0).",
        "Greet Bo in SV (item 1).",
        "Greet Cy in FR (item 2).",
    ]
    assert all(m[0] == {"role": "system", "content": "Write warmly."} for m in prompts)
    finished = [e["item"] for e in events if e["__typename"] == "RunItemFinished"]
    assert [i["index"] for i in finished] == [0, 1, 2]
    assert finished[1]["input"] == {"item": {"name": "Bo", "lang": "sv"}, "prompt": "Greet Bo in SV (item 1)."}
    report = (await client(REPORT, {"id": started["id"]}))["run"]["report"]
    assert report == {
        "__typename": "GenerationResult",
        "target": f"agent:{__import__('base64').b64decode(agent['id']).decode().split(':', 1)[1]}",
        "items": 3,
        "succeeded": 3,
        "failed": 0,
        "outputs": ["The answer is 42."] * 3,
    }


async def test_template_errors_are_clear_and_start_nothing(live: str, client: GQL) -> None:
    items = [{"name": "Ada", "lang": "en"}, {"name": "Bo"}]
    cases = [
        (
            {"model": "ollama:test-model", "template": "Hi {{ name }} ({{ lang }})", "items": items},
            "items.1",
            "'lang' is undefined",
        ),
        ({"model": "ollama:test-model", "template": "Hi {{ name ", "items": items}, "template", "syntax error"),
        (
            {"model": "ollama:test-model", "template": "{{ item.__class__.__mro__ }}", "items": items},
            "template",
            "not allowed",
        ),
        ({"model": "ollama:test-model", "template": "Hi", "items": []}, "items", "must not be empty"),
        ({"template": "Hi", "items": items}, "model", "either a model or an agent"),
    ]
    for input_, field, words in cases:
        refused = (await client(GEN, {"input": input_}))["startGeneration"]
        assert refused["__typename"] == "ValidationError" and refused["field"] == field, (input_, refused)
        assert words in refused["message"], refused
    missing = await client(GEN, {"input": {"agentId": "QWdlbnQ6bm9uZQ==", "template": "Hi", "items": [1]}})
    assert missing["startGeneration"]["__typename"] == "NotFoundError"
    assert (await client("{ runs { totalCount } }"))["runs"]["totalCount"] == 0


async def test_runs_are_filtered_and_private(make_settings: Any) -> None:
    async with running(make_settings(auth_mode="multi", secret_key="s" * 40)) as (_, anonymous):
        alice = await register(anonymous, "alice")
        bob = await register(anonymous, "bob")
        run = (await alice(BENCH, {"input": {"models": ["ollama:nowhere"], "prompts": ["p"], "iterations": 1}}))[
            "startBenchmark"
        ]
        mine = await alice('{ runs(filter: {kind: BENCHMARK, model: "ollama:nowhere"}) { totalCount } }')
        assert mine["runs"]["totalCount"] == 1
        other = await alice('{ runs(filter: {model: "ollama:elsewhere"}) { totalCount } }')
        assert other["runs"]["totalCount"] == 0
        assert (await bob("{ runs { totalCount } }"))["runs"]["totalCount"] == 0
        peek = await bob.raw("query($id: ID!) { runExport(id: $id, format: CSV) }", {"id": run["id"]})
        assert peek["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        response = await bob.client.get(
            f"/runs/{run['id']}/export.csv", headers={"authorization": f"Bearer {bob.token}"}
        )
        assert response.status_code == 404
        owner = await alice.client.get(
            f"/runs/{run['id']}/export.json", headers={"authorization": f"Bearer {alice.token}"}
        )
        assert owner.status_code == 200 and owner.json()["run"]["kind"] == "benchmark"
        anonymous_download = await anonymous.client.get(f"/runs/{run['id']}/export.csv")
        assert anonymous_download.status_code == 401


async def test_benchmark_of_the_local_model(live: str, client: GQL) -> None:
    started = (
        await client(
            BENCH,
            {"input": {"models": ["local:gemma-3-270m"], "prompts": ["Say hi."], "iterations": 2, "maxTokens": 4}},
        )
    )["startBenchmark"]
    events = await follow(live, started["id"])
    assert events[-1]["status"] == "SUCCEEDED", events[-3:]
    report = (await client(REPORT, {"id": started["id"]}))["run"]["report"]
    local = report["models"][0]
    assert (local["iterations"], local["errors"]) == (2, 0)
    assert local["tokensPerSecond"]["p50"] > 0 and local["timeToFirstTokenMs"]["p50"] > 0
    assert local["outputTokens"]["p95"] <= 4
    assert report["hardware"]["llama_cpp"]["version"]  # the build that ran it


async def test_a_cancelled_generation_resumes_where_it_stopped(live: str, client: GQL, script: Script) -> None:
    script.tokens_per_second = 40
    script.tokens = [f"w{i} " for i in range(8)]
    items = [{"n": i} for i in range(4)]
    started = (
        await client(GEN, {"input": {"model": "ollama:test-model", "template": "Item {{ n }}", "items": items}})
    )["startGeneration"]
    async with graphql_ws(live) as ws:
        events = []
        async for payload in ws.subscribe(EVENTS, {"id": started["id"]}):
            events.append(payload["data"]["runEvents"])
            if events[-1]["__typename"] == "RunItemFinished" and events[-1]["item"]["index"] == 0:
                await client("mutation($id: ID!) { cancelRun(id: $id) { __typename } }", {"id": started["id"]})
    assert events[-1]["status"] == "CANCELLED"
    last_seq = events[-1]["seq"]
    kept = (await client(REPORT, {"id": started["id"]}))["run"]["items"]["nodes"]
    assert kept[0] == {"index": 0, "status": "OK", "output": "".join(script.tokens)}

    resumed = await client(
        "mutation($id: ID!) { resumeRun(id: $id) { __typename ... on Run { id status } } }", {"id": started["id"]}
    )
    assert resumed["resumeRun"] == {"__typename": "Run", "id": started["id"], "status": "QUEUED"}
    async with graphql_ws(live) as ws:
        more = [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": started["id"], "after": last_seq})]
    assert more[0]["status"] == "QUEUED" and more[-1]["status"] == "SUCCEEDED"
    run = (await client(REPORT, {"id": started["id"]}))["run"]
    assert [(n["index"], n["status"]) for n in run["items"]["nodes"]] == [(i, "OK") for i in range(4)]
    assert run["report"]["succeeded"] == 4 and run["report"]["failed"] == 0
    # Item 0 was generated once; the item that was cut off by the cancel was generated again.
    prompts = [r.body["messages"][-1]["content"] for r in script.chat_requests]
    assert prompts.count("Item 0") == 1 and all(prompts.count(f"Item {i}") >= 1 for i in range(4))
    # A replay from the start runs through the old end to the new one.
    async with graphql_ws(live) as ws:
        everything = [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": started["id"]})]
    statuses = [e["status"] for e in everything if e["__typename"] == "RunStatusChanged"]
    assert statuses[statuses.index("CANCELLED") :] == ["CANCELLED", "QUEUED", "RUNNING", "SUCCEEDED"], statuses

    refused = await client(
        "mutation($id: ID!) { resumeRun(id: $id) { __typename ... on ValidationError { message } } }",
        {"id": started["id"]},
    )
    assert "only a FAILED or CANCELLED run" in refused["resumeRun"]["message"]


async def test_a_resumed_benchmark_measures_only_what_is_missing(live: str, client: GQL, script: Script) -> None:
    script.tokens_per_second = 40
    script.tokens = [f"w{i} " for i in range(8)]
    started = (
        await client(
            BENCH, {"input": {"models": ["ollama:test-model"], "prompts": ["p"], "iterations": 4, "warmup": 0}}
        )
    )["startBenchmark"]
    async with graphql_ws(live) as ws:
        async for payload in ws.subscribe(EVENTS, {"id": started["id"]}):
            event = payload["data"]["runEvents"]
            if event["__typename"] == "RunItemFinished" and event["item"]["index"] == 1:
                await client("mutation($id: ID!) { cancelRun(id: $id) { __typename } }", {"id": started["id"]})
    measured_before = len(script.chat_requests)
    resumed = await client("mutation($id: ID!) { resumeRun(id: $id) { __typename } }", {"id": started["id"]})
    assert resumed["resumeRun"]["__typename"] == "Run"
    async with graphql_ws(live) as ws:
        events = [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": started["id"]})]
    assert events[-1]["status"] == "SUCCEEDED"
    run = (await client(REPORT, {"id": started["id"]}))["run"]
    assert [n["index"] for n in run["items"]["nodes"]] == [0, 1, 2, 3]
    assert run["report"]["models"][0]["iterations"] == 4 and run["report"]["models"][0]["errors"] == 0
    assert len(script.chat_requests) - measured_before == 4 - 2  # only the two it had not measured

    chat = await client(
        'mutation { createAgent(input: {name: "A", model: "ollama:test-model"}) { ... on Agent { id } } }'
    )
    turn = await client(
        'mutation($a: ID!) { sendMessage(input: {agentId: $a, text: "hi"}) { ... on ChatTurn { run { id } } } }',
        {"a": chat["createAgent"]["id"]},
    )
    refused = await client(
        "mutation($id: ID!) { resumeRun(id: $id) { __typename ... on ValidationError { message } } }",
        {"id": turn["sendMessage"]["run"]["id"]},
    )
    assert "CHAT runs cannot be resumed" in refused["resumeRun"]["message"]
