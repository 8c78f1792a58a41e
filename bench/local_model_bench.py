"""The embedded model measured two ways: by a BENCHMARK run through Switchboard, and by calling llama.cpp
directly with the same model file, prompt text, thread count, context size and sampling.

    .venv/bin/python bench/local_model_bench.py [--iterations 10] [--max-tokens 32]

The difference is Switchboard's overhead per request: the run queue, the worker thread hand-off and
the asyncio stream, the stored items and events. Both sides warm up once (model load) before measuring;
time to first token is from the request to the first generated text, tokens/s counts the tokens after
the first over the time after the first (llama.cpp's own decode rate definition).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import llama_cpp

from app import create_app
from services.evals.benchmark_runs import percentile
from services.providers.base import ChatMessage
from services.providers.local import LocalProvider, assemble_builtin
from services.providers.local_prompt import build_prompt, stop_sequences
from services.settings import Settings
from tests.fakes.server import serve

PROMPTS = ["Explain in two sentences why the sky is blue.", "Write a haiku about a lighthouse."]


def direct(model_path: Path, threads: int, context: int, iterations: int, max_tokens: int) -> dict[str, list[float]]:
    llm = llama_cpp.Llama(
        model_path=str(model_path), n_ctx=context, n_threads=threads, n_threads_batch=threads, verbose=False
    )
    figures: dict[str, list[float]] = {"ttft": [], "tps": [], "latency": [], "tokens": []}
    plan = [PROMPTS[0]] + [p for _ in range(iterations) for p in PROMPTS]  # the first is the warm-up
    for index, prompt in enumerate(plan):
        text = build_prompt([ChatMessage("user", prompt)])
        tokens = llm.tokenize(text.encode(), add_bos=True, special=False)
        started = time.perf_counter()
        first = None
        count = 0
        for _chunk in llm.create_completion(
            tokens, stream=True, max_tokens=max_tokens, temperature=0.0, top_p=0.95, top_k=64, stop=stop_sequences([])
        ):
            first = first or time.perf_counter()
            count += 1
        ended = time.perf_counter()
        if index == 0 or first is None:
            continue
        figures["ttft"].append((first - started) * 1000)
        figures["latency"].append((ended - started) * 1000)
        figures["tokens"].append(count)
        if count > 1:
            figures["tps"].append((count - 1) / (ended - first))
    return figures


async def through_switchboard(data_dir: Path, iterations: int, max_tokens: int) -> dict[str, Any]:
    settings = Settings(data_dir=data_dir, auth_mode="local")
    with serve(create_app(settings), lifespan="on") as base:
        async with httpx.AsyncClient(base_url=base, timeout=600) as http:

            async def gql(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
                response = await http.post("/graphql", json={"query": query, "variables": variables or {}})
                body = response.json()
                assert "errors" not in body, body
                return body["data"]

            started = await gql(
                """mutation($input: BenchmarkInput!) { startBenchmark(input: $input) {
                     __typename ... on Run { id } ... on Error { message } } }""",
                {
                    "input": {
                        "models": ["local:gemma-3-270m"],
                        "prompts": PROMPTS,
                        "iterations": iterations,
                        "maxTokens": max_tokens,
                        "warmup": 1,
                        "temperature": 0.0,
                    }
                },
            )
            run_id = started["startBenchmark"]["id"]
            while True:
                run = (await gql("query($id: ID!) { run(id: $id) { status error result } }", {"id": run_id}))["run"]
                if run["status"] not in ("QUEUED", "RUNNING"):
                    break
                await asyncio.sleep(0.5)
            assert run["status"] == "SUCCEEDED", run
            return dict(run["result"])


def row(name: str, values: dict[str, float | None], unit: str) -> str:
    return f"  {name:<28} p50 {values['p50'] or 0:>9.1f} {unit:<6} p95 {values['p95'] or 0:>9.1f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10, help="rounds over the prompts (after one warm-up)")
    parser.add_argument("--max-tokens", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sb-localbench-") as tmp:
        data_dir = Path(tmp)
        provider = LocalProvider(data_dir)
        model_path = assemble_builtin(provider.builtin_path)
        result = asyncio.run(through_switchboard(data_dir, args.iterations, args.max_tokens))
        raw = direct(model_path, provider.threads, provider.context_tokens, args.iterations, args.max_tokens)
    measured = result["models"][0]
    samples = args.iterations * len(PROMPTS)
    print(f"local:gemma-3-270m, {samples} requests per side after 1 warm-up, max_tokens {args.max_tokens},")
    print(f"temperature 0, {provider.threads} threads, context {provider.context_tokens}")
    hardware = result["hardware"]
    print(
        f"machine: {hardware.get('cpu_model')}, {hardware.get('logical_cores')} logical cores, "
        f"llama.cpp {hardware.get('llama_cpp', {}).get('version')}"
    )
    print("BENCHMARK run through Switchboard:")
    print(row("time to first token", measured["ttftMs"], "ms"))
    print(row("output tokens/s", measured["tokensPerSecond"], "tok/s"))
    print(row("total latency", measured["latencyMs"], "ms"))
    print(row("output tokens", measured["outputTokens"], "tok"))
    print(f"  errors {measured['errors']} of {measured['iterations']}")
    print("llama.cpp called directly:")
    for key, name, unit in (
        ("ttft", "time to first token", "ms"),
        ("tps", "output tokens/s", "tok/s"),
        ("latency", "total latency", "ms"),
        ("tokens", "output tokens", "tok"),
    ):
        print(row(name, {"p50": percentile(raw[key], 0.5), "p95": percentile(raw[key], 0.95)}, unit))


if __name__ == "__main__":
    main()
