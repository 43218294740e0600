"""SQLite durability settings and faults (docs/storage.md, "SQLite durability
and faults").

Every connection the library opens on an SQLite store — the event store's
writers and readers (in any thread), the snapshot store, the monitoring view
store and the notification delivery store — reads back WAL, the configured
``synchronous`` level and the busy timeout.  Real faults (a full disk, a
read-only file or folder or ``-shm`` file, a lock held too long, a file that
is not a database) raise :class:`StoreError` naming the cause, and store
nothing.

Root ignores file permissions, so read-only files are made with ``chattr +i``
when the tests run as root (skipped where that is not possible); a full disk
is a tiny tmpfs when mounting is permitted, and SQLite's ``max_page_count``
otherwise (and always, for the view and delivery stores).
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from _helpers import register_org
from pact_adapters.cli import main
from pact_adapters.errors import StoreUnavailableError
from pact_adapters.hookspecs import DeadLetter
from pact_adapters.notifications import delivery_recorder, message_from_notification
from pact_adapters.storage._sqlite_datastore import PactSQLiteDatastore, store_error
from pact_adapters.stores import open_application, store_env
from pact_domain.application import PactApplication
from pact_domain.errors import STORE_FAULTS, InvalidValueError, PactError, StoreError
from pact_domain.monitoring import default_view_store
from pact_domain.monitoring.records import TABLES

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
LEVELS = {"FULL": 2, "NORMAL": 1, "EXTRA": 3}


def pragmas(connection: sqlite3.Connection) -> tuple[str, int, int]:
    """``(journal_mode, synchronous, busy_timeout)`` of a connection."""
    read = [
        connection.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "busy_timeout")
    ]
    return (read[0], read[1], read[2])


def read_back(datastore: Any, *, writer: bool) -> tuple[int, tuple[str, int, int]]:
    with datastore.get_connection(commit=writer) as conn:
        sqlite_conn = conn._sqlite_conn
        return id(sqlite_conn), pragmas(sqlite_conn)


def count_events(path: Path) -> int:
    """The events in the store's file (read by a connection of its own, closed
    at once)."""
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])


def limit_size(app: PactApplication) -> None:
    """Let the store's file grow no more (SQLite's ``max_page_count``, per
    connection: set on every connection of the pool)."""
    pool = app.recorder.datastore.pool
    # One connection at least, so there is one to limit.
    with app.recorder.datastore.get_connection(commit=True):
        pass
    conns = list(pool._pool)
    assert conns
    for conn in conns:
        conn._sqlite_conn.execute("PRAGMA max_page_count=1")


def register_many(app: PactApplication, n: int = 60) -> None:
    with app.batch():
        for i in range(n):
            register_org(app, f"Organisation {i} " + "x" * 250)


@contextmanager
def not_writable(path: Path) -> Iterator[None]:
    """``path`` (a file or folder) not writable, even for root."""
    if ROOT:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i is not possible here: {done.stderr.decode()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store file with one organisation in it, closed."""
    path = tmp_path / "store" / "pact.db"
    path.parent.mkdir()
    app = open_application(path)
    register_org(app)
    app.close()
    return path


