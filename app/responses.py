"""Error responses outside GraphQL execution still have a GraphQL body: `{"errors": [{message, extensions}]}`,
with a code every client can branch on and the request id to quote in a bug report."""

from __future__ import annotations

from starlette.responses import JSONResponse

CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    500: "INTERNAL_SERVER_ERROR",
}


def error_response(status: int, message: str, request_id: str = "", code: str | None = None) -> JSONResponse:
    extensions = {"code": code or CODES.get(status, "BAD_REQUEST")}
    if request_id:
        extensions["request_id"] = request_id
    return JSONResponse({"errors": [{"message": message, "extensions": extensions}]}, status_code=status)
