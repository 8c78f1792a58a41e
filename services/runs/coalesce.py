"""Token deltas coalesced in time: the first goes out at once, later ones at most every `window` seconds,
and none waits longer than that (a timer flushes, not the next token). Nothing is dropped: closing
drains what is pending."""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import Any

from services.runs.event_kinds import TokenDelta

Emit = Callable[[Sequence[TokenDelta]], Awaitable[Any]]


class TokenCoalescer:
    def __init__(self, emit: Emit, window: float) -> None:
        self._emit, self._window = emit, window
        self._pending: list[str] = []
        self._last = -math.inf
        self._wake = asyncio.Event()
        self._closing = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.deltas = 0  # TokenDelta events written, for tests and metrics

    def add(self, text: str) -> None:
        if text:
            self._pending.append(text)
            self._wake.set()

    async def __aenter__(self) -> TokenCoalescer:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._task is not None
        if kind is asyncio.CancelledError:  # the server is stopping: no time to drain
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            return
        self._closing.set()
        self._wake.set()
        await self._task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._wake.wait()
            delay = self._last + self._window - loop.time()
            if delay > 0 and not self._closing.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay):  # not wait_for: it can swallow a cancel on 3.11
                        await self._closing.wait()
            self._wake.clear()
            if self._pending:
                text = "".join(self._pending)
                self._pending.clear()
                self._last = loop.time()
                await self._emit([TokenDelta(text)])
                self.deltas += 1
            if self._closing.is_set() and not self._pending:
                return
