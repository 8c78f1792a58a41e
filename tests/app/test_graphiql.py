"""GraphiQL from the package's own files: the page, the bundle on disk, cache headers and the guard."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app import create_app
from app.graphiql import CSP, STATIC_DIR, manifest
from services.settings import load_settings
from tests.conftest import running
from tests.graphiql_page import TYPES, assets, foreign_hosts
from tests.paths import ROOT

BUILT_NAME = re.compile(r"(?:chunk|graphiql|editor\.worker|json\.worker|graphql\.worker)-[A-Z0-9]{8}\.(?:js|css)")
HTML = {"accept": "text/html"}


@pytest.fixture
async def client(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[httpx.AsyncClient]:
    """The app on its defaults (SQLite in tmp_path), on a loopback client."""
    settings: dict[str, Any] = getattr(request, "param", {})
    async with running(load_settings(data_dir=tmp_path, **settings)) as (_, gql):
        yield gql.client


async def test_the_page_loads_only_our_own_files(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers=HTML)
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert policy == CSP.format(sockets=" ws://127.0.0.1 wss://127.0.0.1") and "default-src 'self'" in policy
    assert page.headers["cache-control"] == "no-cache"
    assert foreign_hosts(page.text, "127.0.0.1") == []
    entry = manifest()["entry"]
    assert assets(page.text) == [f"/graphiql/{entry['style']}", f"/graphiql/{entry['script']}"]
    assert 'data-endpoint="/graphql" data-auth-mode="local"' in page.text
    for url in assets(page.text):
        asset = await client.get(url)
        assert asset.status_code == 200
        assert asset.headers["content-type"].startswith(TYPES[Path(url).suffix])
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("client", [{"auth_mode": "multi"}], indirect=True)
async def test_multi_mode_page_says_so(client: httpx.AsyncClient) -> None:
    # The page opens its headers editor with a hint on where the bearer token goes.
    page = await client.get("/graphql", headers=HTML)
    assert 'data-auth-mode="multi"' in page.text
    # A Host header that could break out of the policy is left out of it ('self' still applies).
    odd = await client.get("/graphql", headers={**HTML, "host": "a.example; script-src *"})
    assert "connect-src 'self';" in odd.headers["content-security-policy"]
    assert "script-src *" not in odd.headers["content-security-policy"]


async def test_manifest_and_licenses_are_revalidated(client: httpx.AsyncClient) -> None:
    for name, media in (("manifest.json", "application/json"), ("LICENSES.txt", "text/plain")):
        response = await client.get(f"/graphiql/{name}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert response.headers["cache-control"] == "no-cache"
    assert "graphiql@" in (await client.get("/graphiql/LICENSES.txt")).text


def test_the_committed_bundle_is_whole_and_has_nothing_stale() -> None:
    """Every file the entry script reaches (chunks, Monaco's workers) is on disk, and every built
    file on disk is reached: a rebuild committed by halves fails here."""
    built = {p.name for p in STATIC_DIR.iterdir() if BUILT_NAME.fullmatch(p.name)}
    entry = manifest()["entry"]
    reached, todo = {entry["style"]}, [entry["script"]]
    while todo:
        name = todo.pop()
        reached.add(name)
        assert name in built, f"{name} is referenced but missing from {STATIC_DIR}"
        if name.endswith(".js"):
            todo += [n for n in BUILT_NAME.findall((STATIC_DIR / name).read_text()) if n not in reached]
    assert set(manifest()["workers"].values()) <= reached
    assert built == reached, f"unreferenced: {sorted(built - reached)}"


def test_manifest_records_the_npm_versions_of_the_build() -> None:
    wanted = json.loads((ROOT / "clients" / "graphiql" / "package.json").read_text())["devDependencies"]
    recorded = manifest()["npm"]
    assert recorded == wanted  # the build script pins exact versions
    assert recorded["graphiql"].split(".")[0] == "5"
    assert {"graphiql", "@graphiql/react", "graphql-ws", "monaco-editor", "react"} <= set(manifest()["bundled"])


async def test_local_mode_guard_covers_the_assets(tmp_path: Path) -> None:
    app = create_app(load_settings(data_dir=tmp_path))  # the guard answers before any route: no lifespan needed
    script = f"/graphiql/{manifest()['entry']['script']}"
    local = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=local, base_url="http://127.0.0.1:8000") as http:
        # DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host header.
        rebound = await http.get(script, headers={"host": "evil.example:8000"})
        assert rebound.status_code == 403 and "addressed to localhost" in rebound.json()["errors"][0]["message"]
        assert (await http.get(script, headers={"host": "localhost:8000"})).status_code == 200
    remote = httpx.ASGITransport(app=app, client=("192.0.2.7", 40000))
    async with httpx.AsyncClient(transport=remote, base_url="http://127.0.0.1:8000") as http:
        assert (await http.get(script)).status_code == 403
        assert (await http.get("/graphql", headers=HTML)).status_code == 403


@pytest.mark.parametrize(
    "path", ["/graphiql/../view.py", "/graphiql/%2e%2e/view.py", "/graphiql/nope.js", "/graphiql/"]
)
async def test_nothing_outside_the_bundle_is_served(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 404
