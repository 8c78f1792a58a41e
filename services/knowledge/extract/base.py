"""What every extractor shares: the result, the errors, the bounds and a bounded text buffer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

MEDIA_TYPES = ("text", "document", "image", "audio", "video", "embedding")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Extracted:
    media_type: str
    mime: str
    text: str | None
    metadata: dict[str, Any]


class ExtractionFailed(Exception):
    """The content cannot be read as the type it appears to be; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LimitExceeded(ExtractionFailed):
    """The content is over one of the extraction bounds (LimitSettings.<limit>); extraction stopped there.

    `value` is what was measured when it stopped: for a bound checked while reading, the first count past the
    bound (the content holds at least that much), not the full size, which is never computed."""

    code = "CONTENT_TOO_LARGE"

    def __init__(self, label: str, limit: str, what: str, value: int, maximum: int, *, at_least: bool = False) -> None:
        measured = f"at least {value:,}" if at_least else f"{value:,}"
        head, *rest = limit.split("_")
        name = head + "".join(word.title() for word in rest)  # as the GraphQL config spells it
        super().__init__(f"{label} is too large: {what} is {measured}; the limit `limits.{name}` is {maximum:,}")
        self.limit, self.value, self.maximum = limit, value, maximum

    @property
    def coded(self) -> str:
        """The message behind its code, as a content's `error` shows it."""
        return f"{self.code}: {self.message}"


@dataclass(frozen=True)
class Bounds:
    """The extraction bounds (LimitSettings' `max_extracted_chars`, `max_unpacked_bytes`, ...) and whether to OCR."""

    max_chars: int = 10_000_000
    max_unpacked_bytes: int = 200_000_000
    max_image_pixels: int = 89_478_485  # Pillow's own default (Image.MAX_IMAGE_PIXELS)
    max_pdf_pages: int = 5_000
    max_chunks: int = 20_000
    # Whether images and PDF pages without a text layer are read by OCR (seconds a page). False for callers that
    # cannot wait for it, such as a chat prompt reading an attached document on every turn.
    ocr: bool = True

    @classmethod
    def of(cls, limits: _HasExtractionLimits) -> Bounds:
        return cls(
            max_chars=limits.max_extracted_chars,
            max_unpacked_bytes=limits.max_unpacked_bytes,
            max_image_pixels=limits.max_image_pixels,
            max_pdf_pages=limits.max_pdf_pages,
            max_chunks=limits.max_chunks,
        )


class _HasExtractionLimits(Protocol):
    max_extracted_chars: int
    max_unpacked_bytes: int
    max_image_pixels: int
    max_pdf_pages: int
    max_chunks: int


class TextBuffer:
    """Text gathered piece by piece (pages, paragraphs, rows) under `bounds.max_chars`: `add` raises LimitExceeded
    as soon as the total, separators included, passes the bound, so no extractor ever holds much more than it."""

    def __init__(self, bounds: Bounds, label: str, separator: str = "\n\n") -> None:
        self.bounds, self.label, self.separator = bounds, label, separator
        self.pieces: list[str] = []
        self.chars = 0

    def add(self, piece: str) -> None:
        if not piece:
            return
        self.check(len(piece) + (len(self.separator) if self.pieces else 0))
        self.chars += len(piece) + (len(self.separator) if self.pieces else 0)
        self.pieces.append(piece)

    def check(self, more: int) -> None:
        """LimitExceeded if `more` characters on top of those gathered would pass the bound."""
        if (total := self.chars + more) > self.bounds.max_chars:
            raise LimitExceeded(
                self.label, "max_extracted_chars", "its text in characters", total, self.bounds.max_chars,
                at_least=True,
            )  # fmt: skip

    def text(self) -> str:
        return self.separator.join(self.pieces)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def describe(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__
