"""Domain errors. The GraphQL layer maps each to a typed union member or an error code."""

from __future__ import annotations


class ServiceError(Exception):
    """An expected failure, safe to show to the caller."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(ServiceError):
    code = "BAD_USER_INPUT"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ContentTooLarge(ValidationFailed):
    """A file over one of the extraction limits (`limits.max_extracted_chars`, ...); the message names it."""

    code = "CONTENT_TOO_LARGE"


class NotFound(ServiceError):
    """Missing, or owned by someone else (the two are indistinguishable on purpose)."""

    code = "NOT_FOUND"

    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"{kind} {ident!r} was not found")
        self.kind = kind
        self.ident = ident


class Conflict(ServiceError):
    code = "CONFLICT"


class Unauthenticated(ServiceError):
    code = "UNAUTHENTICATED"


class Forbidden(ServiceError):
    code = "FORBIDDEN"


class InvalidCredentials(ServiceError):
    code = "INVALID_CREDENTIALS"


class ImportFailed(ServiceError):
    """An import document that is malformed or from an incompatible format version."""

    code = "INVALID_IMPORT"

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class LimitReached(ServiceError):
    """A limit refused the request for now; `retry_after` says in how many seconds it may pass (None: unknown).
    Always a GraphQL error (never a mutation's union member), so a client handles every limit in one place."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimited(LimitReached):
    code = "RATE_LIMITED"


class QuotaExceeded(LimitReached):
    code = "QUOTA_EXCEEDED"


class QueueFull(LimitReached):
    code = "QUEUE_FULL"
