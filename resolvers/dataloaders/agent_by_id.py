"""Agent rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services import agents


class AgentByIdLoader(ByIdLoader):
    kind = "Agent"
    fetch = staticmethod(agents.get_many)
