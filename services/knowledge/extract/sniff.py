"""What a file is: its magic bytes, then its name, then its declared type, then whether it reads as text.

The file's own bytes are trusted before its name and its declared type, because uploads are often misnamed
(a PNG saved as `notes.txt`) and clients often declare `application/octet-stream`. Sniffing is cheap: it reads
the first bytes, a zip's directory, or the first 64 kB of text, never the whole file.
"""

from __future__ import annotations

import io
import mimetypes
import zipfile

from services.knowledge.extract.text import looks_like_text

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
PLAIN_TEXT_APPLICATION = {
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


def sniff_mime(data: bytes, filename: str | None, declared: str | None) -> str:
    """The content's MIME type: magic bytes, then the file extension, then the declared type, then text detection."""
    if magic := _magic_mime(data):
        return magic
    if (by_name := _extension_mime(filename)) and by_name not in _UNINFORMATIVE:
        return by_name
    if (by_client := _normalise(declared)) not in _UNINFORMATIVE:
        return by_client
    if looks_like_text(data):
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
