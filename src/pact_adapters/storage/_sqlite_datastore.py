"""SQLite connections: durability settings and faults (private).

Every connection the library opens on an SQLite store comes from one
connection pool (:class:`PactSQLiteConnectionPool`, in the application's
datastore, which the event recorder, the snapshot recorder, the monitoring
view store and the notification delivery store share), and each is set up by
one function, :func:`configure_connection`:

* ``PRAGMA busy_timeout`` from ``SQLITE_LOCK_TIMEOUT`` (seconds; 10 by
  default), set first so the next statements wait for a lock too;
* ``PRAGMA journal_mode=WAL`` (file stores);
* ``PRAGMA synchronous`` from ``SQLITE_SYNCHRONOUS``: ``FULL`` by default (a
  committed transaction survives a power loss), ``NORMAL`` to trade the last
  transactions before a power loss for speed in bulk loads, or ``EXTRA``.

Before opening a file store, the pool checks that the database file, its
``-wal`` and ``-shm`` files and their folder are writable, and refuses with a
``read-only`` :class:`~pact_domain.errors.StoreError` if not (SQLite maps the
``-shm`` file into memory; a read-only one has been reported to kill the
process with SIGBUS).

:class:`PactSQLiteDatastore` turns the SQLite errors raised inside its
``transaction()`` and ``get_connection()`` — the one way every recorder
method reaches the file — into :class:`~pact_domain.errors.StoreError` with
the cause in words (:func:`store_error`).  Errors that are the recorders'
business (constraint violations, a missing table) pass unchanged.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs
from eventsourcing.persistence import InfrastructureFactory, PersistenceError
from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteFactory,
)

from pact_domain.errors import InvalidValueError, StoreError

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "DEFAULT_SYNCHRONOUS",
    "SYNCHRONOUS_LEVELS",
    "SYNCHRONOUS_SETTING",
    "PactSQLiteConnectionPool",
    "PactSQLiteDatastore",
    "SQLiteSettings",
    "check_writable",
    "configure_connection",
    "store_error",
    "use_pact_datastore",
]

SYNCHRONOUS_SETTING = "SQLITE_SYNCHRONOUS"
"""The ``eventsourcing`` setting (or environment variable) of the level."""

SYNCHRONOUS_LEVELS = {"EXTRA": 3, "FULL": 2, "NORMAL": 1}
"""The accepted ``PRAGMA synchronous`` levels and the numbers SQLite reads
back.  ``OFF`` is refused: in WAL mode it may lose committed transactions on
an operating-system crash, and corrupt the file on a power loss."""

DEFAULT_SYNCHRONOUS = "FULL"
DEFAULT_LOCK_TIMEOUT = 10.0
"""Seconds a connection waits for a lock when ``SQLITE_LOCK_TIMEOUT`` is not
set (the SQLite store's URL sets it to 10)."""

_FREE_SPACE_FLOOR = 1 << 20
"""Less free space than this on the store's disk, and an I/O error is taken
for a full disk."""


@attrs.frozen
class SQLiteSettings:
    """The settings every connection to a store gets."""

    synchronous: str = DEFAULT_SYNCHRONOUS
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT

    @classmethod
    def from_env(cls, get: Any) -> SQLiteSettings:
        """The settings from an ``eventsourcing`` environment's ``get``.

        Raises:
            InvalidValueError: ``SQLITE_SYNCHRONOUS`` is not a level of
                :data:`SYNCHRONOUS_LEVELS`.
        """
        raw = get(SYNCHRONOUS_SETTING) or ""
        level = str(raw).strip().upper() or DEFAULT_SYNCHRONOUS
        if level not in SYNCHRONOUS_LEVELS:
            raise InvalidValueError(
                "Store",
                SYNCHRONOUS_SETTING,
                "must be FULL (the default: a committed transaction survives a "
                "power loss), NORMAL (faster bulk loads; the last transactions "
                "before a power loss may be lost, the file stays sound) or EXTRA"
                + (
                    "; OFF is refused, it can corrupt the store on a power loss"
                    if level == "OFF"
                    else ""
                ),
                raw,
            )
        return cls(synchronous=level)


def configure_connection(
    connection: sqlite3.Connection, settings: SQLiteSettings, *, wal: bool = True
) -> None:
    """Set up a new connection: busy timeout, WAL journal, synchronous level.

    The one place the library sets these; every connection of every SQLite
    store passes here (see the module's documentation).
    """
    timeout_ms = max(0, round(settings.lock_timeout * 1000))
    connection.execute(f"PRAGMA busy_timeout={timeout_ms}")
    if wal:
        row = connection.execute("PRAGMA journal_mode=WAL").fetchone()
        if str(row[0]).lower() != "wal":  # pragma: no cover - file stores only
            msg = f"SQLite refused the WAL journal (kept {row[0]!r})"
            raise sqlite3.OperationalError(msg)
    connection.execute(f"PRAGMA synchronous={settings.synchronous}")


# -- which file ---------------------------------------------------------------


def database_path(db_name: str) -> Path | None:
    """The file of an SQLite database name (a path or a ``file:`` URI), or
    ``None`` for an in-memory database."""
    if not db_name or ":memory:" in db_name or "mode=memory" in db_name:
        return None
    if db_name.startswith("file:"):
        parts = urlsplit(db_name)
        return Path(unquote(parts.path))
    return Path(db_name)


def _not_writable(path: Path) -> str | None:
    """What of the store at ``path`` is not writable, in words, or ``None``."""
    folder = path.parent if str(path.parent) else Path(".")
    for suffix, what in (
        ("", "the database file"),
        ("-wal", "its write-ahead log"),
        ("-shm", "its shared-memory index"),
    ):
        file = path.with_name(path.name + suffix)
        if file.exists() and not os.access(file, os.W_OK):
            return f"{what} {str(file)!r} is not writable"
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"its folder {str(folder)!r} is not writable (SQLite creates the "
            "-wal and -shm files there)"
        )
    return None


