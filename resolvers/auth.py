"""Identity queries and mutations: register, login, refresh, me, sessions and logout, API keys."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.agents import DeleteResult
from resolvers.errors import returns_errors
from resolvers.permissions import Authenticated, Public
from resolvers.request_info import client_address, user_agent
from schema.auth import ApiKey, ApiKeyCreated, AuthPayload, LoggedOut, Session, User
from schema.common import ObjectID
from schema.errors import AuthError, ConflictError, Deleted, ValidationError
from schema.ids import decode_id
from schema.info import Info
from services import auth, logins
from services.auth import IssuedTokens

AuthResult = Annotated[
    AuthPayload | AuthError | ValidationError | ConflictError,
    strawberry.union("AuthResult", description="Tokens, or why they were refused."),
]
ApiKeyResult = Annotated[
    ApiKeyCreated | ValidationError,
    strawberry.union("ApiKeyResult", description="The new key with its secret, or why it was refused."),
]


def _payload(issued: IssuedTokens) -> AuthPayload:
    u = issued.user
    return AuthPayload(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        user=User.of(u.id, u.username, u.role),
    )


@strawberry.type
class AuthQueries:
    @strawberry.field(description="The user this request acts as.", permission_classes=[Authenticated])
    def me(self, info: Info) -> User:
        actor = info.context.user
        return User.of(actor.id, actor.username, actor.role)

    @strawberry.field(description="Your API keys (without their secrets).", permission_classes=[Authenticated])
    async def api_keys(self, info: Info) -> list[ApiKey]:
        ctx = info.context
        async with ctx.read() as session:
            return [ApiKey.from_row(row) for row in await auth.list_api_keys(session, ctx.user)]

    @strawberry.field(
        description="Your logins that are still signed in, most recently used first; `current` marks this one.",
        permission_classes=[Authenticated],
    )
    async def sessions(self, info: Info) -> list[Session]:
        ctx = info.context
        async with ctx.read() as session:
            rows = await logins.list_sessions(session, ctx.user)
        return [Session.from_row(row, ctx.user.session_id) for row in rows]


def _client(info: Info) -> str:
    """What the session list shows for a login: the client's user agent."""
    return user_agent(info.context.request)


def _address(info: Info) -> str:
    return client_address(info.context.request)


@strawberry.type
class AuthMutations:
    @strawberry.mutation(
        description="Create an account and log in. The first account becomes the admin.", permission_classes=[Public]
    )
    @returns_errors
    async def register(
        self,
        info: Info,
        username: Annotated[str, strawberry.argument(description="3-64 letters, digits, '.', '_' or '-'.")],
        password: Annotated[str, strawberry.argument(description="At least 8 characters.")],
    ) -> AuthResult:
        ctx = info.context
        s = ctx.settings
        async with ctx.transaction() as session:
            user = await auth.register(session, username, password, allowed=s.allow_registration)
            issued = await auth.issue_tokens(
                session, ctx.services.tokens, user, s.refresh_token_ttl_s, client=_client(info), address=_address(info)
            )
        return _payload(issued)

    @strawberry.mutation(
        description="Log in with a username and password: a new session. Failed attempts are throttled per account "
        "and per client address (RATE_LIMITED with `retryAfter`); see also the OAuth2 endpoint `POST /oauth/token`.",
        permission_classes=[Public],
    )
    @returns_errors
    async def login(
        self,
        info: Info,
        username: Annotated[str, strawberry.argument(description="Your username.")],
        password: Annotated[str, strawberry.argument(description="Your password.")],
    ) -> AuthResult:
        ctx = info.context
        async with ctx.transaction() as session:
            issued = await logins.password_login(
                session,
                ctx.services.tokens,
                ctx.services.limiter,
                username,
                password,
                refresh_ttl_s=ctx.settings.refresh_token_ttl_s,
                client=_client(info),
                address=_address(info),
            )
        return _payload(issued)

    @strawberry.mutation(
        description="Trade a refresh token for new tokens; each refresh token works once.", permission_classes=[Public]
    )
    @returns_errors
    async def refresh_token(
        self,
        info: Info,
        refresh_token: Annotated[
            str, strawberry.argument(description="The refresh token from the last login or refresh.")
        ],
    ) -> AuthResult:
        ctx = info.context
        async with ctx.transaction() as session:
            issued = await auth.rotate_refresh_token(
                session, ctx.services.tokens, refresh_token, ctx.settings.refresh_token_ttl_s
            )
        return _payload(issued)

    @strawberry.mutation(
        description="Sign out one of your sessions: its refresh token stops working, and its access tokens fail from "
        "their next request.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def revoke_session(self, info: Info, id: ObjectID) -> DeleteResult:
        ctx = info.context
        async with ctx.transaction() as session:
            await logins.revoke(session, ctx.user, decode_id(id, "Session"))
        return Deleted(id=id)

    @strawberry.mutation(
        description="Sign out the session this request's token belongs to, or every one of your sessions.",
        permission_classes=[Authenticated],
    )
    async def logout(
        self,
        info: Info,
        everywhere: Annotated[
            bool, strawberry.argument(description="Sign out every session of yours, not only this one.")
        ] = False,
    ) -> LoggedOut:
        ctx = info.context
        async with ctx.transaction() as session:
            return LoggedOut(revoked=await logins.logout(session, ctx.user, everywhere=everywhere))

    @strawberry.mutation(
        description="Create an API key for scripts and servers; its secret is shown once.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def create_api_key(
        self, info: Info, name: Annotated[str, strawberry.argument(description="What the key is for.")]
    ) -> ApiKeyResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row, secret = await auth.create_api_key(session, ctx.user, name)
        return ApiKeyCreated(api_key=ApiKey.from_row(row), secret=secret)

    @strawberry.mutation(description="Revoke one of your API keys.", permission_classes=[Authenticated])
    @returns_errors
    async def revoke_api_key(self, info: Info, id: ObjectID) -> DeleteResult:
        ctx = info.context
        async with ctx.transaction() as session:
            await auth.revoke_api_key(session, ctx.user, decode_id(id, "ApiKey"))
        return Deleted(id=id)
