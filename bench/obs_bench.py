"""What observability costs: a GraphQL request with tracing off and on, one log line (redaction + the ring),
and `{ models providers }` with the cache on and off against the loopback fake Ollama. Prints figures.

    .venv/bin/python bench/obs_bench.py [--requests 2000] [--lines 20000]

In process (httpx's ASGI transport, no sockets), SQLite in a temporary directory; compare the pairs of one
run rather than absolute numbers across machines.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import structlog
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app.tracing
from app import create_app
from services.logbuffer import LOGS, redaction_processor
from services.settings import load_settings
from tests.fakes import ollama as fake_ollama
from tests.fakes.script import Script


async def requests(settings: Any, count: int, query: str) -> list[float]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for _ in range(50):  # warm-up
                await client.post("/graphql", json={"query": query})
            times = []
            for _ in range(count):
                began = time.perf_counter()
                response = await client.post("/graphql", json={"query": query})
                times.append(time.perf_counter() - began)
                assert response.status_code == 200
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    return f"p50 {statistics.median(times) * 1e6:8.0f} us   p99 {p99 * 1e6:8.0f} us   n={len(times)}"


def log_lines(count: int, full: bool) -> float:
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="%Y-%m-%d %H:%M:%S", utc=False),
    ]
    if full:
        processors += [structlog.processors.format_exc_info, redaction_processor, LOGS.processor]
    processors.append(structlog.dev.ConsoleRenderer(colors=False))
    logger = structlog.wrap_logger(structlog.PrintLogger(io.StringIO()), processors=processors)
    began = time.perf_counter()
    for i in range(count):
        logger.info("run finished", status="succeeded", error=None, run_id=f"run-{i}", request_id="abc")
    return (time.perf_counter() - began) / count


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=20000)
    args = parser.parse_args()
    query = "{ __typename }"
    with tempfile.TemporaryDirectory() as tmp:
        off = load_settings(data_dir=Path(tmp) / "off", log_level="warning")
        print(f"tracing off  {query}: {summary(await requests(off, args.requests, query))}")
        exporter = InMemorySpanExporter()
        app.tracing.make_exporter = lambda settings: exporter  # type: ignore[assignment]
        on = load_settings(data_dir=Path(tmp) / "on", log_level="warning", otlp_endpoint="http://unused:4318")
        print(f"tracing on   {query}: {summary(await requests(on, args.requests, query))}")
        print(f"             spans exported: {len(exporter.get_finished_spans())}")

        plain, full = log_lines(args.lines, False), log_lines(args.lines, True)
        print(f"log line     plain: {plain * 1e6:6.1f} us   with redaction and the ring: {full * 1e6:6.1f} us")

        script = Script(models=["test-model"])
        with fake_ollama.running(script) as host:
            for ttl in (0.0, 10.0):
                script.requests.clear()
                settings = load_settings(
                    data_dir=Path(tmp) / f"cache{ttl}",
                    log_level="warning",
                    cache_ttl_seconds=ttl,
                    providers={"ollama_host": host},
                )
                times = await requests(settings, 200, "{ models { name } providers { name ok } }")
                tags = sum(1 for r in script.requests if r.path == "/api/tags")
                print(f"cache ttl {ttl:>4}: {{ models providers }} {summary(times)}   /api/tags calls: {tags}")


if __name__ == "__main__":
    asyncio.run(main())
