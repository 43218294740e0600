"""Helpers shared by the built-in delivery recorders (private)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
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


def create_tables(create: Callable[[], None], attempts: int = 5) -> None:
    """Run a PostgreSQL recorder's ``create_table`` safely when several
    processes start on a new schema at once.

    ``CREATE TABLE IF NOT EXISTS`` is not safe against the same statement in a
    concurrent transaction: the one that commits second fails on a unique
    index of the catalogue (``pg_type_typname_nsp_index``) or with "relation
    already exists", and concurrent ``CREATE OR REPLACE FUNCTION`` fails with
    "tuple concurrently updated".
    The statements are then run again, and find the tables.
    """
    from eventsourcing.persistence import PersistenceError

    for attempt in range(attempts):
        try:
            create()
            return
        except PersistenceError as e:
            if attempt + 1 == attempts or not creation_race(e):
                raise
            time.sleep(0.05 * (attempt + 1))


def creation_race(error: BaseException) -> bool:
    """Whether an error is one of PostgreSQL's ways of failing a
    ``CREATE ... IF NOT EXISTS`` that raced with the same statement."""
    text = str(error)
    return (
        "already exists" in text
        or "concurrently updated" in text
        or "pg_type_typname_nsp_index" in text
    )
