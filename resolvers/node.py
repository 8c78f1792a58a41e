"""Relay `node(id)` and `nodes(ids)`: any object by global ID, with ownership checked by the loaders."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, cast

import strawberry

from resolvers.permissions import Authenticated
from schema.agent import Agent
from schema.auth import User
from schema.common import Node, ObjectID
from schema.content import Content
from schema.conversation import Conversation, Message
from schema.generation_template import GenerationTemplate
from schema.ids import from_global_id
from schema.info import Info
from schema.memory import Memory
from schema.run import Run
from schema.test_suite import TestSuite
from services.errors import NotFound, ServiceError, ValidationFailed
from services.evals import generation_templates, suites
from services.runs import lifecycle as runs


async def _resolve(info: Info, global_id: str) -> Node:
    ctx = info.context
    type_name, ident = from_global_id(global_id)
    fetch: dict[str, Callable[[str], Awaitable[Node]]] = {
        "Agent": lambda i: _convert(ctx.loaders.agent_by_id.load(i), Agent.from_row),
        "Conversation": lambda i: _convert(ctx.loaders.conversation_by_id.load(i), Conversation.from_row),
        "Message": lambda i: _convert(ctx.loaders.message_by_id.load(i), Message.from_row),
        "User": lambda i: _me(ctx, i),
        "Run": lambda i: _run(ctx, i),
        "Content": lambda i: _convert(ctx.loaders.content_by_id.load(i), Content.from_row),
        "Memory": lambda i: _convert(ctx.loaders.memory_by_id.load(i), Memory.from_row),
        "TestSuite": lambda i: _test_suite(ctx, i),
        "GenerationTemplate": lambda i: _generation_template(ctx, i),
    }
    if type_name not in fetch:
        raise NotFound(type_name or "Node", global_id)
    return await fetch[type_name](ident)


async def _convert(pending: Awaitable[Any], convert: Callable[[Any], Node]) -> Node:
    return convert(await pending)


async def _run(ctx: Any, ident: str) -> Node:
    async with ctx.read() as session:
        return Run.from_row(await runs.get(session, ctx.user, ident))


async def _test_suite(ctx: Any, ident: str) -> Node:
    async with ctx.read() as session:
        return TestSuite.from_row(await suites.get(session, ctx.user, ident))


async def _generation_template(ctx: Any, ident: str) -> Node:
    async with ctx.read() as session:
        return GenerationTemplate.from_row(await generation_templates.get(session, ctx.user, ident))


async def _me(ctx: Any, ident: str) -> Node:
    actor = ctx.user
    if ident != actor.id:
        raise NotFound("User", ident)
    return User.of(actor.id, actor.username, actor.role)


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="Any object by its global ID (NOT_FOUND if missing or not yours).",
        permission_classes=[Authenticated],
    )
    async def node(self, info: Info, id: ObjectID) -> Node | None:
        return await _resolve(info, id)

    @strawberry.field(
        description="Objects by global ID, in the order given; missing ones are null with an error.",
        permission_classes=[Authenticated],
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global IDs (at most the max page size).")],
    ) -> list[Node | None]:
        max_ids = info.context.settings.limits.max_page_size
        if len(ids) > max_ids:
            raise ValidationFailed(f"at most {max_ids} ids per call", "ids")
        results = await asyncio.gather(*(_resolve(info, i) for i in ids), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, ServiceError):
                raise result
        # graphql-core turns an Exception item into an error at its index, leaving null there.
        return cast(list[Node | None], results)
