"""Vectors: one `VectorStore` protocol, two backends chosen by configuration.

- `EdgeVectorStore` (the default): Qdrant Edge in this process, under `<data_dir>/vectors`; one process
  owns the folder.
- `ServerVectorStore`: a Qdrant server through `qdrant-client` (`SWITCHBOARD_QDRANT_URL`), for any number of
  processes.

The rest of the app sees only the protocol; `payloads` builds what each point carries.
"""

from __future__ import annotations

from pathlib import Path

from services.knowledge.vectors.base import (
    DENSE,
    KEYWORD_FIELDS,
    PREFIX,
    SPARSE,
    Hit,
    Mode,
    SparseVector,
    VectorPoint,
    VectorStore,
    VectorStoreError,
    collection_name,
)
from services.knowledge.vectors.edge import EdgeVectorStore
from services.knowledge.vectors.folder_lock import holder, locked
from services.knowledge.vectors.server import ServerVectorStore

__all__ = [
    "DENSE",
    "EDGE_FOLDER",
    "KEYWORD_FIELDS",
    "PREFIX",
    "SPARSE",
    "EdgeVectorStore",
    "Hit",
    "Mode",
    "ServerVectorStore",
    "SparseVector",
    "VectorPoint",
    "VectorStore",
    "VectorStoreError",
    "collection_name",
    "embedded_store_holder",
    "open_vector_store",
]


EDGE_FOLDER = "vectors"  # Qdrant Edge's folder in the data directory


def open_vector_store(*, url: str | None, data_dir: Path) -> VectorStore:
    """A Qdrant server when `url` is set, else Qdrant Edge in `<data_dir>/vectors`."""
    return ServerVectorStore(url=url) if url else EdgeVectorStore(data_dir / EDGE_FOLDER)


def embedded_store_holder(data_dir: Path) -> VectorStoreError | None:
    """Why this process cannot open the embedded store in `data_dir` now (another holds it), or None."""
    folder = data_dir / EDGE_FOLDER
    who = holder(folder)
    return None if who is None else locked(folder, who)
