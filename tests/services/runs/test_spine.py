"""The run spine without GraphQL: the event log and `follow`, the coalescer, queue order, enqueue/cancel races."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlmodel import col

from services import auth
from services import pubsub as pubsub_module
from services.auth import Actor
from services.db.engine import create_engine, read_session_factory, session_factory
from services.db.migrate import upgrade_to_head
from services.db.models import Run
from services.outbox import Outbox
from services.pubsub import CONTROL, PubSub
from services.runs import events, lifecycle, queue
from services.runs.coalesce import MAX_STRETCH, TokenCoalescer, next_window
from services.runs.event_kinds import Progress, StatusChanged, TokenDelta


class Spine:
    def __init__(self, db: Any, read: Any, pubsub: PubSub, box: Outbox, actor: Actor) -> None:
        self.db, self.read, self.pubsub, self.outbox, self.actor = db, read, pubsub, box, actor

    async def enqueue(self, priority: int = 5, provider: str = "local") -> Run:
        async with self.db() as session, session.begin():
            return await queue.enqueue(
                session, owner_id=self.actor.id, kind="chat", provider=provider, priority=priority
            )


@pytest.fixture
async def spine(tmp_path: Path) -> AsyncIterator[Spine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    await upgrade_to_head(engine)
    pubsub = PubSub("memory://")
    await pubsub.connect()
    box = Outbox(pubsub)
    box.start()
    db = session_factory(engine, box.session_class)
    async with db() as session, session.begin():
        actor = Actor.of(await auth.ensure_local_admin(session))
    try:
        yield Spine(db, read_session_factory(engine), pubsub, box, actor)
    finally:
        await box.stop()
        await pubsub.disconnect()
        await engine.dispose()


async def test_follow_replays_then_follows_live_with_no_gap_and_no_duplicate(spine: Spine) -> None:
    run = await spine.enqueue()  # seq 1: its queue position
    for n in range(2, 6):
        await events.append(spine.db, run.id, [TokenDelta(f"t{n}")])

    async def writer() -> None:
        for n in range(6, 60, 3):  # several events per transaction, while the follower replays
            await events.append(spine.db, run.id, [TokenDelta(f"t{n}"), TokenDelta(f"t{n + 1}"), Progress(n)])
            await asyncio.sleep(0)
        async with spine.db() as session, session.begin():
            await session.execute(Run.__table__.update().where(col(Run.id) == run.id).values(status="succeeded"))
            await events.write(session, run.id, [StatusChanged("succeeded")])

    task = asyncio.create_task(writer())
    seen = [e async for e in events.follow(spine.read, spine.pubsub, run.id, after=2)]
    await task
    seqs = [e.seq for e in seen]
    assert seqs == list(range(3, seqs[-1] + 1)) and seqs[-1] == 5 + 18 * 3 + 1  # contiguous, each once
    assert seen[-1].terminal and isinstance(seen[-1].kind, StatusChanged)


class _LateSubscription:
    """A subscription whose next message is already queued when its reader's timer fires (an overloaded loop)."""

    def __init__(self, produce: Callable[[], Awaitable[dict[str, Any]]]) -> None:
        self.produce = produce
        self.message: asyncio.Future[dict[str, Any]] | None = None

    async def get(self) -> dict[str, Any]:
        if self.message is None:
            self.message = asyncio.ensure_future(self.produce())
            await asyncio.sleep(3600)  # cancelled by the follower's timeout
        # However often the follower's short timer interrupts the write, the message is produced once.
        return await asyncio.shield(self.message)

    def pending(self) -> bool:
        return True


class _LatePubSub:
    def __init__(self, subscription: _LateSubscription) -> None:
        self.subscription = subscription

    @contextlib.asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[_LateSubscription]:
        yield self.subscription


