"""Jinja2 prompt templates for GENERATION runs: compiling in the sandbox, the variables a body uses, and rendering a
batch of items.

Templates are Jinja2 in a sandbox (no attribute access to Python internals, no imports) with strict undefined
variables. Every item is rendered before a run is queued, so a missing variable is a clear error naming the item
and the variable, and nothing starts. An object item's keys are variables of their own; every item is also `item`,
and its position `index`. A saved template declares its variables: a required one missing from an item is an error
naming the item, an optional one takes its default (empty text when it has none).
"""

from __future__ import annotations

import functools
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from types import FrameType
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from services.errors import ValidationFailed

MAX_ITEMS = 1000
MAX_TEMPLATE_CHARS = 20_000
MAX_PROMPT_CHARS = 100_000
BUILT_IN = frozenset({"item", "index"})  # every item gets these
# What rendering one item may cost: lines of template code executed (a loop's body counts once per iteration) and
# seconds. Far above any real prompt; a template that loops for ever or nests huge loops stops here.
MAX_RENDER_STEPS = 2_000_000
MAX_RENDER_SECONDS = 0.5
MAX_BATCH_SECONDS = 5.0  # all the items of a run together
# A width or precision of a million or more in a printf-style or str.format format string.
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(\d{7,}|\d*\.\d{7,})|\{[^{}]*:[^{}]*\d{7,}[^{}]*\}")
_SIZING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


class RenderBudgetExceeded(Exception):
    pass


def _refuse_size(*values: Any) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_PROMPT_CHARS:
            raise SecurityError(f"widths and counts above {MAX_PROMPT_CHARS} are not allowed in a template")


def _refuse_wide_format(value: Any) -> None:
    if isinstance(value, str) and _WIDE_FORMAT.search(value):
        raise SecurityError("format widths of a million or more are not allowed in a template")


class _BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with what could build a huge value from a small template checked first: repetition
    (`'x' * 10**9`), powers, printf and str.format widths, and the string methods that pad to a width."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(times, int)
                    and len(seq) * times > MAX_PROMPT_CHARS
                ):
                    raise SecurityError(f"repeating to more than {MAX_PROMPT_CHARS} items is not allowed")
        elif operator == "**" and isinstance(right, int | float) and abs(right) > 64 and abs(left) > 1:
            raise SecurityError("exponents above 64 are not allowed in a template")
        elif operator == "%":
            _refuse_wide_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format; its __wrapped__ is the method
        owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
        if isinstance(owner, str):
            if name in _SIZING_METHODS:
                _refuse_size(*args, *kwargs.values())
            elif name in ("format", "format_map"):
                _refuse_wide_format(owner)
        return super().call(__context, __obj, *args, **kwargs)


def _bounded_filter(original: Callable[..., Any], *, sizes: bool, format_string: bool = False) -> Callable[..., Any]:
    @functools.wraps(original)  # keeps how Jinja passes the environment or context to it
    def checked(*args: Any, **kwargs: Any) -> Any:
        if format_string:
            _refuse_wide_format(args[0] if args else None)
        if sizes:
            _refuse_size(*args[1:], *kwargs.values())
        return original(*args, **kwargs)

    return checked


_env = _BoundedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
# Filters are called directly, not through `call`: those that pad or wrap to a width are checked first.
for _name in ("center", "indent", "wordwrap", "truncate"):
    _env.filters[_name] = _bounded_filter(_env.filters[_name], sizes=True)
_env.filters["format"] = _bounded_filter(_env.filters["format"], sizes=False, format_string=True)


def _render_bounded(compiled: jinja2.Template, variables: dict[str, Any], batch_deadline: float) -> str:
    """Render under a budget of steps and seconds, collecting at most MAX_PROMPT_CHARS (plus one piece) of output.
    Runs in a worker thread (`render_all` is called off the event loop); the trace is this thread's only."""
    steps = 0
    deadline = min(time.monotonic() + MAX_RENDER_SECONDS, batch_deadline)

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal steps
        steps += 1
        if steps > MAX_RENDER_STEPS or (steps % 1000 == 0 and time.monotonic() > deadline):
            raise RenderBudgetExceeded
        return trace

    pieces: list[str] = []
    size = 0
    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        for piece in compiled.generate(variables):
            pieces.append(piece)
            size += len(piece)
            if size > MAX_PROMPT_CHARS:
                break
    finally:
        sys.settrace(previous)
    return "".join(pieces)


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
    variables (name, required, default). Each item's rendering is bounded (steps, seconds, output): call this in
    a worker thread, never on the event loop."""
    _checked_text(template, "template")
    if not batch:
        raise ValidationFailed("items must not be empty", "items")
    if len(batch) > MAX_ITEMS:
        raise ValidationFailed(f"at most {MAX_ITEMS} items per run", "items")
    compiled = compile_template(template)
    prompts = []
    batch_deadline = time.monotonic() + MAX_BATCH_SECONDS
    for index, item in enumerate(batch):
        variables = _variables(item, index, declared)
        try:
            prompt = _render_bounded(compiled, variables, batch_deadline)
        except RenderBudgetExceeded:
            raise ValidationFailed(
                f"items.{index}: rendering took more than {MAX_RENDER_STEPS} steps or {MAX_RENDER_SECONDS} seconds "
                f"({MAX_BATCH_SECONDS} for all the items): a loop too long for a prompt?",
                f"items.{index}",
            ) from None
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
