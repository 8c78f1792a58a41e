"""Which extractor reads which type, and the two entry points: `probe` at upload, `extract` in the INGEST run.

`probe` is what an upload can afford: the type, and only the checks and metadata that need no extraction (the text
decodes and is under the character bound; a docx's declared unpacked size; a PDF opens and is within the page
bound; an image's header: size, format, the pixel bound; audio and video headers). `extract` does the work once,
in the INGEST run, under every bound: text, and OCR for images and for PDF pages without a text layer. Both are
synchronous and CPU-bound: run them in a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.knowledge.extract.base import Bounds, Extracted, ExtractionFailed
from services.knowledge.extract.markup import check_html, extract_html
from services.knowledge.extract.media import extract_av, extract_image, image_metadata
from services.knowledge.extract.pdf import check_pdf, extract_pdf
from services.knowledge.extract.sniff import DOCX_MIME, PLAIN_TEXT_APPLICATION, sniff_mime
from services.knowledge.extract.text import check_text, extract_csv, extract_json, extract_plain
from services.knowledge.extract.word import extract_docx, open_docx

TEXT_BEARING = ("text", "document")
# What an INGEST run indexes: text-bearing types and images (their OCR text and caption). Audio and video keep
# their metadata only.
INDEXED = (*TEXT_BEARING, "image")

Handler = Callable[[bytes, str, str, Bounds], tuple[str | None, dict[str, Any]]]
Check = Callable[[bytes, str, str, Bounds], dict[str, Any] | None]  # the metadata it learned, if any


def extract(
    data: bytes, filename: str | None = None, declared_mime: str | None = None, bounds: Bounds | None = None
) -> Extracted:
    """Text and metadata of `data`; ExtractionFailed when it cannot be read as what it appears to be, LimitExceeded
    (a kind of ExtractionFailed) as soon as it passes one of `bounds`."""
    mime = sniff_mime(data, filename, declared_mime)
    label = filename or "the file"
    media_type, handler, _check = _route(mime, label)
    text, extra = handler(data, mime, label, bounds or Bounds())
    return Extracted(media_type, mime, text, {"mime": mime, "size_bytes": len(data), **extra})


def probe(
    data: bytes, filename: str | None = None, declared_mime: str | None = None, bounds: Bounds | None = None
) -> Extracted:
    """What an upload needs to know, cheaply: the type and, for media, its header's metadata (`text` is None).

    Raises what `extract` would for what can be told without extracting text."""
    mime = sniff_mime(data, filename, declared_mime)
    label = filename or "the file"
    media_type, _handler, check = _route(mime, label)
    extra = check(data, mime, label, bounds or Bounds()) or {}
    return Extracted(media_type, mime, None, {"mime": mime, "size_bytes": len(data), **extra})


def _route(mime: str, label: str) -> tuple[str, Handler, Check]:
    kind, _, _subtype = mime.partition("/")
    if mime == "text/html":
        return "text", extract_html, check_html
    if mime == "text/csv":
        return "text", extract_csv, check_text
    if mime == "application/json":
        return "text", extract_json, check_text
    if kind == "text" or mime in PLAIN_TEXT_APPLICATION:
        return "text", extract_plain, check_text
    if mime == "application/pdf":
        return "document", extract_pdf, check_pdf
    if mime == DOCX_MIME:
        return "document", extract_docx, _check_docx
    if mime == "image/svg+xml":
        return "image", _no_details, _nothing  # vector graphics: Pillow cannot open them, nothing to measure
    if kind == "image":
        return "image", extract_image, image_metadata
    if kind in ("audio", "video") or mime == "application/ogg":
        return ("video" if kind == "video" else "audio"), extract_av, _av_metadata
    raise ExtractionFailed(
        f"{label}: unsupported file type ({mime}); supported are text, Markdown, HTML, CSV, JSON, PDF, DOCX, "
        "images, audio and video"
    )


def _check_docx(data: bytes, mime: str, label: str, bounds: Bounds) -> None:
    open_docx(data, label, bounds).close()


def _av_metadata(data: bytes, mime: str, label: str, bounds: Bounds) -> dict[str, Any]:
    return extract_av(data, mime, label, bounds)[1]


def _no_details(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    return None, {}


def _nothing(data: bytes, mime: str, label: str, bounds: Bounds) -> None:
    return None
