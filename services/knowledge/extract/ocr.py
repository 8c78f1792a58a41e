"""Optical character recognition: Debian's tesseract (packages tesseract-ocr, tesseract-ocr-eng, tesseract-ocr-osd)
through pytesseract. It runs offline from files the package installs; bench/ocr_bench.py measured it against
RapidOCR (bench/README.md, "ocr_bench.py").

Callers hand over an image that has already passed the pixel bound (the caller checks the header before decoding).
Each call runs tesseract as a subprocess with a timeout, so a pathological image costs at most that long; it
blocks, so it belongs in a worker thread (extraction always runs in one).

Rotation: tesseract's orientation and script detection (OSD, `--psm 0`) says how far a page is turned (0, 90,
180, 270); the page is turned upright before recognition. Small skews (a few degrees, a page scanned askew) are
handled by tesseract's own layout analysis. OSD needs a few dozen characters: on an image with less text, or
none, it gives no answer and the image is read as it is.
"""

from __future__ import annotations

import functools
import re
import shutil
from dataclasses import dataclass
from typing import Any

from services.knowledge.extract.base import ExtractionFailed

LANGUAGE = "eng"
TIMEOUT_SECONDS = 120.0  # one recognition of one image; a page takes seconds
# Recognition time grows with pixels: larger images are scaled down to this many first (about a 300 dpi A4 page
# is 8.7 million). Text in a larger picture is large enough to survive the scaling.
MAX_OCR_PIXELS = 12_000_000
# Tesseract reads text best at a height of about 20-40 pixels; a small image (a screenshot of a few words) is
# enlarged to at least this width, which costs little.
MIN_OCR_WIDTH = 1_000
MIN_ORIENTATION_CONFIDENCE = 2.0  # OSD's own confidence; below it the guess is ignored
# Sauvola's local thresholding (tesseract 5) instead of the default global Otsu: on a noisy, unevenly lit photo
# of a page Otsu turns the background into speckle and nothing is read; on clean pages both read the same
# (bench/ocr_bench.py "dim photo").
CONFIG = "--psm 3 -c thresholding_method=2"
_BLANK_LINES = re.compile(r"\n\s*\n+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


class OcrUnavailable(ExtractionFailed):
    """The tesseract program or its English data is not installed here."""


@dataclass(frozen=True)
class Recognised:
    text: str  # paragraphs separated by blank lines; "" when the image holds no text
    rotation: int  # degrees (clockwise) the image was turned before reading it: 0, 90, 180 or 270


@functools.cache
def available() -> bool:
    """Whether tesseract and its English and OSD data are installed (checked once per process)."""
    if shutil.which("tesseract") is None:
        return False
    import pytesseract

    try:
        languages = set(pytesseract.get_languages())
    except Exception:
        return False
    return {LANGUAGE, "osd"} <= languages


def recognise(image: Any, *, label: str = "the image", timeout: float = TIMEOUT_SECONDS) -> Recognised:
    """The text in a decoded Pillow image. OcrUnavailable without tesseract; ExtractionFailed when tesseract fails
    or takes longer than `timeout` seconds."""
    if not available():
        raise OcrUnavailable(
            "text recognition needs tesseract: install the Debian packages tesseract-ocr, tesseract-ocr-eng and "
            "tesseract-ocr-osd"
        )
    page = _prepared(image)
    rotation = _orientation(page, label, timeout)
    if rotation:
        page = page.rotate(-rotation, expand=True, fillcolor=255)  # Pillow turns counter-clockwise
    text = _run(label, timeout, lambda t: _tesseract().image_to_string(page, lang=LANGUAGE, config=CONFIG, timeout=t))
    return Recognised(_tidy(text), rotation)


def _prepared(image: Any) -> Any:
    """Greyscale (what tesseract reads anyway, and a third of the bytes to hand it), within MAX_OCR_PIXELS."""
    from PIL import Image

    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)  # an animation or a multi-page TIFF: its first frame
    page = image.convert("L")
    pixels = page.width * page.height
    if pixels > MAX_OCR_PIXELS:
        scale = (MAX_OCR_PIXELS / pixels) ** 0.5
        size = (max(1, int(page.width * scale)), max(1, int(page.height * scale)))
        page = page.resize(size, Image.Resampling.LANCZOS)
    elif 0 < page.width < MIN_OCR_WIDTH and pixels * (MIN_OCR_WIDTH / page.width) ** 2 <= MAX_OCR_PIXELS:
        scale = MIN_OCR_WIDTH / page.width
        page = page.resize((MIN_OCR_WIDTH, max(1, int(page.height * scale))), Image.Resampling.LANCZOS)
    return page


def _orientation(page: Any, label: str, timeout: float) -> int:
    pytesseract = _tesseract()
    try:
        osd = pytesseract.image_to_osd(
            page, config="-c thresholding_method=2", output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except pytesseract.TesseractError:  # "Too few characters": no text to orient by
        return 0
    except RuntimeError as exc:  # pytesseract's timeout
        raise ExtractionFailed(f"text recognition of {label} took longer than {timeout:g} s") from exc
    rotation = int(osd.get("rotate", 0)) % 360
    confident = float(osd.get("orientation_conf", 0.0)) >= MIN_ORIENTATION_CONFIDENCE
    return rotation if confident and rotation in (90, 180, 270) else 0


def _run(label: str, timeout: float, call: Any) -> str:
    pytesseract = _tesseract()
    try:
        return str(call(timeout))
    except RuntimeError as exc:  # pytesseract's timeout (TesseractError is not a RuntimeError)
        raise ExtractionFailed(f"text recognition of {label} took longer than {timeout:g} s") from exc
    except pytesseract.TesseractError as exc:
        raise ExtractionFailed(f"text recognition of {label} failed: {exc.message or exc.status}") from exc


def _tesseract() -> Any:
    import pytesseract

    return pytesseract


def _tidy(text: str) -> str:
    """Tesseract's page text without form feeds, trailing spaces and runs of blank lines."""
    text = _TRAILING_SPACE.sub("\n", text.replace("\x0c", "\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()
