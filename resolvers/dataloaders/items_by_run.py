"""A page of run items per run."""

from resolvers.dataloaders.base import PageByParentLoader
from services.db.models import RunItem
from services.runs import items


class ItemsByRunLoader(PageByParentLoader[RunItem]):
    fetch = staticmethod(items.pages_by_run)
