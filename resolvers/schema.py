"""The schema: per-domain roots composed into Query and Mutation (DESIGN.md convention 4)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.file_uploads import Upload

from resolvers.agents import AgentMutations, AgentQueries
from resolvers.auth import AuthMutations, AuthQueries
from resolvers.chat import ChatMutations, ChatSubscriptions
from resolvers.config import ConfigMutations, ConfigQueries
from resolvers.content import ContentMutations, ContentQueries, ContentSubscriptions
from resolvers.context import fresh_loaders
from resolvers.conversations import ConversationMutations, ConversationQueries
from resolvers.document_guard import DocumentGuard
from resolvers.errors import ErrorPolicy, tag_request_errors
from resolvers.evals import EvalMutations, EvalQueries
from resolvers.fanout import SharedEventExecutor
from resolvers.generation_templates import GenerationTemplateMutations, GenerationTemplateQueries
from resolvers.maintenance import MaintenanceMutations
from resolvers.mcp import McpMutations, McpQueries
from resolvers.memory import MemoryMutations, MemoryQueries
from resolvers.models import ModelMutations, ModelQueries
from resolvers.monitoring import MonitoringQueries, MonitoringSubscriptions
from resolvers.node import NodeQueries
from resolvers.operation_limits import OperationLimits
from resolvers.permissions import Public
from resolvers.persisted_documents import PersistedDocuments
from resolvers.runs import RunMutations, RunQueries, RunResumeMutations, RunSubscriptions
from resolvers.search import SearchQueries
from resolvers.test_suites import TestSuiteMutations, TestSuiteQueries
from resolvers.tools import ToolMutations
from resolvers.tracing import OperationTracing, SubscriptionCount
from schema.agent import Agent
from schema.auth import ApiKey, User
from schema.content import Content
from schema.conversation import Conversation, Message
from schema.generation_template import GenerationTemplate
from schema.memory import Memory
from schema.run import RUN_EVENT_TYPES, Run
from schema.scalars import DateTimeScalar, UploadScalar
from schema.test_suite import TestSuite


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
    GenerationTemplateQueries,
    EvalQueries,
    AuthQueries,
    ConfigQueries,
    MonitoringQueries,
    McpQueries,
):
    @strawberry.field(description="Always true; a cheap liveness probe through GraphQL.", permission_classes=[Public])
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
    GenerationTemplateMutations,
    EvalMutations,
    RunResumeMutations,
    AuthMutations,
    ConfigMutations,
    ModelMutations,
    MaintenanceMutations,
    ToolMutations,
    McpMutations,
):
    pass


@strawberry.type(
    description="Live streams: over graphql-transport-ws, GraphQL over SSE or multipart HTTP (Apollo's protocol)."
)
class Subscription(RunSubscriptions, ChatSubscriptions, ContentSubscriptions, MonitoringSubscriptions):
    pass


class FreshLoaders(SchemaExtension):
    """Loader caches live for one operation, and for one event of a subscription: an event must not see
    rows another event cached minutes earlier."""

    def on_operation(self) -> Iterator[None]:
        fresh_loaders()
        yield

    def on_stream_result(self, result: Any) -> Iterator[None]:
        fresh_loaders()
        yield


class SwitchboardSchema(strawberry.Schema):
    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Instead of logging every error: tag request errors with a code. ErrorPolicy logs the
        unexpected ones, with their request id."""
        tag_request_errors(errors)


def build_schema(*, traced: bool = False) -> strawberry.Schema:
    """`traced` adds one OpenTelemetry span per operation (only when tracing is on: no cost otherwise)."""
    return SwitchboardSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            Agent,
            Conversation,
            Message,
            User,
            ApiKey,
            Run,
            Content,
            Memory,
            TestSuite,
            GenerationTemplate,
            *RUN_EVENT_TYPES,
        ],
        extensions=[
            # Factories, not instances: each operation gets its own extension state.
            ErrorPolicy,
            FreshLoaders,
            PersistedDocuments,  # before the guard: it may supply the document the guard checks
            DocumentGuard,
            OperationLimits,  # after the guard: only documents that would run are counted
            SubscriptionCount,
            *([OperationTracing] if traced else []),
        ],
        scalar_overrides={Upload: UploadScalar, datetime: DateTimeScalar},
        execution_context_class=SharedEventExecutor,  # one execution of an event for all its subscribers
    )
