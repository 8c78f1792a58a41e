"""One process owns the embedded vector store's folder: an exclusive lock on `<folder>/.lock` says which."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from services.knowledge.vectors.base import VectorStoreError


def take_lock(path: Path) -> IO[str]:
    """An exclusive lock on `<path>/.lock` for the store's lifetime, holding this process's id for the error
    another process gets. flock belongs to the open file, so a second store in this process is refused too."""
    handle = (path / ".lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        who = _who(handle)
        handle.close()
        raise locked(path, who) from None
    handle.truncate(0)
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def holder(path: Path) -> str | None:
    """Who holds the folder now ("process N"), or None when nobody does. A look, not a lock."""
    lock_file = path / ".lock"
    if not lock_file.is_file():
        return None
    with lock_file.open("r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _who(handle)
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def _who(handle: IO[str]) -> str:
    pid = handle.read().strip()
    return f"process {pid}" if pid.isdigit() else "another process"


def locked(path: Path, who: str) -> VectorStoreError:
    return VectorStoreError(
        f"the embedded vector store (Qdrant Edge) at {path} is already open in {who}: it belongs to one "
        "process. Stop that process, or run a Qdrant server and set SWITCHBOARD_QDRANT_URL to share "
        "vectors between processes"
    )
