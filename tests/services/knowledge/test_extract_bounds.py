"""Extraction is bounded while it runs: each bound refuses with LimitExceeded (CONTENT_TOO_LARGE) naming the limit
and the measured value, after reading only about as much as the bound allows."""

from __future__ import annotations

import zipfile
from typing import Any

import pytest

from services.knowledge.chunking import TooManyChunks, chunk_text, word_tokens
from services.knowledge.extract import Bounds, LimitExceeded, extract, probe
from services.settings import LimitSettings
from tests.bombs import PARAGRAPH, multi_page_pdf, pixel_bomb_png, text_bomb_docx, zip_bomb_docx


def refused(data: bytes, name: str, bounds: Bounds) -> LimitExceeded:
    with pytest.raises(LimitExceeded) as failure:
        extract(data, name, None, bounds)
    assert failure.value.code == "CONTENT_TOO_LARGE"
    return failure.value


def test_bounds_follow_the_settings() -> None:
    limits = LimitSettings(
        max_extracted_chars=1_234, max_chunks=5, max_unpacked_bytes=20_000, max_image_pixels=3_000, max_pdf_pages=7
    )
    assert Bounds.of(limits) == Bounds(
        max_chars=1_234, max_chunks=5, max_unpacked_bytes=20_000, max_image_pixels=3_000, max_pdf_pages=7
    )
    assert Bounds.of(LimitSettings()) == Bounds()


def test_docx_text_bomb_is_refused_after_reading_just_past_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = text_bomb_docx(5_000_000)  # 5 M characters in about 20 kB
    assert len(bomb) < 50_000
    inflated = _count_inflated(monkeypatch)
    error = refused(bomb, "bomb.docx", Bounds(max_chars=100_000))
    assert (error.limit, error.maximum) == ("max_extracted_chars", 100_000)
    assert 100_000 < error.value <= 100_000 + len(PARAGRAPH) + 2
    assert "bomb.docx is too large" in error.message and "`limits.maxExtractedChars` is 100,000" in error.message
    assert "at least 100," in error.message
    assert sum(inflated) < 1_000_000  # of 5.3 MB of XML: parsing stopped near the bound


def test_docx_under_the_bound_reads_whole() -> None:
    result = extract(text_bomb_docx(50_000), "fine.docx", None, Bounds(max_chars=100_000))
    assert result.text is not None and 50_000 <= len(result.text) < 52_000
    assert result.metadata["paragraphs"] == 50_000 // len(PARAGRAPH) + 1


def test_zip_bomb_is_refused_from_its_directory_without_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = zip_bomb_docx(50_000_000)
    assert len(bomb) < 100_000
    inflated = _count_inflated(monkeypatch)
    error = refused(bomb, "zip.docx", Bounds(max_unpacked_bytes=1_000_000))
    assert (error.limit, error.maximum) == ("max_unpacked_bytes", 1_000_000)
    assert error.value > 50_000_000 and "as declared" in error.message
    assert inflated == []  # not a byte of any member
    with pytest.raises(LimitExceeded):  # the upload's probe refuses it the same way
        probe(bomb, "zip.docx", None, Bounds(max_unpacked_bytes=1_000_000))


def test_inflated_bytes_are_counted_against_the_bound_too() -> None:
    """A member whose declared size is under the bound is still stopped by the count of what is inflated."""
    from services.knowledge.extract.word import _Budget, _parse

    with zipfile.ZipFile(__import__("io").BytesIO(text_bomb_docx(2_000_000))) as archive:
        budget = _Budget(Bounds(max_unpacked_bytes=500_000), "x.docx")
        with pytest.raises(LimitExceeded) as failure:
            for _element in _parse(archive, "word/document.xml", budget):
                pass
    assert failure.value.limit == "max_unpacked_bytes" and 500_000 < failure.value.value < 700_000


def test_image_pixel_bomb_is_refused_from_its_header() -> None:
    bomb = pixel_bomb_png(100_000, 100_000)  # 10^10 pixels in 69 bytes
    error = refused(bomb, "huge.png", Bounds())
    assert (error.limit, error.value, error.maximum) == ("max_image_pixels", 10_000_000_000, 89_478_485)
    lowered = refused(pixel_bomb_png(200, 100), "small.png", Bounds(max_image_pixels=10_000))
    assert (lowered.value, lowered.maximum) == (20_000, 10_000)
    with pytest.raises(LimitExceeded):
        probe(bomb, "huge.png", None, Bounds())


