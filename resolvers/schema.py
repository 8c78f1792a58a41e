"""The schema: per-domain roots composed into Query and Mutation (DESIGN.md convention 4)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import strawberry
from strawberry.extensions import ParserCache, QueryDepthLimiter, SchemaExtension, ValidationCache

from resolvers.agents import AgentMutations, AgentQueries
from resolvers.auth import AuthMutations, AuthQueries
from resolvers.chat import ChatMutations, ChatSubscriptions
from resolvers.config import ConfigMutations, ConfigQueries
from resolvers.content import ContentMutations, ContentQueries, ContentSubscriptions
from resolvers.conversations import ConversationMutations, ConversationQueries
from resolvers.errors import ErrorPolicy, tag_request_errors
from resolvers.evals import EvalMutations, EvalQueries
from resolvers.memory import MemoryMutations, MemoryQueries
from resolvers.models import ModelMutations, ModelQueries
from resolvers.node import NodeQueries
from resolvers.runs import RunMutations, RunQueries, RunResumeMutations, RunSubscriptions
from resolvers.search import SearchQueries
from resolvers.test_suites import TestSuiteMutations, TestSuiteQueries
from schema.agent import Agent
from schema.auth import ApiKey, User
from schema.content import Content
from schema.conversation import Conversation, Message
from schema.memory import Memory
from schema.run import RUN_EVENT_TYPES, Run
from schema.test_suite import TestSuite

DEFAULT_MAX_DEPTH = 12
DOCUMENT_CACHE_SIZE = 512


@strawberry.type(description="Everything you can read.")
class Query(
    NodeQueries,
    AgentQueries,
    ConversationQueries,
    ModelQueries,
    RunQueries,
    ContentQueries,
    SearchQueries,
    MemoryQueries,
    TestSuiteQueries,
    EvalQueries,
    AuthQueries,
    ConfigQueries,
):
    @strawberry.field(description="Always true; a cheap liveness probe through GraphQL.")
    def ok(self) -> bool:
        return True


@strawberry.type(description="Everything you can change.")
class Mutation(
    AgentMutations,
    ConversationMutations,
    ChatMutations,
    RunMutations,
    ContentMutations,
    MemoryMutations,
    TestSuiteMutations,
    EvalMutations,
    RunResumeMutations,
    AuthMutations,
    ConfigMutations,
    ModelMutations,
):
    pass


@strawberry.type(description="Live streams over graphql-transport-ws.")
class Subscription(RunSubscriptions, ChatSubscriptions, ContentSubscriptions):
    pass


@functools.cache
def _depth_rules(max_depth: int) -> tuple[Any, ...]:
    """One rule class per depth: ValidationCache keys on the rules, so they must be reused."""
    return tuple(QueryDepthLimiter(max_depth=max_depth).validation_rules)


class FreshLoaders(SchemaExtension):
    """Over a WebSocket the context lives as long as the socket; loader caches must not."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        if hasattr(context, "_loaders"):
            context._loaders = None
        yield


class DepthLimit(SchemaExtension):
    """Rejects queries deeper than `limits.maxQueryDepth`, read per operation so updates apply at once."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        settings = getattr(context, "settings", None)
        depth = settings.limits.max_query_depth if settings else DEFAULT_MAX_DEPTH
        self.execution_context.validation_rules = self.execution_context.validation_rules + _depth_rules(depth)
        yield


class SwitchboardSchema(strawberry.Schema):
    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Instead of logging every error: tag request errors with a code. ErrorPolicy logs the
        unexpected ones, with their request id."""
        tag_request_errors(errors)


def build_schema() -> strawberry.Schema:
    return SwitchboardSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Agent, Conversation, Message, User, ApiKey, Run, Content, Memory, TestSuite, *RUN_EVENT_TYPES],
        extensions=[
            # Factories, not instances: each operation gets its own extension state.
            ErrorPolicy,
            FreshLoaders,
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
            DepthLimit,
        ],
    )
