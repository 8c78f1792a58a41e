"""Memory rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services.knowledge import citations


class MemoryByIdLoader(ByIdLoader):
    kind = "Memory"
    fetch = staticmethod(citations.get_memories)
