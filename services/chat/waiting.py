"""A chat run waiting on the user: a client tool's answer, or the approval of an ASK tool's call.

The agent loop parks the run (`pause`): status WAITING, the calls it waits for and its deadline in `runs.waiting`,
a `ToolCallWaiting` event per call, all in one transaction; the run then leaves its provider slot. The owner (or
an admin) answers each call (`answer`, `approve`, `deny`); when none is left pending, the run goes back into its
queue at its original place (`queue.put_back`) and the loop resumes there, running what was approved first. A
call nobody answers in `tools.wait_timeout_seconds` is answered with a timeout error (`expire`), so the model can
still reply. Nothing here needs the process that paused the run: a restart leaves it WAITING, and any replica
may take the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services import feeds
from services.auth import Actor
from services.db.models import Message, Run
from services.db.types import utcnow
from services.errors import Conflict, ValidationFailed
from services.ownership import get_owned
from services.providers.base import ToolCall
from services.runs import events, queue
from services.runs.event_kinds import EventKind, StatusChanged, ToolCallFinished, ToolCallWaiting

log = structlog.get_logger("switchboard.tools")
REASONS = ("approval", "client")
MAX_ANSWER_CHARS = 100_000


class NotWaiting(Conflict):
    """The run is not waiting for this call (it was answered, timed out, cancelled, or never asked)."""


def pending(run: Run) -> list[dict[str, Any]]:
    """The calls a WAITING run still waits for: {"id", "name", "input", "reason", "messageId", "until"}."""
    if run.status != "waiting" or not run.waiting:
        return []
    return [c for c in run.waiting.get("calls", []) if c.get("state") == "pending"]


async def pause(
    session: AsyncSession,
    run: Run,
    step_id: str,
    waits: list[tuple[ToolCall, str]],
    wait_seconds: float,
    loop: dict[str, Any],
) -> bool:
    """Park a RUNNING run on `waits` ((call, reason) pairs). False when it was cancelled first."""
    until = utcnow() + timedelta(seconds=wait_seconds)
    calls: list[dict[str, Any]] = [
        {
            "id": call.id,
            "name": call.name,
            "input": call.input,
            "reason": reason,
            "messageId": step_id,
            "until": until.isoformat(),
            "state": "pending",
            "since": utcnow().isoformat(),
        }
        for call, reason in waits
    ]
    await queue.lock(session, run.provider)
    parked = await session.execute(
        update(Run)
        .where(col(Run.id) == run.id, col(Run.status) == "running", col(Run.cancel_requested).is_(False))
        .values(
            status="waiting",
            waiting={"calls": calls, **loop},
            worker_id=None,
            heartbeat_at=None,
            updated_at=utcnow(),
        )
    )
    if parked.rowcount != 1:  # type: ignore[attr-defined]
        return False
    kinds: list[EventKind] = [
        ToolCallWaiting(c["id"], c["name"], c["input"], c["reason"], step_id, c["until"]) for c in calls
    ]
    await events.write(session, run.id, [*kinds, StatusChanged("waiting")])
    return True


async def _waiting_run(
    session: AsyncSession, actor: Actor, run_id: str, call_id: str, reason: str
) -> tuple[Run, dict[str, Any]]:
    run = await get_owned(session, Run, actor, run_id)  # another user's run is NOT_FOUND, like any row
    await queue.lock(session, run.provider)  # serialises answers, cancels and the expiry of one queue
    await session.refresh(run)
    call = next((c for c in pending(run) if c["id"] == call_id), None)
    if call is None:
        raise NotWaiting(f"run {run_id!r} is not waiting for a call {call_id!r}")
    if call["reason"] != reason:
        wanted = "approveToolCall or denyToolCall" if call["reason"] == "approval" else "answerToolCall"
        raise ValidationFailed(f"call {call_id!r} waits for {call['reason']}: use {wanted}", "callId")
    return run, call


async def _result(session: AsyncSession, run: Run, call: dict[str, Any], output: str, error: bool) -> None:
    """Store a call's result as its TOOL message and log it."""
    assert run.conversation_id is not None
    message = Message(
        owner_id=run.owner_id,
        conversation_id=run.conversation_id,
        parent_id=call["messageId"],
        role="tool",
        content=output,
        tool_call_id=call["id"],
        tool_name=call["name"],
        tool_error=error,
    )
    session.add(message)
    await session.flush()
    feeds.message_added(session, run.conversation_id, message.id)
    waited = (utcnow() - datetime.fromisoformat(call["since"])).total_seconds() * 1000
    finished = ToolCallFinished(call["id"], call["name"], output, error, round(waited, 2), message.id)
    await events.write(session, run.id, [finished])


