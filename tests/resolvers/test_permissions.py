"""Every root field declares who may call it, and the declarations are enforced."""

from __future__ import annotations

import pytest

from resolvers.permissions import Admin, Authenticated, Public
from resolvers.schema import Mutation, Query, Subscription, build_schema
from tests.conftest import GQL, register

ROOTS = (Query, Mutation, Subscription)
PUBLIC = {"register", "login", "refreshToken", "serverInfo", "ok"}
ADMIN = {
    "config",
    "updateConfig",
    "validateConfig",
    "reloadConfig",
    "pullModel",
    "deleteModel",
    "startBackup",
    "startCleanup",
    "stats",
    "serverLogs",
    "registerMcpServer",
    "deleteMcpServer",
}


def _fields() -> list[tuple[str, str, list[type]]]:
    out = []
    for root in ROOTS:
        for field in root.__strawberry_definition__.fields:  # type: ignore[attr-defined]
            name = field.graphql_name or _camel(field.python_name)
            out.append((root.__name__, name, list(field.permission_classes)))
    return out


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def test_every_root_field_declares_exactly_one_permission() -> None:
    fields = _fields()
    graphql = build_schema()._schema
    served = {
        (root.__name__, name)
        for root, type_ in zip(
            ROOTS, (graphql.query_type, graphql.mutation_type, graphql.subscription_type), strict=True
        )
        for name in type_.fields  # type: ignore[union-attr]
    }
    assert {(root, name) for root, name, _ in fields} == served and len(served) > 70
    undeclared = [f"{root}.{name}" for root, name, perms in fields if len(perms) != 1]
    assert undeclared == []
    for _, name, perms in fields:
        expected = Public if name in PUBLIC else Admin if name in ADMIN else Authenticated
        assert perms == [expected], name


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_strangers_users_and_admins_get_what_the_declarations_say(multi: GQL) -> None:
    admin = await register(multi, "admin")
    bob = await register(multi, "bob")
    stranger = multi.as_user(None)
    for document, who, code in (
        ("{ agents { totalCount } }", stranger, "UNAUTHENTICATED"),
        ("{ agentTemplates { kind } }", stranger, "UNAUTHENTICATED"),
        ("{ benchmarkPromptSets }", stranger, "UNAUTHENTICATED"),
        ("{ config { server { dataDir } } }", bob, "FORBIDDEN"),
        ("{ config { server { dataDir } } }", stranger, "UNAUTHENTICATED"),
        ('mutation { pullModel(name: "llama3") { __typename } }', bob, "FORBIDDEN"),
    ):
        body = await who.raw(document)
        assert body["errors"][0]["extensions"]["code"] == code, (document, body)
    assert (await stranger("{ serverInfo { authMode } }"))["serverInfo"]["authMode"] == "MULTI"
    assert (await bob("{ agentTemplates { kind } }"))["agentTemplates"]
    assert (await admin("{ config { server { authMode } } }"))["config"]["server"]["authMode"] == "MULTI"
