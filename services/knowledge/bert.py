"""A BERT sentence encoder (all-MiniLM-L6-v2 and its kin) as a numpy forward pass: no PyTorch, no conversion.

The folder is a sentence-transformers model: config.json, model.safetensors, tokenizer.json,
sentence_bert_config.json (max_seq_length: the window) and 1_Pooling/config.json (mean pooling). Texts are
tokenized by the model's own tokenizer (the `tokenizers` library, the same Rust code sentence-transformers uses),
wrapped in [CLS] ... [SEP], cut to the window as sentence-transformers cuts them, and packed without padding:
the dense layers run once over every token of a group of texts (large matrix products, where the time goes),
attention runs per text. Mean pooling over the tokens, then unit length, as the model's Normalize module does.

Everything is float32. GELU is the exact (erf) one BERT uses; numpy has no erf, so it is Abramowitz & Stegun
7.1.26 (absolute error < 1.5e-7). tests/services/knowledge/test_minilm.py holds this to sentence-transformers'
own vectors.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load_file
from tokenizers import Tokenizer

F32 = np.float32
Array = NDArray[np.float32]
# Tokens per forward pass (texts are packed up to it). Measured on this repository's 2-core machine, one thread,
# ~235-token texts, tokens per CPU second over two rounds: 256: 3,400-3,700; 512: 2,900-3,700; 1,024: 3,200-3,700;
# 4,096: 2,800-3,000 (the 1536-wide FFN activations of 4k tokens, 25 MB, outgrow the caches).
TOKENS_PER_PASS = 1024
_ERF = tuple(F32(v) for v in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429, 0.3275911))


class BertEncoder:
    """Loads the folder at construction (about 0.3 s for MiniLM); not thread-safe: give it one thread."""

    def __init__(self, folder: Path) -> None:
        config = json.loads((folder / "config.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
        if config.get("model_type") != "bert" or not pooling.get("pooling_mode_mean_tokens"):
            raise ValueError(f"{folder} is not a mean-pooled BERT sentence encoder")
        self.window = window_of(folder)
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = F32(config["layer_norm_eps"])
        self.tokenizer = load_tokenizer(folder)
        cls, sep = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        if cls is None or sep is None:
            raise ValueError(f"{folder}: the tokenizer has no [CLS] or [SEP] token")
        self.cls, self.sep = cls, sep
        weights = load_file(str(folder / "model.safetensors"))

        def w(name: str) -> Array:
            return np.ascontiguousarray(weights[name], dtype=F32)

        self.words = w("embeddings.word_embeddings.weight")
        # Every input is one segment (token type 0), so its embedding folds into the position embeddings.
        self.positions = w("embeddings.position_embeddings.weight") + w("embeddings.token_type_embeddings.weight")[0]
        self.norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        scale = F32(1 / math.sqrt(self.hidden // self.heads))
        self.layers: list[dict[str, tuple[Array, Array]]] = []

        def dense(name: str) -> tuple[Array, Array]:  # (weight transposed for x @ W, bias)
            return np.ascontiguousarray(w(f"{name}.weight").T), w(f"{name}.bias")

        def norm(name: str) -> tuple[Array, Array]:
            return w(f"{name}.weight"), w(f"{name}.bias")

        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv = np.concatenate([w(f"{p}attention.self.{n}.weight") for n in ("query", "key", "value")])
            qkv_bias = np.concatenate([w(f"{p}attention.self.{n}.bias") for n in ("query", "key", "value")])
            qkv[: self.hidden] *= scale  # 1/sqrt(head size) folded into the query projection
            qkv_bias[: self.hidden] *= scale
            self.layers.append(
                {
                    "qkv": (np.ascontiguousarray(qkv.T), qkv_bias),
                    "out": dense(f"{p}attention.output.dense"),
                    "norm1": norm(f"{p}attention.output.LayerNorm"),
                    "up": dense(f"{p}intermediate.dense"),
                    "down": dense(f"{p}output.dense"),
                    "norm2": norm(f"{p}output.LayerNorm"),
                }
            )

    @property
    def dimension(self) -> int:
        return self.hidden

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """[CLS] text [SEP], the text cut to window - 2 tokens (what sentence-transformers keeps of it)."""
        room = self.window - 2
        return [
            [self.cls, *enc.ids[:room], self.sep]
            for enc in self.tokenizer.encode_batch(texts, add_special_tokens=False)
        ]

    def encode(self, texts: list[str]) -> Array:
        """Unit-length embeddings, one row per text, in groups of about TOKENS_PER_PASS tokens."""
        ids = self.token_ids(texts)
        out = np.empty((len(ids), self.hidden), dtype=F32)
        start = 0
        while start < len(ids):
            end, tokens = start + 1, len(ids[start])
            while end < len(ids) and tokens + len(ids[end]) <= TOKENS_PER_PASS:
                tokens += len(ids[end])
                end += 1
            out[start:end] = self._forward(ids[start:end])
            start = end
        return out

    def _forward(self, sequences: list[list[int]]) -> Array:
        lengths = [len(s) for s in sequences]
        bounds = np.cumsum([0, *lengths])
        ids = np.fromiter((t for s in sequences for t in s), dtype=np.int64, count=int(bounds[-1]))
        x = self.words[ids]
        x += self.positions[np.concatenate([np.arange(n) for n in lengths])]
        _layer_norm(x, *self.norm, self.eps)
        context = np.empty_like(x)
        for layer in self.layers:
            qkv = _linear(x, layer["qkv"])
            for start, end in itertools.pairwise(bounds):
                context[start:end] = self._attention(qkv[start:end])
            h = _linear(context, layer["out"])
            h += x
            x = _layer_norm(h, *layer["norm1"], self.eps)
            h = _linear(_gelu(_linear(x, layer["up"])), layer["down"])
            h += x
            x = _layer_norm(h, *layer["norm2"], self.eps)
        pooled: Array = np.add.reduceat(x, bounds[:-1], axis=0)
        pooled /= np.asarray(lengths, dtype=F32)[:, None]
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), F32(1e-12))
        return pooled

    def _attention(self, qkv: Array) -> Array:
        """Bidirectional multi-head attention over one text (no mask: it has no padding)."""
        n, heads = qkv.shape[0], self.heads
        parts = qkv.reshape(n, 3, heads, self.hidden // heads)
        q, k, v = parts[:, 0].transpose(1, 0, 2), parts[:, 1].transpose(1, 2, 0), parts[:, 2].transpose(1, 0, 2)
        scores = q @ k  # heads x n x n; the query is pre-scaled
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        return cast(Array, (scores @ v).transpose(1, 0, 2).reshape(n, self.hidden))


def _linear(x: Array, weights: tuple[Array, Array]) -> Array:
    out = x @ weights[0]
    out += weights[1]
    return out


def _layer_norm(x: Array, weight: Array, bias: Array, eps: Any) -> Array:
    """In place."""
    x -= x.mean(axis=1, keepdims=True)
    scale = np.einsum("ij,ij->i", x, x)[:, None]
    scale *= F32(1 / x.shape[1])
    scale += eps
    np.sqrt(scale, out=scale)
    x /= scale
    x *= weight
    x += bias
    return x


def _gelu(x: Array) -> Array:
    """In place: x * Phi(x) = (x + |x| * erf(|x| / sqrt 2)) / 2, which needs erf of non-negative values only."""
    a1, a2, a3, a4, a5, p = _ERF
    ax = np.abs(x)
    z = ax * F32(1 / math.sqrt(2))
    np.minimum(z, F32(4), out=z)  # erf(4) = 1 - 1.5e-8; keeps exp(-z * z) clear of slow denormals
    e = z * z
    np.negative(e, out=e)
    np.exp(e, out=e)
    z *= p
    z += 1
    np.reciprocal(z, out=z)  # t
    poly = a5 * z
    for a in (a4, a3, a2, a1):
        poly += a
        poly *= z
    poly *= e  # 1 - erf(z)
    poly *= ax
    ax -= poly  # |x| * erf(|x| / sqrt 2)
    x += ax
    x *= F32(0.5)
    return x


def window_of(folder: Path) -> int:
    """The model's window in tokens, [CLS] and [SEP] included (sentence-transformers' max_seq_length)."""
    return int(json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"])


def load_tokenizer(folder: Path) -> Tokenizer:
    """The model's tokenizer without the padding and truncation its tokenizer.json asks for (128 tokens):
    counting needs every token, and `BertEncoder.token_ids` cuts to the window itself."""
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer
