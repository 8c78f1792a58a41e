"""A run's items as CSV or JSON, for spreadsheets and scripts (the `runExport` query and the download route)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.auth import Actor
from services.db.models import Run, RunItem
from services.runs import items
from services.runs import lifecycle as runs

COLUMNS = (
    "index",
    "target",
    "key",
    "status",
    "latency_ms",
    "ttft_ms",
    "tokens_per_second",
    "prompt_tokens",
    "completion_tokens",
    "error",
    "output",
    "input",
    "details",
)


def _row(item: RunItem) -> dict[str, Any]:
    return {
        "index": item.idx,
        "target": item.target,
        "key": item.key,
        "status": item.status,
        "latency_ms": item.latency_ms,
        "ttft_ms": item.ttft_ms,
        "tokens_per_second": item.tokens_per_second,
        "prompt_tokens": item.prompt_tokens,
        "completion_tokens": item.completion_tokens,
        "error": item.error,
        "output": item.output,
        "input": item.input,
        "details": item.details,
    }


def to_csv(items: list[RunItem]) -> str:
    """Nested values (input, details) are JSON inside their cell; spreadsheet formulas are neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        row = _row(item)
        for key in ("input", "details"):
            row[key] = json.dumps(row[key], ensure_ascii=False) if row[key] is not None else ""
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    # A cell starting with = + - @ is run as a formula by spreadsheet apps (CSV injection): quote it as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_json(run: Run, items: list[RunItem]) -> str:
    return json.dumps(
        {
            "run": {
                "id": run.id,
                "kind": run.kind,
                "status": run.status,
                "model": run.model,
                "input": run.input,
                "result": run.result,
                "error": run.error,
                "createdAt": run.created_at.isoformat(),
                "finishedAt": run.finished_at.isoformat() if run.finished_at else None,
            },
            "items": [_row(i) for i in items],
        },
        ensure_ascii=False,
        indent=1,
    )


async def render(session: AsyncSession, actor: Actor, run_id: str, fmt: str) -> str:
    run = await runs.get(session, actor, run_id)
    rows = await items.all_of(session, run.id)
    return to_csv(rows) if fmt == "csv" else to_json(run, rows)
