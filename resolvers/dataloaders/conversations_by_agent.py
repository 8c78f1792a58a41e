"""A page of conversations per agent."""

from resolvers.dataloaders.base import PageByParentLoader
from services import conversations
from services.db.models import Conversation


class ConversationsByAgentLoader(PageByParentLoader[Conversation]):
    fetch = staticmethod(conversations.pages_by_agent)
