"""HTTP benchmark: Switchboard under uvicorn versus a bare Starlette JSON endpoint, same run.

    make bench                      # or: .venv/bin/python bench/http_bench.py --seconds 10

Starts both servers on loopback in subprocesses (one worker each), seeds 20 agents x 10
conversations x 10 messages, then measures requests/s and p50/p99 latency for `{ __typename }`
and for the nested query, beside the bare endpoint. The ratios are the figures we track. Switchboard runs
with the loop-lag probe of bench/probed_app.py: each case prints the longest stall of its event loop. The
nested query's floor is the same rows read by raw SQL and JSON-encoded in this process, per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import get, post_json, run  # noqa: E402

NESTED = (
    "{ agents(first: 20) { edges { node { conversations(first: 10) { edges { node { "
    "messages(first: 10) { edges { node { content } } } } } } } } } }"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def seed(data_dir: Path) -> None:
    from app import create_app
    from services.db.models import Agent, Conversation, Message
    from services.db.types import utcnow
    from services.settings import load_settings

    app = create_app(load_settings(data_dir=data_dir))
    async with app.router.lifespan_context(app):
        owner = app.state.services.local_admin.id
        start, tick, rows = utcnow(), 0, []
        for a in range(20):
            tick += 1
            agent = Agent(
                owner_id=owner,
                name=f"agent {a}",
                model="local:gemma-3-270m",
                created_at=start + timedelta(microseconds=tick),
            )
            rows.append(agent)
            for c in range(10):
                tick += 1
                conv = Conversation(
                    owner_id=owner, agent_id=agent.id, title=f"c{c}", created_at=start + timedelta(microseconds=tick)
                )
                rows.append(conv)
                for m in range(10):
                    tick += 1
                    rows.append(
                        Message(
                            owner_id=owner,
                            conversation_id=conv.id,
                            role="user",
                            content=f"message {a}.{c}.{m}",
                            created_at=start + timedelta(microseconds=tick),
                        )
                    )
        async with app.state.services.db() as session, session.begin():
            session.add_all(rows)


def start(cmd: list[str], env: dict[str, str], url: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            httpx.get(url, timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start: {' '.join(cmd)}")


def loop_lag(port: int) -> str:
    """The probe's window since the previous read (bench/probed_app.py)."""
    lag = httpx.get(f"http://127.0.0.1:{port}/_bench/loop-lag", timeout=10).json()
    return f"loop stall max {lag['max_ms']:.1f} ms, p99 {lag['p99_ms']:.1f} ms ({lag['samples']} samples)"


async def nested_floor(data_dir: Path, rounds: int = 50) -> float:
    """Seconds per request to read the nested query's rows with raw SQL and JSON-encode them, in-process."""
    from sqlalchemy import bindparam, text
    from sqlalchemy.ext.asyncio import create_async_engine

    from services.settings import load_settings

    engine = create_async_engine(load_settings(data_dir=data_dir).resolved_database_url)
    agents_sql = text("SELECT id, name FROM agents ORDER BY created_at, id LIMIT 20")
    convs_sql = text(
        "SELECT id, agent_id, title FROM (SELECT id, agent_id, title, ROW_NUMBER() OVER "
        "(PARTITION BY agent_id ORDER BY created_at, id) AS n FROM conversations WHERE agent_id IN :ids) c "
        "WHERE n <= 10"
    )
    msgs_sql = text(
        "SELECT conversation_id, content FROM (SELECT conversation_id, content, ROW_NUMBER() OVER "
        "(PARTITION BY conversation_id ORDER BY created_at, id) AS n FROM messages WHERE conversation_id IN :ids) m "
        "WHERE n <= 10"
    )
    convs_sql = convs_sql.bindparams(bindparam("ids", expanding=True))
    msgs_sql = msgs_sql.bindparams(bindparam("ids", expanding=True))
    try:
        started = time.perf_counter()
        for _ in range(rounds):
            async with engine.connect() as conn:
                agents = (await conn.execute(agents_sql)).all()
                convs = (await conn.execute(convs_sql, {"ids": [a.id for a in agents]})).all()
                msgs = (await conn.execute(msgs_sql, {"ids": [c.id for c in convs]})).all()
            by_conv: dict[str, list[dict[str, str]]] = {}
            for m in msgs:
                by_conv.setdefault(m.conversation_id, []).append({"node": {"content": m.content}})
            by_agent: dict[str, list[dict[str, object]]] = {}
            for c in convs:
                by_agent.setdefault(c.agent_id, []).append({"node": {"messages": {"edges": by_conv.get(c.id, [])}}})
            body = {
                "data": {
                    "agents": {
                        "edges": [{"node": {"conversations": {"edges": by_agent.get(a.id, [])}}} for a in agents]
                    }
                }
            }
            json.dumps(body).encode()
        return (time.perf_counter() - started) / rounds
    finally:
        await engine.dispose()


