"""Pub/sub through `broadcaster`: memory:// in one process, redis:// or postgres:// across processes.

Channels: `run:<id>` (a run's events), `conversation:<id>` (a chat screen's feed) and `control`
(cancels and queue wake-ups that must reach whichever process is concerned).
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import structlog
from broadcaster import Broadcast

CONTROL = "control"

log = structlog.get_logger("switchboard.pubsub")


def run_channel(run_id: str) -> str:
    return f"run:{run_id}"


def conversation_channel(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


FANOUT_BATCH = 32  # local subscribers handed an event per turn of the event loop (see PubSub._pump)


class _Channel:
    """One channel's single subscription to the backend in this process, and its local subscribers' queues."""

    def __init__(self, manager: Any, subscriber: Any) -> None:
        self.manager, self.subscriber = manager, subscriber
        self.queues: set[asyncio.Queue[dict[str, Any]]] = set()
        self.pump: asyncio.Task[None] | None = None
        self.lag = 0.0  # seconds from the last message's `at` to the end of its hand-out here


class PubSub:
    """Each channel is subscribed to once per process; its messages are decoded once and handed to every local
    subscriber (all get the same dict: read it, never change it), `FANOUT_BATCH` at a time with a turn of the
    event loop between batches, so one event to a thousand subscribers never holds the loop for all of them."""

    def __init__(self, url: str) -> None:
        if url.startswith("postgresql+asyncpg://"):
            url = "postgresql://" + url.removeprefix("postgresql+asyncpg://")
        self.url = url
        self._broadcast = Broadcast(url)
        # Channels start and end one at a time: broadcaster's bookkeeping is not safe when two subscriptions to
        # one channel start or end at the same moment over a backend that awaits (Redis).
        self._lock = asyncio.Lock()
        self._channels: dict[str, _Channel] = {}
        self.active: collections.Counter[str] = collections.Counter()  # open subscriptions per channel here

    async def connect(self) -> None:
        await self._broadcast.connect()

    async def disconnect(self) -> None:
        for channel in list(self._channels.values()):
            if channel.pump is not None:
                channel.pump.cancel()
        # broadcaster's Redis backend closes its connection before cancelling its reader task, which
        # then dies with "Connection closed by server" in the log; cancel the reader first.
        reader = getattr(getattr(self._broadcast, "_backend", None), "_listener", None)
        if isinstance(reader, asyncio.Task):
            reader.cancel()
        await self._broadcast.disconnect()

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        await self._broadcast.publish(channel, json.dumps(message, separators=(",", ":")))

    def behind(self, channel: str) -> tuple[float, int]:
        """How far delivery of `channel` is behind in this process: the seconds from its last message's `at` to the
        end of handing it out here (messages wait for the hand-out while subscribers are busy), and the most
        messages any local subscriber has yet to take. (0, 0) with no subscriber here."""
        hub = self._channels.get(channel)
        if hub is None:
            return 0.0, 0
        return hub.lag, max((queue.qsize() for queue in hub.queues), default=0)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        async with self._lock:
            hub = self._channels.get(channel)
            if hub is None:
                manager = self._broadcast.subscribe(channel)
                hub = _Channel(manager, await manager.__aenter__())
                # A context of its own: the pump serves every subscriber, not the first one's request.
                hub.pump = asyncio.create_task(
                    self._pump(channel, hub), name=f"background:pubsub {channel}", context=contextvars.Context()
                )
                self._channels[channel] = hub
            hub.queues.add(queue)
        self.active[channel] += 1
        try:
            yield Subscription(queue)
        finally:
            self.active[channel] -= 1
            if not self.active[channel]:
                del self.active[channel]
            async with self._lock:
                hub.queues.discard(queue)
                if not hub.queues and self._channels.get(channel) is hub:
                    del self._channels[channel]
                    if hub.pump is not None:
                        hub.pump.cancel()
                    await hub.manager.__aexit__(None, None, None)

    async def _pump(self, channel: str, hub: _Channel) -> None:
        while True:
            try:
                event = await hub.subscriber.get()
            except asyncio.CancelledError:
                raise
            except Exception:  # broadcaster's Unsubscribed: the channel was closed under us
                return
            try:
                message = dict(json.loads(event.message))
            except (ValueError, TypeError):
                log.warning("dropped a pub/sub message that is not a JSON object", channel=channel)
                continue
            for index, queue in enumerate(list(hub.queues)):
                queue.put_nowait(message)
                if index % FANOUT_BATCH == FANOUT_BATCH - 1:
                    await asyncio.sleep(0)  # let this batch's subscribers (and everything else) run
            hub.lag = _age(message.get("at"))


def _age(at: Any) -> float:
    """Seconds since an ISO-8601 `at` (a run event's time), 0 for anything else."""
    if not isinstance(at, str):
        return 0.0
    try:
        return time.time() - datetime.fromisoformat(at).timestamp()
    except ValueError:
        return 0.0


class Subscription:
    def __init__(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._queue = queue

    async def get(self) -> dict[str, Any]:
        """The next message, decoded. Every subscriber of the channel gets the same dict: read it, never change it."""
        return await self._queue.get()

    def pending(self) -> bool:
        """A message is already waiting: a `get` that timed out did so because the event loop was late, not
        because nothing came (under load the timer can run before the woken reader does)."""
        return not self._queue.empty()