async def test_a_follower_timed_out_by_a_late_loop_takes_the_waiting_message_not_the_log(
    spine: Spine, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = await spine.enqueue()  # seq 1

    async def finish() -> dict[str, Any]:
        async with spine.db() as session, session.begin():
            await session.execute(Run.__table__.update().where(col(Run.id) == run.id).values(status="succeeded"))
            (final,) = await events.write(session, run.id, [StatusChanged("succeeded")])
        return final.to_message()

    reads: list[str] = []
    stored, state = events.stored, events._state

    async def counting_stored(session: Any, run_id: str, after: int, limit: int | None = None) -> list[events.Event]:
        reads.append(f"log after {after}")
        return await stored(session, run_id, after, limit)

    async def counting_state(session: Any, run_id: str) -> tuple[str | None, int]:
        reads.append("state")
        return await state(session, run_id)

    monkeypatch.setattr(events, "stored", counting_stored)
    monkeypatch.setattr(events, "_state", counting_state)
    monkeypatch.setattr(events, "POLL_SECONDS", 0.01)
    late = _LatePubSub(_LateSubscription(finish))
    seen = [e async for e in events.follow(spine.read, late, run.id, after=0)]  # type: ignore[arg-type]
    assert [e.seq for e in seen] == [1, 2] and seen[-1].terminal
    # The backlog, "has it ended?" after it and after the final event: the timeout sent nobody to the database.
    assert reads == ["log after 0", "state", "state"]


async def test_the_event_writer_commits_concurrent_runs_together_and_fails_only_the_bad_append(spine: Spine) -> None:
    runs = [await spine.enqueue() for _ in range(20)]  # each has seq 1 (its queue position)
    writer = events.EventWriter(spine.db)
    received: list[dict[str, Any]] = []
    async with spine.pubsub.subscribe(f"run:{runs[0].id}") as subscription:
        # 20 runs append at once (as 20 streaming runs flush in the same window), three times each.
        for round_ in range(3):
            written = await asyncio.gather(*(writer.append(r.id, [TokenDelta(f"{round_}")]) for r in runs))
            assert [[e.seq for e in w] for w in written] == [[round_ + 2]] * 20
        for _ in range(3):
            received.append(await subscription.get())
    assert writer.transactions == 3  # one per round, not one per run
    assert [m["seq"] for m in received] == [2, 3, 4]  # published after commit, in order
    async with spine.db() as session:
        stored = await events.stored(session, runs[7].id, 0)
    assert [e.seq for e in stored] == [1, 2, 3, 4]

    # An append for a run that does not exist fails alone; the others in its batch are written.
    good, bad = writer.append(runs[0].id, [Progress(1)]), writer.append("no-such-run", [Progress(1)])
    results = await asyncio.gather(good, bad, return_exceptions=True)
    assert [e.seq for e in results[0]] == [5]  # type: ignore[union-attr]
    assert isinstance(results[1], LookupError)
    await writer.close()


async def test_a_batch_of_runs_events_is_one_update_per_event_count_and_one_insert(spine: Spine) -> None:
    """The writer's batch: one UPDATE takes the seqs of every run appending the same number of events, one INSERT
    writes them all; on SQLite the write lock is held for a few statements, however many runs stream."""
    runs = [await spine.enqueue() for _ in range(6)]  # seq 1 each: its queue position
    statements: list[str] = []
    engine = spine.db.kw["bind"]
    listener = lambda *args: statements.append(args[2].split()[0])  # noqa: E731
    sa_event.listen(engine.sync_engine, "before_cursor_execute", listener)
    writer = events.EventWriter(spine.db)
    try:
        appends = [writer.append(r.id, [TokenDelta("a")]) for r in runs[:5]]
        appends.append(writer.append(runs[5].id, [TokenDelta("a"), TokenDelta("b")]))
        appends.append(writer.append(runs[0].id, [Progress(1)]))  # a second append of run 0 in the same batch
        written = await asyncio.gather(*appends)
    finally:
        sa_event.remove(engine.sync_engine, "before_cursor_execute", listener)
        await writer.close()
    assert statements == ["BEGIN", "UPDATE", "UPDATE", "INSERT"]  # counts 1 (runs 1-4), 2 (runs 0 and 5)
    assert [[e.seq for e in w] for w in written] == [[2], [2], [2], [2], [2], [2, 3], [3]]
    async with spine.db() as session:
        logs = [[(e.seq, e.kind.TYPE) for e in await events.stored(session, r.id, 0)] for r in runs]
    assert logs[0][1:] == [(2, TokenDelta.TYPE), (3, Progress.TYPE)]  # in the order they were appended
    assert [len(log) for log in logs] == [3, 2, 2, 2, 2, 3]


async def test_a_renumbering_whose_runs_are_all_gone_writes_nothing(spine: Spine) -> None:
    async with spine.db() as session, session.begin():
        await events.write_each(session, {"no-such-run": Progress(1)})  # an empty INSERT would add a blank row
        with pytest.raises(LookupError, match="no-such-run"):
            await events.write(session, "no-such-run", [Progress(1)])


async def test_a_run_loaded_in_the_session_shows_the_seqs_its_events_took(spine: Spine) -> None:
    """`write` takes seqs with a Core UPDATE; a Run the session holds is kept in step, as the ORM's would be."""
    enqueued = await spine.enqueue()
    async with spine.db() as session, session.begin():
        run = await session.get(Run, enqueued.id)
        assert run is not None and run.last_seq == 1
        written = await events.write(session, run.id, [Progress(1), Progress(2)])
        assert [e.seq for e in written] == [2, 3]
        assert run.last_seq == 3
        assert run not in session.dirty  # the database already has it: nothing more to write


class RecordingStarter:
    worker_id = "w-test"

    def __init__(self, free: int) -> None:
        self.free, self.adopted, self.released = free, [], []  # type: ignore[var-annotated]

    def reserve(self, provider: str) -> bool:
        if self.free <= 0:
            return False
        self.free -= 1
        return True

    def adopt(self, run: Run) -> None:
        self.adopted.append(run.id)

    def release(self, provider: str) -> None:
        self.free += 1
        self.released.append(provider)


async def test_a_run_starts_in_its_own_transaction_only_when_it_commits(spine: Spine) -> None:
    starter = RecordingStarter(free=1)
    with pytest.raises(RuntimeError):
        async with spine.db() as session, session.begin():
            queue.offer_slots(session, starter)
            await queue.enqueue(session, owner_id=spine.actor.id, kind="chat", provider="local")
            raise RuntimeError("the request failed after creating the run")
    assert (starter.adopted, starter.released, starter.free) == ([], ["local"], 1)  # the slot came back

    async with spine.db() as session, session.begin():
        queue.offer_slots(session, starter)
        run = await queue.enqueue(session, owner_id=spine.actor.id, kind="chat", provider="local")
        assert starter.adopted == []  # not before the commit
    assert starter.adopted == [run.id] and run.status == "running" and run.worker_id == "w-test"
    async with spine.db() as session:
        assert [type(e.kind).__name__ for e in await events.stored(session, run.id, 0)] == ["StatusChanged"]

    async with spine.db() as session, session.begin():  # no slot left: queued as before
        queue.offer_slots(session, starter)
        waiting = await queue.enqueue(session, owner_id=spine.actor.id, kind="chat", provider="local")
    assert waiting.status == "queued" and waiting.queue_position == 1 and starter.adopted == [run.id]


async def test_the_coalescer_drops_nothing_and_sends_a_burst_as_one_event() -> None:
    sent: list[str] = []

    async def emit(kinds: Any) -> None:
        sent.extend(k.text for k in kinds)

    async with TokenCoalescer(emit, window=10.0) as relay:
        for n in range(100):  # a burst: no await in between, so the first flush carries it all
            relay.add(f"{n} ")
        await asyncio.sleep(0)
        relay.add("tail")  # within the window: held, then drained on close
    assert "".join(sent) == "".join(f"{n} " for n in range(100)) + "tail"
    assert sent == ["".join(f"{n} " for n in range(100)), "tail"] and relay.deltas == 2


def test_the_coalescing_window_doubles_while_the_loop_is_behind_and_halves_back() -> None:
    base = 0.025
    assert next_window(base, late=0.030, base=base) == 0.05  # fired more than a base window late: wider
    assert next_window(0.05, late=0.5, base=base) == 0.1
    assert next_window(0.2, late=0.5, base=base) == 0.2  # never past MAX_STRETCH base windows
    assert MAX_STRETCH * base == 0.2
    assert next_window(0.1, late=0.001, base=base) == 0.05  # on time: back towards the base
    assert next_window(base, late=0.0, base=base) == base
    assert next_window(base, late=0.0, base=base, behind=True) == 0.05  # subscribers hold undelivered events


def recording() -> tuple[list[str], asyncio.Event, Callable[[Any], Awaitable[None]]]:
    """An `emit` for a coalescer: the texts it sent, and an event set at each flush."""
    sent: list[str] = []
    flushed = asyncio.Event()

    async def emit(kinds: Any) -> None:
        sent.extend(k.text for k in kinds)
        flushed.set()

    return sent, flushed, emit


async def test_a_coalescer_whose_subscribers_are_behind_sends_fewer_larger_deltas() -> None:
    sent, flushed, emit = recording()
    behind = True
    async with TokenCoalescer(emit, window=0.01, behind=lambda: behind) as relay:
        for n in range(4):
            relay.add(f"{n} ")
            await asyncio.sleep(0.02)  # one token per two base windows: each would go out alone
        flushes = relay.deltas
        assert flushes >= 1 and relay.window == min(0.01 * 2**flushes, 0.01 * MAX_STRETCH)  # doubled at each
        widest = relay.window
        behind = False
        flushed.clear()
        relay.add("x")
        await flushed.wait()
        assert relay.window == widest / 2  # delivery caught up: back towards the base
    assert "".join(sent) == "0 1 2 3 x"


async def test_a_coalescer_whose_timer_fires_late_widens_its_window_and_drops_nothing() -> None:
    sent, flushed, emit = recording()
    async with TokenCoalescer(emit, window=0.2) as relay:
        relay.add("a")  # goes out at once
        await flushed.wait()
        flushed.clear()
        relay.add("b")  # held until the window's end, 200 ms on
        await asyncio.sleep(0)
        time.sleep(0.5)  # noqa: ASYNC251  # blocks the loop on purpose: the flush timer fires at least 300 ms late
        await flushed.wait()
        assert relay.window == 0.4
    assert sent == ["a", "b"]


async def test_the_queue_claims_by_priority_then_first_in_first_out(spine: Spine) -> None:
    runs = [await spine.enqueue(p) for p in (9, 5, 5, 1)]
    async with spine.db() as session, session.begin():
        await queue.lock(session, "local")
        claimed = await queue.claim(session, "local", "w", 8)
    assert [r.id for r in claimed] == [runs[3].id, runs[1].id, runs[2].id, runs[0].id]
    assert [r.attempts for r in claimed] == [1, 1, 1, 1]


async def test_a_cancel_racing_a_claim_has_exactly_one_winner(spine: Spine) -> None:
    for _ in range(10):
        run = await spine.enqueue()

        async def claim() -> list[Run]:
            async with spine.db() as session, session.begin():
                await queue.lock(session, "local")
                return await queue.claim(session, "local", "w", 1)

        async def cancel(run_id: str) -> Run:
            async with spine.db() as session, session.begin():
                return await lifecycle.cancel(session, spine.actor, run_id)

        claimed, _ = await asyncio.gather(claim(), cancel(run.id))
        async with spine.read() as session:
            final = await session.scalar(select(Run).where(col(Run.id) == run.id))
        assert final is not None
        if claimed:  # claimed first: the run goes on RUNNING with the cancel flagged for its process
            assert (final.status, final.cancel_requested) == ("running", True)
        else:  # cancelled first: it left the queue and nothing claimed it
            assert final.status == "cancelled"
        async with spine.db() as session, session.begin():  # tidy up for the next round
            await session.execute(Run.__table__.update().where(col(Run.id) == run.id).values(status="failed"))


async def test_a_running_cancel_is_announced_on_the_control_channel_only_after_commit(spine: Spine) -> None:
    run = await spine.enqueue()
    async with spine.db() as session, session.begin():
        await queue.claim(session, "local", "w", 1)
    await spine.outbox.drained()
    before = spine.outbox.published
    async with spine.pubsub.subscribe(CONTROL) as control:
        async with spine.db() as session, session.begin():
            await lifecycle.cancel(session, spine.actor, run.id)
            await asyncio.sleep(0.05)  # the publisher gets every chance to run: it has nothing yet
            assert spine.outbox.published == before
        message = await asyncio.wait_for(control.get(), 5)
    assert message == {"op": "cancel", "run_id": run.id}
    assert spine.outbox.published == before + 1


async def test_a_dispatcher_cancelled_as_it_is_woken_stops() -> None:
    """asyncio.wait_for on Python 3.11 swallowed a cancel that arrived as the wait ended: stop() then waited for
    the dispatcher forever (seen as a test run that never finished after a failure)."""
    from services.runs.scheduler import Scheduler, SchedulerConfig

    config = SchedulerConfig(concurrency=lambda provider: 0, poll_seconds=30)
    scheduler = Scheduler(None, None, {}, ["p"], config)  # type: ignore[arg-type]  # the dispatcher never reaches them
    task = asyncio.create_task(scheduler._dispatch("p"))
    await asyncio.sleep(0)  # it waits for a wake-up now
    scheduler.wake("p")
    task.cancel()  # in the same step as the wake-up
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)


