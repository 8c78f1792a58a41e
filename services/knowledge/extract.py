"""Content extraction: decide what a file is, then pull out its text and a little metadata.

The file's own bytes are trusted before its name and its declared type, because uploads are often
misnamed (a PNG saved as `notes.txt`) and clients often declare `application/octet-stream`. Text is
extracted from txt, md, html, csv, json, pdf and docx; images, audio and video keep metadata only.
Everything here is synchronous and CPU-bound: callers run it in a worker thread.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import mimetypes
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, Literal

MEDIA_TYPES = ("text", "document", "image", "audio", "video", "embedding")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OCTET_STREAM = "application/octet-stream"

# Python's built-in table (used without the host's /etc/mime.types, so results do not vary between
# machines) lacks several common extensions; these win over it.
_EXTENSIONS = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".csv": "text/csv",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".docx": DOCX_MIME,
    ".webp": "image/webp",
    ".wav": "audio/wav",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".m4a": "audio/mp4",
    ".ogv": "video/ogg",
    ".mkv": "video/x-matroska",
    ".webm": "video/webm",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".toml": "application/toml",
}
_MIMETYPES = mimetypes.MimeTypes()

# Spellings seen in the wild for the types handled here, mapped to one canonical name.
_ALIASES = {
    "audio/x-wav": "audio/wav",
    "audio/wave": "audio/wav",
    "audio/vnd.wave": "audio/wav",
    "audio/x-flac": "audio/flac",
    "audio/mp3": "audio/mpeg",
    "audio/x-m4a": "audio/mp4",
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "application/x-pdf": "application/pdf",
    "text/x-markdown": "text/markdown",
    "text/json": "application/json",
    "application/csv": "text/csv",
    "application/xhtml+xml": "text/html",
}
# Declared types that say nothing about the content.
_UNINFORMATIVE = {"", OCTET_STREAM, "binary/octet-stream", "application/unknown", "application/binary"}
# Non-`text/*` types whose content is plain text worth indexing as such.
_PLAIN_TEXT_APPLICATION = {
    "application/xml",
    "application/javascript",
    "application/x-javascript",
    "application/x-sh",
    "application/yaml",
    "application/x-yaml",
    "application/toml",
    "application/sql",
    "application/x-tex",
    "application/graphql",
}


@dataclass(frozen=True)
class Extracted:
    media_type: str
    mime: str
    text: str | None
    metadata: dict[str, Any]


class ExtractionFailed(Exception):
    """The content cannot be read as the type it appears to be; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- sniffing -------------------------------------------------------------------------------------


def sniff_mime(data: bytes, filename: str | None, declared: str | None) -> str:
    """The content's MIME type: magic bytes, then the file extension, then the declared type, then text detection."""
    if magic := _magic_mime(data):
        return magic
    if (by_name := _extension_mime(filename)) and by_name not in _UNINFORMATIVE:
        return by_name
    if (by_client := _normalise(declared)) not in _UNINFORMATIVE:
        return by_client
    if _decode(data) is not None:
        return "text/plain"
    return OCTET_STREAM


def _magic_mime(data: bytes) -> str | None:
    head = data[:64]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return DOCX_MIME if _is_docx(data) else "application/zip"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"OggS"):
        # Theora is the video codec carried in Ogg; anything else there (Vorbis, Opus, FLAC) is audio.
        return "video/ogg" if b"\x80theora" in data[:512] else "audio/ogg"
    if head[4:8] == b"ftyp":
        return _iso_media_mime(head[8:12])
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in data[:64] else "video/x-matroska"
    if head.startswith(b"ID3") or _is_mpeg_audio_frame(head):
        return "audio/mpeg"
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _iso_media_mime(brand: bytes) -> str:
    if brand == b"qt  ":
        return "video/quicktime"
    if brand in (b"M4A ", b"M4B ", b"M4P "):
        return "audio/mp4"
    return "video/mp4"


