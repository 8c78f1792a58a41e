"""GENERATION runs: one prompt template rendered per JSON item, each generated in item order.

Templates are Jinja2 in a sandbox (no attribute access to Python internals, no imports) with strict
undefined variables. Every item is rendered before the run is queued, so a missing variable is a clear
error naming the item and the variable, and nothing starts. An object item's keys are variables of
their own; every item is also `item`, and its position `index`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.auth import Actor
from services.db.models import Run
from services.errors import ValidationFailed
from services.evals.model_call import Target, generate, resolve_target
from services.providers import Providers
from services.providers.base import GenerationOptions, split_model_name
from services.runs import items, queue
from services.runs.event_kinds import progress
from services.runs.scheduler import Outcome, RunContext
from services.settings import Settings

MAX_ITEMS = 1000
MAX_TEMPLATE_CHARS = 20_000
MAX_PROMPT_CHARS = 100_000

_env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)


def _variables(item: Any, index: int) -> dict[str, Any]:
    own = {str(k): v for k, v in item.items()} if isinstance(item, dict) else {}
    return {**own, "item": item, "index": index}


def render_all(template: str, batch: list[Any]) -> list[str]:
    """Every item's prompt, or a ValidationFailed naming the first problem."""
    if not template.strip():
        raise ValidationFailed("template must not be empty", "template")
    if len(template) > MAX_TEMPLATE_CHARS:
        raise ValidationFailed(f"template must be at most {MAX_TEMPLATE_CHARS} characters", "template")
    if not batch:
        raise ValidationFailed("items must not be empty", "items")
    if len(batch) > MAX_ITEMS:
        raise ValidationFailed(f"at most {MAX_ITEMS} items per run", "items")
    try:
        compiled = _env.from_string(template)
    except jinja2.TemplateSyntaxError as exc:
        raise ValidationFailed(f"template syntax error at line {exc.lineno}: {exc.message}", "template") from None
    prompts = []
    for index, item in enumerate(batch):
        try:
            prompt = compiled.render(_variables(item, index))
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


async def start(
    session: AsyncSession,
    actor: Actor,
    *,
    template: str,
    items_: list[Any],
    model: str | None,
    agent_id: str | None,
    max_tokens: int | None,
    temperature: float | None,
    priority: int = 5,
) -> Run:
    """Queue a GENERATION run. Every item is rendered first: a missing variable is a ValidationFailed naming
    the item, and nothing is queued."""
    render_all(template, items_)
    target = await resolve_target(session, actor.id, model=model, agent_id=agent_id, field="model")
    return await queue.enqueue(
        session,
        owner_id=actor.id,
        kind="generation",
        provider=split_model_name(target.model)[0],
        model=target.model,
        priority=priority,
        agent_id=target.agent_id,
        input={
            "target": target.label,
            "model": target.model,
            "agentId": target.agent_id,
            "systemPrompt": target.system_prompt,
            "parameters": dict(target.parameters),
            "template": template,
            "items": items_,
            "maxTokens": max_tokens,
            "temperature": temperature,
        },
    )


class GenerationHandler:
    def __init__(
        self, db: async_sessionmaker[AsyncSession], providers: Providers, settings: Callable[[], Settings]
    ) -> None:
        self.db, self.providers, self._settings = db, providers, settings

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        return None  # finished items are stored one by one

    async def execute(self, ctx: RunContext) -> Outcome:
        spec = ctx.run.input
        settings = self._settings()
        target = Target(
            label=spec["target"],
            model=spec["model"],
            system_prompt=spec.get("systemPrompt") or "",
            parameters=tuple(sorted((spec.get("parameters") or {}).items())),
            agent_id=spec.get("agentId"),
        )
        prompts = render_all(spec["template"], spec["items"])
        options: GenerationOptions = target.options(
            max_tokens=spec.get("maxTokens"), temperature=spec.get("temperature")
        )
        outputs: list[str | None] = []
        total = len(prompts)
        await ctx.emit([progress(0, total, None)])
        stored = await items.finished(self.db, ctx.run.id)  # a resumed run keeps what it made
        for index, prompt in enumerate(prompts):
            if ctx.cancelled.is_set():
                break
            if (kept := stored.get(index)) is not None:
                outputs.append(kept.output if kept.status == "ok" else None)
                continue
            result = await generate(self.providers, settings, target, target.messages(prompt), options, ctx.cancelled)
            status = "cancelled" if result.cancelled else ("error" if result.error else "ok")
            outputs.append(result.text if status == "ok" else None)
            await items.record(
                ctx,
                self.db,
                index,
                target=target.label,
                key=f"item {index}",
                status=status,
                input={"item": spec["items"][index], "prompt": prompt},
                output=result.text,
                error=result.error,
                **result.figures(),
            )
            done = index + 1
            await ctx.emit([progress(done, total, None)])
        result_summary = {
            "target": target.label,
            "items": total,
            "succeeded": sum(1 for o in outputs if o is not None),
            "failed": sum(1 for o in outputs if o is None),
            "outputs": outputs + [None] * (total - len(outputs)),
        }
        if ctx.cancelled.is_set():
            return Outcome("cancelled", result=result_summary)
        return Outcome("succeeded", result=result_summary)
