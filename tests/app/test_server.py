"""The real thing: `switchboard serve` under uvicorn on loopback, as a user starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.graphiql_page import TYPES, assets, foreign_hosts
from tests.paths import ROOT

SWITCHBOARD = Path(sys.executable).parent / "switchboard"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    env.update({f"SWITCHBOARD_{k.upper()}": v for k, v in settings.items()})
    return env


@contextmanager
def serving(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    """`switchboard serve` until /health answers; yields the base URL and, after exit, its output."""
    port = _free_port()
    proc = subprocess.Popen(
        [str(SWITCHBOARD), "serve", *args],
        cwd=ROOT,
        env={**_env(port=str(port), data_dir=str(data_dir)), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base, output = f"http://127.0.0.1:{port}", []
    try:
        deadline = time.monotonic() + 180  # imports alone take a minute on a loaded 2-core machine
        while True:
            assert proc.poll() is None, proc.communicate()[0]
            assert time.monotonic() < deadline, "server did not start in 180 s"
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base, output
    finally:
        proc.terminate()
        output.append(proc.communicate(timeout=20)[0])


def test_serve_graphiql_and_queries_over_real_http(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with serving(data_dir) as (base, _):
        page = httpx.get(f"{base}/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()
        # GraphiQL comes from the package: no URL in the page names another host, and what it loads answers.
        assert foreign_hosts(page.text, base.removeprefix("http://")) == []
        loaded = assets(page.text)
        assert sorted(Path(url).suffix for url in loaded) == [".css", ".js"]
        for url in loaded:
            asset = httpx.get(f"{base}{url}")
            assert asset.status_code == 200, url
            assert asset.headers["content-type"].startswith(TYPES[Path(url).suffix]), url
        created = httpx.post(
            f"{base}/graphql",
            json={
                "query": 'mutation { createAgent(input: {name: "Live", template: CORECODER}) { ... on Agent { name model } } }'
            },
        ).json()
        assert created == {"data": {"createAgent": {"name": "Live", "model": "ollama:qwen2.5-coder:3b"}}}
        introspection = httpx.post(
            f"{base}/graphql", json={"query": '{ __type(name: "Agent") { description } }'}
        ).json()
        assert introspection["data"]["__type"]["description"].startswith("An AI agent")
    # Every file the server writes is in the data directory.
    assert (data_dir / "switchboard.db").exists() and (data_dir / "secret.key").exists()


def test_two_servers_side_by_side(tmp_path: Path) -> None:
    with serving(tmp_path / "one") as (first, _), serving(tmp_path / "two") as (second, _):
        httpx.post(
            f"{first}/graphql", json={"query": 'mutation { createAgent(input: {name: "only-first"}) { __typename } }'}
        )
        counts = [
            httpx.post(f"{b}/graphql", json={"query": "{ agents { totalCount } }"}).json() for b in (first, second)
        ]
    assert [c["data"]["agents"]["totalCount"] for c in counts] == [1, 0]


def test_two_workers_start_together_on_a_fresh_data_dir(tmp_path: Path) -> None:
    # Shared pub/sub (the local Redis) and a Qdrant URL (never contacted here: vectors open on first use).
    extra = {"SWITCHBOARD_PUBSUB_URL": "redis://127.0.0.1:6379/0", "SWITCHBOARD_QDRANT_URL": "http://127.0.0.1:6333"}
    with serving(tmp_path / "data", "--workers", "2", env=extra) as (base, output):
        time.sleep(2)  # let the second worker finish its start-up too
        statuses = {httpx.post(f"{base}/graphql", json={"query": "{ ok }"}).status_code for _ in range(20)}
    assert statuses == {200}
    assert output[0].count("switchboard ready") == 2, output[0]
    assert "Traceback" not in output[0], output[0]


def test_local_mode_on_public_address_is_refused(tmp_path: Path) -> None:
    env = _env(host="0.0.0.0", data_dir=str(tmp_path))
    done = subprocess.run([str(SWITCHBOARD), "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "refusing to start" in done.stderr and "SWITCHBOARD_AUTH_MODE=multi" in done.stderr


def test_export_schema_command(tmp_path: Path) -> None:
    out = tmp_path / "schema.graphql"
    subprocess.run([str(SWITCHBOARD), "export-schema", "-o", str(out)], check=True, capture_output=True, timeout=60)
    assert out.read_text() == (ROOT / "schema.graphql").read_text()


def test_several_workers_need_shared_services(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(SWITCHBOARD), "serve", "--workers", "2"],
        env=_env(data_dir=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "SWITCHBOARD_PUBSUB_URL" in done.stderr and "SWITCHBOARD_QDRANT_URL" in done.stderr


@pytest.mark.parametrize("flags", [["--reload", "--workers", "2"]])
def test_conflicting_flags_are_explained(tmp_path: Path, flags: list[str]) -> None:
    done = subprocess.run(
        [str(SWITCHBOARD), "serve", *flags],
        env=_env(data_dir=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "--reload runs a single worker" in done.stderr


def test_logs_reach_a_redirected_file_line_by_line(tmp_path: Path) -> None:
    """Block-buffered stdout kept the log in memory until exit (and lost it on a kill)."""
    log_file = tmp_path / "server.log"
    port = _free_port()
    with log_file.open("w") as out:
        proc = subprocess.Popen(
            [str(SWITCHBOARD), "serve"],
            cwd=ROOT,
            # As a user's shell has it: this machine sets PYTHONUNBUFFERED, which hid the problem.
            env={
                k: v
                for k, v in _env(port=str(port), data_dir=str(tmp_path / "data")).items()
                if k != "PYTHONUNBUFFERED"
            },
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 180  # imports alone take a minute on a loaded 2-core machine
        while True:
            assert proc.poll() is None, log_file.read_text()
            assert time.monotonic() < deadline, "server did not start in 180 s"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        proc.kill()  # nothing gets a chance to flush now: what is in the file was written as it happened
        proc.wait(timeout=20)
        written = log_file.read_text()
        # The CLI's banner, structlog's ready line, and uvicorn's access log (all on stdout).
        for line in (
            f"Switchboard on http://127.0.0.1:{port}/graphql",
            "switchboard ready",
            '"GET /health HTTP/1.1" 200',
        ):
            assert line in written, written
    finally:
        if proc.poll() is None:
            proc.kill()
