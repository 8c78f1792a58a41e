"""Saved generation templates: CRUD, the listing, export and import (startGeneration is in resolvers/evals.py)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from resolvers.agents import DeleteResult
from resolvers.errors import returns_errors
from resolvers.permissions import Authenticated
from schema.common import After, Before, Connection, First, Last, ObjectID
from schema.errors import Deleted, ImportError, NotFoundError, ValidationError
from schema.generation_template import (
    CreateGenerationTemplateInput,
    GenerationTemplate,
    GenerationTemplateFilter,
    TemplateVariableInput,
    UpdateGenerationTemplateInput,
)
from schema.ids import decode_id
from schema.info import Info
from services.evals import generation_templates

GenerationTemplateResult = Annotated[
    GenerationTemplate | ValidationError | NotFoundError,
    strawberry.union("GenerationTemplateResult", description="The template, or why the change was refused."),
]
ImportGenerationTemplateResult = Annotated[
    GenerationTemplate | ImportError,
    strawberry.union(
        "ImportGenerationTemplateResult", description="The imported template, or what is wrong with the document."
    ),
]


def _variables(variables: list[TemplateVariableInput]) -> list[dict[str, Any]]:
    return [vars(v).copy() for v in variables]


@strawberry.type
class GenerationTemplateQueries:
    @strawberry.field(description="One of your generation templates by ID.", permission_classes=[Authenticated])
    async def generation_template(self, info: Info, id: ObjectID) -> GenerationTemplate:
        ctx = info.context
        async with ctx.read() as session:
            row = await generation_templates.get(session, ctx.user, decode_id(id, "GenerationTemplate"))
        return GenerationTemplate.from_row(row)

    @strawberry.field(description="Your generation templates, oldest first.", permission_classes=[Authenticated])
    async def generation_templates(
        self,
        info: Info,
        filter: Annotated[
            GenerationTemplateFilter | None, strawberry.argument(description="Conditions to meet.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GenerationTemplate]:
        ctx = info.context
        args = ctx.page_args(first=first, after=after, last=last, before=before)
        async with ctx.read() as session:
            page = await generation_templates.list_page(session, ctx.user, filter.search if filter else None, args)
        return ctx.connection(page, GenerationTemplate.from_row)

    @strawberry.field(
        description="A template as a JSON document (`{format: switchboard.generation-template, version: 1, "
        "template}`), for `importGenerationTemplate`.",
        permission_classes=[Authenticated],
    )
    async def generation_template_export(self, info: Info, id: ObjectID) -> str:
        ctx = info.context
        async with ctx.read() as session:
            return await generation_templates.export_document(session, ctx.user, decode_id(id, "GenerationTemplate"))


@strawberry.type
class GenerationTemplateMutations:
    @strawberry.mutation(
        description="Save a generation template. The body must compile and read only declared variables "
        "(and `item`, `index`).",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def create_generation_template(
        self, info: Info, input: Annotated[CreateGenerationTemplateInput, strawberry.argument(description="It.")]
    ) -> GenerationTemplateResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await generation_templates.create(
                session,
                ctx.user,
                ctx.settings.limits,
                name=input.name,
                description=input.description,
                body=input.body,
                variables=_variables(input.variables),
                model=input.model,
            )
        return GenerationTemplate.from_row(row)

    @strawberry.mutation(
        description="Change a template (`variables` replaces them all; the body is checked against them again). "
        "Runs already started keep the body they rendered.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def update_generation_template(
        self,
        info: Info,
        id: ObjectID,
        input: Annotated[UpdateGenerationTemplateInput, strawberry.argument(description="The changes.")],
    ) -> GenerationTemplateResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await generation_templates.update(
                session,
                ctx.user,
                ctx.settings.limits,
                decode_id(id, "GenerationTemplate"),
                name=input.name,
                description=input.description,
                body=input.body,
                variables=_variables(input.variables) if input.variables is not None else None,
                model=input.model,
            )
        return GenerationTemplate.from_row(row)

    @strawberry.mutation(
        description="Delete a template. Its runs stay (each keeps the body it rendered).",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def delete_generation_template(self, info: Info, id: ObjectID) -> DeleteResult:
        ctx = info.context
        async with ctx.transaction() as session:
            await generation_templates.delete(session, ctx.user, decode_id(id, "GenerationTemplate"))
        return Deleted(id=id)

    @strawberry.mutation(
        description="Create a template from a `generationTemplateExport` document (new ID); every field is checked "
        "as `createGenerationTemplate` checks it, and a problem names its path in the document.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def import_generation_template(
        self,
        info: Info,
        document: Annotated[str, strawberry.argument(description="The JSON document.")],
    ) -> ImportGenerationTemplateResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await generation_templates.import_document(session, ctx.user, document, ctx.settings)
        return GenerationTemplate.from_row(row)
