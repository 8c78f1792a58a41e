"""Content over HTTP: addText, multipart uploads of every format, CSRF and limits, dedupe, delete, isolation."""

from __future__ import annotations

import io
import json
import wave
from pathlib import Path
from typing import Any

import docx
from fpdf import FPDF
from PIL import Image

from tests.conftest import GQL, register, running

UPLOAD = """mutation($file: Upload!, $input: UploadContentInput) { uploadContent(file: $file, input: $input) {
  __typename
  ... on ContentAdded { created ingestRunId content { id title mediaType mime status sizeBytes sha256 metadata } }
  ... on ValidationError { message field } } }"""
ADD_TEXT = """mutation($input: AddTextInput!) { addText(input: $input) {
  __typename ... on ContentAdded { created ingestRunId content { id title mediaType mime status } }
  ... on ValidationError { message field } } }"""
PREFLIGHT = {"apollo-require-preflight": "true"}


async def upload(
    gql: GQL,
    name: str,
    data: bytes,
    mime: str = "application/octet-stream",
    headers: dict[str, str] | None = None,
    **input_: Any,
) -> Any:
    operations = json.dumps({"query": UPLOAD, "variables": {"file": None, "input": input_ or None}})
    response = await gql.client.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, data, mime)},
        headers=PREFLIGHT if headers is None else headers,
    )
    return response


