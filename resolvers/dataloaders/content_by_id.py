"""Content rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services.db.models import Content
from services.knowledge import citations


class ContentByIdLoader(ByIdLoader[Content]):
    kind = "Content"
    fetch = staticmethod(citations.get_contents)
