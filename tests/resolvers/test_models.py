"""Models and hardware: the `hardware` query, MODEL_PULL runs (progress, cancel, failure), deleteModel, and
who may do what. Ollama is the official client talking to the wire-faithful fake in tests/fakes/ollama.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from app import create_app
from services import hardware
from services.errors import ValidationFailed
from services.model_management import KIB, ollama_model
from tests.conftest import GQL, MULTI_SECRET, chat_settings, register
from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.gqlws import graphql_ws

MIB = 1024 * 1024
LAYERS = [3 * MIB, 1 * MIB, 567]  # a model blob, then small ones (template, params)
PULL = """mutation($name: String!) { pullModel(name: $name) {
  __typename ... on Run { id kind status model } ... on ValidationError { message code field } } }"""
DELETE = """mutation($name: String!) { deleteModel(name: $name) {
  __typename ... on ModelDeleted { name } ... on NotFoundError { message code id } ... on ValidationError { message } } }"""
EVENTS = """subscription($id: ID!) { runEvents(runId: $id) { __typename seq
  ... on RunProgress { done total fraction message } ... on RunStatusChanged { status error } } }"""
RUN = "query($id: ID!) { run(id: $id) { status error result progress model kind } }"
CANCEL = "mutation($id: ID!) { cancelRun(id: $id) { __typename ... on Run { status } ... on Error { code } } }"
HARDWARE = """{ hardware { cpuModel physicalCores logicalCores usableCores memoryTotalBytes memoryAvailableBytes
  gpus { name memoryBytes driver } os osRelease architecture platform pythonVersion
  llamaCpp { version systemInfo features { backend name value } backends gpuOffload mmap mlock } } }"""


@pytest.fixture
def script() -> Script:
    return Script(models=["test-model"], pullable={"tiny:1b": LAYERS}, pull_steps=4)


async def pull(gql: GQL, name: str) -> dict[str, Any]:
    return dict((await gql(PULL, {"name": name}))["pullModel"])


async def events(base: str, run_id: str) -> list[dict[str, Any]]:
    async with graphql_ws(base) as ws:
        return [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": run_id})]


def test_hardware_snapshot_parsers() -> None:
    features = hardware.parse_system_info("CUDA : ARCHS = 890 | USE_GRAPHS = 1 | CPU : SSE3 = 1 | AVX2 = 1 | ")
    assert [(f.backend, f.name, f.value) for f in features] == [
        ("CUDA", "ARCHS", "890"),
        ("CUDA", "USE_GRAPHS", "1"),
        ("CPU", "SSE3", "1"),
        ("CPU", "AVX2", "1"),
    ]
    gpus = hardware.parse_nvidia_smi("NVIDIA GeForce RTX 4090, 24564, 550.54\nTesla T4, [N/A], 535.1\n")
    assert gpus[0].memory_bytes == 24564 * MIB and gpus[0].driver == "550.54"
    assert gpus[1].name == "Tesla T4" and gpus[1].memory_bytes is None


def test_model_names() -> None:
    assert ollama_model("ollama:qwen2.5-coder:3b") == "qwen2.5-coder:3b"
    assert ollama_model("qwen2.5-coder:3b") == "qwen2.5-coder:3b"  # a tag, not a provider
    assert ollama_model("hf.co/org/model:Q4_K_M") == "hf.co/org/model:Q4_K_M"
    for bad in ("", "ollama:", "bad name", "x:", "local:gemma-3-270m", "anthropic:claude"):
        with pytest.raises(ValidationFailed):
            ollama_model(bad)


async def test_hardware_query(client: GQL) -> None:
    hw = (await client(HARDWARE))["hardware"]
    assert hw["logicalCores"] >= 1 and (hw["physicalCores"] or 1) >= 1 and hw["usableCores"] >= 1
    assert hw["memoryTotalBytes"] > 0 and 0 < hw["memoryAvailableBytes"] <= hw["memoryTotalBytes"]
    assert isinstance(hw["gpus"], list) and hw["os"] and hw["pythonVersion"].split()[0]
    llama = hw["llamaCpp"]
    assert llama["version"] and llama["features"] and "CPU" in llama["backends"]
    assert all(f["name"] and f["value"] for f in llama["features"])
    assert isinstance(llama["gpuOffload"], bool) and isinstance(llama["mmap"], bool)


async def test_pull_streams_progress_and_the_model_appears(live: str, client: GQL, script: Script) -> None:
    script.pull_frames_per_second = 25  # 12 layer frames in ~0.5 s: a few pass the coalescing window
    started = await pull(client, "ollama:tiny:1b")
    assert started["__typename"] == "Run" and started["kind"] == "MODEL_PULL"
    assert started["model"] == "ollama:tiny:1b" and started["status"] in ("QUEUED", "RUNNING")
    log = await events(live, started["id"])
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    assert log[-1]["__typename"] == "RunStatusChanged" and log[-1]["status"] == "SUCCEEDED"

    progress = [e for e in log if e["__typename"] == "RunProgress"]
    assert progress[0]["message"] == "pulling manifest" and progress[0]["total"] is None
    done = [p["done"] for p in progress]
    assert done == sorted(done)  # monotonic
    final = [p for p in progress if p["total"]][-1]
    assert final["done"] == final["total"] == sum(LAYERS) // KIB and final["fraction"] == 1.0
    assert [p["message"] for p in progress][-3:] == ["verifying sha256 digest", "writing manifest", "success"]
    assert any(p["message"].startswith("pulling ") and 0 < (p["fraction"] or 0) < 1 for p in progress)

    run = (await client(RUN, {"id": started["id"]}))["run"]
    assert run["status"] == "SUCCEEDED" and run["progress"] == 1.0
    result = run["result"]
    assert result["model"] == "ollama:tiny:1b" and result["status"] == "success"
    assert result["totalBytes"] == sum(LAYERS) and result["layers"] == 3 and result["digest"]

    listed = await client("{ models { name family contextLength sizeBytes } providers { name ok detail } }")
    models = {m["name"]: m for m in listed["models"]}
    assert models["ollama:tiny:1b"]["sizeBytes"] == sum(LAYERS), listed
    assert models["ollama:tiny:1b"]["family"] and models["ollama:tiny:1b"]["contextLength"]
    pulls = [r for r in script.requests if r.path == "/api/pull"]
    assert len(pulls) == 1 and pulls[0].body["model"] == "tiny:1b" and pulls[0].body["stream"] is True


async def test_pull_progress_is_coalesced(live: str, client: GQL, script: Script) -> None:
    script.pull_steps = 200  # 600 layer frames in well under a second
    started = await pull(client, "tiny:1b")  # a bare name means Ollama
    log = await events(live, started["id"])
    assert log[-1]["status"] == "SUCCEEDED"
    progress = [e for e in log if e["__typename"] == "RunProgress"]
    assert len(progress) < 40  # not one event per frame
    final = [p for p in progress if p["total"]][-1]
    assert final["done"] == final["total"]  # the last figures are never dropped


async def test_cancel_pull_closes_the_download(live: str, client: GQL, script: Script) -> None:
    script.pull_steps, script.pull_frames_per_second = 400, 40  # ~30 s if not cancelled
    started = await pull(client, "ollama:tiny:1b")
    async with graphql_ws(live) as ws:
        async for payload in ws.subscribe(EVENTS, {"id": started["id"]}):
            event = payload["data"]["runEvents"]
            if event["__typename"] == "RunProgress" and (event["fraction"] or 0) > 0:
                assert (await client(CANCEL, {"id": started["id"]}))["cancelRun"]["__typename"] == "Run"
            last = event
    assert last["__typename"] == "RunStatusChanged" and last["status"] == "CANCELLED"
    assert await script.wait_for_disconnect()  # the fake saw the HTTP stream close
    run = (await client(RUN, {"id": started["id"]}))["run"]
    assert run["status"] == "CANCELLED" and run["result"]["status"] == "cancelled"
    assert 0 < run["result"]["completedBytes"] < sum(LAYERS)
    names = {m["name"] for m in (await client("{ models { name } }"))["models"]}
    assert "ollama:tiny:1b" not in names


async def test_unknown_model_fails_with_ollamas_message(live: str, client: GQL) -> None:
    started = await pull(client, "ollama:no-such-model")
    log = await events(live, started["id"])
    assert log[-1]["status"] == "FAILED"
    assert "pull model manifest: file does not exist" in log[-1]["error"]
    assert "no-such-model" in log[-1]["error"]
    run = (await client(RUN, {"id": started["id"]}))["run"]
    assert run["status"] == "FAILED" and run["error"] == log[-1]["error"]


async def test_bad_pull_names_are_refused(client: GQL, script: Script) -> None:
    local = await pull(client, "local:gemma-3-270m")
    assert local["__typename"] == "ValidationError" and "provider local does not support" in local["message"]
    assert (await pull(client, "has spaces"))["field"] == "name"
    assert not [r for r in script.requests if r.path == "/api/pull"]


async def test_delete_model(client: GQL, script: Script) -> None:
    deleted = (await client(DELETE, {"name": "ollama:test-model"}))["deleteModel"]
    assert deleted == {"__typename": "ModelDeleted", "name": "ollama:test-model"}
    assert "test-model" not in script.models
    missing = (await client(DELETE, {"name": "ollama:test-model"}))["deleteModel"]
    assert missing["__typename"] == "NotFoundError" and missing["code"] == "NOT_FOUND"
    assert missing["id"] == "ollama:test-model"
    local = (await client(DELETE, {"name": "local:gemma-3-270m"}))["deleteModel"]
    assert local["__typename"] == "ValidationError"
    assert local["message"].startswith("provider local does not support deleting models")
    names = {m["name"] for m in (await client("{ models { name } }"))["models"]}
    assert "ollama:test-model" not in names and "local:gemma-3-270m" in names


# --------------------------------------------------------------------------- multi-user


@pytest.fixture
def multi_live(make_settings: Any, ollama_host: str) -> Iterator[str]:
    settings = chat_settings(make_settings, ollama_host, auth_mode="multi", secret_key=MULTI_SECRET)
    with serve(create_app(settings), lifespan="on") as base:
        yield base


@pytest.fixture
async def multi_client(multi_live: str) -> AsyncIterator[GQL]:
    async with httpx.AsyncClient(base_url=multi_live, timeout=30) as http:
        yield GQL(http)


async def test_only_admins_manage_models_and_pulls_are_owned(
    multi_live: str, multi_client: GQL, script: Script
) -> None:
    admin = await register(multi_client, "admin")  # the first user is the admin
    bob = await register(multi_client, "bob")
    for mutation in (PULL, DELETE):
        body = await bob.raw(mutation, {"name": "ollama:tiny:1b"})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
    assert not [r for r in script.requests if r.path in ("/api/pull", "/api/delete")]
    assert (await bob("{ hardware { logicalCores } }"))["hardware"]["logicalCores"] >= 1  # reading is fine

    script.pull_steps, script.pull_frames_per_second = 400, 40
    started = await pull(admin, "ollama:tiny:1b")
    assert started["__typename"] == "Run"
    # Bob can neither see nor cancel the admin's pull, nor follow its events.
    seen = await bob.raw(RUN, {"id": started["id"]})
    assert seen["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    refused = (await bob(CANCEL, {"id": started["id"]}))["cancelRun"]
    assert refused == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    listed = (await bob("{ runs(filter: {kind: MODEL_PULL}) { edges { node { id } } } }"))["runs"]["edges"]
    assert listed == []
    async with graphql_ws(multi_live, bob.token) as ws:
        try:
            payloads = [p async for p in ws.subscribe(EVENTS, {"id": started["id"]})]
        except RuntimeError as exc:  # an `error` message
            payloads = [{"errors": [{"message": str(exc), "extensions": {"code": "NOT_FOUND"}}]}]
    assert [p["errors"][0]["extensions"]["code"] for p in payloads] == ["NOT_FOUND"]
    assert (await admin(RUN, {"id": started["id"]}))["run"]["status"] in ("QUEUED", "RUNNING")

    assert (await admin(CANCEL, {"id": started["id"]}))["cancelRun"]["__typename"] == "Run"
    for _ in range(100):
        if (await admin(RUN, {"id": started["id"]}))["run"]["status"] == "CANCELLED":
            break
        await asyncio.sleep(0.05)
    assert (await admin(RUN, {"id": started["id"]}))["run"]["status"] == "CANCELLED"
