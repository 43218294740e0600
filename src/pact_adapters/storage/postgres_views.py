"""The monitoring views in a PostgreSQL store: :class:`PostgresViewStore`.

The rows of the monitoring read model go to a table ``<name>_view_rows``
(``tbl, grp, key, data jsonb``, primary key ``(tbl, grp, key)``) in the
store's schema; the position is the row ``application_name = <name>`` of the
store's tracking table (``pact_tracking``, shared with the notification
delivery positions).  Both are written in one transaction, after checking that
the position is still the one the batch was computed from: two followers on
one database (in any number of processes) never both apply a batch.

Commits and clears of one set of views are serialised with a transaction-level
advisory lock (``pg_advisory_xact_lock``) on the schema and the views' name, so
the position check also holds before the tracking row exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from eventsourcing.application import Application
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import (
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresTrackingRecorder,
)
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from pact_adapters.storage._postgres_creation import SerialisedTableCreation
from pact_domain.errors import InvalidValueError
from pact_domain.monitoring.store import (
    DEFAULT_VIEWS_NAME,
    RowKey,
    ViewStore,
    check_position,
    check_views_name,
    decode_row,
    decode_rows,
    encode_row,
)

__all__ = ["PostgresViewStore", "postgres_view_store"]


class PostgresViewStore(SerialisedTableCreation, PostgresTrackingRecorder, ViewStore):
    """A view store in the application's PostgreSQL schema.

    Args:
        datastore: the application's datastore (so rows, tracking and events
            share one database and schema).
        name: the name of the set of views (tracking row and table prefix).
        tracking_table_name: the tracking table (default: the one
            ``eventsourcing``'s factory would use for ``notification``).
    """

    kind = "postgresql"
    encoded_rows = True

    def __init__(
        self,
        datastore: PostgresDatastore,
        name: str = DEFAULT_VIEWS_NAME,
        *,
        tracking_table_name: str = "notification_tracking",
        **kwargs: Any,
    ) -> None:
        self.name = check_views_name(name)
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        self.rows_table = f"{self.name}_view_rows"
        self.check_identifier_length(self.rows_table)
        schema = Identifier(self.datastore.schema)
        rows = Identifier(self.rows_table)
        tracking = Identifier(self.tracking_table_name)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0}.{1} ("
                'tbl text COLLATE "C" NOT NULL, '
                'grp text COLLATE "C" NOT NULL, '
                'key text COLLATE "C" NOT NULL, '
                "data jsonb NOT NULL, "
                "PRIMARY KEY (tbl, grp, key))"
            ).format(schema, rows)
        )
        self._lock_key = f"{self.datastore.schema}.{self.rows_table}"
        self._lock = SQL("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))")
        self._select_row = SQL(
            "SELECT data::text AS data FROM {0}.{1} "
            "WHERE tbl = %s AND grp = %s AND key = %s"
        ).format(schema, rows)
        self._select_table = SQL(
            "SELECT data::text AS data FROM {0}.{1} WHERE tbl = %s ORDER BY grp, key"
        ).format(schema, rows)
        self._select_group = SQL(
            "SELECT data::text AS data FROM {0}.{1} "
            "WHERE tbl = %s AND grp = %s ORDER BY key"
        ).format(schema, rows)
        # A batch's rows go in one statement each way, as one JSON array
        # parameter of [tbl, grp, key, data] items: one round trip, and
        # nothing for psycopg to escape.
        self._upsert = SQL(
            "INSERT INTO {0}.{1} (tbl, grp, key, data) "
            "SELECT r->>0, r->>1, r->>2, r->3 FROM jsonb_array_elements(%s::jsonb) r "
            "ON CONFLICT (tbl, grp, key) DO UPDATE SET data = EXCLUDED.data"
        ).format(schema, rows)
        self._delete = SQL(
            "DELETE FROM {0}.{1} WHERE (tbl, grp, key) IN "
            "(SELECT r->>0, r->>1, r->>2 FROM jsonb_array_elements(%s::jsonb) r)"
        ).format(schema, rows)
        self._delete_all = SQL("DELETE FROM {0}.{1}").format(schema, rows)
        self._delete_tracking = SQL(
            "DELETE FROM {0}.{1} WHERE application_name = %s"
        ).format(schema, tracking)

    # Reads are single statements on the pool's autocommit connections: one
    # round trip each (no BEGIN and ROLLBACK around them).

    def get_row(self, table: str, group: str, key: str) -> Any | None:
        with self.datastore.cursor() as curs:
            curs.execute(self._select_row, (table, group, key))
            found = curs.fetchone()
        return None if found is None else decode_row(table, found["data"])

    def get_encoded(self, table: str, group: str, key: str) -> bytes | None:
        with self.datastore.cursor() as curs:
            curs.execute(self._select_row, (table, group, key))
            found = curs.fetchone()
        return None if found is None else str(found["data"]).encode()

    def rows(self, table: str, group: str | None = None) -> list[Any]:
        with self.datastore.cursor() as curs:
            if group is None:
                curs.execute(self._select_table, (table,))
            else:
                curs.execute(self._select_group, (table, group))
            found = curs.fetchall()
        return decode_rows(table, [r["data"] for r in found])

    def position(self) -> int | None:
        found: int | None = self.max_tracking_id(self.name)
        return found

    def _serialise(self, curs: Cursor[DictRow]) -> None:
        curs.execute(self._lock, (self._lock_key,))

    def commit(
        self,
        changes: Mapping[RowKey, Any | None],
        tracking: Tracking,
        *,
        after: int | None,
    ) -> None:
        deletes: list[tuple[str, str, str]] = []
        upserts: list[tuple[str, str, str, orjson.Fragment]] = []
        for (table, group, key), row in changes.items():
            if row is None:
                deletes.append((table, group, key))
            else:
                data = row if type(row) is bytes else encode_row(table, row)
                upserts.append((table, group, key, orjson.Fragment(data)))
        with self.datastore.transaction(commit=True) as curs:
            self._serialise(curs)
            check_position(self.name, self._max_tracking_id(self.name, curs), after)
            if deletes:
                curs.execute(self._delete, (orjson.dumps(deletes).decode(),))
            if upserts:
                curs.execute(self._upsert, (orjson.dumps(upserts).decode(),))
            self._insert_tracking(curs, tracking)

    def clear(self) -> None:
        with self.datastore.transaction(commit=True) as curs:
            self._serialise(curs)
            curs.execute(self._delete_all)
            curs.execute(self._delete_tracking, (self.name,))


def postgres_view_store(
    app: Application[Any], name: str = DEFAULT_VIEWS_NAME
) -> PostgresViewStore:
    """The view store of an application on PostgreSQL: its tables in the
    application's schema, beside the events and the delivery positions.

    Raises:
        InvalidValueError: the application is not on PostgreSQL.
    """
    recorder = app.recorder
    if not isinstance(recorder, PostgresApplicationRecorder):
        raise InvalidValueError(
            "PostgresViewStore",
            "app",
            f"needs an application on PostgreSQL, not on a {type(recorder).__name__}",
        )
    prefix = app.factory.env.name.lower() or "notification"
    store = PostgresViewStore(
        recorder.datastore, name, tracking_table_name=f"{prefix}_tracking"
    )
    store.create_table()
    return store
