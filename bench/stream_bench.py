"""Streaming relay benchmark: what Switchboard adds between a provider's tokens and a subscriber.

    .venv/bin/python bench/stream_bench.py [--runs 30] [--tokens 20] [--rate 50] [--warmup 3]
        [--tp-tokens 500] [--tp-rate 500] [--subscribers 1,10,100] [--timeout 60] [--database-url URL]

Three processes on loopback: the wire-faithful fake Ollama (tests/fakes, wrapped by bench/stream_fake.py
so it timestamps every token frame as it writes it, at a fixed rate so the model's speed cancels out),
Switchboard under uvicorn (one worker, SQLite in a temporary directory unless --database-url, ollama
concurrency 128 by default), and this client. Prints figures, asserts nothing; the default run takes about 2 minutes.

1. Latency (--runs runs of --tokens tokens at --rate tokens/s; direct and via Switchboard alternate):
   - direct: the official `ollama.AsyncClient` streaming chat against the fake;
   - via Switchboard: `sendMessage` over HTTP, then `runEvents` over a graphql-transport-ws WebSocket
     opened beforehand (as a UI keeps one open).
   Time to first token is measured from the request (the mutation) to the first token (TokenDelta).
   Per-token latency is, for each token, (client received the chunk/delta holding it) - (fake wrote it),
   on the same monotonic clock. "Added" figures are paired: run i via Switchboard minus run i direct,
   token j of one minus token j of the other. The time to first token is also split into legs, using
   Run.createdAt/startedAt and TokenDelta.at (Switchboard's wall clock, same machine).
2. Throughput (--tp-tokens tokens per run at --tp-rate tokens/s): 1, 10, 100 WebSocket subscribers,
   (a) all on one run, (b) each on its own run (N runs in parallel). Tokens delivered to all subscribers
   per second of wall time (mutation sent -> last subscriber done); every subscriber's text is checked
   against the script (a WARNING line says how many did not get all of it, and why), and each case
   reports CPU seconds per process, so it shows which process was the limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate
from pathlib import Path
from typing import Any

import httpx
import ollama

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stream_fake import MODEL  # noqa: E402
from tests.gqlws import GraphQLWS, graphql_ws  # noqa: E402

CREATE_AGENT = """mutation($m: String!) { createAgent(input: {name: "Bench", model: $m, systemPrompt: "Be brief."}) {
  __typename ... on Agent { id } ... on Error { message code } } }"""
SEND = """mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  __typename ... on ChatTurn { run { id } } ... on Error { message code } } }"""
EVENTS = """subscription($id: ID!) { runEvents(runId: $id, after: 0) {
  __typename seq at ... on TokenDelta { text } ... on RunStatusChanged { status error } } }"""
RUN_TIMES = "query($id: ID!) { run(id: $id) { createdAt startedAt } }"

SUBSCRIPTION_TIMEOUT = 60.0  # --timeout: a subscriber gives up on a run that has not ended by then
WARNINGS: list[str] = []


def warn(message: str) -> None:
    WARNINGS.append(message)
    print(f"WARNING: {message}", flush=True)


# Switchboard stamps events with the wall clock; this maps them onto time.monotonic() (same machine).
WALL_MINUS_MONOTONIC = time.time() - time.monotonic()


def monotonic_from_iso(value: str) -> float:
    return datetime.fromisoformat(value).timestamp() - WALL_MINUS_MONOTONIC


def pct(data: Sequence[float], q: float) -> float:
    ordered = sorted(data)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU time of a process (this one by default); NaN where /proc is missing."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(cmd: list[str], env: dict[str, str], url: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(300):
        if proc.poll() is not None:
            break
        try:
            httpx.get(url, timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start: {shlex.join(cmd)}\n{log.read_text()[-3000:]}")


# --------------------------------------------------------------------------- clients


class GraphQLFailure(RuntimeError):
    """A response with `errors`; the message is their codes."""


class Switchboard:
    def __init__(self, base: str, http: httpx.AsyncClient) -> None:
        self.base, self.http = base, http
        self.agent_id = ""

    async def gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self.http.post(f"{self.base}/graphql", json={"query": query, "variables": variables})
        body = response.json()
        if body.get("errors"):
            codes = sorted({str(e.get("extensions", {}).get("code", e.get("message"))) for e in body["errors"]})
            raise GraphQLFailure(", ".join(codes))
        return dict(body["data"])

    async def create_agent(self) -> None:
        data = (await self.gql(CREATE_AGENT, {"m": f"ollama:{MODEL}"}))["createAgent"]
        if data["__typename"] != "Agent":
            raise RuntimeError(f"createAgent failed: {data}")
        self.agent_id = data["id"]

    async def send(self, text: str) -> str:
        data = (await self.gql(SEND, {"input": {"agentId": self.agent_id, "text": text}}))["sendMessage"]
        if data["__typename"] != "ChatTurn":
            raise RuntimeError(f"sendMessage failed: {data}")
        return str(data["run"]["id"])


@dataclass
class Received:
    """What one subscriber (or the direct client) got: (monotonic time, text) per chunk or TokenDelta."""

    chunks: list[tuple[float, str]] = field(default_factory=list)
    seqs: list[int] = field(default_factory=list)  # every event's seq, in the order received
    written: list[float] = field(default_factory=list)  # per TokenDelta: its `at` (written to the log)
    messages: int = 0
    queue_events: int = 0  # QueuePositionChanged
    status: str | None = None
    error: str | None = None
    done_at: float = 0.0

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.chunks)


async def follow(ws: GraphQLWS, run_id: str, on_first: Callable[[], None] | None = None) -> Received:
    """Subscribes to the run's events from the start and collects them until the final status. `on_first` is
    called when the first event arrives (the subscription is live: the server replays stored events after it
    has subscribed to the run's channel)."""
    got = Received()
    try:
        async with asyncio.timeout(SUBSCRIPTION_TIMEOUT):
            async for payload in ws.subscribe(EVENTS, {"id": run_id}):
                now = time.monotonic()
                got.messages += 1
                if on_first is not None and got.messages == 1:
                    on_first()
                if payload.get("errors"):
                    got.error = json.dumps(payload["errors"])
                    break
                event = payload["data"]["runEvents"]
                got.seqs.append(int(event["seq"]))
                if event["__typename"] == "TokenDelta":
                    got.chunks.append((now, event["text"]))
                    got.written.append(monotonic_from_iso(event["at"]))
                elif event["__typename"] == "QueuePositionChanged":
                    got.queue_events += 1
                elif event["__typename"] == "RunStatusChanged":
                    got.status, got.error = event["status"], event["error"] or got.error
    except TimeoutError:
        got.error = f"no final status within {SUBSCRIPTION_TIMEOUT:g} s"
    got.done_at = time.monotonic()
    return got


async def direct_chat(client: ollama.AsyncClient, key: str) -> tuple[float, Received]:
    got = Received()
    started = time.monotonic()
    stream = await client.chat(model=MODEL, messages=[{"role": "user", "content": key}], stream=True)
    async for part in stream:
        if part.message.content:
            got.chunks.append((time.monotonic(), part.message.content))
        if part.done:
            got.status = "SUCCEEDED"
    got.done_at = time.monotonic()
    return started, got


@dataclass
class RelayedRun:
    key: str
    started: float  # mutation sent
    answered: float  # mutation response received
    created: float  # Run.createdAt
    claimed: float  # Run.startedAt (the dispatcher took it)
    got: Received


async def via_switchboard(sb: Switchboard, ws: GraphQLWS, key: str) -> RelayedRun:
    started = time.monotonic()
    run_id = await sb.send(key)
    answered = time.monotonic()
    got = await follow(ws, run_id)
    run = (await sb.gql(RUN_TIMES, {"id": run_id}))["run"]
    created, claimed = monotonic_from_iso(run["createdAt"]), monotonic_from_iso(run["startedAt"])
    return RelayedRun(key, started, answered, created, claimed, got)


def holding(sent: Sequence[Sequence[Any]], got: Received) -> list[int]:
    """Per token sent (in order), the index of the chunk that completed it (chunks may coalesce tokens)."""
    out: list[int] = []
    k, have = 0, 0
    for end in accumulate(len(text) for _, text in sent):
        while k < len(got.chunks) and have < end:
            have += len(got.chunks[k][1])
            k += 1
        if have < end:
            break  # never arrived
        out.append(k - 1)
    return out


def delivered_tokens(tokens: Sequence[str], text: str) -> int:
    """How many of the scripted tokens arrived intact, in order (the common prefix with the script)."""
    expected = "".join(tokens)
    common = 0
    for a, b in zip(expected, text, strict=False):
        if a != b:
            break
        common += 1
    return sum(1 for end in accumulate(len(t) for t in tokens) if end <= common)


# --------------------------------------------------------------------------- 1. latency


async def configure(
    http: httpx.AsyncClient, fake: str, tokens: list[str], rate: float, detail: bool, hold: bool = False
) -> None:
    """Sets the fake's script; with `hold`, chat requests wait at the fake until `release` (bench/stream_fake.py)."""
    response = await http.post(
        f"{fake}/_bench/script",
        json={"tokens": tokens, "tokens_per_second": rate or None, "detail": detail, "hold": hold},
    )
    response.raise_for_status()


async def release(http: httpx.AsyncClient, fake: str) -> None:
    (await http.post(f"{fake}/_bench/release")).raise_for_status()


async def records(http: httpx.AsyncClient, fake: str) -> dict[str, Any]:
    response = await http.get(f"{fake}/_bench/records")
    response.raise_for_status()
    return dict(response.json())


def paced(rate: float) -> str:
    return f"{rate:g} tokens/s" if rate else "unpaced (as fast as the fake can)"


def row(label: str, values: Sequence[float], unit: str = "ms", scale: float = 1000.0) -> str:
    scaled = [v * scale for v in values]
    return f"  {label:<58} {len(scaled):>6}  {pct(scaled, 0.5):>9.2f} {unit}  {pct(scaled, 0.99):>9.2f} {unit}"


async def latency(args: argparse.Namespace, sb: Switchboard, fake: str) -> None:
    tokens = [f" tok{i}" for i in range(args.tokens)]
    expected = "".join(tokens)
    await configure(sb.http, fake, tokens, args.rate, detail=True)
    client = ollama.AsyncClient(host=fake)
    tag = uuid.uuid4().hex[:8]
    direct: list[tuple[str, float, Received]] = []
    relayed: list[RelayedRun] = []
    async with graphql_ws(sb.base) as ws:
        for i in range(-args.warmup, args.runs):  # negative indices: warm-up, discarded
            key = f"direct {tag} {i}"
            started, got = await direct_chat(client, key)
            if i >= 0:
                direct.append((key, started, got))
            run = await via_switchboard(sb, ws, f"switchboard {tag} {i}")
            if run.got.text != expected or run.got.status != "SUCCEEDED":
                warn(f"latency run {i}: status {run.got.status} error {run.got.error}, text {run.got.text[:60]!r}")
            if i >= 0:
                relayed.append(run)
    sent = await records(sb.http, fake)

    figures: dict[str, list[float]] = {}

    def add(name: str, *values: float) -> None:
        figures.setdefault(name, []).extend(values)

    for (dkey, dstart, dgot), run in zip(direct, relayed, strict=True):
        rgot = run.got
        drec, rrec = sent.get(dkey), sent.get(run.key)
        if not drec or not rrec or not dgot.chunks or not rgot.chunks:
            warn(f"missing records for {dkey!r} / {run.key!r}")
            continue
        d_hold, r_hold = holding(drec["sent"], dgot), holding(rrec["sent"], rgot)
        if len(d_hold) != len(drec["sent"]) or len(r_hold) != len(rrec["sent"]):
            warn(f"tokens missing in run {dkey!r} / {run.key!r}")
        d_lat = [dgot.chunks[k][0] - s[0] for k, s in zip(d_hold, drec["sent"], strict=False)]
        r_lat = [rgot.chunks[k][0] - s[0] for k, s in zip(r_hold, rrec["sent"], strict=False)]
        add("ttft direct", dgot.chunks[0][0] - dstart)
        add("ttft relay", rgot.chunks[0][0] - run.started)
        add("ttft added", figures["ttft relay"][-1] - figures["ttft direct"][-1])
        add("token direct", *d_lat)
        add("token relay", *r_lat)
        add("token added", *(r - d for r, d in zip(r_lat, d_lat, strict=False)))
        add("token coalesced", *(rgot.written[k] - s[0] for k, s in zip(r_hold, rrec["sent"], strict=False)))
        add("token delivered", *(rgot.chunks[k][0] - rgot.written[k] for k in r_hold))
        add("d to fake", drec["received"] - dstart)
        add("d first", drec["first"] - drec["received"])
        add("d first relay", dgot.chunks[0][0] - drec["first"])
        add("mutation", run.answered - run.started)
        add("created", run.created - run.started)
        add("claimed", run.claimed - run.created)
        add("to fake", rrec["received"] - run.claimed)
        add("first", rrec["first"] - rrec["received"])
        add("first logged", rgot.written[0] - rrec["first"])
        add("first delivered", rgot.chunks[0][0] - rgot.written[0])
        add("deltas", float(len(rgot.chunks)))

    print(
        f"\n1. Latency: {args.runs} runs x {args.tokens} tokens, {paced(args.rate)} "
        f"(+{args.warmup} warm-up runs each way, discarded); direct and via Switchboard alternate\n"
    )
    print(f"  {'':<58} {'n':>6}  {'p50':>12}  {'p99':>12}")
    print(row("time to first token, direct", figures["ttft direct"]))
    print(row("time to first token, via Switchboard", figures["ttft relay"]))
    print(row("added time to first token (paired by run)", figures["ttft added"]))
    print(row("per-token latency, direct", figures["token direct"]))
    print(row("per-token latency, via Switchboard", figures["token relay"]))
    print(row("added per-token latency (paired by token)", figures["token added"]))
    print(row("TokenDelta messages per run", figures["deltas"], unit="  ", scale=1.0))
    print("\n  legs of the time to first token, direct:")
    print(row("request -> the fake has it", figures["d to fake"]))
    print(row("the fake has it -> wrote token 1", figures["d first"]))
    print(row("wrote token 1 -> the client has it", figures["d first relay"]))
    print("  legs of the time to first token, via Switchboard (Run.createdAt/startedAt, TokenDelta.at):")
    print(row("mutation sent -> run created", figures["created"]))
    print(row("run created -> dispatcher claimed it", figures["claimed"]))
    print(row("claimed -> the fake has the request", figures["to fake"]))
    print(row("the fake has it -> wrote token 1", figures["first"]))
    print(row("wrote token 1 -> TokenDelta written to the log", figures["first logged"]))
    print(row("TokenDelta written -> the subscriber has it", figures["first delivered"]))
    print(row("(mutation sent -> mutation response)", figures["mutation"]))
    print("  legs of the per-token latency via Switchboard:")
    print(row("the fake wrote it -> its TokenDelta written (coalescing)", figures["token coalesced"]))
    print(row("TokenDelta written -> the subscriber has it", figures["token delivered"]))


# --------------------------------------------------------------------------- 2. throughput


@dataclass
class Case:
    mode: str
    subscribers: int
    runs: int
    wall: float
    delivered: int
    expected: int
    messages: int
    queue_events: int
    complete: int
    lag: list[float]  # per complete subscriber: last token written by the fake -> subscriber has the whole text
    fake_rates: list[float]  # per run: tokens written / (first to last token written)
    start_spread: float  # first to last run whose request reached the fake
    cpu: tuple[float, float, float]  # CPU seconds used during the case: Switchboard, fake, this client
    problem: str | None  # subscribers that did not get everything, counted by cause


async def throughput_case(
    sb: Switchboard, fake: str, tokens: list[str], subscribers: int, separate: bool, tag: str, pids: Sequence[int]
) -> Case:
    mode = "separate runs" if separate else "one run"
    async with AsyncExitStack() as stack:
        conns = [await stack.enter_async_context(graphql_ws(sb.base)) for _ in range(subscribers)]
        keys = [f"tp {tag} {mode} {subscribers} {i}" for i in range(subscribers if separate else 1)]
        cpu_before = [cpu_seconds(pid) for pid in pids] + [cpu_seconds()]
        started = time.monotonic()
        if separate:

            async def one(ws: GraphQLWS, key: str) -> Received:
                try:
                    run_id = await sb.send(key)
                except GraphQLFailure as exc:  # e.g. INTERNAL_SERVER_ERROR: count it, keep measuring
                    return Received(error=f"sendMessage answered {exc}", done_at=time.monotonic())
                return await follow(ws, run_id)

            results = await asyncio.gather(*(one(ws, key) for ws, key in zip(conns, keys, strict=True)))
        else:
            run_id = await sb.send(keys[0])
            results = await asyncio.gather(*(follow(ws, run_id) for ws in conns))
        wall = max(r.done_at for r in results) - started
        cpu_after = [cpu_seconds(pid) for pid in pids] + [cpu_seconds()]
    sent = await records(sb.http, fake)
    expected_text = "".join(tokens)
    lag: list[float] = []
    complete = 0
    causes: Counter[str] = Counter()
    for i, got in enumerate(results):
        key = keys[i] if separate else keys[0]
        if got.text == expected_text and got.status == "SUCCEEDED":
            complete += 1
        elif got.error and (got.status is None or got.status == "RUNNING"):
            causes[got.error] += 1
        elif got.status != "SUCCEEDED":
            causes[f"run {got.status}: {got.error}"] += 1
        else:
            causes["SUCCEEDED but the text differs from the script"] += 1
        rec = sent.get(key)
        if rec and rec["last"] is not None and got.text == expected_text:
            lag.append(got.chunks[-1][0] - rec["last"])
    delivered = sum(delivered_tokens(tokens, r.text) for r in results)
    problem = None
    if causes:
        problem = (
            f"{mode}, {subscribers} subscribers: {subscribers - complete} of them did not get the whole scripted "
            f"text and SUCCEEDED ({delivered}/{len(tokens) * subscribers} tokens arrived): "
            + "; ".join(f"{n} x {cause}" for cause, n in causes.most_common())
        )
    streams = [sent[k] for k in keys if k in sent and sent[k]["first"] is not None]
    cpu = tuple(after - before for before, after in zip(cpu_before, cpu_after, strict=True))
    return Case(
        mode=mode,
        subscribers=subscribers,
        runs=len(keys),
        wall=wall,
        delivered=delivered,
        expected=len(tokens) * subscribers,
        messages=sum(r.messages for r in results),
        queue_events=sum(r.queue_events for r in results),
        complete=complete,
        lag=lag,
        fake_rates=[s["count"] / (s["last"] - s["first"]) for s in streams if s["last"] > s["first"]],
        start_spread=max(s["received"] for s in streams) - min(s["received"] for s in streams) if streams else 0.0,
        cpu=(cpu[0], cpu[1], cpu[2]),
        problem=problem,
    )


async def throughput(args: argparse.Namespace, sb: Switchboard, fake: str, pids: Sequence[int]) -> None:
    tokens = [f" t{i}" for i in range(args.tp_tokens)]
    await configure(sb.http, fake, tokens, args.tp_rate, detail=False)
    tag = uuid.uuid4().hex[:8]
    cases: list[Case] = []
    for separate in (False, True):
        for n in args.subscribers:
            cases.append(await throughput_case(sb, fake, tokens, n, separate, tag, pids))
    print(
        f"\n2. Throughput: {args.tp_tokens} tokens per run, {paced(args.tp_rate)} from the fake; "
        f"Switchboard runs at most {args.concurrency} ollama runs at once (the rest queue)\n"
    )
    print(
        f"  {'mode':<14} {'subs':>5} {'runs':>5} {'wall s':>7} {'complete':>9} {'tokens delivered':>17} "
        f"{'tok/s delivered':>16} {'per sub':>8} {'WS msgs':>8} {'of them queue':>14}"
    )
    for c in cases:
        mark = "*" if c.complete < c.subscribers else " "
        print(
            f"  {c.mode:<14} {c.subscribers:>5} {c.runs:>5} {c.wall:>7.2f} {f'{c.complete}/{c.subscribers}':>9} "
            f"{f'{c.delivered}/{c.expected}':>17} {c.delivered / c.wall:>16.0f}{mark}"
            f"{c.delivered / c.wall / c.subscribers:>8.0f} {c.messages:>8} {c.queue_events:>14}"
        )
    print(
        f"\n  {'mode':<14} {'subs':>5} {'fake tok/s/run':>15} {'runs start spread':>18} {'lag p50':>9} "
        f"{'lag max':>9}   {'CPU s: Switchboard':>18} {'fake':>6} {'client':>7}"
    )
    for c in cases:
        print(
            f"  {c.mode:<14} {c.subscribers:>5} {pct(c.fake_rates, 0.5):>15.0f} {c.start_spread * 1000:>15.0f} ms "
            f"{pct(c.lag, 0.5) * 1000:>6.0f} ms {max(c.lag, default=float('nan')) * 1000:>6.0f} ms   "
            f"{c.cpu[0]:>18.2f} {c.cpu[1]:>6.2f} {c.cpu[2]:>7.2f}"
        )
    print(
        "\n  * not every subscriber completed: the wall time includes waiting for runs that failed or never ended."
        "\n  wall: mutation(s) sent -> last subscriber done. complete: subscribers that got the whole scripted"
        "\n  text and a SUCCEEDED status. WS msgs: `next` messages received (of them queue: QueuePositionChanged)."
        "\n  fake tok/s/run: median over runs of tokens written / (first to last token written); below the"
        "\n  scripted rate means the fake itself was short of CPU. runs start spread: first to last run whose"
        "\n  request reached the fake. lag: the fake wrote a run's last token -> the subscriber had it."
        "\n  CPU s: user+system seconds each process used during the case (2 cores: at most 2 CPU s per second)."
    )
    if any(c.problem for c in cases):
        print()
    for c in cases:
        if c.problem:
            warn(c.problem)


# --------------------------------------------------------------------------- main


def summarise_log(text: str) -> None:
    """Switchboard logs at warning level: count what it complained about rather than dumping tracebacks."""
    events: Counter[str] = Counter()
    for line in text.splitlines():
        if match := re.match(r"\S+ \S+ \[(warning|error|critical)\s*\] (.+?)(?:\s+\w+=.*)?$", line):
            path = re.search(r"path=(\[[^\]]*\])", line)
            events[f"{match[1]}: {match[2].strip()}{f' {path[1]}' if path else ''}"] += 1
    locked = text.count("database is locked")
    if not events and not locked:
        print("\nSwitchboard logged no warnings or errors")
        return
    print("\nSwitchboard log (level warning and above), counted:")
    for event, count in events.most_common():
        print(f"  {count:>5} x {event}")
    if locked:
        print(f"  {locked:>5} x 'database is locked' in tracebacks")


async def measure(args: argparse.Namespace, sb_base: str, fake: str, pids: Sequence[int]) -> None:
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        sb = Switchboard(sb_base, http)
        await sb.create_agent()
        await loop_lag(http, sb_base)  # start a window: the start-up and the first agent are not measured
        if args.runs > 0:
            await latency(args, sb, fake)
            print(f"\nSwitchboard's event loop during the latency runs: {await loop_lag(http, sb_base)}")
        if args.subscribers:
            await throughput(args, sb, fake, pids)
            print(f"\nSwitchboard's event loop during the throughput cases: {await loop_lag(http, sb_base)}")


async def loop_lag_window(http: httpx.AsyncClient, sb_base: str) -> dict[str, Any]:
    """The loop-lag probe's figures since the previous read (bench/probed_app.py); starts a new window."""
    return dict((await http.get(f"{sb_base}/_bench/loop-lag")).json())


def describe_lag(lag: dict[str, Any]) -> str:
    return (
        f"longest stall {lag['max_ms']:.1f} ms, p99 {lag['p99_ms']:.1f} ms, "
        f"{lag['over_50ms']} stalls over 50 ms ({lag['samples']} samples of a 5 ms sleep)"
    )


async def loop_lag(http: httpx.AsyncClient, sb_base: str) -> str:
    """The loop-lag probe's window since the previous read, as a line."""
    return describe_lag(await loop_lag_window(http, sb_base))


def print_header(extra: str = "") -> None:
    """The command line and the machine, first lines of every relay bench's output."""
    executable = os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) else sys.executable
    print(f"command: {shlex.join([executable, *sys.argv])}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, load average {load}; Switchboard (1 uvicorn worker), the fake Ollama"
        f"\n(1 uvicorn worker) and this client are three processes on this one machine, over 127.0.0.1{extra}"
    )


