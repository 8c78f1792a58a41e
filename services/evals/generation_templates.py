"""Saved generation templates: a Jinja2 body, its declared variables and a default model, for GENERATION runs.

A body is checked when it is saved: it compiles in the same sandbox a run renders in, and every variable it reads
is declared (or is `item` or `index`, which every item gets); an undeclared one is an error naming it. Variables are
stored as `{"name", "description", "required", "default"?}` in declaration order. Export and import use a versioned
JSON envelope: `{"format": "switchboard.generation-template", "version": 1, "template": {...}}`.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from services import import_documents, validation
from services.auth import Actor
from services.db.models import GenerationTemplate
from services.db.types import utcnow
from services.errors import ImportFailed, ValidationFailed
from services.evals.prompt_templates import BUILT_IN, used_variables
from services.ownership import delete_owned, get_owned, named_page
from services.pagination import Page, PageArgs
from services.settings import LimitSettings, Settings

FORMAT = "switchboard.generation-template"
FORMAT_VERSION = 1
MAX_VARIABLES = 64
MAX_VARIABLE_DESCRIPTION = 2000
MAX_DEFAULT_CHARS = 10_000  # a default's JSON text
ENVELOPE = ("format", "version", "exportedAt", "template")
VARIABLE_NAME = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class VariableDoc(_Strict):
    name: str = Field(pattern=VARIABLE_NAME)
    description: str = Field(default="", max_length=MAX_VARIABLE_DESCRIPTION)
    required: bool = True
    default: Any = None  # any JSON value; null or absent: no default (an optional variable is then empty text)

    @model_validator(mode="after")
    def _consistent(self) -> VariableDoc:
        if self.name in BUILT_IN:
            raise ValueError(f"{self.name!r} is given to every item; choose another name")
        if self.default is not None:
            if self.required:
                raise ValueError("a required variable takes no default; set required to false")
            if len(json.dumps(self.default)) > MAX_DEFAULT_CHARS:
                raise ValueError(f"the default must be at most {MAX_DEFAULT_CHARS} characters of JSON")
        return self

    def stored(self) -> dict[str, Any]:
        out = {"name": self.name, "description": self.description, "required": self.required}
        if self.default is not None:
            out["default"] = self.default
        return out


class TemplateDoc(_Strict):
    name: str
    description: str = ""
    body: str
    variables: list[VariableDoc] = Field(default_factory=list, max_length=MAX_VARIABLES)
    model: str | None = None


def _first_problem(exc: ValidationError, prefix: str = "") -> tuple[str, str]:
    first = exc.errors()[0]
    path = prefix + ".".join(str(part) for part in first["loc"])
    return path, first["msg"].removeprefix("Value error, ")


def _checked(data: dict[str, Any], limits: LimitSettings, prefix: str = "") -> TemplateDoc:
    """A template from its document form, every field checked; ValidationFailed names the field's path."""
    try:
        doc = TemplateDoc.model_validate(data)
    except ValidationError as exc:
        path, message = _first_problem(exc, prefix)
        raise ValidationFailed(f"{path}: {message}", path) from None
    doc.name = validation.name(doc.name, f"{prefix}name", limits)
    doc.description = validation.text(doc.description, f"{prefix}description", limits)
    if doc.model is not None:
        doc.model = validation.model_name(doc.model, f"{prefix}model") if doc.model.strip() else None
    names = [v.name for v in doc.variables]
    for index, name in enumerate(names):
        if name in names[:index]:
            where = f"{prefix}variables.{index}.name"
            raise ValidationFailed(f"{where}: {name!r} is declared twice", where)
    undeclared = sorted(used_variables(doc.body, f"{prefix}body") - BUILT_IN - set(names))
    if undeclared:
        listed = ", ".join(repr(n) for n in undeclared)
        raise ValidationFailed(
            f"{prefix}body uses the undeclared variable{'s' if len(undeclared) > 1 else ''} {listed}; "
            "declare it in variables (item and index need no declaration)",
            f"{prefix}body",
        )
    return doc


