"""Word (docx): paragraphs and tables of the body in document order; the title and author.

A docx is a zip archive, and a small one can unpack to gigabytes. Before any member is inflated, the sizes its
directory declares are added up against `bounds.max_unpacked_bytes`; while members are read, the bytes actually
inflated are counted against the same bound (Python's zipfile never inflates past a member's declared size, so
this is a second lock, not the only one). The body is parsed as a stream (lxml iterparse), each top-level block
turned into text and freed as soon as it ends, into a buffer under the character bound: memory stays flat
whatever the document's size, and an oversized one is refused after reading just past the bound.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from services.knowledge.extract.base import (
    SPACES,
    Bounds,
    ExtractionFailed,
    LimitExceeded,
    TextBuffer,
    describe,
    normalise_newlines,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _TBL, _TR, _TC, _R, _HYPERLINK = (f"{_W}{t}" for t in ("body", "p", "tbl", "tr", "tc", "r", "hyperlink"))
# What a run's children read as (w:t and w:delText aside): tabs, line breaks, non-breaking hyphens.
_RUN_MARKS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CORE = (("title", "{http://purl.org/dc/elements/1.1/}title"), ("author", "{http://purl.org/dc/elements/1.1/}creator"))


def extract_docx(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    try:
        with open_docx(data, label, bounds) as archive:
            budget = _Budget(bounds, label)
            body = _Body(TextBuffer(bounds, label))
            for element in _parse(archive, _main_part(archive, budget), budget):
                body.feed(element)
            metadata: dict[str, Any] = {"paragraphs": body.paragraphs, **_core_properties(archive, budget)}
    except ExtractionFailed:
        raise
    except Exception as exc:
        raise ExtractionFailed(f"{label} is not a readable Word document: {describe(exc)}") from exc
    return normalise_newlines(body.text.text()), metadata


def open_docx(data: bytes, label: str, bounds: Bounds) -> zipfile.ZipFile:
    """The archive, once the sizes its directory declares fit `bounds.max_unpacked_bytes` (nothing is inflated)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionFailed(f"{label} is not a readable Word document: {describe(exc)}") from exc
    declared = sum(member.file_size for member in archive.infolist())
    if declared > bounds.max_unpacked_bytes:
        archive.close()
        raise LimitExceeded(
            label, "max_unpacked_bytes", "its unpacked size in bytes (as declared)", declared, bounds.max_unpacked_bytes
        )
    return archive


class _Budget:
    """Bytes inflated so far, across every member read, against `bounds.max_unpacked_bytes`."""

    def __init__(self, bounds: Bounds, label: str) -> None:
        self.bounds, self.label, self.used = bounds, label, 0

    def take(self, count: int) -> None:
        self.used += count
        if self.used > self.bounds.max_unpacked_bytes:
            raise LimitExceeded(
                self.label, "max_unpacked_bytes", "its unpacked size in bytes", self.used,
                self.bounds.max_unpacked_bytes, at_least=True,
            )  # fmt: skip


class _Counted:
    """A member being inflated, as a file object that charges every byte it returns to the budget."""

    def __init__(self, raw: IO[bytes], budget: _Budget) -> None:
        self.raw, self.budget = raw, budget

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size if size >= 0 else 1 << 16)
        self.budget.take(len(data))
        return data


def _parse(archive: zipfile.ZipFile, name: str, budget: _Budget) -> Iterator[Any]:
    """Each element of member `name` as it ends."""
    from lxml import etree

    with archive.open(name) as raw:
        # No DTDs, entities or network: XML bombs and external entities stay inert.
        parser = etree.iterparse(
            _Counted(raw, budget), events=("end",), resolve_entities=False, no_network=True, load_dtd=False
        )
        for _event, element in parser:
            yield element


def _main_part(archive: zipfile.ZipFile, budget: _Budget) -> str:
    """The main document's member name, from the package relationships (word/document.xml when there are none)."""
    if "_rels/.rels" in archive.namelist():
        for element in _parse(archive, "_rels/.rels", budget):
            if element.tag == _RELS and element.get("Type") == _OFFICE_DOCUMENT:
                return posixpath.normpath(str(element.get("Target", "")).lstrip("/"))
    return "word/document.xml"


