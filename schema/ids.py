"""Relay global IDs: base64("Type:uuid"). Pure functions; no I/O."""

import base64
import binascii

from services.errors import ValidationFailed


def to_global_id(type_name: str, ident: str) -> str:
    return base64.b64encode(f"{type_name}:{ident}".encode()).decode()


def from_global_id(global_id: str, expected: str | tuple[str, ...] | None = None, field: str = "id") -> tuple[str, str]:
    """(type name, database id); a malformed ID or one of the wrong type is a clear input error."""
    try:
        decoded = base64.b64decode(global_id.encode(), validate=True).decode()
        type_name, ident = decoded.split(":", 1)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValidationFailed(f"`{field}` is not a valid ID: {global_id!r}", field) from None
    allowed = (expected,) if isinstance(expected, str) else expected
    if allowed is not None and type_name not in allowed:
        raise ValidationFailed(f"`{field}` must be the ID of a {' or '.join(allowed)}, not a {type_name}", field)
    if not type_name or not ident:
        raise ValidationFailed(f"`{field}` is not a valid ID: {global_id!r}", field)
    return type_name, ident


def decode_id(global_id: str, expected: str, field: str = "id") -> str:
    return from_global_id(global_id, expected, field)[1]
