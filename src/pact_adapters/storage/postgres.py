"""The PostgreSQL store: ``postgresql://user:password@host:port/dbname?schema=pact``.

The production store: any number of application processes, on any number of
machines, share one database; optimistic concurrency (a unique version per
aggregate, and retries of the command that lost) keeps them consistent.
Events are stored with ``eventsourcing``'s PostgreSQL module (psycopg 3) in
table ``pact_events``; notification positions in ``pact_tracking`` and dead
letters in ``pact_dead_letters``, in the same schema.

Settings come from the URL first, then the ``POSTGRES_*`` settings of
``eventsourcing`` in the environment, then libpq's ``PG*`` variables
(``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGPASSWORD``, ``PGDATABASE``), then
the defaults (``localhost``, ``5432``, the current user, a database named like
the user).  The schema must exist (``CREATE SCHEMA pact``); the tables are
created when missing.
"""

from __future__ import annotations

import getpass
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast
from urllib.parse import parse_qsl, unquote, urlsplit

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import (
    InterfaceError,
    OperationalError,
    StoredEvent,
    Tracking,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresTrackingRecorder,
)
from eventsourcing.utils import get_topic, retry
from psycopg.sql import SQL, Identifier

from pact_adapters.errors import StoreURLError
from pact_adapters.hookspecs import DeadLetter, DeliveryRecorder, StoreSpec, hookimpl
from pact_adapters.storage._common import (
    DEAD_LETTERS_TABLE,
    letter_from_row,
    letter_params,
)
from pact_adapters.storage._postgres_creation import (
    SerialisedTableCreation,
    table_creation_lock,
)
from pact_adapters.storage.postgres_views import postgres_view_store
from pact_adapters.stores import mask_url

__all__ = [
    "QUERY_SETTINGS",
    "PactPostgresApplicationRecorder",
    "PostgresDeliveryRecorder",
    "connection_problem",
    "pact_register_stores",
    "postgres_env",
]

QUERY_SETTINGS: Mapping[str, str] = {
    "schema": "POSTGRES_SCHEMA",
    "host": "POSTGRES_HOST",
    "port": "POSTGRES_PORT",
    "user": "POSTGRES_USER",
    "password": "POSTGRES_PASSWORD",
    "dbname": "POSTGRES_DBNAME",
    "connect_timeout": "POSTGRES_CONNECT_TIMEOUT",
    "pool_size": "POSTGRES_POOL_SIZE",
    "max_overflow": "POSTGRES_MAX_OVERFLOW",
    "max_waiting": "POSTGRES_MAX_WAITING",
    "conn_max_age": "POSTGRES_CONN_MAX_AGE",
    "pre_ping": "POSTGRES_PRE_PING",
    "lock_timeout": "POSTGRES_LOCK_TIMEOUT",
    "idle_in_transaction_session_timeout": (
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT"
    ),
}
"""The query parameters a PostgreSQL store URL accepts, and the
``eventsourcing`` setting each sets."""

_LIBPQ = {
    "POSTGRES_HOST": "PGHOST",
    "POSTGRES_PORT": "PGPORT",
    "POSTGRES_USER": "PGUSER",
    "POSTGRES_PASSWORD": "PGPASSWORD",
    "POSTGRES_DBNAME": "PGDATABASE",
    "POSTGRES_CONNECT_TIMEOUT": "PGCONNECT_TIMEOUT",
}

DEFAULT_CONNECT_TIMEOUT = "10"
"""Seconds to wait for a connection unless configured (eventsourcing's own
default, 30, is long for a command line)."""


