"""`switchboard backup` and `switchboard restore`.

Backup opens the data directory itself when it can. When a running server holds the embedded vector store
(it belongs to one process), the command asks that server instead: `startBackup` with an admin's API key
(`--api-key` or SWITCHBOARD_API_KEY; none is needed for a `local` mode server), then downloads the artifact.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from services.backup.create import create_backup
from services.backup.restore import restore_backup
from services.db.engine import create_engine
from services.errors import ServiceError
from services.knowledge.blobs import BlobStore
from services.knowledge.vectors import VectorStoreError, open_vector_store
from services.settings import Settings

START = "mutation { startBackup { __typename ... on Run { id } ... on Error { message } } }"
STATUS = "query($id: ID!) { run(id: $id) { status error progress result } }"
POLL_SECONDS = 0.5


def default_output() -> Path:
    return Path(f"switchboard-backup-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.tar.gz")


def backup(settings: Settings, output: Path, *, url: str | None, api_key: str | None) -> str:
    """Write the artifact to `output`; returns a one-line summary. SystemExit with a reason when it cannot."""
    if url is None:
        try:
            return asyncio.run(_local(settings, output))
        except VectorStoreError:  # a server holds the embedded store: ask it
            url = server_url(settings)
    return _remote(url, api_key or os.environ.get("SWITCHBOARD_API_KEY"), output)


def server_url(settings: Settings) -> str:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    return f"http://{host}:{settings.port}"


async def _local(settings: Settings, output: Path) -> str:
    url = settings.resolved_database_url
    if url.startswith("sqlite") and not (settings.data_dir / "switchboard.db").exists() and not settings.database_url:
        raise SystemExit(f"nothing to back up: no database in {settings.data_dir.resolve()}")
    vectors = open_vector_store(url=settings.qdrant_url, data_dir=settings.data_dir)  # raises when a server holds it
    engine = create_engine(url)

    async def say(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}")

    try:
        made = await create_backup(engine, vectors, BlobStore(settings.data_dir / "files"), settings, output, say)
    finally:
        await vectors.aclose()
        await engine.dispose()
    return f"wrote {output} ({made.size} bytes, sha256 {made.sha256})"


def _remote(url: str, api_key: str | None, output: Path) -> str:
    headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
    print(f"a server holds the data directory: asking {url} for the backup")
    try:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
            started = _graphql(http, START)["startBackup"]
            if started["__typename"] != "Run":
                raise SystemExit(f"the server refused: {started.get('message')}")
            while True:
                run = _graphql(http, STATUS, {"id": started["id"]})["run"]
                if run["status"] not in ("QUEUED", "RUNNING"):
                    break
                time.sleep(POLL_SECONDS)
            if run["status"] != "SUCCEEDED":
                raise SystemExit(f"the backup run ended {run['status']}: {run['error']}")
            partial = output.with_name(output.name + ".partial")
            with http.stream("GET", run["result"]["download"]) as response:
                if response.status_code != 200:
                    raise SystemExit(f"downloading the backup failed: HTTP {response.status_code} {response.read()!r}")
                with partial.open("wb") as handle:
                    for block in response.iter_bytes():
                        handle.write(block)
            partial.replace(output)
    except httpx.HTTPError as exc:
        raise SystemExit(f"cannot reach the server at {url} ({exc}); pass --url, or stop the server") from None
    return f"wrote {output} ({run['result']['sizeBytes']} bytes, sha256 {run['result']['sha256']})"


def _graphql(http: httpx.Client, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = http.post("/graphql", json={"query": query, "variables": variables or {}})
    body = response.json() if response.headers.get("content-type", "").startswith("application") else {}
    if response.status_code != 200 or body.get("errors"):
        error = (body.get("errors") or [{"message": response.text[:200]}])[0]
        code = (error.get("extensions") or {}).get("code")
        hint = (
            ": an admin's API key is needed (--api-key or SWITCHBOARD_API_KEY)"
            if code in ("UNAUTHENTICATED", "FORBIDDEN") or response.status_code in (401, 403)
            else ""
        )
        raise SystemExit(f"the server refused ({error.get('message')}){hint}")
    return dict(body["data"])


def restore(settings: Settings, artifact: Path) -> str:
    async def say(message: str) -> None:
        print(message)

    try:
        done = asyncio.run(restore_backup(artifact, settings, say))
    except ServiceError as exc:
        raise SystemExit(f"nothing was restored: {exc.message}") from None
    return (
        f"restored {sum(done.rows.values())} rows, {sum(done.points.values())} vectors and {done.files} files "
        f"(schema {done.schema_revision}, migrated to the latest) into {done.data_dir}"
    )
