"""Memory rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services.db.models import Memory
from services.knowledge import citations


class MemoryByIdLoader(ByIdLoader[Memory]):
    kind = "Memory"
    fetch = staticmethod(citations.get_memories)
