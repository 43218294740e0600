"""A faster SQLite application recorder (private).

``eventsourcing``'s :class:`~eventsourcing.sqlite.SQLiteApplicationRecorder`
inserts one row per statement (to read each row's notification id) and reads
rows through :class:`sqlite3.Row`.  This subclass keeps its table, its
statements' meaning and its notification ids, and:

* inserts a batch with one ``executemany`` and derives the notification ids
  from the last inserted rowid: inside the write transaction no other writer
  can insert, and SQLite gives each new row the largest rowid plus one, so a
  batch's rowids are consecutive (checked, with a fallback query if not);
* reads plain tuples, builds each aggregate id once per query and caches the
  ids it builds for notifications.

The schema is unchanged, so a database written by either recorder is read by
the other.

The store's factory (:class:`pact_adapters.storage.sqlite.PactSQLiteFactory`)
builds it on the library's datastore (:mod:`._sqlite_datastore`): every
connection set up with the same durability settings, and SQLite faults raised
as :class:`~pact_domain.errors.StoreError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteDatastore,
)

__all__ = ["PactSQLiteApplicationRecorder"]

_new = object.__new__
_setattr = object.__setattr__
_ID_CACHE_SIZE = 20_000


def _stored_event(
    originator_id: UUID | str, version: int, topic: str, state: bytes
) -> StoredEvent:
    # A frozen dataclass built without its __init__ (same fields, same type).
    event = _new(StoredEvent)
    _setattr(
        event,
        "__dict__",
        {
            "originator_id": originator_id,
            "originator_version": version,
            "topic": topic,
            "state": state,
        },
    )
    return event


class PactSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """SQLite application recorder with batched inserts and lean reads."""

    def __init__(
        self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name)
        self._ids: dict[str, UUID | str] = {}
        self._select_rows_statement = (
            "SELECT originator_version, topic, state "
            f"FROM {self.events_table_name} WHERE originator_id=? "
        )
        self._select_ids_statement = (
            f"SELECT rowid FROM {self.events_table_name} "
            "WHERE originator_id=? AND originator_version=?"
        )

    def _insert_events(
        self,
        c: SQLiteCursor,
        stored_events: Sequence[StoredEvent],
        **_: Any,
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        rows = [
            (
                s.originator_id.hex
                if isinstance(s.originator_id, UUID)
                else s.originator_id,
                s.originator_version,
                s.topic,
                s.state,
            )
            for s in stored_events
        ]
        cursor = c.sqlite_cursor
        cursor.execute(self.insert_events_statement, rows[0])
        first: int = cursor.lastrowid  # type: ignore[assignment]
        if len(rows) == 1:
            return [first]
        cursor.executemany(self.insert_events_statement, rows[1:])
        cursor.execute("SELECT last_insert_rowid()")
        last: int = cursor.fetchone()[0]
        if last - first + 1 == len(rows):
            return list(range(first, last + 1))
        # Not consecutive (only when rowids reach their maximum): ask.
        ids = [first]
        for row in rows[1:]:
            cursor.execute(self._select_ids_statement, row[:2])
            ids.append(cursor.fetchone()[0])
        return ids

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        statement = self._select_rows_statement
        params: list[Any] = [
            originator_id.hex if isinstance(originator_id, UUID) else originator_id
        ]
        if gt is not None:
            statement += "AND originator_version>? "
            params.append(gt)
        if lte is not None:
            statement += "AND originator_version<=? "
            params.append(lte)
        statement += "ORDER BY originator_version "
        statement += "DESC " if desc else "ASC "
        if limit is not None:
            statement += "LIMIT ? "
            params.append(limit)
        oid: UUID | str = (
            originator_id
            if isinstance(originator_id, UUID)
            and self.datastore.originator_id_type == "uuid"
            else self.convert_originator_id(params[0])
        )
        with self.datastore.transaction(commit=False) as c:
            cursor = c.sqlite_cursor
            cursor.row_factory = None
            cursor.execute(statement, params)
            return [
                _stored_event(oid, version, topic, state)
                for version, topic, state in cursor.fetchall()
            ]

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        """Event notifications from ``start``, at most ``limit`` of them."""
        params: list[int | str] = []
        clauses: list[str] = []
        if start is not None:
            clauses.append("rowid>=?" if inclusive_of_start else "rowid>?")
            params.append(start)
        if stop is not None:
            clauses.append("rowid<=?")
            params.append(stop)
        if topics:
            clauses.append(f"topic IN ({','.join('?' * len(topics))})")
            params.extend(topics)
        params.append(limit)
        statement = (
            "SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table_name} "
            + (f"WHERE {' AND '.join(clauses)} " if clauses else "")
            + "ORDER BY rowid LIMIT ?"
        )
        ids = self._ids
        convert = self.convert_originator_id
        with self.datastore.transaction(commit=False) as c:
            cursor = c.sqlite_cursor
            cursor.row_factory = None
            cursor.execute(statement, params)
            rows = cursor.fetchall()
        if len(ids) > _ID_CACHE_SIZE:
            ids.clear()
        for row in rows:
            if row[1] not in ids:
                ids[row[1]] = convert(row[1])
        new, setattr_, cls = _new, _setattr, Notification
        out: list[Notification] = []
        append = out.append
        for rowid, raw_id, version, topic, state in rows:
            notification = new(cls)
            setattr_(
                notification,
                "__dict__",
                {
                    "originator_id": ids[raw_id],
                    "originator_version": version,
                    "topic": topic,
                    "state": state,
                    "id": rowid,
                },
            )
            append(notification)
        return out