def postgres_env(url: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``eventsourcing`` settings of a PostgreSQL store URL.

    Args:
        url: ``postgresql://[user[:password]@][host][:port][/dbname][?k=v...]``
            (``postgres://`` too); the query parameters are those of
            :data:`QUERY_SETTINGS`.
        environ: the environment to fill gaps from (default: ``os.environ``).

    Raises:
        StoreURLError: the URL is malformed or has an unknown parameter.
    """
    env = os.environ if environ is None else environ
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as e:
        raise StoreURLError(mask_url(url), f"malformed URL: {e}") from None
    if parts.scheme.lower() not in ("postgresql", "postgres"):
        raise StoreURLError(mask_url(url), "not a postgresql:// URL")
    if parts.fragment:
        raise StoreURLError(mask_url(url), "a store URL has no #fragment")
    settings: dict[str, str] = {}
    if parts.hostname:
        settings["POSTGRES_HOST"] = unquote(parts.hostname)
    if port is not None:
        settings["POSTGRES_PORT"] = str(port)
    if parts.username:
        settings["POSTGRES_USER"] = unquote(parts.username)
    if parts.password:
        settings["POSTGRES_PASSWORD"] = unquote(parts.password)
    dbname = unquote(parts.path.lstrip("/"))
    if "/" in dbname:
        raise StoreURLError(mask_url(url), f"database name {dbname!r} contains '/'")
    if dbname:
        settings["POSTGRES_DBNAME"] = dbname
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        try:
            setting = QUERY_SETTINGS[key]
        except KeyError:
            known = ", ".join(sorted(QUERY_SETTINGS))
            raise StoreURLError(
                mask_url(url), f"unknown parameter {key!r} (known: {known})"
            ) from None
        settings[setting] = value
    for setting, libpq in _LIBPQ.items():
        if setting not in settings:
            found = env.get(setting) or env.get(libpq)
            if found:
                settings[setting] = found
    settings.setdefault("POSTGRES_HOST", "localhost")
    settings.setdefault("POSTGRES_PORT", "5432")
    settings.setdefault("POSTGRES_USER", _current_user())
    settings.setdefault("POSTGRES_PASSWORD", "")
    settings.setdefault("POSTGRES_DBNAME", settings["POSTGRES_USER"])
    settings.setdefault("POSTGRES_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT)
    if "POSTGRES_SCHEMA" not in settings and env.get("POSTGRES_SCHEMA"):
        settings["POSTGRES_SCHEMA"] = env["POSTGRES_SCHEMA"]
    settings["PERSISTENCE_MODULE"] = "eventsourcing.postgres"
    settings.setdefault(
        "APPLICATION_RECORDER_TOPIC",
        env.get("APPLICATION_RECORDER_TOPIC")
        or get_topic(PactPostgresApplicationRecorder),
    )
    return settings


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user database entry
        return "postgres"


class PactPostgresApplicationRecorder(PostgresApplicationRecorder):
    """``eventsourcing``'s PostgreSQL recorder, safe for large saves and for
    processes opening a new schema at once.

    ``eventsourcing`` 9.5 sends every save through a psycopg *pipeline*; a
    save of many events (a batch import: about 16,000 events of a few hundred
    bytes) then never returns, client and server each waiting for the other
    to read.  Saves of more than :attr:`PIPELINE_MAX` events go through a
    plain transaction instead — the same statements (table lock, notify, one
    ``INSERT ... SELECT FROM unnest(...)``), so notification ids stay in
    commit order.

    Its tables are created one process at a time per schema (see
    :meth:`create_table`).
    """

    PIPELINE_MAX = 1000
    """The largest save sent through the pipeline."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        if datastore.pool.closed:  # not connected yet: fail fast, saying why
            _check_connection(datastore)
        super().__init__(datastore, **kwargs)

    def create_table(self) -> None:
        """Create the events table when missing and, beside it, the
        application's snapshots table, holding the schema's table-creation
        lock.

        ``eventsourcing`` creates the snapshots table (``<prefix>_snapshots``
        beside ``<prefix>_events``) right after this, with a recorder of its
        own that takes no lock; created here first, it is there by then, so
        processes opening a new schema at once do not race to create it.
        """
        with table_creation_lock(self.datastore):
            super().create_table()
            if self.events_table_name.endswith("_events"):
                stem = self.events_table_name.removesuffix("_events")
                snapshots = PostgresAggregateRecorder(
                    self.datastore, events_table_name=f"{stem}_snapshots"
                )
                snapshots.create_table()

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if (
            len(stored_events) <= self.PIPELINE_MAX
            or self.datastore.enable_db_functions
        ):
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor() as curs,
        ):
            self._insert_stored_events(curs, stored_events, **kwargs)
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)


def _check_connection(datastore: PostgresDatastore) -> None:
    """Connect once, directly, to say at once why the server can't be used.

    The connection pool retries a failed connection until its timeout (10 s
    by default) and then says only "couldn't get a connection"; one direct
    connection fails at once with libpq's reason (the database does not
    exist, the connection was refused, authentication failed).

    Raises:
        OperationalError: the connection failed; the message says why.
    """
    kwargs = datastore.pool.kwargs
    settings = dict((kwargs() if callable(kwargs) else kwargs) or {})
    settings.pop("row_factory", None)
    password_func = getattr(datastore.pool, "get_password_func", None)
    if password_func is not None:
        settings["password"] = password_func()
    timeout = max(2, math.ceil(float(datastore.pool.timeout)))
    try:
        psycopg.connect(**settings, connect_timeout=timeout).close()
    except psycopg.OperationalError as e:
        raise OperationalError(
            connection_problem(
                str(e),
                host=str(settings.get("host") or "localhost"),
                port=str(settings.get("port") or "5432"),
                dbname=str(settings.get("dbname") or ""),
                user=str(settings.get("user") or ""),
                timeout=timeout,
            )
        ) from e


