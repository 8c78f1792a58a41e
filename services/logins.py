"""Logins and sessions: the password login that the `login` mutation and the OAuth2 token endpoint share (with
its throttling), and a user's list of sessions, which they may revoke one by one or all at once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services import auth
from services.auth import Actor, IssuedTokens, TokenCodec
from services.db.models import AuthSession
from services.errors import InvalidCredentials, NotFound
from services.rate_limits import RateLimiter


async def password_login(
    session: AsyncSession,
    codec: TokenCodec,
    limiter: RateLimiter,
    username: str,
    password: str,
    *,
    refresh_ttl_s: int,
    client: str = "",
    address: str = "",
) -> IssuedTokens:
    """Tokens for a new session. While the account or the address has spent its failed attempts the password is
    not even checked (RateLimited, with seconds to wait); a failure counts against both, a success against neither."""
    await limiter.check_login(username, address)
    try:
        user = await auth.authenticate_password(session, username, password)
    except InvalidCredentials:
        await limiter.login_failed(username, address)
        raise
    return await auth.issue_tokens(session, codec, user, refresh_ttl_s, client=client, address=address)


async def list_sessions(session: AsyncSession, actor: Actor) -> list[AuthSession]:
    """The actor's logins that are still signed in, most recently used first."""
    rows = await session.scalars(
        select(AuthSession)
        .where(col(AuthSession.user_id) == actor.id, col(AuthSession.revoked_at).is_(None))
        .order_by(col(AuthSession.last_used_at).desc(), col(AuthSession.id))
    )
    return list(rows.all())


async def revoke(session: AsyncSession, actor: Actor, session_id: str) -> None:
    """Sign one of the actor's sessions out; its access tokens fail from their next request."""
    login = await session.get(AuthSession, session_id)
    if login is None or login.user_id != actor.id or login.revoked_at is not None:
        raise NotFound("Session", session_id)
    await auth.revoke_session(session, session_id)


async def logout(session: AsyncSession, actor: Actor, *, everywhere: bool) -> int:
    """Sign out this request's session, or (everywhere) every session of the actor. Returns how many ended."""
    if everywhere:
        ids = [row.id for row in await list_sessions(session, actor)]
    else:
        ids = [actor.session_id] if actor.session_id else []
    for session_id in ids:
        await auth.revoke_session(session, session_id)
    return len(ids)
