"""Credentials on HTTP headers and in graphql-transport-ws `connection_init` payloads."""

from __future__ import annotations

from typing import Any

from resolvers.context import AppServices
from services import auth
from services.auth import Actor
from services.errors import Unauthenticated
from services.settings import Settings


async def authenticate(services: AppServices, settings: Settings, token: str | None) -> tuple[Actor | None, str | None]:
    """(actor, why not): a bearer JWT or API key; no credentials means the local admin in `local` mode."""
    if not token:
        return (services.local_admin if settings.auth_mode == "local" else None), None
    try:
        if token.startswith(auth.API_KEY_PREFIX):
            async with services.read_db() as session:
                return await auth.authenticate_api_key(session, token), None
        claims = services.tokens.decode(token)
        async with services.read_db() as session:
            actor, stale = await auth.authenticate_access(session, claims)
        if stale and claims.session_id:
            async with services.db() as session, session.begin():
                await auth.touch_session(session, claims.session_id)
        return actor, None
    except Unauthenticated as exc:
        return None, exc.message


def bearer(headers: Any) -> str | None:
    value = headers.get("authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return headers.get("x-api-key") or None


def connection_token(params: dict[str, Any]) -> str | None:
    """The credential in a `connection_init` payload: {"authorization": "Bearer ..."} or {"apiKey": ...}."""
    lowered = {str(k).lower(): v for k, v in params.items()}
    value = lowered.get("authorization") or lowered.get("apikey") or lowered.get("x-api-key")
    if not isinstance(value, str) or not value.strip():
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else value.strip()
