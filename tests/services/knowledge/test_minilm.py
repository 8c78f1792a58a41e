"""The default embedder, all-MiniLM-L6-v2 run by numpy: against sentence-transformers' own vectors, its tokenizer
and window, batching, truncation, and how chunking follows it.

tests/data/minilm_reference.json was made once by bench/make_minilm_reference.py with sentence-transformers on
PyTorch (an independent implementation), from the same package's model files.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import shutil
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import pytest_asyncio

from services.knowledge.chunk_sizing import ChunkSizeError, chunk_sizing
from services.knowledge.chunking import chunk_text, word_tokens
from services.knowledge.embed import Embedder, EmbeddingError, LocalEmbedder, OllamaEmbedder, make_embedder
from services.knowledge.minilm import MINILM_NAME, MiniLMEmbedder, minilm_folder
from tests.paths import DATA as TEST_DATA

pytestmark = pytest.mark.asyncio(loop_scope="module")

REFERENCE = json.loads((TEST_DATA / "minilm_reference.json").read_text())
SENTENCES = [s["text"] for s in REFERENCE["sentences"]]


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def minilm() -> AsyncIterator[MiniLMEmbedder]:
    embedder = MiniLMEmbedder()
    yield embedder
    await embedder.aclose()


async def test_vectors_match_sentence_transformers(minilm: MiniLMEmbedder) -> None:
    assert REFERENCE["max_seq_length"] == minilm.window == 256
    assert len(SENTENCES) >= 8 and max(s["tokens"] for s in REFERENCE["sentences"]) > 256  # one is cut
    vectors = await minilm.embed(SENTENCES)
    for reference, vector in zip(REFERENCE["sentences"], vectors, strict=True):
        assert cosine(vector, reference["vector"]) >= 0.999, reference["text"][:60]
        assert minilm.count_tokens(reference["text"]) == reference["tokens"], reference["text"][:60]


async def test_shape_unit_length_and_the_protocol(minilm: MiniLMEmbedder) -> None:
    assert isinstance(minilm, Embedder) and minilm.name == MINILM_NAME == "local:all-minilm-l6-v2"
    assert await minilm.dimension() == 384 and minilm.special_tokens == 2
    vectors = await minilm.embed(["short", "", "   ", "a somewhat longer sentence about nothing in particular"])
    assert [len(v) for v in vectors] == [384] * 4
    assert all(math.isclose(math.sqrt(sum(x * x for x in v)), 1.0, rel_tol=1e-5) for v in vectors)
    assert await minilm.embed([]) == []
    assert minilm.count_tokens("") == 0 and minilm.count_tokens("Hello, world!") == 4  # hello , world !


async def test_the_dimension_is_asked_of_the_model_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every search names its collection by the dimension: after the first, no hop to the model's thread for it.
    embedder = MiniLMEmbedder()
    asked: list[int] = []
    original = embedder._dimension
    monkeypatch.setattr(embedder, "_dimension", lambda: asked.append(1) or original())
    try:
        assert [await embedder.dimension() for _ in range(3)] == [384] * 3
        assert asked == [1]
    finally:
        await embedder.aclose()


async def test_grouping_and_concurrency_do_not_change_vectors(minilm: MiniLMEmbedder) -> None:
    # 40 texts of ~60 tokens are several forward passes of packed texts; each alone is one pass of one.
    texts = [f"Item {i}: " + " ".join(f"word{i * 7 + j}" for j in range(20)) for i in range(40)]
    together = await minilm.embed(texts)
    alone = await asyncio.gather(*(minilm.embed([t]) for t in texts[:5]))  # concurrent callers share the worker
    for one, [single] in zip(together[:5], alone, strict=True):
        assert cosine(one, single) > 0.99999  # packed texts never see each other
    assert len({tuple(round(x, 4) for x in v) for v in together}) == 40


async def test_text_beyond_the_window_is_cut_like_sentence_transformers_cuts_it(minilm: MiniLMEmbedder) -> None:
    prefix = " ".join(f"alpha{i}" for i in range(200))  # well over 254 tokens
    assert minilm.count_tokens(prefix) > 254
    [cats] = await minilm.embed([prefix + " and the ending is about cats"])
    [taxes] = await minilm.embed([prefix + " but about taxes"])
    assert cats == taxes  # both cut at the same token, before their endings: the same 256 tokens in
    short_cats, short_taxes = await minilm.embed(["about cats", "about taxes"])
    assert cosine(short_cats, short_taxes) < 0.99


async def test_counting_is_safe_from_many_threads(minilm: MiniLMEmbedder) -> None:
    texts = [" ".join(["tokenizer"] * n) + " déjà vu 東京" for n in range(200)]
    expected = [minilm.count_tokens(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(minilm.count_tokens, texts)) == expected
    assert len({after - before for before, after in itertools.pairwise(expected)}) == 1  # n words, n steps


async def test_a_broken_model_folder_and_a_closed_embedder_raise_embedding_errors(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(minilm_folder(), folder, ignore=shutil.ignore_patterns("model.safetensors"))
    broken = MiniLMEmbedder(folder, name="local:broken")
    assert broken.window == 256 and broken.count_tokens("still counts") == 2  # the tokenizer is there
    with pytest.raises(EmbeddingError, match=r"local:broken: could not load the model from .*model"):
        await broken.embed(["x"])
    await broken.aclose()
    with pytest.raises(EmbeddingError, match="closed"):
        await broken.embed(["x"])


async def test_make_embedder_names_the_default_first(tmp_path: Path) -> None:
    made = make_embedder(MINILM_NAME, data_dir=tmp_path, ollama_host="x", threads=1)
    assert isinstance(made, MiniLMEmbedder) and made.threads == 1
    await made.aclose()
    with pytest.raises(ValueError, match=r"available: local:all-minilm-l6-v2, local:gemma-3-270m$"):
        make_embedder("local:unknown", data_dir=tmp_path, ollama_host="x")
    with pytest.raises(ValueError, match=r"e\.g\. 'local:all-minilm-l6-v2'"):
        make_embedder("all-minilm-l6-v2", data_dir=tmp_path, ollama_host="x")


# -- chunking follows the embedder ------------------------------------------------------------------------


async def test_chunks_fit_the_window_in_the_models_own_tokens(minilm: MiniLMEmbedder) -> None:
    sizing = chunk_sizing(minilm, None, None)
    assert (sizing.size, sizing.overlap) == (254, 25)
    paragraph = (
        "Retrieval works on chunks: each must reach the model whole, so it is measured in the model's tokens. "
        "Identifiers like INV-20391 or https://example.org/a/b?c=d cost more tokens than words suggest. "
    )
    text = "\n\n".join(f"Section {i}. " + paragraph * (1 + i % 3) for i in range(30))
    chunks = chunk_text(text, size=sizing.size, overlap=sizing.overlap, count_tokens=sizing.count_tokens)
    assert len(chunks) > 5
    for chunk in chunks:
        assert chunk.tokens == minilm.count_tokens(chunk.text) <= 254  # counted exactly, never over the window
        assert text[chunk.start : chunk.end] == chunk.text
    assert all(c.tokens >= 254 // 2 for c in chunks[:-1])  # and not wastefully small
    # The word estimate the chunker used before undercounts such text: its chunks would be cut by the model.
    estimated = chunk_text(text, size=254, overlap=25, count_tokens=word_tokens)
    assert max(minilm.count_tokens(c.text) for c in estimated) > 254


async def test_configured_sizes_are_checked_against_the_window(minilm: MiniLMEmbedder, tmp_path: Path) -> None:
    assert (chunk_sizing(minilm, 128, None).size, chunk_sizing(minilm, 128, None).overlap) == (128, 12)
    assert chunk_sizing(minilm, 254, 50).overlap == 50
    with pytest.raises(ChunkSizeError, match="chunk_size 400 does not fit the 256-token window of local:all-minilm"):
        chunk_sizing(minilm, 400, None)
    with pytest.raises(ChunkSizeError, match="chunk_overlap 300 must be smaller than the chunk size, 254"):
        chunk_sizing(minilm, None, 300)
    # Ollama reports no window: the estimate, at the old default size. Gemma's window is its context.
    ollama = OllamaEmbedder("http://127.0.0.1:1", "nomic-embed-text")
    sizing = chunk_sizing(ollama, None, None)
    assert (sizing.size, sizing.overlap, sizing.count_tokens("one two three")) == (
        400,
        40,
        word_tokens("one two three"),
    )
    assert chunk_sizing(ollama, 5000, None).size == 5000
    await ollama.aclose()
    gemma = LocalEmbedder(tmp_path / "gemma.gguf", name="local:gemma-3-270m", context_tokens=2048)
    assert (gemma.window, chunk_sizing(gemma, None, None).size, chunk_sizing(gemma, 2046, None).size) == (
        2048,
        400,
        2046,
    )
    with pytest.raises(ChunkSizeError, match="2048-token window of local:gemma-3-270m: at most 2046"):
        chunk_sizing(gemma, 2047, None)
    await gemma.aclose()
