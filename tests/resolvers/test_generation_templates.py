"""Saved generation templates end to end: CRUD, the listing, export and import, isolation between owners, and
GENERATION runs started from a saved template (the Ollama fake, and once the real local model)."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any

import httpx
import pytest

from app import create_app
from tests.conftest import GQL, MULTI_SECRET, chat_settings, create_agent, register
from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.gqlws import graphql_ws

FIELDS = """id name description body model ownerId createdAt updatedAt
  variables { name description required default }"""
CREATE = f"""mutation($input: CreateGenerationTemplateInput!) {{ createGenerationTemplate(input: $input) {{
  __typename ... on GenerationTemplate {{ {FIELDS} }} ... on ValidationError {{ message code field }} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: UpdateGenerationTemplateInput!) {{
  updateGenerationTemplate(id: $id, input: $input) {{
  __typename ... on GenerationTemplate {{ {FIELDS} }} ... on Error {{ message code }} ... on ValidationError {{ field }}
  }} }}"""
GET = f"query($id: ID!) {{ generationTemplate(id: $id) {{ {FIELDS} }} }}"
LIST = """query($search: String, $first: Int, $after: String) {
  generationTemplates(filter: {search: $search}, first: $first, after: $after) {
    totalCount nodes { id name } pageInfo { hasNextPage endCursor } } }"""
EXPORT = "query($id: ID!) { generationTemplateExport(id: $id) }"
IMPORT = f"""mutation($doc: String!) {{ importGenerationTemplate(document: $doc) {{
  __typename ... on GenerationTemplate {{ {FIELDS} }} ... on ImportError {{ message code path }} }} }}"""
DELETE = """mutation($id: ID!) { deleteGenerationTemplate(id: $id) {
  __typename ... on Deleted { id } ... on Error { code } } }"""
GEN = """mutation($input: GenerationInput!) { startGeneration(input: $input) {
  __typename ... on Run { id kind status model } ... on ValidationError { message field }
  ... on NotFoundError { message } } }"""
EVENTS = """subscription($id: ID!) { runEvents(runId: $id) {
  __typename ... on RunItemFinished { item { index status output input } } ... on RunStatusChanged { status error } } }"""
REPORT = """query($id: ID!) { run(id: $id) { status report { __typename
  ... on GenerationResult { target items succeeded failed outputs templateId templateName template } } } }"""

GREETING = {
    "name": "Greeting",
    "description": "Greets someone",
    "body": "{{ greeting }}, {{ who }}! (item {{ index }}){{ suffix }}",
    "variables": [
        {"name": "who", "description": "Whom to greet"},
        {"name": "greeting", "required": False, "default": "Hello"},
        {"name": "suffix", "required": False},
    ],
    "model": "ollama:test-model",
}


async def create(gql: GQL, **fields: Any) -> dict[str, Any]:
    data = (await gql(CREATE, {"input": {**GREETING, **fields}}))["createGenerationTemplate"]
    assert data["__typename"] == "GenerationTemplate", data
    return data


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in keys}


async def test_template_crud_listing_and_export_round_trip(gql: GQL) -> None:
    template = await create(gql)
    assert template["variables"] == [
        {"name": "who", "description": "Whom to greet", "required": True, "default": None},
        {"name": "greeting", "description": "", "required": False, "default": "Hello"},
        {"name": "suffix", "description": "", "required": False, "default": None},
    ]
    assert (template["model"], template["createdAt"]) == ("ollama:test-model", template["updatedAt"])
    me = (await gql("{ me { id } }"))["me"]["id"]
    assert template["ownerId"] == me
    assert (await gql(GET, {"id": template["id"]}))["generationTemplate"] == without(template, "__typename")
    node = await gql("query($id: ID!) { node(id: $id) { ... on GenerationTemplate { name } } }", {"id": template["id"]})
    assert node["node"] == {"name": "Greeting"}

    text = (await gql(EXPORT, {"id": template["id"]}))["generationTemplateExport"]
    doc = json.loads(text)
    assert (doc["format"], doc["version"]) == ("switchboard.generation-template", 1)
    assert doc["template"]["variables"][1] == {
        "name": "greeting",
        "description": "",
        "required": False,
        "default": "Hello",
    }
    copy = (await gql(IMPORT, {"doc": text}))["importGenerationTemplate"]
    assert copy["__typename"] == "GenerationTemplate" and copy["id"] != template["id"]
    assert without(copy, "id", "createdAt", "updatedAt") == without(template, "id", "createdAt", "updatedAt")

    changed = (await gql(UPDATE, {"id": template["id"], "input": {"name": "Hi"}}))["updateGenerationTemplate"]
    assert changed["name"] == "Hi" and changed["body"] == template["body"]  # omitted fields stay
    assert changed["variables"] == template["variables"] and moment(changed["updatedAt"]) > moment(
        template["updatedAt"]
    )
    cleared = (await gql(UPDATE, {"id": template["id"], "input": {"model": "", "body": "Yo {{ who }}"}}))[
        "updateGenerationTemplate"
    ]
    assert (cleared["model"], cleared["body"]) == (None, "Yo {{ who }}")
    # The body and the variables are checked together, whichever one changes.
    orphaned = await gql(UPDATE, {"id": template["id"], "input": {"variables": []}})
    assert orphaned["updateGenerationTemplate"]["field"] == "body"
    assert "undeclared variable 'who'" in orphaned["updateGenerationTemplate"]["message"]

    await create(gql, name="Farewell")
    page = (await gql(LIST, {"first": 2}))["generationTemplates"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"]
    assert [n["name"] for n in page["nodes"]] == ["Hi", "Greeting"]  # oldest first
    rest = (await gql(LIST, {"first": 2, "after": page["pageInfo"]["endCursor"]}))["generationTemplates"]
    assert [n["name"] for n in rest["nodes"]] == ["Farewell"] and not rest["pageInfo"]["hasNextPage"]
    assert (await gql(LIST, {"search": "FARE"}))["generationTemplates"]["totalCount"] == 1
    assert (await gql(LIST, {"search": "%"}))["generationTemplates"]["totalCount"] == 0  # literally, no wildcard
    too_long = await gql.raw(LIST, {"search": "x" * 60_000})  # SQLite would refuse it as a LIKE pattern
    assert too_long["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", too_long
    assert "filter.search must be at most 200 characters" in too_long["errors"][0]["message"]

    deleted = (await gql(DELETE, {"id": template["id"]}))["deleteGenerationTemplate"]
    assert deleted == {"__typename": "Deleted", "id": template["id"]}
    gone = await gql.raw(GET, {"id": template["id"]})
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    again = (await gql(DELETE, {"id": template["id"]}))["deleteGenerationTemplate"]
    assert again == {"__typename": "NotFoundError", "code": "NOT_FOUND"}


async def test_bad_templates_and_imports_are_refused_with_the_field(gql: GQL) -> None:
    cases = [
        ({"body": "{{ greeting }}, {{ whom }}"}, "body", "undeclared variable 'whom'"),
        ({"body": "{{ who "}, "body", "syntax error"),
        ({"name": ""}, "name", "must not be empty"),
        ({"variables": [{"name": "who"}, {"name": "who"}]}, "variables.1.name", "declared twice"),
        ({"variables": [{"name": "index"}]}, "variables.0", "given to every item"),
        ({"variables": [{"name": "who", "default": 1}]}, "variables.0", "takes no default"),
        ({"model": "nope"}, "model", "provider:model"),
    ]
    for fields, field, words in cases:
        refused = (await gql(CREATE, {"input": {**GREETING, **fields}}))["createGenerationTemplate"]
        assert refused["__typename"] == "ValidationError" and refused["field"] == field, (fields, refused)
        assert words in refused["message"], refused
    good = {"format": "switchboard.generation-template", "version": 1, "template": {"name": "t", "body": "Hi"}}
    imports = [
        ("not json", None, "not valid JSON"),
        (json.dumps({**good, "version": 9}), "version", "version 9 is not supported"),
        (json.dumps({**good, "template": {"name": "t", "body": "Hi {{ x }}"}}), "template.body", "'x'"),
        (
            json.dumps({**good, "template": {"name": "t", "body": "Hi", "variables": [{"name": "a b"}]}}),
            "template.variables.0.name",
            "pattern",
        ),
    ]
    for doc, path, words in imports:
        refused = (await gql(IMPORT, {"doc": doc}))["importGenerationTemplate"]
        assert refused["__typename"] == "ImportError" and refused["path"] == path, (doc, refused)
        assert refused["code"] == "INVALID_IMPORT" and words in refused["message"], refused
    assert (await gql(LIST, {}))["generationTemplates"]["totalCount"] == 0


async def follow(base: str, run_id: str, token: str | None = None) -> list[dict[str, Any]]:
    async with graphql_ws(base, token=token) as ws:
        return [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": run_id})]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_generation_from_a_saved_template(live: str, client: GQL, script: Script) -> None:
    template = await create(client)
    items = [{"who": "Ada"}, {"who": "Bo", "greeting": "Hej", "suffix": " :)"}]
    started = (await client(GEN, {"input": {"templateId": template["id"], "items": items}}))["startGeneration"]
    # The template's model is used: the input names neither a model nor an agent.
    assert (started["__typename"], started["kind"], started["model"]) == ("Run", "GENERATION", "ollama:test-model")
    # A change after the start does not reach the run: it renders the body it recorded.
    await client(UPDATE, {"id": template["id"], "input": {"body": "Changed {{ who }}"}})
    events = await follow(live, started["id"])
    assert events[-1]["status"] == "SUCCEEDED", events[-1]
    assert [r.body["messages"][-1]["content"] for r in script.chat_requests] == [
        "Hello, Ada! (item 0)",
        "Hej, Bo! (item 1) :)",
    ]
    finished = [e["item"] for e in events if e["__typename"] == "RunItemFinished"]
    assert [(i["index"], i["status"], i["output"]) for i in finished] == [
        (0, "OK", "The answer is 42."),
        (1, "OK", "The answer is 42."),
    ]
    report = (await client(REPORT, {"id": started["id"]}))["run"]["report"]
    assert report == {
        "__typename": "GenerationResult",
        "target": "ollama:test-model",
        "items": 2,
        "succeeded": 2,
        "failed": 0,
        "outputs": ["The answer is 42."] * 2,
        "templateId": template["id"],
        "templateName": "Greeting",
        "template": GREETING["body"],
    }
    # An explicit model or agent wins over the template's.
    agent = await create_agent(client, name="Writer", model="ollama:other-model")
    by_agent = await client(GEN, {"input": {"templateId": template["id"], "items": items, "agentId": agent["id"]}})
    assert by_agent["startGeneration"]["model"] == "ollama:other-model"
    inline = (await client(REPORT, {"id": await inline_run(live, client)}))["run"]["report"]
    assert (inline["templateId"], inline["templateName"], inline["template"]) == (None, None, "Say {{ item }}")


async def inline_run(live: str, client: GQL) -> str:
    run = await client(GEN, {"input": {"model": "ollama:test-model", "template": "Say {{ item }}", "items": [1]}})
    run_id: str = run["startGeneration"]["id"]
    assert (await follow(live, run_id))[-1]["status"] == "SUCCEEDED"
    return run_id


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_saved_template_runs_are_checked_before_anything_starts(live: str, client: GQL) -> None:
    template = await create(client)
    unmodelled = await create(client, name="No model", model=None)
    cases = [
        ({"templateId": template["id"], "items": [{"who": "Ada"}, {"greeting": "Hi"}]}, "items.1", "'who'"),
        ({"templateId": template["id"], "items": [{"who": "Ada"}, "Bo"]}, "items.1", "not an object"),
        ({"templateId": template["id"], "items": []}, "items", "must not be empty"),
        ({"templateId": template["id"], "template": "Hi", "items": [{"who": "A"}]}, "template", "exactly one"),
        ({"items": [{"who": "A"}], "model": "ollama:test-model"}, "template", "exactly one"),
        ({"templateId": unmodelled["id"], "items": [{"who": "A"}]}, "model", "either a model or an agent"),
        ({"templateId": "not an id", "items": [{"who": "A"}]}, "templateId", None),
        ({"templateId": template["id"], "items": [{"who": "A"}] * 1001}, "items", "at most 1000 items"),
    ]
    for input_, field, words in cases:
        refused = (await client(GEN, {"input": input_}))["startGeneration"]
        assert refused["__typename"] == "ValidationError" and refused["field"] == field, (input_, refused)
        assert words is None or words in refused["message"], refused
    await client(DELETE, {"id": template["id"]})
    missing = await client(GEN, {"input": {"templateId": template["id"], "items": [{"who": "A"}]}})
    assert missing["startGeneration"]["__typename"] == "NotFoundError"
    assert (await client("{ runs { totalCount } }"))["runs"]["totalCount"] == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_templates_never_cross_owners(make_settings: Any, ollama_host: str) -> None:
    settings = chat_settings(make_settings, ollama_host, auth_mode="multi", secret_key=MULTI_SECRET)
    with serve(create_app(settings), lifespan="on") as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            anonymous = GQL(http)
            admin = await register(anonymous, "admin")  # the first account is the admin, who sees everything
            bob = await register(anonymous, "bob")
            carol = await register(anonymous, "carol")
            template = await create(bob)
            for query in (GET, EXPORT, "query($id: ID!) { node(id: $id) { id } }"):
                body = await carol.raw(query, {"id": template["id"]})
                assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", (query, body)
            assert (await carol(LIST, {}))["generationTemplates"]["totalCount"] == 0
            for mutation, variables in [
                (UPDATE, {"id": template["id"], "input": {"name": "mine"}}),
                (DELETE, {"id": template["id"]}),
                (GEN, {"input": {"templateId": template["id"], "items": [{"who": "A"}]}}),
            ]:
                body = await carol(mutation, variables)
                assert next(iter(body.values()))["__typename"] == "NotFoundError", body
            unauthenticated = await anonymous.raw(LIST, {})
            assert unauthenticated["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
            exported = (await bob(EXPORT, {"id": template["id"]}))["generationTemplateExport"]
            assert (await carol(IMPORT, {"doc": exported}))["importGenerationTemplate"]["__typename"] == (
                "GenerationTemplate"
            )
            assert (await bob(LIST, {}))["generationTemplates"]["totalCount"] == 1  # Carol's copy is hers
            assert (await admin(LIST, {}))["generationTemplates"]["totalCount"] == 2
            assert (await bob(GET, {"id": template["id"]}))["generationTemplate"]["name"] == "Greeting"
            run = await bob(GEN, {"input": {"templateId": template["id"], "items": [{"who": "A"}]}})
            assert run["startGeneration"]["__typename"] == "Run"
            assert (await follow(base, run["startGeneration"]["id"], bob.token))[-1]["status"] == "SUCCEEDED"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_saved_template_on_the_real_local_model(make_settings: Any) -> None:
    with serve(create_app(make_settings()), lifespan="on") as base:
        async with httpx.AsyncClient(base_url=base, timeout=180) as http:
            gql = GQL(http)
            template = await create(
                gql,
                body="Q: What is the capital of {{ country }}?\nA:",
                variables=[{"name": "country"}],
                model="local:gemma-3-270m",
            )
            started = await gql(
                GEN, {"input": {"templateId": template["id"], "items": [{"country": "France"}], "maxTokens": 6}}
            )
            run = started["startGeneration"]
            assert (run["__typename"], run["model"]) == ("Run", "local:gemma-3-270m")
            events = await asyncio.wait_for(follow(base, run["id"]), 180)
            assert events[-1]["status"] == "SUCCEEDED", events[-1]
            item = next(e["item"] for e in events if e["__typename"] == "RunItemFinished")
            assert item["status"] == "OK" and item["output"].strip(), item
            assert item["input"]["prompt"] == "Q: What is the capital of France?\nA:"
