"""Saved generation templates: the type, its variables and the inputs that write them. No I/O."""

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import strawberry
from strawberry.scalars import JSON

from schema.common import Node
from schema.ids import to_global_id

if TYPE_CHECKING:
    from services.db import models


@strawberry.type(description="A variable a generation template declares; an item's key of that name fills it.")
class TemplateVariable:
    name: str = strawberry.field(description="The variable's name in the body (letters, digits, '_').")
    description: str = strawberry.field(description="What to put in it.")
    required: bool = strawberry.field(
        description="Every item must have it; a missing one is a ValidationError naming the item."
    )
    default: JSON | None = strawberry.field(
        description="For an optional variable an item leaves out (null: empty text)."
    )

    @classmethod
    def of(cls, d: dict[str, Any]) -> "TemplateVariable":
        return cls(
            name=d["name"],
            description=d.get("description", ""),
            required=bool(d.get("required")),
            default=cast(JSON | None, d.get("default")),
        )


@strawberry.type(
    description="A saved Jinja2 prompt template for `startGeneration(input: {templateId, items})`: one prompt "
    "rendered per item, in the same sandbox as an inline template."
)
class GenerationTemplate(Node):
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What it generates.")
    body: str = strawberry.field(
        description="The Jinja2 body. It may read its declared variables, `item` (the whole item) and `index`."
    )
    variables: list[TemplateVariable] = strawberry.field(description="The declared variables, in order.")
    model: str | None = strawberry.field(
        description="The default model, 'provider:model': used when `startGeneration` gives no model or agent."
    )
    owner_id: strawberry.ID = strawberry.field(description="The owner's User ID.")
    created_at: datetime = strawberry.field(description="When it was created (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")

    @classmethod
    def from_row(cls, row: "models.GenerationTemplate") -> "GenerationTemplate":
        return cls(
            id=strawberry.ID(to_global_id("GenerationTemplate", row.id)),
            name=row.name,
            description=row.description,
            body=row.body,
            variables=[TemplateVariable.of(v) for v in row.variables],
            model=row.model,
            owner_id=strawberry.ID(to_global_id("User", row.owner_id)),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.input(description="A variable to declare.")
class TemplateVariableInput:
    name: str = strawberry.field(description="Letters, digits and '_', not starting with a digit; at most 64.")
    description: str = strawberry.field(default="", description="What to put in it (at most 2000 characters).")
    required: bool = strawberry.field(default=True, description="Whether every item must have it.")
    default: JSON | None = strawberry.field(
        default=None, description="For an optional variable: the value when an item leaves it out."
    )


@strawberry.input(description="A new generation template.")
class CreateGenerationTemplateInput:
    name: str = strawberry.field(description="Display name.")
    body: str = strawberry.field(
        description="The Jinja2 body (at most 20000 characters); every variable it reads must be declared."
    )
    description: str = strawberry.field(default="", description="What it generates.")
    variables: list[TemplateVariableInput] = strawberry.field(
        default_factory=list, description="The variables the body reads (at most 64)."
    )
    model: str | None = strawberry.field(default=None, description="The default model, 'provider:model'.")


@strawberry.input(description="Changes to a generation template; omitted fields stay. `variables` replaces them all.")
class UpdateGenerationTemplateInput:
    name: str | None = strawberry.field(default=None, description="New name.")
    description: str | None = strawberry.field(default=None, description="New description.")
    body: str | None = strawberry.field(default=None, description="New body (checked against the variables).")
    variables: list[TemplateVariableInput] | None = strawberry.field(
        default=None, description="The new list of variables (the body is checked against it)."
    )
    model: str | None = strawberry.field(default=None, description="New default model; an empty string removes it.")


@strawberry.input(description="Narrows a generation template list.")
class GenerationTemplateFilter:
    search: str | None = strawberry.field(default=None, description="Case-insensitive substring of the name.")
