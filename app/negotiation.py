"""What a GraphQL request gets back, from its Accept header, and with which HTTP status.

- `application/graphql-response+json` (GraphQL over HTTP): a request that fails before execution (no `data`)
  is a 4xx: 400 for parse, validation, variable and limit errors, 401/403 for authentication and trust, 404
  for an unknown persisted query, 429 for rate limits.
- `application/json` (legacy clients, and `*/*`): 200 for every well-formed GraphQL request, as that spec asks.
- `text/event-stream` (graphql-sse, distinct connections) and `multipart/mixed;subscriptionSpec=1.0` (Apollo's
  multipart subscriptions): a stream.

The client's preference decides, by q-value and then order: urql lists `application/graphql-response+json`
before `text/event-stream` for queries, so its queries stay plain HTTP. No Accept header counts as
`application/graphql-response+json` (the spec's rule since 2025); an Accept header naming nothing we serve
gets a 406.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
SSE = "text/event-stream"
MULTIPART = "multipart/mixed"
MAX_RANGES = 32  # media ranges read from one Accept header

# The HTTP status of a request error under application/graphql-response+json, by its code.
STATUS_BY_CODE = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "DOCUMENT_NOT_TRUSTED": 403,
    "PERSISTED_QUERY_NOT_FOUND": 404,
    "RATE_LIMITED": 429,
}


def media_ranges(accept: str) -> list[tuple[str, dict[str, str]]]:
    """The media ranges of an Accept header, most preferred first (q-value, then order); q=0 ones dropped."""
    ranked: list[tuple[float, int, str, dict[str, str]]] = []
    for index, part in enumerate(accept.split(",")[:MAX_RANGES]):
        media, *raw_params = (piece.strip() for piece in part.split(";"))
        params = {}
        for raw in raw_params:
            key, _, value = raw.partition("=")
            params[key.strip().lower()] = value.strip().strip('"')
        try:
            quality = float(params.pop("q", "1"))
        except ValueError:
            quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, index, media.lower(), params))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [(media, params) for _, _, media, params in ranked]


def is_multipart_subscription(params: Mapping[str, str]) -> bool:
    return params.get("subscriptionspec", "").startswith("1.0") and params.get("boundary", "graphql") == "graphql"


def _kind(media: str, params: Mapping[str, str]) -> str | None:
    if media == GRAPHQL_RESPONSE:
        return GRAPHQL_RESPONSE
    if media in (JSON, "application/*", "*/*"):
        return JSON
    if media == SSE:
        return SSE
    if media == MULTIPART and is_multipart_subscription(params):
        return MULTIPART
    return None


def negotiate(accept: str | None) -> str | None:
    """GRAPHQL_RESPONSE, JSON, SSE or MULTIPART; None when the client accepts none of them."""
    if accept is None or not accept.strip():
        return GRAPHQL_RESPONSE
    kinds = (_kind(media, params) for media, params in media_ranges(accept))
    return next((kind for kind in kinds if kind is not None), None)


def streams_accepted(accept: str | None) -> list[str]:
    """The streaming types the client accepts, most preferred first."""
    kinds = (_kind(media, params) for media, params in media_ranges(accept or ""))
    return [kind for kind in kinds if kind in (SSE, MULTIPART)]


def request_error_status(body: Mapping[str, Any]) -> int:
    """The status of a GraphQL response under application/graphql-response+json: 200 when it has `data`
    (even null: execution started), else the 4xx its first coded error calls for (400 by default)."""
    if "data" in body:
        return 200
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code") if isinstance(error, Mapping) else None
        if code in STATUS_BY_CODE:
            return STATUS_BY_CODE[code]
    return 400


def retry_after(body: Mapping[str, Any]) -> int | None:
    """The first error's `retryAfter` (seconds), for a 429's Retry-After header."""
    for error in body.get("errors") or ():
        wait = (error.get("extensions") or {}).get("retryAfter") if isinstance(error, Mapping) else None
        if isinstance(wait, int):
            return wait
    return None


def content_type(kind: str) -> str:
    return f"{kind}; charset=utf-8"
