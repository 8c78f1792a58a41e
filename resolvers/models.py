"""Models, providers and hardware: what the server can run and on what; pulling and deleting models."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.errors import returns_errors
from resolvers.permissions import Admin, Authenticated
from schema.errors import NotFoundError, ValidationError
from schema.hardware import Hardware, ModelDeleted
from schema.info import Info
from schema.run import ModelDetails, ProviderStatus, Run
from services import hardware, model_management

ModelName = Annotated[
    str, strawberry.argument(description="'ollama:<model>' or a bare Ollama model name, e.g. 'qwen2.5-coder:3b'.")
]
PullModelResult = Annotated[
    Run | ValidationError,
    strawberry.union("PullModelResult", description="The MODEL_PULL run (QUEUED), or why it was refused."),
]
DeleteModelResult = Annotated[
    ModelDeleted | NotFoundError | ValidationError,
    strawberry.union("DeleteModelResult", description="The removed model, or why not."),
]


@strawberry.type
class ModelQueries:
    @strawberry.field(description="Every model the reachable providers offer.", permission_classes=[Authenticated])
    async def models(self, info: Info) -> list[ModelDetails]:
        found, _ = await info.context.services.providers.models()
        return [
            ModelDetails(
                name=m.name,
                provider=m.provider,
                family=m.family,
                parameter_size=m.parameter_size,
                quantization=m.quantization,
                context_length=m.context_length,
                size_bytes=float(m.size_bytes) if m.size_bytes is not None else None,
                capabilities=list(m.capabilities),
                vision=m.vision,
            )
            for m in found
        ]

    @strawberry.field(description="Each provider's health.", permission_classes=[Authenticated])
    async def providers(self, info: Info) -> list[ProviderStatus]:
        return [
            ProviderStatus(name=h.provider, ok=h.ok, detail=h.detail)
            for h in await info.context.services.providers.health()
        ]

    @strawberry.field(
        description="The machine the server runs on: CPU, memory, GPUs and the llama.cpp build.",
        permission_classes=[Authenticated],
    )
    async def hardware(self, info: Info) -> Hardware:
        ctx = info.context
        return Hardware.from_snapshot(await hardware.cached(ctx.services.cache, ctx.settings.cache_ttl_seconds))


@strawberry.type
class ModelMutations:
    @strawberry.mutation(
        description="Download an Ollama model (admin only). Returns a MODEL_PULL run at once; follow it with "
        "`runEvents` (RunProgress: done/total in KiB, message is Ollama's status) and stop it with `cancelRun`.",
        permission_classes=[Admin],
    )
    @returns_errors
    async def pull_model(self, info: Info, name: ModelName) -> PullModelResult:
        ctx = info.context
        admin = ctx.user
        async with ctx.transaction() as session:
            row = await model_management.start_pull(session, admin, name)
        return Run.from_row(row)

    @strawberry.mutation(description="Remove a downloaded Ollama model (admin only).", permission_classes=[Admin])
    @returns_errors
    async def delete_model(self, info: Info, name: ModelName) -> DeleteModelResult:
        ctx = info.context
        return ModelDeleted(name=await model_management.delete(ctx.services.providers, name))
