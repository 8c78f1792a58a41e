"""Restoring a backup into an empty data directory and an empty database, all or nothing.

Order: every member is verified against the manifest first (services.backup.artifact), and the schema revision
checked against the migrations this version knows; nothing is written to the target until both pass. The new
data directory is then built beside the target (`.<name>.restoring-*`): blobs, the config, the embedded vector
store and, for SQLite, the database, migrated to the backup's revision, loaded, then migrated to head. Only when
all of it is complete is the directory renamed into place. On Postgres the schema and every row are written in
one transaction, committed just before the rename, so a failure leaves the database as empty as it was.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, update
from sqlalchemy.engine import make_url
from sqlmodel import col

from services.backup.artifact import BackupInvalid, unpack_verified
from services.backup.tables import is_empty, load_tables
from services.db.engine import create_engine
from services.db.migrate import alembic_config
from services.db.models import Run
from services.errors import ServiceError
from services.knowledge.vectors import EDGE_FOLDER, EdgeVectorStore, ServerVectorStore, SparseVector, VectorPoint
from services.knowledge.vectors.base import VectorStore
from services.settings import Settings

Progress = Callable[[str], Awaitable[None]]
POINT_BATCH = 256


class RestoreRefused(ServiceError):
    """The target is not empty, or the backup cannot be restored here; nothing was changed."""

    code = "RESTORE_REFUSED"


@dataclass(frozen=True)
class RestoreResult:
    data_dir: Path
    schema_revision: str
    rows: dict[str, int]
    points: dict[str, int]
    files: int


async def _quiet(message: str) -> None:
    return None


async def restore_backup(artifact: Path, settings: Settings, progress: Progress = _quiet) -> RestoreResult:
    target = settings.data_dir.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RestoreRefused(f"{target} is not empty: restore goes into a new or empty data directory")
    sqlite_path = _sqlite_path(settings, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    try:
        staging, build = work / "artifact", work / "data"
        staging.mkdir()
        build.mkdir()
        await progress("verifying every member of the backup")
        manifest = await asyncio.to_thread(unpack_verified, artifact, staging)
        revision = _known_revision(manifest.get("schemaRevision"))
        await progress("restoring files and vectors")
        files = await asyncio.to_thread(_move_files, staging, build)
        url = f"sqlite+aiosqlite:///{build / sqlite_path}" if sqlite_path else settings.resolved_database_url
        datetimes = manifest.get("database", {}).get("datetimeColumns", {})
        if settings.qdrant_url:
            points, rows = await _with_server(settings.qdrant_url, staging, url, revision, datetimes, progress)
        else:
            embedded = EdgeVectorStore(build / EDGE_FOLDER)
            try:
                points = await load_vectors(embedded, staging)
            finally:
                await embedded.aclose()
            await progress("restoring the database")
            rows = await _restore_database(url, staging, revision, datetimes)
        await progress("moving the data directory into place")
        if target.exists():
            target.rmdir()
        build.rename(target)
        return RestoreResult(target, revision, rows, points, files)
    finally:
        await asyncio.to_thread(shutil.rmtree, work, True)


def _sqlite_path(settings: Settings, target: Path) -> Path | None:
    """Where the SQLite database goes, relative to the data directory; None for Postgres."""
    url = make_url(settings.resolved_database_url)
    if not url.drivername.startswith("sqlite"):
        return None
    database = Path(url.database or "").resolve()
    if not database.is_relative_to(target):
        raise RestoreRefused(
            f"the SQLite database {database} is outside the data directory {target}: restore builds the database "
            "inside the data directory (leave database_url unset), so that both appear at once"
        )
    return database.relative_to(target)


def _known_revision(revision: Any) -> str:
    script = ScriptDirectory.from_config(alembic_config())
    if not isinstance(revision, str):
        raise BackupInvalid("the manifest names no schema revision")
    known = {r.revision for r in script.walk_revisions()}
    if revision not in known:
        raise RestoreRefused(
            f"the backup's schema revision {revision!r} is not one this version of Switchboard knows (its latest is "
            f"{script.get_current_head()!r}): restore it with the version that made it, or a newer one"
        )
    return revision


def _move_files(staging: Path, build: Path) -> int:
    config = staging / "config.toml"
    if config.is_file():
        config.rename(build / "switchboard.toml")
    files = staging / "files"
    if not files.is_dir():
        return 0
    count = sum(1 for p in files.rglob("*") if p.is_file())
    files.rename(build / "files")
    return count


async def load_vectors(store: VectorStore, staging: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    folder = staging / "vectors"
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        name, batch, count = path.stem, [], 0
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                raw = json.loads(line)
                batch.append(
                    VectorPoint(
                        id=raw["id"],
                        dense=raw["dense"],
                        sparse=SparseVector(raw["sparse"]["indices"], raw["sparse"]["values"]),
                        payload=raw["payload"],
                    )
                )
                if len(batch) >= POINT_BATCH:
                    count += await _upsert(store, name, batch)
                    batch = []
        count += await _upsert(store, name, batch)
        counts[name] = count
    return counts


async def _upsert(store: VectorStore, name: str, batch: list[VectorPoint]) -> int:
    if not batch:
        return 0
    await store.ensure_collection(name, len(batch[0].dense))
    await store.upsert(name, batch)
    return len(batch)


async def _with_server(
    qdrant_url: str,
    staging: Path,
    url: str,
    revision: str,
    datetimes: dict[str, list[str]],
    progress: Progress,
) -> tuple[dict[str, int], dict[str, int]]:
    """A Qdrant server: checked empty first, written after the database (it has no transaction to roll back)."""
    server = ServerVectorStore(url=qdrant_url)
    try:
        names = await server.collection_names()
        if names:
            raise RestoreRefused(
                f"the Qdrant server already has collections ({', '.join(names)}): restore needs it empty"
            )
        await progress("restoring the database")
        rows = await _restore_database(url, staging, revision, datetimes)
        return await load_vectors(server, staging), rows
    finally:
        await server.aclose()


async def _restore_database(url: str, staging: Path, revision: str, datetimes: dict[str, list[str]]) -> dict[str, int]:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            return await connection.run_sync(_restore_sync, staging, revision, datetimes)
    finally:
        await engine.dispose()


def _restore_sync(
    connection: Connection, staging: Path, revision: str, datetimes: dict[str, list[str]]
) -> dict[str, int]:
    if not is_empty(connection):
        raise RestoreRefused("the database is not empty: restore goes into an empty database")
    command.upgrade(alembic_config(connection), revision)
    try:
        rows = load_tables(connection, staging, datetimes)
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupInvalid(f"the backup's tables do not load: {exc}") from None
    command.upgrade(alembic_config(connection), "head")
    # Runs in flight when the snapshot was taken belong to no process here: with no heartbeat, the restored
    # server's first start resolves them (resumable kinds queued again, the rest failed as interrupted).
    connection.execute(update(Run).where(col(Run.status) == "running").values(heartbeat_at=None))
    return rows
