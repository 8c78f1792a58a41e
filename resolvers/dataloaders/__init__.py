"""Per-request dataloaders (one file each). Built fresh for every HTTP request or subscription event."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from resolvers.dataloaders.agent_by_id import AgentByIdLoader
from resolvers.dataloaders.citations_by_message import CitationsByMessageLoader
from resolvers.dataloaders.content_by_id import ContentByIdLoader
from resolvers.dataloaders.conversation_by_id import ConversationByIdLoader
from resolvers.dataloaders.conversations_by_agent import ConversationsByAgentLoader
from resolvers.dataloaders.items_by_run import ItemsByRunLoader
from resolvers.dataloaders.memory_by_id import MemoryByIdLoader
from resolvers.dataloaders.message_by_id import MessageByIdLoader
from resolvers.dataloaders.messages_by_conversation import MessagesByConversationLoader
from services.auth import Actor


@dataclass
class Loaders:
    agent_by_id: AgentByIdLoader
    conversation_by_id: ConversationByIdLoader
    message_by_id: MessageByIdLoader
    conversations_by_agent: ConversationsByAgentLoader
    messages_by_conversation: MessagesByConversationLoader
    content_by_id: ContentByIdLoader
    memory_by_id: MemoryByIdLoader
    citations_by_message: CitationsByMessageLoader
    items_by_run: ItemsByRunLoader

    @classmethod
    def build(cls, db: async_sessionmaker[AsyncSession], actor: Actor) -> Loaders:
        return cls(
            agent_by_id=AgentByIdLoader(db, actor),
            conversation_by_id=ConversationByIdLoader(db, actor),
            message_by_id=MessageByIdLoader(db, actor),
            conversations_by_agent=ConversationsByAgentLoader(db, actor),
            messages_by_conversation=MessagesByConversationLoader(db, actor),
            content_by_id=ContentByIdLoader(db, actor),
            memory_by_id=MemoryByIdLoader(db, actor),
            citations_by_message=CitationsByMessageLoader(db, actor),
            items_by_run=ItemsByRunLoader(db, actor),
        )
