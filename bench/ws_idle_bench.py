"""Idle WebSocket watchers: what N open graphql-transport-ws connections, each with one `runEvents`
subscription, cost Switchboard while nothing happens, and whether every one of them still gets the next event.

    .venv/bin/python bench/ws_idle_bench.py [--connections 1000] [--hold 15] [--parallel 50] [--tokens 5]
        [--ws websockets-sansio] [--timeout 600] [--database-url URL] [--server-log FILE]

Switchboard under uvicorn (one worker, bench/probed_app.py for the loop-lag probe; the WebSocket implementation
`switchboard serve` uses unless --ws), SQLite in a temporary directory, the fake Ollama of bench/stream_fake.py
holding the run's provider request: the run stays RUNNING, with nothing to stream, for as long as the bench needs.
Then N connections open (--parallel at a time), each subscribing to that run; each counts as held when the first
(replayed) event arrives. They stay idle for --hold seconds. Then the fake lets the stream go (--tokens tokens),
the run SUCCEEDS, and every subscriber should get the tokens and the final RunStatusChanged.

Prints the server's RSS (VmRSS) before and after, KiB per connection, how many were held, the time to open them,
the loop lag (bench/probed_app.py) while opening, while held and while the final events went out, and how many
subscribers got the final status. Asserts nothing. This process raises its RLIMIT_NOFILE before it starts the
servers, which inherit it (their limit is printed).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.relay_watchers import (
    add_server_options,
    open_files_limit,
    open_watchers,
    rss_kb,
    run_bench,
    wait_for_request,
)
from bench.server_process import exit_on_sigterm
from bench.stream_bench import (
    Relay,
    Switchboard,
    configure,
    cpu_seconds,
    describe_lag,
    loop_lag_window,
    release,
)

WARMUP = 5  # watchers opened and closed before the baseline, so one-off lazy work is not charged per connection


async def settle_rss(pid: int, seconds: float = 2.0) -> int:
    """The server's RSS after a short pause (a freed buffer or a finishing task is not counted)."""
    await asyncio.sleep(seconds)
    return rss_kb(pid)


async def measure(args: argparse.Namespace, relay: Relay) -> None:
    server = relay.pids[0]
    print(f"Switchboard's open-files limit: {open_files_limit(server)} (this process: {args.nofile})")
    tokens = [f" t{i}" for i in range(args.tokens)]
    async with httpx.AsyncClient(timeout=60) as http:
        sb = Switchboard(relay.base, http)
        await sb.create_agent()

        # Warm-up: one short run and a few watchers, so the baseline is a server that has served a subscription.
        await configure(http, relay.fake, tokens, 0, detail=False)
        warm = await open_watchers(relay.base, await sb.send(f"warm-up {uuid.uuid4().hex}"), WARMUP, WARMUP)
        await warm.results()

        await configure(http, relay.fake, tokens, 0, detail=False, hold=True)
        key = f"idle {uuid.uuid4().hex}"
        run_id = await sb.send(key)
        await wait_for_request(http, relay.fake, key)
        before = await settle_rss(server)
        await loop_lag_window(http, relay.base)
        cpu0 = cpu_seconds(server)

        watchers = await open_watchers(relay.base, run_id, args.connections, args.parallel)
        opening_lag = await loop_lag_window(http, relay.base)
        cpu1 = cpu_seconds(server)
        opened = rss_kb(server)
        await asyncio.sleep(args.hold)
        held_lag = await loop_lag_window(http, relay.base)
        cpu2 = cpu_seconds(server)
        after = rss_kb(server)

        released = time.monotonic()
        await release(http, relay.fake)
        results = await watchers.results()
        delivery = max((r.done_at for r in results), default=released) - released
        delivery_lag = await loop_lag_window(http, relay.base)
        cpu3 = cpu_seconds(server)

    held = watchers.live
    expected = "".join(tokens)
    finals = Counter(r.status or "none" for r in results if r.seqs)
    whole = sum(1 for r in results if r.status == "SUCCEEDED" and r.text == expected)
    errors = Counter(r.error for r in results if r.seqs and r.error)
    per_connection = (after - before) / held if held else float("nan")

    print(
        f"\nrun {run_id} parked RUNNING at the fake; {args.connections} connections, {args.parallel} opening at once\n"
    )
    print(f"  connections held (connection_ack and the first event)   {held} of {args.connections}")
    for cause, n in watchers.failed.most_common():
        print(f"    failed to open: {n} x {cause}")
    print(f"  time to open them                                        {watchers.open_seconds:.2f} s")
    print(f"  server RSS before                                        {before / 1024:.1f} MiB")
    print(f"  server RSS right after opening                           {opened / 1024:.1f} MiB")
    print(f"  {f'server RSS after holding them {args.hold:g} s':<56} {after / 1024:.1f} MiB")
    print(f"  per connection ((after - before) / held)                 {per_connection:.1f} KiB")
    print(f"  loop lag while opening                                   {describe_lag(opening_lag)}")
    print(f"  loop lag while held                                      {describe_lag(held_lag)}")
    print(f"  server CPU while opening / held                          {cpu1 - cpu0:.2f} s / {cpu2 - cpu1:.2f} s")
    print(f"\n  the fake let the stream go ({args.tokens} tokens, unpaced); the run's final RunStatusChanged:")
    print(
        f"  subscribers that got it                                  {sum(finals.values())} of {held}: {dict(finals)}"
    )
    print(f"  ... and every token before it                            {whole} of {held}")
    for cause, n in errors.most_common():
        print(f"    {n} x {cause}")
    print(f"  release -> the last subscriber had it                    {delivery:.2f} s")
    print(f"  loop lag meanwhile                                       {describe_lag(delivery_lag)}")
    print(f"  server CPU meanwhile                                     {cpu3 - cpu2:.2f} s")


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=1000, help="idle WebSocket connections to hold")
    parser.add_argument("--hold", type=float, default=15.0, help="seconds to hold them idle")
    parser.add_argument("--tokens", type=int, default=5, help="tokens the run streams once released")
    add_server_options(parser)
    args = parser.parse_args()
    run_bench(args, args.connections, measure)


if __name__ == "__main__":
    main()