def check_writable(db_name: str) -> None:
    """Refuse a file store that SQLite could not write safely.

    Checks the database file, its ``-wal`` and ``-shm`` files (when they
    exist) and their folder.

    Raises:
        StoreError: ``read-only``, naming the file or folder; ``cannot open``
            when the folder does not exist.
    """
    path = database_path(db_name)
    if path is None:
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StoreError(
            str(path),
            "cannot open",
            f"the folder {str(folder)!r} does not exist",
        )
    problem = _not_writable(path)
    if problem is not None:
        raise StoreError(
            str(path),
            "read-only",
            f"{problem}; make it writable (stores are opened for writing)",
        )


# -- faults -------------------------------------------------------------------

_PRIMARY = {
    sqlite3.SQLITE_FULL: "disk full",
    sqlite3.SQLITE_READONLY: "read-only",
    sqlite3.SQLITE_PERM: "read-only",
    sqlite3.SQLITE_BUSY: "locked",
    sqlite3.SQLITE_LOCKED: "locked",
    sqlite3.SQLITE_NOTADB: "not a database",
    sqlite3.SQLITE_CORRUPT: "corrupt",
    sqlite3.SQLITE_CANTOPEN: "cannot open",
    sqlite3.SQLITE_IOERR: "I/O error",
}


def _sqlite_error(error: BaseException) -> sqlite3.Error | None:
    if isinstance(error, sqlite3.Error):
        return error
    if isinstance(error, PersistenceError):
        cause = error.__cause__
        if isinstance(cause, sqlite3.Error):
            return cause
        if len(error.args) == 1 and isinstance(error.args[0], sqlite3.Error):
            return error.args[0]
    return None


def _free_bytes(folder: Path) -> int | None:
    try:
        st = os.statvfs(folder)
    except OSError:
        return None
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    blocks = st.f_bfree if root else st.f_bavail
    return blocks * st.f_frsize


def store_error(
    error: BaseException, db_name: str, lock_timeout: float
) -> StoreError | None:
    """The :class:`StoreError` for an SQLite fault, or ``None`` when
    ``error`` is not one (a constraint violation, a missing table, ...).

    SQLite names a full disk or a read-only file only sometimes: writing the
    ``-wal`` or ``-shm`` file fails as a plain "disk I/O error".  An I/O error
    (or a file SQLite cannot open) is therefore checked against the disk: a
    folder or file that is not writable makes it ``read-only``, a disk with
    less than a megabyte free makes it ``disk full``.
    """
    found = _sqlite_error(error)
    if found is None:
        return None
    extended = getattr(found, "sqlite_errorcode", None)
    code = getattr(found, "sqlite_errorname", None)
    if extended is None:
        return None
    cause = _PRIMARY.get(extended & 0xFF)
    if cause is None:
        return None
    path = database_path(db_name)
    store = str(path) if path is not None else db_name
    said = f"SQLite said {str(found)!r} ({code})"
    if cause in ("I/O error", "cannot open") and path is not None:
        problem = _not_writable(path)
        folder = path.parent if str(path.parent) else Path(".")
        free = _free_bytes(folder) if folder.is_dir() else None
        if problem is not None:
            cause, rule = "read-only", f"{problem}; {said}"
        elif free is not None and free < _FREE_SPACE_FLOOR:
            cause = "disk full"
            rule = f"the disk holding the store has {free:,} bytes free; {said}"
        elif cause == "cannot open":
            rule = f"SQLite cannot open the file; {said}"
        else:
            rule = f"the disk failed to read or write the store; {said}"
        return StoreError(store, cause, rule, code)
    rules = {
        "disk full": "the disk holding the store is full, or the store reached "
        "its maximum size; free some space",
        "read-only": "SQLite may not write the store (the file, its -wal or "
        "-shm file, or its folder is read-only)",
        "locked": f"another connection still held the lock after {lock_timeout:g} "
        "s (SQLITE_LOCK_TIMEOUT); try again, or wait for the other writer",
        "not a database": "the file is not an SQLite database (or is encrypted)",
        "corrupt": "the database file is damaged; restore it from a backup",
        "cannot open": "SQLite cannot open the file",
        "I/O error": "the disk failed to read or write the store",
    }
    return StoreError(store, cause, f"{rules[cause]}; {said}", code)


