"""Input objects. Checks beyond GraphQL types (lengths, ranges, formats) happen in services/."""

import strawberry
from strawberry.scalars import JSON

from schema.agent import AgentTemplateKind, KnowledgeScope
from schema.content import SearchMode
from schema.conversation import MessageRole
from schema.tool import AgentToolInput, ToolChoiceInput


@strawberry.input(description="Sampling parameters; omitted ones are left unset.")
class GenerationParametersInput:
    temperature: float | None = strawberry.field(default=None, description="Randomness, 0 to 2.")
    top_p: float | None = strawberry.field(default=None, description="Nucleus sampling mass, (0, 1].")
    top_k: int | None = strawberry.field(default=None, description="Sample from the K most likely tokens.")
    max_tokens: int | None = strawberry.field(default=None, description="Most tokens to generate per reply.")
    stop: list[str] | None = strawberry.field(default=None, description="Stop sequences (at most 8).")
    seed: int | None = strawberry.field(default=None, description="Random seed.")


@strawberry.input(description="Retrieval settings; omitted ones take their defaults (everything off).")
class RetrievalOptionsInput:
    use_knowledge: bool = strawberry.field(default=False, description="Retrieve content chunks into the prompt.")
    knowledge_scope: KnowledgeScope = strawberry.field(
        default=KnowledgeScope.AGENT, description="The agent's contents, or all yours."
    )
    use_memory: bool = strawberry.field(default=False, description="Retrieve the agent's memories into the prompt.")
    top_k: int | None = strawberry.field(default=None, description="Most chunks and memories per turn (1-20).")
    score_threshold: float | None = strawberry.field(default=None, description="Minimum score of a used hit.")
    mode: SearchMode = strawberry.field(default=SearchMode.HYBRID, description="How retrieval matches.")
    extract_memories: bool = strawberry.field(default=False, description="Propose memories after each reply.")
    memory_model: str | None = strawberry.field(default=None, description="Model that proposes memories.")


@strawberry.input(description="A new agent. With a template, omitted fields take the template's defaults.")
class CreateAgentInput:
    name: str = strawberry.field(description="Display name (required, not blank).")
    description: str | None = strawberry.field(default=None, description="What the agent is for.")
    template: AgentTemplateKind | None = strawberry.field(default=None, description="Start from this template.")
    model: str | None = strawberry.field(
        default=None, description="'provider:model'; default from the template or config."
    )
    system_prompt: str | None = strawberry.field(default=None, description="Instructions before every conversation.")
    parameters: GenerationParametersInput | None = strawberry.field(default=None, description="Sampling parameters.")
    retrieval: RetrievalOptionsInput | None = strawberry.field(default=None, description="Retrieval settings.")
    fallback_models: list[str] | None = strawberry.field(
        default=None,
        description="Up to 5 'provider:model' names tried in order when the model fails before its first token.",
    )
    tools: list[AgentToolInput] | None = strawberry.field(default=None, description="Tools it may call.")
    tool_choice: ToolChoiceInput | None = strawberry.field(default=None, description="Tool choice; default AUTO.")


@strawberry.input(description="Changes to an agent; omitted fields stay as they are.")
class UpdateAgentInput:
    name: str | None = strawberry.field(default=None, description="New display name.")
    description: str | None = strawberry.field(default=None, description="New description.")
    model: str | None = strawberry.field(default=None, description="New model, 'provider:model'.")
    system_prompt: str | None = strawberry.field(default=None, description="New system prompt.")
    parameters: GenerationParametersInput | None = strawberry.field(
        default=None, description="Replaces all sampling parameters."
    )
    retrieval: RetrievalOptionsInput | None = strawberry.field(
        default=None, description="Replaces all retrieval settings."
    )
    fallback_models: list[str] | None = strawberry.field(
        default=None, description="Replaces the fallback models ([] removes them)."
    )
    tools: list[AgentToolInput] | None = strawberry.field(default=None, description="Replaces the tool list.")
    tool_choice: ToolChoiceInput | None = strawberry.field(default=None, description="New tool choice.")


@strawberry.input(description="Narrows an agent list; all given conditions must hold.")
class AgentFilter:
    search: str | None = strawberry.field(default=None, description="Case-insensitive substring of the name.")
    template: AgentTemplateKind | None = strawberry.field(default=None, description="Created from this template.")
    model: str | None = strawberry.field(default=None, description="Uses exactly this model.")


@strawberry.input(description="Narrows a conversation list.")
class ConversationFilter:
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="Only this agent's conversations.")


@strawberry.input(description="A new conversation with an agent.")
class StartConversationInput:
    agent_id: strawberry.ID = strawberry.field(description="The agent to talk to.")
    title: str | None = strawberry.field(default=None, description="Title; 'New conversation' if omitted.")


@strawberry.input(description="A tool call on an appended assistant message.")
class ToolCallInput:
    id: str = strawberry.field(description="The call's id; a TOOL message answers it with `toolCallId`.")
    name: str = strawberry.field(description="The tool called.")
    input: JSON = strawberry.field(description="The arguments, a JSON object.")


@strawberry.input(description="A message written directly into a conversation (imports, tests, tool output).")
class AppendMessageInput:
    conversation_id: strawberry.ID = strawberry.field(description="Conversation to append to.")
    role: MessageRole = strawberry.field(description="Who wrote it.")
    content: str = strawberry.field(description="The text.")
    model: str | None = strawberry.field(default=None, description="Model that produced it, if any.")
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="Message it answers, if any.")
    tool_calls: list[ToolCallInput] | None = strawberry.field(
        default=None, description="For an ASSISTANT message: the tools it called (at most 64)."
    )
    tool_call_id: str | None = strawberry.field(
        default=None, description="For a TOOL message: the id of the call it answers (a call made earlier)."
    )
    tool_error: bool = strawberry.field(default=False, description="For a TOOL message: the result is an error.")


@strawberry.input(description="An agent export document, as returned by `agentExport`.")
class ImportAgentInput:
    document: JSON = strawberry.field(description="The JSON document (an object, or a string holding one).")
