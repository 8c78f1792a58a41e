"""Table models. They never leave services/: the schema layer converts them to GraphQL types."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Text
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
    created_at: datetime = _created()
    updated_at: datetime = _created()
