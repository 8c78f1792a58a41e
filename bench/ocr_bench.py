"""OCR engines on generated pages: character error rate and seconds per image.

`.venv/bin/python bench/ocr_bench.py [--repeat 2] [--engines tesseract,rapidocr]`

Pages are drawn (tests/printed.py) with Pillow's own font (no system font needed): clean text at two sizes, a
page rotated 90°, one skewed by 4°, a photo-like page (grey paper, uneven light, noise, blur, JPEG) and a dim,
noisier one at 20 px. Engines:

- `tesseract`: what Switchboard runs (services.knowledge.extract.ocr: Debian's tesseract program, one OpenMP
  thread per call, orientation from tesseract's OSD, Sauvola thresholding).
- `tesseract-openmp`: the same with tesseract's OpenMP threads on every core (its default), for comparison.
- `rapidocr`: RapidOCR with onnxruntime and its bundled PP-OCR models (`rapidocr_onnxruntime`, angle classifier
  on). Not a project dependency: install it into another environment to compare, e.g.
  `uv venv /tmp/ocrbench && uv pip install --python /tmp/ocrbench/bin/python rapidocr_onnxruntime pillow numpy`
  and run this file with /tmp/ocrbench/bin/python from the repository root. Skipped when not installed.

The character error rate is the Levenshtein distance between the recognised and the true text, both lower-cased
with whitespace collapsed to one space, over the true text's length. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.printed import page, photo_like

PARAGRAPH = (
    "The quarterly report shows that shipping volumes rose by twelve percent while fuel costs fell. "
    "Warehouse staff in Rotterdam processed four thousand pallets on the busiest day of the year. "
    "Customers asked for tracking updates every hour, so the new dashboard refreshes automatically. "
    "Please send corrections to the operations team before Friday."
)


def cases() -> list[tuple[str, Any, str]]:
    short = " ".join(PARAGRAPH.split()[:30])
    return [
        ("clean 32px", page(PARAGRAPH, 32), PARAGRAPH),
        ("small 16px", page(PARAGRAPH, 16), PARAGRAPH),
        ("rotated 90", page(short, 28).rotate(90, expand=True, fillcolor="white"), short),
        ("skewed 4deg", page(short, 28).rotate(4, expand=True, fillcolor="white", resample=3), short),
        ("photo-like", photo_like(page(PARAGRAPH, 28)), PARAGRAPH),
        ("dim photo 20px", photo_like(page(PARAGRAPH, 20), noise=30.0, blur=1.2), PARAGRAPH),
    ]


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def cer(found: str, truth: str) -> float:
    a, b = normal(found), normal(truth)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / max(1, len(b))


def tesseract_engine() -> Callable[[Any], str] | None:
    from services.knowledge.extract import ocr

    if not ocr.available():
        print("tesseract: not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd)")
        return None
    return lambda image: ocr.recognise(image, timeout=120.0).text


def tesseract_openmp_engine() -> Callable[[Any], str] | None:
    from services.knowledge.extract import ocr

    ocr.THREADS = os.cpu_count() or 1
    return tesseract_engine()


def rapidocr_engine() -> Callable[[Any], str] | None:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        print("rapidocr: rapidocr_onnxruntime not installed in this environment (see the docstring)")
        return None
    import numpy as np

    engine = RapidOCR()

    def run(image: Any) -> str:
        result, _ = engine(np.asarray(image.convert("RGB"))[:, :, ::-1], use_cls=True)
        return " ".join(item[1] for item in (result or []))

    return run


ENGINES = {"tesseract": tesseract_engine, "tesseract-openmp": tesseract_openmp_engine, "rapidocr": rapidocr_engine}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per image (after one warm-up run)")
    parser.add_argument("--engines", default="tesseract,tesseract-openmp,rapidocr")
    args = parser.parse_args()
    random.seed(1)
    pages = cases()
    for name in args.engines.split(","):
        engine = ENGINES[name]()
        if engine is None:
            continue
        engine(pages[0][1])  # warm-up: model loading is not per-image cost
        rates, times = [], []
        for label, image, truth in pages:
            spent = []
            for _ in range(args.repeat):
                began = time.perf_counter()
                found = engine(image)
                spent.append(time.perf_counter() - began)
            rate, seconds = cer(found, truth), statistics.median(spent)
            rates.append(rate)
            times.append(seconds)
            print(f"{name:16} {label:14} {image.width}x{image.height:<5} CER {rate:6.1%}  {seconds:6.2f} s/image")
        print(f"{name:16} {'mean':14} {'':10} CER {statistics.mean(rates):6.1%}  {statistics.mean(times):6.2f} s/image")


if __name__ == "__main__":
    main()
