"""The paced token body both fakes stream, with the scripted break and disconnect bookkeeping.

Each fake supplies its wire format as frame builders; this module owns the timing and the outcome.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence

from tests.fakes.script import Script, StreamOutcome


class AbortConnection(Exception):
    """Raised inside a response body: uvicorn then drops the connection without finishing the body."""


class _HideScriptedAborts(logging.Filter):
    # uvicorn logs every exception escaping the app; a scripted abort is not one worth reading.
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], AbortConnection))


logging.getLogger("uvicorn.error").addFilter(_HideScriptedAborts())


async def scripted_body(
    script: Script,
    tokens: Sequence[str],
    *,
    token_frame: Callable[[str], bytes],
    end_frames: Callable[[int], Sequence[bytes]],
    error_frame: bytes,
    prelude: Sequence[bytes] = (),
) -> AsyncIterator[bytes]:
    """Frames for one scripted stream; `end_frames(n)` closes a stream that emitted n tokens.

    A client that goes away leaves this generator unfinished: Starlette cancels it (CancelledError
    in a sleep) or it is closed at a `yield` (GeneratorExit). `finally` tells those apart from a
    normal or deliberately broken end, which is how the fake observes a disconnect.
    """
    script.stream_started()
    outcome: StreamOutcome = "disconnected"
    try:
        for frame in prelude:
            yield frame
        for index, token in enumerate(tokens):
            if script.break_after is not None and index == script.break_after:
                outcome = "broken"
                if script.break_mode == "abort":
                    raise AbortConnection
                if script.break_mode == "error":
                    yield error_frame
                return
            if index == 0:
                await script.held()
            delay = script.token_delay(index)
            if delay:
                await asyncio.sleep(delay)
            script.token_written()
            yield token_frame(token)
        for frame in end_frames(len(tokens)):
            yield frame
        outcome = "completed"
    finally:
        script.stream_finished(outcome)
