"""Executes queued runs: one dispatcher per provider (priority queue, concurrency limit), cancels that
reach whichever process runs the job, heartbeats, and recovery of runs a crash left behind."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services import metrics, tracing, usage
from services.db.models import Run
from services.db.types import utcnow
from services.pubsub import CONTROL, PubSub, run_channel
from services.runs import events, queue
from services.runs.event_kinds import EventKind, StatusChanged

log = structlog.get_logger("switchboard.runs")
RESERVATION_SECONDS = 60.0
# Delivery of a run's events is behind (streaming handlers then coalesce more) when its last event took longer than
# this to be handed to this process's subscribers, or one of them holds this many undelivered events (one is a
# send in progress).
BEHIND_SECONDS = 0.1
BEHIND_EVENTS = 2


@dataclass
class Outcome:
    """How a run ended; the scheduler writes it and the final status event."""

    status: str  # succeeded | failed | cancelled, or waiting (the handler already parked the run: nothing to write)
    result: dict[str, Any] | None = None
    error: str | None = None
    usage: dict[str, Any] = field(default_factory=dict)  # prompt_tokens, completion_tokens, ttft_ms, tokens_per_second


@dataclass
class RunContext:
    """What a handler gets: its run, the cancel flag, `emit` to log events (committed and published at once), and
    `behind`: whether this process's subscribers of the run still hold undelivered events (streaming handlers
    then coalesce more, services/runs/coalesce.py)."""

    run: Run
    cancelled: asyncio.Event
    emit: Callable[[Sequence[EventKind]], Awaitable[list[events.Event]]]
    behind: Callable[[], bool] = lambda: False


class RunHandler(Protocol):
    """Executes one kind of run. A handler whose work is idempotent (it converges when run again from the
    start: ingestion keyed by content and chunk index, re-indexing, memory extraction) sets `resumable =
    True`: a run of it that a crash or a shutdown cuts short is queued again instead of failed."""

    async def execute(self, ctx: RunContext) -> Outcome: ...

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        """Bring the run's own records (e.g. its message) to a final state when the run cannot finish."""
        ...


@dataclass
class SchedulerConfig:
    concurrency: Callable[[str], int]
    max_attempts: int = 3  # a resumable run that keeps taking its process down is failed after this many
    heartbeat_seconds: float = 5.0
    stale_after_seconds: float = 30.0
    poll_seconds: float = 2.0


