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
        holder = handle.read().strip()
        handle.close()
        raise locked(path, holder) from None
    handle.truncate(0)
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def locked(path: Path, holder: str | None) -> VectorStoreError:
    who = f"process {holder}" if holder else "another process"
    return VectorStoreError(
        f"the embedded vector store (Qdrant Edge) at {path} is already open in {who}: it belongs to one "
        "process. Stop that process, or run a Qdrant server and set SWITCHBOARD_QDRANT_URL to share "
        "vectors between processes"
    )
