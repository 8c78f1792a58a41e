"""Attachments on the wire: each provider's own format for images and documents, and model capabilities."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator

import httpx
import pytest
from PIL import Image

from services.providers.base import Attachment, ChatMessage, ChatRequest, PermanentProviderError
from services.providers.local_prompt import build_prompt
from tests.services.providers.test_http import (
    API_KEY,
    CLAUDE_MODEL,
    OLLAMA_MODEL,
    TOKENS,
    Harness,
    collect,
    running_fake,
)


def png(colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), colour).save(out, "PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # the bytes travel as they are; nothing parses them


def asking(model: str, *attachments: Attachment) -> ChatRequest:
    return ChatRequest(model, (ChatMessage("user", "What is this?", attachments=attachments),))


@pytest.fixture
async def ollama_vision() -> AsyncIterator[Harness]:
    async with running_fake("ollama") as harness:
        harness.script.vision_models = [OLLAMA_MODEL]
        yield harness


async def test_ollama_sends_images_as_base64_of_the_exact_bytes(ollama_vision: Harness) -> None:
    image, notes = png(), Attachment("text/plain", b"ignored", name="notes.txt", text="Buy milk.")
    chunks = await collect(
        ollama_vision.provider.stream_chat(asking(OLLAMA_MODEL, Attachment("image/png", image), notes))
    )

    assert "".join(c.text for c in chunks) == "".join(TOKENS)
    [message] = ollama_vision.script.chat_requests[-1].body["messages"]
    assert message["images"] == [base64.b64encode(image).decode()]
    # A document goes in as its extracted text, after the message's own.
    assert message["content"] == "What is this?\n\n[Attached document: notes.txt]\nBuy milk."


async def test_ollama_lists_vision_from_api_show(ollama_vision: Harness) -> None:
    [model] = await ollama_vision.provider.list_models()
    assert model.capabilities == ("completion", "vision") and model.vision
    ollama_vision.script.vision_models = []
    [model] = await ollama_vision.provider.list_models()
    assert model.capabilities == ("completion",) and not model.vision


async def test_ollama_refuses_an_image_for_a_model_that_cannot_see(ollama_fake: Harness) -> None:
    with pytest.raises(PermanentProviderError, match="does not support images"):
        await collect(ollama_fake.provider.stream_chat(asking(OLLAMA_MODEL, Attachment("image/png", png()))))


async def test_anthropic_sends_image_and_pdf_blocks_before_the_text(anthropic_fake: Harness) -> None:
    image = png("blue")
    request = asking(
        CLAUDE_MODEL,
        Attachment("image/png", image, name="photo.png"),
        Attachment("application/pdf", PDF, name="report.pdf", text="the PDF's text, unused here"),
        Attachment("text/markdown", b"# x", name="notes.md", text="# Notes"),
    )
    chunks = await collect(anthropic_fake.provider.stream_chat(request))

    assert "".join(c.text for c in chunks) == "".join(TOKENS)
    [message] = anthropic_fake.script.chat_requests[-1].body["messages"]
    assert message["content"] == [
        {
            "type": "image",
            "source": {"type": "base64", "media_type": "image/png", "data": base64.b64encode(image).decode()},
        },
        {
            "type": "document",
            "source": {"type": "base64", "media_type": "application/pdf", "data": base64.b64encode(PDF).decode()},
            "title": "report.pdf",
        },
        {"type": "text", "text": "[Attached document: notes.md]\n# Notes"},
        {"type": "text", "text": "What is this?"},
    ]
    [model] = await anthropic_fake.provider.list_models()
    assert model.vision and "documents" in model.capabilities


async def test_the_anthropic_fake_checks_media_types(anthropic_fake: Harness) -> None:
    # The fake refuses what the API refuses, so the format test above could fail.
    block = {"type": "image", "source": {"type": "base64", "media_type": "image/bmp", "data": "Qk0="}}
    body = {"model": CLAUDE_MODEL, "max_tokens": 5, "messages": [{"role": "user", "content": [block]}]}
    async with httpx.AsyncClient(base_url=anthropic_fake.base_url) as client:
        answer = await client.post("/v1/messages", json=body, headers={"x-api-key": API_KEY})
    assert answer.status_code == 400
    assert "messages.0.content.0.image.source.base64.media_type" in answer.json()["error"]["message"]


def test_the_local_transcript_carries_documents_as_text_and_no_image() -> None:
    message = ChatMessage(
        "user",
        "Summarise.",
        attachments=(Attachment("image/png", png()), Attachment("text/plain", b"", name="a.txt", text="Alpha beta.")),
    )
    prompt = build_prompt([message])
    assert "User: Summarise.\n\n[Attached document: a.txt]\nAlpha beta." in prompt
    assert "PNG" not in prompt
