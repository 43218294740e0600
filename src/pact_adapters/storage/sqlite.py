"""The SQLite store, the embedded default: a plain path (``pact.db``) or
``sqlite:///relative.db`` / ``sqlite:////absolute/path.db``.

Events go in ``eventsourcing``'s tables of the file; the monitoring views
(``monitoring_view_rows``), notification positions (``tracking``) and dead
letters (``pact_dead_letters``) go in the same file.  Several processes on
one machine may share the file (SQLite's write-ahead log serialises writers);
for several machines use PostgreSQL.

:class:`PactSQLiteFactory` is the ``eventsourcing`` infrastructure factory of
the store (its ``PERSISTENCE_MODULE`` topic is :data:`FACTORY_TOPIC`): every
connection comes from one datastore with the library's durability settings
and faults (:mod:`._sqlite_datastore`), and events are written by the batched
recorder (:mod:`._sqlite_recorder`).  ``pact_adapters.open_application`` is
the one place that wires it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteFactory, SQLiteTrackingRecorder
from eventsourcing.utils import Environment, EnvType

from pact_adapters.errors import StoreURLError
from pact_adapters.hookspecs import DeadLetter, DeliveryRecorder, StoreSpec, hookimpl
from pact_adapters.storage._common import (
    DEAD_LETTERS_TABLE,
    letter_from_row,
    letter_params,
)
from pact_adapters.storage._sqlite_datastore import use_pact_datastore
from pact_adapters.storage._sqlite_recorder import PactSQLiteApplicationRecorder
from pact_adapters.storage.sqlite_views import SQLiteViewStore
from pact_adapters.stores import split_store_url
from pact_domain.monitoring.store import DEFAULT_VIEWS_NAME, ViewStore

__all__ = [
    "FACTORY_TOPIC",
    "PactSQLiteFactory",
    "SQLiteDeliveryRecorder",
    "pact_register_stores",
    "sqlite_env",
]

FACTORY_TOPIC = "pact_adapters.storage.sqlite:PactSQLiteFactory"
"""The ``PERSISTENCE_MODULE`` setting of the library's SQLite store."""

LOCK_TIMEOUT = "10"
"""Seconds a connection waits for another writer's lock (``SQLITE_LOCK_TIMEOUT``)."""


class PactSQLiteFactory(SQLiteFactory):
    """``eventsourcing``'s SQLite factory with the library's datastore (one
    connection set-up, faults as :class:`~pact_domain.errors.StoreError`),
    the batched event recorder, and the monitoring view store in the same
    file (:meth:`view_store`).

    Raises:
        InvalidValueError: a bad ``SQLITE_SYNCHRONOUS`` setting.
    """

    application_recorder_class = PactSQLiteApplicationRecorder

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        use_pact_datastore(self)

    def view_store(self, name: str = DEFAULT_VIEWS_NAME) -> ViewStore:
        """The views ``name`` in the store's file (their table created)."""
        store = SQLiteViewStore(self.datastore, name)
        store.create_table()
        return store


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
    name = str(url).strip()
    scheme, rest = split_store_url(name)
    if scheme == "sqlite":
        if not rest.startswith("//"):
            raise StoreURLError(
                url, "write sqlite:///relative.db or sqlite:////absolute/path.db"
            )
        path = rest[2:]
        # sqlite:///relative.db → relative.db; sqlite:////abs.db → /abs.db
        name = path[1:] if path.startswith("/") else path
        if not name:
            raise StoreURLError(url, "the sqlite URL names no file")
    elif scheme is not None:
        raise StoreURLError(url, f"not an SQLite path or sqlite:// URL ({scheme}:)")
    if not name:
        raise StoreURLError(url, "a store URL must not be empty")
    return {
        "PERSISTENCE_MODULE": FACTORY_TOPIC,
        "SQLITE_DBNAME": name,
        "SQLITE_LOCK_TIMEOUT": LOCK_TIMEOUT,
    }


def _delivery_recorder(app: Application[Any]) -> DeliveryRecorder:
    recorder = app.factory.tracking_recorder(SQLiteDeliveryRecorder)
    return cast(SQLiteDeliveryRecorder, recorder)


def _view_store(app: Application[Any]) -> ViewStore:
    """The views' rows table and tracking row in the store's SQLite file."""
    factory = app.factory
    if not isinstance(factory, PactSQLiteFactory):  # pragma: no cover - by spec
        raise StoreURLError(str(factory), "not the library's SQLite store")
    return factory.view_store()


@hookimpl
def pact_register_stores() -> Iterable[StoreSpec]:
    """The SQLite store (also for plain paths)."""
    return [
        StoreSpec(
            name="sqlite",
            schemes=("sqlite",),
            description="an SQLite file (the default store; plain paths too)",
            env=sqlite_env,
            persistence_module=__name__,
            example="sqlite:///pact.db",
            paths=True,
            delivery_recorder=_delivery_recorder,
            view_store=_view_store,
        )
    ]
