"""DateTime inputs are normalised to UTC when they are read: a moment with no UTC equivalent is BAD_USER_INPUT.

Found by the fuzz test (tests/app/test_fuzz.py): `9999-12-31T23:59:59-05:00` or `0001-01-01T00:00:00+05:00` passed
the scalar and overflowed when a query bound it, an internal error in every field that takes a DateTime.
"""

from __future__ import annotations

import pytest

from tests.conftest import GQL, create_agent

OUT_OF_RANGE = ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"]

CREATE = """mutation($a: ID!, $at: DateTime) { createMemory(input: {agentId: $a, kind: FACT, text: "x", expiresAt: $at}) {
  __typename ... on Memory { expiresAt } } }"""
RUNS = "query($at: DateTime) { runs(filter: {createdAfter: $at}) { totalCount } }"
CLEAR = """mutation($a: ID!, $at: DateTime) { clearMemories(agentId: $a, olderThan: $at) {
  __typename ... on MemoriesCleared { count } } }"""


@pytest.mark.parametrize("moment", OUT_OF_RANGE)
async def test_a_moment_outside_utc_is_refused_as_input_in_variables_and_literals(gql: GQL, moment: str) -> None:
    agent = (await create_agent(gql))["id"]
    for document, variables in (
        (CREATE, {"a": agent, "at": moment}),
        (RUNS, {"at": moment}),
        (CLEAR, {"a": agent, "at": moment}),
        (f'{{ runs(filter: {{createdAfter: "{moment}"}}) {{ totalCount }} }}', {}),
    ):
        body = await gql.raw(document, variables)
        assert "data" not in body or body["data"] is None, body
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert "outside the years 1 to 9999 in UTC" in error["message"]


async def test_offsets_and_naive_moments_are_read_as_utc(gql: GQL) -> None:
    agent = (await create_agent(gql))["id"]
    for given, stored in (
        ("2099-06-01T12:00:00+05:00", "2099-06-01T07:00:00+00:00"),
        ("2099-06-01T12:00:00", "2099-06-01T12:00:00+00:00"),
        ("9999-12-31T23:59:59+01:00", "9999-12-31T22:59:59+00:00"),
    ):
        result = (await gql(CREATE, {"a": agent, "at": given}))["createMemory"]
        assert result == {"__typename": "Memory", "expiresAt": stored}
    assert (await gql(RUNS, {"at": "0001-01-01T00:00:00-05:00"}))["runs"]["totalCount"] == 0


async def test_a_datetime_that_is_not_iso_8601_is_refused(gql: GQL) -> None:
    body = await gql.raw(RUNS, {"at": "yesterday"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "not an ISO 8601 date and time" in body["errors"][0]["message"]
