"""BM25-style sparse vectors for Qdrant's `Modifier.IDF`.

A document vector carries only BM25's term-frequency part, `tf*(k1+1) / (tf + k1*(1-b+b*len/avg_len))`;
Qdrant multiplies in the IDF at query time from its own document frequencies, so a vector never has to
be rewritten when the corpus grows. A query vector weighs each distinct term 1.0, so the dot product
is the BM25 score.

Terms map to indices through a fixed hash (the first 4 bytes of blake2b), never Python's `hash()`,
which is salted per process: every API replica and every re-index must agree on the index of a term.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from services.knowledge.vectors.base import SparseVector

K1 = 1.2
B = 0.75
# A typical chunk's length in terms: a 400-word chunk keeps about 250 once stopwords are gone. Fixed, not
# the corpus average, which would change with every document and make stored vectors stale.
AVG_LEN = 256

# Unicode word characters, so accented and non-Latin words survive; "_" is split on like punctuation.
_WORD = re.compile(r"[^\W_]+")
# Words too common to tell documents apart (1-character words are dropped separately).
_STOPWORD_TEXT = """
    an and are as at be been but by can could did do does for from had has have he her his how if in into is it its
    me my no not of on or our she so than that the their them then there these they this those to too us was we were
    what when where which who whom why will with would you your
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens, without 1-character tokens and common English stopwords."""
    return [t for t in _WORD.findall(text.lower()) if len(t) > 1 and t not in STOPWORDS]


def term_index(term: str) -> int:
    """The sparse index of `term`: stable across processes and Python versions (unsigned 32-bit)."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "big")


def _counts(text: str) -> Counter[int]:
    # Counted by index, not by term: two terms that collide on a hash must share one entry,
    # because Qdrant rejects a sparse vector with repeated indices.
    return Counter(term_index(term) for term in tokenize(text))


def document_vector(text: str, *, k1: float = K1, b: float = B, avg_len: float = AVG_LEN) -> SparseVector:
    """BM25 term-frequency weights of `text` (no IDF: the collection's `Modifier.IDF` adds it)."""
    counts = _counts(text)
    length = sum(counts.values())
    norm = k1 * (1 - b + b * length / avg_len)
    indices = sorted(counts)
    values = [counts[i] * (k1 + 1) / (counts[i] + norm) for i in indices]
    return SparseVector(indices=indices, values=values)


def query_vector(text: str) -> SparseVector:
    """Weight 1.0 per distinct query term: repeating a word in a query does not count twice."""
    indices = sorted(set(_counts(text)))
    return SparseVector(indices=indices, values=[1.0] * len(indices))
