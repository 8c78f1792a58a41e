"""Switchboard's app with an event-loop lag probe, for the benches (`uvicorn --factory bench.probed_app:create_app`).

A task sleeps `INTERVAL` seconds in a loop and records how late it wakes: the longest stall of the event loop
(anything that blocks it: a synchronous import, a native call, a long computation) shows as one late wake-up.
`GET /_bench/loop-lag` returns the figures since the previous call (and starts a new window), so a bench reads
it after each case. Only the benches use this module; the server itself carries no probe.

With `BENCH_PROFILE=FILE` in its environment the process runs under cProfile from start-up to shutdown
and writes the stats to FILE as it stops (read them with `python -m pstats FILE`), to see where a bench's time goes.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app import create_app as create_switchboard

INTERVAL = 0.005


class LoopLag:
    """Late wake-ups of a periodic sleep, in milliseconds, per window."""

    def __init__(self) -> None:
        self.lags: list[float] = []

    async def run(self) -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(INTERVAL)
            self.lags.append((time.perf_counter() - start - INTERVAL) * 1000)

    def window(self) -> dict[str, Any]:
        lags, self.lags = sorted(self.lags), []
        if not lags:
            return {"samples": 0, "max_ms": 0.0, "p99_ms": 0.0, "over_50ms": 0}
        return {
            "samples": len(lags),
            "max_ms": round(lags[-1], 1),
            "p99_ms": round(lags[min(len(lags) - 1, int(len(lags) * 0.99))], 1),
            "over_50ms": sum(1 for lag in lags if lag > 50),
        }


def create_app() -> Starlette:
    app = create_switchboard()
    probe = LoopLag()
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: Starlette) -> AsyncIterator[None]:
        profile_to = os.environ.get("BENCH_PROFILE")
        profiler = cProfile.Profile() if profile_to else None
        if profiler is not None:
            profiler.enable()
        async with inner(application):
            task = asyncio.create_task(probe.run(), name="bench:loop-lag")
            try:
                yield
            finally:
                task.cancel()
                if profiler is not None and profile_to:
                    profiler.disable()
                    profiler.dump_stats(profile_to)

    async def loop_lag(request: Request) -> JSONResponse:
        return JSONResponse(probe.window())

    app.router.lifespan_context = lifespan
    app.router.routes.insert(0, Route("/_bench/loop-lag", loop_lag))
    return app
