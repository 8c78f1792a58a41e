"""`Info` typed with Switchboard's Context for mypy; plain `strawberry.Info` for Strawberry at run time (the schema
layer must not import the resolvers' context module, which imports services)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import strawberry

if TYPE_CHECKING:
    from resolvers.context import Context

    Info: TypeAlias = strawberry.Info[Context, None]
else:
    Info = strawberry.Info
