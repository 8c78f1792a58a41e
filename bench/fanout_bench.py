"""Fan-out: one run watched by M subscribers, each on its own graphql-transport-ws connection.

    .venv/bin/python bench/fanout_bench.py [--subscribers 200] [--tokens 200] [--rate 20] [--parallel 50]
        [--find-max] [--max-p99 1.0] [--max-subscribers 6400] [--ws websockets-sansio] [--database-url URL]

Switchboard under uvicorn (one worker, bench/probed_app.py for the loop-lag probe, the WebSocket implementation
`switchboard serve` uses unless --ws), SQLite in a temporary directory, and the fake Ollama of
bench/stream_fake.py, which holds the run's provider request until every subscriber is live (its first, replayed
event has arrived), then streams --tokens tokens at --rate tokens/s, timestamping each frame as it writes it.

Per token and subscriber, lag = (the subscriber received the TokenDelta holding it) - (the fake wrote it), on the
one monotonic clock of this machine; Switchboard coalesces deltas over ~50 ms by design, so tens of ms are
expected. Prints, per M: tokens delivered against expected over all subscribers, subscribers that got every token
and the final SUCCEEDED, duplicated events, lag p50/p99/max, the longest loop stall, and CPU seconds of
Switchboard, the fake and this client (which receives every subscriber's messages: when its CPU seconds approach
the wall time, the client is part of the lag).

--find-max runs M = --subscribers, doubling (200, 400, 800, ...) up to --max-subscribers, until lag p99 exceeds
--max-p99 seconds or a token is lost, and prints the largest M that held. Asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.relay_watchers import add_server_options, open_watchers, run_bench, wait_for_request
from bench.server_process import exit_on_sigterm
from bench.stream_bench import (
    Relay,
    Switchboard,
    configure,
    cpu_seconds,
    delivered_tokens,
    holding,
    loop_lag_window,
    pct,
    records,
    release,
)


@dataclass
class Case:
    subscribers: int
    live: int
    open_seconds: float
    wall: float  # release -> the last subscriber done
    delivered: int
    expected: int
    complete: int  # every token, in order, and SUCCEEDED
    duplicates: int  # events received more than once (by seq), over all subscribers
    messages: float  # `next` messages per subscriber (TokenDeltas coalesce more tokens when the loop is late)
    lags: list[float]
    loop: dict[str, Any]
    cpu: tuple[float, float, float]  # Switchboard, fake, client
    fake_rate: float
    problems: list[str]

    @property
    def held(self) -> bool:
        return self.live == self.subscribers and self.delivered == self.expected

    def p99(self) -> float:
        return pct(self.lags, 0.99)


async def fanout(args: argparse.Namespace, relay: Relay, sb: Switchboard, subscribers: int) -> Case:
    http = sb.http
    tokens = [f" t{i}" for i in range(args.tokens)]
    await configure(http, relay.fake, tokens, args.rate, detail=True, hold=True)
    key = f"fanout {subscribers} {uuid.uuid4().hex}"
    run_id = await sb.send(key)
    await wait_for_request(http, relay.fake, key)
    watchers = await open_watchers(relay.base, run_id, subscribers, args.parallel)
    pids = relay.pids
    await loop_lag_window(http, relay.base)
    cpu_before = [cpu_seconds(pid) for pid in pids] + [cpu_seconds()]
    released = time.monotonic()
    await release(http, relay.fake)
    results = await watchers.results()
    wall = max(r.done_at for r in results) - released
    cpu_after = [cpu_seconds(pid) for pid in pids] + [cpu_seconds()]
    loop = await loop_lag_window(http, relay.base)
    sent = (await records(http, relay.fake)).get(key, {"sent": [], "first": None, "last": None, "count": 0})

    expected_text = "".join(tokens)
    lags: list[float] = []
    problems: list[str] = [f"{n} x failed to open: {cause}" for cause, n in watchers.failed.most_common()]
    complete = duplicates = 0
    for got in results:
        duplicates += len(got.seqs) - len(set(got.seqs))
        if got.status == "SUCCEEDED" and got.text == expected_text:
            complete += 1
        elif got.seqs:
            problems.append(f"status {got.status}, error {got.error}, {len(got.text)} of {len(expected_text)} chars")
        lags.extend(got.chunks[k][0] - s[0] for k, s in zip(holding(sent["sent"], got), sent["sent"], strict=False))
    cpu = tuple(after - before for before, after in zip(cpu_before, cpu_after, strict=True))
    span = (sent["last"] or 0) - (sent["first"] or 0)
    return Case(
        subscribers=subscribers,
        live=watchers.live,
        open_seconds=watchers.open_seconds,
        wall=wall,
        delivered=sum(delivered_tokens(tokens, r.text) for r in results),
        expected=len(tokens) * subscribers,
        complete=complete,
        duplicates=duplicates,
        messages=sum(r.messages for r in results) / max(1, len(results)),
        lags=lags,
        loop=loop,
        cpu=(cpu[0], cpu[1], cpu[2]),
        fake_rate=(sent["count"] - 1) / span if span > 0 else float("nan"),
        problems=problems,
    )


HEADER = (
    f"  {'subs':>5} {'live':>5} {'open s':>7} {'tokens delivered':>17} {'complete':>9} {'dups':>5} {'msgs/sub':>8} "
    f"{'lag p50':>8} {'p99':>8} {'max':>8} {'loop max':>9} {'wall s':>7} {'fake tok/s':>10}   "
    f"{'CPU s: Switchboard':>18} {'fake':>6} {'client':>7}"
)


def line(c: Case) -> str:
    return (
        f"  {c.subscribers:>5} {c.live:>5} {c.open_seconds:>7.1f} {f'{c.delivered}/{c.expected}':>17} "
        f"{f'{c.complete}/{c.subscribers}':>9} {c.duplicates:>5} {c.messages:>8.0f} {pct(c.lags, 0.5) * 1000:>5.0f} ms "
        f"{c.p99() * 1000:>5.0f} ms {max(c.lags, default=float('nan')) * 1000:>5.0f} ms "
        f"{c.loop['max_ms']:>6.0f} ms {c.wall:>7.1f} {c.fake_rate:>10.1f}   "
        f"{c.cpu[0]:>18.2f} {c.cpu[1]:>6.2f} {c.cpu[2]:>7.2f}"
    )


async def measure(args: argparse.Namespace, relay: Relay) -> None:
    async with httpx.AsyncClient(timeout=60) as http:
        sb = Switchboard(relay.base, http)
        await sb.create_agent()
        warm = await fanout(args, relay, sb, 5)  # the first run and subscriptions pay one-off costs
        print(f"\nwarm-up, 5 subscribers: {warm.delivered}/{warm.expected} tokens, lag p99 {warm.p99() * 1000:.0f} ms")
        print(f"\none run, {args.tokens} tokens at {args.rate:g} tokens/s, each subscriber on its own connection\n")
        print(HEADER, flush=True)
        cases: list[Case] = []
        m = args.subscribers
        while True:
            case = await fanout(args, relay, sb, m)
            cases.append(case)
            print(line(case), flush=True)
            for problem in case.problems[:5]:
                print(f"    {problem}")
            if len(case.problems) > 5:
                print(f"    ... and {len(case.problems) - 5} more")
            held = case.held and case.p99() <= args.max_p99
            if not args.find_max or not held or m * 2 > args.max_subscribers:
                break
            m *= 2
    print(
        "\n  live: subscribers whose first (replayed) event arrived before the stream was let go; open s: the time"
        "\n  to open them all. tokens delivered: the scripted tokens each subscriber got intact and in order,"
        "\n  summed. complete: every token and SUCCEEDED. dups: events received twice (same seq). msgs/sub: `next`"
        "\n  messages per subscriber (a late loop coalesces more tokens per TokenDelta). lag: per token"
        "\n  and subscriber, received - written by the fake. loop max: Switchboard's longest event-loop stall"
        "\n  while the tokens went out. wall: release -> last subscriber done. CPU s: during that time."
    )
    if args.find_max:
        ok = [c.subscribers for c in cases if c.held and c.p99() <= args.max_p99]
        last = cases[-1]
        why = (
            "tokens lost or subscribers not live"
            if not last.held
            else f"lag p99 {last.p99():.2f} s > {args.max_p99:g} s"
            if last.p99() > args.max_p99
            else f"--max-subscribers {args.max_subscribers} reached"
        )
        print(
            f"\nlargest M that held (every token delivered, lag p99 <= {args.max_p99:g} s): "
            f"{max(ok) if ok else 'none'}; stopped at {last.subscribers}: {why}"
        )


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=200, help="subscribers on the run (first M of --find-max)")
    parser.add_argument("--tokens", type=int, default=200, help="tokens the run streams")
    parser.add_argument("--rate", type=float, default=20.0, help="tokens/s the fake emits")
    parser.add_argument("--find-max", action="store_true", help="double M until lag p99 > --max-p99 or a token is lost")
    parser.add_argument("--max-p99", type=float, default=1.0, help="seconds of lag p99 that --find-max accepts")
    parser.add_argument("--max-subscribers", type=int, default=6400, help="where --find-max stops doubling")
    add_server_options(parser)
    args = parser.parse_args()
    run_bench(args, args.max_subscribers if args.find_max else args.subscribers, measure)


if __name__ == "__main__":
    main()
