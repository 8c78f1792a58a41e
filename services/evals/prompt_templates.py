"""Jinja2 prompt templates for GENERATION runs: compiling in the sandbox, the variables a body uses, and rendering a
batch of items.

Templates are Jinja2 in a sandbox (no attribute access to Python internals, no imports) with strict undefined
variables. Every item is rendered before a run is queued, so a missing variable is a clear error naming the item
and the variable, and nothing starts. An object item's keys are variables of their own; every item is also `item`,
and its position `index`. A saved template declares its variables: a required one missing from an item is an error
naming the item, an optional one takes its default (empty text when it has none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from services.errors import ValidationFailed

MAX_ITEMS = 1000
MAX_TEMPLATE_CHARS = 20_000
MAX_PROMPT_CHARS = 100_000
BUILT_IN = frozenset({"item", "index"})  # every item gets these

_env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)


def _checked_text(template: str, field: str) -> None:
    if not template.strip():
        raise ValidationFailed(f"{field} must not be empty", field)
    if len(template) > MAX_TEMPLATE_CHARS:
        raise ValidationFailed(f"{field} must be at most {MAX_TEMPLATE_CHARS} characters", field)


def _syntax_error(exc: jinja2.TemplateSyntaxError, field: str) -> ValidationFailed:
    return ValidationFailed(f"{field} syntax error at line {exc.lineno}: {exc.message}", field)


def _too_deep(field: str) -> ValidationFailed:
    # Jinja's parser and Python's compiler recurse per level of nesting: deep brackets or blocks end there, after
    # work bounded by the recursion limit, rather than as an internal error.
    return ValidationFailed(f"{field} is nested too deeply (brackets, attributes or blocks)", field)


def compile_template(template: str, field: str = "template") -> jinja2.Template:
    """The compiled template, or a ValidationFailed naming `field` (empty, too long, bad syntax, too deep)."""
    _checked_text(template, field)
    try:
        return _env.from_string(template)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(exc, field) from None
    except (RecursionError, SyntaxError, MemoryError):
        raise _too_deep(field) from None


def used_variables(template: str, field: str = "template") -> set[str]:
    """The variables a body reads that neither it nor the environment defines (`item` and `index` included)."""
    compile_template(template, field)  # the same checks as a run makes, before the AST walk
    try:
        return set(meta.find_undeclared_variables(_env.parse(template))) - set(_env.globals)
    except RecursionError:
        raise _too_deep(field) from None


def _variables(item: Any, index: int, declared: Sequence[Mapping[str, Any]] | None) -> dict[str, Any]:
    own = {str(k): v for k, v in item.items()} if isinstance(item, dict) else {}
    for variable in declared or ():
        name = variable["name"]
        if name in own:
            continue
        if variable.get("required"):
            shape = "" if isinstance(item, dict) else " (the item is not an object)"
            raise ValidationFailed(f"items.{index}: missing required variable {name!r}{shape}", f"items.{index}")
        own[name] = variable.get("default", "")
    return {**own, "item": item, "index": index}


def render_all(template: str, batch: list[Any], declared: Sequence[Mapping[str, Any]] | None = None) -> list[str]:
    """Every item's prompt, or a ValidationFailed naming the first problem. `declared` is a saved template's
    variables (name, required, default)."""
    _checked_text(template, "template")
    if not batch:
        raise ValidationFailed("items must not be empty", "items")
    if len(batch) > MAX_ITEMS:
        raise ValidationFailed(f"at most {MAX_ITEMS} items per run", "items")
    compiled = compile_template(template)
    prompts = []
    for index, item in enumerate(batch):
        variables = _variables(item, index, declared)
        try:
            prompt = compiled.render(variables)
        except jinja2.UndefinedError as exc:
            raise ValidationFailed(f"items.{index}: {exc.message}", f"items.{index}") from None
        except jinja2.exceptions.SecurityError as exc:
            raise ValidationFailed(f"template: not allowed: {exc}", "template") from None
        except Exception as exc:  # a filter or operation failed on this item's values (e.g. int + str)
            raise ValidationFailed(f"items.{index}: {type(exc).__name__}: {exc}", f"items.{index}") from None
        if not prompt.strip():
            raise ValidationFailed(f"items.{index}: the rendered prompt is empty", f"items.{index}")
        if len(prompt) > MAX_PROMPT_CHARS:
            raise ValidationFailed(f"items.{index}: the rendered prompt is too long", f"items.{index}")
        prompts.append(prompt)
    return prompts
