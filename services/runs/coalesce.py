"""Token deltas coalesced in time: the first goes out at once, later ones at most every `window` seconds,
and none waits longer than that (a timer flushes, not the next token). Nothing is dropped: closing
drains what is pending.

The window widens while delivery is behind. Every TokenDelta is written, published and sent to every subscriber;
when that work outruns the process (one run watched by hundreds, or a hundred runs at once), subscribers still
hold undelivered events when the next flush is due (`behind`), or the flush timer fires late. Either doubles the
window (up to `MAX_STRETCH` times the base); a flush with neither halves it back. Fewer, larger deltas while the
process is overloaded, so delivery catches up instead of falling further behind, and the base window again as
soon as it has. Nothing is lost either way: the same text, in fewer events.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import Any

from services.runs.event_kinds import TokenDelta

Emit = Callable[[Sequence[TokenDelta]], Awaitable[Any]]
MAX_STRETCH = 8  # the widest window, in base windows (25 ms -> 200 ms for chat)


def next_window(window: float, late: float, base: float, *, behind: bool = False) -> float:
    """The window after a flush whose timer fired `late` seconds after it was due, subscribers `behind` or not."""
    if behind or late > base:
        return min(window * 2, base * MAX_STRETCH)
    return max(window / 2, base)


class TokenCoalescer:
    def __init__(self, emit: Emit, window: float, behind: Callable[[], bool] = lambda: False) -> None:
        self._emit, self._base, self._window, self._behind = emit, window, window, behind
        self._pending: list[str] = []
        self._last = -math.inf
        self._wake = asyncio.Event()
        self._closing = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.deltas = 0  # TokenDelta events written, for tests and metrics

    @property
    def window(self) -> float:
        """The current window, in seconds (the base one, or wider while delivery is behind)."""
        return self._window

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
            due = self._last + self._window
            late = 0.0
            if due > loop.time() and not self._closing.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout_at(due):  # not wait_for: it can swallow a cancel on 3.11
                        await self._closing.wait()
                late = loop.time() - due
            if not self._closing.is_set():
                self._window = next_window(self._window, late, self._base, behind=self._behind())
            self._wake.clear()
            if self._pending:
                text = "".join(self._pending)
                self._pending.clear()
                self._last = loop.time()
                await self._emit([TokenDelta(text)])
                self.deltas += 1
            if self._closing.is_set() and not self._pending:
                return
