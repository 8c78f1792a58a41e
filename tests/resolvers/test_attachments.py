"""Messages that carry files: uploads and stored contents, the providers' wire formats end to end, refusal for
models that cannot see, capabilities in `models`, the MULTIMODAL default, and attachments in the agent file."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.conftest import GQL
from tests.fakes.script import Script
from tests.resolvers.test_content import ADD_TEXT, PREFLIGHT, pdf_bytes
from tests.resolvers.test_runs import agent_id, collect

VISION = "llava:7b"
TEXT_ONLY = "test-model"
TURN = """mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  __typename
  ... on ChatTurn { run { id } conversation { id }
    userMessage { id content attachments { name mimeType mediaType sizeBytes content { id mime } } } }
  ... on ValidationError { message field } } }"""
COUNTS = "{ runs { totalCount } contents { totalCount } }"


@pytest.fixture
def script() -> Script:  # overrides conftest's: one model that sees, one that does not
    return Script(tokens=["A", " red", " square", "."], models=[TEXT_ONLY, VISION], vision_models=[VISION])


def png(colour: str = "red", size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


async def send_files(
    gql: GQL, files: list[tuple[str, bytes, str]], headers: dict[str, str] | None = None, **input_: Any
) -> httpx.Response:
    """sendMessage as a GraphQL multipart request, the files in `input.files`."""
    variables = {"input": {**input_, "files": [None] * len(files)}}
    return await gql.client.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": TURN, "variables": variables}),
            "map": json.dumps({str(i): [f"variables.input.files.{i}"] for i in range(len(files))}),
        },
        files={str(i): file for i, file in enumerate(files)},
        headers=PREFLIGHT if headers is None else headers,
    )


async def add_text(gql: GQL, text: str, title: str) -> str:
    added = (await gql(ADD_TEXT, {"input": {"text": text, "title": title}}))["addText"]
    return str(added["content"]["id"])


async def test_an_uploaded_image_and_a_stored_document_reach_ollama(live: str, client: GQL, script: Script) -> None:
    image = png()
    notes = await add_text(client, "The square is exactly eight pixels wide.", "Notes")
    agent = await agent_id(client, f"ollama:{VISION}")
    answer = await send_files(client, [("square.png", image, "image/png")], agentId=agent, text="What is this?")
    turn = answer.json()["data"]["sendMessage"]
    assert turn["__typename"] == "ChatTurn", turn
    events = await collect(live, turn["run"]["id"])
    assert events[-1]["status"] == "SUCCEEDED"

    [user] = [m for m in script.chat_requests[-1].body["messages"] if m["role"] == "user"]
    assert user["images"] == [base64.b64encode(image).decode()]  # the exact bytes, base64
    assert user["content"] == "What is this?"
    # The message keeps what it carried; the file is a stored content.
    [attached] = turn["userMessage"]["attachments"]
    assert attached | {"content": None} == {
        "name": "square.png",
        "mimeType": "image/png",
        "mediaType": "IMAGE",
        "sizeBytes": len(image),
        "content": None,
    }
    assert attached["content"]["mime"] == "image/png"

    # A stored document goes with the next turn as its text; the earlier image is sent again with the history.
    again = (
        await client(
            TURN,
            {"input": {"conversationId": turn["conversation"]["id"], "text": "And this?", "attachmentIds": [notes]}},
        )
    )["sendMessage"]
    assert [a["name"] for a in again["userMessage"]["attachments"]] == ["Notes"]
    await collect(live, again["run"]["id"])
    users = [m for m in script.chat_requests[-1].body["messages"] if m["role"] == "user"]
    assert users[0]["images"] == [base64.b64encode(image).decode()]
    assert users[1]["content"] == ("And this?\n\n[Attached document: Notes]\nThe square is exactly eight pixels wide.")
    assert "images" not in users[1]


async def test_an_image_for_a_model_that_cannot_see_is_refused_before_anything_is_queued(
    live: str, client: GQL, script: Script
) -> None:
    agent = await agent_id(client, f"ollama:{TEXT_ONLY}")
    before = await client(COUNTS)
    refused = (await send_files(client, [("a.png", png(), "image/png")], agentId=agent, text="Look")).json()
    result = refused["data"]["sendMessage"]
    assert result["__typename"] == "ValidationError" and result["field"] == "model"
    assert f"ollama:{TEXT_ONLY} cannot see images" in result["message"]
    assert f"models that can: ollama:{VISION}" in result["message"]
    assert await client(COUNTS) == before  # no run, no stored file
    assert script.chat_requests == []

    # The embedded model is text-only too, and says so.
    local = await agent_id(client, "local:gemma-3-270m")
    image = await send_files(client, [("a.png", png(), "image/png")], agentId=local, text="Look")
    assert "local:gemma-3-270m cannot see images" in image.json()["data"]["sendMessage"]["message"]

    # A model named for this reply is checked, so is a fallback named with it.
    vision_agent = await agent_id(client, f"ollama:{VISION}")
    for extra in ({"model": f"ollama:{TEXT_ONLY}"}, {"fallbackModels": [f"ollama:{TEXT_ONLY}"]}):
        answer = await send_files(client, [("a.png", png(), "image/png")], agentId=vision_agent, text="x", **extra)
        assert "cannot see images" in answer.json()["data"]["sendMessage"]["message"]
    assert await client(COUNTS) == before


async def test_regenerating_an_image_turn_on_a_text_only_model_is_refused(live: str, client: GQL) -> None:
    agent = await agent_id(client, f"ollama:{VISION}")
    turn = (await send_files(client, [("a.png", png(), "image/png")], agentId=agent, text="Look")).json()
    turn = turn["data"]["sendMessage"]
    await collect(live, turn["run"]["id"])
    again = await client(
        "mutation($id: ID!, $m: String) { regenerateMessage(id: $id, model: $m) { __typename ... on Error { message } } }",
        {"id": turn["userMessage"]["id"], "m": f"ollama:{TEXT_ONLY}"},
    )
    assert "cannot see images" in again["regenerateMessage"]["message"]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
async def test_what_a_message_cannot_carry(live: str, client: GQL) -> None:
    agent = await agent_id(client, f"ollama:{VISION}")
    audio = await send_files(
        client, [("a.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64, "audio/mpeg")], agentId=agent, text="x"
    )
    result = audio.json()["data"]["sendMessage"]
    assert result["field"] == "files.0" and "a.mp3 is audio" in result["message"]
    many = {
        "agentId": agent,
        "text": "x",
        "attachmentIds": [await add_text(client, f"n{i}", f"n{i}") for i in range(9)],
    }
    too_many = (await client(TURN, {"input": many}))["sendMessage"]
    assert too_many["field"] == "attachments" and "at most 8 attachments" in too_many["message"]
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # 144 megapixels, a few kB
    big = (await send_files(client, [("bomb.png", bomb.getvalue(), "image/png")], agentId=agent, text="x")).json()
    assert big["data"]["sendMessage"]["field"] == "files.0" and "pixels" in big["data"]["sendMessage"]["message"]
    # Uploads with a message follow the upload CSRF rule.
    bare = await send_files(client, [("a.png", png(), "image/png")], headers={}, agentId=agent, text="x")
    assert bare.status_code == 400 and "apollo-require-preflight" in bare.text


async def test_models_list_capabilities_and_multimodal_agents_start_on_a_vision_model(client: GQL) -> None:
    models = {m["name"]: m for m in (await client("{ models { name vision capabilities } }"))["models"]}
    assert models[f"ollama:{VISION}"] == {
        "name": f"ollama:{VISION}",
        "vision": True,
        "capabilities": ["completion", "vision"],
    }
    assert models[f"ollama:{TEXT_ONLY}"]["vision"] is False
    assert models["local:gemma-3-270m"]["capabilities"] == ["completion"]
    made = await client(
        'mutation { createAgent(input: {name: "Eyes", template: MULTIMODAL}) { ... on Agent { model } } }'
    )
    assert made["createAgent"]["model"] == f"ollama:{VISION}"


async def test_a_pdf_reaches_anthropic_as_a_document_block(anthropic_live: str, anthropic_script: Script) -> None:
    pdf = pdf_bytes("Quarterly figures: revenue 12 million.")
    async with httpx.AsyncClient(base_url=anthropic_live, timeout=30) as http:
        gql = GQL(http)
        agent = await agent_id(gql, "anthropic:claude-test")
        answer = await send_files(gql, [("q3.pdf", pdf, "application/pdf")], agentId=agent, text="Summarise.")
        turn = answer.json()["data"]["sendMessage"]
        assert turn["__typename"] == "ChatTurn", turn
        await collect(anthropic_live, turn["run"]["id"])
    [user] = [m for m in anthropic_script.chat_requests[-1].body["messages"] if m["role"] == "user"]
    assert user["content"] == [
        {
            "type": "document",
            "source": {"type": "base64", "media_type": "application/pdf", "data": base64.b64encode(pdf).decode()},
            "title": "q3.pdf",
        },
        {"type": "text", "text": "Summarise."},
    ]


async def test_attachments_survive_export_and_import(live: str, client: GQL, script: Script) -> None:
    image = png("blue")
    agent = await agent_id(client, f"ollama:{VISION}")
    turn = (await send_files(client, [("blue.png", image, "image/png")], agentId=agent, text="Colour?")).json()
    await collect(live, turn["data"]["sendMessage"]["run"]["id"])
    doc = (await client("query($id: ID!) { agentExport(id: $id) }", {"id": agent}))["agentExport"]
    assert doc["version"] == 4
    [carried] = [m["attachments"] for c in doc["conversations"] for m in c["messages"] if m.get("attachments")]
    assert carried == [{"name": "blue.png", "mime": "image/png", "data": base64.b64encode(image).decode()}]

    imported = (
        await client(
            """mutation($doc: JSON!) { importAgent(input: {document: $doc}) { __typename
              ... on Agent { conversations { nodes { messages { nodes { role attachments { name mimeType content { id } } } } } } }
              ... on ImportError { message path } } }""",
            {"doc": doc},
        )
    )["importAgent"]
    [conversation] = imported["conversations"]["nodes"]
    [user] = [m for m in conversation["messages"]["nodes"] if m["role"] == "USER"]
    assert [(a["name"], a["mimeType"]) for a in user["attachments"]] == [("blue.png", "image/png")]
    assert user["attachments"][0]["content"]["id"]

    # Bad attachment data is refused with its path, and nothing is created.
    before = await client("{ agents { totalCount } }")
    doc["conversations"][0]["messages"][0]["attachments"][0]["data"] = "not base64!"
    bad = (
        await client(
            "mutation($doc: JSON!) { importAgent(input: {document: $doc}) { __typename ... on ImportError { message path } } }",
            {"doc": doc},
        )
    )["importAgent"]
    assert bad["__typename"] == "ImportError" and bad["path"] == "conversations.0.messages.0.attachments.0"
    assert await client("{ agents { totalCount } }") == before
