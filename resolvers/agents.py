"""Agent queries and mutations."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from resolvers.errors import returns_errors
from resolvers.permissions import Authenticated
from schema.agent import Agent, AgentTemplate, AgentTemplateKind, GenerationParameters
from schema.common import After, Before, Connection, First, Last, ObjectID, value_of
from schema.errors import Deleted, ImportError, NotFoundError, ValidationError
from schema.ids import decode_id
from schema.info import Info
from schema.inputs import AgentFilter, CreateAgentInput, ImportAgentInput, UpdateAgentInput
from schema.tool import AgentToolInput, ToolChoiceInput, ToolDefinition
from services import agents, portability
from services.chat import vision
from services.templates import TEMPLATES, get_template
from services.tools import catalog as tools

AgentResult = Annotated[
    Agent | ValidationError | NotFoundError,
    strawberry.union("AgentResult", description="The agent, or why the change was refused."),
]
DeleteResult = Annotated[
    Deleted | NotFoundError | ValidationError,
    strawberry.union("DeleteResult", description="The deleted ID, or why nothing was deleted."),
]
ImportAgentResult = Annotated[
    Agent | ImportError | ValidationError,
    strawberry.union("ImportAgentResult", description="The imported agent, or why the document was refused."),
]


def _parameters(value: object) -> dict[str, Any] | None:
    return None if value is None else {k: v for k, v in vars(value).items() if v is not None}


def _tools(value: list[AgentToolInput] | None) -> list[dict[str, Any]] | None:
    return None if value is None else [{"name": t.name, "approval": value_of(t.approval)} for t in value]


def _tool_choice(value: ToolChoiceInput | None) -> dict[str, Any] | None:
    return None if value is None else {"mode": value_of(value.mode), "name": value.name}


def _retrieval(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    return {k: value_of(v) if isinstance(v, Enum) else v for k, v in vars(value).items() if v is not None}


@strawberry.type
class AgentQueries:
    @strawberry.field(
        description="One of your agents by ID (NOT_FOUND if missing or not yours).", permission_classes=[Authenticated]
    )
    async def agent(self, info: Info, id: ObjectID) -> Agent:
        ctx = info.context
        return Agent.from_row(await ctx.loaders.agent_by_id.load(decode_id(id, "Agent")))

    @strawberry.field(description="Your agents, oldest first, optionally filtered.", permission_classes=[Authenticated])
    async def agents(
        self,
        info: Info,
        filter: Annotated[
            AgentFilter | None, strawberry.argument(description="Conditions the agents must meet.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Agent]:
        ctx = info.context
        args = ctx.page_args(first=first, after=after, last=last, before=before)
        where = (
            agents.AgentFilter(
                search=filter.search,
                template=value_of(filter.template) if filter.template else None,
                model=filter.model,
            )
            if filter
            else None
        )
        async with ctx.read() as session:
            page = await agents.list_page(session, ctx.user, where, args)
        return ctx.connection(page, Agent.from_row)

    @strawberry.field(
        description="The built-in agent templates and their defaults.", permission_classes=[Authenticated]
    )
    def agent_templates(self, info: Info) -> list[AgentTemplate]:
        default_model = info.context.settings.models.chat
        return [
            AgentTemplate(
                kind=AgentTemplateKind(t.key),
                title=t.title,
                description=t.description,
                model=t.model or default_model,
                system_prompt=t.system_prompt,
                parameters=GenerationParameters.from_dict(t.parameters),
            )
            for t in TEMPLATES.values()
        ]

    @strawberry.field(
        description="Every tool an agent can be given, with its input's JSON Schema: the built-in ones, then those of "
        "the registered MCP servers that answer.",
        permission_classes=[Authenticated],
    )
    async def available_tools(self, info: Info) -> list[ToolDefinition]:
        from resolvers.mcp import mcp_tools

        external = [ToolDefinition.of(spec, "mcp") for spec in await mcp_tools(info)]
        return [ToolDefinition.of(spec) for spec in tools.available()] + external

    @strawberry.field(
        description="The agent file: an agent with its conversations, messages (with their tool calls), memories and "
        "knowledge (each text-bearing content's text and metadata; no vectors) as one JSON document (version 3), for "
        "`importAgent`.",
        permission_classes=[Authenticated],
    )
    async def agent_export(self, info: Info, id: ObjectID) -> JSON:
        ctx = info.context
        async with ctx.read() as session:
            document = await portability.export_agent(session, ctx.user, decode_id(id, "Agent"), ctx.services.knowledge)
        return cast(JSON, document)


@strawberry.type
class AgentMutations:
    @strawberry.mutation(description="Create an agent, optionally from a template.", permission_classes=[Authenticated])
    @returns_errors
    async def create_agent(
        self,
        info: Info,
        input: Annotated[CreateAgentInput, strawberry.argument(description="The new agent.")],
    ) -> AgentResult:
        ctx = info.context
        template = value_of(input.template) if input.template else None
        model = input.model
        if model is None and template is not None and get_template(template).vision:
            # A vision template starts on a model that can see, when one is configured or installed.
            model = await vision.default_model(ctx.services.providers, ctx.settings)
        data = agents.AgentCreate(
            name=input.name,
            description=input.description,
            template=template,
            model=model,
            system_prompt=input.system_prompt,
            parameters=_parameters(input.parameters),
            retrieval=_retrieval(input.retrieval),
            fallback_models=input.fallback_models,
            tools=_tools(input.tools),
            tool_choice=_tool_choice(input.tool_choice),
        )
        async with ctx.transaction() as session:
            row = await agents.create(session, ctx.user, data, ctx.settings)
        return Agent.from_row(row)

    @strawberry.mutation(
        description="Change an agent; omitted fields stay as they are.", permission_classes=[Authenticated]
    )
    @returns_errors
    async def update_agent(
        self,
        info: Info,
        id: ObjectID,
        input: Annotated[UpdateAgentInput, strawberry.argument(description="The changes.")],
    ) -> AgentResult:
        ctx = info.context
        changes = {k: getattr(input, k) for k in agents.UPDATABLE}
        changes["parameters"] = _parameters(input.parameters)
        changes["retrieval"] = _retrieval(input.retrieval)
        changes["tools"] = _tools(input.tools)
        changes["tool_choice"] = _tool_choice(input.tool_choice)
        async with ctx.transaction() as session:
            row = await agents.update(session, ctx.user, decode_id(id, "Agent"), changes, ctx.settings)
        return Agent.from_row(row)

    @strawberry.mutation(
        description="Delete an agent with all its conversations and messages.", permission_classes=[Authenticated]
    )
    @returns_errors
    async def delete_agent(self, info: Info, id: ObjectID) -> DeleteResult:
        ctx = info.context
        async with ctx.transaction() as session:
            await agents.delete(session, ctx.user, decode_id(id, "Agent"))
        return Deleted(id=id)

    @strawberry.mutation(
        description="Import an agent file as a new agent (new IDs, all or nothing); versions 1 to 3 are read. Its "
        "contents are queued for ingestion (INGEST runs) and its memories embedded by a REINDEX run, with this "
        "server's embedding model.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def import_agent(
        self,
        info: Info,
        input: Annotated[ImportAgentInput, strawberry.argument(description="The export document.")],
    ) -> ImportAgentResult:
        ctx = info.context
        async with ctx.transaction() as session:
            imported = await portability.import_agent(
                session, ctx.user, input.document, ctx.settings, ctx.services.knowledge
            )
        return Agent.from_row(imported.agent)
