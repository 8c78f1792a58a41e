"""Scalars whose input checks differ from the library's defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from services.validation import utc_moment


def _parse_upload(value: Any) -> Any:
    """An Upload is a file part of a multipart request (GraphQL multipart request spec), never a string:
    without this check `uploadContent(file: "x")` reached the resolver with a str."""
    if not (hasattr(value, "read") and hasattr(value, "filename")):
        raise ValueError(
            "Upload values are file parts of a multipart/form-data request (the GraphQL multipart request spec), "
            f"not {type(value).__name__} values"
        )
    return value


def _serialize_upload(value: Any) -> Any:
    raise ValueError("Upload is an input-only scalar")


UploadScalar = strawberry.scalar(
    name="Upload",
    description="A file sent as a part of a multipart/form-data request (the GraphQL multipart request spec).",
    serialize=_serialize_upload,
    parse_value=_parse_upload,
)


def _parse_datetime(value: Any) -> datetime:
    """ISO 8601 (as `datetime.fromisoformat` reads it), normalised to UTC as it is read, so that a moment with no
    UTC equivalent (`0001-01-01T00:00:00+05:00`, `9999-12-31T23:59:59-05:00`) is an input error; normalised later,
    when a query bound it, it was an OverflowError and an internal error. A moment without an offset is UTC."""
    if not isinstance(value, str):
        raise ValueError(f"DateTime values are ISO 8601 strings, not {type(value).__name__} values")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO 8601 date and time: {value!r}") from None
    return utc_moment(moment)


DateTimeScalar = strawberry.scalar(
    name="DateTime",
    description="Date with time (isoformat)",
    serialize=datetime.isoformat,
    parse_value=_parse_datetime,
)
