"""MCP tool servers through the official `mcp` SDK: registration (admins), listing tools, calling them, health.

Each listing or call opens its own connection: a stdio server is started for it and stopped after it, a streamable
HTTP server gets one session. That costs a process start per call, and buys isolation: a server that crashes fails
that one call (the model reads the error) and is simply started again next time; a hung one is cut by the call's
timeout; a cancelled run's call is cancelled, which closes the connection and stops the process. Tool lists are
cached for `LIST_TTL_SECONDS`; each server's last outcome is its health. A server's tools are offered to models
as `<server>__<tool>`. `env` and `headers` may hold secrets, so nothing here returns their values.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.db.models import McpServer
from services.db.types import is_uuid
from services.errors import Conflict, NotFound, ValidationFailed
from services.providers.base import ToolSpec

log = structlog.get_logger("switchboard.mcp")
SEPARATOR = "__"
SERVER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}[a-z0-9]$")
LIST_TTL_SECONDS = 60.0
CONNECT_TIMEOUT_SECONDS = 30.0
MAX_OUTPUT_CHARS = 100_000


def split(name: str) -> tuple[str, str] | None:
    """'notes__add' -> ('notes', 'add'); None for a name that is not an MCP tool's."""
    server, sep, tool = name.partition(SEPARATOR)
    return (server, tool) if sep and server and tool else None


@dataclass
class Health:
    ok: bool | None = None  # None: not tried yet
    detail: str = "not contacted yet"
    tools: int | None = None
    checked_at: float | None = None


@dataclass
class _Listed:
    at: float
    tools: list[ToolSpec]


@dataclass
class McpServers:
    """The process's view of the registered servers: cached tool lists and health, and calls."""

    health: dict[str, Health] = field(default_factory=dict)  # by server name
    _listed: dict[str, _Listed] = field(default_factory=dict)

    def _client(self, server: McpServer, timeout: float) -> AbstractAsyncContextManager[Any]:
        # The SDK is imported on first use: most deployments register no server, and it costs start-up time.
        import httpx2
        from mcp import Client
        from mcp.client.stdio import StdioServerParameters
        from mcp.client.streamable_http import streamable_http_client

        if server.transport == "stdio":
            params = StdioServerParameters(command=server.command or "", args=list(server.args), env=dict(server.env))
            return Client(params, read_timeout_seconds=timeout)
        http = httpx2.AsyncClient(headers=dict(server.headers), timeout=timeout)
        return Client(streamable_http_client(server.url or "", http_client=http), read_timeout_seconds=timeout)

    def _record(self, server: McpServer, ok: bool, detail: str, tools: int | None = None) -> None:
        self.health[server.name] = Health(ok, detail, tools, time.time())

    async def tools(self, server: McpServer, *, fresh: bool = False) -> list[ToolSpec]:
        """The server's tools, named `<server>__<tool>`; [] (and unhealthy) when it cannot be reached."""
        cached = self._listed.get(server.id)
        if cached is not None and not fresh and time.monotonic() - cached.at < LIST_TTL_SECONDS:
            return cached.tools
        try:
            async with (
                asyncio.timeout(CONNECT_TIMEOUT_SECONDS),
                self._client(server, CONNECT_TIMEOUT_SECONDS) as client,
            ):
                listed = await client.list_tools()
        except Exception as exc:  # any failure of a foreign server is reported, never raised into a run
            self._record(server, False, f"cannot list tools: {_describe(exc)}")
            self._listed.pop(server.id, None)
            return []
        specs = [
            ToolSpec(
                f"{server.name}{SEPARATOR}{t.name}",
                t.description or "",
                dict(t.input_schema or {"type": "object"}),
            )
            for t in listed.tools
        ]
        self._listed[server.id] = _Listed(time.monotonic(), specs)
        self._record(server, True, f"{len(specs)} tools", len(specs))
        return specs

    async def call(self, server: McpServer, tool: str, arguments: dict[str, Any], seconds: float) -> tuple[str, bool]:
        """(output, is_error). A crash, a timeout or a protocol error is an error result; cancelling the caller
        closes the connection (and stops a stdio server)."""
        try:
            async with asyncio.timeout(seconds), self._client(server, seconds) as client:
                result = await client.call_tool(tool, arguments)
        except TimeoutError:
            self._record(server, False, f"{tool} did not answer within {seconds:g} seconds")
            return f"{server.name}{SEPARATOR}{tool} did not finish within {seconds:g} seconds", True
        except Exception as exc:
            detail = _describe(exc)
            self._record(server, False, f"{tool} failed: {detail}")
            return f"the MCP server {server.name!r} failed: {detail}", True
        self._record(server, True, "answered a call", self.health.get(server.name, Health()).tools)
        texts = [getattr(part, "text", None) or f"[{getattr(part, 'type', 'content')}]" for part in result.content]
        output = "\n".join(texts)
        if not texts and result.structured_content is not None:
            output = str(result.structured_content)
        return output[:MAX_OUTPUT_CHARS], bool(result.is_error)

    def forget(self, server: McpServer) -> None:
        self._listed.pop(server.id, None)
        self.health.pop(server.name, None)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        return _describe(exc.exceptions[0])
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --------------------------------------------------------------------------------------- registration


