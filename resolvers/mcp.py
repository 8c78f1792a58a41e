"""MCP servers: listing (with health and tools), registering and removing them (admins)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import strawberry

from resolvers.errors import returns_errors
from resolvers.permissions import Admin, Authenticated
from schema.common import ObjectID
from schema.errors import ConflictError, Deleted, NotFoundError, ValidationError
from schema.ids import decode_id, to_global_id
from schema.info import Info
from schema.tool import McpServer, McpServerHealth, McpTransport, RegisterMcpServerInput, ToolDefinition
from services.db import models
from services.tools import mcp

McpServerResult = Annotated[
    McpServer | ValidationError | ConflictError,
    strawberry.union("McpServerResult", description="The registered server, or why not."),
]
McpDeleteResult = Annotated[
    Deleted | NotFoundError | ValidationError,
    strawberry.union("McpDeleteResult", description="The removed server's ID, or why not."),
]


async def _server(info: Info, row: models.McpServer) -> McpServer:
    manager = info.context.services.mcp
    tools = await manager.tools(row)
    health = manager.health.get(row.name, mcp.Health())
    admin = info.context.user.is_admin
    return McpServer(
        id=strawberry.ID(to_global_id("McpServer", row.id)),
        name=row.name,
        transport=McpTransport(row.transport),
        command=row.command if admin else None,
        args=list(row.args) if admin and row.transport == "stdio" else None,
        url=row.url if admin else None,
        env_names=sorted(row.env),
        header_names=sorted(row.headers),
        health=McpServerHealth(ok=health.ok, detail=health.detail, tool_count=health.tools),
        tools=[ToolDefinition.of(spec, "mcp") for spec in tools],
    )


@strawberry.type
class McpQueries:
    @strawberry.field(
        description="The registered MCP servers, with their health and tools (listed now, or from a minute's cache).",
        permission_classes=[Authenticated],
    )
    async def mcp_servers(self, info: Info) -> list[McpServer]:
        async with info.context.read() as session:
            rows = await mcp.servers(session)
        return list(await asyncio.gather(*(_server(info, row) for row in rows)))


@strawberry.type
class McpMutations:
    @strawberry.mutation(
        description="Register an MCP tool server (admins); agents may then list its tools as `<name>__<tool>`.",
        permission_classes=[Admin],
    )
    @returns_errors
    async def register_mcp_server(
        self, info: Info, input: Annotated[RegisterMcpServerInput, strawberry.argument(description="The server.")]
    ) -> McpServerResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await mcp.register(
                session,
                name=input.name,
                command=input.command,
                args=input.args,
                env=input.env,
                url=input.url,
                headers=input.headers,
            )
        return await _server(info, row)

    @strawberry.mutation(description="Remove an MCP server (admins).", permission_classes=[Admin])
    @returns_errors
    async def delete_mcp_server(self, info: Info, id: ObjectID) -> McpDeleteResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await mcp.delete(session, decode_id(id, "McpServer"))
        ctx.services.mcp.forget(row)
        return Deleted(id=id)


async def mcp_tools(info: Info) -> list[Any]:
    """Every registered server's tools, for `availableTools`."""
    async with info.context.read() as session:
        rows = await mcp.servers(session)
    listed = await asyncio.gather(*(info.context.services.mcp.tools(row) for row in rows))
    return [spec for specs in listed for spec in specs]
