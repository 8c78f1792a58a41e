"""Image search end to end: upload a picture of a printed sentence, wait for READY, find it by a phrase with
`mediaTypes: [IMAGE]`; captions from a vision model (the loopback Ollama fake) indexed beside the OCR text, and a
caption that fails without failing the ingest."""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from services.knowledge.extract import ocr
from tests.conftest import GQL, running
from tests.fakes import ollama as fake_ollama
from tests.fakes.script import Script
from tests.printed import page, png
from tests.resolvers.test_content import upload
from tests.resolvers.test_knowledge import wait_ready as wait_done

pytestmark = [
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),  # the index, not the database, is under test
    pytest.mark.skipif(not ocr.available(), reason="tesseract is not installed (.ci/run installs it)"),
]

SENTENCE = "The lighthouse keeper painted the spiral staircase bright orange last spring."
SEARCH = """query($input: SearchInput!) {
  search(input: $input) { score text content { id title mediaType metadata } } }"""
STATUS = "query($id: ID!) { content(id: $id) { status error chunkCount metadata } }"
EVENTS = """query($id: ID!) { runEventLog(runId: $id) { __typename ... on RunProgress { done total message } } }"""
CAPTION = ["A photo", " of a printed", " notice about", " a zebra crossing."]


async def uploaded(gql: GQL, name: str, data: bytes) -> dict[str, Any]:
    result = (await upload(gql, name, data, "image/png")).json()["data"]["uploadContent"]
    assert result["__typename"] == "ContentAdded" and result["ingestRunId"], result
    return result


async def wait_ready(gql: GQL, content_id: str) -> dict[str, Any]:
    """The content once its INGEST run has ended, with its metadata."""
    await wait_done(gql, content_id)
    return dict((await gql(STATUS, {"id": content_id}))["content"])


async def search(gql: GQL, query: str, **extra: Any) -> list[dict[str, Any]]:
    return list((await gql(SEARCH, {"input": {"query": query, "limit": 3, **extra}}))["search"])


async def progress_messages(gql: GQL, run_id: str) -> list[str]:
    events = (await gql(EVENTS, {"id": run_id}))["runEventLog"]
    return [e["message"] for e in events if e["__typename"] == "RunProgress" and e["message"]]


async def test_a_photo_of_a_printed_page_is_found_by_a_phrase(make_settings: Any) -> None:
    async with running(make_settings()) as (_, gql):
        photo = await uploaded(gql, "notice.png", png(page(SENTENCE, 26)))
        blank = await uploaded(gql, "blank.png", png(Image.new("RGB", (400, 300), "navy")))
        stairs = await gql("mutation($input: AddTextInput!) { addText(input: $input) { ... on ContentAdded { content { id } } } }",
                           {"input": {"title": "Stairs", "text": "A note about a spiral staircase in a lighthouse."}})  # fmt: skip
        # Every ingest must be over before the searches: the text note's, too (searching while it was still
        # being indexed found only the photo, once in a CI run).
        assert (await wait_ready(gql, stairs["addText"]["content"]["id"]))["status"] == "READY"
        status = await wait_ready(gql, photo["content"]["id"])
        assert status["status"] == "READY" and status["chunkCount"] >= 1, status
        empty = await wait_ready(gql, blank["content"]["id"])
        assert (empty["status"], empty["chunkCount"], empty["error"]) == ("READY", 0, None)  # no text: no chunks

        hits = await search(gql, "painted the spiral staircase orange", mediaTypes=["IMAGE"])
        assert [h["content"]["id"] for h in hits] == [photo["content"]["id"]]
        assert hits[0]["content"]["mediaType"] == "IMAGE" and "lighthouse keeper" in hits[0]["text"]
        assert hits[0]["content"]["metadata"]["width"] > 0
        every = await search(gql, "spiral staircase lighthouse")
        assert {h["content"]["title"] for h in every} == {"notice.png", "Stairs"}


@pytest.fixture
def vision_script() -> Script:
    return Script(tokens=CAPTION, models=["llava", "text-only"], vision_models=["llava"])


@pytest.fixture
def vision_host(vision_script: Script) -> Iterator[str]:
    with fake_ollama.running(vision_script) as host:
        yield host


def captioning(make_settings: Any, host: str, model: str) -> Any:
    return make_settings(providers={"ollama_host": host, "max_retries": 0}, models={"caption": model})


