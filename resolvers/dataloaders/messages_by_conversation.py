"""A page of messages per conversation."""

from resolvers.dataloaders.base import PageByParentLoader
from services import conversations
from services.db.models import Message


class MessagesByConversationLoader(PageByParentLoader[Message]):
    fetch = staticmethod(conversations.message_pages_by_conversation)
