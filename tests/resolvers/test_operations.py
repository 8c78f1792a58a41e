"""startBackup and startCleanup: admin only, queued as runs with progress, the artifact downloadable by admins."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from services.backup.artifact import read_manifest
from tests.conftest import GQL, register

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

BACKUP = "mutation { startBackup { __typename ... on Run { id kind status } } }"
RUN = "query($id: ID!) { run(id: $id) { status result error } }"
LOG = "query($id: ID!) { runEventLog(runId: $id) { __typename ... on RunProgress { done total message } } }"


async def _finished(gql: GQL, run_id: str) -> dict[str, Any]:
    for _ in range(600):
        run = (await gql(RUN, {"id": run_id}))["run"]
        if run["status"] not in ("QUEUED", "RUNNING"):
            return dict(run)
        await asyncio.sleep(0.05)
    raise AssertionError("the run did not finish")


async def test_an_admin_backs_up_and_downloads_the_artifact(multi: GQL, tmp_path: Path) -> None:
    admin = await register(multi, "admin")
    bob = await register(multi, "bob")
    assert (await bob.raw(BACKUP))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await bob.raw("mutation { startCleanup { __typename } }"))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await admin('mutation { createAgent(input: {name: "Kept", model: "local:gemma-3-270m"}) { __typename } }')
    run = (await admin(BACKUP))["startBackup"]
    assert run["kind"] == "BACKUP"
    finished = await _finished(admin, run["id"])
    assert finished["status"] == "SUCCEEDED", finished
    result = finished["result"]
    progress = [e for e in (await admin(LOG, {"id": run["id"]}))["runEventLog"] if e["__typename"] == "RunProgress"]
    assert [p["done"] for p in progress] == [0, 1, 2, 3, 4, 5] and progress[-1]["total"] == 5

    client = multi.client
    assert (await client.get(result["download"])).status_code == 401
    bob_get = await client.get(result["download"], headers={"authorization": f"Bearer {bob.token}"})
    assert bob_get.status_code == 403
    got = await client.get(result["download"], headers={"authorization": f"Bearer {admin.token}"})
    assert got.status_code == 200 and len(got.content) == result["sizeBytes"]
    (tmp_path / "dl.tar.gz").write_bytes(got.content)
    manifest = read_manifest(tmp_path / "dl.tar.gz")
    assert (
        manifest["counts"]["tables"]["agents"] == 1 and manifest["counts"]["tables"]["users"] == 3
    )  # with the built-in local admin
    missing = await client.get("/backups/not-a-run", headers={"authorization": f"Bearer {admin.token}"})
    assert missing.status_code in (400, 404)


async def test_a_cleanup_without_policies_removes_nothing(gql: GQL) -> None:
    run = (await gql("mutation { startCleanup(dryRun: true) { ... on Run { id } } }"))["startCleanup"]
    finished = await _finished(gql, run["id"])
    assert finished["result"] == {
        "dryRun": True,
        "compactedRuns": 0,
        "compactedEvents": 0,
        "deletedRuns": 0,
        "deletedContents": 0,
        "deletedConversations": 0,
    }
