"""The CAPTION step of an image's INGEST run: a vision model (`models.caption`) describes the image in a sentence
or two, and the caption is indexed with the image's OCR text, so a photo is found by what it shows as well as by
the words in it.

The image goes to the model as an `Attachment` through the providers registry (each provider sends it in its own
wire format). Captioning is an extra: any failure (no such model, a model without vision, the provider down, a
timeout) is returned as `Caption.error`, never raised, and the ingest goes on with the OCR text alone."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from services.knowledge.extract import Bounds, ExtractionFailed
from services.knowledge.extract.media import vision_image
from services.providers import Providers
from services.providers.base import Attachment, ChatMessage, ChatRequest, GenerationOptions, ProviderError
from services.runs.cancellable import until_cancelled

PROMPT = (
    "Write a caption for this image for a search index: one or two plain sentences saying what it shows. "
    "If it is a page or a sign, say what kind of document it is and give its title or heading."
)
MAX_TOKENS = 120
MAX_CHARS = 1_000  # a caption is a sentence or two; a model that rambles is cut here
CAPTION_KEYS = ("caption", "caption_model", "caption_error")  # what the step records in the content's metadata


@dataclass(frozen=True)
class Caption:
    model: str
    text: str | None  # None when it failed or the model said nothing
    error: str | None = None

    def metadata(self) -> dict[str, Any]:
        """The content metadata the step records: the caption and its model, or why there is none."""
        if self.error is not None:
            return {"caption_model": self.model, "caption_error": self.error}
        return {"caption_model": self.model, "caption": self.text} if self.text else {"caption_model": self.model}


class Cancelled(Exception):
    """The run was cancelled while the model was captioning."""


async def caption_image(
    providers: Providers,
    model: str,
    data: bytes,
    mime: str,
    *,
    label: str,
    bounds: Bounds,
    seconds: float,
    cancelled: asyncio.Event,
) -> Caption:
    """Ask `model` ('provider:model') for a caption of the image `data`. Never raises but Cancelled."""
    try:
        media_type, image = await asyncio.to_thread(vision_image, data, mime, label, bounds)
    except ExtractionFailed as exc:
        return Caption(model, None, exc.message)
    request_message = ChatMessage("user", PROMPT, attachments=(Attachment(media_type, image, name=label),))
    parts: list[str] = []

    async def read() -> None:
        provider, name = providers.resolve(model)
        request = ChatRequest(name, (request_message,), GenerationOptions(temperature=0.0, max_tokens=MAX_TOKENS))
        stream = provider.stream_chat(request)
        try:
            async for chunk in stream:
                parts.append(chunk.text)
                if sum(map(len, parts)) >= MAX_CHARS:
                    break
        finally:
            if (aclose := getattr(stream, "aclose", None)) is not None:
                await aclose()  # releases the HTTP response now, and stops the model

    try:
        async with asyncio.timeout(seconds):
            finished = await until_cancelled(read(), cancelled)
    except TimeoutError:
        return Caption(model, None, f"the caption model did not answer within {seconds:g} s")
    except ProviderError as exc:
        return Caption(model, None, exc.message)
    except Exception as exc:  # a caption is an extra: whatever went wrong, the ingest goes on without it
        return Caption(model, None, f"{type(exc).__name__}: {exc}".rstrip(": "))
    if not finished:
        raise Cancelled
    text = " ".join("".join(parts).split())[:MAX_CHARS]
    return Caption(model, text or None)
