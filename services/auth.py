"""Identity: users, argon2 password hashes, JWT access tokens, rotating refresh tokens, API keys."""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.db.models import ApiKey, AuthSession, RefreshToken, User
from services.db.types import utcnow
from services.errors import Conflict, Forbidden, InvalidCredentials, NotFound, Unauthenticated, ValidationFailed

LOCAL_ADMIN = "local"
API_KEY_PREFIX = "sb_"
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
_MIN_PASSWORD = 8
_MAX_PASSWORD = 1024
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verifying against a throwaway hash keeps "no such user" as slow as "wrong password"."""
    return _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Actor:
    """The user a request acts as."""

    id: str
    username: str
    role: str
    session_id: str | None = None  # the login (auth_sessions row) a bearer token belongs to

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @classmethod
    def of(cls, user: User, session_id: str | None = None) -> Actor:
        return cls(id=user.id, username=user.username, role=user.role, session_id=session_id)


@dataclass(frozen=True)
class AccessClaims:
    """What a verified access token says; `authenticate_access` checks it against the database."""

    user_id: str
    session_id: str | None  # tokens issued before sessions existed carry none


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    user: User


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def load_or_create_secret(data_dir: Path, configured: str | None) -> str:
    """The JWT signing key: configured, or generated once into the data directory (mode 0600)."""
    if configured:
        return configured
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(secret)
    return secret


class TokenCodec:
    """Signs and checks access tokens (HS256)."""

    def __init__(self, secret: str, access_ttl_s: int) -> None:
        self._secret = secret
        self.access_ttl_s = access_ttl_s

    def issue(self, user: User, session_id: str) -> str:
        now = utcnow()
        claims = {
            "sub": user.id,
            "sid": session_id,
            "name": user.username,
            "role": user.role,
            "iat": now,
            "exp": now + timedelta(seconds=self.access_ttl_s),
            "typ": "access",
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def decode(self, token: str) -> AccessClaims:
        """Signature, expiry and type; whether the user and session still exist is the database's to say."""
        try:
            claims = jwt.decode(token, self._secret, algorithms=["HS256"], options={"require": ["exp", "sub"]})
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("access token expired; refresh it") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated("invalid access token") from exc
        if claims.get("typ") != "access":
            raise Unauthenticated("invalid access token")
        session_id = claims.get("sid")
        return AccessClaims(user_id=str(claims["sub"]), session_id=str(session_id) if session_id else None)


SESSION_TOUCH_SECONDS = 60  # how stale `last_used_at` may get before a request refreshes it


async def authenticate_access(session: AsyncSession, claims: AccessClaims) -> tuple[Actor, bool]:
    """One statement per request: the token's user must exist and its login must not be revoked, so a
    logout, a refresh-token reuse or a deleted user ends every access token at once.
    Returns the actor and whether the session's `last_used_at` is due a refresh (`touch_session`)."""
    if claims.session_id is None:
        user = await session.get(User, claims.user_id)
        if user is None:
            raise Unauthenticated("this token's user no longer exists")
        return Actor.of(user), False
    row = (
        await session.execute(
            select(User, col(AuthSession.revoked_at), col(AuthSession.last_used_at))
            .join(AuthSession, col(AuthSession.user_id) == col(User.id))
            .where(col(AuthSession.id) == claims.session_id, col(User.id) == claims.user_id)
        )
    ).first()
    if row is None:
        raise Unauthenticated("this token's session or user no longer exists; log in again")
    user, revoked_at, last_used_at = row
    if revoked_at is not None:
        raise Unauthenticated("this session was signed out; log in again")
    return Actor.of(user, claims.session_id), last_used_at < utcnow() - timedelta(seconds=SESSION_TOUCH_SECONDS)


async def touch_session(session: AsyncSession, session_id: str) -> None:
    """Record use at most once a minute (the session list shows it), not a write per request."""
    now = utcnow()
    await session.execute(
        update(AuthSession)
        .where(
            col(AuthSession.id) == session_id,
            col(AuthSession.last_used_at) < now - timedelta(seconds=SESSION_TOUCH_SECONDS),
        )
        .values(last_used_at=now)
    )


def validate_credentials(username: str, password: str) -> None:
    if not _USERNAME.match(username):
        raise ValidationFailed("username must be 3-64 characters of letters, digits, '.', '_' or '-'", "username")
    if not _MIN_PASSWORD <= len(password) <= _MAX_PASSWORD:
        raise ValidationFailed(f"password must be {_MIN_PASSWORD}-{_MAX_PASSWORD} characters", "password")


