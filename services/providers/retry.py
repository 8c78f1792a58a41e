"""Retries for provider streams: backoff with jitter, Retry-After honoured, never after the first token.

A chat stream may be retried only while nothing has reached the consumer: once a token has been
yielded, a second attempt would repeat or contradict text the client already shows. So the helper
retries `TransientProviderError`s raised while opening the stream or before its first chunk, and
re-raises everything else unchanged.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping

from services import metrics, tracing
from services.providers.base import ProviderError, StreamChunk, TransientProviderError

OnRetry = Callable[[int, ProviderError, float], Awaitable[None]]


def retry_delay(attempt: int, error: ProviderError, *, base_delay: float, max_delay: float) -> float:
    """Seconds to wait before retry number `attempt + 1` (attempt counts from 0).

    With a Retry-After the server knows best: wait what it asks (capped at max_delay) plus up to 10%
    so that clients told the same instant do not return in lockstep. Without one, "full jitter"
    exponential backoff spreads competing clients over the whole window.
    """
    if error.retry_after is not None:
        asked = min(max(error.retry_after, 0.0), max_delay)
        return asked + random.uniform(0.0, asked * 0.1)
    return random.uniform(0.0, min(max_delay, base_delay * 2**attempt))


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from `retry-after-ms`, or `retry-after` as seconds or an HTTP date; None if absent or unreadable."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        return None if parsed is None else max(0.0, email.utils.mktime_tz(parsed) - time.time())


async def stream_with_retries(
    open_stream: Callable[[], AsyncIterator[StreamChunk]],
    *,
    max_retries: int,
    base_delay: float,
    max_delay: float,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    on_retry: OnRetry | None = None,
    provider: str = "",
    model: str = "",
) -> AsyncGenerator[StreamChunk, None]:
    """Yield the chunks of `open_stream()`, reopening it after transient failures before its first chunk.

    `on_retry(retry_number, error, delay)` runs before each wait (retry_number counts from 1).
    Closing this generator closes the underlying stream, so the provider stops generating.
    Each attempt is one `provider call` span when tracing is on; each retry counts in
    `switchboard_provider_retries_total` under `provider`.
    """
    attempt = 0
    while True:
        stream: AsyncIterator[StreamChunk] | None = None
        yielded = False
        span = tracing.start("provider call", provider=provider, model=model, attempt=attempt + 1)
        failure: BaseException | None = None
        try:
            stream = open_stream()
            async for chunk in stream:
                yielded = True
                yield chunk
            return
        except TransientProviderError as exc:
            failure = exc
            if yielded or attempt >= max_retries:
                raise
            error = exc
        except BaseException as exc:
            failure = exc
            raise
        finally:
            # `async for` does not close an iterator it leaves early (error, break, or our own
            # aclose/GeneratorExit): close it here so its HTTP response is released now.
            if stream is not None:
                await _aclose(stream)
            tracing.finish(span, failure if isinstance(failure, Exception) else None)
        delay = retry_delay(attempt, error, base_delay=base_delay, max_delay=max_delay)
        attempt += 1
        metrics.retried(provider)
        if on_retry is not None:
            await on_retry(attempt, error, delay)
        await sleep(delay)


async def _aclose(stream: AsyncIterator[StreamChunk]) -> None:
    aclose = getattr(stream, "aclose", None)
    if aclose is not None:
        await aclose()
