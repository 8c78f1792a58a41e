"""Logging set-up: structlog to standard output, written line by line whatever stdout is.

With stdout redirected to a file Python buffers it in blocks, so a server stopped (or killed) lost its
last lines, tracebacks included. Every line is now flushed as it is written.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import Any

import structlog

_configured = False


def configure_logging(level: str = "info") -> None:
    global _configured
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
