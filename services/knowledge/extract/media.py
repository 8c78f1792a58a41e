"""Images, audio and video: no text, only what their headers say (size, format, duration, channels...)."""

from __future__ import annotations

import io
import re
from typing import Any, Literal

from services.knowledge.extract.base import Bounds, ExtractionFailed, LimitExceeded, describe

_PILLOW_BOMB = re.compile(r"\((\d+) pixels\)")


def extract_image(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only: no pixel is decoded
            _check_pixels(image, label, bounds)
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
    except ExtractionFailed:
        raise
    except Image.DecompressionBombError as exc:  # over Pillow's own bound (twice Image.MAX_IMAGE_PIXELS), met first
        pixels = int(found.group(1)) if (found := _PILLOW_BOMB.search(str(exc))) else bounds.max_image_pixels + 1
        raise LimitExceeded(label, "max_image_pixels", "its size in pixels", pixels, bounds.max_image_pixels) from exc
    except Exception as exc:
        raise ExtractionFailed(f"{label} is not a readable image: {describe(exc)}") from exc
    return None, metadata


def _check_pixels(image: Any, label: str, bounds: Bounds) -> None:
    """Refuse a decompression bomb (a small file declaring a huge canvas) from its header, before any decoding."""
    if (pixels := image.width * image.height) > bounds.max_image_pixels:
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