def test_slot_reservations_count_until_their_transaction_ends_or_they_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    from services.runs import scheduler as scheduling

    sched = scheduling.Scheduler(
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        {},
        ["ollama"],
        scheduling.SchedulerConfig(concurrency=lambda provider: 2),
    )
    assert not sched.reserve("ollama")  # not started (or stopped): no run starts inside a request
    sched._tasks.append(None)  # type: ignore[arg-type]  # what start() leaves: a running scheduler
    assert sched.reserve("ollama") and sched.reserve("ollama") and not sched.reserve("ollama")
    sched.release("ollama")  # a rolled-back transaction gives its slot back
    assert sched.reserve("ollama") and not sched.reserve("ollama")
    now = scheduling.time.monotonic()
    monkeypatch.setattr(scheduling.time, "monotonic", lambda: now + scheduling.RESERVATION_SECONDS + 1)
    assert sched.reserve("ollama")  # promises never kept nor released stop counting
    assert not sched.reserve("unknown-provider")


async def test_subscribers_of_a_channel_share_one_decoded_message_and_see_it_waiting(spine: Spine) -> None:
    async with spine.pubsub.subscribe("fanout") as one, spine.pubsub.subscribe("fanout") as two:
        assert not one.pending()
        message = events.Event("r", 1, TokenDelta("hi"), datetime.now(UTC)).to_message()
        await spine.pubsub.publish("fanout", message)
        async with asyncio.timeout(5):
            first = await one.get()
        assert two.pending()  # the channel's pump queued it for both before either ran
        second = await two.get()
        assert first == message and first is second  # decoded once for both
        assert not one.pending() and not two.pending()
        assert events.live(first) is events.live(second) and events.live(first).shared


