"""Agent rows by id."""

from resolvers.dataloaders.base import ByIdLoader
from services import agents
from services.db.models import Agent


class AgentByIdLoader(ByIdLoader[Agent]):
    kind = "Agent"
    fetch = staticmethod(agents.get_many)
