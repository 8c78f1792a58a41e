"""Optical character recognition: Debian's tesseract (packages tesseract-ocr, tesseract-ocr-eng, tesseract-ocr-osd),
run as its command-line program. It works offline from the files the packages install; bench/ocr_bench.py measured
it against RapidOCR (bench/README.md, "ocr_bench.py").

The program is called directly rather than through pytesseract because its environment must be set: tesseract
parallelises with OpenMP, and on a busy 2-core machine (the embedder, llama.cpp and requests share the cores) its
threads fight them; one thread per call (OMP_THREAD_LIMIT=1) read the bench pages 2x faster under load. pytesseract
hands every child the process's own environment, and setting the variable process-wide would also limit llama.cpp.

Callers hand over an image that has already passed the pixel bound (the caller checks the header before decoding).
Each call runs tesseract with a timeout (the child is killed past it) and blocks, so it belongs in a worker thread
(extraction always runs in one). The image goes in on stdin as a greyscale PNG and the text comes back on stdout:
no temporary files.

Rotation: tesseract's orientation and script detection (OSD, `--psm 0`) says how far a page is turned (0, 90,
180, 270); the page is turned upright before recognition. Small skews (a few degrees, a page scanned askew) are
handled by tesseract's own layout analysis. OSD needs a few dozen characters: on an image with less text, or
none, it gives no answer and the image is read as it is.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from services.knowledge.extract.base import ExtractionFailed

PROGRAM = "tesseract"
# The metadata keys OCR writes (images: ocr_rotation, ocr_error; PDFs: ocr_pages, ocr_unreadable_images, ocr_error):
# each extraction writes them afresh.
METADATA_KEYS = ("ocr_error", "ocr_rotation", "ocr_pages", "ocr_unreadable_images")
THREADS = 1  # OpenMP threads per tesseract call (see the module docstring)
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
THRESHOLDING = ("-c", "thresholding_method=2")
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
    if shutil.which(PROGRAM) is None:
        return False
    try:
        listed = subprocess.run(
            [PROGRAM, "--list-langs"], capture_output=True, timeout=30, env=_environment(), check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return {LANGUAGE, "osd"} <= set(listed.stdout.decode(errors="replace").split())


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
    text = _run(page, ["-l", LANGUAGE, "--psm", "3", *THRESHOLDING], label, timeout)
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


_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)
_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)


def _orientation(page: Any, label: str, timeout: float) -> int:
    try:
        osd = _run(page, ["-l", "osd", "--psm", "0", *THRESHOLDING], label, timeout)
    except _Refused:  # "Too few characters": no text to orient by
        return 0
    rotation = int(found.group(1)) % 360 if (found := _ROTATE.search(osd)) else 0
    confidence = float(found.group(1)) if (found := _CONFIDENCE.search(osd)) else 0.0
    return rotation if confidence >= MIN_ORIENTATION_CONFIDENCE and rotation in (90, 180, 270) else 0


class _Refused(ExtractionFailed):
    """Tesseract ended with an error (its message is on stderr)."""


def _run(page: Any, arguments: list[str], label: str, timeout: float) -> str:
    """Tesseract's stdout for `page`, read from stdin as PNG."""
    image = io.BytesIO()
    page.save(image, "PNG", compress_level=1)  # the child decodes it at once: speed over size
    try:
        done = subprocess.run(
            [PROGRAM, "stdin", "stdout", *arguments],
            input=image.getvalue(),
            capture_output=True,
            timeout=timeout,
            env=_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # the child has been killed
        raise ExtractionFailed(f"text recognition of {label} took longer than {timeout:g} s") from exc
    except OSError as exc:
        raise ExtractionFailed(f"text recognition of {label} could not start tesseract: {exc}") from exc
    if done.returncode != 0:
        problem = done.stderr.decode(errors="replace").strip().splitlines()
        raise _Refused(f"text recognition of {label} failed: {problem[-1] if problem else done.returncode}")
    return done.stdout.decode("utf-8", errors="replace")


def _environment() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": str(THREADS)}


def _tidy(text: str) -> str:
    """Tesseract's page text without form feeds, trailing spaces and runs of blank lines."""
    text = _TRAILING_SPACE.sub("\n", text.replace("\x0c", "\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()