def pdf_bytes(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png_bytes(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


def wav_bytes(seconds: float) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * int(8000 * seconds))
    return out.getvalue()


async def test_upload_every_supported_format(gql: GQL) -> None:
    cases = [
        ("notes.txt", b"Plain text about llamas.", "text/plain", "TEXT"),
        ("readme.md", b"# Title\n\nMarkdown about alpacas.", "text/markdown", "TEXT"),
        (
            "page.html",
            b"<html><head><title>T</title><script>x()</script></head><body><p>Vicuna facts</p></body></html>",
            "text/html",
            "TEXT",
        ),
        ("data.csv", b"name,animal\nana,guanaco\n", "text/csv", "TEXT"),
        ("data.json", b'{"animal": {"name": "camel"}}', "application/json", "TEXT"),
        ("paper.pdf", pdf_bytes("A PDF about dromedaries."), "application/pdf", "DOCUMENT"),
        ("memo.docx", docx_bytes("A Word memo about bactrians."), "application/octet-stream", "DOCUMENT"),
        ("photo.png", png_bytes(32, 16), "image/png", "IMAGE"),
        ("sound.wav", wav_bytes(0.5), "audio/wav", "AUDIO"),
    ]
    for name, data, mime, media in cases:
        body = (await upload(gql, name, data, mime)).json()
        result = body["data"]["uploadContent"]
        assert result["__typename"] == "ContentAdded", (name, body)
        content = result["content"]
        assert content["mediaType"] == media, (name, content)
        assert content["sizeBytes"] == len(data)
        if media in ("TEXT", "DOCUMENT", "IMAGE"):  # images are read by OCR in their INGEST run
            assert result["ingestRunId"] and content["status"] in ("PENDING", "PROCESSING", "READY"), content
        else:
            assert result["ingestRunId"] is None and content["status"] == "READY"  # stored, not text-indexed
    image = next(
        n
        for n in (await gql("{ contents(filter: {mediaTypes: [IMAGE]}) { nodes { metadata } } }"))["contents"]["nodes"]
    )
    assert image["metadata"]["width"] == 32 and image["metadata"]["height"] == 16
    audio = (await gql("{ contents(filter: {mediaTypes: [AUDIO]}) { nodes { metadata } } }"))["contents"]["nodes"][0]
    assert abs(audio["metadata"]["duration_seconds"] - 0.5) < 0.05


async def test_csrf_header_is_required_for_multipart(gql: GQL) -> None:
    response = await upload(gql, "a.txt", b"hello", headers={})
    assert response.status_code == 400 and "apollo-require-preflight" in response.text
    for header in ({"x-apollo-operation-name": "Upload"}, PREFLIGHT):
        ok = await upload(gql, f"{header}.txt", f"hello {header}".encode(), headers=header)
        assert ok.json()["data"]["uploadContent"]["__typename"] == "ContentAdded"
    form = await gql.client.post(
        "/graphql", data={"query": "{ ok }"}, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert form.status_code == 415


async def test_limits_reject_and_leave_nothing_behind(make_settings: Any, tmp_path: Path) -> None:
    settings = make_settings(limits={"max_upload_bytes": 2_000, "max_upload_files": 2, "max_request_bytes": 20_000})
    async with running(settings) as (_, gql):
        big = await upload(gql, "big.txt", b"x" * 5_000)
        assert big.status_code == 413 and "limit" in big.text
        files = {str(i): (f"f{i}.txt", f"file {i}".encode(), "text/plain") for i in range(3)}
        many = await gql.client.post(
            "/graphql",
            data={
                "operations": json.dumps({"query": UPLOAD, "variables": {"file": None}}),
                "map": json.dumps({k: ["variables.file"] for k in files}),
            },
            files=files,
            headers=PREFLIGHT,
        )
        assert many.status_code == 413 and "at most 2 files" in many.text
        huge = await upload(gql, "huge.txt", b"y" * 30_000)
        assert huge.status_code == 413
        bad = (await upload(gql, "broken.pdf", b"%PDF-1.7 this is not really a pdf", "application/pdf")).json()
        assert (
            bad["data"]["uploadContent"]["__typename"] == "ValidationError"
            and "pdf" in bad["data"]["uploadContent"]["message"].lower()
        )
        assert (await gql("{ contents { totalCount } }"))["contents"]["totalCount"] == 0
        stored = (
            [p for p in (Path(settings.data_dir) / "files").rglob("*") if p.is_file()]
            if (Path(settings.data_dir) / "files").exists()
            else []
        )
        assert stored == []


async def test_add_text_dedupes_and_validates(gql: GQL) -> None:
    first = (await gql(ADD_TEXT, {"input": {"title": "Note", "text": "same words", "metadata": {"topic": "x"}}}))[
        "addText"
    ]
    again = (await gql(ADD_TEXT, {"input": {"title": "Other title", "text": "same words"}}))["addText"]
    assert first["created"] is True and again["created"] is False
    assert again["content"]["id"] == first["content"]["id"]
    for input_, field in (
        ({"title": "t", "text": "  "}, "text"),
        ({"title": "", "text": "x"}, "title"),
        ({"title": "t", "text": "x", "metadata": [1]}, "metadata"),
    ):
        result = (await gql(ADD_TEXT, {"input": input_}))["addText"]
        assert result["__typename"] == "ValidationError" and result["field"] == field, result
    by_meta = await gql('{ contents(filter: {metadata: {topic: "x"}}) { totalCount } }')
    assert by_meta["contents"]["totalCount"] == 1


async def test_delete_removes_the_file_only_when_unreferenced(make_settings: Any) -> None:
    settings = make_settings(auth_mode="multi", secret_key="k" * 40)
    async with running(settings) as (_, anonymous):
        alice = await register(anonymous, "alice")
        bob = await register(anonymous, "bob")
        a = (await alice(ADD_TEXT, {"input": {"title": "A", "text": "shared bytes"}}))["addText"]["content"]
        b = (await bob(ADD_TEXT, {"input": {"title": "B", "text": "shared bytes"}}))["addText"]["content"]
        assert a["id"] != b["id"]  # dedupe is per owner
        files_dir = Path(settings.data_dir) / "files"
        assert len([p for p in files_dir.rglob("*") if p.is_file()]) == 1  # one copy on disk
        # Bob cannot see, change or delete Alice's content.
        assert (await bob("{ contents { totalCount } }"))["contents"]["totalCount"] == 1
        gone = await bob("mutation($id: ID!) { deleteContent(id: $id) { __typename } }", {"id": a["id"]})
        assert gone["deleteContent"]["__typename"] == "NotFoundError"
        await alice("mutation($id: ID!) { deleteContent(id: $id) { __typename } }", {"id": a["id"]})
        assert len([p for p in files_dir.rglob("*") if p.is_file()]) == 1  # Bob still uses it
        await bob("mutation($id: ID!) { deleteContent(id: $id) { __typename } }", {"id": b["id"]})
        assert [p for p in files_dir.rglob("*") if p.is_file()] == []
