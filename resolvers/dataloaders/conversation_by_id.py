"""Conversation rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services import conversations


class ConversationByIdLoader(ByIdLoader):
    kind = "Conversation"
    fetch = staticmethod(conversations.get_many)
