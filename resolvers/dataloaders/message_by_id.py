"""Message rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services import conversations
from services.db.models import Message


class MessageByIdLoader(ByIdLoader[Message]):
    kind = "Message"
    fetch = staticmethod(conversations.get_messages)
