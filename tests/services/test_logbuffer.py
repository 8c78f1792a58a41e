"""The log buffer: secrets redacted (keys and text), a bounded ring, level/since/limit, followers on any thread,
and a slow follower told how many lines it lost."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

from services.logbuffer import FOLLOW_QUEUE, REDACTED, LogBuffer, redact_text, redaction_processor


def test_secret_keys_are_redacted_and_counts_kept() -> None:
    line = redaction_processor(
        None,
        "info",
        {
            "event": "login",
            "password": "hunter2hunter2",
            "access_token": "abc.def.ghi",
            "refresh_token": "r-123",
            "api_key": "sb_0123456789abcdef",
            "Authorization": "Bearer xyz",
            "anthropic_api_key": "sk-ant-api03-abcdefghijklmnop",
            "headers": {"cookie": "session=1", "accept": "*/*"},
            "prompt_tokens": 12,
            "tokens_per_second": 31.5,
            "token": None,
            "username": "ada",
        },
    )
    for key in ("password", "access_token", "refresh_token", "api_key", "Authorization", "anthropic_api_key"):
        assert line[key] == REDACTED, key
    assert line["headers"] == {"cookie": REDACTED, "accept": "*/*"}
    assert line["prompt_tokens"] == 12 and line["tokens_per_second"] == 31.5 and line["token"] is None
    assert line["username"] == "ada" and line["event"] == "login"


def test_secrets_inside_text_are_redacted() -> None:
    cases = {
        "sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.sig": "sent Authorization: Bearer " + REDACTED,
        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl in a message": "jwt " + REDACTED + " in a message",
        "key sk-ant-api03-AAAABBBBCCCCDDDD rejected": "key " + REDACTED + " rejected",
        "api key sb_abcdefghijklmnop unknown": "api key " + REDACTED + " unknown",
        "cannot reach redis://user:s3cret@redis:6379/0": "cannot reach redis://user:" + REDACTED + "@redis:6379/0",
        "GET /x?token=abc123&page=2": "GET /x?token=" + REDACTED + "&page=2",
        '{"password": "pw1234"}': '{"password": "' + REDACTED + '"}',
    }
    for text, expected in cases.items():
        assert redact_text(text) == expected, text
    assert redact_text("5 tokens in 3 ms, model gemma") == "5 tokens in 3 ms, model gemma"


def test_tracebacks_are_redacted_too() -> None:
    line = redaction_processor(None, "error", {"event": "x", "exception": "ValueError: bad key sk-ant-0123456789abcd"})
    assert "sk-ant" not in line["exception"]


def test_ring_level_since_and_limit() -> None:
    logs = LogBuffer(capacity=5)
    for i in range(8):
        logs.append({"event": f"line {i}", "level": "error" if i % 2 else "info", "request_id": "r", "run_id": None})
    kept = logs.lines(level="debug", limit=100)
    assert [line.message for line in kept] == ["line 3", "line 4", "line 5", "line 6", "line 7"]
    assert [line.message for line in logs.lines(level="error", limit=100)] == ["line 3", "line 5", "line 7"]
    assert [line.message for line in logs.lines(level="debug", limit=2)] == ["line 6", "line 7"]
    later = logs.lines(level="debug", since=kept[1].at)
    assert later == [line for line in kept if line.at > kept[1].at]
    assert logs.lines(level="debug", since=datetime(2000, 1, 1, tzinfo=UTC)) == kept
    assert logs.lines(since=datetime.now(UTC)) == []
    assert kept[0].request_id == "r" and kept[0].run_id is None


def test_long_values_are_cut() -> None:
    logs = LogBuffer()
    line = logs.append({"event": "x", "big": "y" * 100_000})
    assert len(line.fields["big"]) <= 4001


async def test_followers_get_lines_from_any_thread_and_are_told_of_drops() -> None:
    logs = LogBuffer()
    stream = logs.follow(level="warning")
    first = asyncio.ensure_future(stream.__anext__())
    await asyncio.sleep(0)
    assert logs.followers == 1
    thread = threading.Thread(target=lambda: logs.append({"event": "from a thread", "level": "warning"}))
    thread.start()
    thread.join()
    logs.append({"event": "too quiet", "level": "info"})
    assert (await first).message == "from a thread"
    for i in range(FOLLOW_QUEUE + 5):
        logs.append({"event": f"flood {i}", "level": "error"})
    await asyncio.sleep(0)
    lines = [await stream.__anext__() for _ in range(FOLLOW_QUEUE + 1)]
    assert lines[0].seq == 0 and lines[0].message == "5 log lines were dropped: the reader was slow"
    assert lines[1].message == "flood 0" and lines[-1].message == f"flood {FOLLOW_QUEUE - 1}"
    await stream.aclose()
    assert logs.followers == 0
