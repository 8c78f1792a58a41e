"""`POST /oauth/token`: the OAuth2 token endpoint (RFC 6749) for tools that speak OAuth2, beside the `login` and
`refreshToken` mutations and sharing their service code (services/logins.py, services/auth.py).

Grants: `password` (§4.3: `username`, `password`, optional `scope`) and `refresh_token` (§6). Answers are §5.1
(`access_token`, `token_type=bearer`, `expires_in`, `refresh_token`, never cached) or §5.2 error bodies (`error`,
`error_description`). Switchboard has no scopes: a requested scope is accepted and the token carries the user's
whole role. There are no client secrets either: a `client_id` (in the body or HTTP Basic) is accepted and ignored.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from resolvers.context import AppServices
from resolvers.request_info import client_address, user_agent
from services import auth, logins
from services.errors import InvalidCredentials, RateLimited, ServiceError, Unauthenticated, ValidationFailed

NO_STORE = {"cache-control": "no-store", "pragma": "no-cache"}
MAX_FIELD = 4096  # no parameter of this endpoint is longer


def _error(status: int, error: str, description: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(
        {"error": error, "error_description": description}, status_code=status, headers={**NO_STORE, **(headers or {})}
    )


class _Invalid(Exception):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error, self.description = error, description


def _one(form: FormData, name: str, *, required: bool = True) -> str | None:
    values = form.getlist(name)
    if len(values) > 1:
        raise _Invalid("invalid_request", f"`{name}` was given more than once")
    if not values:
        if required:
            raise _Invalid("invalid_request", f"`{name}` is required")
        return None
    value = values[0]
    if not isinstance(value, str) or len(value) > MAX_FIELD:
        raise _Invalid("invalid_request", f"`{name}` must be a short text parameter")
    return value


async def token(request: Request) -> Response:
    services: AppServices = request.app.state.services
    settings = services.config.current
    if request.method != "POST":
        return _error(405, "invalid_request", "use POST", {"allow": "POST"})
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/x-www-form-urlencoded":
        return _error(400, "invalid_request", "the body must be application/x-www-form-urlencoded")
    try:
        form = await request.form(max_files=0, max_fields=20)
        grant = _one(form, "grant_type")
        if grant == "password":
            username, password = _one(form, "username"), _one(form, "password")
            _one(form, "scope", required=False)
            assert username is not None and password is not None
            async with services.db() as session, session.begin():
                issued = await logins.password_login(
                    session,
                    services.tokens,
                    services.limiter,
                    username,
                    password,
                    refresh_ttl_s=settings.refresh_token_ttl_s,
                    client=user_agent(request),
                    address=client_address(request),
                )
        elif grant == "refresh_token":
            refresh = _one(form, "refresh_token")
            _one(form, "scope", required=False)
            assert refresh is not None
            async with services.db() as session, session.begin():
                issued = await auth.rotate_refresh_token(
                    session, services.tokens, refresh, settings.refresh_token_ttl_s
                )
        else:
            return _error(400, "unsupported_grant_type", "grant_type must be `password` or `refresh_token`")
    except _Invalid as exc:
        return _error(400, exc.error, exc.description)
    except RateLimited as exc:
        wait = {"retry-after": str(exc.retry_after)} if exc.retry_after else None
        return _error(429, "invalid_request", exc.message, wait)
    except (InvalidCredentials, Unauthenticated) as exc:
        return _error(400, "invalid_grant", exc.message)
    except (ValidationFailed, ServiceError) as exc:
        return _error(400, "invalid_request", exc.message)
    body: dict[str, Any] = {
        "access_token": issued.access_token,
        "token_type": "bearer",
        "expires_in": issued.expires_in,
        "refresh_token": issued.refresh_token,
    }
    return JSONResponse(body, headers=NO_STORE)
