"""Test case assertions: what each type means, how it is validated, and how it is checked.

Every type but RUBRIC is a pure function of the output and its figures (latency, tokens), so it is
checked here; RUBRIC asks a judge model (services/evals/judge.py). Each check returns a verdict with a
reason either way, so a report says why a case passed as well as why it failed.

Regular expressions cannot be interrupted in CPython (`re` holds the GIL), so instead of a timeout the
pattern is guarded up front: at most MAX_PATTERN_CHARS, it must compile, and nested unbounded repeats
(`(a+)+`, `(\\w*\\s?)*`: the classic catastrophic-backtracking shapes) are refused; the match then runs on
at most MAX_SEARCHED_CHARS of output.

JSON schemas are checked by a small built-in subset of JSON Schema (the `jsonschema` package is not a
dependency): type, enum, const, properties, required, additionalProperties, items, min/maxLength,
minimum/maximum, exclusiveMinimum/Maximum, min/maxItems. Other keywords are refused when the suite is
saved, so a schema never silently checks less than it says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

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
    """The output is JSON and matches the schema (the subset described at the top of this module)."""

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
    Contains | NotContains | Equals | Regex | JsonValid | JsonSchema | MaxLatency | MaxOutputTokens | Rubric,
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


_TYPE_NAMES = ("null", "boolean", "integer", "number", "string", "array", "object")
_KEYWORDS = {
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
}
_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "default", "examples"}


def check_schema(schema: Any, path: str = "") -> None:
    """ValueError naming the first unsupported or malformed keyword, e.g. `properties.age.oneOf`."""
    where = f"{path}." if path else ""
    if not isinstance(schema, dict):
        raise ValueError(f"{path or 'schema'}: a schema must be an object")
    for key, value in schema.items():
        if key in _ANNOTATIONS:
            continue
        if key not in _KEYWORDS:
            supported = ", ".join(sorted(_KEYWORDS))
            raise ValueError(f"{where}{key}: keyword not supported (supported: {supported})")
        if key == "type":
            names = value if isinstance(value, list) else [value]
            if not names or any(n not in _TYPE_NAMES for n in names):
                raise ValueError(f"{where}type: must be one of {', '.join(_TYPE_NAMES)} (or a list of them)")
        elif key == "enum" and not isinstance(value, list):
            raise ValueError(f"{where}enum: must be a list")
        elif key == "properties":
            if not isinstance(value, dict):
                raise ValueError(f"{where}properties: must be an object")
            for name, sub in value.items():
                check_schema(sub, f"{where}properties.{name}")
        elif key == "required" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ValueError(f"{where}required: must be a list of property names")
        elif key in ("additionalProperties", "items"):
            if not isinstance(value, bool):
                check_schema(value, f"{where}{key}")
        elif key in ("minLength", "maxLength", "minItems", "maxItems"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{where}{key}: must be a non-negative integer")
        elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and not _is_type(value, "number"):
            raise ValueError(f"{where}{key}: must be a number")


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return _json_kind(value) == name


def schema_errors(value: Any, schema: Any, path: str = "$") -> list[str]:
    """Every way `value` fails `schema`, each with its JSON path; empty when it matches."""
    if schema is True or schema == {}:
        return []
    if schema is False:
        return [f"{path}: no value is allowed here"]
    errors: list[str] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, n) for n in names):
            return [f"{path}: expected {' or '.join(names)}, got {_json_kind(value)}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {json.dumps(value)[:60]} is not one of {json.dumps(schema['enum'])[:120]}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: must be {json.dumps(schema['const'])[:60]}")
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append(f"{path}: shorter than {schema['minLength']} characters")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append(f"{path}: longer than {schema['maxLength']} characters")
    if _is_type(value, "number"):
        bounds = (
            ("minimum", lambda v, b: v >= b, "below the minimum"),
            ("maximum", lambda v, b: v <= b, "above the maximum"),
            ("exclusiveMinimum", lambda v, b: v > b, "not above"),
            ("exclusiveMaximum", lambda v, b: v < b, "not below"),
        )
        for key, holds, words in bounds:
            if key in schema and not holds(value, schema[key]):
                errors.append(f"{path}: {value} is {words} {schema[key]}")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{path}: missing required property {name!r}")
        properties = schema.get("properties", {})
        for name, item in value.items():
            if name in properties:
                errors += schema_errors(item, properties[name], f"{path}.{name}")
            elif "additionalProperties" in schema:
                extra = schema["additionalProperties"]
                if extra is False:
                    errors.append(f"{path}: property {name!r} is not allowed")
                else:
                    errors += schema_errors(item, extra, f"{path}.{name}")
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{path}: more than {schema['maxItems']} items")
        if "items" in schema:
            for index, item in enumerate(value):
                errors += schema_errors(item, schema["items"], f"{path}[{index}]")
    return errors
