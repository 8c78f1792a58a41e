"""Conversation rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services import conversations
from services.db.models import Conversation


class ConversationByIdLoader(ByIdLoader[Conversation]):
    kind = "Conversation"
    fetch = staticmethod(conversations.get_many)
