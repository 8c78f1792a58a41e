"""Table models. They never leave services/: the schema layer converts them to GraphQL types."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

from services.db.types import UTCDateTime, new_id, utcnow

# Named constraints keep Alembic migrations identical on SQLite and Postgres.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _id() -> Any:
    return Field(default_factory=new_id, sa_column=Column(String(36), primary_key=True))


def _created() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


def _fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Any:
    return Field(
        default=None if nullable else ...,
        sa_column=Column(String(36), ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True),
    )


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: str = _id()
    username: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    password_hash: str | None = Field(default=None, sa_column=Column(String(255)))
    role: str = Field(default="user", sa_column=Column(String(16), nullable=False))
    created_at: datetime = _created()


class AuthSession(SQLModel, table=True):
    """One login: its refresh tokens form one rotation family, and its access tokens name it (`sid`),
    so revoking it (logout, or refresh-token reuse) ends them all at once."""

    __tablename__ = "auth_sessions"

    id: str = _id()
    user_id: str = _fk("users.id")
    client: str = Field(default="", sa_column=Column(String(200), nullable=False))  # the user agent
    address: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))  # client IP
    created_at: datetime = _created()
    last_used_at: datetime = _created()
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class RefreshToken(SQLModel, table=True):
    __tablename__ = "refresh_tokens"

    id: str = _id()
    user_id: str = _fk("users.id")
    family_id: str = Field(sa_column=Column(String(36), nullable=False, index=True))
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = _created()


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"

    id: str = _id()
    owner_id: str = _fk("users.id")
    name: str = Field(sa_column=Column(String(200), nullable=False))
    prefix: str = Field(sa_column=Column(String(16), nullable=False))
    key_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    last_used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = _created()


class Agent(SQLModel, table=True):
    __tablename__ = "agents"
    __table_args__ = (Index("ix_agents_owner_order", "owner_id", "created_at", "id"),)

    id: str = _id()
    owner_id: str = _fk("users.id")
    name: str = Field(sa_column=Column(String(200), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    template: str | None = Field(default=None, sa_column=Column(String(32)))
    model: str = Field(sa_column=Column(String(200), nullable=False))
    system_prompt: str = Field(default="", sa_column=Column(Text, nullable=False))
    parameters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    retrieval: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )  # services.validation.RetrievalOptions
    # Models tried in order when `model` fails before its first token (services/chat/fallback.py).
    fallback_models: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    # [{"name": "current_time", "approval": "auto"}, ...]: services.tools.catalog names, approval auto | ask
    tools: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    # auto | none | required | tool:<name> (services.tools.choice)
    tool_choice: str = Field(default="auto", sa_column=Column(String(232), nullable=False, server_default="auto"))
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Conversation(SQLModel, table=True):
    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_agent_order", "agent_id", "created_at", "id"),
        Index("ix_conversations_owner_order", "owner_id", "created_at", "id"),
    )

    id: str = _id()
    owner_id: str = _fk("users.id")
    agent_id: str = _fk("agents.id")
    title: str = Field(sa_column=Column(String(200), nullable=False))
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Message(SQLModel, table=True):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation_order", "conversation_id", "created_at", "id"),)

    id: str = _id()
    owner_id: str = _fk("users.id")
    conversation_id: str = _fk("conversations.id")
    parent_id: str | None = _fk("messages.id", nullable=True, ondelete="SET NULL")
    role: str = Field(sa_column=Column(String(16), nullable=False))
    content: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: str = Field(default="complete", sa_column=Column(String(16), nullable=False))
    model: str | None = Field(default=None, sa_column=Column(String(200)))
    error: str | None = Field(default=None, sa_column=Column(Text))
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    # An assistant message's tool calls: [{"id", "name", "input"}]; a TOOL message names the call it answers.
    tool_calls: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    tool_call_id: str | None = Field(default=None, sa_column=Column(String(128)))
    tool_name: str | None = Field(default=None, sa_column=Column(String(200)))
    tool_error: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    # A user message's files, in order: [{"contentId", "name", "mime", "mediaType", "sizeBytes"}] (the bytes live
    # in the content's blob; name and type stay here so the message still says what it carried if one is deleted).
    attachments: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Run(SQLModel, table=True):
    """A long job (chat generation, ingestion, tests, ...). Its events live in RunEvent."""

    __tablename__ = "runs"
    __table_args__ = (
        Index("ix_runs_owner_order", "owner_id", "created_at", "id"),
        Index("ix_runs_queue", "status", "provider", "priority", "fair_round", "created_at"),
    )

    id: str = _id()
    owner_id: str = _fk("users.id")
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    status: str = Field(default="queued", sa_column=Column(String(16), nullable=False))
    priority: int = Field(default=5, sa_column=Column(Integer, nullable=False))
    # Within a priority, runs dispatch by round, then age: a user's k-th waiting run gets a round k after their
    # (k-1)-th, so users' runs interleave (services/runs/queue.py `fair_round`).
    fair_round: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    provider: str = Field(sa_column=Column(String(32), nullable=False))
    model: str | None = Field(default=None, sa_column=Column(String(200)))
    answered_by: str | None = Field(default=None, sa_column=Column(String(200)))  # the model that answered (fallback)
    agent_id: str | None = _fk("agents.id", nullable=True, ondelete="SET NULL")
    conversation_id: str | None = _fk("conversations.id", nullable=True, ondelete="CASCADE")
    message_id: str | None = _fk("messages.id", nullable=True, ondelete="SET NULL")
    input: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    error: str | None = Field(default=None, sa_column=Column(Text))
    progress: float | None = None
    queue_position: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    ttft_ms: float | None = None
    tokens_per_second: float | None = None
    last_seq: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))  # claims so far
    cancel_requested: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    # A WAITING chat run's pause (services.chat.waiting): the calls it waits for, those approved, its deadline,
    # and the loop's round and usage so far.
    waiting: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    worker_id: str | None = Field(default=None, sa_column=Column(String(64)))
    heartbeat_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = _created()
    started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    updated_at: datetime = _created()


class RunEvent(SQLModel, table=True):
    """One entry of a run's ordered event log: seq 1, 2, 3, ... per run, never reused."""

    __tablename__ = "run_events"
    __table_args__ = (UniqueConstraint("run_id", "seq", name="uq_run_events_run_seq"),)

    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    )
    run_id: str = Field(sa_column=Column(String(36), ForeignKey("runs.id", ondelete="CASCADE"), nullable=False))
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    type: str = Field(sa_column=Column(String(32), nullable=False))
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _created()


