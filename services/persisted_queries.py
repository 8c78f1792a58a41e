"""Persisted GraphQL documents, by the sha256 of their text.

Two modes (settings.documents):
- `open`: any document runs, and Apollo's automatic persisted queries (APQ) work: a request may carry
  `extensions.persistedQuery = {version: 1, sha256Hash}` without its `query`. A known hash runs the stored
  document; an unknown one is PERSISTED_QUERY_NOT_FOUND, upon which the client sends the query with the hash.
  The hash is checked against the text (a mismatch is refused, never run) and the document is stored once it
  has passed validation, in the database, so every replica knows it. The table is bounded by count and total
  size; past either bound the least recently used documents go (down to 90 %, so eviction is rare).
- `trusted`: only the documents of a manifest (`{"<sha256>": "<document>"}`, written by codegen) run: by their
  hash (then the manifest's text runs, whatever text came with it: Apollo's WebSocket link sends its own print
  of the document beside the hash) or, without a hash, by their exact text. Anything else is
  DOCUMENT_NOT_TRUSTED.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services.db.models import PersistedQuery
from services.db.types import utcnow

VERSION = 1
_HASH = re.compile(r"[0-9a-f]{64}")
CACHE_SIZE = 1_000  # documents this process keeps in memory, most recently used first
TOUCH_SECONDS = 300.0  # how often a document in use refreshes its `last_used_at` (one UPDATE per process)
EVICT_TO = 0.9  # past a bound, evict down to this share of it


class ManifestError(ValueError):
    """The trusted-documents manifest cannot be read, or an entry's hash does not match its document."""


class Refused(Exception):
    """A persisted-document request that must not run: a GraphQL error with this code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Resolved:
    document: str
    register: str | None = None  # the hash to store once the document has passed validation


def sha256_hex(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def load_manifest(path: Path) -> dict[str, str]:
    """A manifest as codegen writes it: a JSON object of sha256 -> document; every hash is checked."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ManifestError(f"cannot read the trusted documents manifest {path}: {exc}") from exc
    if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
        raise ManifestError(f"{path} must be a JSON object of sha256 -> document text")
    for key, document in entries.items():
        if key != sha256_hex(document):
            raise ManifestError(f"{path}: the entry {key[:16]}... is not the sha256 of its document")
    return dict(entries)


