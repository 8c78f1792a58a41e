"""Many graphql-transport-ws subscribers on one run, for ws_idle_bench.py and fanout_bench.py.

Each watcher is a task with its own WebSocket connection (tests/gqlws.py) and one `runEvents(after: 0)`
subscription on it, collected by stream_bench.follow. A watcher counts as live when its first event arrives:
the server subscribes to the run's channel before it replays the stored events, so from then on nothing
published can pass it by. At most `parallel` watchers are opening at once, as a crowd of browsers would
reconnect, so the figures are not a SYN-backlog test. Also the options and the start-up both benches share.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.exceptions import WebSocketException

from bench import stream_bench
from bench.stream_bench import Received, Relay, follow, print_header, records, relay_servers
from tests.gqlws import graphql_ws


def raise_open_files(needed: int) -> int:
    """Raises this process's RLIMIT_NOFILE soft limit to at least `needed` (and the hard one, as root, if it is
    lower). Child processes started afterwards (the servers) inherit it. Returns the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return soft
    if hard != resource.RLIM_INFINITY and hard < needed:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (needed, needed))
        except (ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    else:
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def open_files_limit(pid: int) -> str:
    """The soft 'Max open files' of a process, from /proc."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max open files"):
            return line.split()[3]
    return "?"


def rss_kb(pid: int) -> int:
    """A process's resident set (VmRSS) in KiB, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


async def wait_for_request(http: httpx.AsyncClient, fake: str, key: str) -> None:
    """Waits (up to a minute) until the fake has the chat request whose last message is `key`: the run is RUNNING,
    parked there."""
    for _ in range(1200):  # another process: poll its records every 50 ms
        if key in await records(http, fake):
            return
        await asyncio.sleep(0.05)
    raise SystemExit("the fake did not get the run's request within 60 s")


@dataclass
class Watchers:
    """Watchers of one run: `tasks` end with what each received once the run ends (or its connection fails)."""

    tasks: list[asyncio.Task[Received]]
    live: int = 0
    failed: Counter[str] = field(default_factory=Counter)  # watchers that never got an event, by cause
    open_seconds: float = 0.0  # first connection started -> every watcher live or failed

    async def results(self) -> list[Received]:
        return list(await asyncio.gather(*self.tasks))


async def open_watchers(base: str, run_id: str, count: int, parallel: int) -> Watchers:
    """Opens `count` watchers of the run, `parallel` at a time, and returns once each is live or has failed."""
    gate = asyncio.Semaphore(parallel)
    settled = asyncio.Event()
    watchers = Watchers(tasks=[])

    def settle() -> None:
        if watchers.live + sum(watchers.failed.values()) == count:
            settled.set()

    async def watch() -> Received:
        await gate.acquire()
        live = False

        def on_first() -> None:
            nonlocal live
            live = True
            watchers.live += 1
            gate.release()
            settle()

        try:
            async with graphql_ws(base) as ws:
                got = await follow(ws, run_id, on_first=on_first)
        except (OSError, WebSocketException, AssertionError, TimeoutError) as exc:
            got = Received(error=f"{type(exc).__name__}: {exc}"[:200], done_at=time.monotonic())
        if not live:
            watchers.failed[got.error or f"ended without an event (status {got.status})"] += 1
            gate.release()
            settle()
        return got

    started = time.monotonic()
    watchers.tasks = [asyncio.create_task(watch(), name=f"watcher {i}") for i in range(count)]
    if count:
        await settled.wait()
    watchers.open_seconds = time.monotonic() - started
    return watchers


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """The options ws_idle_bench.py and fanout_bench.py share: how the servers run and how long a watcher waits."""
    parser.add_argument("--parallel", type=int, default=50, help="connections opening at once")
    parser.add_argument("--ws", default="websockets-sansio", help="uvicorn's --ws (switchboard serve's by default)")
    parser.add_argument(
        "--deflate",
        action="store_true",
        help="uvicorn --ws-per-message-deflate true (switchboard serve's default is off: ws_compression)",
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds a subscriber waits for the run's end")
    parser.add_argument("--database-url", help="e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/bench (empty DB)")
    parser.add_argument("--server-log", help="keep Switchboard's log (stdout and stderr) in this file")
    parser.add_argument("--profile", help="run Switchboard under cProfile and write its stats to this file")


Measure = Callable[[argparse.Namespace, Relay], Coroutine[Any, Any, None]]


def run_bench(args: argparse.Namespace, connections: int, measure: Measure) -> None:
    """Raises the open-files limit for `connections` WebSockets (before the servers start: they inherit it),
    prints the header, starts the servers as the options say and runs `measure` against them."""
    stream_bench.SUBSCRIPTION_TIMEOUT = args.timeout
    args.nofile = raise_open_files(2 * connections + 256)
    started = time.monotonic()
    print_header()
    print(
        f"database: {args.database_url or 'SQLite (temporary directory)'}, pub/sub memory://, uvicorn --ws {args.ws}"
        f"{' (permessage-deflate on)' if args.deflate else ' without permessage-deflate'}; "
        f"open-files limit {args.nofile}"
    )
    # The held request must not time out; BENCH_PROFILE: bench/probed_app.py.
    settings = {"SWITCHBOARD_PROVIDERS__REQUEST_TIMEOUT_SECONDS": "3600"}
    if args.profile:
        settings["BENCH_PROFILE"] = str(Path(args.profile).resolve())
    with (
        tempfile.TemporaryDirectory() as tmp,
        relay_servers(
            Path(tmp),
            concurrency=4,
            database_url=args.database_url,
            server_log=args.server_log,
            ws=args.ws,
            deflate=args.deflate,
            settings=settings,
        ) as relay,
    ):
        asyncio.run(measure(args, relay))
    print(f"\ntotal {time.monotonic() - started:.0f} s")
