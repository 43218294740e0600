"""Helpers shared by the built-in delivery recorders (private)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from pact_adapters.hookspecs import DeadLetter, Message

T = TypeVar("T")

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


def retry_creation_race(make: Callable[[], T], attempts: int = 5) -> T:
    """Call ``make`` (which creates PostgreSQL tables when missing) again when
    it lost a race with another process creating the same tables.

    ``CREATE TABLE IF NOT EXISTS`` is not safe against the same statement in a
    concurrent transaction: the one that commits second fails on a unique
    index of the catalogue (``pg_type_typname_nsp_index``) or with "relation
    already exists", and concurrent ``CREATE OR REPLACE FUNCTION`` fails with
    "tuple concurrently updated".  Run again, the statements find the tables.
    """
    from eventsourcing.persistence import PersistenceError

    for attempt in range(1, attempts + 1):
        try:
            return make()
        except PersistenceError as e:
            if attempt == attempts or not _creation_race(e):
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _creation_race(error: BaseException) -> bool:
    text = str(error)
    return (
        "already exists" in text
        or "concurrently updated" in text
        or "pg_type_typname_nsp_index" in text
    )
