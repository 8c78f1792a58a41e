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