async def test_a_channel_says_how_far_its_delivery_is_behind(spine: Spine) -> None:
    assert spine.pubsub.behind("late") == (0.0, 0)  # nobody subscribed here
    async with spine.pubsub.subscribe("late") as subscription:
        old = events.Event("r", 1, TokenDelta("a"), datetime.now(UTC) - timedelta(seconds=3)).to_message()
        await spine.pubsub.publish("late", old)
        await spine.pubsub.publish("late", {**old, "seq": 2})
        async with asyncio.timeout(5):
            await subscription.get()
            while not subscription.pending():  # noqa: ASYNC110  # a queue's state: nothing to wait on
                await asyncio.sleep(0.01)
        lag, waiting = spine.pubsub.behind("late")
        assert lag >= 3  # handed out 3 s after its `at`
        assert waiting == 1  # the second is not taken yet


async def test_a_channel_is_subscribed_once_per_process_and_fans_out_in_batches(
    spine: Spine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pubsub_module, "FANOUT_BATCH", 10)
    ticks = 0

    async def ticker() -> None:  # counts turns of the event loop
        nonlocal ticks
        while True:
            await asyncio.sleep(0)
            ticks += 1

    subscribers = 100
    async with contextlib.AsyncExitStack() as stack:
        subs = [await stack.enter_async_context(spine.pubsub.subscribe("wide")) for _ in range(subscribers)]
        assert list(spine.pubsub._channels) == ["wide"] and spine.pubsub.active["wide"] == subscribers
        seen: list[tuple[int, dict[str, Any]]] = []

        async def receive(subscription: Any) -> None:
            message = await subscription.get()
            seen.append((ticks, message))

        receivers = [asyncio.create_task(receive(sub)) for sub in subs]
        counting = asyncio.create_task(ticker())
        await spine.pubsub.publish("wide", {"n": 1})
        async with asyncio.timeout(5):
            await asyncio.gather(*receivers)
        counting.cancel()
        assert len(seen) == subscribers and all(message is seen[0][1] for _, message in seen)  # decoded once
        # Handed out ten at a time, the loop turning between batches.
        assert len({tick for tick, _ in seen}) >= subscribers // 10
    assert spine.pubsub._channels == {} and "wide" not in spine.pubsub.active  # the last one out closed it