# -- durability settings ------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "level"),
    [
        ({}, "FULL"),
        ({"SQLITE_SYNCHRONOUS": "NORMAL"}, "NORMAL"),
        ({"SQLITE_SYNCHRONOUS": " extra "}, "EXTRA"),
    ],
)
def test_every_kind_of_connection_reads_back_the_settings(
    tmp_path: Path, env: dict[str, str], level: str
) -> None:
    app = open_application(str(tmp_path / "pact.db"), env=env)
    register_org(app)
    expected = ("wal", LEVELS[level], 10_000)
    assert app.snapshots is not None
    views = default_view_store(app)
    deliveries = delivery_recorder(app)
    kinds = {
        "events (writer)": read_back(app.recorder.datastore, writer=True),
        "events (reader)": read_back(app.recorder.datastore, writer=False),
        "snapshots": read_back(app.snapshots.recorder.datastore, writer=True),  # type: ignore[attr-defined]
        "views": read_back(views.datastore, writer=True),  # type: ignore[attr-defined]
        "deliveries": read_back(deliveries.datastore, writer=False),  # type: ignore[attr-defined]
    }
    for kind, (_, read) in kinds.items():
        assert read == expected, kind

    # Reader threads, each holding its own connection at once.
    n = 4
    barrier = threading.Barrier(n)
    seen: list[tuple[int, tuple[str, int, int]]] = []

    def reader() -> None:
        with app.recorder.datastore.get_connection(commit=False) as conn:
            barrier.wait(timeout=10)
            seen.append((id(conn._sqlite_conn), pragmas(conn._sqlite_conn)))
            barrier.wait(timeout=10)

    threads = [threading.Thread(target=reader) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({conn for conn, _ in seen}) == n
    assert all(read == expected for _, read in seen)
    app.close()


def test_the_lock_timeout_is_the_busy_timeout(tmp_path: Path) -> None:
    app = open_application(str(tmp_path / "pact.db"), env={"SQLITE_LOCK_TIMEOUT": "3"})
    assert read_back(app.recorder.datastore, writer=True)[1] == ("wal", 2, 3_000)
    app.close()


def test_the_level_comes_from_the_process_environment_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACT_SQLITE_SYNCHRONOUS", "normal")
    app = open_application(tmp_path / "pact.db")
    assert read_back(app.recorder.datastore, writer=True)[1][1] == 1
    app.close()


def test_a_recorder_named_by_topic_gets_the_same_connections(tmp_path: Path) -> None:
    from eventsourcing.sqlite import SQLiteApplicationRecorder

    env = {"APPLICATION_RECORDER_TOPIC": get_topic(SQLiteApplicationRecorder)}
    app = open_application(tmp_path / "pact.db", env=env)
    assert type(app.recorder) is SQLiteApplicationRecorder
    assert isinstance(app.recorder.datastore, PactSQLiteDatastore)
    assert read_back(app.recorder.datastore, writer=True)[1] == ("wal", 2, 10_000)
    app.close()


@pytest.mark.parametrize(
    ("value", "words"), [("OFF", "OFF is refused"), ("fast", "must be FULL")]
)
def test_a_bad_level_is_refused_before_anything_is_created(
    tmp_path: Path, value: str, words: str
) -> None:
    path = tmp_path / "pact.db"
    with pytest.raises(InvalidValueError) as raised:
        open_application(str(path), env={"SQLITE_SYNCHRONOUS": value})
    assert raised.value.field == "SQLITE_SYNCHRONOUS"
    assert raised.value.value == value
    assert words in str(raised.value)
    assert not path.exists()


# -- faults -------------------------------------------------------------------


def test_store_error_is_a_pact_error_and_an_os_error() -> None:
    error = StoreError("/x/pact.db", "disk full", "no space", "SQLITE_FULL")
    assert isinstance(error, PactError)
    assert isinstance(error, OSError)
    assert str(error) == "Store '/x/pact.db': disk full: no space"
    again = pickle.loads(pickle.dumps(error))
    assert (again.store, again.cause, again.code, str(again)) == (
        error.store,
        error.cause,
        error.code,
        str(error),
    )


def test_errors_that_are_not_faults_pass_unchanged(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError) as constraint:
        conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError) as missing:
        conn.execute("SELECT * FROM nowhere")
    assert store_error(constraint.value, "pact.db", 10) is None
    assert store_error(missing.value, "pact.db", 10) is None
    assert store_error(IntegrityError(constraint.value), "pact.db", 10) is None


def test_a_full_store_stores_nothing_of_the_batch(store: Path) -> None:
    app = open_application(store)
    limit_size(app)
    with pytest.raises(StoreError) as raised:
        register_many(app)
    error = raised.value
    assert error.cause == "disk full"
    assert error.code == "SQLITE_FULL"
    assert "disk full" in str(error)
    assert str(store) in str(error)
    assert isinstance(error.__cause__, sqlite3.Error)
    app.close()
    assert count_events(store) == 1


