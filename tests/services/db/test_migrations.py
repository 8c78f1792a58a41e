"""Alembic: migrations build the schema from nothing, match the models, and upgrade in place."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from services.db.engine import create_engine
from services.db.migrate import MIGRATIONS_DIR, alembic_config, current_revision, upgrade_to_head
from tests.conftest import create_agent, running

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


async def test_empty_database_reaches_head_and_matches_models(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_to_head(engine)
        await upgrade_to_head(engine)  # idempotent

        def check(connection: Any) -> tuple[str | None, list[str], list[Any]]:
            diff = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}), SQLModel.metadata
            )
            return current_revision(connection), inspect(connection).get_table_names(), diff

        async with engine.connect() as connection:
            revision, tables, diff = await connection.run_sync(check)
    finally:
        await engine.dispose()
    assert revision == HEAD
    assert {"users", "agents", "conversations", "messages", "refresh_tokens", "api_keys"} <= set(tables)
    assert diff == [], f"models and migrations differ; run `make migration m=...`: {diff}"


async def test_restart_upgrades_in_place_and_keeps_data(make_settings: Any) -> None:
    for round_ in range(2):
        async with running(make_settings()) as (_, gql):
            if round_ == 0:
                await create_agent(gql, name="survivor")
            names = [n["name"] for n in (await gql("{ agents { nodes { name } } }"))["agents"]["nodes"]]
            assert names == ["survivor"]


def test_revisions_form_one_line() -> None:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert len(script.get_heads()) == 1, "migration branches must be merged"
    assert all(rev.doc for rev in script.walk_revisions()), "every migration says what it does"
