"""The monitoring views' store in the SQLite file of the events.

:class:`SQLiteViewStore` keeps the rows in the table ``<name>_view_rows`` and
the position in ``eventsourcing``'s ``tracking`` table, both written in one
SQLite transaction with the datastore the events use (its connection
settings and its faults as :class:`~pact_domain.errors.StoreError`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

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

__all__ = ["SQLiteViewStore"]

_check_name = check_views_name
_check_position = check_position


class SQLiteViewStore(SQLiteTrackingRecorder, ViewStore):
    """A view store in the application's SQLite file.

    Rows go to the table ``<name>_view_rows``; the position is the row
    ``application_name = <name>`` of ``eventsourcing``'s ``tracking`` table.
    Both are written in one SQLite transaction.
    """

    kind = "sqlite"
    encoded_rows = True

    def __init__(
        self, datastore: SQLiteDatastore, name: str = DEFAULT_VIEWS_NAME
    ) -> None:
        self.name = _check_name(name)
        self.rows_table = f"{self.name}_view_rows"
        super().__init__(datastore)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {self.rows_table} ("
            "tbl TEXT NOT NULL, grp TEXT NOT NULL, key TEXT NOT NULL, "
            "data BLOB NOT NULL, PRIMARY KEY (tbl, grp, key)) WITHOUT ROWID",
        ]

    def _select(self, statement: str, params: tuple[str, ...]) -> list[Any]:
        # One statement on an autocommit connection is its own read
        # transaction: no BEGIN and ROLLBACK around it.
        with self.datastore.get_connection(commit=False) as conn:
            cursor = conn.cursor().sqlite_cursor
            try:
                cursor.row_factory = None
                cursor.execute(statement, params)
                return cursor.fetchall()
            finally:
                cursor.close()

    def get_row(self, table: str, group: str, key: str) -> Any | None:
        data = self.get_encoded(table, group, key)
        return None if data is None else decode_row(table, data)

    def get_encoded(self, table: str, group: str, key: str) -> bytes | None:
        found = self._select(
            f"SELECT data FROM {self.rows_table} WHERE tbl=? AND grp=? AND key=?",
            (table, group, key),
        )
        if not found:
            return None
        data = found[0][0]
        return data if isinstance(data, bytes) else str(data).encode()

    def rows(self, table: str, group: str | None = None) -> list[Any]:
        if group is None:
            found = self._select(
                f"SELECT data FROM {self.rows_table} WHERE tbl=? ORDER BY grp, key",
                (table,),
            )
        else:
            found = self._select(
                f"SELECT data FROM {self.rows_table} WHERE tbl=? AND grp=? "
                "ORDER BY key",
                (table, group),
            )
        return decode_rows(table, [r[0] for r in found])

    def position(self) -> int | None:
        return self.max_tracking_id(self.name)

    def commit(
        self,
        changes: Mapping[RowKey, Any | None],
        tracking: Tracking,
        *,
        after: int | None,
    ) -> None:
        deletes = [address for address, row in changes.items() if row is None]
        # Encoded one at a time, as SQLite takes them.
        upserts = (
            (*address, row if type(row) is bytes else encode_row(address[0], row))
            for address, row in changes.items()
            if row is not None
        )
        with self.datastore.transaction(commit=True) as c:
            _check_position(self.name, self._max_tracking_id(self.name, c), after)
            if deletes:
                c.executemany(
                    f"DELETE FROM {self.rows_table} WHERE tbl=? AND grp=? AND key=?",
                    deletes,
                )
            if len(deletes) < len(changes):
                c.executemany(
                    f"INSERT OR REPLACE INTO {self.rows_table} VALUES (?, ?, ?, ?)",
                    upserts,
                )
            self._insert_tracking(c, tracking)

    def clear(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {self.rows_table}")
            c.execute("DELETE FROM tracking WHERE application_name=?", (self.name,))
