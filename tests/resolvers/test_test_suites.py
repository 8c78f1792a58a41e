"""Test suites and TEST runs: assertion semantics (pure), suite CRUD, import/export and validation, runs
against the loopback Ollama and Anthropic fakes (judges that pass and that babble, per-case events,
pass rates, comparison, cancel), isolation between owners, and one run on the real local model."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml

from app import create_app
from schema.ids import decode_id
from services.errors import ImportFailed, ValidationFailed
from services.evals import assertions as a
from services.evals import judge, suites
from services.settings import load_settings
from tests.conftest import GQL, MULTI_SECRET, chat_settings, create_agent, register
from tests.fakes import anthropic as fake_anthropic
from tests.fakes.script import Script
from tests.fakes.server import serve
from tests.gqlws import graphql_ws

# ---------------------------------------------------------------------------------- assertions


def verdict(assertion: dict[str, Any], output: str, latency: float | None = 10.0, tokens: int | None = 5) -> a.Verdict:
    case = suites.validate({"name": "s", "cases": [{"prompt": "p", "assertions": [assertion]}]}).cases[0]
    return a.check(case.assertions[0], a.Observed(output, latency, tokens))


@pytest.mark.parametrize(
    ("assertion", "output", "passed", "reason"),
    [
        ({"type": "contains", "value": "paris"}, "It is Paris.", True, "found 'paris'"),
        ({"type": "contains", "value": "paris", "caseSensitive": True}, "It is Paris.", False, "not found"),
        ({"type": "contains", "value": "Lyon"}, "It is Paris.", False, "'Lyon' not found in the output"),
        ({"type": "not_contains", "value": "lyon"}, "It is Paris.", True, "does not occur"),
        ({"type": "not_contains", "value": "PARIS"}, "It is Paris.", False, "the output contains 'PARIS'"),
        ({"type": "not_contains", "value": "PARIS", "caseSensitive": True}, "It is Paris.", True, "does not occur"),
        ({"type": "equals", "value": "42"}, "  42\n", True, "equals '42'"),
        ({"type": "equals", "value": "Yes"}, "yes", False, "expected 'Yes', got 'yes'"),
        ({"type": "equals", "value": "Yes", "caseSensitive": False}, "yes", True, "equals"),
        ({"type": "regex", "pattern": r"\b\d{4}\b"}, "Founded in 1889.", True, "matched '1889' at 11"),
        ({"type": "regex", "pattern": r"^\d+$"}, "Founded in 1889.", False, "no match"),
        ({"type": "regex", "pattern": "(?i)PARIS"}, "paris", True, "matched"),
        ({"type": "json_valid"}, '{"a": 1}', True, "valid JSON (object)"),
        ({"type": "json_valid"}, "```json\n[1, 2]\n```", True, "valid JSON (array)"),
        ({"type": "json_valid"}, "{'a': 1}", False, "not valid JSON"),
        ({"type": "json_valid"}, "   ", False, "empty"),
        ({"type": "max_latency", "maxMs": 50}, "x", True, "10 ms, within the limit of 50 ms"),
        ({"type": "max_latency", "maxMs": 5}, "x", False, "10 ms, over the limit of 5 ms"),
        ({"type": "max_output_tokens", "maxTokens": 5}, "x", True, "5 tokens, within the limit of 5"),
        ({"type": "max_output_tokens", "maxTokens": 4}, "x", False, "5 tokens, over the limit of 4"),
    ],
)
def test_assertion_semantics(assertion: dict[str, Any], output: str, passed: bool, reason: str) -> None:
    result = verdict(assertion, output)
    assert (result.passed, result.type) == (passed, assertion["type"]), result
    assert reason in result.reason


def test_unmeasured_figures_fail_their_limits() -> None:
    assert not verdict({"type": "max_latency", "maxMs": 50}, "x", latency=None).passed
    tokens = verdict({"type": "max_output_tokens", "maxTokens": 5}, "x", tokens=None)
    assert not tokens.passed and "did not report" in tokens.reason


SCHEMA = {
    "type": "object",
    "required": ["city", "population"],
    "properties": {
        "city": {"type": "string", "minLength": 2},
        "population": {"type": "integer", "minimum": 0},
        "tags": {"type": "array", "items": {"enum": ["capital", "port"]}, "maxItems": 2},
    },
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    ("output", "problem"),
    [
        ('{"city": "Paris", "population": 2100000, "tags": ["capital"]}', None),
        ('{"city": "Paris", "population": 2.1e6}', None),  # 2100000.0 is an integer in JSON Schema
        ('{"city": "Paris"}', "$: 'population' is a required property"),
        ('{"city": "Paris", "population": "many"}', "$.population: 'many' is not of type 'integer'"),
        ('{"city": "Paris", "population": -1}', "$.population: -1 is less than the minimum of 0"),
        ('{"city": "P", "population": 1}', "$.city: 'P' is too short"),
        ('{"city": "Paris", "population": 1, "tags": ["river"]}', "$.tags[0]: 'river' is not one of"),
        (
            '{"city": "Paris", "population": 1, "mayor": "x"}',
            "$: Additional properties are not allowed ('mayor' was unexpected)",
        ),
        ("[1]", "$: [1] is not of type 'object'"),
        ("Paris!", "not valid JSON"),
    ],
)
def test_json_schema_assertion(output: str, problem: str | None) -> None:
    result = verdict({"type": "json_schema", "schema": SCHEMA}, output)
    assert result.passed is (problem is None), result
    assert problem is None or problem in result.reason
    if problem is None:
        assert result.reason == "matches the schema"


def test_regex_guard_bounds_the_work() -> None:
    for pattern, words in [("(a+)+$", "nested unbounded"), ("(\\w*\\s?)*x", "nested unbounded"), ("(", "invalid")]:
        with pytest.raises(ValueError, match=words):
            a.check_pattern(pattern)
    with pytest.raises(ValueError, match="at most 500"):
        a.check_pattern("a" * 501)
    assert a.check_pattern("(ab)+c") and a.check_pattern("(?:\\d{3}-)?\\d{4}")  # bounded or single-level: fine
    late = "x" * a.MAX_SEARCHED_CHARS + "needle"
    assert not verdict({"type": "regex", "pattern": "needle"}, late).passed  # only the first 20,000 chars are read


@pytest.mark.parametrize(
    ("text", "passed", "reason"),
    [
        ("PASS - it names Paris", True, "it names Paris"),
        ("**FAIL**: wrong city\nIt said Lyon.", False, "wrong city It said Lyon."),
        ("pass", True, "(no reason given)"),
        ("Failed. Too long.", False, "Too long."),
        ('{"pass": true, "reason": "correct"}', True, "correct"),
        ('```json\n{"pass": false, "reason": "no"}\n```', False, "no"),
        ("I think it is fine", None, "judge output could not be parsed: 'I think it is fine'"),
        ('{"pass": "yes"}', None, "judge output could not be parsed"),
        ('{"verdict": true', None, "judge output could not be parsed"),
        ("", None, "judge output could not be parsed: an empty reply"),
    ],
)
def test_judge_output_parsing(text: str, passed: bool | None, reason: str) -> None:
    result = judge.parse(text)
    assert result.passed is passed and reason in result.reason, result


@pytest.mark.parametrize(
    ("cases", "path", "words"),
    [
        ([{"prompt": "p", "assertions": [{"type": "regex"}]}], "cases.0.assertions.0.pattern", "Field required"),
        (
            [
                {"prompt": "p"},
                {
                    "prompt": "q",
                    "assertions": [{"type": "contains", "value": "x"}, {"type": "regex", "pattern": "(a*)*"}],
                },
            ],
            "cases.1.assertions.1.pattern",
            "exponential",
        ),
        (
            [{"prompt": "p", "assertions": [{"type": "sounds_good"}]}],
            "cases.0.assertions.0.type",
            "unknown assertion type",
        ),
        ([{"prompt": "p", "assertions": [{"value": "x"}]}], "cases.0.assertions.0.type", "needs a type"),
        (
            [{"prompt": "p", "assertions": [{"type": "contains", "value": "x", "pattern": "y"}]}],
            "cases.0.assertions.0.pattern",
            "Extra inputs",
        ),
        (
            [{"prompt": "p", "assertions": [{"type": "json_schema", "schema": {"oneOf": []}}]}],
            "cases.0.assertions.0.schema",
            "oneOf: [] should be non-empty",
        ),
        (
            [{"prompt": "p", "assertions": [{"type": "max_latency", "maxMs": 0}]}],
            "cases.0.assertions.0.maxMs",
            "greater than 0",
        ),
        (
            [{"prompt": "p", "assertions": [{"type": "rubric", "rubric": "r", "judge": "gpt"}]}],
            "cases.0.assertions.0.judge",
            "provider:model",
        ),
        ([{"prompt": "p", "messages": [{"role": "user", "content": "x"}]}], "cases.0", "either prompt or messages"),
        ([{"messages": [{"role": "system", "content": "x"}]}], "cases.0", "at least one user"),
        ([{"name": "a", "prompt": "p"}, {"name": "a", "prompt": "q"}], "cases.1.name", "duplicate case name"),
    ],
)
def test_suite_validation_points_at_the_problem(cases: list[dict[str, Any]], path: str, words: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        suites.validate({"name": "s", "cases": cases})
    assert caught.value.field == path and words in caught.value.message, caught.value.message


def test_import_documents_are_checked_envelope_first() -> None:
    settings = load_settings()
    good = {"format": suites.FORMAT, "version": 1, "suite": {"name": "s", "cases": [{"prompt": "p"}]}}
    assert suites.parse_document(json.dumps(good), "json", settings).suite.cases[0].name == "case 1"
    problems = [
        ("{", "json", "not valid JSON"),
        ("a: [", "yaml", "not valid YAML"),
        (json.dumps({**good, "format": "switchboard.agent"}), "json", "format must be"),
        (json.dumps({**good, "version": 2}), "json", "version 2 is not supported"),
        (
            json.dumps({**good, "suite": {"name": "s", "cases": [{"prompt": "p", "assertions": [{"type": "regex"}]}]}}),
            "json",
            "suite.cases.0.assertions.0.pattern",
        ),
        ("base: &b [1, 2]\nformat: *b\n", "yaml", "aliases"),  # no billion laughs
    ]
    for text, fmt, words in problems:
        with pytest.raises(ImportFailed, match=words.replace("(", r"\(")):
            suites.parse_document(text, fmt, settings)


# ------------------------------------------------------------------------------- suites (CRUD)

SUITE_FIELDS = """id name description caseCount createdAt updatedAt
  cases { name prompt maxTokens messages { role content } agent { id name }
          assertions { type value caseSensitive pattern schema maxMs maxTokens rubric judge } }"""
CREATE = f"""mutation($input: CreateTestSuiteInput!) {{ createTestSuite(input: $input) {{
  __typename ... on TestSuite {{ {SUITE_FIELDS} }} ... on ValidationError {{ message code field }} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: UpdateTestSuiteInput!) {{ updateTestSuite(id: $id, input: $input) {{
  __typename ... on TestSuite {{ {SUITE_FIELDS} }} ... on Error {{ message code }} ... on ValidationError {{ field }} }} }}"""
GET = f"query($id: ID!) {{ testSuite(id: $id) {{ {SUITE_FIELDS} }} }}"
LIST = """query($search: String, $first: Int, $after: String) {
  testSuites(filter: {search: $search}, first: $first, after: $after) {
    totalCount nodes { id name } pageInfo { hasNextPage endCursor } } }"""
EXPORT = "query($id: ID!, $format: SuiteFormat!) { testSuiteExport(id: $id, format: $format) }"
IMPORT = f"""mutation($doc: String!, $format: SuiteFormat!) {{ importTestSuite(document: $doc, format: $format) {{
  __typename ... on TestSuite {{ {SUITE_FIELDS} }} ... on ImportError {{ message code path }} }} }}"""
DELETE = "mutation($id: ID!) { deleteTestSuite(id: $id) { __typename ... on Deleted { id } ... on Error { code } } }"


def sample_cases(agent_id: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "name": "capital",
            "prompt": "What is the capital of France?",
            "maxTokens": 16,
            "assertions": [
                {"type": "CONTAINS", "value": "Paris"},
                {"type": "NOT_CONTAINS", "value": "Lyon", "caseSensitive": True},
                {"type": "REGEX", "pattern": "(?i)paris"},
                {"type": "MAX_OUTPUT_TOKENS", "maxTokens": 16},
            ],
        },
        {
            "name": "json",
            "messages": [
                {"role": "SYSTEM", "content": "Answer in JSON."},
                {"role": "USER", "content": "Name a city: 'Paris' and its population"},
            ],
            "agentId": agent_id,
            "assertions": [
                {"type": "JSON_SCHEMA", "schema": {"type": "object", "required": ["city"]}},
                {"type": "MAX_LATENCY", "maxMs": 30000},
                {"type": "RUBRIC", "rubric": "Names a real city.", "judge": "ollama:judge"},
                {"type": "EQUALS", "value": "yes: no", "caseSensitive": False},
            ],
        },
    ]


async def create_suite(gql: GQL, cases: list[dict[str, Any]], name: str = "Geography") -> dict[str, Any]:
    data = (await gql(CREATE, {"input": {"name": name, "description": "Capitals", "cases": cases}}))["createTestSuite"]
    assert data["__typename"] == "TestSuite", data
    return data


async def test_suite_crud_round_trips_through_json_and_yaml(gql: GQL) -> None:
    agent = await create_agent(gql, name="Geographer")
    suite = await create_suite(gql, sample_cases(agent["id"]))
    assert suite["caseCount"] == 2 and suite["cases"][1]["agent"] == {"id": agent["id"], "name": "Geographer"}
    capital = suite["cases"][0]
    assert capital["assertions"][0] == {
        "type": "CONTAINS",
        "value": "Paris",
        "caseSensitive": False,  # the default, made explicit
        "pattern": None,
        "schema": None,
        "maxMs": None,
        "maxTokens": None,
        "rubric": None,
        "judge": None,
    }
    assert suite["cases"][1]["messages"][0] == {"role": "SYSTEM", "content": "Answer in JSON."}
    assert (await gql(GET, {"id": suite["id"]}))["testSuite"] == {k: v for k, v in suite.items() if k != "__typename"}
    node = await gql("query($id: ID!) { node(id: $id) { ... on TestSuite { name caseCount } } }", {"id": suite["id"]})
    assert node["node"] == {"name": "Geography", "caseCount": 2}

    for fmt in ("JSON", "YAML"):
        text = (await gql(EXPORT, {"id": suite["id"], "format": fmt}))["testSuiteExport"]
        doc = json.loads(text) if fmt == "JSON" else yaml.safe_load(text)
        assert doc["format"] == "switchboard.test-suite" and doc["version"] == 1
        assert doc["suite"]["cases"][1]["agentId"] == agent["id"]  # the global ID clients know
        assert doc["suite"]["cases"][1]["assertions"][0] == {
            "type": "json_schema",
            "schema": {"type": "object", "required": ["city"]},
        }
        copy = (await gql(IMPORT, {"doc": text, "format": fmt}))["importTestSuite"]
        assert copy["__typename"] == "TestSuite" and copy["id"] != suite["id"]
        assert {k: v for k, v in copy.items() if k not in ("id", "createdAt", "updatedAt")} == {
            k: v for k, v in suite.items() if k not in ("id", "createdAt", "updatedAt")
        }

    changed = (await gql(UPDATE, {"id": suite["id"], "input": {"name": "Geo 2"}}))["updateTestSuite"]
    assert changed["name"] == "Geo 2" and changed["cases"] == suite["cases"]  # omitted fields stay
    replaced = await gql(UPDATE, {"id": suite["id"], "input": {"cases": [{"prompt": "Hi"}]}})
    assert [c["name"] for c in replaced["updateTestSuite"]["cases"]] == ["case 1"]

    page = (await gql(LIST, {"first": 2}))["testSuites"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"]
    rest = (await gql(LIST, {"first": 2, "after": page["pageInfo"]["endCursor"]}))["testSuites"]
    assert len(rest["nodes"]) == 1 and not rest["pageInfo"]["hasNextPage"]
    assert (await gql(LIST, {"search": "geo 2"}))["testSuites"]["nodes"] == [{"id": suite["id"], "name": "Geo 2"}]

    assert (await gql(DELETE, {"id": suite["id"]}))["deleteTestSuite"] == {"__typename": "Deleted", "id": suite["id"]}
    gone = await gql.raw(GET, {"id": suite["id"]})
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_bad_suites_are_refused_with_the_path(gql: GQL) -> None:
    bad_regex = [
        {"prompt": "p"},
        {"prompt": "q"},
        {"prompt": "r", "assertions": [{"type": "REGEX", "pattern": "(x+)+y"}]},
    ]
    refused = (await gql(CREATE, {"input": {"name": "s", "cases": bad_regex}}))["createTestSuite"]
    assert refused["__typename"] == "ValidationError" and refused["field"] == "cases.2.assertions.0.pattern"
    missing = [{"prompt": "p", "assertions": [{"type": "CONTAINS"}]}]
    refused = (await gql(CREATE, {"input": {"name": "s", "cases": missing}}))["createTestSuite"]
    assert refused["field"] == "cases.0.assertions.0.value" and "Field required" in refused["message"]
    not_an_agent = [{"prompt": "p", "agentId": "QWdlbnQ6bm9wZQ=="}]  # Agent:nope
    refused = (await gql(CREATE, {"input": {"name": "s", "cases": not_an_agent}}))["createTestSuite"]
    assert refused["field"] == "cases.0.agentId"
    blank = (await gql(CREATE, {"input": {"name": "  ", "cases": []}}))["createTestSuite"]
    assert blank["field"] == "name"
    assert (await gql(LIST, {}))["testSuites"]["totalCount"] == 0  # nothing was stored
    bad_doc = json.dumps(
        {
            "format": "switchboard.test-suite",
            "version": 1,
            "suite": {"name": "s", "cases": [{"prompt": "p", "assertions": [{"type": "equals"}]}]},
        }
    )
    refused = (await gql(IMPORT, {"doc": bad_doc, "format": "JSON"}))["importTestSuite"]
    assert refused == {
        "__typename": "ImportError",
        "message": "suite.cases.0.assertions.0.value: Field required",
        "code": "INVALID_IMPORT",
        "path": "suite.cases.0.assertions.0.value",
    }


@pytest.mark.parametrize(
    ("doc", "fmt", "message"),
    [
        ("[" * 50_000 + "]" * 50_000, "JSON", "nested more than"),
        ("[" * 50_000 + "]" * 50_000, "YAML", "nested more than"),
        ("- " * 20_000 + "x", "YAML", "nested more than"),
        (
            '{"format": "switchboard.test-suite", "version": 1, "suite": {"name": "a\\u0000b", "cases": []}}',
            "JSON",
            "suite.name contains a NUL character",
        ),
        (
            '{"format": "switchboard.test-suite", "version": 1, "suite": {"name": "a\\ud800b", "cases": []}}',
            "JSON",
            "suite.name contains an unpaired UTF-16 surrogate",
        ),
        (
            'format: switchboard.test-suite\nversion: 1\nsuite: {name: "a\\x00b", cases: []}',
            "YAML",
            "suite.name contains a NUL character",
        ),
        (
            'format: switchboard.test-suite\nversion: 1\nsuite: {name: s, cases: [{prompt: !!binary "AAAA"}]}',
            "YAML",
            "suite.cases[0].prompt is a binary value",
        ),
    ],
)
async def test_what_the_server_decodes_follows_the_input_rules(gql: GQL, doc: str, fmt: str, message: str) -> None:
    """Found by fuzzing: deep nesting was a RecursionError (an internal error); NUL and binary values were stored
    on SQLite (and Postgres refuses NUL)."""
    result = (await gql(IMPORT, {"doc": doc, "format": fmt}))["importTestSuite"]
    assert result["__typename"] == "ImportError" and result["code"] == "INVALID_IMPORT", result
    assert message in result["message"], result
    assert (await gql(LIST, {}))["testSuites"]["totalCount"] == 0


# ------------------------------------------------------------------------------------ TEST runs

START = """mutation($input: StartTestRunInput!) { startTestRun(input: $input) {
  __typename ... on Run { id kind status priority model } ... on Error { message code } ... on ValidationError { field } } }"""
EVENTS = """subscription($id: ID!) { runEvents(runId: $id) { __typename seq
  ... on RunItemFinished { item { index target key status output error details latencyMs completionTokens } }
  ... on RunProgress { done total fraction message }
  ... on RunStatusChanged { status error } } }"""
REPORT = """query($id: ID!) { run(id: $id) { status error usage { promptTokens completionTokens }
  report { __typename ... on TestRunResult { suiteId cases repeats targets { target passed total passRate } } }
  items(first: 3) { totalCount nodes { index key target status } } } }"""
COMPARE = """query($ids: [ID!]!) { compareTestRuns(ids: $ids) {
  runs { id status }
  targets { target runs { runId passed total passRate } }
  cases { case results { runId target passed passes total status output reasons } } } }"""


async def follow(base: str, run_id: str, token: str | None = None) -> list[dict[str, Any]]:
    async with graphql_ws(base, token=token) as ws:
        return [p["data"]["runEvents"] async for p in ws.subscribe(EVENTS, {"id": run_id})]


async def start_run(gql: GQL, **input_: Any) -> dict[str, Any]:
    run = (await gql(START, {"input": input_}))["startTestRun"]
    assert run["__typename"] == "Run", run
    return run


@pytest.fixture
def anthropic_script() -> Script:
    return Script(tokens=["Bonjour", " !"], models=["claude-test"], api_key="sk-ant-test")


@pytest.fixture
def both(make_settings: Any, ollama_host: str, anthropic_script: Script) -> Iterator[str]:
    """Switchboard with Ollama and Anthropic, each a loopback fake."""
    with fake_anthropic.running(anthropic_script) as anthropic_base:
        providers = {
            "ollama_host": ollama_host,
            "anthropic_base_url": anthropic_base,
            "anthropic_api_key": "sk-ant-test",
            "concurrency": {"ollama": 1},
            "retry_base_delay_seconds": 0.01,
        }
        with serve(create_app(make_settings(providers=providers, run_heartbeat_seconds=0.5)), lifespan="on") as base:
            yield base


JUDGED_CASES: list[dict[str, Any]] = [
    {
        "name": "answer",
        "prompt": "What is the answer?",
        "assertions": [
            {"type": "CONTAINS", "value": "42"},
            {"type": "NOT_CONTAINS", "value": "Paris"},
            {"type": "REGEX", "pattern": "\\d+"},
            {"type": "MAX_OUTPUT_TOKENS", "maxTokens": 10},
            {"type": "MAX_LATENCY", "maxMs": 60000},
        ],
    },
    {"name": "json", "prompt": "Reply in JSON.", "assertions": [{"type": "JSON_VALID"}]},
    {"name": "judged", "prompt": "What is the answer?", "assertions": [{"type": "RUBRIC", "rubric": "Says 42."}]},
    {
        "name": "babbling judge",
        "prompt": "What is the answer?",
        "assertions": [{"type": "RUBRIC", "rubric": "Says 42.", "judge": "ollama:judge-garbage"}],
    },
    {
        "name": "conversation",
        "messages": [
            {"role": "USER", "content": "Hi"},
            {"role": "ASSISTANT", "content": "Hello."},
            {"role": "USER", "content": "The answer?"},
        ],
        "assertions": [{"type": "EQUALS", "value": "The answer is 42."}],
    },
]


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_test_run_against_ollama_and_anthropic(both: str, script: Script, anthropic_script: Script) -> None:
    script.models = ["test-model", "judge-pass", "judge-garbage"]
    script.tokens_by_model = {"judge-pass": ["PASS", " -", " it says 42"], "judge-garbage": ["Great", " question", "!"]}
    async with httpx.AsyncClient(base_url=both, timeout=30) as http:
        gql = GQL(http)
        agent = await create_agent(gql, name="Frenchy", model="anthropic:claude-test", systemPrompt="Be French.")
        suite = await create_suite(gql, JUDGED_CASES)
        targets = [{"model": "ollama:test-model"}, {"agentId": agent["id"]}]
        run = await start_run(gql, suiteId=suite["id"], targets=targets, judge="ollama:judge-pass", priority=3)
        assert (run["kind"], run["priority"], run["model"]) == ("TEST", 3, "ollama:test-model")
        events = await follow(both, run["id"])
        assert events[-1] == {
            "__typename": "RunStatusChanged",
            "seq": events[-1]["seq"],
            "status": "SUCCEEDED",
            "error": None,
        }
        items = [e["item"] for e in events if e["__typename"] == "RunItemFinished"]
        progress = [e for e in events if e["__typename"] == "RunProgress"]
        assert [i["index"] for i in items] == list(range(10)) and progress[-1]["fraction"] == 1.0
        by = {(i["target"], i["key"]): i for i in items}
        agent_label = f"agent:{decode_id(agent['id'], 'Agent')}"
        ollama = {k: v["status"] for (t, k), v in by.items() if t == "ollama:test-model"}
        assert ollama == {
            "answer": "PASSED",
            "json": "FAILED",
            "judged": "PASSED",
            "babbling judge": "FAILED",
            "conversation": "PASSED",
        }
        french = {k: v["status"] for (t, k), v in by.items() if t == agent_label}
        assert french == {
            "answer": "FAILED",
            "json": "FAILED",
            "judged": "PASSED",  # this judge passes everything
            "babbling judge": "FAILED",
            "conversation": "FAILED",
        }
        answer = by[("ollama:test-model", "answer")]
        assert answer["output"] == "The answer is 42." and answer["completionTokens"] == 5
        assert [x["passed"] for x in answer["details"]["assertions"]] == [True] * 5
        assert answer["details"]["assertions"][0] == {"type": "contains", "passed": True, "reason": "found '42'"}
        failed = by[(agent_label, "answer")]["details"]["assertions"][0]
        assert failed == {"type": "contains", "passed": False, "reason": "'42' not found in the output"}
        judged = by[("ollama:test-model", "judged")]["details"]["assertions"][0]
        assert judged["reason"] == "judge ollama:judge-pass: it says 42" and judged["judge"] == "ollama:judge-pass"
        babble = by[("ollama:test-model", "babbling judge")]["details"]["assertions"][0]
        assert babble["passed"] is False
        assert babble["reason"] == "judge output could not be parsed: 'Great question!'"
        assert "not valid JSON" in by[("ollama:test-model", "json")]["details"]["assertions"][0]["reason"]

        report = (await gql(REPORT, {"id": run["id"]}))["run"]
        assert report["report"] == {
            "__typename": "TestRunResult",
            "suiteId": suite["id"],
            "cases": 5,
            "repeats": 1,
            "targets": [
                {"target": "ollama:test-model", "passed": 3, "total": 5, "passRate": 0.6},
                {"target": agent_label, "passed": 1, "total": 5, "passRate": 0.2},
            ],
        }
        assert report["items"]["totalCount"] == 10 and [n["index"] for n in report["items"]["nodes"]] == [0, 1, 2]
        assert report["usage"]["completionTokens"] == 5 * 5 + 5 * 2  # the targets' outputs, not the judges'

    # What reached the providers: the agent's system prompt, the case's conversation, the judge's rubric.
    sent = anthropic_script.chat_requests[-1].body
    assert sent["system"] == "Be French." and [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]
    judge_calls = [r.body for r in script.chat_requests if r.body["model"] == "judge-pass"]
    assert len(judge_calls) == 2 and "Says 42." in judge_calls[0]["messages"][-1]["content"]
    assert judge_calls[0]["options"]["temperature"] == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_repeats_compare_and_cancel(live: str, client: GQL, script: Script) -> None:
    suite = await create_suite(
        client,
        [
            {"name": "answer", "prompt": "?", "assertions": [{"type": "CONTAINS", "value": "42"}]},
            {"name": "short", "prompt": "?", "assertions": [{"type": "MAX_OUTPUT_TOKENS", "maxTokens": 3}]},
        ],
    )
    first = await start_run(client, suiteId=suite["id"], targets=[{"model": "ollama:test-model"}])
    assert (await follow(live, first["id"]))[-1]["status"] == "SUCCEEDED"
    second = await start_run(
        client, suiteId=suite["id"], targets=[{"model": "ollama:test-model"}], repeats=2, maxTokens=3
    )
    events = await follow(live, second["id"])
    items = [e["item"] for e in events if e["__typename"] == "RunItemFinished"]
    assert [(i["key"], i["status"]) for i in items] == [
        ("answer", "FAILED"),  # 3 tokens: "The answer is"
        ("answer", "FAILED"),
        ("short", "PASSED"),
        ("short", "PASSED"),
    ]
    assert script.chat_requests[-1].body["options"]["num_predict"] == 3

    compared = (await client(COMPARE, {"ids": [first["id"], second["id"]]}))["compareTestRuns"]
    assert [r["id"] for r in compared["runs"]] == [first["id"], second["id"]]
    assert compared["targets"] == [
        {
            "target": "ollama:test-model",
            "runs": [
                {"runId": first["id"], "passed": 1, "total": 2, "passRate": 0.5},
                {"runId": second["id"], "passed": 2, "total": 4, "passRate": 0.5},
            ],
        }
    ]
    answer = next(c for c in compared["cases"] if c["case"] == "answer")["results"]
    assert [(r["runId"], r["passed"], r["passes"], r["total"], r["status"]) for r in answer] == [
        (first["id"], True, 1, 1, "PASSED"),
        (second["id"], False, 0, 2, "FAILED"),
    ]
    assert answer[0]["output"] == "The answer is 42." and answer[0]["reasons"] == []
    assert answer[1]["output"] == "The answer is" and answer[1]["reasons"] == ["'42' not found in the output"]
    short = next(c for c in compared["cases"] if c["case"] == "short")["results"]
    assert [r["passed"] for r in short] == [False, True]
    assert short[0]["reasons"] == ["5 tokens, over the limit of 3"]

    # Not a TEST run, a missing run, a run listed twice: clear errors.
    for ids, code in (([first["id"], first["id"]], "BAD_USER_INPUT"), (["UnVuOm5vcGU="], "NOT_FOUND")):
        body = await client.raw(COMPARE, {"ids": ids})
        assert body["errors"][0]["extensions"]["code"] == code, body

    # A model the provider does not have: each case is an ERROR with the reason, and the run FAILED.
    missing = await start_run(client, suiteId=suite["id"], targets=[{"model": "ollama:no-such-model"}])
    events = await follow(live, missing["id"])
    assert [e["item"]["status"] for e in events if e["__typename"] == "RunItemFinished"] == ["ERROR", "ERROR"]
    assert events[-1]["status"] == "FAILED" and events[-1]["error"].startswith("every case failed to generate: ")
    errored = (await client(COMPARE, {"ids": [missing["id"]]}))["compareTestRuns"]["cases"][0]["results"][0]
    assert errored["status"] == "ERROR" and not errored["passed"] and "no-such-model" in errored["reasons"][0]

    # Cancel: the case in flight stops, the run ends CANCELLED with what it finished.
    script.tokens_per_second = 20
    many = await create_suite(client, [{"name": f"c{i}", "prompt": "?"} for i in range(8)], name="Many")
    slow = await start_run(client, suiteId=many["id"], targets=[{"model": "ollama:test-model"}])
    async with graphql_ws(live) as ws:
        seen: list[dict[str, Any]] = []
        async for payload in ws.subscribe(EVENTS, {"id": slow["id"]}):
            event = payload["data"]["runEvents"]
            seen.append(event)
            if event["__typename"] == "RunItemFinished" and event["item"]["index"] == 0:
                cancel = "mutation($id: ID!) { cancelRun(id: $id) { __typename } }"
                assert (await client(cancel, {"id": slow["id"]}))["cancelRun"]["__typename"] == "Run"
    assert seen[-1]["status"] == "CANCELLED"
    report = (await client(REPORT, {"id": slow["id"]}))["run"]
    done = report["report"]["targets"][0]
    assert 1 <= done["total"] < 8 and done["passed"] == done["total"]
    assert report["items"]["totalCount"] < 8

    # Resume: the same run runs the cases it had not finished, keeps the rest, and counts them all.
    finished_before = done["total"]  # the case a cancel cut short is stored CANCELLED, and redone
    requests_before = len(script.chat_requests)
    resumed = await client("mutation($id: ID!) { resumeRun(id: $id) { __typename } }", {"id": slow["id"]})
    assert resumed["resumeRun"]["__typename"] == "Run"
    assert (await follow(live, slow["id"]))[-1]["status"] == "SUCCEEDED"
    report = (await client(REPORT, {"id": slow["id"]}))["run"]
    assert report["report"]["targets"][0] == {"target": "ollama:test-model", "passed": 8, "total": 8, "passRate": 1.0}
    assert report["items"]["totalCount"] == 8
    assert len(script.chat_requests) - requests_before == 8 - finished_before


async def test_bad_run_requests(live: str, client: GQL) -> None:
    suite = await create_suite(client, [{"prompt": "?"}])
    empty = await create_suite(client, [], name="Empty")
    cases = [
        ({"suiteId": empty["id"], "targets": [{"model": "ollama:test-model"}]}, "ValidationError", "suiteId"),
        ({"suiteId": suite["id"], "targets": []}, "ValidationError", "targets"),
        ({"suiteId": suite["id"], "targets": [{"model": "nope"}]}, "ValidationError", "targets.0"),
        (
            {"suiteId": suite["id"], "targets": [{"model": "ollama:x", "agentId": suite["id"]}]},
            "ValidationError",
            "targets.0.agentId",
        ),
        (
            {"suiteId": suite["id"], "targets": [{"model": "ollama:a"}, {"model": "ollama:a"}]},
            "ValidationError",
            "targets.1",
        ),
        ({"suiteId": suite["id"], "targets": [{"model": "ollama:a"}], "repeats": 0}, "ValidationError", "repeats"),
        ({"suiteId": suite["id"], "targets": [{"model": "ollama:a"}], "priority": 11}, "ValidationError", "priority"),
        ({"suiteId": "VGVzdFN1aXRlOm5vcGU=", "targets": [{"model": "ollama:a"}]}, "NotFoundError", None),
    ]
    for input_, typename, field in cases:
        result = (await client(START, {"input": input_}))["startTestRun"]
        assert result["__typename"] == typename and result.get("field") == field, (input_, result)
    assert (await client("{ runs(filter: {kind: TEST}) { totalCount } }"))["runs"]["totalCount"] == 0


# -------------------------------------------------------------------------------------- isolation


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_suites_and_test_runs_never_cross_owners(make_settings: Any, ollama_host: str) -> None:
    settings = chat_settings(make_settings, ollama_host, auth_mode="multi", secret_key=MULTI_SECRET)
    with serve(create_app(settings), lifespan="on") as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            anonymous = GQL(http)
            await register(anonymous, "admin")  # the first account is the admin, who sees everything
            bob = await register(anonymous, "bob")
            carol = await register(anonymous, "carol")
            carols_agent = await create_agent(carol, name="Carol's", model="ollama:test-model")
            suite = await create_suite(
                bob, [{"name": "q", "prompt": "?", "assertions": [{"type": "CONTAINS", "value": "42"}]}]
            )
            run = await start_run(bob, suiteId=suite["id"], targets=[{"model": "ollama:test-model"}])
            assert (await follow(base, run["id"], bob.token))[-1]["status"] == "SUCCEEDED"

            for query, variables in [
                (GET, {"id": suite["id"]}),
                (EXPORT, {"id": suite["id"], "format": "JSON"}),
                ("query($id: ID!) { node(id: $id) { id } }", {"id": suite["id"]}),
                (COMPARE, {"ids": [run["id"]]}),
                (REPORT, {"id": run["id"]}),
            ]:
                body = await carol.raw(query, variables)
                assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", (query, body)
            assert (await carol(LIST, {}))["testSuites"]["totalCount"] == 0
            for mutation, variables in [
                (UPDATE, {"id": suite["id"], "input": {"name": "mine"}}),
                (DELETE, {"id": suite["id"]}),
            ]:
                body = await carol(mutation, variables)
                assert next(iter(body.values()))["__typename"] == "NotFoundError", body
            stolen = await carol(
                START, {"input": {"suiteId": suite["id"], "targets": [{"model": "ollama:test-model"}]}}
            )
            assert stolen["startTestRun"]["__typename"] == "NotFoundError"
            # Bob cannot borrow Carol's agent, as a target or inside a case.
            borrowed = await bob(
                START, {"input": {"suiteId": suite["id"], "targets": [{"agentId": carols_agent["id"]}]}}
            )
            assert borrowed["startTestRun"]["__typename"] == "NotFoundError"
            refused = await bob(
                CREATE, {"input": {"name": "x", "cases": [{"prompt": "?", "agentId": carols_agent["id"]}]}}
            )
            assert refused["createTestSuite"]["field"] == "cases.0.agentId"
            exported = (await bob(EXPORT, {"id": suite["id"], "format": "YAML"}))["testSuiteExport"]
            assert (await carol(IMPORT, {"doc": exported, "format": "YAML"}))["importTestSuite"][
                "__typename"
            ] == "TestSuite"
            assert (await bob(LIST, {}))["testSuites"]["totalCount"] == 1  # Carol's copy is hers
            assert (await carol(LIST, {}))["testSuites"]["totalCount"] == 1
            assert (await bob(GET, {"id": suite["id"]}))["testSuite"]["name"] == "Geography"  # unchanged


# ------------------------------------------------------------------------------ the real model


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_suite_on_the_real_local_model(make_settings: Any) -> None:
    with serve(create_app(make_settings()), lifespan="on") as base:
        async with httpx.AsyncClient(base_url=base, timeout=180) as http:
            gql = GQL(http)
            suite = await create_suite(
                gql,
                [
                    {
                        "name": "capital",
                        "prompt": "What is the capital of France?",
                        "assertions": [
                            {"type": "NOT_CONTAINS", "value": "zq-never-said-xyzzy"},
                            {"type": "MAX_OUTPUT_TOKENS", "maxTokens": 8},
                        ],
                    }
                ],
            )
            run = await start_run(gql, suiteId=suite["id"], targets=[{"model": "local:gemma-3-270m"}], maxTokens=8)
            events = await asyncio.wait_for(follow(base, run["id"]), 180)
            assert events[-1]["status"] == "SUCCEEDED", events[-1]
            item = next(e["item"] for e in events if e["__typename"] == "RunItemFinished")
            assert item["status"] == "PASSED", item
            assert item["output"] and 0 < item["completionTokens"] <= 8 and item["latencyMs"] > 0
            report = (await gql(REPORT, {"id": run["id"]}))["run"]["report"]
            assert report["targets"] == [{"target": "local:gemma-3-270m", "passed": 1, "total": 1, "passRate": 1.0}]
