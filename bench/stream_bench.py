"""Streaming relay benchmark: what Switchboard adds between a provider's tokens and a subscriber.

    .venv/bin/python bench/stream_bench.py [--runs 30] [--tokens 20] [--rate 50] [--tp-tokens 500] \
        [--tp-rate 500] [--subscribers 1,10,100] [--database-url postgresql+asyncpg://...]

Three processes on loopback: the wire-faithful fake Ollama (tests/fakes, wrapped by bench/stream_fake.py
so it timestamps every token frame as it writes it, at a fixed rate so the model's speed cancels out),
Switchboard under uvicorn (one worker, SQLite in a temporary directory unless --database-url), and this
client. Prints figures, asserts nothing.

1. Latency (--runs runs of --tokens tokens at --rate tokens/s, alternating):
   - direct: the official `ollama.AsyncClient` streaming chat against the fake;
   - via Switchboard: `sendMessage` over HTTP, then `runEvents` over a graphql-transport-ws WebSocket
     opened beforehand (as a UI keeps one open).
   Time to first token is measured from the request (the mutation) to the first token (TokenDelta).
   Per-token latency is, for each token, (client received the chunk/delta holding it) - (fake wrote it),
   on the same monotonic clock. "Added" figures are paired: run i via Switchboard minus run i direct,
   token j of one minus token j of the other.
2. Throughput (--tp-tokens tokens per run at --tp-rate tokens/s): 1, 10, 100 WebSocket subscribers,
   (a) all on one run, (b) each on its own run (N runs in parallel). Tokens delivered to all subscribers
   per second of wall time (mutation sent -> last subscriber complete); every subscriber's text is checked
   against the script.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
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
  __typename seq ... on TokenDelta { text } ... on RunStatusChanged { status error } } }"""

SUBSCRIPTION_TIMEOUT = 120.0
WARNINGS: list[str] = []


def warn(message: str) -> None:
    WARNINGS.append(message)
    print(f"WARNING: {message}", flush=True)


def pct(data: Sequence[float], q: float) -> float:
    ordered = sorted(data)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


class Switchboard:
    def __init__(self, base: str, http: httpx.AsyncClient) -> None:
        self.base, self.http = base, http
        self.agent_id = ""

    async def gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self.http.post(f"{self.base}/graphql", json={"query": query, "variables": variables})
        body = response.json()
        if body.get("errors"):
            raise RuntimeError(f"GraphQL errors: {body['errors']}")
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
    messages: int = 0
    status: str | None = None
    error: str | None = None
    done_at: float = 0.0

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.chunks)


async def follow(ws: GraphQLWS, run_id: str) -> Received:
    got = Received()
    try:
        async with asyncio.timeout(SUBSCRIPTION_TIMEOUT):
            async for payload in ws.subscribe(EVENTS, {"id": run_id}):
                now = time.monotonic()
                got.messages += 1
                if payload.get("errors"):
                    got.error = json.dumps(payload["errors"])
                    break
                event = payload["data"]["runEvents"]
                if event["__typename"] == "TokenDelta":
                    got.chunks.append((now, event["text"]))
                elif event["__typename"] == "RunStatusChanged":
                    got.status, got.error = event["status"], event["error"] or got.error
    except TimeoutError:
        got.error = f"no final status within {SUBSCRIPTION_TIMEOUT:.0f} s"
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


async def via_switchboard(sb: Switchboard, ws: GraphQLWS, key: str) -> tuple[float, float, Received]:
    started = time.monotonic()
    run_id = await sb.send(key)
    answered = time.monotonic()
    return started, answered, await follow(ws, run_id)


def arrivals(sent: Sequence[Sequence[Any]], got: Received) -> list[float]:
    """Per token sent (in order), when the client held its last character: chunks may coalesce tokens."""
    out: list[float] = []
    k, have = 0, 0
    for end in accumulate(len(text) for _, text in sent):
        while k < len(got.chunks) and have < end:
            have += len(got.chunks[k][1])
            k += 1
        if have < end:
            break  # never arrived
        out.append(got.chunks[k - 1][0])
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


