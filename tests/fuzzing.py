"""GraphQL operations generated from the live schema (hypothesis-graphql), shared by the CI fuzz test
(tests/app/test_fuzz.py) and bench/fuzz.py.

Queries and mutations only: subscriptions never run over a plain POST (the HTTP transports refuse them as
queries), so they are left to the WebSocket and stream tests. Custom scalars get strategies of their own, and so
does ID: a mix of the IDs of objects that exist (so mutations reach past "not found"), well-formed global IDs of
objects that do not, and garbage. Strings sometimes are such IDs, cursors or model names too.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

from resolvers.schema import build_schema
from schema.ids import to_global_id

INTERNAL = "INTERNAL_SERVER_ERROR"

# Node types a global ID can name (a wrong one must be a coded input error, not a crash).
ID_TYPES = ("Agent", "Conversation", "Message", "Content", "Memory", "Run", "TestSuite", "ApiKey", "User", "Chunk")


# Settings that fuzzed `updateConfig` calls must not reach, set as environment variables so the server refuses to
# change them at runtime (services/config.py): provider addresses stay on loopback, the chat model stays the fake
# (a generated agent or run never starts the embedded llama.cpp model), the embedder stays the default.
def pinned_environment(ollama_host: str, anthropic_base_url: str) -> dict[str, str]:
    return {
        "SWITCHBOARD_PROVIDERS__OLLAMA_HOST": ollama_host,
        "SWITCHBOARD_PROVIDERS__ANTHROPIC_BASE_URL": anthropic_base_url,
        "SWITCHBOARD_PROVIDERS__ANTHROPIC_API_KEY": "fuzz-key",
        "SWITCHBOARD_MODELS__CHAT": "ollama:test-model",
        "SWITCHBOARD_MODELS__EMBEDDING": "local:all-minilm-l6-v2",
    }


def sdl() -> str:
    """The app's exported schema (what `make schema` writes)."""
    return build_schema().as_str()


_NAME = st.from_regex(r"[_A-Za-z][_0-9A-Za-z]{0,7}", fullmatch=True)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_NAME, inner, max_size=4),
    max_leaves=12,
)


def value_node(value: Any) -> graphql.ValueNode:
    """A GraphQL literal for a JSON value."""
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return graphql.FloatValueNode(value=repr(value)) if repr(value).count("inf") == 0 else nodes.Int(0)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([value_node(v) for v in value])
    return nodes.Object(
        [graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=value_node(v)) for k, v in value.items()]
    )


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# Moments anywhere in datetime's range, with any offset: near year 1 or 9999 some have no UTC equivalent.
_moments = st.builds(
    lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat(),
    st.datetimes(),
    st.integers(-23 * 60, 23 * 60),
) | st.datetimes().map(datetime.isoformat)
# Cursors are base64 JSON [created_at, id]; what they decode to is input too.
_cursors = st.builds(
    lambda moment, ident: _cursor(json.dumps([moment, ident])),
    _moments | st.text(max_size=10) | st.integers(),
    # Lone surrogates and control characters survive in JSON's \u escapes.
    st.uuids().map(str)
    | st.text(max_size=10)
    | st.text(st.characters(categories=["Cs", "Cc"]), max_size=4)
    | st.none(),
)


@dataclass
class Known:
    """Values worth generating: IDs of objects that exist, and sample documents."""

    ids: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)
    documents: list[Any] = field(default_factory=list)


def _ids(known: Known) -> st.SearchStrategy[str]:
    made_up = st.builds(
        to_global_id,
        st.sampled_from(ID_TYPES) | st.text(max_size=8),
        st.uuids().map(str) | st.text(max_size=12),
    )
    garbage = st.text(max_size=30) | st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode())
    options = [made_up, garbage]
    if known.ids:
        options.insert(0, st.sampled_from(known.ids))
    return st.one_of(options)


def _strings(known: Known) -> st.SearchStrategy[str]:
    special = [
        "",
        " ",
        "ollama:test-model",
        "ollama:",
        "anthropic:claude",
        ":",
        "\u200b",
        "a" * 300,
        _cursor('["2020-01-01T00:00:00", "x"]'),
        _cursor("[]"),
        _cursor("{"),
        "json",
        "yaml",
        '{"format": "switchboard.test-suite", "version": 1, "suite": {"name": "s", "cases": []}}',
        "format: switchboard.test-suite\nversion: 1\nsuite: {name: s, cases: []}",
        # Documents the server decodes itself: what they decode to must follow the input rules too.
        "[" * 5000 + "]" * 5000,
        "- " * 3000 + "x",
        '{"format": "switchboard.test-suite", "version": 1, "suite": {"name": "a\\u0000\\ud800", "cases": []}}',
        'format: switchboard.test-suite\nversion: 1\nsuite: {name: "\\x00", cases: [{prompt: !!binary "AAAA"}]}',
        '{"format": "switchboard.agent", "version": 1, "agent": {"name": "\\ud800", "model": "ollama:x", '
        '"createdAt": "9999-12-31T23:59:59-05:00"}, "conversations": []}',
        *known.strings,
        *known.ids,
    ]
    return st.text(max_size=40) | st.sampled_from(special) | _cursors


