"""PDF: the text of every page, in order, separated by blank lines; the title and author.

The page count is checked before any page is read, and the text is gathered page by page under the character
bound: a PDF over a bound is refused after reading at most one page past it."""

from __future__ import annotations

import io
import itertools
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
            cached = len(reader.resolved_objects)
            text.add(normalise_newlines(page.extract_text() or "").strip())
            _forget_images(reader, cached)
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

    # Not a bare BytesIO: pypdf asks one for its buffer, which copies bytes it would otherwise share.
    reader = PdfReader(io.BufferedReader(io.BytesIO(data)))
    # Many PDFs are encrypted with an empty user password only to restrict printing or editing: read those.
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise ExtractionFailed(f"{label} is an encrypted PDF and needs a password")
    if (pages := len(reader.pages)) > bounds.max_pdf_pages:
        raise LimitExceeded(label, "max_pdf_pages", "its number of pages", pages, bounds.max_pdf_pages)
    return reader


def _forget_images(reader: Any, cached: int) -> None:
    """Drop the images a page's text extraction loaded (pypdf caches every object it reads, so a PDF's pictures would
    otherwise all stay in memory); only the objects cached since `cached` are looked at, so this is linear."""
    from pypdf.generic import StreamObject

    cache = reader.resolved_objects
    fresh = list(itertools.islice(reversed(cache.items()), len(cache) - cached))
    for key, value in fresh:
        if isinstance(value, StreamObject) and value.get("/Subtype") == "/Image":
            del cache[key]


def _info(reader: Any) -> dict[str, str]:
    info = reader.metadata
    found = {}
    for key, value in (("title", info.title if info else None), ("author", info.author if info else None)):
        if value and str(value).strip():
            found[key] = str(value).strip()
    return found
