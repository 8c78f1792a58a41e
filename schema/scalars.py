"""Scalars whose input checks differ from the library's defaults."""

from __future__ import annotations

from typing import Any

import strawberry


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
