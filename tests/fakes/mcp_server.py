"""A real MCP server built with the SDK's own `MCPServer`, for tests: over stdio when run as a script, or as a
streamable-HTTP Starlette app (`http_app()`) served on loopback.

Tools: `add(a, b)`, `slow(seconds)` (sleeps, to be cancelled), `crash()` (the process exits mid-call), and
`secret()` (the NOTES_TOKEN environment variable, to show env reaches a stdio server)."""

from __future__ import annotations

import asyncio
import os
import sys

from mcp.server.mcpserver import MCPServer

server = MCPServer("notes")


@server.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@server.tool()
async def slow(seconds: float) -> str:
    """Wait, then say so."""
    await asyncio.sleep(seconds)
    return "done"


@server.tool()
def crash() -> str:
    """Exit the server process in the middle of the call."""
    os._exit(3)


@server.tool()
def secret() -> str:
    """The NOTES_TOKEN this server was started with."""
    return os.environ.get("NOTES_TOKEN", "none")


def http_app():  # type: ignore[no-untyped-def]
    return server.streamable_http_app()


if __name__ == "__main__":
    sys.exit(server.run(transport="stdio"))