class _Body:
    """Gathers the text of the body's paragraphs and tables, in document order, from its elements as they end.

    Within a top-level paragraph each child is dropped as soon as it ends, and each run in a hyperlink (runs are
    read first: those directly in the paragraph or in its hyperlinks are its text, as python-docx reads it);
    within a top-level table each row is read and dropped when it ends; whatever else the body holds is dropped
    unread as it ends; each block goes once it is done. So the tree held in memory stays about one run or row
    deep whatever the document's size, and text waiting for its block to end counts against the character bound
    too."""

    def __init__(self, text: TextBuffer) -> None:
        self.text = text
        self.paragraphs = 0
        self.parts: list[str] = []  # runs of the open paragraph, or rows of the open table
        self.pending = 0

    def feed(self, element: Any) -> None:
        parent = element.getparent()
        if parent is None:
            return
        if parent.tag == _BODY:
            self._block(element)
        elif (block := _block_of(parent)) is None:
            return  # not in the body (yet another part of the document element): small, kept
        elif block.tag == _TBL:
            if element.tag != _TR or parent is not block:
                return  # a row's content is read when the row ends
            self._hold(_row_text(element))
        elif element.tag == _R and block.tag == _P and _reads_as_text(parent, block):
            self._hold("".join(_run_text(element)))
        elif parent is not block and block.tag == _P:
            return  # inside a child of the paragraph: read (or dropped) with that child
        parent.remove(element)

    def _hold(self, part: str) -> None:
        self.parts.append(part)
        self.pending += len(part) + 1
        self.text.check(self.pending)

    def _block(self, element: Any) -> None:
        if element.tag == _P:
            self.paragraphs += 1
            self.text.add("".join(self.parts).strip())
        elif element.tag == _TBL:
            self.text.add("\n".join(row for row in self.parts if row))
        self.parts, self.pending = [], 0


def _reads_as_text(parent: Any, paragraph: Any) -> bool:
    """Whether a run in `parent` is part of `paragraph`'s text: directly in it, or in one of its hyperlinks."""
    return parent is paragraph or (parent.tag == _HYPERLINK and parent.getparent() is paragraph)


def _block_of(node: Any) -> Any:
    """The top-level block (the child of w:body) that `node` is or is in; None outside the body. Linear in the
    depth, which libxml2 bounds (256 levels without its huge-tree option)."""
    while (parent := node.getparent()) is not None:
        if parent.tag == _BODY:
            return node
        node = parent
    return None


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's runs (hyperlinks' included) as text: w:t, with tabs and breaks as characters."""
    parts: list[str] = []
    for child in paragraph:
        runs = [child] if child.tag == _R else child.iterchildren(_R) if child.tag == _HYPERLINK else ()
        for run in runs:
            parts.extend(_run_text(run))
    return "".join(parts)


def _run_text(run: Any) -> Iterator[str]:
    for child in run:
        if child.tag == f"{_W}t":
            yield child.text or ""
        elif child.tag in _RUN_MARKS and not (child.tag == f"{_W}br" and child.get(f"{_W}type") == "page"):
            yield _RUN_MARKS[child.tag]


def _row_text(row: Any) -> str:
    """Cells separated by " | "; a merged cell is listed once, where its text is."""
    cells = ["\n".join(_paragraph_text(p) for p in cell.iterchildren(_P)) for cell in row.iterchildren(_TC)]
    cells = [SPACES.sub(" ", cell).strip() for cell in cells]
    return " | ".join(cells) if any(cells) else ""


def _core_properties(archive: zipfile.ZipFile, budget: _Budget) -> dict[str, str]:
    if "docProps/core.xml" not in archive.namelist():
        return {}
    found: dict[str, str] = {}
    for element in _parse(archive, "docProps/core.xml", budget):
        for key, tag in _CORE:
            if element.tag == tag and element.text and element.text.strip():
                found[key] = element.text.strip()
    return found
