"""Where the monitoring read model lives: the :class:`ViewStore` port.

A view store holds the read model's rows (:mod:`.records`) and the position
in the application's notification log up to which they are up to date.  Its
one write operation, :meth:`ViewStore.commit`, records a batch of row changes
*and* the new position (an ``eventsourcing``
:class:`~eventsourcing.persistence.Tracking`) atomically, so a follower
stopped at any point and restarted neither skips nor repeats an event.

Two implementations ship here, both built on ``eventsourcing``'s tracking
recorders:

* :class:`MemoryViewStore` (a ``POPOTrackingRecorder``) for ``memory:``
  stores and for the throw-away folds of as-of views;
* :class:`SQLiteViewStore` (an ``SQLiteTrackingRecorder``) that writes its rows
  table and the ``tracking`` row in the *same file* and the same transaction as
  the application's events.

The PostgreSQL store (``PostgresViewStore``, the same few methods on
``PostgresTrackingRecorder``) is in ``pact_adapters.storage.postgres_views``:
the domain does not import ``psycopg``.  See ``docs/monitoring.md``.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, TypeAlias

import orjson
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.popo import POPOTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from pact_domain.errors import InvalidValueError
from pact_domain.monitoring.records import TABLES
from pact_domain.serialization import _fast, converter

__all__ = [
    "DEFAULT_VIEWS_NAME",
    "MemoryViewStore",
    "RowKey",
    "SQLiteViewStore",
    "ViewStore",
    "check_position",
    "check_views_name",
    "decode_row",
    "encode_row",
]

RowKey: TypeAlias = tuple[str, str, str]
"""A row's address: (table, group, key)."""

DEFAULT_VIEWS_NAME = "monitoring"
"""The default name of a set of views: its tracking row and table prefix."""

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def check_views_name(name: str) -> str:
    """``name`` if it is a valid views name (it prefixes table names).

    Raises:
        InvalidValueError: not lower-case letters, digits and underscores.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidValueError(
            "ViewStore",
            "name",
            "must be lower-case letters, digits and underscores, starting with a "
            "letter (at most 41 characters)",
            name,
        )
    return name


def encode_row(table: str, row: Any) -> bytes:
    """A row as JSON bytes (through the library's converter)."""
    return orjson.dumps(converter.unstructure(row, TABLES[table]))


def decode_row(table: str, data: bytes | str) -> Any:
    """A row back from :func:`encode_row`'s bytes."""
    return _fast.structure(orjson.loads(data), TABLES[table])


def check_position(name: str, current: int | None, after: int | None) -> None:
    """Refuse a batch computed from position ``after`` when the views' stored
    position is ``current`` (another follower moved it).

    Raises:
        eventsourcing.persistence.IntegrityError: ``current`` is not ``after``.
    """
    if current != after:
        msg = (
            f"views {name!r} moved from position {after} to {current} while a "
            "batch was applied; the batch is discarded"
        )
        raise IntegrityError(msg)


_check_name = check_views_name
_check_position = check_position


class ViewStore(ABC):
    """The port of the monitoring read model's storage.

    Implementations keep rows addressed by (table, group, key) and one tracked
    position, and change both in one atomic :meth:`commit`.
    """

    name: str
    """The name of the set of views (its tracking row's application name)."""

    kind: ClassVar[str | None] = None
    """The kind of store, for ``status()`` (``None``: the class name)."""

    @abstractmethod
    def get_row(self, table: str, group: str, key: str) -> Any | None:
        """The row at this address, or ``None``."""

    @abstractmethod
    def rows(self, table: str, group: str | None = None) -> list[Any]:
        """The rows of a table (of one group, or of all), ordered by group and
        key."""

    @abstractmethod
    def position(self) -> int | None:
        """The last notification id the rows reflect (``None``: none yet)."""

    @abstractmethod
    def commit(
        self,
        changes: Mapping[RowKey, Any | None],
        tracking: Tracking,
        *,
        after: int | None,
    ) -> None:
        """Write (or, for ``None``, delete) rows and record ``tracking``,
        atomically, if the position is still ``after``.

        ``after`` is the position the changes were computed from: if another
        follower moved the position meanwhile, nothing is written.

        Raises:
            eventsourcing.persistence.IntegrityError: the position is not
                ``after`` any more, or ``tracking`` is not after it; nothing is
                written.
        """

    @abstractmethod
    def clear(self) -> None:
        """Delete every row and forget the position, atomically."""


class MemoryViewStore(POPOTrackingRecorder, ViewStore):
    """A view store in memory (for ``memory:`` and for as-of folds)."""

    kind = "memory"

    def __init__(self, name: str = DEFAULT_VIEWS_NAME) -> None:
        super().__init__()
        self.name = _check_name(name)
        self._tables: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in TABLES}

    def get_row(self, table: str, group: str, key: str) -> Any | None:
        with self._database_lock:
            return self._tables[table].get(group, {}).get(key)

    def rows(self, table: str, group: str | None = None) -> list[Any]:
        with self._database_lock:
            groups = self._tables[table]
            if group is not None:
                found = groups.get(group, {})
                return [found[k] for k in sorted(found)]
            return [groups[g][k] for g in sorted(groups) for k in sorted(groups[g])]

    def position(self) -> int | None:
        return self.max_tracking_id(self.name)

    def commit(
        self,
        changes: Mapping[RowKey, Any | None],
        tracking: Tracking,
        *,
        after: int | None,
    ) -> None:
        with self._database_lock:
            _check_position(self.name, self._max_tracking_ids[self.name], after)
            self._assert_tracking_uniqueness(tracking)
            for (table, group, key), row in changes.items():
                rows = self._tables[table].setdefault(group, {})
                if row is None:
                    rows.pop(key, None)
                    if not rows:
                        del self._tables[table][group]
                else:
                    rows[key] = row
            self._insert_tracking(tracking)

    def clear(self) -> None:
        with self._database_lock:
            self._tables = {t: {} for t in TABLES}
            self._max_tracking_ids[self.name] = None


