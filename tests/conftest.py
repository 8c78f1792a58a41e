"""Shared fixtures: an app per test on SQLite and on Postgres, and a small GraphQL client."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from starlette.applications import Starlette

from app import create_app
from services.settings import Settings, load_settings
from tests.fakes import anthropic as fake_anthropic
from tests.fakes import ollama as fake_ollama
from tests.fakes.script import Script
from tests.fakes.server import serve

PG_HOST = os.environ.get("SWITCHBOARD_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SWITCHBOARD_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("SWITCHBOARD_TEST_PG_USER", "postgres")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own SWITCHBOARD_* variables must not leak into tests."""
    for name in list(os.environ):
        if name.upper().startswith("SWITCHBOARD_") and not name.upper().startswith("SWITCHBOARD_TEST_"):
            monkeypatch.delenv(name)


async def _pg(sql: str, database: str = "postgres") -> None:
    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=database)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway Postgres database for this test session (the service must be running)."""
    name = f"switchboard_test_{uuid.uuid4().hex[:10]}"
    try:
        asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
    except OSError as exc:
        pytest.fail(f"Postgres is not reachable on {PG_HOST}:{PG_PORT} ({exc}); start it (see .ci/run)")
    yield f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test gets an empty database, so every app start migrates from nothing."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'switchboard.db'}"
        return
    url = request.getfixturevalue("pg_database")
    database = url.rsplit("/", 1)[1]
    asyncio.run(_pg("DROP SCHEMA public CASCADE; CREATE SCHEMA public;", database))
    yield url


@pytest.fixture
def make_settings(tmp_path: Path, database_url: str) -> Any:
    def build(**overrides: Any) -> Settings:
        overrides.setdefault("data_dir", tmp_path / "data")
        overrides.setdefault("database_url", database_url)
        return load_settings(**overrides)

    return build


@dataclass
class GQL:
    """Posts GraphQL to an app; `token` picks the user."""

    client: httpx.AsyncClient
    token: str | None = None

    async def raw(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
        if self.token:
            headers.setdefault("authorization", f"Bearer {self.token}")
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a query that must succeed without errors."""
        body = await self.raw(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    def as_user(self, token: str | None) -> GQL:
        return GQL(self.client, token)


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[tuple[Starlette, GQL]]:
    """An app with its lifespan entered and a client on a loopback address."""
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            yield application, GQL(client)


@pytest.fixture
async def served(make_settings: Any) -> AsyncIterator[tuple[Starlette, GQL]]:
    async with running(make_settings()) as pair:
        yield pair


@pytest.fixture
def app(served: tuple[Starlette, GQL]) -> Starlette:
    return served[0]


@pytest.fixture
def gql(served: tuple[Starlette, GQL]) -> GQL:
    return served[1]


MULTI_SECRET = "test-secret-" + "x" * 32


@pytest.fixture
async def multi_served(make_settings: Any) -> AsyncIterator[tuple[Starlette, GQL]]:
    async with running(make_settings(auth_mode="multi", secret_key=MULTI_SECRET)) as pair:
        yield pair


@pytest.fixture
def multi_app(multi_served: tuple[Starlette, GQL]) -> Starlette:
    return multi_served[0]


@pytest.fixture
def multi(multi_served: tuple[Starlette, GQL]) -> GQL:
    return multi_served[1]


REGISTER = """
mutation($u: String!, $p: String!) {
  register(username: $u, password: $p) {
    __typename
    ... on AuthPayload { accessToken refreshToken expiresIn user { id username role } }
    ... on Error { message code }
  }
}"""


async def register(gql: GQL, username: str, password: str = "correct horse battery") -> GQL:
    """A client acting as a newly registered user."""
    data = await gql(REGISTER, {"u": username, "p": password})
    assert data["register"]["__typename"] == "AuthPayload", data
    return gql.as_user(data["register"]["accessToken"])


CREATE_AGENT = """
mutation($input: CreateAgentInput!) {
  createAgent(input: $input) {
    __typename
    ... on Agent { id name description template model systemPrompt parameters { temperature topP maxTokens } }
    ... on ValidationError { message code field }
  }
}"""


async def create_agent(gql: GQL, **fields: Any) -> dict[str, Any]:
    fields.setdefault("name", "Agent")
    data = await gql(CREATE_AGENT, {"input": fields})
    assert data["createAgent"]["__typename"] == "Agent", data
    return data["createAgent"]


async def start_conversation(gql: GQL, agent_id: str, title: str | None = None) -> dict[str, Any]:
    data = await gql(
        """mutation($a: ID!, $t: String) { startConversation(input: {agentId: $a, title: $t}) {
             __typename ... on Conversation { id title } ... on Error { message } } }""",
        {"a": agent_id, "t": title},
    )
    assert data["startConversation"]["__typename"] == "Conversation", data
    return data["startConversation"]


async def append_message(
    gql: GQL, conversation_id: str, content: str, role: str = "USER", **extra: Any
) -> dict[str, Any]:
    data = await gql(
        """mutation($input: AppendMessageInput!) { appendMessage(input: $input) {
             __typename ... on Message { id content role createdAt } ... on Error { message code } } }""",
        {"input": {"conversationId": conversation_id, "role": role, "content": content, **extra}},
    )
    assert data["appendMessage"]["__typename"] == "Message", data
    return data["appendMessage"]


# --------------------------------------------------------------------------- chat and runs
# The app under a real uvicorn with its Ollama provider pointed at the wire-faithful fake.


@pytest.fixture
def script() -> Script:
    return Script(tokens=["The", " answer", " is", " 42", "."], models=["test-model"], tokens_per_second=200)


@pytest.fixture
def ollama_host(script: Script) -> Iterator[str]:
    with fake_ollama.running(script) as host:
        yield host


REDIS_URL = os.environ.get("SWITCHBOARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def chat_settings(make_settings: Any, ollama_host: str, **overrides: Any) -> Any:
    return make_settings(
        providers={
            "ollama_host": ollama_host,
            "concurrency": {"ollama": 1},
            "retry_base_delay_seconds": 0.01,
            "retry_max_delay_seconds": 0.2,
        },
        run_heartbeat_seconds=0.5,
        **overrides,
    )


@pytest.fixture
def live(request: pytest.FixtureRequest, make_settings: Any, ollama_host: str) -> Iterator[str]:
    """The app under a real uvicorn (lifespan on), its Ollama provider pointed at the fake.
    Parametrize indirectly with a pub/sub URL to run on Redis."""
    pubsub_url = getattr(request, "param", "memory://")
    with serve(create_app(chat_settings(make_settings, ollama_host, pubsub_url=pubsub_url)), lifespan="on") as base:
        yield base


@pytest.fixture
async def client(live: str) -> AsyncIterator[GQL]:
    async with httpx.AsyncClient(base_url=live, timeout=30) as http:
        yield GQL(http)


@pytest.fixture
def anthropic_script() -> Script:
    return Script(tokens=["Bonjour", " !"], models=["claude-test"], api_key="sk-ant-test")


@pytest.fixture
def anthropic_live(make_settings: Any, anthropic_script: Script) -> Iterator[str]:
    """The app under a real uvicorn with its Anthropic provider pointed at the fake (`anthropic_script`)."""
    with fake_anthropic.running(anthropic_script) as base:
        settings = make_settings(providers={"anthropic_base_url": base, "anthropic_api_key": "sk-ant-test"})
        with serve(create_app(settings), lifespan="on") as live:
            yield live
