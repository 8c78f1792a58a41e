"""Making a backup: the database (one consistent snapshot), the vectors, the content blobs and the config without
secrets, staged in a directory and packed into one artifact with its manifest (services.backup.artifact).

Consistency: the database is read from one snapshot (SQLite: a copy made with its online backup API, which
writers do not wait for; Postgres: a REPEATABLE READ, READ ONLY transaction). The vectors and blobs are read
after it, and only those of contents and memories in the snapshot are kept: ingestion writes vectors before the
chunk rows that name them, so every chunk in the snapshot has its vectors by then. (A content deleted between the
snapshot and the vector dump is restored without its vectors; `reindex(force: true)` rebuilds them. A blob
deleted the same way is counted in the manifest as `missingFiles`.)
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import sqlalchemy
import tomli_w
from sqlalchemy.ext.asyncio import AsyncEngine

from services.backup.artifact import FORMAT, FORMAT_VERSION, pack
from services.backup.tables import TableDump, dump_tables
from services.db.types import utcnow
from services.knowledge.blobs import BlobStore
from services.knowledge.vectors import VectorStore
from services.settings import Settings, read_config_file

Progress = Callable[[int, int, str], Awaitable[None]]
STEPS = 5
VECTOR_PAGE = 512
# Keys whose values are (or may hold) secrets wherever they appear in the config file: left out of the backup.
SECRET_SUFFIXES = ("key", "secret", "password", "token")
SECRET_KEYS = ("database_url", "pubsub_url")  # URLs that may carry a password


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    manifest: dict[str, Any]


async def _no_progress(done: int, total: int, message: str) -> None:
    return None


async def create_backup(
    engine: AsyncEngine,
    vectors: VectorStore,
    blobs: BlobStore,
    settings: Settings,
    output: Path,
    progress: Progress = _no_progress,
) -> BackupResult:
    """Write the artifact to `output` (atomically: a failure leaves nothing there)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=output.parent))
    try:
        await progress(0, STEPS, "snapshotting the database")
        dump = await snapshot_database(engine, staging)
        await progress(1, STEPS, f"database: {sum(dump.rows.values())} rows")
        points = await dump_vectors(vectors, staging, dump)
        await progress(2, STEPS, f"vectors: {sum(points.values())} points")
        files, missing = await asyncio.to_thread(copy_blobs, blobs, staging, dump.blob_digests)
        await progress(3, STEPS, f"files: {files} blobs")
        has_config = await asyncio.to_thread(write_config, settings, staging)
        manifest = {
            "format": FORMAT,
            "formatVersion": FORMAT_VERSION,
            "createdAt": utcnow().isoformat(),
            "switchboardVersion": _version(),
            "schemaRevision": dump.revision,
            "database": {"dialect": engine.dialect.name, "datetimeColumns": dump.datetimes},
            "counts": {
                "tables": dump.rows,
                "vectors": points,
                "files": files,
                "missingFiles": missing,
            },
            "config": has_config,
        }
        await progress(4, STEPS, "writing the artifact")
        packed = await asyncio.to_thread(pack, staging, manifest, output)
        await progress(5, STEPS, f"backup written: {packed.size} bytes")
        return BackupResult(output, packed.size, packed.sha256, manifest)
    finally:
        await asyncio.to_thread(shutil.rmtree, staging, True)


def _version() -> str:
    try:
        return metadata.version("switchboard")
    except metadata.PackageNotFoundError:
        return "unknown"


async def snapshot_database(engine: AsyncEngine, staging: Path) -> TableDump:
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:":
            raise ValueError("an in-memory SQLite database cannot be backed up")
        return await asyncio.to_thread(_sqlite_snapshot, Path(database), staging)
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="REPEATABLE READ")
        await connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        try:
            return await connection.run_sync(dump_tables, staging)
        finally:
            await connection.rollback()


def _sqlite_snapshot(database: Path, staging: Path) -> TableDump:
    """SQLite's online backup API copies the live database page by page into a file of ours; the copy is what
    is dumped (and deleted): the live database is read only for the copy, without blocking its writers."""
    copy = staging / ".snapshot.sqlite"
    source = sqlite3.connect(database)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    engine = sqlalchemy.create_engine(f"sqlite:///{copy}")
    try:
        with engine.connect() as connection:
            return dump_tables(connection, staging)
    finally:
        engine.dispose()
        copy.unlink(missing_ok=True)


async def dump_vectors(vectors: VectorStore, staging: Path, dump: TableDump) -> dict[str, int]:
    """Every point (dense and sparse vectors, payload) of the contents and memories in the snapshot, one JSON line
    each, per collection: restored as they are, with no embedding model needed."""
    folder = staging / "vectors"
    folder.mkdir()
    counts: dict[str, int] = {}
    for name in await vectors.collection_names():
        count, offset = 0, None
        with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            while True:
                points, offset = await vectors.scroll(name, offset=offset, limit=VECTOR_PAGE)
                for p in points:
                    if not _in_snapshot(p.payload, dump):
                        continue
                    line = {
                        "id": p.id,
                        "dense": p.dense,
                        "sparse": {"indices": p.sparse.indices, "values": p.sparse.values},
                        "payload": p.payload,
                    }
                    out.write(json.dumps(line, separators=(",", ":")))
                    out.write("\n")
                    count += 1
                if offset is None:
                    break
        counts[name] = count
    return counts


def _in_snapshot(payload: dict[str, Any], dump: TableDump) -> bool:
    if payload.get("kind") == "memory":
        return payload.get("memory_id") in dump.memory_ids
    return payload.get("content_id") in dump.content_ids


def copy_blobs(blobs: BlobStore, staging: Path, digests: set[str]) -> tuple[int, int]:
    """The blobs the snapshot's contents name, at their content-addressed paths under `files/`."""
    copied = missing = 0
    for digest in sorted(digests):
        source = blobs.path(digest)
        if not source.is_file():
            missing += 1
            continue
        target = staging / "files" / source.relative_to(blobs.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.hardlink_to(source)  # blobs are written once and never changed: a link is a copy
        except OSError:
            shutil.copyfile(source, target)
        copied += 1
    return copied, missing


def without_secrets(data: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in data.items():
        lowered = key.lower()
        if lowered in SECRET_KEYS or lowered.endswith(SECRET_SUFFIXES):
            continue
        clean[key] = without_secrets(value) if isinstance(value, dict) else value
    return clean


def write_config(settings: Settings, staging: Path) -> bool:
    """The config file without secrets (API keys, the signing key, the database and pub/sub URLs) as
    `config.toml`."""
    data = read_config_file(settings.resolved_config_file)
    if not data:
        return False
    with (staging / "config.toml").open("wb") as handle:
        tomli_w.dump(without_secrets(data), handle)
    return True