class Content(SQLModel, table=True):
    """A stored piece of content: its bytes live content-addressed on disk (sha256), its text in chunks."""

    __tablename__ = "contents"
    __table_args__ = (
        Index("ix_contents_owner_order", "owner_id", "created_at", "id"),
        UniqueConstraint("owner_id", "sha256", name="uq_contents_owner_sha256"),
    )

    id: str = _id()
    owner_id: str = _fk("users.id")
    agent_id: str | None = _fk("agents.id", nullable=True, ondelete="SET NULL")
    title: str = Field(sa_column=Column(String(200), nullable=False))
    media_type: str = Field(sa_column=Column(String(16), nullable=False))
    mime: str = Field(sa_column=Column(String(127), nullable=False))
    filename: str | None = Field(default=None, sa_column=Column(String(255)))
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    status: str = Field(default="pending", sa_column=Column(String(16), nullable=False))
    error: str | None = Field(default=None, sa_column=Column(Text))
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column("metadata", JSON, nullable=False))
    text_chars: int | None = None
    chunk_count: int | None = None
    embedding_model: str | None = Field(default=None, sa_column=Column(String(200)))
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Chunk(SQLModel, table=True):
    """A token-sized slice of a content's extracted text; its vectors live in Qdrant under the same id."""

    __tablename__ = "chunks"
    __table_args__ = (Index("ix_chunks_content_index", "content_id", "idx"),)

    id: str = _id()
    content_id: str = Field(sa_column=Column(String(36), ForeignKey("contents.id", ondelete="CASCADE"), nullable=False))
    owner_id: str = _fk("users.id")
    idx: int = Field(sa_column=Column(Integer, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    start: int = Field(sa_column=Column(Integer, nullable=False))
    end: int = Field(sa_column=Column(Integer, nullable=False))
    tokens: int = Field(sa_column=Column(Integer, nullable=False))


class EmbeddingCache(SQLModel, table=True):
    """Vectors already computed, by (embedding model, sha256 of the text): re-ingestion costs nothing."""

    __tablename__ = "embedding_cache"

    model: str = Field(sa_column=Column(String(200), primary_key=True))
    text_sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    vector: list[float] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = _created()


class KnowledgeState(SQLModel, table=True):
    """Facts about the deployment's knowledge index, one row per key. 'embedding_model': the embedder its vectors
    are built with, written with the first vectors and moved by a complete reindex; search and ingestion use it
    unless `models.embedding` is set."""

    __tablename__ = "knowledge_state"

    key: str = Field(sa_column=Column(String(64), primary_key=True))
    value: str = Field(sa_column=Column(String(200), nullable=False))
    updated_at: datetime = _created()


class Memory(SQLModel, table=True):
    """Something an agent remembers: a PROFILE detail, a FACT, or a CONVERSATION summary. Vectors in Qdrant
    under the same id (kind "memory"). Duplicates merge: `mentions` counts them, `sources` lists every
    message that said it, oldest first (`source_message_id` is the first)."""

    __tablename__ = "memories"
    __table_args__ = (
        Index("ix_memories_agent_order", "agent_id", "created_at", "id"),
        Index("ix_memories_owner_order", "owner_id", "created_at", "id"),
    )

    id: str = _id()
    owner_id: str = _fk("users.id")
    agent_id: str = _fk("agents.id")
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    source_message_id: str | None = _fk("messages.id", nullable=True, ondelete="SET NULL")
    sources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    mentions: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    expires_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), index=True))
    embedding_model: str | None = Field(default=None, sa_column=Column(String(200)))
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Citation(SQLModel, table=True):
    """What a reply was given to read: a content chunk or a memory, with its retrieval score. The text is kept
    as it was, so a citation still says what the model saw after the source changes or goes."""

    __tablename__ = "citations"
    __table_args__ = (Index("ix_citations_message_rank", "message_id", "rank"),)

    id: str = _id()
    message_id: str = Field(sa_column=Column(String(36), ForeignKey("messages.id", ondelete="CASCADE"), nullable=False))
    owner_id: str = _fk("users.id")
    rank: int = Field(sa_column=Column(Integer, nullable=False))
    score: float = Field(sa_column=Column(Float, nullable=False))
    content_id: str | None = _fk("contents.id", nullable=True, ondelete="SET NULL")
    chunk_id: str | None = _fk("chunks.id", nullable=True, ondelete="SET NULL")
    chunk_index: int | None = None
    memory_id: str | None = _fk("memories.id", nullable=True, ondelete="SET NULL")
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _created()


