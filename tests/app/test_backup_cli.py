"""`switchboard backup` and `switchboard restore`: on a data directory nobody holds, and through the server that does."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from app import create_app
from app.cli import main
from services.settings import load_settings
from tests.conftest import GQL, MULTI_SECRET, register, running
from tests.fakes.server import serve

AGENT = 'mutation($n: String!) { createAgent(input: {name: $n, model: "local:gemma-3-270m"}) { __typename } }'
NAMES = "{ agents { nodes { name } } }"


async def _add_agent(data: Path, name: str) -> None:
    async with running(load_settings(data_dir=data)) as (_app, gql):
        await gql(AGENT, {"n": name})


async def _agent_names(data: Path) -> list[str]:
    async with running(load_settings(data_dir=data)) as (_app, gql):
        return [a["name"] for a in (await gql(NAMES))["agents"]["nodes"]]


def test_backup_then_restore_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, copy, artifact = tmp_path / "data", tmp_path / "copy", tmp_path / "b.tar.gz"
    asyncio.run(_add_agent(data, "Offline"))
    main(["backup", "-o", str(artifact), "--data-dir", str(data)])
    assert f"wrote {artifact}" in capsys.readouterr().out
    main(["restore", str(artifact), "--data-dir", str(copy)])
    assert "restored" in capsys.readouterr().out
    assert asyncio.run(_agent_names(copy)) == ["Offline"]
    with pytest.raises(SystemExit, match=r"nothing was restored: .* is not empty"):
        main(["restore", str(artifact), "--data-dir", str(copy)])
    with pytest.raises(SystemExit, match="nothing to back up"):
        main(["backup", "-o", str(tmp_path / "x.tar.gz"), "--data-dir", str(tmp_path / "nowhere")])


def test_backup_asks_the_server_that_holds_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data, copy, artifact = tmp_path / "data", tmp_path / "copy", tmp_path / "served.tar.gz"
    asyncio.run(_add_agent(data, "Served"))
    with serve(create_app(load_settings(data_dir=data)), lifespan="on") as base:
        monkeypatch.setenv("SWITCHBOARD_PORT", base.rsplit(":", 1)[1])
        main(["backup", "-o", str(artifact), "--data-dir", str(data)])
    out = capsys.readouterr().out
    assert "asking http://127.0.0.1:" in out and f"wrote {artifact}" in out
    main(["restore", str(artifact), "--data-dir", str(copy)])
    assert asyncio.run(_agent_names(copy)) == ["Served"]


def test_a_multi_mode_server_wants_an_admin_api_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data, artifact = tmp_path / "data", tmp_path / "multi.tar.gz"
    settings = load_settings(data_dir=data, auth_mode="multi", secret_key=MULTI_SECRET)
    with serve(create_app(settings), lifespan="on") as base:

        async def admin_key() -> str:
            async with httpx.AsyncClient(base_url=base) as http:
                admin = await register(GQL(http), "admin")  # the first user is the admin
                made = await admin('mutation { createApiKey(name: "backups") { ... on ApiKeyCreated { secret } } }')
                return str(made["createApiKey"]["secret"])

        key = asyncio.run(admin_key())
        monkeypatch.setenv("SWITCHBOARD_PORT", base.rsplit(":", 1)[1])
        monkeypatch.setenv("SWITCHBOARD_AUTH_MODE", "multi")
        with pytest.raises(SystemExit, match="an admin's API key is needed"):
            main(["backup", "-o", str(artifact), "--data-dir", str(data)])
        main(["backup", "-o", str(artifact), "--data-dir", str(data), "--api-key", key])
    assert f"wrote {artifact}" in capsys.readouterr().out
    assert not artifact.with_name(artifact.name + ".partial").exists()