async def measure(args: argparse.Namespace, sb_port: int, bare_port: int, data_dir: Path) -> None:
    host = "127.0.0.1"
    common = {"concurrency": args.concurrency, "seconds": args.seconds, "warmup": args.warmup}
    results = [
        await run(
            "bare Starlette JSON (POST)",
            host,
            bare_port,
            post_json("/json", host, {"query": "{ __typename }"}),
            **common,
        ),
        await run(
            "switchboard { __typename } (POST)",
            host,
            sb_port,
            post_json("/graphql", host, {"query": "{ __typename }"}),
            **common,
        ),
        await run(
            "switchboard nested 20x10x10", host, sb_port, post_json("/graphql", host, {"query": NESTED}), **common
        ),
        await run(
            "switchboard nested, 1 connection",
            host,
            sb_port,
            post_json("/graphql", host, {"query": NESTED}),
            **{**common, "concurrency": 1},
        ),
        await run("switchboard GET /health", host, sb_port, get("/health", host), **common),
    ]
    print(f"\n{args.concurrency} connections, {args.seconds:.0f} s per case after {args.warmup:.0f} s warm-up,")
    print("one uvicorn worker per server, load generator in this process\n")
    for r in results:
        print(r.line())
    print(f"switchboard event loop over all its cases: {loop_lag(sb_port)}")
    floor = await nested_floor(data_dir)
    single = results[3]
    print(
        f"nested floor (raw SQL + JSON in-process) {floor * 1000:.2f} ms; switchboard nested, 1 connection, "
        f"p50 {single.pct(0.5):.2f} ms = {single.pct(0.5) / (floor * 1000):.1f}x the floor"
    )
    bare = results[0]
    for label, r in (("__typename / bare", results[1]), ("nested / bare", results[2])):
        print(f"{label:<20} throughput {r.rps / bare.rps:.3f}x   p50 latency {r.pct(0.5) / bare.pct(0.5):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--database-url", help="e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/bench (default: SQLite)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        env.update(SWITCHBOARD_DATA_DIR=str(data_dir), SWITCHBOARD_LOG_LEVEL="warning")
        if args.database_url:
            env["SWITCHBOARD_DATABASE_URL"] = args.database_url
            os.environ["SWITCHBOARD_DATABASE_URL"] = args.database_url
        asyncio.run(seed(data_dir))
        sb_port, bare_port = free_port(), free_port()
        uvicorn = [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--log-level", "warning", "--no-access-log"]
        env["SWITCHBOARD_PORT"] = str(sb_port)
        procs = [
            start(
                [*uvicorn, "--port", str(sb_port), "--factory", "bench.probed_app:create_app"],
                env,
                f"http://127.0.0.1:{sb_port}/health",
            ),
            start(
                [*uvicorn, "--port", str(bare_port), "bench.bare_app:app"], env, f"http://127.0.0.1:{bare_port}/json"
            ),
        ]
        try:
            asyncio.run(measure(args, sb_port, bare_port, data_dir))
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=15)


if __name__ == "__main__":
    main()
