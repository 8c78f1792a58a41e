"""Every table as JSON lines, out of one consistent snapshot, and back into an empty database.

Tables are reflected from the database itself, not taken from the models, so a dump describes the schema
revision it was taken at and a restore writes into the tables that revision's migrations made (a later
migration then brings them to head). One file per table, `database/<table>.jsonl`, one JSON object per row in
primary-key order; datetimes as ISO 8601 in UTC. The format does not depend on the dialect: a SQLite backup
restores into Postgres and back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, MetaData, Table, insert, select, text

SKIP = ("alembic_version",)
BATCH = 1000
FOLDER = "database"


@dataclass
class TableDump:
    """What a dump wrote: rows per table, the datetime columns of each, and the ids the other parts of the
    backup are filtered by (contents, memories, blobs)."""

    rows: dict[str, int] = field(default_factory=dict)
    datetimes: dict[str, list[str]] = field(default_factory=dict)
    content_ids: set[str] = field(default_factory=set)
    memory_ids: set[str] = field(default_factory=set)
    blob_digests: set[str] = field(default_factory=set)
    revision: str | None = None


def reflect(connection: Connection) -> MetaData:
    metadata = MetaData()
    metadata.reflect(connection)
    return metadata


def revision_of(connection: Connection) -> str | None:
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # no alembic_version table: an empty database
        return None


def dump_tables(connection: Connection, staging: Path) -> TableDump:
    """Write every table of the snapshot `connection` reads (the caller opens it: a copy made with SQLite's backup
    API, or a REPEATABLE READ transaction on Postgres) under `staging/database/`."""
    dump = TableDump(revision=revision_of(connection))
    folder = staging / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for table in reflect(connection).sorted_tables:
        if table.name in SKIP:
            continue
        stamps = [c.name for c in table.columns if isinstance(c.type, DateTime)]
        dump.datetimes[table.name] = stamps
        order = list(table.primary_key.columns) or list(table.columns)
        count = 0
        with (folder / f"{table.name}.jsonl").open("w", encoding="utf-8") as out:
            result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
                select(table).order_by(*order)
            )
            for row in result.mappings():
                record = {key: _plain(value) for key, value in row.items()}
                _collect(dump, table.name, record)
                out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
                out.write("\n")
                count += 1
        dump.rows[table.name] = count
    return dump


def _collect(dump: TableDump, table: str, record: dict[str, Any]) -> None:
    if table == "contents":
        dump.content_ids.add(record["id"])
        dump.blob_digests.add(record["sha256"])
    elif table == "memories":
        dump.memory_ids.add(record["id"])


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        # SQLite hands back naive datetimes; every Switchboard datetime is UTC.
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        raise TypeError("binary columns are not part of the backup format")
    return value


def is_empty(connection: Connection) -> bool:
    """No tables at all (the state a restore needs: it creates the schema itself)."""
    return not reflect(connection).tables


def load_tables(connection: Connection, staging: Path, datetimes: dict[str, list[str]]) -> dict[str, int]:
    """Insert every dumped table into the (migrated, empty) database `connection` is on; returns rows per table.
    Parents first: tables in foreign-key order, and rows of a self-referencing table (messages) after their
    parent row."""
    metadata = reflect(connection)
    loaded: dict[str, int] = {}
    folder = staging / FOLDER
    dumped = {path.stem for path in folder.glob("*.jsonl")}
    unknown = dumped - set(metadata.tables)
    if unknown:
        raise ValueError(f"the backup has tables this schema revision does not: {', '.join(sorted(unknown))}")
    for table in metadata.sorted_tables:
        if table.name in SKIP or table.name not in dumped:
            continue
        stamps = set(datetimes.get(table.name, []))
        rows = [_typed(r, stamps) for r in _lines(folder / f"{table.name}.jsonl")]
        rows = _parents_first(table, rows)
        for start in range(0, len(rows), BATCH):
            connection.execute(insert(table), rows[start : start + BATCH])
        loaded[table.name] = len(rows)
        if connection.dialect.name == "postgresql":
            _advance_sequences(connection, table)
    return loaded


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError(f"{path.name} line {number} is not a JSON object")
            yield record


def _typed(record: dict[str, Any], stamps: set[str]) -> dict[str, Any]:
    for key in stamps & record.keys():
        if record[key] is not None:
            record[key] = datetime.fromisoformat(record[key])
    return record


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows ordered so that a row's parent (a foreign key to its own table) comes before it."""
    self_refs = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table.name == table.name]
    if not self_refs:
        return rows
    child_col, parent_col = self_refs[0]
    by_key = {row[parent_col]: row for row in rows}
    placed: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    for row in rows:
        chain = []
        current: dict[str, Any] | None = row
        while current is not None and current[parent_col] not in placed:
            chain.append(current)
            placed.add(current[parent_col])  # marks it now: a cycle cannot loop forever
            parent = current.get(child_col)
            current = by_key.get(parent) if parent is not None else None
        ordered.extend(reversed(chain))
    return ordered


def _advance_sequences(connection: Connection, table: Table) -> None:
    """Explicit ids were inserted: move the table's serial sequence past them."""
    for column in table.primary_key.columns:
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
        ).scalar()
        if sequence:
            connection.execute(
                text(f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'),
                {"s": sequence},
            )
