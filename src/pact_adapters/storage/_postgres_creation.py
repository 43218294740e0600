"""Table creation on PostgreSQL, one process at a time per schema (private).

``CREATE TABLE IF NOT EXISTS``, ``CREATE TYPE`` and ``CREATE OR REPLACE
FUNCTION`` are not safe against the same statement in a concurrent
transaction, and ``eventsourcing``'s tracking recorder decides whether to
write its ``__migration__`` row from a look at the table taken before its
creating transaction.  Processes (on any machines) opening a new schema at the
same instant therefore each create the tables while holding a PostgreSQL
advisory lock on the schema: the first creates them, the others wait, then
find them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from eventsourcing.persistence import OperationalError
from eventsourcing.postgres import PostgresDatastore, PostgresRecorder
from psycopg.sql import SQL

__all__ = ["SerialisedTableCreation", "table_creation_lock"]

_LOCK = SQL(
    "SELECT pg_advisory_lock(hashtext('pact_adapters table creation'), hashtext(%s))"
)
"""A session-level advisory lock in the two-key space (apart from the view
store's one-key commit locks), keyed by the schema's name."""


@contextmanager
def table_creation_lock(datastore: PostgresDatastore) -> Iterator[None]:
    """Hold the datastore's schema's table-creation lock.

    The lock is taken on a connection of its own, outside the pool (the
    creation itself takes the pool's connections, which may be only one), and
    released by closing that connection: whatever happens to the creation, and
    by the server if this process dies.  The wait is bounded by the store's
    ``lock_timeout`` when one is set.  Not re-entrant: each use takes the
    lock on a new connection, so a nested use for the same schema waits for
    ever.
    """
    pool = datastore.pool
    conninfo = pool.conninfo() if callable(pool.conninfo) else pool.conninfo
    kwargs: dict[str, Any] = dict(
        (pool.kwargs() if callable(pool.kwargs) else pool.kwargs) or {}
    )
    if pool.get_password_func is not None:
        kwargs["password"] = pool.get_password_func()
    kwargs["connect_timeout"] = max(round(pool.timeout), 1)
    try:
        conn = psycopg.connect(conninfo, autocommit=True, **kwargs)
    except psycopg.Error as e:
        raise OperationalError(str(e)) from e
    with conn:
        try:
            if datastore.lock_timeout:
                conn.execute(
                    SQL("SET lock_timeout = '{0}s'").format(int(datastore.lock_timeout))
                )
            conn.execute(_LOCK, (datastore.schema,))
        except psycopg.Error as e:
            raise OperationalError(str(e)) from e
        yield


class SerialisedTableCreation(PostgresRecorder):
    """A recorder whose :meth:`create_table` holds
    :func:`table_creation_lock` (put it first among the bases)."""

    def create_table(self) -> None:
        """Create the tables when missing, one process at a time per schema."""
        with table_creation_lock(self.datastore):
            super().create_table()
