"""How big chunks are: the embedder's window decides, in the embedder's own tokens.

A chunk must reach the model whole: a model cuts an over-long input, and whatever is cut would be
silently missing from the chunk's vector. So a chunk holds at most `window - special_tokens` tokens of
the embedder's own tokenizer (all-MiniLM-L6-v2: 256 - 2 for [CLS] and [SEP] = 254), and
`retrieval.chunk_size` may lower that but never exceed it. Unset, the size is that room, capped at
DEFAULT_MAX_TOKENS (longer chunks blur what a vector stands for), and the overlap a tenth of it.
An embedder with no known window (Ollama) gets DEFAULT_MAX_TOKENS, counted by estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.knowledge.embed import Embedder

DEFAULT_MAX_TOKENS = 400
OVERLAP_DIVISOR = 10


class ChunkSizeError(ValueError):
    """The configured chunk size (or overlap) does not fit the embedder; the message says why."""


@dataclass(frozen=True)
class ChunkSizing:
    size: int
    overlap: int
    count_tokens: Callable[[str], int]


def room(embedder: Embedder) -> int | None:
    """Tokens of text one input of the embedder holds whole; None when the window is unknown."""
    return None if embedder.window is None else embedder.window - embedder.special_tokens


def size_problem(embedder: Embedder, chunk_size: int | None, chunk_overlap: int | None) -> str | None:
    """Why these settings cannot chunk for this embedder, or None when they can."""
    limit = room(embedder)
    if chunk_size is not None and limit is not None and chunk_size > limit:
        return (
            f"chunk_size {chunk_size} does not fit the {embedder.window}-token window of {embedder.name}: "
            f"at most {limit} tokens of text per chunk ({embedder.special_tokens} of the window are the model's "
            "own special tokens)"
        )
    if chunk_overlap is not None:
        size = chunk_size if chunk_size is not None else default_size(limit)
        if chunk_overlap >= size:
            return f"chunk_overlap {chunk_overlap} must be smaller than the chunk size, {size} for {embedder.name}"
    return None


def default_size(limit: int | None) -> int:
    return DEFAULT_MAX_TOKENS if limit is None else min(limit, DEFAULT_MAX_TOKENS)


def chunk_sizing(embedder: Embedder, chunk_size: int | None, chunk_overlap: int | None) -> ChunkSizing:
    """Size, overlap and token counter for chunking text for `embedder`; ChunkSizeError if the settings do not fit."""
    if problem := size_problem(embedder, chunk_size, chunk_overlap):
        raise ChunkSizeError(problem)
    size = chunk_size if chunk_size is not None else default_size(room(embedder))
    overlap = chunk_overlap if chunk_overlap is not None else size // OVERLAP_DIVISOR
    return ChunkSizing(size, overlap, embedder.count_tokens)