def _is_mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG layer II/III frame header (an MP3 without ID3 tag): 11 sync bits, then valid fields.

    Layer I is left out on purpose: its header starts FF FE/FF FF, exactly like a UTF-16 little-endian
    BOM, and nobody uploads layer I audio. ADTS AAC (layer 0) is not MP3 either.
    """
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer in (0b01, 0b10) and bitrate != 0b1111 and sample_rate != 0b11


def _extension_mime(filename: str | None) -> str | None:
    if not filename or "." not in filename:
        return None
    extension = "." + filename.rsplit(".", 1)[1].lower()
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    guessed, _encoding = _MIMETYPES.guess_type("file" + extension, strict=False)
    return _normalise(guessed) if guessed else None


def _normalise(mime: str | None) -> str:
    base = (mime or "").split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


# --- text decoding --------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for UTF-8 (BOM optional) or BOM-marked UTF-16 without NULs, else None."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # A NUL never occurs in real text but almost always in binary data that happens to decode.
        if "\x00" not in text:
            return text, encoding.removesuffix("-sig")
    return None


def _decode_or_fail(data: bytes, label: str) -> tuple[str, str]:
    decoded = _decode(data)
    if decoded is None:
        raise ExtractionFailed(f"{label} is not valid UTF-8 or UTF-16 text")
    return decoded


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- extraction -----------------------------------------------------------------------------------

_Handler = Callable[[bytes, str, str], tuple[str | None, dict[str, Any]]]


def extract(data: bytes, filename: str | None = None, declared_mime: str | None = None) -> Extracted:
    """Text and metadata of `data`; raises ExtractionFailed when it cannot be read as what it appears to be."""
    mime = sniff_mime(data, filename, declared_mime)
    label = filename or "the file"
    media_type, handler = _route(mime, label)
    text, extra = handler(data, mime, label)
    return Extracted(media_type, mime, text, {"mime": mime, "size_bytes": len(data), **extra})


def _route(mime: str, label: str) -> tuple[str, _Handler]:
    kind, _, _subtype = mime.partition("/")
    if mime == "text/html":
        return "text", _extract_html
    if mime == "text/csv":
        return "text", _extract_csv
    if mime == "application/json":
        return "text", _extract_json
    if kind == "text" or mime in _PLAIN_TEXT_APPLICATION:
        return "text", _extract_plain
    if mime == "application/pdf":
        return "document", _extract_pdf
    if mime == DOCX_MIME:
        return "document", _extract_docx
    if mime == "image/svg+xml":
        return "image", _no_details  # vector graphics: Pillow cannot open them and there is nothing to measure
    if kind == "image":
        return "image", _extract_image
    if kind in ("audio", "video") or mime == "application/ogg":
        return ("video" if kind == "video" else "audio"), _extract_av
    raise ExtractionFailed(
        f"{label}: unsupported file type ({mime}); supported are text, Markdown, HTML, CSV, JSON, PDF, DOCX, "
        "images, audio and video"
    )


def _no_details(data: bytes, mime: str, label: str) -> tuple[str | None, dict[str, Any]]:
    return None, {}


def _extract_plain(data: bytes, mime: str, label: str) -> tuple[str | None, dict[str, Any]]:
    text, encoding = _decode_or_fail(data, label)
    return _normalise_newlines(text), {"encoding": encoding}


# --- HTML -----------------------------------------------------------------------------------------

_HTML_DROP = {"script", "style", "noscript", "template", "iframe", "object", "svg"}
# Elements that start a new paragraph, and those that only start a new line.
_HTML_PARAGRAPHS = {
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "figure", "form", "fieldset",
    "address", "details", "hr", "body", "title",
}  # fmt: skip
_HTML_LINES = {"li", "tr", "dt", "dd", "caption", "figcaption", "summary", "option", "label"}
_HTML_CELLS = {"td", "th"}
_HTML_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _extract_html(data: bytes, mime: str, label: str) -> tuple[str | None, dict[str, Any]]:
    from bs4 import BeautifulSoup

    text, encoding = _decode_html(data, label)
    soup = BeautifulSoup(text, "html.parser")
    metadata: dict[str, Any] = {"encoding": encoding}
    if soup.title is not None and (title := _SPACES.sub(" ", soup.title.get_text()).strip()):
        metadata["title"] = title
    return _html_text(soup), metadata


def _decode_html(data: bytes, label: str) -> tuple[str, str]:
    """Like other text, but an HTML page may name its legacy charset (e.g. windows-1252) in a <meta> tag."""
    if (decoded := _decode(data)) is not None:
        return decoded
    if match := _HTML_META_CHARSET.search(data[:4096]):
        charset = match.group(1).decode("ascii").lower()
        try:
            return data.decode(charset), codecs.lookup(charset).name
        except (LookupError, UnicodeDecodeError):
            pass
    raise ExtractionFailed(f"{label} is not valid UTF-8 or UTF-16 text and names no usable charset")


def _html_text(root: Any) -> str:
    """Visible text with line breaks between blocks; whitespace collapsed as a browser would (except in <pre>).

    The tree is walked with an explicit stack: html.parser accepts pathologically deep nesting that
    would exhaust Python's recursion limit.
    """
    from bs4 import NavigableString, Tag
    from bs4.element import CData

    parts: list[_HtmlPart] = []
    stack: list[tuple[Any, bool] | _HtmlPart] = [(root, False)]
    while stack:
        item = stack.pop()
        if not isinstance(item, tuple):
            parts.append(item)
            continue
        node, in_pre = item
        if isinstance(node, NavigableString):
            # Comments, doctypes and processing instructions are NavigableStrings too, but not visible text.
            if type(node) in (NavigableString, CData):
                parts.append(_HtmlText(str(node) if in_pre else _SPACES.sub(" ", str(node)), verbatim=in_pre))
            continue
        if not isinstance(node, Tag) or node.name in _HTML_DROP:
            continue
        if node.name == "br":
            parts.append(_HtmlText("\n", verbatim=True))
            continue
        separator = _html_separator(node.name)
        stack.append(separator)
        stack.extend((child, in_pre or node.name == "pre") for child in reversed(node.contents))
        stack.append(separator)
    return _tidy_html_text(parts)


@dataclass(frozen=True)
class _HtmlText:
    text: str
    verbatim: bool  # inside <pre>: keep every space and newline


_HtmlPart = _HtmlText | int  # text, or the number of newlines a block boundary needs


def _html_separator(name: str) -> _HtmlPart:
    if name in _HTML_PARAGRAPHS:
        return 2
    if name in _HTML_LINES:
        return 1
    if name in _HTML_CELLS:
        return _HtmlText(" ", verbatim=False)
    return 0


def _tidy_html_text(parts: list[_HtmlPart]) -> str:
    """Join the parts; adjacent block boundaries need the most newlines any of them asks for, not their sum."""
    out: list[str] = []
    newlines = 0  # owed before the next visible text
    for part in parts:
        if isinstance(part, int):
            newlines = max(newlines, part)
            continue
        text = part.text
        if not part.verbatim and (newlines or not out or out[-1].endswith((" ", "\n"))):
            text = text.lstrip(" ")  # no space at the start of a line, nor two in a row
        if not text:
            continue
        if newlines and out:
            out[-1] = out[-1].rstrip(" ")
            out.append("\n" * newlines)
        newlines = 0
        out.append(text)
    return _BLANK_RUNS.sub("\n\n", _normalise_newlines("".join(out))).strip()


# --- CSV and JSON ---------------------------------------------------------------------------------


def _extract_csv(data: bytes, mime: str, label: str) -> tuple[str | None, dict[str, Any]]:
    text, encoding = _decode_or_fail(data, label)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), _csv_dialect(text))
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise ExtractionFailed(f"{label} is not a readable CSV file: {exc}") from exc
    if not rows:
        return "", {"encoding": encoding, "rows": 0, "columns": 0}
    header = [name.strip() or f"column {n}" for n, name in enumerate(rows[0], start=1)]
    lines = [_csv_line(header, row) for row in rows[1:]]
    # A header-only file still says something: keep the column names.
    rendered = "\n".join(lines) if lines else ", ".join(header)
    return rendered, {"encoding": encoding, "rows": len(rows) - 1, "columns": len(header)}


def _csv_dialect(text: str) -> type[csv.Dialect]:
    # Sniffing is regex-heavy, so it sees a bounded sample cut at a line end.
    sample = text[:16384]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:  # one column, or no consistent delimiter
        return csv.excel


def _csv_line(header: list[str], row: list[str]) -> str:
    pairs = []
    for n, (name, value) in enumerate(zip_longest(header, row, fillvalue=""), start=1):
        if cell := _SPACES.sub(" ", value).strip():  # one row per line, even when a quoted cell spans lines
            pairs.append(f"{name or f'column {n}'}: {cell}")
    return "; ".join(pairs)


def _extract_json(data: bytes, mime: str, label: str) -> tuple[str | None, dict[str, Any]]:
    text, encoding = _decode_or_fail(data, label)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExtractionFailed(f"{label} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise ExtractionFailed(f"{label} is nested too deeply to read as JSON") from exc
    lines = _flatten_json(value)
    return "\n".join(lines), {"encoding": encoding, "entries": len(lines)}


def _flatten_json(value: Any) -> list[str]:
    """One "path.to.key: value" line per leaf, in document order (iterative: nesting depth is unbounded)."""
    lines: list[str] = []
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict) and node:
            stack.extend((f"{path}.{key}" if path else str(key), child) for key, child in reversed(node.items()))
        elif isinstance(node, list) and node:
            stack.extend((f"{path}[{i}]", node[i]) for i in reversed(range(len(node))))
        else:
            rendered = node if isinstance(node, str) else json.dumps(node, ensure_ascii=False)
            lines.append(f"{path}: {rendered}" if path else rendered)
    return lines


# --- documents ------------------------------------------------------------------------------------


def _extract_pdf(data: bytes, mime: str, label: str) -> tuple[str | None, dict[str, Any]]:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    # pypdf raises a wide variety of exceptions on damaged files, so any failure means "not readable".
    try:
        reader = PdfReader(io.BytesIO(data))
        # Many PDFs are encrypted with an empty user password only to restrict printing or editing: read those.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ExtractionFailed(f"{label} is an encrypted PDF and needs a password")
        pages = [_normalise_newlines(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata
        metadata: dict[str, Any] = {"pages": len(pages)}
        for key, value in (("title", info.title if info else None), ("author", info.author if info else None)):
            if value and str(value).strip():
                metadata[key] = str(value).strip()
    except ExtractionFailed:
        raise
    except DependencyError as exc:  # AES encryption needs the optional `cryptography` package
        raise ExtractionFailed(f"{label} is an encrypted PDF that cannot be decrypted here: {_describe(exc)}") from exc
    except Exception as exc:
        raise ExtractionFailed(f"{label} is not a readable PDF: {_describe(exc)}") from exc
    return "\n\n".join(page for page in pages if page), metadata


def _extract_docx(data: bytes, mime: str, label: str) -> tuple[str | None, dict[str, Any]]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        paragraphs = 0
        for item in document.iter_inner_content():  # paragraphs and tables, in document order
            if isinstance(item, Table):
                blocks.append(_docx_table_text(item))
            else:
                paragraphs += 1
                blocks.append(item.text)
        core = document.core_properties
        metadata: dict[str, Any] = {"paragraphs": paragraphs}
        for key, value in (("title", core.title), ("author", core.author)):
            if value and value.strip():
                metadata[key] = value.strip()
    except Exception as exc:
        raise ExtractionFailed(f"{label} is not a readable Word document: {_describe(exc)}") from exc
    text = "\n\n".join(block.strip() for block in blocks if block.strip())
    return _normalise_newlines(text), metadata


def _docx_table_text(table: Any) -> str:
    """One line per row, cells separated by " | "; a merged cell is listed once per row, not once per grid column."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(_SPACES.sub(" ", cell.text).strip())
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)


# --- media ----------------------------------------------------------------------------------------


def _extract_image(data: bytes, mime: str, label: str) -> tuple[str | None, dict[str, Any]]:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
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
    except Exception as exc:
        raise ExtractionFailed(f"{label} is not a readable image: {_describe(exc)}") from exc
    return None, metadata


_AV_FIELDS: tuple[tuple[str, str, Literal["float", "int"]], ...] = (
    ("length", "duration_seconds", "float"),
    ("bitrate", "bitrate", "int"),
    ("channels", "channels", "int"),
    ("sample_rate", "sample_rate", "int"),
)


def _extract_av(data: bytes, mime: str, label: str) -> tuple[str | None, dict[str, Any]]:
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


def _describe(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__