async def test_followers_of_a_live_final_event_ask_once_whether_the_run_ended(
    spine: Spine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events, "POLL_SECONDS", 60.0)  # no quiet-time polls in this test
    reads: list[str] = []
    state = events._state

    async def counting_state(session: Any, run_id: str) -> tuple[str | None, int]:
        reads.append(run_id)
        return await state(session, run_id)

    monkeypatch.setattr(events, "_state", counting_state)
    run = await spine.enqueue()  # seq 1
    followers = 3
    first = [asyncio.Event() for _ in range(followers)]

    async def follow(index: int) -> list[int]:
        seqs = []
        async for event in events.follow(spine.read, spine.pubsub, run.id):
            seqs.append(event.seq)
            first[index].set()
        return seqs

    tasks = [asyncio.create_task(follow(i)) for i in range(followers)]
    async with asyncio.timeout(10):
        for replayed in first:
            await replayed.wait()  # each has read the log: what comes next comes live
        async with spine.db() as session, session.begin():
            await session.execute(Run.__table__.update().where(col(Run.id) == run.id).values(status="succeeded"))
            await events.write(session, run.id, [StatusChanged("succeeded")])
        assert await asyncio.gather(*tasks) == [[1, 2]] * followers
    # One read each after replaying the log, and one for all three after the live final event.
    assert len(reads) == followers + 1
