"""Backup and restore round trip on a filled instance: fill, back up, restore elsewhere, start the copy.

    .venv/bin/python bench/backup_bench.py [--agents 10] [--conversations 5] [--contents 5] [--memories 5]
        [--database-url postgresql+asyncpg://...]   (an empty database; default SQLite in a temp dir)

Fills through GraphQL as a user would (the app in-process, chats answered by the wire-faithful fake Ollama,
contents ingested with the real local embedder), then times `create_backup` (what `switchboard backup` and
`startBackup` run), `restore_backup` (what `switchboard restore` runs, into an empty SQLite data dir), and the
restored copy's first start. Prints rows, points, files, the artifact's size and each step's wall time, and checks
that a search gives the same hits before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.backup.artifact import read_manifest  # noqa: E402
from services.backup.create import create_backup  # noqa: E402
from services.backup.restore import restore_backup  # noqa: E402
from services.settings import load_settings  # noqa: E402
from tests.conftest import chat_settings, running  # noqa: E402
from tests.fakes import ollama as fake_ollama  # noqa: E402
from tests.fakes.script import Script  # noqa: E402
from tests.services.backup.fill import fill, search  # noqa: E402

QUERY = "camelids pack animals"


async def main(args: argparse.Namespace) -> None:
    script = Script(tokens=["The", " answer", " is", " 42", "."], models=["test-model"], tokens_per_second=None)
    with fake_ollama.running(script) as ollama_host, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)

        def make(**overrides: Any) -> Any:
            overrides.setdefault("data_dir", root / "source")
            if args.database_url:
                overrides.setdefault("database_url", args.database_url)
            return load_settings(**overrides)

        settings = chat_settings(make, ollama_host, retrieval={"chunk_size": 64})
        artifact = root / "backup.tar.gz"
        async with running(settings) as (app, gql):
            started = time.perf_counter()
            await fill(
                gql,
                agents=args.agents,
                contents=args.contents,
                conversations=args.conversations,
                memories=args.memories,
            )
            filled = time.perf_counter() - started
            before = await search(gql, QUERY)
            services = app.state.services
            started = time.perf_counter()
            made = await create_backup(
                services.engine, services.knowledge.vectors, services.knowledge.blobs, settings, artifact
            )
            backed_up = time.perf_counter() - started
        manifest = read_manifest(artifact)
        target = load_settings(data_dir=root / "restored")
        started = time.perf_counter()
        restored = await restore_backup(artifact, target)
        restore_s = time.perf_counter() - started
        started = time.perf_counter()
        async with running(chat_settings(lambda **kw: load_settings(data_dir=target.data_dir, **kw), ollama_host)) as (
            _app,
            gql,
        ):
            first_start = time.perf_counter() - started
            after = await search(gql, QUERY)

    counts = manifest["counts"]
    rows = sum(counts["tables"].values())
    print(f"database: {settings.resolved_database_url.split(':')[0]} -> sqlite (restore target)")
    print(
        f"filled: {args.agents} agents x ({args.conversations} conversations, {args.contents} contents, "
        f"{args.memories} memories) in {filled:.1f} s"
    )
    print(
        f"contents: rows {rows} (runs {counts['tables']['runs']}, run_events {counts['tables']['run_events']}, "
        f"messages {counts['tables']['messages']}, chunks {counts['tables']['chunks']}), "
        f"vector points {sum(counts['vectors'].values())}, files {counts['files']}"
    )
    print(f"artifact: {made.size} bytes ({made.size / 1e6:.2f} MB), {len(manifest['members'])} members")
    print(f"backup:  {backed_up:.2f} s")
    print(f"restore: {restore_s:.2f} s (verify every member, build the data dir, migrate, load {rows} rows)")
    print(f"first start of the restored copy: {first_start:.2f} s")
    same = before == after
    print(f"search '{QUERY}' gives the same hits and scores after restore (equal scores in any order): {same}")
    assert restored.rows == counts["tables"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=10)
    parser.add_argument("--conversations", type=int, default=5)
    parser.add_argument("--contents", type=int, default=5)
    parser.add_argument("--memories", type=int, default=5)
    parser.add_argument("--database-url", help="an empty Postgres database for the source instance")
    asyncio.run(main(parser.parse_args()))
