"""MCP servers through the official SDK against the SDK's own server, over stdio and over streamable HTTP:
listing, calling, a server that crashes mid-call, cancel mid-call, health."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterator

import pytest

from services.db.models import McpServer
from services.tools.mcp import McpServers
from tests.fakes import mcp_server
from tests.fakes.server import serve

STDIO = McpServer(
    id="00000000-0000-0000-0000-000000000001",
    name="notes",
    transport="stdio",
    command=sys.executable,
    args=[mcp_server.__file__],
    env={"NOTES_TOKEN": "s3cret"},
)


@pytest.fixture
def http_server() -> Iterator[McpServer]:
    with serve(mcp_server.http_app(), lifespan="on") as base:
        yield McpServer(
            id="00000000-0000-0000-0000-000000000002",
            name="web",
            transport="http",
            url=f"{base}/mcp",
            headers={"authorization": "Bearer t"},
        )


async def test_stdio_lists_and_calls_tools() -> None:
    servers = McpServers()
    tools = await servers.tools(STDIO)
    assert [t.name for t in tools] == ["notes__add", "notes__slow", "notes__crash", "notes__secret"]
    assert tools[0].input_schema["required"] == ["a", "b"] and "Add two integers" in tools[0].description
    assert await servers.call(STDIO, "add", {"a": 2, "b": 3}, 30) == ("5", False)
    assert await servers.call(STDIO, "secret", {}, 30) == ("s3cret", False)  # env reaches the process
    output, failed = await servers.call(STDIO, "add", {"a": "x"}, 30)
    assert failed and "validation error" in output
    assert servers.health["notes"].ok and servers.health["notes"].tools == 4


async def test_streamable_http_lists_and_calls_tools(http_server: McpServer) -> None:
    servers = McpServers()
    assert [t.name for t in await servers.tools(http_server)][:2] == ["web__add", "web__slow"]
    assert await servers.call(http_server, "add", {"a": 40, "b": 2}, 30) == ("42", False)


async def test_a_server_that_crashes_mid_call_is_reported_and_started_again() -> None:
    servers = McpServers()
    output, failed = await servers.call(STDIO, "crash", {}, 30)
    assert failed and "failed" in output
    assert servers.health["notes"].ok is False
    assert await servers.call(STDIO, "add", {"a": 1, "b": 1}, 30) == ("2", False)  # the next call starts it anew
    assert servers.health["notes"].ok


async def test_a_hung_call_times_out_and_cancel_stops_a_call_at_once() -> None:
    servers = McpServers()
    output, failed = await servers.call(STDIO, "slow", {"seconds": 60}, 3)
    assert failed and "did not finish within 3 seconds" in output
    call = asyncio.create_task(servers.call(STDIO, "slow", {"seconds": 60}, 60))
    await asyncio.sleep(2)
    started = time.monotonic()
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    assert time.monotonic() - started < 30  # stopped with the connection: the server was not waited for (60 s)


async def test_an_unreachable_server_is_unhealthy_and_offers_nothing() -> None:
    servers = McpServers()
    broken = McpServer(
        id="00000000-0000-0000-0000-000000000003", name="gone", transport="stdio", command="/nonexistent/mcp"
    )
    assert await servers.tools(broken) == []
    assert servers.health["gone"].ok is False and "cannot list tools" in servers.health["gone"].detail