async def configure(http: httpx.AsyncClient, fake: str, tokens: list[str], rate: float, detail: bool) -> None:
    response = await http.post(
        f"{fake}/_bench/script", json={"tokens": tokens, "tokens_per_second": rate, "detail": detail}
    )
    response.raise_for_status()


async def records(http: httpx.AsyncClient, fake: str) -> dict[str, Any]:
    response = await http.get(f"{fake}/_bench/records")
    response.raise_for_status()
    return dict(response.json())


def row(label: str, values: Sequence[float], unit: str = "ms", scale: float = 1000.0) -> str:
    scaled = [v * scale for v in values]
    return f"  {label:<44} {len(scaled):>6}  {pct(scaled, 0.5):>9.2f} {unit}  {pct(scaled, 0.99):>9.2f} {unit}"


async def latency(args: argparse.Namespace, sb: Switchboard, fake: str) -> None:
    tokens = [f" tok{i}" for i in range(args.tokens)]
    expected = "".join(tokens)
    await configure(sb.http, fake, tokens, args.rate, detail=True)
    client = ollama.AsyncClient(host=fake)
    tag = uuid.uuid4().hex[:8]
    direct: list[tuple[str, float, Received]] = []
    relayed: list[tuple[str, float, float, Received]] = []
    async with graphql_ws(sb.base) as ws:
        for i in range(-args.warmup, args.runs):  # negative indices: warm-up, discarded
            key = f"direct {tag} {i}"
            started, got = await direct_chat(client, key)
            if i >= 0:
                direct.append((key, started, got))
            key = f"switchboard {tag} {i}"
            started, answered, got = await via_switchboard(sb, ws, key)
            if got.text != expected or got.status != "SUCCEEDED":
                warn(f"latency run {i}: status {got.status} error {got.error}, text {got.text[:60]!r}...")
            if i >= 0:
                relayed.append((key, started, answered, got))
    sent = await records(sb.http, fake)

    ttft_direct, ttft_relay, ttft_added = [], [], []
    tok_direct: list[float] = []
    tok_relay: list[float] = []
    tok_added: list[float] = []
    to_provider_direct, to_provider_relay, mutation_rtt, provider_first = [], [], [], []
    first_relay_direct, first_relay_sb, deltas_per_run = [], [], []
    for (dkey, dstart, dgot), (rkey, rstart, ranswered, rgot) in zip(direct, relayed, strict=True):
        drec, rrec = sent.get(dkey), sent.get(rkey)
        if not drec or not rrec or not dgot.chunks or not rgot.chunks:
            warn(f"missing records for {dkey!r} / {rkey!r}")
            continue
        ttft_direct.append(dgot.chunks[0][0] - dstart)
        ttft_relay.append(rgot.chunks[0][0] - rstart)
        ttft_added.append(ttft_relay[-1] - ttft_direct[-1])
        d_lat = [t - s[0] for t, s in zip(arrivals(drec["sent"], dgot), drec["sent"], strict=False)]
        r_lat = [t - s[0] for t, s in zip(arrivals(rrec["sent"], rgot), rrec["sent"], strict=False)]
        if len(d_lat) != len(drec["sent"]) or len(r_lat) != len(rrec["sent"]):
            warn(f"tokens missing in run {dkey!r} / {rkey!r}")
        tok_direct += d_lat
        tok_relay += r_lat
        tok_added += [r - d for r, d in zip(r_lat, d_lat, strict=False)]
        to_provider_direct.append(drec["received"] - dstart)
        to_provider_relay.append(rrec["received"] - rstart)
        mutation_rtt.append(ranswered - rstart)
        provider_first.append(rrec["first"] - rrec["received"])
        first_relay_direct.append(dgot.chunks[0][0] - drec["first"])
        first_relay_sb.append(rgot.chunks[0][0] - rrec["first"])
        deltas_per_run.append(float(len(rgot.chunks)))

    print(
        f"\n1. Latency: {args.runs} runs x {args.tokens} tokens at {args.rate:g} tokens/s "
        f"(+{args.warmup} warm-up runs each way, discarded)\n"
    )
    print(f"  {'':<44} {'n':>6}  {'p50':>12}  {'p99':>12}")
    print(row("time to first token, direct", ttft_direct))
    print(row("time to first token, via Switchboard", ttft_relay))
    print(row("added time to first token (paired)", ttft_added))
    print(row("per-token latency, direct", tok_direct))
    print(row("per-token latency, via Switchboard", tok_relay))
    print(row("added per-token latency (paired)", tok_added))
    print("\n  where the time to first token goes (p50 of each leg):")
    print(row("direct: request -> fake has the request", to_provider_direct))
    print(row("direct: fake wrote token 1 -> client has it", first_relay_direct))
    print(row("switchboard: mutation -> its response", mutation_rtt))
    print(row("switchboard: mutation -> fake has the request", to_provider_relay))
    print(row("fake: request -> token 1 written (via SB)", provider_first))
    print(row("switchboard: fake wrote token 1 -> TokenDelta", first_relay_sb))
    print(row("TokenDelta messages per run", deltas_per_run, unit="  ", scale=1.0))


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
    complete: int
    lag: list[float]  # per subscriber: last token written by the fake -> subscriber has the whole text
    provider_tokens: int
    provider_span: float


