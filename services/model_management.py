"""Downloading and removing models. A pull is a MODEL_PULL run streaming Ollama's progress; a delete is
one call. Models are shared by every user of the server, so both are for admins (checked by the caller).

Pulls have their own queue (`PULL_QUEUE`), not Ollama's generation queue: a download of several
gigabytes can take many minutes and must not hold the slot chats and embeddings wait for.

Progress events count kibibytes, not bytes: `RunProgress.done`/`total` are GraphQL Ints (32-bit),
and a model layer is often larger than 2 GiB. `fraction` is exact; the run's result has the bytes.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services.auth import Actor
from services.db.models import Run
from services.errors import NotFound, ValidationFailed
from services.providers import Providers
from services.providers.base import ProviderError, PullProgress
from services.runs import queue
from services.runs.cancellable import until_cancelled
from services.runs.event_kinds import Progress
from services.runs.scheduler import Outcome, RunContext
from services.settings import PROVIDERS

PULL_QUEUE = "ollama-pull"
PULL_PRIORITY = 5
PROGRESS_INTERVAL_SECONDS = 0.2  # at most ~5 progress events a second
KIB = 1024
# Ollama model names: [host/][namespace/]model[:tag]; letters, digits and . _ - / : only.
OLLAMA_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-/:]{0,199}")


def ollama_model(name: str, action: str = "pulling") -> str:
    """'ollama:qwen2.5:3b' or a bare 'qwen2.5:3b' -> 'qwen2.5:3b'. A prefix naming another provider is
    refused; any other prefix is an Ollama tag (`qwen2.5:3b` has no provider prefix)."""
    name = name.strip()
    prefix, sep, rest = name.partition(":")
    if sep and prefix in PROVIDERS:
        if prefix != "ollama":
            raise ValidationFailed(f"provider {prefix} does not support {action} models; Ollama does", "name")
        name = rest
    if not OLLAMA_NAME.fullmatch(name) or name.endswith(":"):
        raise ValidationFailed(
            f"{name!r} is not an Ollama model name (like 'qwen2.5-coder:3b' or 'ollama:llama3.2')", "name"
        )
    return name


async def start_pull(session: AsyncSession, actor: Actor, name: str) -> Run:
    model = ollama_model(name)
    return await queue.enqueue(
        session,
        owner_id=actor.id,
        kind="model_pull",
        provider=PULL_QUEUE,
        model=f"ollama:{model}",
        priority=PULL_PRIORITY,
        input={"model": model},
    )


async def delete(providers: Providers, name: str) -> str:
    """Remove a downloaded model; returns its 'provider:model' name."""
    model = ollama_model(name, action="deleting")
    provider = providers.get("ollama")
    try:
        await provider.delete(model)  # type: ignore[attr-defined]
    except ProviderError as exc:
        if exc.status == 404:
            raise NotFound("Model", f"ollama:{model}") from None
        raise ValidationFailed(exc.message) from None
    await providers.invalidate()
    return f"ollama:{model}"


@dataclass
class PullState:
    """Totals across layers: Ollama reports each layer (digest) with its own total and completed."""

    layers: dict[str, tuple[int, int]] = field(default_factory=dict)  # digest -> (completed, total)
    status: str = ""

    def add(self, part: PullProgress) -> None:
        self.status = part.status
        if part.digest and part.total:
            self.layers[part.digest] = (min(part.completed or 0, part.total), part.total)

    @property
    def completed(self) -> int:
        return sum(done for done, _ in self.layers.values())

    @property
    def total(self) -> int:
        return sum(total for _, total in self.layers.values())

    def event(self) -> Progress:
        total = self.total
        fraction = round(self.completed / total, 4) if total else None
        return Progress(self.completed // KIB, total // KIB if total else None, fraction, self.status)


class PullHandler:
    """Executes MODEL_PULL runs against the configured Ollama server."""

    def __init__(self, db: async_sessionmaker[AsyncSession], providers: Providers) -> None:
        self.db, self.providers = db, providers

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        return None  # Ollama keeps partial layers and resumes them on the next pull

    async def execute(self, ctx: RunContext) -> Outcome:
        model = str(ctx.run.input.get("model") or "")
        provider = self.providers.get("ollama")
        stream: AsyncIterator[PullProgress] = provider.pull(model)  # type: ignore[attr-defined]
        state = PullState()
        last = {"at": -float("inf"), "pending": False}

        async def progress() -> None:
            last["at"], last["pending"] = time.monotonic(), False
            event = state.event()
            await ctx.emit([event])
            if event.fraction is not None:
                async with self.db() as session, session.begin():
                    await session.execute(update(Run).where(col(Run.id) == ctx.run.id).values(progress=event.fraction))

        async def consume() -> None:
            try:
                async for part in stream:
                    layer = part.digest is not None
                    if not layer and last["pending"]:
                        await progress()  # the layer's last figures before the next phase
                    state.add(part)
                    if not layer or time.monotonic() - last["at"] >= PROGRESS_INTERVAL_SECONDS:
                        await progress()
                    else:
                        last["pending"] = True
            finally:
                with contextlib.suppress(Exception):
                    await stream.aclose()  # type: ignore[attr-defined]

        try:
            if not await until_cancelled(consume(), ctx.cancelled):  # the HTTP stream closes: Ollama stops
                return Outcome("cancelled", result=self._result(model, state, "cancelled"))
        except ProviderError as exc:
            return Outcome("failed", error=exc.message, result=self._result(model, state, "failed"))
        if state.status != "success":
            error = f"ollama: the pull of '{model}' ended before it succeeded (last status: {state.status or 'none'})"
            return Outcome("failed", error=error, result=self._result(model, state, "failed"))
        await self.providers.invalidate()
        return Outcome("succeeded", result=self._result(model, state, "success", await self._digest(model)))

    async def _digest(self, model: str) -> str | None:
        """The pulled model's digest as /api/tags lists it (best effort: the pull stream has only layer digests)."""
        wanted = {model, f"{model}:latest"}
        try:
            listed = await self.providers.get("ollama").list_models()
        except Exception:
            return None
        return next((m.digest for m in listed if m.name.partition(":")[2] in wanted), None)

    @staticmethod
    def _result(model: str, state: PullState, status: str, digest: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {
            "model": f"ollama:{model}",
            "status": status,
            "completedBytes": state.completed,
            "totalBytes": state.total,
            "layers": len(state.layers),
        }
        if digest:
            result["digest"] = digest
        return result
