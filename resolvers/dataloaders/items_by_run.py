"""A page of run items per run."""

from resolvers.dataloaders.base import PageByParentLoader
from services.runs import items


class ItemsByRunLoader(PageByParentLoader):
    fetch = staticmethod(items.pages_by_run)