# ------------------------------------------------------------------------------------------- CRUD


async def create(
    session: AsyncSession,
    actor: Actor,
    limits: LimitSettings,
    *,
    name: str,
    description: str,
    body: str,
    variables: list[dict[str, Any]],
    model: str | None,
) -> GenerationTemplate:
    doc = _checked(
        {
            "name": name,
            "description": description,
            "body": body,
            "variables": variables,
            "model": model,
        },
        limits,
    )
    return await _insert(session, actor, doc)


async def _insert(session: AsyncSession, actor: Actor, doc: TemplateDoc) -> GenerationTemplate:
    now = utcnow()
    row = GenerationTemplate(
        owner_id=actor.id,
        created_at=now,
        updated_at=now,
        name=doc.name,
        description=doc.description,
        body=doc.body,
        variables=[v.stored() for v in doc.variables],
        model=doc.model,
    )
    session.add(row)
    await session.flush()
    return row


async def get(session: AsyncSession, actor: Actor, template_id: str) -> GenerationTemplate:
    return await get_owned(session, GenerationTemplate, actor, template_id)


async def update(
    session: AsyncSession,
    actor: Actor,
    limits: LimitSettings,
    template_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    body: str | None = None,
    variables: list[dict[str, Any]] | None = None,
    model: str | None = None,
) -> GenerationTemplate:
    """Omitted (None) fields stay; `variables` replaces the whole list; an empty `model` clears the default model.
    The body and the variables are checked together, whichever changed."""
    row = await get(session, actor, template_id)
    doc = _checked(
        {
            "name": name if name is not None else row.name,
            "description": description if description is not None else row.description,
            "body": body if body is not None else row.body,
            "variables": variables if variables is not None else row.variables,
            "model": model if model is not None else row.model,
        },
        limits,
    )
    row.name, row.description, row.body, row.model = doc.name, doc.description, doc.body, doc.model
    row.variables = [v.stored() for v in doc.variables]
    row.updated_at = utcnow()
    await session.flush()
    return row


async def delete(session: AsyncSession, actor: Actor, template_id: str) -> GenerationTemplate:
    """Runs started from it stay: each keeps the body and variables it rendered."""
    return await delete_owned(session, GenerationTemplate, actor, template_id)


async def list_page(session: AsyncSession, actor: Actor, search: str | None, args: PageArgs) -> Page[Any]:
    return await named_page(session, GenerationTemplate, actor, search, args)


# ------------------------------------------------------------------------------------ import/export


async def export_document(session: AsyncSession, actor: Actor, template_id: str) -> str:
    row = await get(session, actor, template_id)
    doc = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exportedAt": utcnow().isoformat(),
        "template": {
            "name": row.name,
            "description": row.description,
            "body": row.body,
            "variables": row.variables,
            "model": row.model,
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def parse_document(text: str, settings: Settings) -> TemplateDoc:
    """The envelope first (a foreign or newer document gets a precise message), then every field, as create
    checks it; problems are ImportFailed with their path in the document (`template.variables.0.name`)."""
    data = import_documents.load(text, "json", settings, format=FORMAT, version=FORMAT_VERSION, body="template")
    if unknown := sorted(str(key) for key in data if key not in ENVELOPE):
        raise ImportFailed(f"{unknown[0]}: unknown field; the envelope has {', '.join(ENVELOPE)}", unknown[0])
    try:
        return _checked(data["template"], settings.limits, "template.")
    except ValidationFailed as exc:
        raise ImportFailed(exc.message, exc.field) from None


async def import_document(session: AsyncSession, actor: Actor, text: str, settings: Settings) -> GenerationTemplate:
    """A new template (new ID) from an exported document."""
    return await _insert(session, actor, parse_document(text, settings))