async def throughput_case(
    sb: Switchboard, fake: str, tokens: list[str], subscribers: int, separate: bool, tag: str
) -> Case:
    mode = "separate runs" if separate else "one run"
    async with AsyncExitStack() as stack:
        conns = [await stack.enter_async_context(graphql_ws(sb.base)) for _ in range(subscribers)]
        keys = [f"tp {tag} {mode} {subscribers} {i}" for i in range(subscribers if separate else 1)]
        started = time.monotonic()
        if separate:

            async def one(ws: GraphQLWS, key: str) -> Received:
                return await follow(ws, await sb.send(key))

            results = await asyncio.gather(*(one(ws, key) for ws, key in zip(conns, keys, strict=True)))
        else:
            run_id = await sb.send(keys[0])
            results = await asyncio.gather(*(follow(ws, run_id) for ws in conns))
        wall = max(r.done_at for r in results) - started
    sent = await records(sb.http, fake)
    expected_text = "".join(tokens)
    lag: list[float] = []
    complete = 0
    for i, got in enumerate(results):
        key = keys[i] if separate else keys[0]
        if got.text == expected_text and got.status == "SUCCEEDED":
            complete += 1
        else:
            warn(
                f"{mode}, {subscribers} subscribers, subscriber {i}: {delivered_tokens(tokens, got.text)}/"
                f"{len(tokens)} tokens, status {got.status}, error {got.error}"
            )
        rec = sent.get(key)
        if rec and rec["last"] is not None and got.chunks:
            lag.append(got.chunks[-1][0] - rec["last"])
    streams = [sent[k] for k in keys if k in sent and sent[k]["first"] is not None]
    span = max(s["last"] for s in streams) - min(s["first"] for s in streams) if streams else float("nan")
    return Case(
        mode=mode,
        subscribers=subscribers,
        runs=len(keys),
        wall=wall,
        delivered=sum(delivered_tokens(tokens, r.text) for r in results),
        expected=len(tokens) * subscribers,
        messages=sum(r.messages for r in results),
        complete=complete,
        lag=lag,
        provider_tokens=sum(s["count"] for s in streams),
        provider_span=span,
    )


