"""PDF: the text of every page, in order, separated by blank lines; the title and author.

The page count is checked before any page is read, and the text is gathered page by page under the character
bound: a PDF over a bound is refused after reading at most one page past it.

A page without a text layer (a scan) is read by OCR: its embedded images, each measured from its dictionary
(/Width, /Height) against `max_image_pixels` before it is decoded, the largest MAX_PAGE_IMAGES of them, each
recognised by tesseract (services.knowledge.extract.ocr). `ocr_pages` in the metadata counts the pages read so."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from services.knowledge.extract import ocr
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
        scans = _Scans(label, bounds)
        for number, page in enumerate(reader.pages, 1):
            cached = len(reader.resolved_objects)
            found = normalise_newlines(page.extract_text() or "").strip()
            text.add(found or scans.read(page, number))
            _forget_images(reader, cached)
        metadata: dict[str, Any] = {"pages": len(reader.pages), **_info(reader), **scans.metadata()}
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


MAX_PAGE_IMAGES = 8  # images read per scanned page, largest first: a scan is one image, or a few strips
MIN_SCAN_SIDE = 32  # smaller images are icons and rules, not text


class _Scans:
    """OCR of the pages that have no text layer, and what it did (for the metadata)."""

    def __init__(self, label: str, bounds: Bounds) -> None:
        self.label, self.bounds = label, bounds
        self.pages = 0
        self.unreadable = 0
        self.error: str | None = None

    def read(self, page: Any, number: int) -> str:
        if self.error is not None or not self.bounds.ocr:
            return ""
        where = f"{self.label} (page {number})"
        pieces = []
        for name in self._images(page, where):
            try:
                image = page.images[name].image
            except Exception:  # a filter pypdf cannot decode here (JBIG2 without jbig2dec): skip this picture
                self.unreadable += 1
                continue
            try:
                pieces.append(ocr.recognise(image, label=where).text)
            except ocr.OcrUnavailable as exc:
                self.error = exc.message
                return ""
            finally:
                image.close()
        found = "\n\n".join(p for p in pieces if p)
        self.pages += bool(found)
        return found

    def _images(self, page: Any, where: str) -> list[str]:
        """The names of the page's own image XObjects worth reading, largest first, checked against the pixel
        bound from their dictionaries (nothing decoded)."""
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        sized = []
        for name, ref in (xobjects.get_object() if xobjects is not None else {}).items():
            image = ref.get_object()
            if image.get("/Subtype") != "/Image":
                continue
            width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
            if width * height > self.bounds.max_image_pixels:
                raise LimitExceeded(
                    where, "max_image_pixels", "an image's size in pixels", width * height, self.bounds.max_image_pixels
                )
            if min(width, height) >= MIN_SCAN_SIDE:
                sized.append((width * height, str(name)))
        return [name for _, name in sorted(sized, reverse=True)[:MAX_PAGE_IMAGES]]

    def metadata(self) -> dict[str, Any]:
        found: dict[str, Any] = {"ocr_pages": self.pages} if self.pages else {}
        if self.unreadable:
            found["ocr_unreadable_images"] = self.unreadable
        if self.error is not None:
            found["ocr_error"] = self.error
        return found


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
