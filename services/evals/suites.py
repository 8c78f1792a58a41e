"""Test suites: named lists of cases (a prompt or messages, optionally an agent, and assertions).

Cases are validated as a whole with pydantic and every problem is reported with its path in the suite,
e.g. `cases.2.assertions.0.pattern`. They are stored as JSON in their document form (camelCase, agent
IDs as database IDs), and exported or imported as a JSON or YAML document with a format/version
envelope like agent exports: `{"format": "switchboard.test-suite", "version": 1, "suite": {...}}`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from services import import_documents
from services.auth import Actor
from services.db.models import Agent, TestSuite
from services.db.types import utcnow
from services.errors import ImportFailed, ValidationFailed
from services.evals.assertions import TYPES, Assertion
from services.ownership import delete_owned, get_owned, get_owned_many, named_page
from services.pagination import Page, PageArgs
from services.settings import Settings

FORMAT = "switchboard.test-suite"
FORMAT_VERSION = 1
MAX_CASES = 500
MAX_ASSERTIONS = 20
MAX_MESSAGES = 50
MAX_TEXT = 100_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class MessageDoc(_Strict):
    role: Literal["system", "user", "assistant"]
    content: str = Field(max_length=MAX_TEXT)


class CaseDoc(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    prompt: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT)
    messages: list[MessageDoc] | None = Field(default=None, min_length=1, max_length=MAX_MESSAGES)
    agent_id: str | None = Field(default=None, alias="agentId")
    max_tokens: int | None = Field(default=None, ge=1, le=131_072, alias="maxTokens")
    assertions: list[Assertion] = Field(default_factory=list, max_length=MAX_ASSERTIONS)

    @model_validator(mode="after")
    def _one_input(self) -> CaseDoc:
        if (self.prompt is None) == (self.messages is None):
            raise ValueError("give either prompt or messages")
        if self.messages is not None and not any(m.role != "system" for m in self.messages):
            raise ValueError("messages need at least one user or assistant turn")
        return self

    def text(self) -> str:
        """The input as one text (for a judge, and for display)."""
        if self.prompt is not None:
            return self.prompt
        return "\n".join(f"{m.role}: {m.content}" for m in self.messages or [])


class SuiteDoc(_Strict):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    cases: list[CaseDoc] = Field(default_factory=list, max_length=MAX_CASES)


class ExportDoc(_Strict):
    format: Literal["switchboard.test-suite"]
    version: int
    exported_at: datetime | None = Field(default=None, alias="exportedAt")
    suite: SuiteDoc


def _path(loc: tuple[Any, ...], error_type: str) -> str:
    """pydantic's location without the discriminator tag it inserts: cases.2.assertions.0.pattern."""
    parts: list[str] = []
    for index, part in enumerate(loc):
        after_assertion = index >= 2 and loc[index - 2] == "assertions" and isinstance(loc[index - 1], int)
        if after_assertion and part in TYPES:
            continue
        parts.append(str(part))
    if error_type in ("union_tag_invalid", "union_tag_not_found"):
        parts.append("type")
    return ".".join(parts)