async def test_a_caption_from_a_vision_model_is_indexed(
    make_settings: Any, vision_host: str, vision_script: Script
) -> None:
    image = png(page(SENTENCE, 26))
    async with running(captioning(make_settings, vision_host, "ollama:llava")) as (_, gql):
        added = await uploaded(gql, "notice.png", image)
        status = await wait_ready(gql, added["content"]["id"])
        assert status["status"] == "READY", status
        meta = status["metadata"]
        assert meta["caption"] == "A photo of a printed notice about a zebra crossing."
        assert meta["caption_model"] == "ollama:llava" and "caption_error" not in meta
        assert "captioned" in await progress_messages(gql, added["ingestRunId"])
        # The request carried the image: the exact bytes, base64, in Ollama's `images`.
        (request,) = vision_script.chat_requests
        assert request.body["model"] == "llava"
        assert request.body["messages"][-1]["images"] == [base64.b64encode(image).decode()]
        # Found by the caption (words the picture does not contain) and by its printed text.
        by_caption = await search(gql, "zebra crossing", mediaTypes=["IMAGE"])
        assert by_caption and by_caption[0]["content"]["id"] == added["content"]["id"]
        assert by_caption[0]["text"].startswith("A photo of a printed notice")
        by_text = await search(gql, "lighthouse keeper painted", mediaTypes=["IMAGE"])
        assert by_text and by_text[0]["content"]["id"] == added["content"]["id"]


async def test_a_failed_caption_does_not_fail_the_ingest(
    make_settings: Any, vision_host: str, vision_script: Script
) -> None:
    async with running(captioning(make_settings, vision_host, "ollama:text-only")) as (_, gql):
        added = await uploaded(gql, "notice.png", png(page(SENTENCE, 26)))
        status = await wait_ready(gql, added["content"]["id"])
        assert status["status"] == "READY" and status["error"] is None and status["chunkCount"] >= 1, status
        meta = status["metadata"]
        assert "does not support images" in meta["caption_error"] and "caption" not in meta
        messages = await progress_messages(gql, added["ingestRunId"])
        assert any(m.startswith("caption failed: ") and "does not support images" in m for m in messages), messages
        assert len(vision_script.chat_requests) == 1  # a permanent error: asked once
        hits = await search(gql, "lighthouse keeper painted", mediaTypes=["IMAGE"])
        assert hits and hits[0]["content"]["id"] == added["content"]["id"]


async def test_the_caption_model_is_set_and_cleared_by_update_config(make_settings: Any) -> None:
    update = """mutation($input: ConfigInput!) { updateConfig(input: $input) {
      __typename ... on Config { models { caption } } ... on ConfigError { problems { path message } } } }"""
    async with running(make_settings()) as (_, gql):
        assert (await gql("{ config { models { caption } } }"))["config"]["models"]["caption"] is None
        set_ = (await gql(update, {"input": {"models": {"caption": "ollama:llava"}}}))["updateConfig"]
        assert set_ == {"__typename": "Config", "models": {"caption": "ollama:llava"}}
        bad = (await gql(update, {"input": {"models": {"caption": "llava"}}}))["updateConfig"]
        assert bad["__typename"] == "ConfigError" and bad["problems"][0]["path"].startswith("models.caption")
        cleared = (await gql(update, {"input": {"models": {"caption": ""}}}))["updateConfig"]
        assert cleared["models"]["caption"] is None


async def wait_run(gql: GQL, run_id: str) -> str:
    for _ in range(1200):
        status = str(
            (await gql("query($id: ID!) { node(id: $id) { ... on Run { status } } }", {"id": run_id}))["node"]["status"]
        )
        if status in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return status
        await asyncio.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish")


async def test_without_tesseract_an_image_is_stored_and_a_reindex_reads_it_later(
    make_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = os.environ["PATH"]
    async with running(make_settings()) as (_, gql):
        monkeypatch.setenv("PATH", "/nonexistent")
        ocr.available.cache_clear()
        try:
            added = await uploaded(gql, "notice.png", png(page(SENTENCE, 26)))
            stored = await wait_ready(gql, added["content"]["id"])
        finally:
            monkeypatch.setenv("PATH", path)
            ocr.available.cache_clear()
        assert (stored["status"], stored["chunkCount"]) == ("READY", 0)
        assert "tesseract-ocr" in stored["metadata"]["ocr_error"]
        assert not await search(gql, "lighthouse keeper painted", mediaTypes=["IMAGE"])
        run = (await gql("mutation { reindex(force: true) { __typename ... on Run { id } } }"))["reindex"]
        assert await wait_run(gql, run["id"]) == "SUCCEEDED"
        read = (await gql(STATUS, {"id": added["content"]["id"]}))["content"]
        assert read["chunkCount"] >= 1 and "ocr_error" not in read["metadata"], read
        hits = await search(gql, "lighthouse keeper painted", mediaTypes=["IMAGE"])
        assert hits and hits[0]["content"]["id"] == added["content"]["id"]
