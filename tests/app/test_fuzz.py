"""Generated queries and mutations through the real HTTP app: never a 5xx, never an internal error.

hypothesis-graphql builds valid operations from the exported schema (tests/fuzzing.py), with literals that reach
past the happy path (IDs of objects that exist and of objects that do not, odd strings, cursors, JSON, an
`Upload` given as a string). Local mode acts as the built-in admin on SQLite; multi mode acts as a signed-in
ordinary user on Postgres, with the admin's objects among the IDs. Every root field gets
`SWITCHBOARD_TEST_FUZZ_EXAMPLES` valid operations (2 by default) and, when it has arguments, one that breaks a rule
of the schema: about 200 a mode. The run is derandomized (the same operations every time) and takes about half a
minute a mode on 2 cores.
bench/fuzz.py runs the same generator for 10,000 operations with random seeds.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from starlette.testclient import TestClient

from app import create_app
from services.settings import load_settings
from tests.conftest import MULTI_SECRET, _pg
from tests.fuzzing import Operations, Tally, pinned_environment, prepare

EXAMPLES_PER_FIELD = int(os.environ.get("SWITCHBOARD_TEST_FUZZ_EXAMPLES", "2"))


def _database(mode: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if mode == "local":
        return f"sqlite+aiosqlite:///{tmp_path / 'switchboard.db'}"
    url: str = request.getfixturevalue("pg_database")
    asyncio.run(_pg("DROP SCHEMA public CASCADE; CREATE SCHEMA public;", url.rsplit("/", 1)[1]))
    return url


@pytest.mark.parametrize("mode", ["local", "multi"])
def test_generated_operations_get_no_5xx_and_no_internal_error(
    mode: str, request: pytest.FixtureRequest, tmp_path: Path, ollama_host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in pinned_environment(ollama_host, "http://127.0.0.1:9").items():
        monkeypatch.setenv(name, value)
    extra: dict[str, Any] = {"auth_mode": "multi", "secret_key": MULTI_SECRET} if mode == "multi" else {}
    app = create_app(
        load_settings(data_dir=tmp_path / "data", database_url=_database(mode, request, tmp_path), **extra)
    )
    tally = Tally()
    with TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000)) as client:
        headers: dict[str, str] = {}

        def post(document: str, variables: dict[str, Any] | None = None) -> Any:
            response = client.post("/graphql", json={"query": document, "variables": variables}, headers=headers)
            return response.status_code, response.json()

        generator = Operations(
            prepare(lambda document, variables: post(document, variables)[1], headers, mode == "multi")
        )

        # Every root field gets its own examples, so each run reaches all of them: valid ones, and one breaking a
        # rule of the schema when the field has arguments.
        for field in generator.fields:
            broken = generator.broken(field)
            for strategy, count in ((generator.valid(field), EXAMPLES_PER_FIELD), (broken, 1)):
                if strategy is None:
                    continue

                @settings(
                    max_examples=count,
                    deadline=None,
                    derandomize=True,
                    database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                @given(document=strategy)
                def check(document: str) -> None:
                    status, body = post(document)
                    assert not tally.record(document, status, body), "\n".join(tally.lines())

                check()
    print("\n".join(tally.lines()))
    assert len(tally.root_fields) == len(generator.fields)
