"""Racing work that reads a provider stream against the run's cancel flag."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any


async def until_cancelled(work: Coroutine[Any, Any, None], cancelled: asyncio.Event) -> bool:
    """Run `work` until it ends or `cancelled` is set. True when it ended (its exception, if any, is raised
    here); False when it was cancelled first. Cancelling the task that reads a provider's stream closes the
    stream, so the model stops generating (or the download stops) at once, even when it is silent. If the
    caller itself is cancelled (the server is stopping), `work` is cancelled too before that propagates."""
    worker = asyncio.create_task(work)
    waiter = asyncio.create_task(cancelled.wait())
    try:
        await asyncio.wait({worker, waiter}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        await _stop(worker)
        raise
    finally:
        waiter.cancel()
    if not worker.done():
        await _stop(worker)
        return False
    worker.result()
    return True


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):  # what it raised while closing is moot now
        await task
