"""Agent types. Nested fields go through the request's dataloaders."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from schema.common import After, Before, Connection, First, Last, Node
from schema.conversation import Conversation
from schema.ids import to_global_id

if TYPE_CHECKING:
    from services.db import models


@strawberry.enum(description="Built-in agent templates.")
class AgentTemplateKind(Enum):
    GENERAL = strawberry.enum_value("GENERAL", description="A concise general assistant on the default model.")
    CORECODER = strawberry.enum_value("CORECODER", description="A coding assistant.")
    MULTIMODAL = strawberry.enum_value("MULTIMODAL", description="Works with text and images.")


@strawberry.type(description="Sampling parameters an agent passes to its model; unset ones use the model's defaults.")
class GenerationParameters:
    temperature: float | None = strawberry.field(description="Randomness, 0 to 2.")
    top_p: float | None = strawberry.field(description="Nucleus sampling mass, (0, 1].")
    top_k: int | None = strawberry.field(description="Sample from the K most likely tokens.")
    max_tokens: int | None = strawberry.field(description="Most tokens to generate per reply.")
    stop: list[str] | None = strawberry.field(description="Stop sequences.")
    seed: int | None = strawberry.field(description="Random seed, for repeatable output.")

    @classmethod
    def from_dict(cls, values: dict) -> "GenerationParameters":
        return cls(**{k: values.get(k) for k in ("temperature", "top_p", "top_k", "max_tokens", "stop", "seed")})


@strawberry.type(description="An AI agent: a model with a system prompt, parameters and conversations.")
class Agent(Node):
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the agent is for.")
    template: AgentTemplateKind | None = strawberry.field(description="Template it was created from, if any.")
    model: str = strawberry.field(description="Model it chats with, as 'provider:model'.")
    system_prompt: str = strawberry.field(description="Instructions put before every conversation.")
    parameters: GenerationParameters = strawberry.field(description="Sampling parameters.")
    created_at: datetime = strawberry.field(description="When it was created (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")
    _id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: "models.Agent") -> "Agent":
        return cls(
            id=strawberry.ID(to_global_id("Agent", row.id)),
            name=row.name,
            description=row.description,
            template=AgentTemplateKind(row.template) if row.template else None,
            model=row.model,
            system_prompt=row.system_prompt,
            parameters=GenerationParameters.from_dict(row.parameters),
            created_at=row.created_at,
            updated_at=row.updated_at,
            _id=row.id,
        )

    @strawberry.field(description="Conversations with this agent, oldest first.")
    async def conversations(
        self, info: strawberry.Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Conversation]:
        args = info.context.page_args(first=first, after=after, last=last, before=before)
        page = await info.context.loaders.conversations_by_agent.load((self._id, args))
        return info.context.connection(page, Conversation.from_row)


@strawberry.type(description="A built-in agent template and the defaults it fills in.")
class AgentTemplate:
    kind: AgentTemplateKind = strawberry.field(description="Template key, for `createAgent(input: {template})`.")
    title: str = strawberry.field(description="Human-readable name.")
    description: str = strawberry.field(description="What agents made from it are for.")
    model: str = strawberry.field(description="Default model.")
    system_prompt: str = strawberry.field(description="Default system prompt.")
    parameters: GenerationParameters = strawberry.field(description="Default sampling parameters.")