@dataclass
class Relay:
    """The two servers a relay bench talks to."""

    base: str  # Switchboard
    fake: str  # the timestamping fake Ollama
    pids: tuple[int, int]  # Switchboard, fake


@contextmanager
def relay_servers(
    tmp: Path,
    *,
    concurrency: int,
    database_url: str | None = None,
    server_log: str | None = None,
    ws: str | None = None,
    deflate: bool = False,
    settings: dict[str, str] | None = None,
) -> Iterator[Relay]:
    """The fake Ollama and Switchboard (bench/probed_app.py: loop-lag probe) under uvicorn on free loopback ports,
    SQLite in `tmp` unless `database_url`; `ws` picks uvicorn's WebSocket implementation (its default if None),
    `deflate=True` turns on its permessage-deflate (off by default, as `switchboard serve` has it: ws_compression),
    `settings` adds Switchboard's environment variables (SWITCHBOARD_* settings, BENCH_PROFILE). Both are stopped
    afterwards and Switchboard's warnings counted."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_") and k != "OLLAMA_HOST"}
    uvicorn = [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--log-level", "warning", "--no-access-log"]
    if ws:
        uvicorn += ["--ws", ws]
    uvicorn += ["--ws-per-message-deflate", "true" if deflate else "false"]
    fake_port, sb_port = free_port(), free_port()
    sb_log = Path(server_log) if server_log else tmp / "switchboard.log"
    fake = f"http://127.0.0.1:{fake_port}"
    procs = [
        start(
            [*uvicorn, "--port", str(fake_port), "--factory", "bench.stream_fake:create_app"],
            env,
            fake,
            tmp / "fake.log",
        )
    ]
    try:
        sb_env = {
            **env,
            "SWITCHBOARD_DATA_DIR": str(tmp / "data"),
            "SWITCHBOARD_PORT": str(sb_port),
            "SWITCHBOARD_LOG_LEVEL": "warning",
            "SWITCHBOARD_PROVIDERS__OLLAMA_HOST": fake,
            "SWITCHBOARD_PROVIDERS__CONCURRENCY": json.dumps({"ollama": concurrency}),
            **(settings or {}),
        }
        if database_url:
            sb_env["SWITCHBOARD_DATABASE_URL"] = database_url
        sb_base = f"http://127.0.0.1:{sb_port}"
        procs.append(
            start(
                [*uvicorn, "--port", str(sb_port), "--factory", "bench.probed_app:create_app"],
                sb_env,
                f"{sb_base}/health",
                sb_log,
            )
        )
        yield Relay(sb_base, fake, (procs[1].pid, procs[0].pid))
    finally:
        for proc in reversed(procs):
            proc.terminate()
            proc.wait(timeout=15)
        if len(procs) == 2 and sb_log.exists():  # Switchboard started (a failed start has printed its log)
            summarise_log(sb_log.read_text(errors="replace"))


def main() -> None:
    global SUBSCRIPTION_TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30, help="latency runs each way (0 skips part 1)")
    parser.add_argument("--tokens", type=int, default=20, help="tokens per latency run")
    parser.add_argument("--rate", type=float, default=50.0, help="tokens/s the fake emits in latency runs")
    parser.add_argument("--warmup", type=int, default=3, help="discarded latency runs each way")
    parser.add_argument("--tp-tokens", type=int, default=500, help="tokens per throughput run")
    parser.add_argument("--tp-rate", type=float, default=500.0, help="tokens/s the fake emits in throughput runs")
    parser.add_argument(
        "--subscribers",
        type=lambda s: [int(x) for x in s.split(",") if x],
        default=[1, 10, 100],
        help="comma-separated subscriber counts for part 2 (empty skips it)",
    )
    parser.add_argument("--concurrency", type=int, default=128, help="Switchboard's ollama concurrency (1-256)")
    parser.add_argument("--database-url", help="e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/bench (empty DB)")
    parser.add_argument("--timeout", type=float, default=SUBSCRIPTION_TIMEOUT, help="seconds a subscriber waits")
    parser.add_argument("--server-log", help="keep Switchboard's log (stdout and stderr) in this file")
    args = parser.parse_args()
    SUBSCRIPTION_TIMEOUT = args.timeout

    started = time.monotonic()
    print_header()
    print(
        f"database: {args.database_url or 'SQLite (temporary directory)'}, pub/sub memory://; "
        "Switchboard coalesces token deltas over ~50 ms by design"
    )
    with (
        tempfile.TemporaryDirectory() as tmp,
        relay_servers(
            Path(tmp), concurrency=args.concurrency, database_url=args.database_url, server_log=args.server_log
        ) as relay,
    ):
        asyncio.run(measure(args, relay.base, relay.fake, relay.pids))
    print(f"\n{len(WARNINGS)} warning(s); total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