# -- the pool and the datastore -----------------------------------------------


class PactSQLiteConnectionPool(SQLiteConnectionPool):
    """``eventsourcing``'s pool, with each connection set up by
    :func:`configure_connection` after :func:`check_writable`."""

    def __init__(self, *, settings: SQLiteSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings

    def _create_connection(self) -> SQLiteConnection:
        check_writable(self.db_name)
        c = sqlite3.connect(
            database=self.db_name,
            uri=True,
            check_same_thread=False,
            isolation_level=None,  # autocommit: transactions BEGIN explicitly
            cached_statements=True,
            timeout=self.settings.lock_timeout,
        )
        try:
            configure_connection(c, self.settings, wal=not self.is_sqlite_memory_mode)
        except BaseException:
            c.close()
            raise
        self.is_journal_mode_wal = not self.is_sqlite_memory_mode
        c.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=c, max_age=self.max_age)


class PactSQLiteDatastore(SQLiteDatastore):
    """``eventsourcing``'s datastore on a :class:`PactSQLiteConnectionPool`,
    raising :class:`StoreError` for SQLite faults."""

    def __init__(
        self, db_name: str, *, settings: SQLiteSettings, **kwargs: Any
    ) -> None:
        pool_keys = ("pool_size", "max_overflow", "pool_timeout", "max_age", "pre_ping")
        super().__init__(db_name, lock_timeout=None, **kwargs)
        old = self.pool
        self.pool = PactSQLiteConnectionPool(
            settings=settings,
            db_name=db_name,
            lock_timeout=None,
            **{k: v for k, v in kwargs.items() if k in pool_keys},
        )
        old.close()
        self.settings = settings

    def _fault(self, error: BaseException) -> StoreError | None:
        return store_error(error, self.pool.db_name, self.settings.lock_timeout)

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[SQLiteCursor]:
        # eventsourcing's, in one generator (this is every read's path).
        try:
            conn = self.pool.get_connection(is_writer=commit)
            try:
                with conn.transaction(commit=commit) as cursor:
                    yield cursor
            finally:
                self.pool.put_connection(conn)
        except (sqlite3.Error, PersistenceError) as e:
            fault = self._fault(e)
            if fault is None:
                raise
            raise fault from (_sqlite_error(e) or e)

    @contextmanager
    def get_connection(self, *, commit: bool) -> Iterator[SQLiteConnection]:
        try:
            conn = self.pool.get_connection(is_writer=commit)
            try:
                yield conn
            finally:
                self.pool.put_connection(conn)
        except (sqlite3.Error, PersistenceError) as e:
            fault = self._fault(e)
            if fault is None:
                raise
            raise fault from (_sqlite_error(e) or e)


def use_pact_datastore(factory: InfrastructureFactory[Any]) -> None:
    """Give an SQLite factory a :class:`PactSQLiteDatastore` (once), with the
    settings of its environment, before any recorder opens a connection.

    Other factories are left alone.

    Raises:
        InvalidValueError: a bad ``SQLITE_SYNCHRONOUS``.
    """
    if not isinstance(factory, SQLiteFactory):
        return
    old = factory.datastore
    if isinstance(old, PactSQLiteDatastore):
        return
    settings = SQLiteSettings.from_env(factory.env.get)
    if old.pool.lock_timeout is not None:
        settings = attrs.evolve(settings, lock_timeout=float(old.pool.lock_timeout))
    factory.datastore = PactSQLiteDatastore(
        old.pool.db_name,
        settings=settings,
        pool_size=old.pool.pool_size,
        max_overflow=old.pool.max_overflow,
        pool_timeout=old.pool.pool_timeout,
        max_age=old.pool.max_age,
        pre_ping=old.pool.pre_ping,
        single_row_tracking=old.single_row_tracking,
        originator_id_type=old.originator_id_type,
    )
    old.close()