async def servers(session: AsyncSession, names: Sequence[str] | None = None) -> list[McpServer]:
    stmt = select(McpServer).order_by(col(McpServer.name))
    if names is not None:
        stmt = stmt.where(col(McpServer.name).in_(list(names)))
    return list((await session.scalars(stmt)).all())


def _strings(value: Any, field: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValidationFailed(f"{field} must be an object of strings", field)
    if len(value) > 64 or any(len(k) > 256 or len(v) > 8192 for k, v in value.items()):
        raise ValidationFailed(f"{field}: at most 64 entries, keys up to 256 and values up to 8192 characters", field)
    return dict(value)


async def register(
    session: AsyncSession,
    *,
    name: str,
    command: str | None,
    args: list[str] | None,
    env: Any,
    url: str | None,
    headers: Any,
) -> McpServer:
    """A new server (admins only, checked by the caller). Exactly one of `command` (stdio) and `url` (HTTP)."""
    if not SERVER_NAME.match(name):
        raise ValidationFailed("name: 2-32 lowercase letters, digits and _, starting with a letter", "name")
    if SEPARATOR in name:
        raise ValidationFailed(f"name may not contain {SEPARATOR!r}", "name")
    if (command is None) == (url is None):
        raise ValidationFailed("give either command (stdio) or url (streamable HTTP)", "command")
    if await servers(session, [name]):
        raise Conflict(f"an MCP server named {name!r} exists")
    if url is not None and not re.match(r"^https?://[^\s]+$", url):
        raise ValidationFailed("url must be an http(s) URL", "url")
    if command is not None and not command.strip():
        raise ValidationFailed("command must not be empty", "command")
    if args is not None and (len(args) > 64 or any(len(a) > 4096 for a in args)):
        raise ValidationFailed("args: at most 64, each at most 4096 characters", "args")
    server = McpServer(
        name=name,
        transport="stdio" if command is not None else "http",
        command=command,
        args=list(args or []),
        env=_strings(env or {}, "env"),
        url=url,
        headers=_strings(headers or {}, "headers"),
    )
    session.add(server)
    await session.flush()
    return server


async def delete(session: AsyncSession, server_id: str) -> McpServer:
    """Remove a server (admins only, checked by the caller); agents listing its tools keep the names, which then
    answer the model with an error."""
    server = await session.get(McpServer, server_id) if is_uuid(server_id) else None
    if server is None:
        raise NotFound("McpServer", server_id)
    await session.delete(server)
    await session.flush()
    return server


async def known_tool(session: AsyncSession, name: str) -> bool:
    """Whether `name` names a tool of a registered server (its existence is checked when it is offered)."""
    parts = split(name)
    return parts is not None and bool(await servers(session, [parts[0]]))