class TestSuite(SQLModel, table=True):
    """A named set of test cases (prompt or messages, optional agent, assertions), run by TEST runs."""

    __test__ = False  # not a pytest test class
    __tablename__ = "test_suites"
    __table_args__ = (Index("ix_test_suites_owner_order", "owner_id", "created_at", "id"),)

    id: str = _id()
    owner_id: str = _fk("users.id")
    name: str = Field(sa_column=Column(String(200), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    cases: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _created()
    updated_at: datetime = _created()


class GenerationTemplate(SQLModel, table=True):
    """A saved Jinja2 prompt template for GENERATION runs, with its declared variables and a default model."""

    __tablename__ = "generation_templates"
    __table_args__ = (Index("ix_generation_templates_owner_order", "owner_id", "created_at", "id"),)

    id: str = _id()
    owner_id: str = _fk("users.id")
    name: str = Field(sa_column=Column(String(200), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    # [{"name", "description", "required", "default"?}] in declaration order; "default" absent when there is none
    variables: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    model: str | None = Field(default=None, sa_column=Column(String(200)))
    created_at: datetime = _created()
    updated_at: datetime = _created()


class RunItem(SQLModel, table=True):
    """One unit of a batch run's work, in order: a test case against a target, a benchmark iteration, a
    generated item. Written as each finishes, so a run's results survive a cancel or a crash."""

    __tablename__ = "run_items"
    __table_args__ = (UniqueConstraint("run_id", "idx", name="uq_run_items_run_idx"),)

    id: str = _id()
    run_id: str = Field(sa_column=Column(String(36), ForeignKey("runs.id", ondelete="CASCADE"), nullable=False))
    owner_id: str = _fk("users.id")
    idx: int = Field(sa_column=Column(Integer, nullable=False))
    target: str | None = Field(default=None, sa_column=Column(String(200)))  # 'provider:model' or 'agent:<id>'
    key: str | None = Field(default=None, sa_column=Column(String(200)))  # case name, item index, prompt id
    status: str = Field(sa_column=Column(String(16), nullable=False))  # passed | failed | error | ok | cancelled
    input: Any = Field(default=None, sa_column=Column(JSON))
    output: str | None = Field(default=None, sa_column=Column(Text))
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    error: str | None = Field(default=None, sa_column=Column(Text))
    latency_ms: float | None = None
    ttft_ms: float | None = None
    tokens_per_second: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    created_at: datetime = _created()


class PersistedQuery(SQLModel, table=True):
    """A GraphQL document registered through Apollo's automatic persisted queries, keyed by the sha256 of its
    text. Shared by every replica; the least recently used are evicted past the configured bounds."""

    __tablename__ = "persisted_queries"

    sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    document: str = Field(sa_column=Column(Text, nullable=False))
    size_bytes: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = _created()
    last_used_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))


class TokenUsage(SQLModel, table=True):
    """Tokens a user's finished runs spent on a provider in one UTC day: what daily quotas are checked against
    and `me { usage }` shows. Added to when a run finishes, from its recorded usage."""

    __tablename__ = "token_usage"

    user_id: str = Field(sa_column=Column(String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True))
    provider: str = Field(sa_column=Column(String(32), primary_key=True))
    day: str = Field(sa_column=Column(String(10), primary_key=True))  # 'YYYY-MM-DD' (UTC): plain text in backups
    prompt_tokens: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))
    completion_tokens: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))
    runs: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))


class McpServer(SQLModel, table=True):
    """An MCP tool server an admin registered: stdio (a command, its args and env) or streamable HTTP (a URL and
    headers). Its tools are offered as `<name>__<tool>`. `env` and `headers` may hold secrets: queries return
    their keys only."""

    __tablename__ = "mcp_servers"

    id: str = _id()
    name: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    transport: str = Field(sa_column=Column(String(16), nullable=False))  # stdio | http
    command: str | None = Field(default=None, sa_column=Column(Text))
    args: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    env: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    url: str | None = Field(default=None, sa_column=Column(Text))
    headers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    created_at: datetime = _created()