async def register(session: AsyncSession, username: str, password: str, *, allowed: bool) -> User:
    """Create a user. The first registered user becomes the admin."""
    if not allowed:
        raise Forbidden("registration is disabled on this server")
    validate_credentials(username, password)
    if username == LOCAL_ADMIN:
        raise Conflict(f"username {username!r} is reserved")
    existing = await session.scalar(select(col(User.id)).where(col(User.username) == username))
    if existing is not None:
        raise Conflict(f"username {username!r} is taken")
    registered = await session.scalar(
        select(func.count()).select_from(User).where(col(User.password_hash).is_not(None))
    )
    user = User(username=username, password_hash=_hasher.hash(password), role="admin" if not registered else "user")
    session.add(user)
    await session.flush()
    return user


async def authenticate_password(session: AsyncSession, username: str, password: str) -> User:
    user = await session.scalar(select(User).where(col(User.username) == username))
    hashed = user.password_hash if user and user.password_hash else _dummy_hash()
    try:
        _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        raise InvalidCredentials("wrong username or password") from None
    if user is None or user.password_hash is None:
        raise InvalidCredentials("wrong username or password")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


async def issue_tokens(
    session: AsyncSession,
    codec: TokenCodec,
    user: User,
    refresh_ttl_s: int,
    family_id: str | None = None,
    client: str = "",
    address: str = "",
) -> IssuedTokens:
    """Tokens for a new login (a new session), or the next pair of an existing one (`family_id`)."""
    if family_id is None:
        login = AuthSession(user_id=user.id, client=client[:200], address=address[:64])
        session.add(login)
        await session.flush()
        family_id = login.id
    refresh = secrets.token_urlsafe(32)
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id,
            token_hash=_sha256(refresh),
            expires_at=utcnow() + timedelta(seconds=refresh_ttl_s),
        )
    )
    await session.flush()
    return IssuedTokens(codec.issue(user, family_id), refresh, codec.access_ttl_s, user)


async def rotate_refresh_token(
    session: AsyncSession, codec: TokenCodec, token: str, refresh_ttl_s: int
) -> IssuedTokens:
    """Trade a refresh token for new tokens. A reused token revokes its whole family (theft)."""
    stored = await session.scalar(select(RefreshToken).where(col(RefreshToken.token_hash) == _sha256(token)))
    if stored is None or stored.expires_at <= utcnow():
        raise Unauthenticated("refresh token is invalid or expired; log in again")
    if stored.used_at is not None:
        await revoke_session(session, stored.family_id)
        await session.commit()  # before raising: the revocation must outlive the caller's rollback
        raise Unauthenticated("refresh token was already used; all sessions from it were revoked")
    login = await session.get(AuthSession, stored.family_id)
    if login is not None and login.revoked_at is not None:
        raise Unauthenticated("this session was signed out; log in again")
    user = await session.get(User, stored.user_id)
    if user is None:
        raise Unauthenticated("user no longer exists")
    stored.used_at = utcnow()
    return await issue_tokens(session, codec, user, refresh_ttl_s, family_id=stored.family_id)


async def revoke_session(session: AsyncSession, session_id: str) -> None:
    """The session's refresh tokens go, and its access tokens stop working at their next request."""
    await session.execute(delete(RefreshToken).where(col(RefreshToken.family_id) == session_id))
    await session.execute(
        update(AuthSession)
        .where(col(AuthSession.id) == session_id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


async def ensure_local_admin(session: AsyncSession) -> User:
    """The built-in admin that `local` mode requests act as."""
    user = await session.scalar(select(User).where(col(User.username) == LOCAL_ADMIN))
    if user is None:
        user = User(username=LOCAL_ADMIN, role="admin")
        session.add(user)
        await session.flush()
    return user


async def create_api_key(session: AsyncSession, actor: Actor, name: str) -> tuple[ApiKey, str]:
    """Returns the stored key and its plaintext, which is shown once and never stored."""
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise ValidationFailed("name must be 1-200 characters", "name")
    prefix = secrets.token_hex(4)
    plaintext = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(owner_id=actor.id, name=name, prefix=prefix, key_hash=_sha256(plaintext))
    session.add(key)
    await session.flush()
    return key, plaintext


async def list_api_keys(session: AsyncSession, actor: Actor) -> list[ApiKey]:
    stmt = select(ApiKey).where(col(ApiKey.owner_id) == actor.id).order_by(col(ApiKey.created_at), col(ApiKey.id))
    return list((await session.scalars(stmt)).all())


async def revoke_api_key(session: AsyncSession, actor: Actor, key_id: str) -> None:
    key = await session.get(ApiKey, key_id)
    if key is None or (key.owner_id != actor.id and not actor.is_admin):
        raise NotFound("ApiKey", key_id)
    await session.delete(key)


async def authenticate_api_key(session: AsyncSession, plaintext: str) -> Actor:
    row = (
        await session.execute(
            select(ApiKey, User)
            .join(User, col(User.id) == col(ApiKey.owner_id))
            .where(col(ApiKey.key_hash) == _sha256(plaintext))
        )
    ).first()
    if row is None:
        raise Unauthenticated("invalid API key")
    return Actor.of(row[1])
