"""Typed errors returned as union members by mutations (DESIGN.md convention 6). No I/O."""

from enum import Enum

import strawberry


@strawberry.enum(description="Machine-readable error codes, shared by typed errors and `extensions.code`.")
class ErrorCode(Enum):
    BAD_USER_INPUT = strawberry.enum_value("BAD_USER_INPUT", description="The input is invalid.")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="No such object visible to you.")
    CONFLICT = strawberry.enum_value("CONFLICT", description="It clashes with existing data.")
    UNAUTHENTICATED = strawberry.enum_value("UNAUTHENTICATED", description="Credentials are missing or invalid.")
    FORBIDDEN = strawberry.enum_value("FORBIDDEN", description="You may not do this.")
    INVALID_CREDENTIALS = strawberry.enum_value("INVALID_CREDENTIALS", description="Wrong username or password.")
    INVALID_IMPORT = strawberry.enum_value("INVALID_IMPORT", description="The import document is invalid.")
    INVALID_CONFIG = strawberry.enum_value("INVALID_CONFIG", description="The configuration change is invalid.")
    RUN_FINISHED = strawberry.enum_value("RUN_FINISHED", description="The run already ended.")
    RATE_LIMITED = strawberry.enum_value(
        "RATE_LIMITED", description="Too many requests of this kind; `extensions.retryAfter` says when to try again."
    )
    QUOTA_EXCEEDED = strawberry.enum_value(
        "QUOTA_EXCEEDED", description="Today's token quota for this provider is spent (until the next UTC day)."
    )
    QUEUE_FULL = strawberry.enum_value(
        "QUEUE_FULL", description="The provider's queue, or your share of it, is full; try again when runs finish."
    )
    CONTENT_TOO_LARGE = strawberry.enum_value(
        "CONTENT_TOO_LARGE",
        description="A file is over an extraction limit (`limits.maxExtractedChars`, `maxChunks`, "
        "`maxUnpackedBytes`, `maxImagePixels`, `maxPdfPages`); the message names it and the measured value.",
    )


@strawberry.interface(description="An expected failure of a mutation, returned instead of its result.")
class Error:
    message: str = strawberry.field(description="What went wrong, for people.")
    code: ErrorCode = strawberry.field(description="What went wrong, for programs.")


@strawberry.type(description="The input was invalid; nothing was changed.")
class ValidationError(Error):
    field: str | None = strawberry.field(description="The input field at fault, when there is one.")


@strawberry.type(description="The object does not exist or is not yours; nothing was changed.")
class NotFoundError(Error):
    id: strawberry.ID = strawberry.field(description="The ID that was looked up.")


@strawberry.type(description="The change clashes with existing data (e.g. a taken username).")
class ConflictError(Error):
    pass


@strawberry.type(description="Authentication failed or is not allowed.")
class AuthError(Error):
    pass


@strawberry.type(description="The import document is malformed or from an incompatible format version.")
class ImportError(Error):
    path: str | None = strawberry.field(description="Where in the document the problem is.")


@strawberry.type(description="One problem with a proposed configuration.")
class ConfigProblem:
    path: str = strawberry.field(description="Dotted setting path, e.g. `limits.maxPageSize`.")
    message: str = strawberry.field(description="What is wrong with it.")


@strawberry.type(description="The configuration change was refused; nothing was applied.")
class ConfigError(Error):
    problems: list[ConfigProblem] = strawberry.field(description="Every problem found.")


@strawberry.type(description="The object was deleted.")
class Deleted:
    id: strawberry.ID = strawberry.field(description="ID of the deleted object.")
