"""GENERATION runs: one prompt template (inline, or a saved GenerationTemplate) rendered per JSON item, each
generated in item order. Rendering is services/evals/prompt_templates.py: every item is rendered before the run is
queued, so a bad item is a clear error naming it, and nothing starts. The run keeps the template body (and a saved
template's variables, ID and name) as they were at the start.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.auth import Actor
from services.db.models import Run
from services.errors import ValidationFailed
from services.evals import generation_templates
from services.evals.model_call import Target, generate, resolve_target
from services.evals.prompt_templates import render_all
from services.providers import Providers
from services.providers.base import GenerationOptions, split_model_name
from services.runs import items, queue
from services.runs.event_kinds import progress
from services.runs.scheduler import Outcome, RunContext
from services.settings import Settings


async def start(
    session: AsyncSession,
    actor: Actor,
    *,
    template: str | None,
    template_id: str | None = None,
    template_ref: str | None = None,
    items_: list[Any],
    model: str | None,
    agent_id: str | None,
    max_tokens: int | None,
    temperature: float | None,
    priority: int = 5,
) -> Run:
    """Queue a GENERATION run from an inline `template` or a saved one (`template_id`; `template_ref` is its ID as
    clients know it, kept in the result). Every item is rendered first: a missing variable is a ValidationFailed
    naming the item, and nothing is queued. A saved template's model is used when neither a model nor an agent is
    given."""
    if (template is None) == (template_id is None):
        raise ValidationFailed("give either template or templateId (exactly one)", "template")
    saved: dict[str, Any] = {}
    declared: list[dict[str, Any]] | None = None
    if template_id is not None:
        row = await generation_templates.get(session, actor, template_id)
        template, declared = row.body, row.variables
        saved = {"templateId": row.id, "templateRef": template_ref, "templateName": row.name, "variables": declared}
        if model is None and agent_id is None:
            model = row.model
    assert template is not None
    await asyncio.to_thread(render_all, template, items_, declared)  # bounded, but CPU: off the event loop
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
            **saved,
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
        prompts = await asyncio.to_thread(render_all, spec["template"], spec["items"], spec.get("variables"))
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
            "templateId": spec.get("templateRef"),
            "templateName": spec.get("templateName"),
            "template": spec["template"],
            "items": total,
            "succeeded": sum(1 for o in outputs if o is not None),
            "failed": sum(1 for o in outputs if o is None),
            "outputs": outputs + [None] * (total - len(outputs)),
        }
        if ctx.cancelled.is_set():
            return Outcome("cancelled", result=result_summary)
        return Outcome("succeeded", result=result_summary)
