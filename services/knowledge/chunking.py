"""Token-aware chunking with overlap; every chunk is an exact slice of the input text.

The text is cut into pieces at the coarsest boundary that keeps each piece within the chunk size
(paragraphs, then lines, then sentences, then words, then characters) and pieces are packed
greedily into chunks. Tokens are counted once per piece (together with the whitespace before it,
which is where tokenizers such as SentencePiece put it) and summed, so a tokenizer is called
O(text) times rather than once per candidate chunk; each finished chunk is then counted exactly
once, then grown or trimmed by whole pieces if the sum was off. A piece is split further only when that helps: to
fill a chunk that would otherwise be under half full, or to repeat about `overlap` tokens at the
start of the next chunk.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

PARAGRAPH, LINE, SENTENCE, WORD, CHAR = range(5)

# The whitespace separating units at each level (CHAR has none: it is cut by halving).
_GAPS = {
    PARAGRAPH: re.compile(r"\n[^\S\n]*\n\s*"),
    LINE: re.compile(r"\s*\n\s*"),
    # After terminal punctuation (Latin and CJK stops, ! ? and the ellipsis), maybe closed by a quote or bracket.
    SENTENCE: re.compile(
        r"(?:(?<=[.!?\u2026\u3002\uff01\uff1f])|(?<=[.!?\u2026\u3002\uff01\uff1f][\"')\]\u201d\u2019]))\s+"
    ),
    WORD: re.compile(r"\s+"),
}
_GROW_ROUNDS = 4
# Scripts written without spaces between words, where one character is roughly one token.
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class Chunk:
    index: int
    text: str
    start: int
    end: int
    tokens: int


def word_tokens(text: str) -> int:
    """A tokenizer-free estimate: ~1.3 tokens per word, at least one per 4 characters of a word (URLs, base64,
    identifiers) and one per CJK character; 0 only for "", at least 1 otherwise."""
    if not text:
        return 0
    cjk = len(_CJK.findall(text))
    words = _CJK.sub(" ", text).split()
    letters = sum(len(word) for word in words)
    return max(1, cjk + max(math.ceil(len(words) * 1.3), math.ceil(letters / 4)))


class TooManyChunks(Exception):
    """The text makes more than `max_chunks` chunks; chunking stopped at the first one past the bound."""

    def __init__(self, max_chunks: int) -> None:
        super().__init__(f"more than {max_chunks} chunks")
        self.max_chunks = max_chunks


def chunk_text(
    text: str, *, size: int, overlap: int, count_tokens: Callable[[str], int], max_chunks: int | None = None
) -> list[Chunk]:
    """Chunks of at most about `size` tokens, consecutive ones sharing about `overlap` tokens.

    A chunk exceeds `size` only when it is a single character the counter prices above `size`.
    TooManyChunks as soon as there would be more than `max_chunks`.
    """
    if size < 1:
        raise ValueError("size must be at least 1 token")
    if not 0 <= overlap < size:
        raise ValueError("overlap must be at least 0 and smaller than size")
    return _Chunker(text, size, overlap, count_tokens).run(max_chunks)


@dataclass
class _Piece:
    start: int
    end: int
    gap: int  # where the whitespace before the piece begins; its tokens are counted with the piece
    tokens: int
    level: int


class _Chunker:
    def __init__(self, text: str, size: int, overlap: int, count_tokens: Callable[[str], int]) -> None:
        self.text = text
        self.size = size
        self.overlap = overlap
        self.count_tokens = count_tokens
        self.pieces: list[_Piece] = []

    def run(self, max_chunks: int | None) -> list[Chunk]:
        gap: int | None = None
        for start, end in _spans(self.text, 0, len(self.text), PARAGRAPH):
            self.pieces.extend(self._fit(start, end, start if gap is None else gap, PARAGRAPH))
            gap = end
        chunks: list[Chunk] = []
        start = fresh = 0  # the next chunk's first piece, and its first piece not in the previous chunk
        while fresh < len(self.pieces):
            start, end = self._fill(start, fresh)
            start, end, tokens = self._settle(start, fresh, end)
            first, last = self.pieces[start], self.pieces[end - 1]
            if max_chunks is not None and len(chunks) == max_chunks:
                raise TooManyChunks(max_chunks)
            chunks.append(Chunk(len(chunks), self.text[first.start : last.end], first.start, last.end, tokens))
            if end == len(self.pieces):
                break
            start, fresh = self._overlap_start(start, end)
        return chunks

    def _count(self, start: int, end: int) -> int:
        return max(0, self.count_tokens(self.text[start:end]))

    def _fit(self, start: int, end: int, gap: int, level: int) -> list[_Piece]:
        """[start, end) as pieces of at most `size` tokens each, cut at the coarsest boundaries that achieve it."""
        tokens = self._count(gap, end)
        if tokens <= self.size or end - start <= 1:
            return [_Piece(start, end, gap, tokens, level)]
        level, spans = _finer_spans(self.text, start, end, level, CHAR)
        pieces: list[_Piece] = []
        for span_start, span_end in spans:
            pieces.extend(self._fit(span_start, span_end, pieces[-1].end if pieces else gap, level))
        return pieces

    def _refine(self, index: int) -> int:
        """Replace piece `index` by its parts one level finer (never below words); returns how many were added."""
        piece = self.pieces[index]
        if piece.level >= WORD:
            return 0
        level, spans = _finer_spans(self.text, piece.start, piece.end, piece.level, WORD)
        if len(spans) < 2:
            return 0
        parts: list[_Piece] = []
        for span_start, span_end in spans:
            parts.extend(self._fit(span_start, span_end, parts[-1].end if parts else piece.gap, level))
        self.pieces[index : index + 1] = parts
        return len(parts) - 1

    def _fill(self, start: int, fresh: int) -> tuple[int, int]:
        """Pieces [start, end) of the next chunk: the overlap [start, fresh) plus as many new pieces as fit."""
        total = sum(piece.tokens for piece in self.pieces[start:fresh])
        end = fresh
        while end < len(self.pieces):
            tokens = self.pieces[end].tokens
            if total + tokens <= self.size:
                total += tokens
                end += 1
            elif (end == fresh or total < self.size // 2) and self._refine(end):
                continue  # split the piece rather than leave the chunk empty of new text or mostly empty
            elif end == fresh and start < fresh:
                total -= self.pieces[start].tokens  # not even the smallest new piece fits: repeat less
                start += 1
            else:
                break
        return start, max(end, fresh + 1)  # a lone piece over `size` still has to go somewhere

    def _settle(self, start: int, fresh: int, end: int) -> tuple[int, int, int]:
        """Count the chunk exactly, then correct the estimate: grow it while the sum of parts overestimated it
        (a per-piece counter rounds every piece up), trim it while the sum underestimated it."""
        tokens = self._count(self.pieces[start].start, self.pieces[end - 1].end)
        for _ in range(_GROW_ROUNDS):  # each round fills most of the remaining room, so a few suffice
            grown = self._grow(end, self.size - tokens)
            if grown == end:
                break
            end = grown
            tokens = self._count(self.pieces[start].start, self.pieces[end - 1].end)
            if tokens > self.size:
                break
        while tokens > self.size:
            if end > fresh + 1:
                end -= 1
            elif start < fresh:
                start += 1
            else:
                break  # a single character the counter prices above `size`
            tokens = self._count(self.pieces[start].start, self.pieces[end - 1].end)
        return start, end, tokens

    def _grow(self, end: int, room: int) -> int:
        """How far the chunk ending before `end` can extend by whole pieces into `room` tokens, by estimate."""
        used = 0
        while end < len(self.pieces) and used + self.pieces[end].tokens <= room:
            used += self.pieces[end].tokens
            end += 1
        return end

    def _overlap_start(self, start: int, end: int) -> tuple[int, int]:
        """Where the chunk after [start, end) begins, about `overlap` tokens back, and where `end` moved to."""
        first = end
        repeated = 0
        while first > start and repeated < self.overlap:
            piece = self.pieces[first - 1]
            if repeated + piece.tokens <= self.overlap and first - 1 > start:
                repeated += piece.tokens
                first -= 1
            elif added := self._refine(first - 1):  # too big to repeat whole: repeat its last sentences or words
                first += added
                end += added
            else:
                break
        return first, end


def _finer_spans(text: str, start: int, end: int, level: int, floor: int) -> tuple[int, list[tuple[int, int]]]:
    """The first level below `level` (down to `floor`) that splits [start, end) in two or more, with those spans."""
    for finer in range(level + 1, min(floor, WORD) + 1):
        spans = _spans(text, start, end, finer)
        if len(spans) > 1:
            return finer, spans
    if floor < CHAR:
        return level, [(start, end)]
    middle = (start + end) // 2
    return CHAR, [(start, middle), (middle, end)]


def _spans(text: str, start: int, end: int, level: int) -> list[tuple[int, int]]:
    """The non-whitespace stretches of [start, end) between the separators of `level`, stripped of whitespace."""
    spans = []
    cursor = start
    for gap in [*_GAPS[level].finditer(text, start, end), None]:
        stop = gap.start() if gap else end
        piece = text[cursor:stop]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((cursor + lead, cursor + lead + len(stripped)))
        cursor = gap.end() if gap else end
    return spans
