"""Error responses outside GraphQL execution still have a GraphQL body: `{"errors": [{message, extensions}]}`,
with a code every client can branch on and the request id to quote in a bug report."""

from __future__ import annotations

from collections.abc import Mapping

from cross_web import HTTPException
from starlette.responses import JSONResponse

from app.negotiation import GRAPHQL_RESPONSE, JSON, content_type, negotiate

CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    500: "INTERNAL_SERVER_ERROR",
}


class RequestRefused(HTTPException):
    """An HTTP error with its own `extensions.code` (else the status's)."""

    def __init__(self, status_code: int, reason: str, code: str | None = None) -> None:
        super().__init__(status_code, reason)
        self.code = code


def error_response(
    status: int,
    message: str,
    request_id: str = "",
    code: str | None = None,
    accept: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """The body is application/graphql-response+json when the client accepts it (so it may trust a 4xx's
    body, as GraphQL over HTTP says), else application/json."""
    extensions = {"code": code or CODES.get(status, "BAD_REQUEST")}
    if request_id:
        extensions["request_id"] = request_id
    media = GRAPHQL_RESPONSE if negotiate(accept) == GRAPHQL_RESPONSE else JSON
    return JSONResponse(
        {"errors": [{"message": message, "extensions": extensions}]},
        status_code=status,
        media_type=content_type(media),
        headers=headers,
    )
