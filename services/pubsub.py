"""Pub/sub through `broadcaster`: memory:// in one process, redis:// or postgres:// across processes.

Channels: `run:<id>` (a run's events), `conversation:<id>` (a chat screen's feed) and `control`
(cancels and queue wake-ups that must reach whichever process is concerned).
"""

from __future__ import annotations

import asyncio
import collections
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from broadcaster import Broadcast

from services.memo import IdentityMemo

CONTROL = "control"

# Every subscriber of a channel in this process is handed the same broadcaster event: decode it once for all of
# them (a run watched by a thousand subscribers would otherwise parse each event a thousand times).
_DECODED: IdentityMemo[Any, dict[str, Any]] = IdentityMemo(1024)


def run_channel(run_id: str) -> str:
    return f"run:{run_id}"


def conversation_channel(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


class PubSub:
    def __init__(self, url: str) -> None:
        if url.startswith("postgresql+asyncpg://"):
            url = "postgresql://" + url.removeprefix("postgresql+asyncpg://")
        self.url = url
        self._broadcast = Broadcast(url)
        # broadcaster's subscribe/unsubscribe bookkeeping is not safe when two subscriptions to one
        # channel start or end at the same moment over a backend that awaits (Redis): serialise them.
        self._lock = asyncio.Lock()
        self.active: collections.Counter[str] = collections.Counter()  # open subscriptions per channel here

    async def connect(self) -> None:
        await self._broadcast.connect()

    async def disconnect(self) -> None:
        # broadcaster's Redis backend closes its connection before cancelling its reader task, which
        # then dies with "Connection closed by server" in the log; cancel the reader first.
        reader = getattr(getattr(self._broadcast, "_backend", None), "_listener", None)
        if isinstance(reader, asyncio.Task):
            reader.cancel()
        await self._broadcast.disconnect()

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        await self._broadcast.publish(channel, json.dumps(message, separators=(",", ":")))

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        manager = self._broadcast.subscribe(channel)
        async with self._lock:
            subscriber = await manager.__aenter__()
        self.active[channel] += 1
        try:
            yield Subscription(subscriber)
        finally:
            self.active[channel] -= 1
            if not self.active[channel]:
                del self.active[channel]
            async with self._lock:
                await manager.__aexit__(None, None, None)


class Subscription:
    def __init__(self, subscriber: Any) -> None:
        self._subscriber = subscriber

    async def get(self) -> dict[str, Any]:
        """The next message, decoded. Every subscriber of the channel gets the same dict: read it, never change it."""
        event = await self._subscriber.get()
        return _DECODED.get(event, _decode)

    def pending(self) -> bool:
        """A message is already waiting: a `get` that timed out did so because the event loop was late, not
        because nothing came (under load the timer can run before the woken reader does)."""
        queue = getattr(self._subscriber, "_queue", None)  # broadcaster's Subscriber keeps its asyncio.Queue here
        return isinstance(queue, asyncio.Queue) and not queue.empty()


def _decode(event: Any) -> dict[str, Any]:
    return dict(json.loads(event.message))
