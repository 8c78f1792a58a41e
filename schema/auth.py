"""Identity types. No I/O."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from schema.common import Node
from schema.ids import to_global_id

if TYPE_CHECKING:
    from services.db import models


@strawberry.enum(description="What a user may do.")
class Role(Enum):
    ADMIN = strawberry.enum_value("admin", description="Sees and manages everything, including config.")
    USER = strawberry.enum_value("user", description="Sees and manages only their own data.")


@strawberry.type(description="A person (or the built-in local admin) using Switchboard.")
class User(Node):
    username: str = strawberry.field(description="Unique login name.")
    role: Role = strawberry.field(description="What the user may do.")

    @classmethod
    def of(cls, user_id: str, username: str, role: str) -> "User":
        return cls(id=strawberry.ID(to_global_id("User", user_id)), username=username, role=Role(role))


@strawberry.type(description="Tokens from `login`, `register` or `refreshToken`.")
class AuthPayload:
    access_token: str = strawberry.field(description="JWT for `Authorization: Bearer ...`.")
    refresh_token: str = strawberry.field(description="One-time token for `refreshToken`; store it safely.")
    expires_in: int = strawberry.field(description="Seconds until the access token expires.")
    user: User = strawberry.field(description="Who the tokens are for.")


@strawberry.type(description="An API key; the secret itself is shown only once, at creation.")
class ApiKey(Node):
    name: str = strawberry.field(description="What the key is for.")
    prefix: str = strawberry.field(description="Public part of the key, to recognise it.")
    created_at: datetime = strawberry.field(description="When it was created (UTC).")

    @classmethod
    def from_row(cls, row: "models.ApiKey") -> "ApiKey":
        return cls(
            id=strawberry.ID(to_global_id("ApiKey", row.id)),
            name=row.name,
            prefix=row.prefix,
            created_at=row.created_at,
        )


@strawberry.type(description="A newly created API key with its secret.")
class ApiKeyCreated:
    api_key: ApiKey = strawberry.field(description="The stored key.")
    secret: str = strawberry.field(description="Send as `Authorization: Bearer <secret>`; not shown again.")
