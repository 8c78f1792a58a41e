"""Content extraction: decide what a file is, then pull out its text and a little metadata, within bounds.

Text is extracted from txt, md, html, csv, json, pdf and docx, and recognised (OCR) in images and in PDF pages
without a text layer; audio and video keep metadata only. One module per seam: `sniff` (what a file is), `text`
(plain text, CSV, JSON and decoding), `markup` (HTML), `pdf`, `word` (docx), `media` (images, audio, video),
`ocr` (tesseract), `router` (which extractor reads what; `probe` at upload,
`extract` in the INGEST run) and `base` (results, errors, bounds, the bounded text buffer).
"""

from services.knowledge.extract.base import MEDIA_TYPES, Bounds, Extracted, ExtractionFailed, LimitExceeded
from services.knowledge.extract.router import INDEXED, TEXT_BEARING, extract, probe
from services.knowledge.extract.sniff import DOCX_MIME, OCTET_STREAM, sniff_mime

__all__ = [
    "DOCX_MIME",
    "INDEXED",
    "MEDIA_TYPES",
    "OCTET_STREAM",
    "TEXT_BEARING",
    "Bounds",
    "Extracted",
    "ExtractionFailed",
    "LimitExceeded",
    "extract",
    "probe",
    "sniff_mime",
]