@contextmanager
def tiny_disk(folder: Path, size: str = "1m") -> Iterator[Path]:
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not possible here: {done.stderr.decode()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    try:
        while True:
            os.write(fd, b"\0")
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_is_named(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        path = disk / "pact.db"
        app = open_application(path)
        register_org(app)
        filler = fill(disk)
        with pytest.raises(StoreError) as raised:
            register_many(app)
        assert raised.value.cause == "disk full", raised.value
        assert "disk full" in str(raised.value)
        app.close()
        filler.unlink()
        assert count_events(path) == 1
        # Opening on a full disk (SQLite cannot make the -shm file): named too.
        filler = fill(disk)
        with pytest.raises(StoreError) as at_open:
            PactApplication(env=store_env(path))
        assert at_open.value.cause == "disk full", at_open.value
        filler.unlink()
        assert count_events(path) == 1


def test_a_read_only_file_is_refused_at_open(store: Path) -> None:
    with not_writable(store):
        with pytest.raises(StoreError) as raised:
            PactApplication(env=store_env(store))
        assert raised.value.cause == "read-only"
        assert f"the database file {str(store)!r} is not writable" in str(raised.value)
        with pytest.raises(StoreUnavailableError) as unavailable:
            open_application(str(store))
        assert isinstance(unavailable.value.__cause__, StoreError)
        assert "read-only" in str(unavailable.value)
    assert count_events(store) == 1


def test_a_read_only_folder_is_refused_at_open(store: Path) -> None:
    with not_writable(store.parent):
        with pytest.raises(StoreError) as raised:
            PactApplication(env=store_env(store))
        assert raised.value.cause == "read-only"
        assert f"its folder {str(store.parent)!r} is not writable" in str(raised.value)
    assert count_events(store) == 1


def test_the_command_line_names_the_fault_and_exits_1(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with not_writable(store):
        assert main(["--store", str(store), "partnerships"]) == 1
    assert "read-only" in capsys.readouterr().err


_WRITER = """
import sys
sys.path.insert(0, {tests!r})
from _helpers import register_org
from pact_adapters.stores import store_env
from pact_domain.application import PactApplication
app = PactApplication(env=store_env({path!r}))
register_org(app, "Second")
print("written")
"""


def test_a_read_only_shared_memory_file_is_an_error_not_a_signal(store: Path) -> None:
    """The ``-shm`` file is mapped into memory; a read-only one (left by
    another user's process, or on a filesystem where mapping it fails) was
    reported to kill the writer with SIGBUS.  The writer now refuses it."""
    shm = store.with_name(store.name + "-shm")
    shm.write_bytes(b"\0" * 32768)
    with not_writable(shm):
        code = _WRITER.format(tests=str(Path(__file__).parent), path=str(store))
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 1, (done.returncode, done.stderr)  # not -SIGBUS
    assert "written" not in done.stdout
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("pact_domain.errors.StoreError:")
    assert "read-only" in last
    assert f"{str(shm)!r} is not writable" in last
    shm.unlink()
    assert count_events(store) == 1


def test_a_lock_held_too_long_is_named(store: Path) -> None:
    app = open_application(store, env={"SQLITE_LOCK_TIMEOUT": "1"})
    other = sqlite3.connect(store, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as raised:
            register_org(app, "Blocked")
        waited = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert raised.value.cause == "locked"
    assert raised.value.code == "SQLITE_BUSY"
    assert "after 1 s (SQLITE_LOCK_TIMEOUT)" in str(raised.value)
    assert waited >= 0.9
    app.close()
    assert count_events(store) == 1


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    text = b"these are my notes, not a store\n" * 200
    path.write_bytes(text)
    with pytest.raises(StoreError) as raised:
        PactApplication(env=store_env(path))
    assert raised.value.cause == "not a database"
    assert raised.value.code == "SQLITE_NOTADB"
    assert path.read_bytes() == text


def test_a_full_store_stores_nothing_of_a_view_commit(store: Path) -> None:
    app = open_application(store)
    views = default_view_store(app)
    limit_size(app)
    table = next(iter(TABLES))
    rows = {
        (table, "g", str(i)): b'{"filler": "' + b"x" * 2000 + b'"}' for i in range(50)
    }
    with pytest.raises(StoreError) as raised:
        views.commit(rows, Tracking(views.name, 1), after=None)
    assert raised.value.cause == "disk full"
    assert views.position() is None
    app.close()
    with sqlite3.connect(store) as conn:
        assert (
            conn.execute(f"SELECT COUNT(*) FROM {views.rows_table}").fetchone()[0] == 0
        )  # type: ignore[attr-defined]


def test_a_full_store_stores_nothing_of_a_dead_letter(store: Path) -> None:
    app = open_application(store)
    deliveries = delivery_recorder(app)
    notification = app.recorder.select_notifications(1, 1)[0]
    message = message_from_notification(app, notification)
    letter = DeadLetter(
        channel="sink",
        message=message,
        error="x" * 200_000,
        attempts=3,
        failed_at=message.recorded_at,
    )
    limit_size(app)
    with pytest.raises(StoreError) as raised:
        deliveries.insert_dead_letter(letter, Tracking("notify:sink", notification.id))
    assert raised.value.cause == "disk full"
    assert deliveries.select_dead_letters() == []
    assert deliveries.max_tracking_id("notify:sink") is None
    app.close()


def test_every_cause_is_documented() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "storage.md").read_text()
    section = doc.split("## SQLite durability and faults", 1)[1]
    for cause in STORE_FAULTS:
        assert f"`{cause}`" in section, cause