def test_pdf_page_count_is_checked_before_any_page_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PageObject

    read: list[int] = []
    original = PageObject.extract_text
    monkeypatch.setattr(PageObject, "extract_text", lambda self, *a, **k: read.append(1) or original(self, *a, **k))
    error = refused(multi_page_pdf(6, 200), "long.pdf", Bounds(max_pdf_pages=5))
    assert (error.limit, error.value, error.maximum) == ("max_pdf_pages", 6, 5)
    assert read == []


def test_pdf_text_is_bounded_page_by_page() -> None:
    error = refused(multi_page_pdf(12, 1500), "wordy.pdf", Bounds(max_chars=5_000))
    assert error.limit == "max_extracted_chars" and 5_000 < error.value < 5_000 + 1_600


def test_legitimate_multi_page_pdf_is_read_within_the_bounds() -> None:
    result = extract(multi_page_pdf(12, 1500), "report.pdf", None, Bounds(max_chars=50_000, max_pdf_pages=12))
    assert result.metadata["pages"] == 12
    assert result.text is not None and "Page 1." in result.text and "Page 12." in result.text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt", b"word " * 30_000),
        ("table.csv", b"a,b\n" + b"1,2\n" * 30_000),
        ("data.json", b"[" + b"1," * 30_000 + b"1]"),
        ("page.html", b"<p>" + b"word " * 30_000 + b"</p>"),
    ],
)
def test_text_formats_are_bounded(name: str, data: bytes) -> None:
    assert refused(data, name, Bounds(max_chars=50_000)).limit == "max_extracted_chars"


def test_json_paths_repeated_per_leaf_are_bounded_as_written() -> None:
    """A long key over many leaves renders far more text than the file holds; the output bound still holds."""
    data = b'{"' + b"k" * 10_000 + b'": [' + b"1," * 5_000 + b"1]}"  # 20 kB in, 50 MB of lines out
    assert refused(data, "paths.json", Bounds(max_chars=100_000)).limit == "max_extracted_chars"


def test_chunking_stops_at_the_chunk_bound() -> None:
    text = "\n\n".join(f"Paragraph {n} " + "word " * 40 for n in range(100))
    assert len(chunk_text(text, size=64, overlap=0, count_tokens=word_tokens)) > 10
    with pytest.raises(TooManyChunks):
        chunk_text(text, size=64, overlap=0, count_tokens=word_tokens, max_chunks=10)
    assert len(chunk_text(text, size=64, overlap=0, count_tokens=word_tokens, max_chunks=1_000)) > 10


def _count_inflated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bytes handed out by zip members as they are read (what inflating them costs)."""
    counted: list[int] = []
    original = zipfile.ZipExtFile.read

    def read(self: Any, n: int = -1) -> bytes:
        data: bytes = original(self, n)
        counted.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return counted


def test_pdf_pictures_are_not_kept_while_pages_are_read() -> None:
    """pypdf caches every object it reads; the pictures a page's text extraction loaded are dropped after it,
    so a PDF's memory stays about one page's worth whatever its size."""
    from pypdf.generic import StreamObject

    from services.knowledge.extract.pdf import _forget_images, open_pdf

    reader = open_pdf(multi_page_pdf(4, 200, image_bytes=20_000), "pictures.pdf", Bounds())
    images_seen = 0
    for page in reader.pages:
        cached = len(reader.resolved_objects)
        page.extract_text()
        images_seen += sum(
            isinstance(v, StreamObject) and v.get("/Subtype") == "/Image" for v in reader.resolved_objects.values()
        )
        _forget_images(reader, cached)
        assert not any(
            isinstance(v, StreamObject) and v.get("/Subtype") == "/Image" for v in reader.resolved_objects.values()
        )
    assert images_seen == 4  # each page's picture was loaded, then dropped


def test_docx_body_is_dropped_as_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """However long the document, the parsed tree holds only what the parser has read ahead (one 32 kB read of
    XML: a few dozen of these paragraphs), as each block is freed once it ends; 569 paragraphs here."""
    from services.knowledge.extract import word

    most = 0
    original = word._Body.feed

    def feed(self: Any, element: Any) -> None:
        nonlocal most
        original(self, element)
        body = element.getparent() if element.tag == word._BODY else None
        root = element.getroottree().getroot()
        most = max(most, sum(len(child) for child in root), len(body) if body is not None else 0)

    monkeypatch.setattr(word._Body, "feed", feed)
    result = extract(text_bomb_docx(500_000), "long.docx", None, Bounds())
    assert result.metadata["paragraphs"] > 500 and most < 60