def connection_problem(
    message: str, *, host: str, port: str, dbname: str, user: str, timeout: float
) -> str:
    """What a failed PostgreSQL connection means, in one sentence, from
    libpq's message (which says it in English; other messages are kept).

    >>> connection_problem(
    ...     'connection failed: connection to server at "db", port 5432 failed: '
    ...     'FATAL:  database "pact" does not exist',
    ...     host="db", port="5432", dbname="pact", user="pact", timeout=10)
    'database "pact" does not exist on db:5432 (create it, or name another in the URL)'
    """
    text = " ".join(message.split())
    where = f"{host}:{port}"
    if f'database "{dbname}" does not exist' in text:
        return (
            f'database "{dbname}" does not exist on {where} '
            "(create it, or name another in the URL)"
        )
    if "Connection refused" in text:
        return f"connection refused by {where} (is PostgreSQL running there?)"
    if (
        "authentication failed" in text
        or "no password supplied" in text
        or "no pg_hba.conf entry" in text
        or f'role "{user}" does not exist' in text
    ):
        detail = text.rpartition("FATAL:")[2].strip() or text
        return f"authentication failed for user {user!r} on {where}: {detail}"
    if "timeout expired" in text:
        return f"no answer from {where} within {timeout:g} s (connect_timeout)"
    return text.removeprefix("connection failed: ")


class PostgresDeliveryRecorder(SerialisedTableCreation, PostgresTrackingRecorder):
    """Notification positions and dead letters in the store's schema (tables
    created when missing, one process at a time per schema)."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "notification_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        self.dead_letters_table_name = DEAD_LETTERS_TABLE
        table = (Identifier(self.datastore.schema), Identifier(DEAD_LETTERS_TABLE))
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0}.{1} ("
                "id bigserial PRIMARY KEY, "
                "channel text NOT NULL, "
                "message_id text NOT NULL, "
                "notification_id bigint NOT NULL, "
                "event_type text NOT NULL, "
                "message jsonb NOT NULL, "
                "error text NOT NULL, "
                "attempts integer NOT NULL, "
                "failed_at timestamptz NOT NULL)"
            ).format(*table)
        )
        self.sql_create_statements.append(
            SQL("CREATE INDEX IF NOT EXISTS {2} ON {0}.{1} (channel, id)").format(
                *table, Identifier(f"{DEAD_LETTERS_TABLE}_channel")
            )
        )
        self._insert_letter = SQL(
            "INSERT INTO {0}.{1} (channel, message_id, notification_id, "
            "event_type, message, error, attempts, failed_at) VALUES "
            "(%(channel)s, %(message_id)s, %(notification_id)s, %(event_type)s, "
            "%(message)s::jsonb, %(error)s, %(attempts)s, %(failed_at)s) "
            "RETURNING id"
        ).format(*table)
        self._select_all = SQL("SELECT * FROM {0}.{1} ORDER BY id").format(*table)
        self._select_channel = SQL(
            "SELECT * FROM {0}.{1} WHERE channel = %s ORDER BY id"
        ).format(*table)
        self._delete_letter = SQL("DELETE FROM {0}.{1} WHERE id = %s").format(*table)

    def insert_dead_letter(self, letter: DeadLetter, tracking: Tracking) -> int:
        """Record a dead letter and the new position in one transaction."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._insert_letter, letter_params(letter))
            row = curs.fetchone()
            assert row is not None
            self._insert_tracking(curs, tracking)
            return int(row["id"])

    def select_dead_letters(self, channel: str | None = None) -> list[DeadLetter]:
        """The dead letters (of one channel, or all), oldest first."""
        with self.datastore.transaction(commit=False) as curs:
            if channel is None:
                curs.execute(self._select_all)
            else:
                curs.execute(self._select_channel, (channel,))
            return [letter_from_row(row) for row in curs.fetchall()]

    def delete_dead_letter(self, letter_id: int) -> bool:
        """Remove a dead letter; return whether it existed."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._delete_letter, (letter_id,))
            return curs.rowcount > 0


def _delivery_recorder(app: Application[Any]) -> DeliveryRecorder:
    recorder = app.factory.tracking_recorder(PostgresDeliveryRecorder)
    return cast(PostgresDeliveryRecorder, recorder)


@hookimpl
def pact_register_stores() -> Iterable[StoreSpec]:
    """The PostgreSQL store."""
    return [
        StoreSpec(
            name="postgresql",
            schemes=("postgresql", "postgres"),
            description="PostgreSQL (psycopg 3): shared by many processes/machines",
            env=postgres_env,
            persistence_module="eventsourcing.postgres",
            example="postgresql://pact@localhost:5432/pact?schema=pact",
            delivery_recorder=_delivery_recorder,
            view_store=postgres_view_store,
        )
    ]
