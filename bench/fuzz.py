"""Fuzz a real Switchboard server with generated GraphQL operations and count what comes back.

    .venv/bin/python bench/fuzz.py [--operations 10000] [--mode local|multi] [--database sqlite|postgres]
                                   [--seed N] [--batch 500] [--show 5]

The generator is the CI fuzz test's (tests/fuzzing.py: hypothesis-graphql over the exported schema, queries and
mutations, IDs of seeded objects and made-up ones). The server is `switchboard serve` in a subprocess on a loopback
port with a fresh data directory (and, with `--database postgres`, a throwaway database), its Ollama provider
pointed at the wire-faithful fake from tests/fakes, the provider settings pinned so that no generated
`updateConfig` can point it anywhere else. Operations run in batches of `--batch`, each batch a Hypothesis run
with its own random seed (printed, so a batch can be replayed with `--seed`). Prints operations tried, HTTP
status counts, 5xx, internal errors, an error-code histogram, and the first `--show` failing documents. Exits 1
when any operation got a 5xx or an internal error.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from bench.server_process import Server, clean_environment, exit_on_sigterm, throwaway_postgres  # noqa: E402
from tests.fakes import ollama as fake_ollama  # noqa: E402
from tests.fakes.script import Script  # noqa: E402
from tests.fuzzing import Operations, Tally, pinned_environment, prepare  # noqa: E402

SECRET = "fuzz-secret-" + "x" * 32


def run_batch(strategy: Any, post: Any, tally: Tally, count: int, batch_seed: int, show: int) -> None:
    @seed(batch_seed)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(document=strategy)
    def one(document: str) -> None:
        try:
            status, body = post(document)
        except httpx.HTTPError as exc:  # the server went away or hung: a failure of its own kind
            status, body = 599, {"errors": [{"message": f"{type(exc).__name__}: {exc}"}]}
        tally.record(document, status, body, keep=show)

    one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--operations", type=int, default=10_000)
    parser.add_argument("--mode", choices=["local", "multi"], default="local")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, help="the first batch's seed (default: random); later batches add 1")
    parser.add_argument("--batch", type=int, default=500, help="operations per Hypothesis run")
    parser.add_argument("--show", type=int, default=5, help="failing documents to print")
    parser.add_argument("--server-log", type=Path, help="keep the server's log here")
    args = parser.parse_args()
    exit_on_sigterm()

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="switchboard-fuzz-")))
        fake = stack.enter_context(fake_ollama.running(Script(tokens=["fuzz", " reply"], models=["test-model"])))
        env = clean_environment(
            SWITCHBOARD_DATA_DIR=str(tmp / "data"),
            SWITCHBOARD_LOG_LEVEL="warning",
            SWITCHBOARD_AUTH_MODE=args.mode,
            **pinned_environment(fake, "http://127.0.0.1:9"),
        )
        if args.mode == "multi":
            env["SWITCHBOARD_SECRET_KEY"] = SECRET
            env["SWITCHBOARD_ACCESS_TOKEN_TTL_S"] = "86400"  # the run outlasts the default 15 minutes
        if args.database == "postgres":
            env["SWITCHBOARD_DATABASE_URL"] = stack.enter_context(throwaway_postgres("switchboard_fuzz"))
        server = Server(env, args.server_log or tmp / "server.log")
        server.start()
        stack.callback(server.stop)
        http = stack.enter_context(httpx.Client(base_url=server.base, timeout=60))
        headers: dict[str, str] = {}

        def post(document: str, variables: dict[str, Any] | None = None) -> tuple[int, Any]:
            response = http.post("/graphql", json={"query": document, "variables": variables}, headers=headers)
            try:
                return response.status_code, response.json()
            except ValueError:
                return response.status_code, response.text

        known = prepare(lambda document, variables: post(document, variables)[1], headers, args.mode == "multi")
        strategy = Operations(known).any()

        first_seed = args.seed if args.seed is not None else random.randrange(2**32)
        tally = Tally()
        started = time.monotonic()
        batch = 0
        while tally.tried < args.operations:
            batch_seed = first_seed + batch
            before = tally.tried
            run_batch(strategy, post, tally, min(args.batch, args.operations - tally.tried), batch_seed, args.show)
            print(
                f"batch {batch} seed {batch_seed}: {tally.tried - before} operations, "
                f"{tally.tried} in {time.monotonic() - started:.0f} s, failures so far "
                f"{sum(n for s, n in tally.statuses.items() if s >= 500)} 5xx / {tally.internal} internal",
                flush=True,
            )
            batch += 1
            if tally.tried == before:
                break  # Hypothesis ran out of distinct examples

        print(f"\nmode {args.mode}, database {args.database}, first seed {first_seed}, server log {server.log}")
        print("\n".join(tally.lines()))
        failed = tally.internal or any(s >= 500 for s in tally.statuses)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