async def throughput(args: argparse.Namespace, sb: Switchboard, fake: str, concurrency: int) -> None:
    tokens = [f" t{i}" for i in range(args.tp_tokens)]
    await configure(sb.http, fake, tokens, args.tp_rate, detail=False)
    tag = uuid.uuid4().hex[:8]
    cases: list[Case] = []
    for separate in (False, True):
        for n in args.subscribers:
            cases.append(await throughput_case(sb, fake, tokens, n, separate, tag))
    print(
        f"\n2. Throughput: {args.tp_tokens} tokens per run at {args.tp_rate:g} tokens/s from the fake; "
        f"Switchboard runs at most {concurrency} ollama runs at once (the rest queue)\n"
    )
    print(
        f"  {'mode':<14} {'subs':>5} {'runs':>5} {'wall s':>7} {'tokens delivered':>17} {'tok/s delivered':>16} "
        f"{'per sub':>8} {'fake tok/s':>11} {'WS msgs':>8} {'lag p50 ms':>11} {'lag max ms':>11}"
    )
    for c in cases:
        fake_rate = c.provider_tokens / c.provider_span if c.provider_span > 0 else float("nan")
        print(
            f"  {c.mode:<14} {c.subscribers:>5} {c.runs:>5} {c.wall:>7.2f} "
            f"{f'{c.delivered}/{c.expected}':>17} {c.delivered / c.wall:>16.0f} "
            f"{c.delivered / c.wall / c.subscribers:>8.0f} {fake_rate:>11.0f} {c.messages:>8} "
            f"{pct(c.lag, 0.5) * 1000:>11.1f} {max(c.lag, default=float('nan')) * 1000:>11.1f}"
        )
    print(
        "\n  wall: mutation(s) sent -> last subscriber complete. fake tok/s: tokens the fake wrote / (first to last"
        "\n  token written, over all runs of the case). lag: fake wrote the last token -> the subscriber had it."
    )


# --------------------------------------------------------------------------- main


async def measure(args: argparse.Namespace, sb_base: str, fake: str, concurrency: int) -> None:
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        sb = Switchboard(sb_base, http)
        await sb.create_agent()
        if args.runs > 0:
            await latency(args, sb, fake)
        if args.subscribers:
            await throughput(args, sb, fake, concurrency)


def main() -> None:
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
    parser.add_argument("--concurrency", type=int, default=64, help="Switchboard's ollama concurrency (1-64)")
    parser.add_argument("--database-url", help="e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/bench (empty DB)")
    args = parser.parse_args()

    started = time.monotonic()
    executable = os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) else sys.executable
    print(f"command: {shlex.join([executable, *sys.argv])}")
    print(
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}; "
        "Switchboard (1 uvicorn worker), the fake Ollama (1 uvicorn worker) and this client are three processes "
        "on this one machine over 127.0.0.1"
    )
    print(
        f"database: {args.database_url or 'SQLite (temporary directory)'}, pub/sub memory://; "
        "Switchboard coalesces token deltas over ~50 ms by design"
    )
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_") and k != "OLLAMA_HOST"}
        uvicorn = [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--log-level", "warning", "--no-access-log"]
        fake_port, sb_port = free_port(), free_port()
        fake = f"http://127.0.0.1:{fake_port}"
        procs = [
            start(
                [*uvicorn, "--port", str(fake_port), "--factory", "bench.stream_fake:create_app"],
                env,
                fake,
                Path(tmp) / "fake.log",
            )
        ]
        try:
            sb_env = {
                **env,
                "SWITCHBOARD_DATA_DIR": str(Path(tmp) / "data"),
                "SWITCHBOARD_PORT": str(sb_port),
                "SWITCHBOARD_LOG_LEVEL": "warning",
                "SWITCHBOARD_PROVIDERS__OLLAMA_HOST": fake,
                "SWITCHBOARD_PROVIDERS__CONCURRENCY": json.dumps({"ollama": args.concurrency}),
            }
            if args.database_url:
                sb_env["SWITCHBOARD_DATABASE_URL"] = args.database_url
            procs.append(
                start(
                    [*uvicorn, "--port", str(sb_port), "--factory", "app:create_app"],
                    sb_env,
                    f"http://127.0.0.1:{sb_port}/health",
                    Path(tmp) / "switchboard.log",
                )
            )
            asyncio.run(measure(args, f"http://127.0.0.1:{sb_port}", fake, args.concurrency))
        finally:
            for proc in reversed(procs):
                proc.terminate()
                proc.wait(timeout=15)
            sb_log = Path(tmp) / "switchboard.log"
            log = sb_log.read_text(errors="replace").strip() if sb_log.exists() else ""
            if log:
                print(f"\nSwitchboard log (warnings and errors, last 2000 characters):\n{log[-2000:]}")
    print(f"\n{len(WARNINGS)} warning(s); total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