class SQLiteViewStore(SQLiteTrackingRecorder, ViewStore):
    """A view store in the application's SQLite file.

    Rows go to the table ``<name>_view_rows``; the position is the row
    ``application_name = <name>`` of ``eventsourcing``'s ``tracking`` table.
    Both are written in one SQLite transaction.
    """

    kind = "sqlite"

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

    def get_row(self, table: str, group: str, key: str) -> Any | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT data FROM {self.rows_table} WHERE tbl=? AND grp=? AND key=?",
                (table, group, key),
            )
            found = c.fetchone()
        return None if found is None else decode_row(table, found[0])

    def rows(self, table: str, group: str | None = None) -> list[Any]:
        with self.datastore.transaction(commit=False) as c:
            if group is None:
                c.execute(
                    f"SELECT data FROM {self.rows_table} WHERE tbl=? ORDER BY grp, key",
                    (table,),
                )
            else:
                c.execute(
                    f"SELECT data FROM {self.rows_table} WHERE tbl=? AND grp=? "
                    "ORDER BY key",
                    (table, group),
                )
            found = c.fetchall()
        return [decode_row(table, r[0]) for r in found]

    def position(self) -> int | None:
        return self.max_tracking_id(self.name)

    def commit(
        self,
        changes: Mapping[RowKey, Any | None],
        tracking: Tracking,
        *,
        after: int | None,
    ) -> None:
        upserts = [
            (table, group, key, encode_row(table, row))
            for (table, group, key), row in changes.items()
            if row is not None
        ]
        deletes = [k for k, row in changes.items() if row is None]
        with self.datastore.transaction(commit=True) as c:
            _check_position(self.name, self._max_tracking_id(self.name, c), after)
            if deletes:
                c.executemany(
                    f"DELETE FROM {self.rows_table} WHERE tbl=? AND grp=? AND key=?",
                    deletes,
                )
            if upserts:
                c.executemany(
                    f"INSERT OR REPLACE INTO {self.rows_table} VALUES (?, ?, ?, ?)",
                    upserts,
                )
            self._insert_tracking(c, tracking)

    def clear(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {self.rows_table}")
            c.execute("DELETE FROM tracking WHERE application_name=?", (self.name,))
