"""Cursor connections: both directions, edges of the range, caps and bad arguments."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.conftest import GQL, append_message, create_agent, start_conversation

PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  agents(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def page(gql: GQL, **args: Any) -> dict[str, Any]:
    return (await gql(PAGE, args))["agents"]


def names(conn: dict[str, Any]) -> list[str]:
    return [e["node"]["name"] for e in conn["edges"]]


async def test_forward_and_backward_walks_see_every_item_once(gql: GQL) -> None:
    for i in range(7):
        await create_agent(gql, name=f"a{i}")
    seen, after = [], None
    while True:
        conn = await page(gql, first=3, after=after)
        assert conn["totalCount"] == 7
        seen += names(conn)
        assert conn["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == [f"a{i}" for i in range(7)]

    back, before = [], None
    while True:
        conn = await page(gql, last=3, before=before)
        back = names(conn) + back
        assert conn["pageInfo"]["hasNextPage"] == (before is not None)
        if not conn["pageInfo"]["hasPreviousPage"]:
            break
        before = conn["pageInfo"]["startCursor"]
    assert back == seen


async def test_range_edges(gql: GQL) -> None:
    empty = await page(gql, first=5)
    assert empty == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None},
    }
    for i in range(3):
        await create_agent(gql, name=f"a{i}")
    exact = await page(gql, first=3)
    assert names(exact) == ["a0", "a1", "a2"] and not exact["pageInfo"]["hasNextPage"]
    zero = await page(gql, first=0)
    assert zero["edges"] == [] and zero["pageInfo"]["hasNextPage"] and zero["totalCount"] == 3
    past_end = await page(gql, first=2, after=exact["pageInfo"]["endCursor"])
    assert past_end["edges"] == [] and not past_end["pageInfo"]["hasNextPage"]
    before_start = await page(gql, last=2, before=exact["pageInfo"]["startCursor"])
    assert before_start["edges"] == [] and not before_start["pageInfo"]["hasPreviousPage"]
    default = await page(gql)
    assert names(default) == ["a0", "a1", "a2"]


async def test_bad_arguments_are_bad_user_input(gql: GQL) -> None:
    for args, field in (
        ({"first": 101}, "first"),
        ({"first": -1}, "first"),
        ({"last": 1000}, "last"),
        ({"first": 1, "last": 1}, "first"),
        ({"after": "garbage"}, "after"),
        ({"before": "WyJub3QtYS1kYXRlIiwiMSJd"}, "before"),
    ):
        body = await gql.raw(PAGE, args)
        assert body["data"] is None
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (args, error)
        assert field in error["message"]


def _cursor(created: object, ident: object) -> str:
    return base64.urlsafe_b64encode(json.dumps([created, ident]).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("created", "ident"),
    [
        ("2020-01-01T00:00:00", "\ud800"),  # an unpaired surrogate from a JSON escape: UnicodeEncodeError in the driver
        ("2020-01-01T00:00:00", "x\u0000y"),  # NUL: Postgres refuses it
        ("2020-01-01T00:00:00", "not-an-id"),
        ("2020-01-01T00:00:00", 5),
        ("9999-12-31T23:59:59-05:00", str(uuid.uuid4())),  # no UTC equivalent: OverflowError when bound
        ("0001-01-01T00:00:00+05:00", str(uuid.uuid4())),
    ],
)
async def test_a_cursor_decoding_to_odd_values_is_bad_user_input(gql: GQL, created: object, ident: object) -> None:
    """Found by the fuzz test: these were internal errors (tests/app/test_fuzz.py)."""
    for args, field in (
        ({"after": _cursor(created, ident)}, "after"),
        ({"before": _cursor(created, ident), "last": 2}, "before"),
    ):
        body = await gql.raw(PAGE, args)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (args, error)
        assert error["message"] == f"`{field}` is not a valid cursor"


async def test_a_cursor_with_an_offset_still_pages(gql: GQL) -> None:
    for i in range(3):
        await create_agent(gql, name=f"a{i}")
    everything = await page(gql, first=3)
    created = everything["edges"][0]["cursor"]
    moment, ident = json.loads(base64.urlsafe_b64decode(created + "=" * (-len(created) % 4)))
    shifted = datetime.fromisoformat(moment).astimezone(timezone(timedelta(hours=5))).isoformat()
    assert names(await page(gql, first=3, after=_cursor(shifted, ident))) == ["a1", "a2"]


async def test_page_cap_follows_config(gql: GQL) -> None:
    await gql("mutation { updateConfig(input: {limits: {maxPageSize: 2, defaultPageSize: 2}}) { __typename } }")
    for i in range(3):
        await create_agent(gql, name=f"a{i}")
    assert names(await page(gql)) == ["a0", "a1"]
    body = await gql.raw(PAGE, {"first": 3})
    assert "between 0 and 2" in body["errors"][0]["message"]


async def test_nested_connections_page_per_parent(gql: GQL) -> None:
    agents = [await create_agent(gql, name=f"a{i}") for i in range(3)]
    for n, agent in enumerate(agents):  # 0, 1 and 2 conversations
        for j in range(n):
            conv = await start_conversation(gql, agent["id"], f"c{n}{j}")
            for k in range(3):
                await append_message(gql, conv["id"], f"m{n}{j}{k}")
    query = """query($after: String) { agents { nodes { name conversations(first: 1, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { title messages(last: 2) { totalCount pageInfo { hasPreviousPage } nodes { content } } } } } } }"""
    data = (await gql(query))["agents"]["nodes"]
    assert [a["conversations"]["totalCount"] for a in data] == [0, 1, 2]
    assert [[c["title"] for c in a["conversations"]["nodes"]] for a in data] == [[], ["c10"], ["c20"]]
    assert [a["conversations"]["pageInfo"]["hasNextPage"] for a in data] == [False, False, True]
    messages = data[2]["conversations"]["nodes"][0]["messages"]
    assert messages == {
        "totalCount": 3,
        "pageInfo": {"hasPreviousPage": True},
        "nodes": [{"content": "m201"}, {"content": "m202"}],
    }

    # A cursor past one parent's end leaves its count intact.
    cursor = data[2]["conversations"]["pageInfo"]["endCursor"]
    data = (await gql(query, {"after": cursor}))["agents"]["nodes"]
    assert [[c["title"] for c in a["conversations"]["nodes"]] for a in data][2] == ["c21"]
    assert data[2]["conversations"]["totalCount"] == 2
    assert data[1]["conversations"]["nodes"] == [] and data[1]["conversations"]["totalCount"] == 1
