"""What a conversation's feed channel carries: one message shape, `{"kind": ..., ...}`, built only here.

- `{"kind": "message_added", "message_id": ...}`: a user turn or a reply was stored;
- `{"kind": "run_event", "event": <a run channel message>}`: one of the conversation's runs logged an event.

Both are recorded on the writing session and published when it commits (services.outbox).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services import outbox
from services.pubsub import conversation_channel


def message_added(session: AsyncSession, conversation_id: str, message_id: str) -> None:
    outbox.record(session, conversation_channel(conversation_id), {"kind": "message_added", "message_id": message_id})


def run_event(session: Any, conversation_id: str, event_message: dict[str, Any]) -> None:
    outbox.record(session, conversation_channel(conversation_id), {"kind": "run_event", "event": event_message})
