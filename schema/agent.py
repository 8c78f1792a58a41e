"""Agent types. Nested fields go through the request's dataloaders."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from schema.common import After, Before, Connection, First, Last, Node
from schema.content import SearchMode
from schema.conversation import Conversation
from schema.ids import to_global_id
from schema.info import Info
from schema.tool import AgentTool, ToolChoice, agent_tools

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


@strawberry.enum(description="Which contents a retrieval-augmented agent reads.")
class KnowledgeScope(Enum):
    AGENT = strawberry.enum_value("agent", description="Only contents attached to this agent.")
    ALL = strawberry.enum_value("all", description="All of the owner's contents.")


@strawberry.type(description="What an agent reads before it answers, and whether it keeps memories.")
class RetrievalOptions:
    use_knowledge: bool = strawberry.field(description="Retrieve content chunks into the prompt.")
    knowledge_scope: KnowledgeScope = strawberry.field(description="Whose contents: the agent's, or all yours.")
    use_memory: bool = strawberry.field(description="Retrieve the agent's memories into the prompt.")
    top_k: int | None = strawberry.field(description="Most chunks and most memories per turn; null: config default.")
    score_threshold: float | None = strawberry.field(
        description="Hits scoring below are not used (in the search mode's units); null: config default."
    )
    mode: SearchMode = strawberry.field(description="How retrieval matches the user's message.")
    extract_memories: bool = strawberry.field(
        description="After each reply, a model proposes facts worth keeping as memories (off by default)."
    )
    memory_model: str | None = strawberry.field(description="Model that proposes memories; null: the agent's model.")

    @classmethod
    def from_dict(cls, values: dict) -> "RetrievalOptions":
        return cls(
            use_knowledge=bool(values.get("use_knowledge", False)),
            knowledge_scope=KnowledgeScope(values.get("knowledge_scope", "agent")),
            use_memory=bool(values.get("use_memory", False)),
            top_k=values.get("top_k"),
            score_threshold=values.get("score_threshold"),
            mode=SearchMode(values.get("mode", "hybrid")),
            extract_memories=bool(values.get("extract_memories", False)),
            memory_model=values.get("memory_model"),
        )


@strawberry.type(description="An AI agent: a model with a system prompt, parameters and conversations.")
class Agent(Node):
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the agent is for.")
    template: AgentTemplateKind | None = strawberry.field(description="Template it was created from, if any.")
    model: str = strawberry.field(description="Model it chats with, as 'provider:model'.")
    system_prompt: str = strawberry.field(description="Instructions put before every conversation.")
    parameters: GenerationParameters = strawberry.field(description="Sampling parameters.")
    retrieval: RetrievalOptions = strawberry.field(description="Retrieval-augmented chat and memory settings.")
    fallback_models: list[str] = strawberry.field(
        description="Models tried in order when `model` fails before its first token (connection refused, server "
        "errors after retries, model missing)."
    )
    tools: list[AgentTool] = strawberry.field(description="Tools the agent may call, in the order given.")
    tool_choice: ToolChoice = strawberry.field(description="Tool choice for its replies; a message may override it.")
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
            retrieval=RetrievalOptions.from_dict(row.retrieval or {}),
            fallback_models=list(row.fallback_models or []),
            tools=agent_tools(row.tools or []),
            tool_choice=ToolChoice.of(row.tool_choice or "auto"),
            created_at=row.created_at,
            updated_at=row.updated_at,
            _id=row.id,
        )

    @strawberry.field(description="Conversations with this agent, oldest first.")
    async def conversations(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
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
