"""Images: their metadata (size, format) and the text OCR finds in them. Audio and video: what their headers say
(duration, channels...), no text.

Every image is measured from its header first: one over `max_image_pixels` (a decompression bomb: a small file
declaring a huge canvas) is refused before a single pixel is decoded."""

from __future__ import annotations

import io
import re
from typing import Any, Literal

from services.knowledge.extract import ocr
from services.knowledge.extract.base import Bounds, ExtractionFailed, LimitExceeded, TextBuffer, describe

_PILLOW_BOMB = re.compile(r"\((\d+) pixels\)")
# What a vision model is sent: the image as it is when a model takes its format and size, else a PNG scaled to
# fit this side (Anthropic scales anything larger down itself, so larger only costs upload time).
VISION_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
VISION_MAX_SIDE = 1568


def image_metadata(data: bytes, mime: str, label: str, bounds: Bounds) -> dict[str, Any]:
    """Width, height, format, mode and frames from the header; the structure verified without decoding pixels."""
    with _opened(data, label, bounds) as image:
        metadata: dict[str, Any] = {
            "width": image.width,
            "height": image.height,
            "format": image.format,
            "mode": image.mode,
        }
        if (frames := getattr(image, "n_frames", 1)) > 1:
            metadata["frames"] = frames
        # verify() checks structure and checksums without decoding every pixel (cheap even for huge images).
        image.verify()
    return metadata


def extract_image(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    """The image's metadata and its text, recognised by OCR (services.knowledge.extract.ocr): "" for an image
    without text. Without tesseract installed the text is None and `ocr_error` says why: the image is still
    stored and can still be captioned."""
    metadata = image_metadata(data, mime, label, bounds)
    if not bounds.ocr:
        return None, metadata
    try:
        with _opened(data, label, bounds) as image:  # verify() spent the first one
            recognised = ocr.recognise(image, label=label)
    except ocr.OcrUnavailable as exc:
        return None, {**metadata, "ocr_error": exc.message}
    text = TextBuffer(bounds, label)
    text.add(recognised.text)
    if recognised.rotation:
        metadata["ocr_rotation"] = recognised.rotation
    return text.text(), metadata


def vision_image(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str, bytes]:
    """(media type, bytes) of the image for a vision model: the file itself when a model takes it, else a PNG
    (scaled to VISION_MAX_SIDE). Checked against the pixel bound before anything is decoded."""
    with _opened(data, label, bounds) as image:
        if mime in VISION_TYPES and max(image.width, image.height) <= VISION_MAX_SIDE:
            return mime, data
        try:
            image.thumbnail((VISION_MAX_SIDE, VISION_MAX_SIDE))
            buffer = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(buffer, "PNG")
        except Exception as exc:
            raise ExtractionFailed(f"{label} is not a readable image: {describe(exc)}") from exc
    return "image/png", buffer.getvalue()


class _opened:
    """`with _opened(...) as image`: a Pillow image read from its header only and checked against the pixel bound;
    Pillow's own bomb error and any unreadable file become ExtractionFailed / LimitExceeded."""

    def __init__(self, data: bytes, label: str, bounds: Bounds) -> None:
        self.data, self.label, self.bounds = data, label, bounds
        self.image: Any = None

    def __enter__(self) -> Any:
        from PIL import Image

        try:
            self.image = Image.open(io.BytesIO(self.data))  # reads the header only: no pixel is decoded
        except Image.DecompressionBombError as exc:  # over Pillow's own bound (twice MAX_IMAGE_PIXELS), met first
            found = _PILLOW_BOMB.search(str(exc))
            pixels = int(found.group(1)) if found else self.bounds.max_image_pixels + 1
            raise LimitExceeded(
                self.label, "max_image_pixels", "its size in pixels", pixels, self.bounds.max_image_pixels
            ) from exc
        except Exception as exc:
            raise ExtractionFailed(f"{self.label} is not a readable image: {describe(exc)}") from exc
        _check_pixels(self.image, self.label, self.bounds)
        return self.image

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        self.image.close()
        if error is not None and not isinstance(error, ExtractionFailed) and isinstance(error, Exception):
            raise ExtractionFailed(f"{self.label} is not a readable image: {describe(error)}") from error


def _check_pixels(image: Any, label: str, bounds: Bounds) -> None:
    """Refuse a decompression bomb (a small file declaring a huge canvas) from its header, before any decoding."""
    if (pixels := image.width * image.height) > bounds.max_image_pixels:
        image.close()
        raise LimitExceeded(label, "max_image_pixels", "its size in pixels", pixels, bounds.max_image_pixels)


_AV_FIELDS: tuple[tuple[str, str, Literal["float", "int"]], ...] = (
    ("length", "duration_seconds", "float"),
    ("bitrate", "bitrate", "int"),
    ("channels", "channels", "int"),
    ("sample_rate", "sample_rate", "int"),
)


def extract_av(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    """Stream properties where mutagen understands the container; otherwise just the type and size."""
    import mutagen

    try:
        media = mutagen.File(io.BytesIO(data))
    except Exception:  # unreadable or unusual containers are still valid content to store
        media = None
    info = getattr(media, "info", None)
    metadata: dict[str, Any] = {}
    for attribute, key, kind in _AV_FIELDS:
        value = getattr(info, attribute, None)
        if isinstance(value, int | float) and value > 0:
            metadata[key] = round(float(value), 3) if kind == "float" else int(value)
    return None, metadata
