"""Identity types. No I/O."""

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from schema.common import Node
from schema.ids import to_global_id
from schema.info import Info

if TYPE_CHECKING:
    from services import usage
    from services.db import models


@strawberry.enum(description="What a user may do.")
class Role(Enum):
    ADMIN = strawberry.enum_value("admin", description="Sees and manages everything, including config.")
    USER = strawberry.enum_value("user", description="Sees and manages only their own data.")


@strawberry.type(description="A person (or the built-in local admin) using Switchboard.")
class User(Node):
    username: str = strawberry.field(description="Unique login name.")
    role: Role = strawberry.field(description="What the user may do.")
    _user_id: strawberry.Private[str]

    @classmethod
    def of(cls, user_id: str, username: str, role: str) -> "User":
        return cls(
            id=strawberry.ID(to_global_id("User", user_id)), username=username, role=Role(role), _user_id=user_id
        )

    @strawberry.field(
        description="Tokens spent today (UTC) per provider, with the daily quota and what is left of it: every "
        "provider used today or with a quota. Only for yourself (an admin sees anyone's)."
    )
    async def usage(self, info: Info) -> list["ProviderUsage"]:
        return [ProviderUsage.of(u) for u in await info.context.usage_of(self._user_id)]


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


@strawberry.type(description="One of your logins (a session): its tokens work until it is revoked or expires.")
class Session(Node):
    client: str = strawberry.field(description="The client's user agent at login (empty when it sent none).")
    address: str = strawberry.field(description="The client address the login came from.")
    created_at: datetime = strawberry.field(description="When you logged in (UTC).")
    last_used_at: datetime = strawberry.field(description="When its tokens were last used (UTC, to the minute).")
    current: bool = strawberry.field(description="Whether this request is made with this session's token.")

    @classmethod
    def from_row(cls, row: "models.AuthSession", current_id: str | None) -> "Session":
        return cls(
            id=strawberry.ID(to_global_id("Session", row.id)),
            client=row.client,
            address=row.address,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            current=row.id == current_id,
        )


@strawberry.type(description="How many sessions `logout` ended.")
class LoggedOut:
    revoked: int = strawberry.field(description="Sessions signed out (0 when the request used no session's token).")


@strawberry.type(
    description="Where you stand today (UTC) on one provider: tokens your finished runs spent, and your quota."
)
class ProviderUsage:
    provider: str = strawberry.field(description="The provider (`local`, `ollama`, `anthropic`).")
    day: date = strawberry.field(description="The UTC day counted.")
    prompt_tokens: int = strawberry.field(description="Prompt tokens spent today.")
    completion_tokens: int = strawberry.field(description="Completion tokens spent today.")
    total_tokens: int = strawberry.field(description="Prompt plus completion tokens: what the quota counts.")
    runs: int = strawberry.field(description="Finished runs counted today.")
    daily_quota: int | None = strawberry.field(description="Tokens you may spend per day here; null: unlimited.")
    remaining: int | None = strawberry.field(
        description="Tokens left today; null: unlimited. At 0, new runs here are refused (QUOTA_EXCEEDED)."
    )

    @classmethod
    def of(cls, u: "usage.ProviderUsage") -> "ProviderUsage":
        return cls(
            provider=u.provider,
            day=u.day,
            prompt_tokens=u.prompt_tokens,
            completion_tokens=u.completion_tokens,
            total_tokens=u.total_tokens,
            runs=u.runs,
            daily_quota=u.quota,
            remaining=u.remaining,
        )