class Scheduler:
    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        pubsub: PubSub,
        handlers: dict[str, RunHandler],
        providers: Sequence[str],
        config: SchedulerConfig,
    ) -> None:
        self.db, self.pubsub, self.handlers, self.config = db, pubsub, handlers, config
        self.worker_id = uuid.uuid4().hex
        self._providers = list(providers)
        self._wake = {p: asyncio.Event() for p in self._providers}
        self._active: dict[str, dict[str, asyncio.Task[None]]] = {p: {} for p in self._providers}
        # Slots promised to runs whose creating transaction is still open, as the times they were promised: one that
        # neither commits nor rolls back within RESERVATION_SECONDS stops counting, so a slot is never lost for good.
        self._reserved: dict[str, list[float]] = {p: [] for p in self._providers}
        self._cancels: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self.events = events.EventWriter(db)  # every run's events here go through one group-committing writer

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        await self.recover_stale()
        for provider in self._providers:
            self._tasks.append(asyncio.create_task(self._dispatch(provider), name=f"background:dispatch-{provider}"))
        self._tasks.append(asyncio.create_task(self._listen_control(), name="background:run-control"))
        self._tasks.append(asyncio.create_task(self._sweep(), name="background:run-sweeper"))

    async def stop(self) -> None:
        """Stop dispatching, cancel what runs here, and wait for it to record how it ended."""
        for task in self._tasks:
            task.cancel()
        running = [t for tasks in self._active.values() for t in tasks.values()]
        for task in running:
            task.cancel()  # not a user's cancel: the run ends FAILED "interrupted", see _execute
        await asyncio.gather(*self._tasks, *running, return_exceptions=True)
        self._tasks.clear()
        await self.events.close()

    # ------------------------------------------------------------------ requests

    def wake(self, provider: str) -> None:
        if provider in self._wake:
            self._wake[provider].set()

    def _cancel_local(self, run_id: str) -> None:
        if run_id in self._cancels:
            self._cancels[run_id].set()

    @property
    def providers(self) -> list[str]:
        """The queues this scheduler dispatches."""
        return list(self._providers)

    def running_here(self, run_id: str) -> bool:
        return run_id in self._cancels

    # ------------------------------------------------------------------ runs started where they are created

    def _free(self, provider: str) -> int:
        now = time.monotonic()
        held = self._reserved[provider] = [t for t in self._reserved[provider] if now - t < RESERVATION_SECONDS]
        return self.config.concurrency(provider) - len(self._active[provider]) - len(held)

    def reserve(self, provider: str) -> bool:
        """Promise a slot to a run being created (services/runs/queue.py `Starter`); False when none is free."""
        if provider not in self._active or not self._tasks or self._free(provider) <= 0:
            return False
        self._reserved[provider].append(time.monotonic())
        return True

    def adopt(self, run: Run) -> None:
        """Its transaction committed: execute the run in the slot reserved for it (unless the scheduler has stopped
        meanwhile: the run is then RUNNING with no task, and recovery at the next start resolves it)."""
        self._unreserve(run.provider)
        if self._tasks:
            self._launch(run)

    def release(self, provider: str) -> None:
        """Its transaction rolled back: the slot is free again."""
        self._unreserve(provider)
        self.wake(provider)

    def _unreserve(self, provider: str) -> None:
        if self._reserved[provider]:
            self._reserved[provider].pop(0)

    def _launch(self, run: Run) -> None:
        self._cancels[run.id] = asyncio.Event()
        # A context of its own, as a dispatcher's run has: not the request's log bindings or trace.
        task = asyncio.create_task(self._execute(run), name=f"run-{run.id}", context=contextvars.Context())
        self._active[run.provider][run.id] = task

    # ------------------------------------------------------------------ internals

    async def _dispatch(self, provider: str) -> None:
        wake = self._wake[provider]
        while True:
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancel that arrives as the
            # wait ends, and stop() then waits for this task forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.config.poll_seconds):
                    await wake.wait()
            wake.clear()
            try:
                free = self._free(provider)
                if free <= 0:
                    continue
                # One transaction claims every run there is room for and renumbers the queue once.
                async with self.db() as session, session.begin():
                    await queue.lock(session, provider)
                    runs = await queue.claim(session, provider, self.worker_id, free)
                    for run in runs:
                        await events.write(session, run.id, [StatusChanged("running")])
                    if runs:
                        await queue.reposition(session, provider)
                for run in runs:
                    self._launch(run)
            except asyncio.CancelledError:
                raise
            except Exception:  # the loop must survive a database hiccup
                log.exception("dispatcher error", provider=provider)

    async def _execute(self, run: Run) -> None:
        # Every line logged while the run executes carries its id (this task's own context).
        structlog.contextvars.bind_contextvars(run_id=run.id, run_kind=run.kind)
        waited = (run.started_at - run.created_at).total_seconds() if run.started_at else None
        metrics.run_started(run.kind, run.provider, waited)
        log.info("run started", provider=run.provider, model=run.model, attempt=run.attempts)
        # A trace of its own (the request that queued it is long gone); its root carries the run id.
        with tracing.span(f"run {run.kind}", root=True, run_id=run.id, kind=run.kind, provider=run.provider):
            if run.started_at:
                tracing.record("queue wait", run.created_at, run.started_at, provider=run.provider)
            await self._execute_traced(run)

    async def _execute_traced(self, run: Run) -> None:
        cancelled = self._cancels[run.id]

        async def emit(kinds: Sequence[EventKind]) -> list[events.Event]:
            return await self.events.append(run.id, kinds)

        handler = self.handlers[run.kind]
        try:
            context = RunContext(run=run, cancelled=cancelled, emit=emit, behind=lambda: self._behind(run.id))
            outcome = await handler.execute(context)
        except asyncio.CancelledError:
            if _resumable(handler):  # the server is stopping: the next start finishes it
                await self._requeue(run, "the server stopped")
                self._forget(run)
                return
            outcome = Outcome("failed", error="interrupted: the server stopped")
            async with self.db() as session, session.begin():
                await handler.interrupted(session, run, outcome.error or "")
        except Exception as exc:
            log.exception("run failed unexpectedly", run_id=run.id, kind=run.kind)
            outcome = Outcome("failed", error=f"internal error: {type(exc).__name__}")
            async with self.db() as session, session.begin():
                await handler.interrupted(session, run, outcome.error or "")
        try:
            if outcome.status != "waiting":
                await self.finish(run.id, outcome)
        finally:
            self._forget(run)
        answered = outcome.usage.get("answered_by")  # a fallback model's figures are its own
        metrics.run_finished(
            run.kind, outcome.status, run.provider, answered if isinstance(answered, str) else run.model, outcome.usage
        )
        log.info("run finished", status=outcome.status, error=outcome.error)

    def _behind(self, run_id: str) -> bool:
        lag, waiting = self.pubsub.behind(run_channel(run_id))
        return lag > BEHIND_SECONDS or waiting >= BEHIND_EVENTS

    def _forget(self, run: Run) -> None:
        self._cancels.pop(run.id, None)
        self._active[run.provider].pop(run.id, None)
        self.wake(run.provider)

    async def _requeue(self, run: Run, why: str, *, stale: tuple[Any, ...] = ()) -> bool:
        """Back to the queue, at its priority and original place; False if it was no longer ours to move."""
        async with self.db() as session, session.begin():
            moved = await queue.put_back(session, run, where=(col(Run.status) == "running", *stale))
        if moved:
            log.warning("re-queued interrupted run", run_id=run.id, kind=run.kind, reason=why, attempts=run.attempts)
        return moved

    async def finish(self, run_id: str, outcome: Outcome) -> None:
        now = utcnow()
        async with self.db() as session, session.begin():
            values: dict[str, Any] = {
                "status": outcome.status,
                "error": outcome.error,
                "finished_at": now,
                "updated_at": now,
                "queue_position": None,
                **outcome.usage,
            }
            if outcome.result is not None:
                values["result"] = outcome.result
            owner_id, provider = (
                await session.execute(
                    update(Run)
                    .where(col(Run.id) == run_id)
                    .values(**values)
                    .returning(col(Run.owner_id), col(Run.provider))
                )
            ).one()
            await events.write(session, run_id, [StatusChanged(outcome.status, outcome.error)])
            await _record_usage(session, owner_id, provider, outcome.usage)

    async def _listen_control(self) -> None:
        async with self.pubsub.subscribe(CONTROL) as subscription:
            while True:
                message = await subscription.get()
                if message.get("op") == "cancel":
                    self._cancel_local(str(message.get("run_id")))
                elif message.get("op") == "wake":
                    self.wake(str(message.get("provider")))

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(self.config.heartbeat_seconds)
            try:
                await self._heartbeat()
                await self.recover_stale()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("run sweeper error")

    async def _heartbeat(self) -> None:
        """Proves our runs are alive, and picks up cancels whose message this process missed."""
        mine = list(self._cancels)
        if not mine:
            return
        async with self.db() as session, session.begin():
            await session.execute(update(Run).where(col(Run.id).in_(mine)).values(heartbeat_at=utcnow()))
            flagged = (
                await session.scalars(select(col(Run.id)).where(col(Run.id).in_(mine), col(Run.cancel_requested)))
            ).all()
        for run_id in flagged:
            self._cancel_local(run_id)

    async def recover_stale(self) -> int:
        """Runs left RUNNING by a process that died. Resumable kinds are queued again (up to
        `max_attempts` claims); the others are failed as interrupted (a chat reply cannot be resumed, so
        re-running it silently would be wrong). QUEUED runs need nothing: any dispatcher takes them."""
        cutoff = utcnow() - timedelta(seconds=self.config.stale_after_seconds)
        is_stale = (
            col(Run.status) == "running",
            (col(Run.heartbeat_at) < cutoff) | col(Run.heartbeat_at).is_(None),
        )
        async with self.db() as session:
            stale = (await session.scalars(select(Run).where(*is_stale))).all()
        for run in stale:
            if run.id in self._cancels:
                continue
            handler = self.handlers.get(run.kind)
            if handler is not None and _resumable(handler) and run.attempts < self.config.max_attempts:
                await self._requeue(run, "the server running it stopped", stale=is_stale)
                continue
            reason = "interrupted: the server running it stopped"
            if handler is not None and _resumable(handler):
                reason = f"interrupted {run.attempts} times: the server running it stopped each time"
            async with self.db() as session, session.begin():
                claimed = await session.execute(  # conditional: another process may be recovering it too
                    update(Run)
                    .where(col(Run.id) == run.id, *is_stale)
                    .values(status="failed", error=reason, finished_at=utcnow(), updated_at=utcnow())
                )
                if claimed.rowcount != 1:  # type: ignore[attr-defined]
                    continue
                if handler is not None:
                    await handler.interrupted(session, run, reason)
                await events.write(session, run.id, [StatusChanged("failed", reason)])
            log.warning("recovered interrupted run", run_id=run.id, kind=run.kind)
        return len(stale)


async def _record_usage(session: AsyncSession, owner_id: str, provider: str, figures: dict[str, Any]) -> None:
    """The tokens a run spent count against its owner's daily quota, on the provider of the model that answered."""
    prompt, completion = figures.get("prompt_tokens") or 0, figures.get("completion_tokens") or 0
    if prompt or completion:
        answered = figures.get("answered_by")
        where = answered.partition(":")[0] if isinstance(answered, str) and ":" in answered else provider
        await usage.record(session, owner_id, where, int(prompt), int(completion))


def _resumable(handler: RunHandler) -> bool:
    return bool(getattr(handler, "resumable", False))
