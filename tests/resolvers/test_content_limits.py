"""Extraction bounds end to end through uploadContent: what can be told without extracting (a docx's declared
unpacked size, an image's pixels, a PDF's pages) is refused at upload with CONTENT_TOO_LARGE and nothing stored;
what is found while extracting (text, chunks) ends the content FAILED with the coded error, no chunk or vector
kept, and other content untouched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.bombs import multi_page_pdf, pixel_bomb_png, text_bomb_docx, zip_bomb_docx
from tests.conftest import running
from tests.resolvers.test_content import ADD_TEXT, PREFLIGHT, UPLOAD
from tests.resolvers.test_knowledge import vector_count, wait_ready

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

CODED = UPLOAD.replace("... on ValidationError { message field }", "... on ValidationError { message field code }")
STATUS = "query($id: ID!) { content(id: $id) { status error chunkCount metadata } }"
LIMITS = {"max_extracted_chars": 100_000, "max_unpacked_bytes": 5_000_000, "max_image_pixels": 10_000,
          "max_pdf_pages": 12, "max_chunks": 200}  # fmt: skip


async def _upload(gql: Any, name: str, data: bytes) -> dict[str, Any]:
    operations = json.dumps({"query": CODED, "variables": {"file": None}})
    response = await gql.client.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, data, "application/octet-stream")},
        headers=PREFLIGHT,
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["data"]["uploadContent"]
    return result


def _stored_files(data_dir: Path) -> list[Path]:
    files = data_dir / "files"
    return [p for p in files.rglob("*") if p.is_file()] if files.exists() else []


async def test_bombs_found_at_upload_are_refused_and_nothing_is_stored(make_settings: Any) -> None:
    settings = make_settings(limits=LIMITS)
    async with running(settings) as (_, gql):
        for name, data, limit in (
            ("zip.docx", zip_bomb_docx(20_000_000), "limits.maxUnpackedBytes"),
            ("huge.png", pixel_bomb_png(100_000, 100_000), "limits.maxImagePixels"),
            ("long.pdf", multi_page_pdf(13, 100), "limits.maxPdfPages"),
            ("long.txt", b"word " * 30_000, "limits.maxExtractedChars"),
        ):
            result = await _upload(gql, name, data)
            assert (result["__typename"], result["code"], result["field"]) == (
                "ValidationError",
                "CONTENT_TOO_LARGE",
                "file",
            )
            assert f"{name} is too large" in result["message"] and f"`{limit}`" in result["message"], result
        assert (await gql("{ contents { totalCount } }"))["contents"]["totalCount"] == 0
        assert _stored_files(Path(settings.data_dir)) == []


async def test_text_bomb_ends_failed_with_the_code_and_keeps_nothing(make_settings: Any) -> None:
    async with running(make_settings(limits=LIMITS)) as (app, gql):
        kept = await gql(ADD_TEXT, {"input": {"title": "Kept", "text": "Llamas carry packs in the Andes."}})
        kept_id = kept["addText"]["content"]["id"]
        bomb = await _upload(gql, "bomb.docx", text_bomb_docx(2_000_000))
        assert bomb["__typename"] == "ContentAdded" and bomb["ingestRunId"], bomb
        status = await wait_ready(gql, bomb["content"]["id"])
        assert status["status"] == "FAILED", status
        assert status["error"].startswith(
            "CONTENT_TOO_LARGE: bomb.docx is too large: its text in characters is at least"
        )
        assert "`limits.maxExtractedChars` is 100,000" in status["error"]
        assert not status["chunkCount"] and await vector_count(app, bomb["content"]["id"]) == 0
        assert (await wait_ready(gql, kept_id))["status"] == "READY"
        assert await vector_count(app, kept_id) == 1


async def test_chunk_bound_ends_failed_before_embedding(make_settings: Any) -> None:
    settings = make_settings(limits={"max_chunks": 3}, retrieval={"chunk_size": 32, "chunk_overlap": 0})
    async with running(settings) as (app, gql):
        text = "\n\n".join(f"Paragraph {n} says something about llamas and packs." * 3 for n in range(20))
        added = (await gql(ADD_TEXT, {"input": {"title": "Long", "text": text}}))["addText"]
        status = await wait_ready(gql, added["content"]["id"])
        assert status["status"] == "FAILED" and status["error"].startswith("CONTENT_TOO_LARGE: "), status
        assert "its number of chunks is at least 4; the limit `limits.maxChunks` is 3" in status["error"]
        assert await vector_count(app, added["content"]["id"]) == 0


async def test_legitimate_multi_page_pdf_ingests_within_the_bounds(make_settings: Any) -> None:
    async with running(make_settings(limits=LIMITS)) as (app, gql):
        added = await _upload(gql, "report.pdf", multi_page_pdf(12, 1500))
        assert added["__typename"] == "ContentAdded" and added["content"]["status"] == "PENDING", added
        status = await wait_ready(gql, added["content"]["id"])
        assert status["status"] == "READY", status
        content = (await gql(STATUS, {"id": added["content"]["id"]}))["content"]
        assert status["chunkCount"] > 3 and content["metadata"]["pages"] == 12  # what extraction found, at ingest
        assert await vector_count(app, added["content"]["id"]) == status["chunkCount"]


async def test_an_empty_text_bearing_file_ends_ready_with_no_chunks(make_settings: Any) -> None:
    async with running(make_settings()) as (app, gql):
        added = await _upload(gql, "empty.txt", b"")
        assert added["__typename"] == "ContentAdded", added
        status = await wait_ready(gql, added["content"]["id"])
        assert (status["status"], status["chunkCount"], status["error"]) == ("READY", 0, None)
        assert await vector_count(app, added["content"]["id"]) == 0
