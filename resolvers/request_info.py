"""What a request says about its client, for the session list and the per-address limits."""

from __future__ import annotations

from typing import Any


def client_address(request: Any) -> str:
    """The peer address (behind a proxy, run uvicorn with --proxy-headers so it is the client's)."""
    client = getattr(request, "client", None)
    return str(client.host) if client is not None and client.host else "unknown"


def user_agent(request: Any) -> str:
    """The client's user agent, printable characters only, at most 200."""
    headers = getattr(request, "headers", None)
    agent = headers.get("user-agent", "") if headers is not None else ""
    return "".join(ch for ch in agent if ch.isprintable())[:200]
