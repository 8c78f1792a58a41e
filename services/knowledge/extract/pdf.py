"""PDF: the text of every page, in order, separated by blank lines; the title and author.

The page count is checked before any page is read, and the text is gathered page by page under the character
bound: a PDF over a bound is refused after reading at most one page past it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from services.knowledge.extract.base import (
    Bounds,
    ExtractionFailed,
    LimitExceeded,
    TextBuffer,
    describe,
    normalise_newlines,
)


def extract_pdf(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    with _readable(label):
        reader = open_pdf(data, label, bounds)
        text = TextBuffer(bounds, label)
        for page in reader.pages:
            text.add(normalise_newlines(page.extract_text() or "").strip())
        metadata: dict[str, Any] = {"pages": len(reader.pages), **_info(reader)}
    return text.text(), metadata


def check_pdf(data: bytes, mime: str, label: str, bounds: Bounds) -> None:
    """What `extract_pdf` would refuse before reading a page: damage, a password, too many pages."""
    with _readable(label):
        open_pdf(data, label, bounds)


@contextmanager
def _readable(label: str) -> Iterator[None]:
    """pypdf raises a wide variety of exceptions on damaged files: any of them means "not readable"."""
    from pypdf.errors import DependencyError

    try:
        yield
    except ExtractionFailed:
        raise
    except DependencyError as exc:  # AES encryption needs the optional `cryptography` package
        raise ExtractionFailed(f"{label} is an encrypted PDF that cannot be decrypted here: {describe(exc)}") from exc
    except Exception as exc:
        raise ExtractionFailed(f"{label} is not a readable PDF: {describe(exc)}") from exc


def open_pdf(data: bytes, label: str, bounds: Bounds) -> Any:
    """A pypdf reader, decrypted when it needs only the empty password, with at most `bounds.max_pdf_pages` pages."""
    from pypdf import PasswordType, PdfReader

    reader = PdfReader(io.BytesIO(data))
    # Many PDFs are encrypted with an empty user password only to restrict printing or editing: read those.
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise ExtractionFailed(f"{label} is an encrypted PDF and needs a password")
    if (pages := len(reader.pages)) > bounds.max_pdf_pages:
        raise LimitExceeded(label, "max_pdf_pages", "its number of pages", pages, bounds.max_pdf_pages)
    return reader


def _info(reader: Any) -> dict[str, str]:
    info = reader.metadata
    found = {}
    for key, value in (("title", info.title if info else None), ("author", info.author if info else None)):
        if value and str(value).strip():
            found[key] = str(value).strip()
    return found