def custom_scalars(known: Known) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    json_values = _JSON | (st.sampled_from(known.documents) if known.documents else st.nothing())
    return {
        "ID": _ids(known).map(nodes.String),
        "String": _strings(known).map(nodes.String),
        "DateTime": (_moments | st.text(max_size=30)).map(nodes.String),
        "JSON": json_values.map(value_node) | json_values.map(lambda v: nodes.String(json.dumps(v))),
        # Over a JSON POST an Upload can only be some other literal: the server must say so with a code.
        "Upload": (st.text(max_size=10).map(nodes.String) | st.integers().map(nodes.Int)),
    }


SESSION_ENDING = frozenset({"mutation.logout", "mutation.revokeSession"})


class Operations:
    """Strategies for operations on each root field of a schema, built once."""

    def __init__(self, known: Known, schema: str | None = None) -> None:
        self.schema = graphql.build_schema(schema or sdl())
        self.scalars = custom_scalars(known)
        query, mutation = self.schema.query_type, self.schema.mutation_type
        assert query is not None and mutation is not None
        fields = [*query.fields, *(f"mutation.{name}" for name in mutation.fields)]
        # Fields that can end the fuzzing user's own session go last, so every other field runs signed in.
        self.fields = sorted(fields, key=lambda name: name in SESSION_ENDING)
        self._strategies: dict[str, st.SearchStrategy[str]] = {}

    def valid(self, field: str) -> st.SearchStrategy[str]:
        """Valid operations on one root field (`name` or `mutation.name`)."""
        return self._make(field, Mode.POSITIVE)

    def broken(self, field: str) -> st.SearchStrategy[str] | None:
        """Operations on one root field breaking one rule of the schema (a wrong argument type, a missing required
        argument, an unknown enum value), which the server must refuse with a coded error; None for a field without
        arguments (nothing to break)."""
        return self._make(field, Mode.NEGATIVE) if self._definition(field).args else None

    def on(self, field: str) -> st.SearchStrategy[str]:
        """Four in five valid, one in five broken."""
        if field not in self._strategies:
            valid, broken = self.valid(field), self.broken(field)
            self._strategies[field] = (
                valid
                if broken is None
                else st.integers(0, 4).flatmap(lambda share, v=valid, b=broken: b if share == 4 else v)
            )
        return self._strategies[field]

    def _definition(self, field: str) -> graphql.GraphQLField:
        root = self.schema.mutation_type if field.startswith("mutation.") else self.schema.query_type
        assert root is not None
        return root.fields[field.removeprefix("mutation.")]

    def _make(self, field: str, mode: Mode) -> st.SearchStrategy[str]:
        make = mutations if field.startswith("mutation.") else queries
        return make(self.schema, fields=[field.removeprefix("mutation.")], custom_scalars=self.scalars, mode=mode)

    def any(self) -> st.SearchStrategy[str]:
        """Operations over the whole schema, each on one root field (which keeps documents small and generation
        quick, and gives every root field the same share)."""
        for root_field in self.fields:
            self.on(root_field)
        return st.sampled_from(self.fields).flatmap(self.on)


def internal_errors(body: Any) -> list[dict[str, Any]]:
    """The errors of a response body that are masked exceptions (or not GraphQL errors at all)."""
    if not isinstance(body, dict):
        return [{"message": f"not a GraphQL response: {body!r}"[:300]}]
    found = []
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if code is None or code == INTERNAL:
            found.append(error)
    return found


