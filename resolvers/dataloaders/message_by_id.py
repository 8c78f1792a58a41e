"""Message rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services import conversations


class MessageByIdLoader(ByIdLoader):
    kind = "Message"
    fetch = staticmethod(conversations.get_messages)
