"""The HTTP providers through their official client libraries, against wire-faithful fakes on loopback.

Also unit tests for the retry helper, with in-memory streams.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest

from services.providers import retry
from services.providers.anthropic import AnthropicProvider
from services.providers.base import (
    ChatMessage,
    ChatProvider,
    ChatRequest,
    GenerationOptions,
    PermanentProviderError,
    ProviderError,
    StreamChunk,
    TransientProviderError,
    Usage,
)
from services.providers.ollama import OllamaProvider
from services.providers.retry import retry_delay, stream_with_retries
from tests.fakes import Failure, Script, unused_port
from tests.fakes import anthropic as fake_anthropic
from tests.fakes import ollama as fake_ollama

OLLAMA_MODEL = "qwen2.5-coder:3b"
CLAUDE_MODEL = "claude-test-1"
API_KEY = "sk-ant-test-key"
TOKENS = ["The", " quick", " brown", " fox", " jumps"]


@dataclass
class Harness:
    kind: str
    script: Script
    provider: OllamaProvider | AnthropicProvider
    model: str
    base_url: str

    def request(self, model: str | None = None, options: GenerationOptions | None = None) -> ChatRequest:
        messages = (ChatMessage("system", "Be brief."), ChatMessage("user", "Say something."))
        return ChatRequest(model=model or self.model, messages=messages, options=options or GenerationOptions())


@dataclass
class RecordingSleep:
    """Stands in for asyncio.sleep: records the delays and returns at once."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def make_provider(kind: str, base_url: str, api_key: str | None = API_KEY) -> OllamaProvider | AnthropicProvider:
    if kind == "ollama":
        return OllamaProvider(base_url, timeout=10.0)
    return AnthropicProvider(api_key, base_url=base_url, timeout=10.0)


@asynccontextmanager
async def running_fake(kind: str) -> AsyncIterator[Harness]:
    """A fake server of `kind` with a fresh Script, and a provider pointed at it."""
    model = OLLAMA_MODEL if kind == "ollama" else CLAUDE_MODEL
    script = Script(tokens=list(TOKENS), models=[model], api_key=API_KEY if kind == "anthropic" else None)
    running = fake_ollama.running if kind == "ollama" else fake_anthropic.running
    with running(script) as base_url:
        provider = make_provider(kind, base_url)
        try:
            yield Harness(kind, script, provider, model, base_url)
        finally:
            await provider.aclose()


