"""Printed pages drawn on the spot with Pillow's own font (no system font needed), for the OCR tests and
bench/ocr_bench.py: clean pages, and photo-like ones (grey paper, uneven light, noise, blur, JPEG)."""

from __future__ import annotations

import io
from typing import Any


def wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def page(text: str, size: int, width_chars: int = 48) -> Any:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=size)
    lines = wrap(text, width_chars)
    line_height = int(size * 1.5)
    width = int(size * 0.62 * width_chars) + 2 * size
    image = Image.new("L", (width, line_height * len(lines) + 2 * size), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((size, size + i * line_height), line, fill=0, font=font)
    return image.convert("RGB")


def photo_like(image: Any, seed: int = 7, noise: float = 14.0, blur: float = 0.8) -> Any:
    """Grey paper, light falling off to one side, sensor noise, a little blur, saved as a mid-quality JPEG."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    width = pixels.shape[1]
    light = np.linspace(1.0, 0.7, width, dtype=np.float32)[None, :]
    pixels = (pixels * 0.75 + 40) * light + rng.normal(0, noise, pixels.shape)
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(blur))
    buffer = io.BytesIO()
    noisy.convert("RGB").save(buffer, "JPEG", quality=60)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def png(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
