"""Content rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services.knowledge import citations


class ContentByIdLoader(ByIdLoader):
    kind = "Content"
    fetch = staticmethod(citations.get_contents)