@pytest.fixture(params=["ollama", "anthropic"])
async def fake(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    async with running_fake(request.param) as harness:
        yield harness


async def collect(stream: AsyncIterator[StreamChunk]) -> list[StreamChunk]:
    return [chunk async for chunk in stream]


def retrying(
    open_stream: Callable[[], AsyncIterator[StreamChunk]], sleep: RecordingSleep, max_retries: int = 3
) -> AsyncGenerator[StreamChunk, None]:
    return stream_with_retries(open_stream, max_retries=max_retries, base_delay=0.5, max_delay=30.0, sleep=sleep)


# --- streaming -----------------------------------------------------------------------------------


async def test_streams_the_scripted_tokens_then_usage(fake: Harness) -> None:
    assert isinstance(fake.provider, ChatProvider)
    chunks = await collect(fake.provider.stream_chat(fake.request()))

    assert [c.text for c in chunks if c.text] == TOKENS
    final = chunks[-1]
    assert final.done and final.text == ""
    assert final.usage == Usage(prompt_tokens=fake.script.prompt_tokens, completion_tokens=len(TOKENS))
    assert final.stop_reason == ("stop" if fake.kind == "ollama" else "end_turn")
    assert fake.script.completed_streams == 1


async def test_ollama_sends_options_on_the_wire(ollama_fake: Harness) -> None:
    fake = ollama_fake
    options = GenerationOptions(temperature=0.2, top_p=0.9, top_k=40, max_tokens=3, stop=("\n\n",), seed=7)
    chunks = await collect(fake.provider.stream_chat(fake.request(options=options)))

    [sent] = fake.script.chat_requests
    assert sent.body["model"] == OLLAMA_MODEL
    assert sent.body["stream"] is True
    assert sent.body["keep_alive"] == "5m"
    assert sent.body["options"] == {
        "temperature": 0.2,
        "top_p": 0.9,
        "top_k": 40,
        "num_predict": 3,
        "stop": ["\n\n"],
        "seed": 7,
    }
    assert [(m["role"], m["content"]) for m in sent.body["messages"]] == [
        ("system", "Be brief."),
        ("user", "Say something."),
    ]
    # The fake honours num_predict as Ollama does.
    assert [c.text for c in chunks if c.text] == TOKENS[:3]
    assert chunks[-1].stop_reason == "length"
    assert chunks[-1].usage == Usage(prompt_tokens=fake.script.prompt_tokens, completion_tokens=3)


async def test_ollama_omits_unset_options(ollama_fake: Harness) -> None:
    fake = ollama_fake
    await collect(fake.provider.stream_chat(fake.request()))
    [sent] = fake.script.chat_requests
    assert not sent.body.get("options")


async def test_anthropic_sends_options_on_the_wire(anthropic_fake: Harness) -> None:
    fake = anthropic_fake
    options = GenerationOptions(temperature=0.2, top_p=0.9, top_k=40, max_tokens=3, stop=("\n\n",), seed=7)
    chunks = await collect(fake.provider.stream_chat(fake.request(options=options)))

    [sent] = fake.script.chat_requests
    assert fake_anthropic.api_key_of(sent.headers) == API_KEY
    assert sent.body["stream"] is True
    assert sent.body["model"] == CLAUDE_MODEL
    assert sent.body["max_tokens"] == 3
    assert sent.body["system"] == "Be brief."
    assert sent.body["messages"] == [{"role": "user", "content": "Say something."}]
    assert sent.body["stop_sequences"] == ["\n\n"]
    assert (sent.body["temperature"], sent.body["top_p"], sent.body["top_k"]) == (0.2, 0.9, 40)
    assert "seed" not in sent.body  # the API has none
    assert chunks[-1].stop_reason == "max_tokens"
    assert chunks[-1].usage == Usage(prompt_tokens=fake.script.prompt_tokens, completion_tokens=3)


async def test_anthropic_defaults(anthropic_fake: Harness) -> None:
    fake = anthropic_fake
    request = ChatRequest(model=CLAUDE_MODEL, messages=(ChatMessage("user", "hi"),))
    await collect(fake.provider.stream_chat(request))
    [sent] = fake.script.chat_requests
    assert sent.body["max_tokens"] == 1024
    assert not {"system", "stop_sequences", "temperature", "top_p", "top_k"} & sent.body.keys()


# --- retries and errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503, 529])
async def test_transient_statuses_are_retried_then_succeed(fake: Harness, status: int) -> None:
    fake.script.failures = [Failure(status, retry_after=3), Failure(status, retry_after=1)]
    sleep = RecordingSleep()
    retried: list[tuple[int, ProviderError]] = []

    async def on_retry(attempt: int, error: ProviderError, delay: float) -> None:
        retried.append((attempt, error))

    stream = stream_with_retries(
        lambda: fake.provider.stream_chat(fake.request()),
        max_retries=3,
        base_delay=0.5,
        max_delay=30.0,
        sleep=sleep,
        on_retry=on_retry,
    )
    chunks = await collect(stream)

    assert [c.text for c in chunks if c.text] == TOKENS
    assert len(fake.script.chat_requests) == 3
    assert [attempt for attempt, _ in retried] == [1, 2]
    assert all(isinstance(error, TransientProviderError) and error.status == status for _, error in retried)
    if fake.kind == "anthropic":
        # Retry-After honoured: what the server asked for, plus at most 10% jitter.
        assert 3.0 <= sleep.delays[0] <= 3.3
        assert 1.0 <= sleep.delays[1] <= 1.1
    else:
        # ollama.ResponseError keeps no headers, so the Retry-After is invisible: plain backoff.
        assert all(error.retry_after is None for _, error in retried)
        assert 0.0 <= sleep.delays[0] <= 0.5 and 0.0 <= sleep.delays[1] <= 1.0


async def test_unauthorized_is_permanent_and_not_retried(fake: Harness) -> None:
    if fake.kind == "anthropic":
        await fake.provider.aclose()
        fake.provider = make_provider("anthropic", fake.base_url, api_key="sk-wrong")
    else:
        fake.script.failures = [Failure(401, message="unauthorized")]
    sleep = RecordingSleep()

    with pytest.raises(PermanentProviderError) as caught:
        await collect(retrying(lambda: fake.provider.stream_chat(fake.request()), sleep))

    assert caught.value.status == 401
    expected = "check the API key" if fake.kind == "anthropic" else "not authorized"
    assert expected in caught.value.message
    assert len(fake.script.chat_requests) == 1
    assert sleep.delays == []


async def test_unknown_model_is_permanent(fake: Harness) -> None:
    sleep = RecordingSleep()
    with pytest.raises(PermanentProviderError) as caught:
        await collect(retrying(lambda: fake.provider.stream_chat(fake.request(model="no-such-model")), sleep))

    assert caught.value.status == 404
    assert "model 'no-such-model' not found" in caught.value.message
    if fake.kind == "ollama":
        assert "pull it first" in caught.value.message
    assert len(fake.script.chat_requests) == 1
    assert sleep.delays == []


@pytest.mark.parametrize("mode", ["abort", "eof", "error"])
async def test_a_stream_breaking_midway_fails_without_retry(fake: Harness, mode: str) -> None:
    fake.script.break_after = 2
    fake.script.break_mode = mode  # type: ignore[assignment]
    sleep = RecordingSleep()
    received: list[str] = []

    with pytest.raises(ProviderError) as caught:
        async for chunk in retrying(lambda: fake.provider.stream_chat(fake.request()), sleep):
            received.append(chunk.text)

    assert received == TOKENS[:2]
    assert caught.value.transient  # worth retrying in principle, but a token already went out
    assert len(fake.script.chat_requests) == 1
    assert sleep.delays == []
    assert fake.script.broken_streams == 1


async def test_closing_the_stream_disconnects_the_server(fake: Harness) -> None:
    fake.script.tokens = [f" t{i}" for i in range(300)]
    fake.script.tokens_per_second = 100  # paced, so the server is mid-stream when we leave
    stream = retrying(lambda: fake.provider.stream_chat(fake.request()), RecordingSleep())

    received = [await anext(stream) for _ in range(3)]
    await stream.aclose()

    assert [c.text for c in received] == [" t0", " t1", " t2"]
    assert await fake.script.wait_for_disconnect(within=3.0), "the fake never saw the client go away"
    assert fake.script.disconnects == 1
    assert fake.script.completed_streams == 0
    assert fake.script.tokens_sent < 300


@pytest.mark.parametrize("kind", ["ollama", "anthropic"])
async def test_connection_refused_is_transient_and_retried(kind: str) -> None:
    provider = make_provider(kind, f"http://127.0.0.1:{unused_port()}")
    model = OLLAMA_MODEL if kind == "ollama" else CLAUDE_MODEL
    request = ChatRequest(model=model, messages=(ChatMessage("user", "hi"),))
    sleep = RecordingSleep()
    try:
        with pytest.raises(TransientProviderError) as caught:
            await collect(retrying(lambda: provider.stream_chat(request), sleep, max_retries=2))
        health = await provider.health()
    finally:
        await provider.aclose()

    assert "connect" in caught.value.message
    assert len(sleep.delays) == 2
    assert not health.ok and "connect" in health.detail


async def test_anthropic_without_a_key() -> None:
    provider = AnthropicProvider(None, base_url=f"http://127.0.0.1:{unused_port()}")
    request = ChatRequest(model=CLAUDE_MODEL, messages=(ChatMessage("user", "hi"),))
    with pytest.raises(PermanentProviderError, match="no API key configured"):
        await collect(provider.stream_chat(request))
    health = await provider.health()
    assert not health.ok and "ANTHROPIC_API_KEY" in health.detail
    await provider.aclose()


# --- models and health -------------------------------------------------------------------------------


async def test_list_models_and_health(fake: Harness) -> None:
    if fake.kind == "ollama":
        assert fake.provider.context_length(OLLAMA_MODEL) == 4096  # unknown until shown
    models = await fake.provider.list_models()
    health = await fake.provider.health()

    [model] = models
    assert model.name == f"{fake.kind}:{fake.model}"
    assert model.provider == fake.kind
    if fake.kind == "ollama":
        assert (model.family, model.parameter_size, model.quantization) == ("qwen2", "3.1B", "Q4_K_M")
        assert model.size_bytes == 1_929_912_432
        assert model.context_length == fake.provider.context_length(OLLAMA_MODEL) == fake_ollama.CONTEXT_LENGTH
    else:
        assert model.context_length == fake.provider.context_length(CLAUDE_MODEL) == 200_000
    assert health.ok and health.detail == "1 models"
    assert await fake.provider.count_tokens(fake.model, "x" * 40) == 10
    assert await fake.provider.count_tokens(fake.model, "") == 1


# --- the retry helper on its own -------------------------------------------------------------------


@dataclass
class FlakyOpener:
    """Each call opens the next planned stream: ("fail", error) before any chunk, or ("chunks", n, error|None)."""

    plans: list[tuple[int, ProviderError | None]]
    opened: int = 0
    closed: int = 0

    def __call__(self) -> AsyncIterator[StreamChunk]:
        chunks, error = self.plans[self.opened]
        self.opened += 1
        return self._stream(chunks, error)

    async def _stream(self, chunks: int, error: ProviderError | None) -> AsyncIterator[StreamChunk]:
        try:
            for i in range(chunks):
                yield StreamChunk(text=f"c{i}")
            if error is not None:
                raise error
            yield StreamChunk(done=True, usage=Usage(1, chunks))
        finally:
            self.closed += 1


def transient(message: str = "busy", retry_after: float | None = None) -> TransientProviderError:
    return TransientProviderError(message, status=503, retry_after=retry_after)


async def test_retry_reopens_until_a_stream_starts() -> None:
    opener = FlakyOpener([(0, transient("one")), (0, transient("two", retry_after=2)), (2, None)])
    sleep = RecordingSleep()
    calls: list[tuple[int, str, float]] = []

    async def on_retry(attempt: int, error: ProviderError, delay: float) -> None:
        calls.append((attempt, error.message, delay))

    stream = stream_with_retries(opener, max_retries=3, base_delay=1.0, max_delay=10.0, sleep=sleep, on_retry=on_retry)
    chunks = await collect(stream)

    assert [c.text for c in chunks] == ["c0", "c1", ""] and chunks[-1].done
    assert (opener.opened, opener.closed) == (3, 3)
    assert [(a, m) for a, m, _ in calls] == [(1, "one"), (2, "two")]
    assert [d for _, _, d in calls] == sleep.delays
    assert 0.0 <= sleep.delays[0] <= 1.0 and 2.0 <= sleep.delays[1] <= 2.2


async def test_retry_never_after_the_first_chunk() -> None:
    opener = FlakyOpener([(1, transient("mid-stream")), (3, None)])
    sleep = RecordingSleep()
    received: list[str] = []
    with pytest.raises(TransientProviderError, match="mid-stream"):
        async for chunk in stream_with_retries(opener, max_retries=3, base_delay=1, max_delay=10, sleep=sleep):
            received.append(chunk.text)
    assert received == ["c0"]
    assert (opener.opened, opener.closed) == (1, 1)
    assert sleep.delays == []


async def test_retry_gives_up_on_permanent_errors_at_once() -> None:
    opener = FlakyOpener([(0, PermanentProviderError("bad key", status=401)), (1, None)])
    sleep = RecordingSleep()
    with pytest.raises(PermanentProviderError, match="bad key"):
        await collect(stream_with_retries(opener, max_retries=3, base_delay=1, max_delay=10, sleep=sleep))
    assert opener.opened == 1 and sleep.delays == []


async def test_retry_reraises_the_last_error_when_exhausted() -> None:
    opener = FlakyOpener([(0, transient(f"attempt {i}")) for i in range(4)])
    sleep = RecordingSleep()
    with pytest.raises(TransientProviderError, match="attempt 2"):
        await collect(stream_with_retries(opener, max_retries=2, base_delay=1, max_delay=10, sleep=sleep))
    assert (opener.opened, opener.closed) == (3, 3)
    assert len(sleep.delays) == 2


async def test_retry_retries_a_stream_that_fails_to_open() -> None:
    attempts: list[int] = []

    def open_stream() -> AsyncIterator[StreamChunk]:
        attempts.append(1)
        if len(attempts) == 1:
            raise transient("refused")
        return FlakyOpener([(1, None)])()

    chunks = await collect(
        stream_with_retries(open_stream, max_retries=1, base_delay=1, max_delay=10, sleep=RecordingSleep())
    )
    assert len(attempts) == 2 and chunks[0].text == "c0"


async def test_closing_the_retrying_stream_closes_the_underlying_one() -> None:
    opener = FlakyOpener([(10, None)])
    stream = stream_with_retries(opener, max_retries=3, base_delay=1, max_delay=10, sleep=RecordingSleep())
    assert (await anext(stream)).text == "c0"
    assert opener.closed == 0
    await stream.aclose()
    assert opener.closed == 1


def test_backoff_is_exponential_capped_and_jittered(monkeypatch: pytest.MonkeyPatch) -> None:
    # Take the top of each jitter range to see the envelope exactly.
    monkeypatch.setattr(retry.random, "uniform", lambda low, high: high)
    envelope = [retry_delay(a, transient(), base_delay=0.5, max_delay=5.0) for a in range(6)]
    assert envelope == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
    assert retry_delay(0, transient(retry_after=3), base_delay=0.5, max_delay=5.0) == pytest.approx(3.3)
    assert retry_delay(0, transient(retry_after=60), base_delay=0.5, max_delay=5.0) == pytest.approx(5.5)

    monkeypatch.setattr(retry.random, "uniform", lambda low, high: low)
    assert retry_delay(4, transient(), base_delay=0.5, max_delay=5.0) == 0.0
    assert retry_delay(4, transient(retry_after=3), base_delay=0.5, max_delay=5.0) == 3.0


def test_parse_retry_after() -> None:
    assert retry.parse_retry_after({"retry-after": "7"}) == 7.0
    assert retry.parse_retry_after({"retry-after-ms": "1500", "retry-after": "7"}) == 1.5
    assert retry.parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0  # in the past
    assert retry.parse_retry_after({"retry-after": "soon"}) is None
    assert retry.parse_retry_after({}) is None
