"""The real thing: `switchboard serve` under uvicorn on loopback, as a user starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SWITCHBOARD = Path(sys.executable).parent / "switchboard"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    env.update(SWITCHBOARD_PORT=str(port), SWITCHBOARD_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.Popen(
        [str(SWITCHBOARD), "serve"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        else:
            pytest.fail("server did not start in 30 s")
        yield base, tmp_path / "data"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_serve_graphiql_and_queries_over_real_http(server: tuple[str, Path]) -> None:
    base, data_dir = server
    page = httpx.get(f"{base}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    created = httpx.post(
        f"{base}/graphql",
        json={
            "query": 'mutation { createAgent(input: {name: "Live", template: CORECODER}) { ... on Agent { name model } } }'
        },
    ).json()
    assert created == {"data": {"createAgent": {"name": "Live", "model": "ollama:qwen2.5-coder:3b"}}}
    introspection = httpx.post(f"{base}/graphql", json={"query": '{ __type(name: "Agent") { description } }'}).json()
    assert introspection["data"]["__type"]["description"].startswith("An AI agent")
    # Every file the server writes is in the data directory.
    assert (data_dir / "switchboard.db").exists() and (data_dir / "secret.key").exists()


def test_two_servers_side_by_side(server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    base, _ = server
    other = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    env.update(SWITCHBOARD_PORT=str(other), SWITCHBOARD_DATA_DIR=str(tmp_path_factory.mktemp("second")))
    proc = subprocess.Popen(
        [str(SWITCHBOARD), "serve"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{other}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        httpx.post(
            f"{base}/graphql", json={"query": 'mutation { createAgent(input: {name: "only-first"}) { __typename } }'}
        )
        count = httpx.post(f"http://127.0.0.1:{other}/graphql", json={"query": "{ agents { totalCount } }"}).json()
        assert count == {"data": {"agents": {"totalCount": 0}}}
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_local_mode_on_public_address_is_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    env.update(SWITCHBOARD_HOST="0.0.0.0", SWITCHBOARD_DATA_DIR=str(tmp_path))
    done = subprocess.run([str(SWITCHBOARD), "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "refusing to start" in done.stderr and "SWITCHBOARD_AUTH_MODE=multi" in done.stderr


def test_export_schema_command(tmp_path: Path) -> None:
    out = tmp_path / "schema.graphql"
    subprocess.run([str(SWITCHBOARD), "export-schema", "-o", str(out)], check=True, capture_output=True, timeout=60)
    assert out.read_text() == (ROOT / "schema.graphql").read_text()
