"""HTML: the visible text, with paragraph and line breaks where blocks end, and the page title.

The markup is decoded under the character bound before it is parsed, so the parsed tree is bounded too."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

from services.knowledge.extract.base import SPACES, Bounds, ExtractionFailed, LimitExceeded, normalise_newlines
from services.knowledge.extract.text import decode, is_text

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
_BLANK_RUNS = re.compile(r"\n{3,}")


def extract_html(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    from bs4 import BeautifulSoup

    text, encoding = _decode_html(data, label, bounds)
    soup = BeautifulSoup(text, "html.parser")
    metadata: dict[str, Any] = {"encoding": encoding}
    if soup.title is not None and (title := SPACES.sub(" ", soup.title.get_text()).strip()):
        metadata["title"] = title
    return _html_text(soup), metadata


def _decode_html(data: bytes, label: str, bounds: Bounds) -> tuple[str, str]:
    """Like other text, but an HTML page may name its legacy charset (e.g. windows-1252) in a <meta> tag."""
    if (decoded := decode(data, bounds, label)) is not None:
        return decoded
    charset = _legacy_charset(data, label, bounds)
    try:
        return data.decode(charset), codecs.lookup(charset).name
    except UnicodeDecodeError:
        raise ExtractionFailed(f"{label} is not valid UTF-8 or UTF-16 text and names no usable charset") from None


def check_html(data: bytes, mime: str, label: str, bounds: Bounds) -> None:
    """What `extract_html` would refuse for its encoding or size, without decoding or parsing the page."""
    if not is_text(data, bounds, label):
        _legacy_charset(data, label, bounds)


def _legacy_charset(data: bytes, label: str, bounds: Bounds) -> str:
    match = _HTML_META_CHARSET.search(data[:4096])
    try:
        charset = codecs.lookup(match.group(1).decode("ascii")).name if match else None
    except LookupError:
        charset = None
    if charset is None:
        raise ExtractionFailed(f"{label} is not valid UTF-8 or UTF-16 text and names no usable charset")
    # A legacy charset has at most one character per byte: the bound holds for the bytes.
    if len(data) > bounds.max_chars:
        raise LimitExceeded(label, "max_extracted_chars", "its text in characters", len(data), bounds.max_chars)
    return charset


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
                parts.append(_HtmlText(str(node) if in_pre else SPACES.sub(" ", str(node)), verbatim=in_pre))
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
    return _BLANK_RUNS.sub("\n\n", normalise_newlines("".join(out))).strip()
