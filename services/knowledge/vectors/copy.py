"""Copying vectors between stores: the in-place upgrade from qdrant-client's local mode, and moving to a server.

`move_embedded` copies the embedded store (Qdrant Edge, `<data_dir>/vectors`) into another store, a Qdrant
server for `switchboard move-vectors`: the way from one process to several without re-embedding anything.

Versions before Qdrant Edge kept vectors in qdrant-client's local mode under `<data_dir>/qdrant`. At
start-up `upgrade_legacy` copies every point of every collection from there into the configured store,
with its dense and sparse vectors and its payload, then renames the old folder to `qdrant.pre-edge`.
Copying the points, rather than re-embedding chunks from the database, loses nothing and needs no
embedding model: chunks of every model's collection, memories (points of kind "memory") and
caller-supplied EMBEDDING contents, whose vectors are in no cache. The old folder is renamed only after
every collection's count has been checked, so a stop part way leaves it in place and the next start copies
again (upserts by point id: nothing is doubled).
"""

from __future__ import annotations

import time
from pathlib import Path

import structlog

from services.knowledge.vectors import EDGE_FOLDER, EdgeVectorStore, ServerVectorStore, VectorStore, VectorStoreError

log = structlog.get_logger("switchboard.vectors")
LEGACY = "qdrant"  # qdrant-client local mode's folder in the data directory, before Qdrant Edge
UPGRADED = "qdrant.pre-edge"
PAGE = 512
LOG_EVERY_SECONDS = 5.0


def legacy_folder(data_dir: Path) -> Path | None:
    """The local-mode folder an earlier version left, if it still holds collections."""
    folder = data_dir / LEGACY
    return folder if (folder / "meta.json").is_file() else None


async def copy_all(source: VectorStore, target: VectorStore, *, what: str) -> int:
    """Every point of every collection of `source` into `target`; returns how many. Logs progress."""
    copied = 0
    for name in await source.collection_names():
        total = await source.count_where(name)
        done, offset, last_log = 0, None, time.monotonic()
        while True:
            points, offset = await source.scroll(name, offset=offset, limit=PAGE)
            if points:
                if done == 0:
                    await target.ensure_collection(name, len(points[0].dense))
                await target.upsert(name, points)
                done += len(points)
            if offset is None or time.monotonic() - last_log >= LOG_EVERY_SECONDS:
                log.info(what, collection=name, done=done, total=total)
                last_log = time.monotonic()
            if offset is None:
                break
        stored = await target.count_where(name)
        if stored < total:
            raise VectorStoreError(f"{what}: {name} has {stored} of {total} points after copying; nothing was removed")
        copied += done
    return copied


async def upgrade_legacy(data_dir: Path, target: VectorStore) -> int | None:
    """Move an earlier version's local-mode vectors into `target`; None when there were none to move."""
    folder = legacy_folder(data_dir)
    if folder is None:
        return None
    log.info("upgrading vectors: copying qdrant-client local mode into the configured store", source=str(folder))
    source = ServerVectorStore(path=folder)
    try:
        copied = await copy_all(source, target, what="upgrading vectors")
    finally:
        await source.aclose()
    kept = data_dir / UPGRADED
    if kept.exists():  # an earlier upgrade's copy: keep both
        kept = data_dir / f"{UPGRADED}-{int(time.time())}"
    folder.rename(kept)
    log.info("vectors upgraded; the old folder is kept, delete it when satisfied", points=copied, kept=str(kept))
    return copied


async def move_embedded(data_dir: Path, target: VectorStore) -> int:
    """Every point of the embedded store in `data_dir` into `target`; the embedded store is left as it was.
    Refused while a server process holds the embedded store: stop it first."""
    folder = data_dir / EDGE_FOLDER
    if not folder.is_dir():
        raise VectorStoreError(f"there is no embedded vector store at {folder}")
    source = EdgeVectorStore(folder)
    try:
        return await copy_all(source, target, what="copying vectors")
    finally:
        await source.aclose()
