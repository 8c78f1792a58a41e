"""OCR in extraction: printed images at two sizes, a page scanned turned 90°, a photo-like page, an image without
text, a scanned PDF (an image of text and no text layer), and the bounds (pixel bombs refused before decoding)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fpdf import FPDF
from PIL import Image

from services.knowledge.extract import Bounds, LimitExceeded, extract, ocr, probe
from services.knowledge.extract.media import VISION_MAX_SIDE, vision_image
from tests.bombs import pixel_bomb_png
from tests.printed import page, photo_like, png

SENTENCE = "Invoices from the Lisbon warehouse are archived every Thursday at noon."
LONGER = (
    "The harbour master keeps a ledger of every ship that enters the port. Each entry records the vessel name, "
    "its cargo, the berth it was given and the hour it left again."
)

pytestmark = pytest.mark.skipif(not ocr.available(), reason="tesseract is not installed (.ci/run installs it)")


def words(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.mark.parametrize("size", [16, 32])
def test_printed_text_is_recognised_at_two_sizes(size: int) -> None:
    result = extract(png(page(SENTENCE, size)), "note.png")
    assert result.media_type == "image"
    assert words(result.text) == SENTENCE
    assert result.metadata["width"] > 0 and "ocr_rotation" not in result.metadata


def test_a_page_scanned_sideways_is_turned_upright() -> None:
    sideways = page(LONGER, 28).rotate(90, expand=True, fillcolor="white")
    result = extract(png(sideways), "scan.png")
    assert "harbour master keeps a ledger" in words(result.text)
    assert result.metadata["ocr_rotation"] in (90, 270)


def test_a_skewed_photo_like_page_is_read() -> None:
    photo = photo_like(page(LONGER, 28).rotate(3, expand=True, fillcolor="white"))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=70)
    result = extract(out.getvalue(), "photo.jpg")
    assert "every ship that enters the port" in words(result.text)


def test_an_image_without_text_has_empty_text() -> None:
    blank = Image.new("RGB", (640, 480), "skyblue")
    result = extract(png(blank), "sky.png")
    assert result.text == "" and result.metadata["width"] == 640


def test_probe_reads_the_header_only() -> None:
    probed = probe(png(page(SENTENCE, 24)), "note.png")
    assert probed.text is None and probed.media_type == "image" and probed.metadata["format"] == "PNG"


def scanned_pdf(*images: Image.Image, text_page: str | None = None) -> bytes:
    pdf = FPDF()
    for image in images:
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=190)
    if text_page is not None:
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 10, text_page)
    return bytes(pdf.output())


def test_scanned_pdf_pages_are_read_by_ocr() -> None:
    data = scanned_pdf(page(SENTENCE, 28), text_page="A page with a real text layer.")
    result = extract(data, "scan.pdf")
    assert result.media_type == "document"
    pages = (result.text or "").split("\n\n")
    assert words(pages[0]) == SENTENCE and pages[-1] == "A page with a real text layer."
    assert result.metadata["pages"] == 2 and result.metadata["ocr_pages"] == 1


def test_a_scanned_pdf_page_with_an_oversized_image_is_refused_before_decoding() -> None:
    data = scanned_pdf(page(SENTENCE, 28))
    with pytest.raises(LimitExceeded) as refused:
        extract(data, "scan.pdf", None, Bounds(max_image_pixels=10_000))
    assert refused.value.limit == "max_image_pixels" and "scan.pdf (page 1)" in refused.value.message


def test_pixel_bomb_is_refused_before_any_decoding() -> None:
    bomb = pixel_bomb_png(50_000, 50_000)  # 2.5 * 10^9 pixels declared in a few bytes
    for read in (extract, probe):
        with pytest.raises(LimitExceeded) as refused:
            read(bomb, "bomb.png", None, Bounds())
        assert refused.value.limit == "max_image_pixels" and "limits.maxImagePixels" in refused.value.message
    with pytest.raises(LimitExceeded):
        vision_image(bomb, "image/png", "bomb.png", Bounds())


def test_the_text_bound_applies_to_ocr_text() -> None:
    with pytest.raises(LimitExceeded) as refused:
        extract(png(page(LONGER, 20)), "long.png", None, Bounds(max_chars=40))
    assert refused.value.limit == "max_extracted_chars"


def test_vision_models_get_a_format_they_take_within_their_size() -> None:
    small = png(page(SENTENCE, 16))
    assert vision_image(small, "image/png", "note.png", Bounds()) == ("image/png", small)
    out = io.BytesIO()
    Image.new("RGB", (3000, 1000), "white").save(out, "BMP")
    media_type, data = vision_image(out.getvalue(), "image/bmp", "big.bmp", Bounds())
    with Image.open(io.BytesIO(data)) as converted:
        assert media_type == "image/png" and converted.format == "PNG"
        assert converted.size == (VISION_MAX_SIDE, round(VISION_MAX_SIDE / 3))


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PATH", "/nonexistent")
    ocr.available.cache_clear()
    yield
    ocr.available.cache_clear()


@pytest.mark.usefixtures("no_tesseract")
def test_without_tesseract_images_keep_their_metadata_and_say_why() -> None:
    result = extract(png(page(SENTENCE, 24)), "note.png")
    assert result.text is None and result.metadata["format"] == "PNG"
    assert "tesseract-ocr" in result.metadata["ocr_error"]
    scanned = extract(scanned_pdf(page(SENTENCE, 24)), "scan.pdf")
    assert scanned.text == "" and "tesseract-ocr" in scanned.metadata["ocr_error"]


def test_ocr_can_be_left_out() -> None:
    quick = Bounds(ocr=False)
    assert extract(png(page(SENTENCE, 24)), "note.png", None, quick).text is None
    assert extract(scanned_pdf(page(SENTENCE, 24)), "scan.pdf", None, quick).text == ""
