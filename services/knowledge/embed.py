"""Embedders: text in, L2-normalised dense vectors out, from an in-process model or from Ollama.

Names are 'provider:model' ('local:all-minilm-l6-v2', 'local:gemma-3-270m', 'ollama:nomic-embed-text'); a name
and its dimension pick the Qdrant collection, so vectors of different models never mix.

Each embedder tells chunking how to size its inputs: `window` (tokens one input holds, the model's own special
tokens included; None when unknown), `special_tokens` (how many of those the model adds to every input) and
`count_tokens(text)` (the text's tokens in the model's own tokenizer, or an estimate where there is none).

The default, 'local:all-minilm-l6-v2', is `services.knowledge.minilm`. `LocalEmbedder` mean-pools a GGUF model
through llama.cpp (the chat model 'local:gemma-3-270m', or a configured file): it owns its own llama.cpp model
object (an embedding context cannot generate and a generation context cannot pool), loaded on first use. As in
`services.providers.local`, a llama.cpp model is not thread-safe, so it gets one dedicated worker thread and
every call on it runs there.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

import httpx
import llama_cpp
import ollama

from services.knowledge.chunking import word_tokens
from services.providers.local import BUILTIN_FILE, BUILTIN_MODEL, assemble_builtin

T = TypeVar("T")


class EmbeddingError(Exception):
    """Embedding failed for a reason worth showing to the user (server down, model missing, ...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@runtime_checkable
class Embedder(Protocol):
    name: str
    special_tokens: int

    @property
    def window(self) -> int | None: ...

    def count_tokens(self, text: str) -> int: ...

    async def dimension(self) -> int: ...

    async def embed(self, texts: list[str]) -> list[list[float]]: ...

    async def aclose(self) -> None: ...


def normalise(vector: Sequence[float]) -> list[float]:
    """`vector` scaled to unit length (a zero vector stays zero rather than dividing by zero)."""
    norm = math.sqrt(math.fsum(x * x for x in vector))
    return [float(x) / norm for x in vector] if norm > 0 else [float(x) for x in vector]


class WorkerEmbedder:
    """An in-process model on one dedicated worker thread: every call on the model (load, count, embed, free) runs
    there, so a model object that is not thread-safe only ever sees that thread, and none blocks the event loop.
    Subclasses give `_dimension`, `_embed` and `_free`, which run on the worker."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"embed-{name}")
        self._closed = False
        self._dim: int | None = None  # a model's dimension never changes: asked once, not per search

    def _run(self, fn: Callable[..., T], *args: object) -> asyncio.Future[T]:
        if self._closed:
            raise EmbeddingError(f"{self.name}: the embedder is closed")
        return asyncio.wrap_future(self._worker.submit(fn, *args))

    def _dimension(self) -> int:
        raise NotImplementedError

    def _embed(self, texts: list[str]) -> list[list[float]]:
        raise NotImplementedError

    def _free(self) -> None:
        """Release the model (on the worker, after every job queued before)."""

    async def dimension(self) -> int:
        if self._dim is None:
            self._dim = await self._run(self._dimension)
        return self._dim

    async def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return await self._run(self._embed, list(texts))

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            await asyncio.wrap_future(self._worker.submit(self._free))
        await asyncio.to_thread(self._worker.shutdown, wait=True)


class LocalEmbedder(WorkerEmbedder):
    """Mean-pooled embeddings from a GGUF model through llama.cpp, on one worker thread.

    Texts longer than `context_tokens` are truncated to their first `context_tokens` tokens (the
    rest of the text does not contribute to its vector); chunking keeps chunks within that window.
    """

    special_tokens = 2  # at most a BOS and an EOS token (Gemma adds only BOS): a safe margin for chunking

    def __init__(
        self,
        model_path: Path | Callable[[], Path],
        *,
        name: str | None = None,
        context_tokens: int = 2048,
        threads: int | None = None,
        batch_size: int = 4,  # measured: 16 is ~30% slower than 1-4 on CPU
    ) -> None:
        if name is None:
            if callable(model_path):
                raise TypeError("LocalEmbedder needs a name when the model path is computed")
            name = f"local:{Path(model_path).stem}"
        super().__init__(name)
        self._model_path = model_path
        self.context_tokens = context_tokens
        self.window = context_tokens
        # Half the cores, as for the chat model: llama.cpp on every core starves the event loop.
        self.threads = threads or max(1, (os.cpu_count() or 2) // 2)
        # Texts per llama.cpp batch. Measured on 2 cores with ~95-token texts: 1-4 per batch ran at the
        # same speed, 16 about 30% slower (attention spans the whole packed batch); memory grows with it.
        self.batch_size = batch_size
        self._llm: llama_cpp.Llama | None = None  # touched only on the worker thread

    # -- worker thread ------------------------------------------------------------------------

    def _model(self) -> llama_cpp.Llama:
        """The model, loaded by the first job; only the worker runs this, so no lock is needed."""
        if self._llm is not None:
            return self._llm
        try:
            path = self._model_path() if callable(self._model_path) else Path(self._model_path)
        except (OSError, ValueError) as exc:  # the bundled model could not be assembled
            raise EmbeddingError(f"{self.name}: could not prepare the model file: {exc}") from exc
        if not path.is_file():
            raise EmbeddingError(f"{self.name}: model file not found: {path}")
        try:
            self._llm = llama_cpp.Llama(
                model_path=str(path),
                embedding=True,
                pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN,
                n_ctx=self.context_tokens,
                # A pooled sequence must fit one batch, and `Llama.embed` truncates to n_batch tokens.
                n_batch=self.context_tokens,
                n_ubatch=self.context_tokens,
                n_threads=self.threads,
                n_threads_batch=self.threads,
                verbose=False,
            )
        except ValueError as exc:  # llama-cpp-python's "Failed to load model from file"
            raise EmbeddingError(f"{self.name}: could not load {path}: {exc}") from exc
        return self._llm

    def _dimension(self) -> int:
        return int(self._model().n_embd())

    def _count(self, text: str) -> int:
        return len(self._model().tokenize(text.encode(), add_bos=False, special=False))

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` in the model's tokenizer. It runs on the model's worker thread and waits for it, so
        call it off the event loop (chunking runs in a thread of its own)."""
        if self._closed:
            raise EmbeddingError(f"{self.name}: the embedder is closed")
        return self._worker.submit(self._count, text).result()

    def _embed(self, texts: list[str]) -> list[list[float]]:
        llm = self._model()
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            try:
                batch = llm.embed(texts[start : start + self.batch_size], truncate=True)
            except RuntimeError as exc:  # llama_decode failed (out of memory, bad batch)
                raise EmbeddingError(f"{self.name}: embedding failed: {exc}") from exc
            vectors += [normalise(v) for v in batch]  # pooled: one vector per text
        return vectors

    def _free(self) -> None:
        if self._llm is not None:
            self._llm.close()
            self._llm = None


class OllamaEmbedder:
    """Embeddings from an Ollama server's /api/embed through the official client, in batches.

    Ollama reports neither a model's tokenizer nor its window without a round trip, so chunking estimates tokens
    (`word_tokens`) and the server cuts an over-long input to the model's context (truncate=True)."""

    window: int | None = None
    special_tokens = 0

    def __init__(self, host: str, model: str, *, timeout: float = 120, batch_size: int = 32) -> None:
        self.name = f"ollama:{model}"
        self.model = model
        self.host = host
        self.batch_size = batch_size
        self._client = ollama.AsyncClient(host=host, timeout=timeout)
        self._dimension: int | None = None

    def count_tokens(self, text: str) -> int:
        return word_tokens(text)

    async def dimension(self) -> int:
        if self._dimension is None:
            await self.embed(["dimension probe"])  # Ollama reports no dimension without embedding something
        assert self._dimension is not None
        return self._dimension

    async def embed(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            try:
                # truncate=True: Ollama cuts over-long inputs to the model's context instead of failing.
                response = await self._client.embed(model=self.model, input=batch, truncate=True)
            except Exception as exc:
                raise self._error(exc) from exc
            if len(response.embeddings) != len(batch):
                raise EmbeddingError(f"{self.name}: asked for {len(batch)} embeddings, got {len(response.embeddings)}")
            vectors += [normalise(v) for v in response.embeddings]
        if vectors:
            self._dimension = len(vectors[0])
        return vectors

    def _error(self, exc: Exception) -> EmbeddingError:
        # The client raises ConnectionError for a refused connection and lets httpx errors through.
        if isinstance(exc, ollama.ResponseError):
            if exc.status_code == 404:
                return EmbeddingError(f"{self.name}: model not found on {self.host}; pull it first")
            return EmbeddingError(f"{self.name}: Ollama answered {exc.status_code}: {exc.error}")
        if isinstance(exc, httpx.TimeoutException):
            return EmbeddingError(f"{self.name}: Ollama at {self.host} timed out")
        if isinstance(exc, ConnectionError | httpx.TransportError):
            return EmbeddingError(f"{self.name}: cannot connect to Ollama at {self.host}; is it running?")
        return EmbeddingError(f"{self.name}: embedding failed: {exc}")

    async def aclose(self) -> None:
        await self._client.close()  # type: ignore[no-untyped-call]  # untyped in the ollama package


def make_embedder(
    name: str,
    *,
    data_dir: Path,
    ollama_host: str,
    local_models: dict[str, str] | None = None,
    threads: int | None = None,
) -> Embedder:
    """The embedder for 'provider:model'; ValueError names what is accepted."""
    from services.knowledge.minilm import MINILM_MODEL, MiniLMEmbedder  # it imports EmbeddingError from here

    provider, sep, model = name.partition(":")
    if not sep or not model:
        raise ValueError(f"embedding model {name!r} must be 'provider:model', e.g. 'local:{MINILM_MODEL}'")
    if provider == "local":
        if model == MINILM_MODEL:
            return MiniLMEmbedder(name=name, threads=threads)
        if model == BUILTIN_MODEL:
            target = Path(data_dir) / "models" / BUILTIN_FILE
            return LocalEmbedder(lambda: assemble_builtin(target), name=name, threads=threads)
        paths = local_models or {}
        if model not in paths:
            known = ", ".join(f"local:{n}" for n in [MINILM_MODEL, BUILTIN_MODEL, *paths])
            raise ValueError(f"unknown local embedding model {name!r}; available: {known}")
        return LocalEmbedder(Path(paths[model]).expanduser(), name=name, threads=threads)
    if provider == "ollama":
        return OllamaEmbedder(ollama_host, model)
    raise ValueError(f"unknown embedding provider {provider!r} in {name!r}; use 'local:<model>' or 'ollama:<model>'")
