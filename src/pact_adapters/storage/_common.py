"""Helpers shared by the built-in delivery recorders (private)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pact_adapters.hookspecs import DeadLetter, Message

DEAD_LETTERS_TABLE = "pact_dead_letters"
"""The table of dead letters in the SQLite file or PostgreSQL schema."""


def letter_params(letter: DeadLetter) -> dict[str, Any]:
    """The column values of a dead letter's row."""
    return {
        "channel": letter.channel,
        "message_id": letter.message.id,
        "notification_id": letter.message.notification_id,
        "event_type": letter.message.event_type,
        "message": json.dumps(letter.message.to_dict(), sort_keys=True),
        "error": letter.error,
        "attempts": letter.attempts,
        "failed_at": letter.failed_at.isoformat(),
    }


def letter_from_row(row: Mapping[str, Any]) -> DeadLetter:
    """A dead letter from its row (``message`` JSON text or already parsed)."""
    message = row["message"]
    if isinstance(message, str | bytes):
        message = json.loads(message)
    failed_at = row["failed_at"]
    if isinstance(failed_at, str):
        failed_at = datetime.fromisoformat(failed_at)
    return DeadLetter(
        id=int(row["id"]),
        channel=row["channel"],
        message=Message.from_dict(message),
        error=row["error"],
        attempts=int(row["attempts"]),
        failed_at=failed_at,
    )
