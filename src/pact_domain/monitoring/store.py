"""Where the monitoring read model lives: the :class:`ViewStore` port.

A view store holds the read model's rows (:mod:`.records`) and the position
in the application's notification log up to which they are up to date.  Its
one write operation, :meth:`ViewStore.commit`, records a batch of row changes
*and* the new position (an ``eventsourcing``
:class:`~eventsourcing.persistence.Tracking`) atomically, so a follower
stopped at any point and restarted neither skips nor repeats an event.

The in-memory implementation ships here: :class:`MemoryViewStore` (a
``POPOTrackingRecorder``) for ``memory:`` stores and for the throw-away folds
of as-of views.  The stores of the backends live beside their event stores in
``pact_adapters`` (``pact_adapters.storage.sqlite_views.SQLiteViewStore`` in
the SQLite file, ``pact_adapters.storage.postgres_views.PostgresViewStore`` in
the PostgreSQL schema): the core does no I/O.  A store is checked against the
port by ``pact_adapters.testing.ViewStoreConformance``.  See
``docs/monitoring.md``.
"""

from __future__ import annotations

import enum
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeAlias

import attrs
import orjson
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.popo import POPOTrackingRecorder

from pact_domain._mapper import json_ready_fn, structure_fn, unstructure_fn
from pact_domain.errors import InvalidValueError
from pact_domain.monitoring.records import TABLES

__all__ = [
    "DEFAULT_VIEWS_NAME",
    "MemoryViewStore",
    "RowKey",
    "ViewStore",
    "check_position",
    "check_views_name",
    "decode_row",
    "decode_rows",
    "encode_data",
    "encode_row",
    "omitted_defaults",
    "row_data",
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


_dumps = orjson.dumps
_loads = orjson.loads
_JSON_READY: dict[str, Callable[[Any], dict[str, Any]]] = {}
_PLAIN: dict[str, Callable[[Any], Any]] = {}
_STRUCTURE: dict[str, Callable[[Any], Any]] = {}
_SCALAR_DEFAULTS = (type(None), str, int, bool, enum.Enum)


def omitted_defaults(cls: type[Any]) -> dict[str, Any]:
    """The fields of a row class that :func:`encode_row` leaves out when they
    hold their default: those whose default is ``None``, a string, a number,
    a boolean or a vocabulary member (reading a row fills them in again)."""
    return {
        a.name: a.default
        for a in attrs.fields(cls)
        if a.default is not attrs.NOTHING and isinstance(a.default, _SCALAR_DEFAULTS)
    }


def _json_ready(table: str) -> Callable[[Any], dict[str, Any]]:
    fn = _JSON_READY.get(table)
    if fn is None:
        cls: Any = TABLES[table]
        ready = json_ready_fn(cls)
        defaults = tuple(omitted_defaults(cls).items())
        if not defaults:
            fn = ready
        else:

            def fn(row: Any) -> dict[str, Any]:
                data: dict[str, Any] = ready(row)
                for name, default in defaults:
                    value = data[name]
                    if value is default or (
                        type(value) is type(default) and value == default
                    ):
                        del data[name]
                return data

        _JSON_READY[table] = fn
    return fn


def _structure(table: str) -> Callable[[Any], Any]:
    fn = _STRUCTURE.get(table)
    if fn is None:
        cls: Any = TABLES[table]
        fn = _STRUCTURE[table] = structure_fn(cls)
    return fn


def encode_data(data: Any) -> bytes:
    """Plain data as compact JSON bytes (of their own size: ``orjson`` leaves
    a few kilobytes of spare room in the bytes it returns, which add up in a
    batch of thousands of rows)."""
    return bytes(memoryview(_dumps(data)))


def encode_row(table: str, row: Any) -> bytes:
    """A row as JSON bytes.

    The JSON is the library converter's (``pact_domain.serialization``:
    ISO 8601 datetimes and dates, decimals and UUIDs as strings, vocabulary
    members as their codes), written by a function compiled once per row
    class (:func:`pact_domain._mapper.json_ready_fn`) and ``orjson``; fields
    holding their default are left out (see :func:`omitted_defaults`).
    """
    return encode_data(_json_ready(table)(row))


def decode_row(table: str, data: bytes | str) -> Any:
    """A row back from :func:`encode_row`'s bytes (or text).

    Rows are built by a function compiled once per row class
    (:func:`pact_domain._mapper.structure_fn`), without running their
    ``__init__``: the store holds only rows the projector wrote.  Fields
    missing from older rows take their defaults.
    """
    return _structure(table)(_loads(data))


def decode_rows(table: str, data: list[bytes] | list[str]) -> list[Any]:
    """Rows back from :func:`encode_row`'s bytes (or text), in order."""
    structure = _structure(table)
    return [structure(_loads(d)) for d in data]


def row_data(table: str, row: Any) -> dict[str, Any]:
    """A row as the plain data :func:`encode_row` writes (a new ``dict``)."""
    fn = _PLAIN.get(table)
    if fn is None:
        cls: Any = TABLES[table]
        fn = _PLAIN[table] = unstructure_fn(cls)
    data: dict[str, Any] = fn(row)
    return data


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

    encoded_rows: ClassVar[bool] = False
    """Whether :meth:`commit` also takes rows already encoded (``bytes`` of
    :func:`encode_row`'s JSON) in place of row objects.  A store keeping the
    JSON says so, and :class:`~.follower.MonitoringViews` then builds the
    rows of the most frequent events (KPI reports, corrections, reviews,
    activities) straight from the stored events' JSON, without decoding the
    events.  Other stores only ever receive row objects."""

    @abstractmethod
    def get_row(self, table: str, group: str, key: str) -> Any | None:
        """The row at this address, or ``None``."""

    def get_encoded(self, table: str, group: str, key: str) -> bytes | None:
        """The row at this address as :func:`encode_row`'s bytes, or ``None``.

        The default encodes :meth:`get_row`'s row; stores keeping the JSON
        return it as it is.
        """
        row = self.get_row(table, group, key)
        return None if row is None else encode_row(table, row)

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
            self._write(changes)
            self._insert_tracking(tracking)

    def _write(self, changes: Mapping[RowKey, Any | None]) -> None:
        """Write rows without moving the position (for throw-away folds,
        which set the position once at the end)."""
        with self._database_lock:
            for (table, group, key), row in changes.items():
                rows = self._tables[table].setdefault(group, {})
                if row is None:
                    rows.pop(key, None)
                    if not rows:
                        del self._tables[table][group]
                elif type(row) is bytes:
                    rows[key] = decode_row(table, row)
                else:
                    rows[key] = row

    def clear(self) -> None:
        with self._database_lock:
            self._tables = {t: {} for t in TABLES}
            self._max_tracking_ids[self.name] = None
