"""Test case assertions: what each type means, how it is validated, and how it is checked.

Every type but RUBRIC is a pure function of the output and its figures (latency, tokens), so it is
checked here; RUBRIC asks a judge model (services/evals/judge.py). Each check returns a verdict with a
reason either way, so a report says why a case passed as well as why it failed.

Regular expressions cannot be interrupted in CPython (`re` holds the GIL), so instead of a timeout the
pattern is guarded up front: at most MAX_PATTERN_CHARS, it must compile, and nested unbounded repeats
(`(a+)+`, `(\\w*\\s?)*`: the classic catastrophic-backtracking shapes) are refused; the match then runs on
at most MAX_SEARCHED_CHARS of output.

JSON schemas are full JSON Schema (draft 2020-12) through the `jsonschema` package; a schema that is not
valid JSON Schema is refused when the suite is saved.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.settings import _check_model_name

MAX_PATTERN_CHARS = 500
MAX_SEARCHED_CHARS = 20_000
MAX_VALUE_CHARS = 10_000
MAX_RUBRIC_CHARS = 4_000


@dataclass(frozen=True)
class Observed:
    """What a case run produced."""

    output: str
    latency_ms: float | None = None
    completion_tokens: int | None = None
    tool_calls: tuple[dict[str, Any], ...] = ()  # {"name", "input", "round"}, in the order they were made
    rounds: int = 1  # model rounds (the agent loop)


@dataclass(frozen=True)
class Verdict:
    type: str
    passed: bool
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "passed": self.passed, "reason": self.reason}


def _quote(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


class _Assertion(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Contains(_Assertion):
    type: Literal["contains"]
    value: str = Field(min_length=1, max_length=MAX_VALUE_CHARS)
    case_sensitive: bool = Field(default=False, alias="caseSensitive")

    def check(self, seen: Observed) -> Verdict:
        found = _find(self.value, seen.output, self.case_sensitive)
        reason = f"found {_quote(self.value)}" if found else f"{_quote(self.value)} not found in the output"
        return Verdict(self.type, found, reason)


class NotContains(_Assertion):
    type: Literal["not_contains"]
    value: str = Field(min_length=1, max_length=MAX_VALUE_CHARS)
    case_sensitive: bool = Field(default=False, alias="caseSensitive")

    def check(self, seen: Observed) -> Verdict:
        found = _find(self.value, seen.output, self.case_sensitive)
        reason = f"the output contains {_quote(self.value)}" if found else f"{_quote(self.value)} does not occur"
        return Verdict(self.type, not found, reason)


class Equals(_Assertion):
    """The whole output, leading and trailing whitespace aside, equals the value."""

    type: Literal["equals"]
    value: str = Field(max_length=MAX_VALUE_CHARS)
    case_sensitive: bool = Field(default=True, alias="caseSensitive")

    def check(self, seen: Observed) -> Verdict:
        got, want = seen.output.strip(), self.value.strip()
        same = got == want if self.case_sensitive else got.casefold() == want.casefold()
        reason = f"the output equals {_quote(want)}" if same else f"expected {_quote(want)}, got {_quote(got)}"
        return Verdict(self.type, same, reason)


class Regex(_Assertion):
    """The pattern matches somewhere in the output (`re.search`; `(?i)` for case-insensitive)."""

    type: Literal["regex"]
    pattern: str = Field(min_length=1, max_length=MAX_PATTERN_CHARS)

    @field_validator("pattern")
    @classmethod
    def _safe(cls, value: str) -> str:
        return check_pattern(value)

    def check(self, seen: Observed) -> Verdict:
        match = re.search(self.pattern, seen.output[:MAX_SEARCHED_CHARS])
        if match:
            return Verdict(self.type, True, f"matched {_quote(match.group(0))} at {match.start()}")
        return Verdict(self.type, False, f"no match for /{self.pattern}/")


class JsonValid(_Assertion):
    """The output is one JSON value (a surrounding markdown code fence is allowed)."""

    type: Literal["json_valid"]

    def check(self, seen: Observed) -> Verdict:
        try:
            value = parse_json_output(seen.output)
        except ValueError as exc:
            return Verdict(self.type, False, str(exc))
        return Verdict(self.type, True, f"valid JSON ({_json_kind(value)})")


class JsonSchema(_Assertion):
    """The output is JSON and matches the JSON Schema (draft 2020-12)."""

    type: Literal["json_schema"]
    json_schema: dict[str, Any] = Field(alias="schema")

    @field_validator("json_schema")
    @classmethod
    def _supported(cls, value: dict[str, Any]) -> dict[str, Any]:
        check_schema(value)
        return value

    def check(self, seen: Observed) -> Verdict:
        try:
            value = parse_json_output(seen.output)
        except ValueError as exc:
            return Verdict(self.type, False, str(exc))
        problems = schema_errors(value, self.json_schema)
        if problems:
            return Verdict(self.type, False, f"does not match the schema: {problems[0]}")
        return Verdict(self.type, True, "matches the schema")


class MaxLatency(_Assertion):
    type: Literal["max_latency"]
    max_ms: float = Field(gt=0, alias="maxMs")

    def check(self, seen: Observed) -> Verdict:
        if seen.latency_ms is None:
            return Verdict(self.type, False, "latency was not measured")
        ok = seen.latency_ms <= self.max_ms
        relation = "within" if ok else "over"
        return Verdict(self.type, ok, f"{seen.latency_ms:g} ms, {relation} the limit of {self.max_ms:g} ms")


class MaxOutputTokens(_Assertion):
    type: Literal["max_output_tokens"]
    max_tokens: int = Field(ge=0, alias="maxTokens")

    def check(self, seen: Observed) -> Verdict:
        if seen.completion_tokens is None:
            return Verdict(self.type, False, "the provider did not report output tokens")
        ok = seen.completion_tokens <= self.max_tokens
        relation = "within" if ok else "over"
        return Verdict(self.type, ok, f"{seen.completion_tokens} tokens, {relation} the limit of {self.max_tokens}")


class ToolCalled(_Assertion):
    """The agent called the tool `name` at least once; with `schema`, at least one such call's arguments match it."""

    type: Literal["tool_called"]
    name: str = Field(min_length=1, max_length=200)
    json_schema: dict[str, Any] | None = Field(default=None, alias="schema")

    @field_validator("json_schema")
    @classmethod
    def _supported(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            check_schema(value)
        return value

    def check(self, seen: Observed) -> Verdict:
        calls = [c for c in seen.tool_calls if c.get("name") == self.name]
        if not calls:
            made = ", ".join(sorted({str(c.get("name")) for c in seen.tool_calls})) or "none"
            return Verdict(self.type, False, f"{self.name} was not called (calls made: {made})")
        if self.json_schema is None:
            return Verdict(self.type, True, f"{self.name} was called {len(calls)} time(s)")
        problems = [schema_errors(c.get("input"), self.json_schema) for c in calls]
        if any(not p for p in problems):
            return Verdict(self.type, True, f"{self.name} was called with arguments matching the schema")
        return Verdict(self.type, False, f"no call of {self.name} matched the schema: {problems[0][0]}")


class MaxToolRounds(_Assertion):
    """The agent answered within `maxRounds` rounds of tool calls."""

    type: Literal["max_tool_rounds"]
    max_rounds: int = Field(ge=0, le=100, alias="maxRounds")

    def check(self, seen: Observed) -> Verdict:
        rounds = len({c.get("round") for c in seen.tool_calls})
        ok = rounds <= self.max_rounds
        relation = "within" if ok else "over"
        return Verdict(self.type, ok, f"{rounds} round(s) of tool calls, {relation} the limit of {self.max_rounds}")


class Rubric(_Assertion):
    """A judge model reads the rubric, the input and the output, and says PASS or FAIL with a reason."""

    type: Literal["rubric"]
    rubric: str = Field(min_length=1, max_length=MAX_RUBRIC_CHARS)
    judge: str | None = Field(default=None, description="'provider:model'; default: the run's judge")

    @field_validator("judge")
    @classmethod
    def _model(cls, value: str | None) -> str | None:
        return None if value is None else _check_model_name(value.strip())


Assertion = Annotated[
    Contains
    | NotContains
    | Equals
    | Regex
    | JsonValid
    | JsonSchema
    | MaxLatency
    | MaxOutputTokens
    | ToolCalled
    | MaxToolRounds
    | Rubric,
    Field(discriminator="type"),
]
TYPES = (
    "contains",
    "not_contains",
    "equals",
    "regex",
    "json_valid",
    "json_schema",
    "max_latency",
    "max_output_tokens",
    "tool_called",
    "max_tool_rounds",
    "rubric",
)


def check(assertion: Any, seen: Observed) -> Verdict:
    """Any assertion but a rubric (which needs a judge: services/evals/judge.py)."""
    if isinstance(assertion, Rubric):
        raise TypeError("rubric assertions are judged, not checked")
    verdict: Verdict = assertion.check(seen)
    return verdict


# --------------------------------------------------------------------------------------- text


def _find(needle: str, haystack: str, case_sensitive: bool) -> bool:
    if case_sensitive:
        return needle in haystack
    return needle.casefold() in haystack.casefold()


# --------------------------------------------------------------------------------------- regex


def check_pattern(pattern: str) -> str:
    """The pattern if it compiles and has no nested unbounded repeat; ValueError saying why not."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise ValueError(f"pattern must be at most {MAX_PATTERN_CHARS} characters")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern)
    except Exception:  # pragma: no cover - the private parser moved; the compile check still holds
        return pattern
    if _nested_repeat(parsed, _parser, inside=False):
        raise ValueError(
            "nested unbounded repeats like (a+)+ can take exponential time; rewrite the pattern without them"
        )
    return pattern


def _nested_repeat(items: Any, parser: Any, *, inside: bool) -> bool:
    repeats = (parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", None))
    for op, arg in items:
        if op in repeats:
            _low, high, body = arg
            unbounded = high == parser.MAXREPEAT or high > 100
            if unbounded and inside:
                return True
            if _nested_repeat(body, parser, inside=inside or unbounded):
                return True
        elif op == parser.SUBPATTERN:
            if _nested_repeat(arg[-1], parser, inside=inside):
                return True
        elif op == parser.BRANCH:
            if any(_nested_repeat(branch, parser, inside=inside) for branch in arg[1]):
                return True
        elif op in (parser.ASSERT, parser.ASSERT_NOT) and _nested_repeat(arg[1], parser, inside=inside):
            return True
    return False


# --------------------------------------------------------------------------------------- JSON

_FENCE = re.compile(r"^```[\w-]*[ \t]*\n(.*?)\n?```$", re.DOTALL)


def parse_json_output(output: str) -> Any:
    text = output.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    if not text:
        raise ValueError("the output is empty, not JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema)


def check_schema(schema: Any) -> None:
    """ValueError when `schema` is not a valid JSON Schema (draft 2020-12), naming where."""
    if not isinstance(schema, dict):
        raise ValueError("schema: a schema must be an object")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = ".".join(str(p) for p in exc.absolute_path) or "schema"
        raise ValueError(f"{where}: {exc.message}") from None


def schema_errors(value: Any, schema: dict[str, Any]) -> list[str]:
    """Every way `value` fails `schema` (the `jsonschema` package, draft 2020-12), each with its JSON path,
    most specific first; empty when it matches."""
    errors = sorted(_validator(schema).iter_errors(value), key=lambda e: (len(e.absolute_path), e.json_path))
    return [f"{e.json_path}: {e.message}" for e in errors]
