"""Logging set-up: structlog to standard output, written line by line whatever stdout is.

With stdout redirected to a file Python buffers it in blocks, so a server stopped (or killed) lost its
last lines, tracebacks included. Every line is now flushed as it is written.

Every line carries the context variables bound where it is logged: `request_id` (app/guard.py binds it for
each HTTP request and WebSocket) and `run_id`/`run_kind` (the scheduler binds them around a run). Secrets
are redacted before anything is written (services/logbuffer.py), then the line is kept in the in-memory
buffer the admin `serverLogs` query and subscription read.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import Any

import structlog

from services.logbuffer import LOGS, redaction_processor

_configured = False


def configure_logging(level: str = "info", buffer_lines: int | None = None) -> None:
    global _configured
    if buffer_lines is not None and buffer_lines != LOGS.capacity:
        LOGS.resize(buffer_lines)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):  # a test runner's capture stream may not support it
                reconfigure(line_buffering=True)
    if _configured:
        return
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="%Y-%m-%d %H:%M:%S", utc=False),
        structlog.processors.StackInfoRenderer(),
        structlog.dev.set_exc_info,
        structlog.processors.format_exc_info,  # the traceback as text, so redaction sees it too
        redaction_processor,
        LOGS.processor,
        structlog.dev.ConsoleRenderer(colors=sys.stdout.isatty()),
    ]
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), logging.DEBUG)),
        # No fixed file: each logger writes to the sys.stdout of the moment (test runners swap it).
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )
    _configured = True
