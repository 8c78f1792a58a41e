"""Publish on commit (a transactional outbox, in memory).

Services never publish. Writing a run event, a queue change or a feed message records a publication as
pending on the session (`record`, `wake`, `cancel`); when the session's transaction commits, the pending
list moves to one publisher task that sends everything in commit order, and when it rolls back the list is
dropped. So a subscriber never hears of a row that is not in the database, and the database's order is the
order on the wire.

The scheduler listens on the control channel for `wake` and `cancel`, in this process as in the others, so
the same message wakes every dispatcher and reaches whichever process runs a cancelled run.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from services.pubsub import CONTROL, PubSub

log = structlog.get_logger("switchboard.outbox")
PENDING = "switchboard.outbox"


@dataclass(frozen=True)
class Publication:
    channel: str
    message: dict[str, Any]


def record(session: AsyncSession | Session, channel: str, message: dict[str, Any]) -> None:
    """Publish `message` on `channel` once this session's transaction commits (never if it rolls back)."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    sync.info.setdefault(PENDING, []).append(Publication(channel, message))


AFTER = "switchboard.after_commit"


def after_commit(
    session: AsyncSession | Session, done: Callable[[], None], undone: Callable[[], None] | None = None
) -> None:
    """Call `done` once this session's transaction commits (after its publications are queued), or `undone` if it
    rolls back. Both run synchronously, in the event loop's thread: they may start tasks, never await."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    sync.info.setdefault(AFTER, []).append((done, undone))


def wake(session: AsyncSession | Session, provider: str) -> None:
    """After commit, every process's dispatcher of `provider` looks at its queue."""
    record(session, CONTROL, {"op": "wake", "provider": provider})


def cancel(session: AsyncSession | Session, run_id: str) -> None:
    """After commit, the process running `run_id` stops it (its provider stream is closed)."""
    record(session, CONTROL, {"op": "cancel", "run_id": run_id})


def _call(callback: Callable[[], None]) -> None:
    try:
        callback()
    except Exception:  # the transaction is over either way; a failing callback must not look like its failure
        log.exception("after-commit callback failed")


class Outbox:
    """Owns the publisher task; `session_class` is the Session class whose commits it publishes."""

    def __init__(self, pubsub: PubSub) -> None:
        self.pubsub = pubsub
        self._queue: asyncio.Queue[list[Publication]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.published = 0  # publications sent, for tests and metrics
        self.session_class: type[Session] = type("OutboxSession", (Session,), {})
        event.listen(self.session_class, "after_commit", self._committed)
        event.listen(self.session_class, "after_rollback", self._rolled_back)
        event.listen(self.session_class, "after_soft_rollback", self._soft_rolled_back)

    def _committed(self, session: Session) -> None:
        pending = session.info.pop(PENDING, None)
        if pending:
            self._queue.put_nowait(pending)
        for done, _ in session.info.pop(AFTER, ()):
            _call(done)

    @staticmethod
    def _rolled_back(session: Session) -> None:
        session.info.pop(PENDING, None)
        for _, undone in session.info.pop(AFTER, ()):
            if undone is not None:
                _call(undone)

    @classmethod
    def _soft_rolled_back(cls, session: Session, previous_transaction: Any) -> None:
        if previous_transaction.parent is None:  # the outermost transaction, not a savepoint
            cls._rolled_back(session)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="background:outbox")

    async def stop(self) -> None:
        """Send what was committed, then stop."""
        if self._task is None:
            return
        await self.drained()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def drained(self) -> None:
        """Returns when everything committed so far has been published."""
        await self._queue.join()

    async def _run(self) -> None:
        while True:
            batch = await self._queue.get()
            try:
                for publication in batch:
                    try:
                        await self.pubsub.publish(publication.channel, publication.message)
                        self.published += 1
                    except Exception:  # one lost message must not stop the rest: followers read the log
                        log.exception("could not publish", channel=publication.channel)
            finally:
                self._queue.task_done()
