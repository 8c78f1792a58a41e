"""Text formats: plain text (txt, md, code), CSV and JSON; and the decoding every text format shares.

Text is decoded in blocks under the character bound, so an oversized file is refused after reading just past
the bound, and holds at most about that many characters."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from itertools import zip_longest
from typing import Any

from services.knowledge.extract.base import (
    SPACES,
    Bounds,
    ExtractionFailed,
    LimitExceeded,
    TextBuffer,
    normalise_newlines,
)

BLOCK = 1 << 20  # bytes decoded at a time
SNIFF_BYTES = 1 << 16  # what text detection looks at


def _encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def looks_like_text(data: bytes) -> bool:
    """Whether the first 64 kB are UTF-8 (BOM optional) or BOM-marked UTF-16 without NULs."""
    decoder = codecs.getincrementaldecoder(_encoding(data))()
    try:
        head = decoder.decode(data[:SNIFF_BYTES], final=len(data) <= SNIFF_BYTES)
    except UnicodeDecodeError:
        return False
    # A NUL never occurs in real text but almost always in binary data that happens to decode.
    return "\x00" not in head


class _NotText(Exception):
    pass


def _decoded_blocks(data: bytes, bounds: Bounds, label: str) -> Iterator[str]:
    """The text block by block; _NotText unless UTF-8 (BOM optional) or BOM-marked UTF-16 without NULs,
    LimitExceeded once it passes `bounds.max_chars`."""
    decoder = codecs.getincrementaldecoder(_encoding(data))()
    view, chars = memoryview(data), 0
    for start in range(0, len(data) or 1, BLOCK):
        try:
            part = decoder.decode(view[start : start + BLOCK], final=start + BLOCK >= len(data))
        except UnicodeDecodeError as exc:
            raise _NotText from exc
        chars += len(part)
        if chars > bounds.max_chars:
            raise LimitExceeded(
                label, "max_extracted_chars", "its text in characters", chars, bounds.max_chars, at_least=True
            )
        if "\x00" in part:  # never in real text, almost always in binary data that happens to decode
            raise _NotText
        yield part


def decode(data: bytes, bounds: Bounds, label: str) -> tuple[str, str] | None:
    """(text, encoding) for UTF-8 (BOM optional) or BOM-marked UTF-16 without NULs, else None.

    LimitExceeded once the text passes `bounds.max_chars` (checked block by block)."""
    try:
        text = "".join(_decoded_blocks(data, bounds, label))
    except _NotText:
        return None
    return text, _encoding(data).removesuffix("-sig")


def is_text(data: bytes, bounds: Bounds, label: str) -> bool:
    """What `decode` would say, without keeping the text (LimitExceeded the same way)."""
    try:
        for _part in _decoded_blocks(data, bounds, label):
            pass
    except _NotText:
        return False
    return True


def check_text(data: bytes, mime: str, label: str, bounds: Bounds) -> None:
    """ExtractionFailed unless `decode_or_fail` would succeed; the text is not kept."""
    if not is_text(data, bounds, label):
        raise ExtractionFailed(f"{label} is not valid UTF-8 or UTF-16 text")


def decode_or_fail(data: bytes, bounds: Bounds, label: str) -> tuple[str, str]:
    decoded = decode(data, bounds, label)
    if decoded is None:
        raise ExtractionFailed(f"{label} is not valid UTF-8 or UTF-16 text")
    return decoded


def extract_plain(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    text, encoding = decode_or_fail(data, bounds, label)
    return normalise_newlines(text), {"encoding": encoding}


# --- CSV ------------------------------------------------------------------------------------------


def extract_csv(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    text, encoding = decode_or_fail(data, bounds, label)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), _csv_dialect(text))
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise ExtractionFailed(f"{label} is not a readable CSV file: {exc}") from exc
    if not rows:
        return "", {"encoding": encoding, "rows": 0, "columns": 0}
    header = [name.strip() or f"column {n}" for n, name in enumerate(rows[0], start=1)]
    # Column names repeat on every line, so the rendered text is bounded as it grows, not just the file.
    lines = TextBuffer(bounds, label, separator="\n")
    for row in rows[1:]:
        lines.add(_csv_line(header, row))
    # A header-only file still says something: keep the column names.
    rendered = lines.text() if len(rows) > 1 else ", ".join(header)
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
        if cell := SPACES.sub(" ", value).strip():  # one row per line, even when a quoted cell spans lines
            pairs.append(f"{name or f'column {n}'}: {cell}")
    return "; ".join(pairs)


# --- JSON -----------------------------------------------------------------------------------------


def extract_json(data: bytes, mime: str, label: str, bounds: Bounds) -> tuple[str | None, dict[str, Any]]:
    text, encoding = decode_or_fail(data, bounds, label)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExtractionFailed(f"{label} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise ExtractionFailed(f"{label} is nested too deeply to read as JSON") from exc
    lines = TextBuffer(bounds, label, separator="\n")
    entries = _flatten_json(value, lines)
    return lines.text(), {"encoding": encoding, "entries": entries}


def _flatten_json(value: Any, out: TextBuffer) -> int:
    """One "path.to.key: value" line per leaf, in document order; returns the number of leaves.

    Iterative (nesting depth is unbounded), and a path is only spelled out for the leaf being written: paths repeat
    on every line, so the output is bounded as it grows (`out`), never built whole first."""
    entries = 0
    stack: list[tuple[str, str | int, Any]] = [("", "", value)]  # (parent's path, key or index, node)
    while stack:
        parent, step, node = stack.pop()
        path = f"{parent}[{step}]" if isinstance(step, int) else f"{parent}.{step}" if parent else step
        if isinstance(node, dict) and node:
            stack.extend((path, str(key), child) for key, child in reversed(node.items()))
        elif isinstance(node, list) and node:
            stack.extend((path, i, node[i]) for i in reversed(range(len(node))))
        else:
            rendered = node if isinstance(node, str) else json.dumps(node, ensure_ascii=False)
            out.add(f"{path}: {rendered}" if path else rendered)
            entries += 1
    return entries