async def _settle(session: AsyncSession, run: Run, call_id: str, state: str) -> None:
    """Record the call's new state; with nothing left pending, the run goes back into its queue."""
    assert run.waiting is not None
    calls = [{**c, "state": state} if c["id"] == call_id else c for c in run.waiting["calls"]]
    run.waiting = {**run.waiting, "calls": calls}
    await session.execute(update(Run).where(col(Run.id) == run.id).values(waiting=run.waiting))
    if not any(c["state"] == "pending" for c in calls):
        await queue.put_back(session, run, where=(col(Run.status) == "waiting",))
    await session.refresh(run)


async def answer(
    session: AsyncSession, actor: Actor, run_id: str, call_id: str, *, output: str | None, error: str | None
) -> Run:
    """A client tool's result (`output`) or failure (`error`), as the model will read it."""
    if (output is None) == (error is None):
        raise ValidationFailed("give either output or error", "output")
    text = output if output is not None else error or ""
    if len(text) > MAX_ANSWER_CHARS:
        raise ValidationFailed(f"the answer must be at most {MAX_ANSWER_CHARS} characters", "output")
    run, call = await _waiting_run(session, actor, run_id, call_id, "client")
    await _result(session, run, call, text, error is not None)
    await _settle(session, run, call_id, "answered")
    return run


async def approve(session: AsyncSession, actor: Actor, run_id: str, call_id: str) -> Run:
    """Let an ASK tool's call run; it runs when the loop resumes."""
    run, _ = await _waiting_run(session, actor, run_id, call_id, "approval")
    await _settle(session, run, call_id, "approved")
    return run


async def deny(session: AsyncSession, actor: Actor, run_id: str, call_id: str, reason: str | None) -> Run:
    """Refuse an ASK tool's call: the model reads the refusal as the call's (error) result."""
    run, call = await _waiting_run(session, actor, run_id, call_id, "approval")
    why = (reason or "").strip()[:1000]
    await _result(session, run, call, f"the user denied this call{f': {why}' if why else ''}", True)
    await _settle(session, run, call_id, "denied")
    return run


async def expire(session: AsyncSession, now: datetime | None = None) -> int:
    """Answer every overdue pending call with a timeout error; returns how many calls timed out."""
    now = now or utcnow()
    count = 0
    # By provider, so two processes expiring at once take the queue locks in the same order.
    stmt = select(Run).where(col(Run.status) == "waiting").order_by(col(Run.provider), col(Run.id))
    for run in (await session.scalars(stmt)).all():
        await queue.lock(session, run.provider)
        await session.refresh(run)
        for call in pending(run):
            if datetime.fromisoformat(call["until"]) > now:
                continue
            who = "the client" if call["reason"] == "client" else "an approval"
            await _result(session, run, call, f"timed out: no answer from {who} in time", True)
            await _settle(session, run, call["id"], "timed_out")
            count += 1
    return count


class WaitingExpiry:
    """Times out overdue waits every `interval()` seconds, in any process (the conditional updates make two
    processes doing it at once harmless)."""

    def __init__(self, db: async_sessionmaker[AsyncSession], interval: Callable[[], float]) -> None:
        self.db, self._interval = db, interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="background:tool-wait-expiry")

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._interval())
            try:
                async with self.db() as session, session.begin():
                    if count := await expire(session):
                        log.info("tool calls timed out waiting", count=count)
            except Exception:  # a bad cycle must not end the loop
                log.exception("tool wait expiry failed")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