class PersistedQueries:
    """The documents a server runs by hash: APQ in the database (open mode) or a manifest (trusted mode)."""

    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        read_db: async_sessionmaker[AsyncSession],
        *,
        trusted: Mapping[str, str] | None = None,
        max_documents: int = 10_000,
        max_bytes: int = 50_000_000,
        touch_seconds: float = TOUCH_SECONDS,
    ) -> None:
        self._db = db
        self._read = read_db
        self.trusted = trusted
        self.max_documents = max_documents
        self.max_bytes = max_bytes
        self.touch_seconds = touch_seconds
        self._cache: OrderedDict[str, tuple[str, float]] = OrderedDict()  # sha256 -> (document, last touch)

    async def resolve(self, query: str | None, extensions: Mapping[str, Any] | None) -> Resolved | None:
        """The document to run for a request's `query` and `extensions`, or None to leave the request as it is.
        Raises Refused for what must not run."""
        sha = _requested_hash(extensions)
        if self.trusted is not None:
            return self._trusted(query, sha)
        if sha is None:
            return None
        if not self.max_documents:
            raise Refused("PERSISTED_QUERY_NOT_SUPPORTED", "PersistedQueryNotSupported")
        if query is None:
            document = await self.get(sha)
            if document is None:
                raise Refused("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
            return Resolved(document)
        _check_hash(query, sha)
        return Resolved(query, register=None if sha in self._cache else sha)

    def _trusted(self, query: str | None, sha: str | None) -> Resolved | None:
        """A request's hash decides (the text beside it is not what runs); without one, the text's hash does."""
        assert self.trusted is not None
        if sha is None and query is None:
            return None  # no document at all: the usual "no query" error
        document = self.trusted.get(sha if sha is not None else sha256_hex(query or ""))
        if document is None:
            what = "document" if sha is None else "hash"
            raise Refused("DOCUMENT_NOT_TRUSTED", f"this server runs only trusted documents; this {what} is not one")
        return Resolved(document)

    async def get(self, sha: str) -> str | None:
        now = time.monotonic()
        if (cached := self._cache.get(sha)) is not None:
            self._cache.move_to_end(sha)
            document, touched = cached
            if now - touched >= self.touch_seconds:
                await self._touch(sha)
                self._remember(sha, document, now)
            return document
        async with self._read() as session:  # unknown hashes cost a read, never a write
            stored = (
                await session.execute(select(col(PersistedQuery.document)).where(col(PersistedQuery.sha256) == sha))
            ).scalar_one_or_none()
        if stored is None:
            return None
        await self._touch(sha)
        self._remember(sha, stored, now)
        return stored

    async def put(self, sha: str, document: str) -> None:
        """Store a checked, valid document (a no-op when a replica stored it first), then keep the bounds."""
        async with self._db() as session, session.begin():
            values = {
                "sha256": sha,
                "document": document,
                "size_bytes": len(document.encode("utf-8")),
                "created_at": utcnow(),
                "last_used_at": utcnow(),
            }
            dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
            await session.execute(dialect.insert(PersistedQuery).values(values).on_conflict_do_nothing())
            await self._evict(session)
        self._remember(sha, document, time.monotonic())

    async def count(self) -> int:
        async with self._db() as session:
            return int((await session.execute(select(func.count()).select_from(PersistedQuery))).scalar_one())

    async def _evict(self, session: AsyncSession) -> None:
        count, total = (
            await session.execute(select(func.count(), func.coalesce(func.sum(col(PersistedQuery.size_bytes)), 0)))
        ).one()
        if count <= self.max_documents and total <= self.max_bytes:
            return
        keep_count, keep_bytes = int(self.max_documents * EVICT_TO), int(self.max_bytes * EVICT_TO)
        oldest = await session.execute(
            select(col(PersistedQuery.sha256), col(PersistedQuery.size_bytes)).order_by(
                col(PersistedQuery.last_used_at), col(PersistedQuery.sha256)
            )
        )
        doomed: list[str] = []
        for sha, size in oldest:
            if count <= keep_count and total <= keep_bytes:
                break
            doomed.append(sha)
            count, total = count - 1, total - size
        for start in range(0, len(doomed), 500):  # bound the parameters of one statement
            batch = doomed[start : start + 500]
            await session.execute(delete(PersistedQuery).where(col(PersistedQuery.sha256).in_(batch)))
        for sha in doomed:
            self._cache.pop(sha, None)

    async def _touch(self, sha: str) -> None:
        async with self._db() as session, session.begin():
            await session.execute(
                update(PersistedQuery).where(col(PersistedQuery.sha256) == sha).values(last_used_at=utcnow())
            )

    def _remember(self, sha: str, document: str, now: float) -> None:
        self._cache[sha] = (document, now)
        self._cache.move_to_end(sha)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)


def _requested_hash(extensions: Mapping[str, Any] | None) -> str | None:
    """The hash of `extensions.persistedQuery`, checked for shape; None when the request has none."""
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, Mapping):
        raise Refused("BAD_REQUEST", "extensions.persistedQuery must be an object {version, sha256Hash}")
    if persisted.get("version") != VERSION:
        raise Refused("PERSISTED_QUERY_NOT_SUPPORTED", "PersistedQueryNotSupported: only version 1 is supported")
    sha = persisted.get("sha256Hash")
    if not isinstance(sha, str) or not _HASH.fullmatch(sha.lower()):
        raise Refused("BAD_REQUEST", "extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits")
    return sha.lower()


def _check_hash(query: str, sha: str) -> None:
    if sha256_hex(query) != sha:
        raise Refused(
            "PERSISTED_QUERY_HASH_MISMATCH",
            "extensions.persistedQuery.sha256Hash is not the sha256 of the query's text; nothing was run",
        )
