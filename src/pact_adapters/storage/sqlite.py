"""The SQLite store, the embedded default: a plain path (``pact.db``) or
``sqlite:///relative.db`` / ``sqlite:////absolute/path.db``.

Events go in ``eventsourcing``'s tables of the file; notification positions
(``tracking``) and dead letters (``pact_dead_letters``) go in the same file.
Several processes on one machine may share the file (SQLite's write-ahead
log serialises writers); for several machines use PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from pact_adapters.errors import StoreURLError
from pact_adapters.hookspecs import DeadLetter, DeliveryRecorder, StoreSpec, hookimpl
from pact_adapters.storage._common import (
    DEAD_LETTERS_TABLE,
    letter_from_row,
    letter_params,
)
from pact_adapters.stores import split_store_url
from pact_domain.application import store_env
from pact_domain.errors import InvalidValueError
from pact_domain.monitoring import ViewStore, default_view_store

__all__ = ["SQLiteDeliveryRecorder", "pact_register_stores", "sqlite_env"]


class SQLiteDeliveryRecorder(SQLiteTrackingRecorder):
    """Notification positions and dead letters in the store's SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {DEAD_LETTERS_TABLE} ("
            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "channel TEXT NOT NULL, "
            "message_id TEXT NOT NULL, "
            "notification_id INTEGER NOT NULL, "
            "event_type TEXT NOT NULL, "
            "message TEXT NOT NULL, "
            "error TEXT NOT NULL, "
            "attempts INTEGER NOT NULL, "
            "failed_at TEXT NOT NULL)"
        )
        statements.append(
            f"CREATE INDEX IF NOT EXISTS {DEAD_LETTERS_TABLE}_channel "
            f"ON {DEAD_LETTERS_TABLE} (channel, id)"
        )
        return statements

    def insert_dead_letter(self, letter: DeadLetter, tracking: Tracking) -> int:
        """Record a dead letter and the new position in one transaction."""
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO {DEAD_LETTERS_TABLE} (channel, message_id, "
                "notification_id, event_type, message, error, attempts, failed_at) "
                "VALUES (:channel, :message_id, :notification_id, :event_type, "
                ":message, :error, :attempts, :failed_at)",
                letter_params(letter),
            )
            letter_id = int(c.lastrowid)
            self._insert_tracking(c, tracking)
            return letter_id

    def select_dead_letters(self, channel: str | None = None) -> list[DeadLetter]:
        """The dead letters (of one channel, or all), oldest first."""
        with self.datastore.transaction(commit=False) as c:
            if channel is None:
                c.execute(f"SELECT * FROM {DEAD_LETTERS_TABLE} ORDER BY id")
            else:
                c.execute(
                    f"SELECT * FROM {DEAD_LETTERS_TABLE} WHERE channel = ? ORDER BY id",
                    (channel,),
                )
            return [letter_from_row(dict(row)) for row in c.fetchall()]

    def delete_dead_letter(self, letter_id: int) -> bool:
        """Remove a dead letter; return whether it existed."""
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {DEAD_LETTERS_TABLE} WHERE id = ?", (letter_id,))
            c.execute("SELECT changes()")
            return bool(c.fetchone()[0])


def sqlite_env(url: str) -> dict[str, str]:
    """The ``eventsourcing`` settings of an SQLite store URL or path.

    Raises:
        StoreURLError: an ``sqlite:`` URL without ``//`` or without a file.
    """
    scheme, rest = split_store_url(url)
    if scheme == "sqlite" and not rest.startswith("//"):
        raise StoreURLError(
            url, "write sqlite:///relative.db or sqlite:////absolute/path.db"
        )
    try:
        return store_env(url)
    except InvalidValueError as e:
        raise StoreURLError(url, e.rule) from None


def _delivery_recorder(app: Application[Any]) -> DeliveryRecorder:
    recorder = app.factory.tracking_recorder(SQLiteDeliveryRecorder)
    return cast(SQLiteDeliveryRecorder, recorder)


def _view_store(app: Application[Any]) -> ViewStore:
    """The views' rows table and tracking row in the store's SQLite file."""
    return default_view_store(app)


@hookimpl
def pact_register_stores() -> Iterable[StoreSpec]:
    """The SQLite store (also for plain paths)."""
    return [
        StoreSpec(
            name="sqlite",
            schemes=("sqlite",),
            description="an SQLite file (the default store; plain paths too)",
            env=sqlite_env,
            persistence_module="eventsourcing.sqlite",
            example="sqlite:///pact.db",
            paths=True,
            delivery_recorder=_delivery_recorder,
            view_store=_view_store,
        )
    ]