def _first_problem(exc: ValidationError, prefix: str = "") -> tuple[str, str]:
    first = exc.errors()[0]
    path = prefix + _path(tuple(first["loc"]), first["type"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "union_tag_invalid":
        message = f"unknown assertion type; use one of {', '.join(TYPES)}"
    elif first["type"] == "union_tag_not_found":
        message = f"an assertion needs a type: one of {', '.join(TYPES)}"
    return path, message


def _named(doc: SuiteDoc, prefix: str = "") -> SuiteDoc:
    """Unnamed cases are called 'case 1', 'case 2', ...; names must be unique (runs line cases up by name)."""
    seen: set[str] = set()
    for index, case in enumerate(doc.cases):
        case.name = (case.name or f"case {index + 1}").strip() or f"case {index + 1}"
        if case.name in seen:
            raise ValidationFailed(
                f"{prefix}cases.{index}.name: duplicate case name {case.name!r}", f"{prefix}cases.{index}.name"
            )
        seen.add(case.name)
    return doc


def validate(data: dict[str, Any]) -> SuiteDoc:
    """A suite from its document form; ValidationFailed names the first problem's path."""
    try:
        doc = SuiteDoc.model_validate(data)
    except ValidationError as exc:
        path, message = _first_problem(exc)
        raise ValidationFailed(f"{path}: {message}", path) from None
    return _named(doc)


def dump_cases(cases: list[CaseDoc]) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json", by_alias=True, exclude_none=True) for c in cases]


def load_cases(stored: list[dict[str, Any]]) -> list[CaseDoc]:
    return [CaseDoc.model_validate(c) for c in stored]


async def _check_agents(session: AsyncSession, actor: Actor, doc: SuiteDoc, prefix: str = "") -> None:
    wanted = [c.agent_id for c in doc.cases if c.agent_id]
    found = await get_owned_many(session, Agent, actor, wanted)
    for index, case in enumerate(doc.cases):
        if case.agent_id and case.agent_id not in found:
            where = f"{prefix}cases.{index}.agentId"
            raise ValidationFailed(f"{where}: no agent {case.agent_id!r} of yours", where)


# ------------------------------------------------------------------------------------------- CRUD


async def create(
    session: AsyncSession, actor: Actor, *, name: str, description: str, cases: list[dict[str, Any]]
) -> TestSuite:
    doc = validate({"name": name.strip(), "description": description, "cases": cases})
    await _check_agents(session, actor, doc)
    suite = TestSuite(owner_id=actor.id, name=doc.name, description=doc.description, cases=dump_cases(doc.cases))
    session.add(suite)
    await session.flush()
    return suite


async def get(session: AsyncSession, actor: Actor, suite_id: str) -> TestSuite:
    return await get_owned(session, TestSuite, actor, suite_id)


async def update(
    session: AsyncSession,
    actor: Actor,
    suite_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    cases: list[dict[str, Any]] | None = None,
) -> TestSuite:
    """Omitted fields stay; `cases` replaces the whole list."""
    suite = await get(session, actor, suite_id)
    doc = validate(
        {
            "name": (name if name is not None else suite.name).strip(),
            "description": description if description is not None else suite.description,
            "cases": cases if cases is not None else suite.cases,
        }
    )
    if cases is not None:
        await _check_agents(session, actor, doc)
    suite.name, suite.description, suite.cases = doc.name, doc.description, dump_cases(doc.cases)
    suite.updated_at = utcnow()
    await session.flush()
    return suite


async def delete(session: AsyncSession, actor: Actor, suite_id: str) -> TestSuite:
    """Runs of the suite stay: they carry a copy of the cases they ran."""
    return await delete_owned(session, TestSuite, actor, suite_id)


async def list_page(session: AsyncSession, actor: Actor, search: str | None, args: PageArgs) -> Page[Any]:
    return await named_page(session, TestSuite, actor, search, args)


# ------------------------------------------------------------------------------------ import/export

AgentCodec = Callable[[str, str], str]  # (value, field path) -> the other form of the agent ID


async def export_document(
    session: AsyncSession, actor: Actor, suite_id: str, fmt: str, encode_agent: AgentCodec
) -> str:
    suite = await get(session, actor, suite_id)
    cases = [dict(c) for c in suite.cases]
    for index, case in enumerate(cases):
        if case.get("agentId"):
            case["agentId"] = encode_agent(case["agentId"], f"cases.{index}.agentId")
    doc = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exportedAt": utcnow().isoformat(),
        "suite": {"name": suite.name, "description": suite.description, "cases": cases},
    }
    if import_documents.checked_format(fmt) == "yaml":
        return str(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100))
    return json.dumps(doc, indent=2, ensure_ascii=False)


def parse_document(text: str, fmt: str, settings: Settings) -> ExportDoc:
    """The envelope is checked first, so a foreign or newer document gets a precise message."""
    data = import_documents.load(text, fmt, settings, format=FORMAT, version=FORMAT_VERSION, body="suite")
    try:
        doc = ExportDoc.model_validate(data)
    except ValidationError as exc:
        path, message = _first_problem(exc)
        raise ImportFailed(f"{path}: {message}", path) from None
    try:
        _named(doc.suite, "suite.")
    except ValidationFailed as exc:
        raise ImportFailed(exc.message, exc.field) from None
    return doc


async def import_document(
    session: AsyncSession, actor: Actor, text: str, fmt: str, settings: Settings, decode_agent: AgentCodec
) -> TestSuite:
    """A new suite (new ID) from an exported document; all or nothing."""
    doc = parse_document(text, fmt, settings).suite
    try:
        for index, case in enumerate(doc.cases):
            if case.agent_id:
                case.agent_id = decode_agent(case.agent_id, f"suite.cases.{index}.agentId")
        await _check_agents(session, actor, doc, "suite.")
    except ValidationFailed as exc:
        raise ImportFailed(exc.message, exc.field) from None
    suite = TestSuite(owner_id=actor.id, name=doc.name, description=doc.description, cases=dump_cases(doc.cases))
    session.add(suite)
    await session.flush()
    return suite