@dataclass
class Tally:
    """What a fuzz run saw: HTTP statuses, error codes, and the first failing documents."""

    tried: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    root_fields: Counter[str] = field(default_factory=Counter)
    internal: int = 0
    failures: list[tuple[str, int, str]] = field(default_factory=list)

    def record(self, document: str, status: int, body: Any, keep: int = 5) -> bool:
        """Counts one response; True when it is a failure (5xx or an internal error)."""
        self.tried += 1
        self.statuses[status] += 1
        for name in _root_fields(document):
            self.root_fields[name] += 1
        errors = body.get("errors") if isinstance(body, dict) else None
        for error in errors or []:
            self.codes[str((error.get("extensions") or {}).get("code"))] += 1
        bad = internal_errors(body)
        self.internal += len(bad)
        failed = status >= 500 or bool(bad)
        if failed and len(self.failures) < keep:
            self.failures.append((document, status, json.dumps(body)[:2000]))
        return failed

    def lines(self) -> Iterable[str]:
        yield f"operations tried   {self.tried}"
        yield "HTTP statuses      " + ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        yield f"5xx                {sum(n for s, n in self.statuses.items() if s >= 500)}"
        yield f"internal errors    {self.internal}"
        yield "error codes        " + ", ".join(f"{c}: {n}" for c, n in self.codes.most_common())
        yield f"root fields hit    {len(self.root_fields)}"
        for document, status, body in self.failures:
            yield f"--- failing document (HTTP {status}):\n{document}\n--- response: {body}"


def _root_fields(document: str) -> Sequence[str]:
    try:
        parsed = graphql.parse(document)
    except graphql.GraphQLError:
        return []
    names = []
    for definition in parsed.definitions:
        if isinstance(definition, graphql.OperationDefinitionNode):
            prefix = "" if definition.operation == graphql.OperationType.QUERY else "mutation."
            for selection in definition.selection_set.selections:
                if isinstance(selection, graphql.FieldNode):
                    names.append(prefix + selection.name.value)
    return names


SEED_DOCUMENTS = [
    ("agent", 'mutation { createAgent(input: {name: "fuzz agent"}) { ... on Agent { id } } }'),
    (
        "conversation",
        'mutation($a: ID!) { startConversation(input: {agentId: $a, title: "t"}) { ... on Conversation { id } } }',
    ),
    (
        "message",
        'mutation($c: ID!) { appendMessage(input: {conversationId: $c, role: USER, content: "hello"}) '
        "{ ... on Message { id } } }",
    ),
    (
        "sent",
        'mutation($c: ID!) { sendMessage(input: {conversationId: $c, content: "hi"}) '
        "{ ... on ChatTurn { run { id } assistantMessage { id } } } }",
    ),
    (
        "content",
        'mutation($a: ID!) { addText(input: {title: "notes", text: "Fuzzing finds crashes.", agentId: $a}) '
        "{ ... on ContentAdded { content { id } ingestRunId } } }",
    ),
    (
        "memory",
        'mutation($a: ID!) { createMemory(input: {agentId: $a, kind: FACT, text: "the sky is blue"}) '
        "{ ... on Memory { id } } }",
    ),
    ("suite", 'mutation { createTestSuite(input: {name: "suite"}) { ... on TestSuite { id } } }'),
    ("key", 'mutation { createApiKey(name: "k") { ... on ApiKeyCreated { apiKey { id } } } }'),
    ("export", "query($a: ID!) { agentExport(id: $a) }"),
]


def _all_ids(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("id", "ingestRunId") and isinstance(item, str):
                yield item
            else:
                yield from _all_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _all_ids(item)


def prepare(post: Any, headers: dict[str, str], multi: bool) -> Known:
    """Seeds the server through `post(document, variables) -> body`. In multi mode the first user to register
    (the admin) seeds objects too, and then `headers` sign in a second, ordinary user who seeds their own and
    fuzzes: IDs of another owner's objects are among the generated ones."""
    known = Known()
    if multi:
        for username in ("owner", "fuzzer"):
            body = post(REGISTER_USER, {"u": username, "p": "correct horse battery"})
            headers["authorization"] = f"Bearer {body['data']['register']['accessToken']}"
            mine = seed(post)
            known.ids += mine.ids
            known.documents += mine.documents
        return known
    return seed(post)


REGISTER_USER = """mutation($u: String!, $p: String!) { register(username: $u, password: $p) {
  ... on AuthPayload { accessToken } } }"""


def seed(post: Any) -> Known:
    """Creates one object of each kind through `post(document, variables) -> body`; returns what it made."""
    known = Known()
    variables: dict[str, Any] = {}
    for name, document in SEED_DOCUMENTS:
        body = post(document, variables)
        data = body.get("data") or {}
        if name == "export":
            if data.get("agentExport") is not None:
                known.documents.append(data["agentExport"])
            continue
        made = list(_all_ids(data))
        known.ids.extend(made)
        if name == "agent" and made:
            variables["a"] = made[0]
        if name == "conversation" and made:
            variables["c"] = made[0]
    return known
