"""A page of messages per conversation."""

from resolvers.dataloaders.base import PageByParentLoader
from services import conversations


class MessagesByConversationLoader(PageByParentLoader):
    fetch = staticmethod(conversations.message_pages_by_conversation)
