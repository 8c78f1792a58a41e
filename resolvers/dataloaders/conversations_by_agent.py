"""A page of conversations per agent."""

from resolvers.dataloaders.base import PageByParentLoader
from services import conversations


class ConversationsByAgentLoader(PageByParentLoader):
    fetch = staticmethod(conversations.pages_by_agent)
