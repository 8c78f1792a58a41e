"""Crash consistency: write through GraphQL, SIGKILL the server at a random moment, restart, verify.

    .venv/bin/python bench/crash_loop.py [--database sqlite|postgres] [--cycles 20] [--writers 4]
                                         [--kill-after 0.5,4] [--settle 90] [--seed N] [--server-log FILE]

A real `switchboard serve` in a subprocess on a loopback port, a fresh data directory (the embedded vector store
in it) and SQLite in it or, with `--database postgres`, a throwaway Postgres database that is dropped at the end.
Each cycle, on the running server: `--writers` concurrent clients create agents, start conversations, append
messages and add small texts (half through `addText`, half as multipart `uploadContent` files), each of which gets
an INGEST run; the server is SIGKILLed after a random delay drawn from `--kill-after`. With the server dead:
`PRAGMA integrity_check` (SQLite), and chunks in the database against points in the vector store for every READY
content. Then it is restarted and checked: every acknowledged write is there with what was written, and within
`--settle` seconds no run is left QUEUED or RUNNING and every acknowledged content is READY. Resumable runs
(INGEST, REINDEX, MEMORY) interrupted by the kill must have been queued again and completed: a FAILED one counts as
FAILED-without-retry. Prints one line per cycle and the totals; exits 1 when anything was lost or disagrees.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server_process import Server, clean_environment, exit_on_sigterm, throwaway_postgres  # noqa: E402

RESUMABLE = ("ingest", "reindex", "memory")

CREATE_AGENT = "mutation($n: String!) { createAgent(input: {name: $n}) { __typename ... on Agent { id } } }"
START = "mutation($a: ID!) { startConversation(input: {agentId: $a}) { __typename ... on Conversation { id } } }"
APPEND = """mutation($c: ID!, $t: String!) { appendMessage(input: {conversationId: $c, role: USER, content: $t})
  { __typename ... on Message { id } } }"""
ADD_TEXT = """mutation($t: String!, $x: String!) { addText(input: {title: $t, text: $x})
  { __typename ... on ContentAdded { content { id } ingestRunId } } }"""
UPLOAD = """mutation($f: Upload!, $t: String!) { uploadContent(file: $f, input: {title: $t})
  { __typename ... on ContentAdded { content { id } ingestRunId } } }"""


def db_id(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


@dataclass
class Acknowledged:
    """Writes the server answered with success: these must survive any crash."""

    agents: dict[str, str] = field(default_factory=dict)  # id -> name
    conversations: set[str] = field(default_factory=set)
    messages: dict[str, str] = field(default_factory=dict)  # id -> content
    contents: dict[str, str] = field(default_factory=dict)  # id -> title
    runs: set[str] = field(default_factory=set)

    def count(self) -> int:
        return len(self.agents) + len(self.conversations) + len(self.messages) + len(self.contents)


class Writer:
    def __init__(self, http: httpx.AsyncClient, acked: Acknowledged, rng: random.Random, tag: str) -> None:
        self.http, self.acked, self.rng, self.tag = http, acked, rng, tag
        self.conversation: str | None = None
        self.n = 0

    async def gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise RuntimeError(f"GraphQL errors: {body['errors']}")
        return body["data"]

    async def upload(self, title: str, text: str) -> dict[str, Any]:
        operations = {"query": UPLOAD, "variables": {"f": None, "t": title}}
        response = await self.http.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": '{"0": ["variables.f"]}'},
            files={"0": (f"{title}.txt", text.encode(), "text/plain")},
            headers={"apollo-require-preflight": "true"},
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise RuntimeError(f"GraphQL errors: {body['errors']}")
        return body["data"]

    def _content(self, result: dict[str, Any], title: str) -> None:
        assert result["__typename"] == "ContentAdded", result
        self.acked.contents[db_id(result["content"]["id"])] = title
        if result["ingestRunId"]:
            self.acked.runs.add(db_id(result["ingestRunId"]))

    async def step(self) -> None:
        self.n += 1
        name = f"{self.tag}-{self.n}"
        if self.conversation is None:
            agent = (await self.gql(CREATE_AGENT, {"n": name}))["createAgent"]
            self.acked.agents[db_id(agent["id"])] = name
            conversation = (await self.gql(START, {"a": agent["id"]}))["startConversation"]
            self.acked.conversations.add(db_id(conversation["id"]))
            self.conversation = conversation["id"]
            return
        choice = self.rng.random()
        if choice < 0.5:
            text = f"message {name} " + "lorem ipsum " * self.rng.randint(1, 20)
            message = (await self.gql(APPEND, {"c": self.conversation, "t": text}))["appendMessage"]
            self.acked.messages[db_id(message["id"])] = text
        elif choice < 0.65:
            agent = (await self.gql(CREATE_AGENT, {"n": name}))["createAgent"]
            self.acked.agents[db_id(agent["id"])] = name
        else:
            # Distinct text each time (identical bytes would be deduplicated); a few chunks' worth.
            text = "\n\n".join(
                f"Section {i} of {name}: " + " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(30, 120)))
                for i in range(self.rng.randint(1, 6))
            )
            if choice < 0.82:
                self._content((await self.gql(ADD_TEXT, {"t": name, "x": text}))["addText"], name)
            else:
                self._content((await self.upload(name, text))["uploadContent"], name)


WORDS = [
    "crash",
    "recovery",
    "write",
    "ahead",
    "log",
    "checkpoint",
    "durable",
    "commit",
    "vector",
    "chunk",
    "embedding",
    "ingest",
    "queue",
    "worker",
    "heartbeat",
    "stale",
    "resumable",
    "idempotent",
    "replay",
    "integrity",
    "snapshot",
    "fsync",
    "journal",
    "segment",
    "shard",
    "payload",
]


async def write_until_killed(
    server: Server, acked: Acknowledged, writers: int, delay: float, rng: random.Random, cycle: int
) -> tuple[int, int]:
    """Writers run until the kill; returns (acknowledged in this cycle, requests cut by the kill)."""
    before = acked.count()
    cut = 0
    async with httpx.AsyncClient(base_url=server.base, timeout=30) as http:

        async def run(i: int) -> None:
            nonlocal cut
            writer = Writer(http, acked, random.Random(rng.random()), f"c{cycle}w{i}")
            while True:
                try:
                    await writer.step()
                except (httpx.TransportError, httpx.HTTPStatusError):
                    cut += 1
                    return

        tasks = [asyncio.create_task(run(i)) for i in range(writers)]
        await asyncio.sleep(delay)
        server.kill()
        await asyncio.gather(*tasks)
    return acked.count() - before, cut


class Database:
    """Direct reads of the database the server uses (SQLite file or Postgres), for verification."""

    def __init__(self, url: str) -> None:
        self.url = url

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.split("///", 1)[1], timeout=30) as conn:
                return list(conn.execute(sql).fetchall())
        return asyncio.run(self._pg(sql))

    async def _pg(self, sql: str) -> list[tuple[Any, ...]]:
        import asyncpg

        conn = await asyncpg.connect(self.url.replace("postgresql+asyncpg", "postgresql"))
        try:
            return [tuple(r) for r in await conn.fetch(sql)]
        finally:
            await conn.close()

    def integrity(self) -> str:
        if not self.url.startswith("sqlite"):
            return "n/a"
        return ",".join(str(r[0]) for r in self.rows("PRAGMA integrity_check"))


def vector_disagreements(data_dir: Path, db: Database) -> tuple[int, int]:
    """(READY contents whose chunk rows and vector points differ, points of contents that are gone); the server
    must be down (the embedded store has one owner)."""
    from services.knowledge.vectors import EdgeVectorStore

    async def points() -> Counter[str]:
        store = EdgeVectorStore(data_dir / "vectors")
        found: Counter[str] = Counter()
        try:
            for name in await store.collection_names():
                offset: str | None = None
                while True:
                    page, offset = await store.scroll(name, offset=offset, limit=1000)
                    for point in page:
                        if point.payload.get("kind") == "chunk":
                            found[str(point.payload["content_id"])] += 1
                    if offset is None:
                        break
        finally:
            await store.aclose()
        return found

    in_store = asyncio.run(points())
    chunks = dict(db.rows("SELECT content_id, count(*) FROM chunks GROUP BY content_id"))
    statuses = dict(db.rows("SELECT id, status FROM contents"))
    ready = [cid for cid, status in statuses.items() if status == "ready"]
    disagree = sum(1 for cid in ready if chunks.get(cid, 0) != in_store.get(cid, 0))
    orphans = sum(1 for cid in in_store if cid not in statuses)
    return disagree, orphans


def _in(ids: Any) -> str:
    return "(" + ",".join(f"'{i}'" for i in ids) + ")" if ids else "('')"


def lost_writes(db: Database, acked: Acknowledged) -> int:
    lost = 0
    for table, expected, column in (
        ("agents", acked.agents, "name"),
        ("messages", acked.messages, "content"),
        ("contents", acked.contents, "title"),
    ):
        stored = dict(db.rows(f"SELECT id, {column} FROM {table} WHERE id IN {_in(expected)}"))
        lost += sum(1 for i, value in expected.items() if stored.get(i) != value)
    stored_conversations = {
        r[0] for r in db.rows(f"SELECT id FROM conversations WHERE id IN {_in(acked.conversations)}")
    }
    lost += len(acked.conversations - stored_conversations)
    return lost


@dataclass
class RunState:
    unresolved: int  # QUEUED or RUNNING
    failed_resumable: int  # INGEST/REINDEX/MEMORY runs that ended FAILED
    not_ready: int  # acknowledged contents that are not READY
    attempts: Counter[int]


def run_state(db: Database, acked: Acknowledged) -> RunState:
    rows = db.rows("SELECT kind, status, attempts FROM runs")
    statuses = dict(db.rows(f"SELECT id, status FROM contents WHERE id IN {_in(acked.contents)}"))
    return RunState(
        unresolved=sum(1 for _, status, _ in rows if status in ("queued", "running")),
        failed_resumable=sum(1 for kind, status, _ in rows if kind in RESUMABLE and status == "failed"),
        not_ready=sum(1 for i in acked.contents if statuses.get(i) != "ready"),
        attempts=Counter(int(a) for kind, _, a in rows if kind in RESUMABLE),
    )


def settle(db: Database, acked: Acknowledged, seconds: float) -> RunState:
    deadline = time.monotonic() + seconds
    while True:
        state = run_state(db, acked)
        if (state.unresolved == 0 and state.not_ready == 0) or time.monotonic() > deadline:
            return state
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--kill-after", default="0.5,4", help="seconds of writing before the SIGKILL: min,max")
    parser.add_argument("--settle", type=float, default=90.0, help="seconds after a restart for runs to finish")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--server-log", type=Path)
    args = parser.parse_args()
    exit_on_sigterm()
    low, high = (float(x) for x in args.kill_after.split(","))
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)

    acked = Acknowledged()
    totals: Counter[str] = Counter()
    integrity: list[str] = []
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="switchboard-crash-")))
        data_dir = tmp / "data"
        env = clean_environment(
            SWITCHBOARD_DATA_DIR=str(data_dir),
            SWITCHBOARD_LOG_LEVEL="warning",
            # One process: a run still RUNNING after a restart is the dead process's, so recovery need not wait
            # the default 30 s to tell; the heartbeat interval is also how often the sweeper looks.
            SWITCHBOARD_RUN_HEARTBEAT_SECONDS="0.5",
            SWITCHBOARD_RUN_STALE_AFTER_SECONDS="2",
            # Chat runs never start here; keep any provider call on loopback anyway.
            SWITCHBOARD_PROVIDERS__OLLAMA_HOST="http://127.0.0.1:9",
        )
        if args.database == "postgres":
            url = stack.enter_context(throwaway_postgres("switchboard_crash"))
            env["SWITCHBOARD_DATABASE_URL"] = url
        else:
            url = f"sqlite+aiosqlite:///{(data_dir / 'switchboard.db').resolve()}"
        db = Database(url)
        server = Server(env, args.server_log or tmp / "server.log")
        stack.callback(server.stop)
        print(f"crash loop: {args.database}, {args.cycles} cycles, {args.writers} writers, seed {seed}", flush=True)
        server.start()
        for cycle in range(1, args.cycles + 1):
            delay = rng.uniform(low, high)
            written, cut = asyncio.run(write_until_killed(server, acked, args.writers, delay, rng, cycle))
            # The server is dead: what is on disk now is what a crash leaves.
            check = db.integrity()
            integrity.append(check)
            disagree, orphans = vector_disagreements(data_dir, db)
            server.start()  # recovery happens here
            lost = lost_writes(db, acked)
            state = settle(db, acked, args.settle)
            totals.update(
                written=written,
                cut=cut,
                lost=lost,
                disagree=disagree,
                orphans=orphans,
                unresolved=state.unresolved,
                not_ready=state.not_ready,
            )
            totals["failed_resumable"] = state.failed_resumable  # cumulative already (all runs)
            print(
                f"cycle {cycle:>3}: killed after {delay:4.1f} s, {written:>4} acknowledged, {cut} cut, lost {lost}, "
                f"integrity {check}, vector/chunk disagreements {disagree} (orphan points {orphans}), "
                f"unresolved runs {state.unresolved}, contents not READY {state.not_ready}, "
                f"resumable runs FAILED {state.failed_resumable}",
                flush=True,
            )
        # A last, clean look: every run settled, the store matches the database.
        final = settle(db, acked, args.settle)
        server.stop()
        final_disagree, final_orphans = vector_disagreements(data_dir, db)
        final_lost = lost_writes(db, acked)
        ok_integrity = sum(1 for c in integrity if c in ("ok", "n/a"))
        print(f"\ndatabase {args.database}, seed {seed}, server log {server.log}")
        print(f"cycles                         {args.cycles}")
        print(
            f"acknowledged writes            {acked.count()} ({len(acked.agents)} agents, "
            f"{len(acked.conversations)} conversations, {len(acked.messages)} messages, "
            f"{len(acked.contents)} contents with {len(acked.runs)} INGEST runs)"
        )
        print(f"requests cut by a kill         {totals['cut']}")
        print(f"lost (after restart / at end)  {totals['lost']} / {final_lost}")
        print(
            f"integrity_check ok             {ok_integrity}/{len(integrity)}"
            + ("" if args.database == "sqlite" else " (n/a on Postgres)")
        )
        print(
            f"vector/chunk disagreements     {totals['disagree']} after kills, {final_disagree} at end "
            f"(orphan points {totals['orphans']} after kills, {final_orphans} at end)"
        )
        print(f"runs unresolved at end         {final.unresolved} (contents not READY {final.not_ready})")
        print(f"FAILED-without-retry           {final.failed_resumable} resumable runs")
        print(f"claims per resumable run       {dict(sorted(final.attempts.items()))}")
        bad = (
            totals["lost"]
            or final_lost
            or ok_integrity != len(integrity)
            or final_disagree
            or final_orphans
            or final.unresolved
            or final.not_ready
            or final.failed_resumable
            or totals["disagree"]
        )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
