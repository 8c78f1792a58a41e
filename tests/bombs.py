"""Hostile and oversized files, generated on the spot (no binaries in the repo): shared by the extraction tests
and bench/extract_bench.py."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib

from fpdf import FPDF
from PIL import Image

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
PARAGRAPH = "All work and no play makes Jack a dull boy. " * 20  # 880 characters


def text_bomb_docx(text_chars: int) -> bytes:
    """A valid docx whose body holds about `text_chars` characters of one repeated paragraph (it compresses
    about 400:1, like the 284 KB docx holding 100 MB of text)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as body:
            body.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode())
            paragraph = f"<w:p><w:r><w:t>{PARAGRAPH}</w:t></w:r></w:p>".encode()
            for _ in range(text_chars // len(PARAGRAPH) + 1):
                body.write(paragraph)
            body.write(b"</w:body></w:document>")
    return out.getvalue()


def zip_bomb_docx(inflated_bytes: int) -> bytes:
    """A docx with a short body and a member of `inflated_bytes` zeros, which deflate to about a thousandth."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>',
        )
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for start in range(0, inflated_bytes, len(block)):
                member.write(block[: min(len(block), inflated_bytes - start)])
    return out.getvalue()


def pixel_bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares `width` x `height` pixels (decoding it would need width*height bytes)."""
    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    # IHDR: length(4) type(4) at 8, then width, height at 16..24, CRC over type+data at 29..33.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def multi_page_pdf(pages: int, chars_per_page: int = 1500, image_bytes: int = 0) -> bytes:
    """A legitimate PDF: `pages` pages of prose, each with a distinct incompressible picture of about
    `image_bytes` when that is set (how real documents of tens of megabytes get their size)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    words = PARAGRAPH.split()
    for number in range(pages):
        pdf.add_page()
        text = f"Page {number + 1}. " + " ".join(words[(number + i) % len(words)] for i in range(chars_per_page // 5))
        pdf.multi_cell(0, 5, text[:chars_per_page])
        if image_bytes:
            pdf.image(_noise_jpeg(image_bytes), x=10, y=200, w=60)
    return bytes(pdf.output())


def _noise_jpeg(size: int) -> io.BytesIO:
    side = max(16, int((size * 1.2) ** 0.5))
    out = io.BytesIO()
    Image.frombytes("L", (side, side), os.urandom(side * side)).save(out, "JPEG", quality=95)
    out.seek(0)
    return out
