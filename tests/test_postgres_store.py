"""The PostgreSQL store against the real server: URLs and settings, round
trips, isolation by schema, an unreachable server, and two application
processes writing to one partnership at the same time."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import socket
import time
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from _helpers import ACTOR, active_lsp, pledge, register_org
from pact_adapters.errors import StoreUnavailableError, StoreURLError
from pact_adapters.storage.postgres import connection_problem, postgres_env
from pact_adapters.stores import open_application, store_env
from pact_adapters.testing import postgres_store
from pact_domain.errors import ConcurrencyError
from pact_domain.values import ReportingPeriod

BASE_URL = os.environ.get(
    "PACT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL store on a schema of its own (fails if the server is down)."""
    with postgres_store(BASE_URL) as url:
        yield url


# -- URLs -------------------------------------------------------------------------


def test_url_gives_every_setting() -> None:
    """User, password, host, port, database and schema come from the URL."""
    env = postgres_env(
        "postgresql://pact:p%40ss@db.example:6543/pactdb?schema=lsp&pool_size=3",
        environ={},
    )
    assert env == {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_USER": "pact",
        "POSTGRES_PASSWORD": "p@ss",
        "POSTGRES_HOST": "db.example",
        "POSTGRES_PORT": "6543",
        "POSTGRES_DBNAME": "pactdb",
        "POSTGRES_SCHEMA": "lsp",
        "POSTGRES_POOL_SIZE": "3",
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "APPLICATION_RECORDER_TOPIC": (
            "pact_adapters.storage.postgres:PactPostgresApplicationRecorder"
        ),
    }


def test_gaps_are_filled_from_postgres_then_libpq_variables() -> None:
    """What the URL leaves out comes from POSTGRES_*, then PG*, then defaults."""
    env = postgres_env(
        "postgres:///",
        environ={
            "POSTGRES_HOST": "from-es",
            "PGHOST": "from-libpq",
            "PGPORT": "5433",
            "PGUSER": "alice",
            "PGPASSWORD": "pw",
            "POSTGRES_SCHEMA": "pact",
        },
    )
    assert env["POSTGRES_HOST"] == "from-es"
    assert env["POSTGRES_PORT"] == "5433"
    assert env["POSTGRES_USER"] == "alice"
    assert env["POSTGRES_PASSWORD"] == "pw"
    assert env["POSTGRES_DBNAME"] == "alice"
    assert env["POSTGRES_SCHEMA"] == "pact"
    assert postgres_env("postgresql://", environ={})["POSTGRES_HOST"] == "localhost"


def test_socket_directory_as_host_parameter() -> None:
    """libpq's ``?host=/run/postgresql`` form works for Unix sockets."""
    env = postgres_env("postgresql:///pact?host=/run/postgresql", environ={})
    assert env["POSTGRES_HOST"] == "/run/postgresql"
    assert env["POSTGRES_DBNAME"] == "pact"


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("postgresql://db/pact?sslmode=require", "unknown parameter 'sslmode'"),
        ("postgresql://db:notaport/pact", "malformed URL"),
        ("postgresql://db/a/b", "contains '/'"),
    ],
)
def test_malformed_urls_are_refused(url: str, match: str) -> None:
    """A bad URL is a StoreURLError saying what is wrong."""
    with pytest.raises(StoreURLError, match=match):
        store_env(url)


def test_password_is_masked_in_errors() -> None:
    """Errors never show the password."""
    with pytest.raises(StoreURLError) as info:
        store_env("postgresql://pact:hunter2@db/pact?bogus=1")
    assert "hunter2" not in str(info.value)
    assert "pact:***@db" in str(info.value)


# -- the real server ----------------------------------------------------------------


def test_unreachable_server_is_a_clear_error() -> None:
    """Nothing listening: StoreUnavailableError (a ConnectionError), quickly."""
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as info:
        open_application("postgresql://postgres:pw@127.0.0.1:1/test?connect_timeout=1")
    assert isinstance(info.value, ConnectionError)
    assert "pw@" not in str(info.value)
    assert time.monotonic() - started < 10


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _with(url: str, **parts: str) -> str:
    split = urlsplit(url)
    netloc = split.netloc
    if "port" in parts:
        netloc = f"{split.username or 'postgres'}@127.0.0.1:{parts['port']}"
    return urlunsplit(split._replace(netloc=netloc, path=parts.get("path", split.path)))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            {"path": "/pact_no_such_database"},
            'database "pact_no_such_database" does not exist on ',
        ),
        ({"port": "UNUSED"}, "connection refused by 127.0.0.1:"),
    ],
    ids=["missing database", "connection refused"],
)
def test_why_the_server_cannot_be_used_is_said_at_once(
    change: dict[str, str], reason: str
) -> None:
    """A missing database or a refused connection is told apart in well under
    the pool's timeout (10 s), not as "couldn't get a connection"."""
    if change.get("port") == "UNUSED":
        change = {"port": str(_unused_port())}
    url = _with(BASE_URL, **change)
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as info:
        open_application(url)
    elapsed = time.monotonic() - started
    assert reason in info.value.reason
    assert "couldn't get a connection" not in str(info.value)
    assert elapsed < 3, elapsed


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (
            'connection failed: connection to server at "db", port 5432 failed: '
            'FATAL:  password authentication failed for user "pact"',
            "authentication failed for user 'pact' on db:5432: password "
            'authentication failed for user "pact"',
        ),
        (
            'connection to server at "db", port 5432 failed: FATAL:  role "pact" '
            "does not exist",
            "authentication failed for user 'pact' on db:5432: "
            'role "pact" does not exist',
        ),
        (
            'connection to server at "db", port 5432 failed: timeout expired',
            "no answer from db:5432 within 10 s (connect_timeout)",
        ),
        ("something else", "something else"),
    ],
)
def test_connection_problems_in_words(message: str, reason: str) -> None:
    """libpq's messages (authentication failures cannot be provoked on a
    server with trust authentication) become one sentence each."""
    assert (
        connection_problem(
            message, host="db", port="5432", dbname="pact", user="pact", timeout=10
        )
        == reason
    )


def test_round_trip_and_tables_in_the_schema(pg_url: str) -> None:
    """Events written by one application are read by another; the tables are
    in the URL's schema."""
    import psycopg

    first = open_application(pg_url)
    pid, orgs = active_lsp(first, members=2)
    first.close()
    second = open_application(pg_url)
    partnership = second.get_partnership(pid)
    assert set(partnership.members) == set(orgs)
    second.close()
    schema = store_env(pg_url)["POSTGRES_SCHEMA"]
    env = postgres_env(BASE_URL)
    with psycopg.connect(
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        dbname=env["POSTGRES_DBNAME"],
    ) as conn:
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = %s",
                (schema,),
            )
        }
    assert "pact_events" in tables


def test_one_save_of_twenty_thousand_events_returns(pg_url: str) -> None:
    """A batch import's single save of 20,000 events of 600 bytes is stored
    (``eventsourcing`` 9.5's pipelined insert never returns from it), with
    consecutive notification ids in the order of the events."""
    import threading
    from uuid import uuid4

    from eventsourcing.persistence import StoredEvent

    from pact_adapters.storage.postgres import PactPostgresApplicationRecorder

    app = open_application(pg_url)
    recorder = app.recorder
    assert isinstance(recorder, PactPostgresApplicationRecorder)
    oid = uuid4()
    events = [
        StoredEvent(oid, v, "tests:Big", b'{"x":"' + b"y" * 600 + b'"}')
        for v in range(1, 20_001)
    ]
    result: list[Any] = []
    worker = threading.Thread(
        target=lambda: result.append(recorder.insert_events(events)), daemon=True
    )
    worker.start()
    worker.join(timeout=300)
    assert result, "the save did not return within 300 s"
    ids = list(result[0])
    assert len(ids) == 20_000
    assert ids == list(range(ids[0], ids[0] + 20_000))
    stored = recorder.select_events(oid, desc=True, limit=1)
    assert stored[0].originator_version == 20_000
    # The same versions again: refused as a whole, nothing more stored.
    with pytest.raises(IntegrityError):
        recorder.insert_events(events[-2_000:])
    assert recorder.max_notification_id() == ids[-1]
    app.close()


def test_processes_starting_at_once_on_a_new_schema_all_open_it(pg_url: str) -> None:
    """Several applications (with their views and delivery recorders) opening a
    new schema at the same instant all open it, the tables created once."""
    import threading

    from pact_adapters.notifications import delivery_recorder
    from pact_adapters.views import open_views

    barrier = threading.Barrier(4)
    errors: list[BaseException] = []
    opened: list[Any] = []

    def open_all() -> None:
        try:
            barrier.wait(timeout=60)
            app = open_application(pg_url)
            opened.append((app, open_views(app), delivery_recorder(app)))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=open_all) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(opened) == 4
    app, _, _ = opened[0]
    org = register_org(app)
    assert all(other.exists(org) for other, _, _ in opened)
    for other, _, _ in opened:
        other.close()


def test_opening_waits_while_the_schemas_creation_lock_is_held(pg_url: str) -> None:
    """Opening a store creates its tables only while holding its schema's
    table-creation lock, so it waits while another process holds it."""
    import threading

    from pact_adapters.storage._postgres_creation import table_creation_lock
    from pact_adapters.storage.postgres import PactPostgresApplicationRecorder

    first = open_application(pg_url)
    assert isinstance(first.recorder, PactPostgresApplicationRecorder)
    opened = threading.Event()

    def open_second() -> None:
        open_application(pg_url).close()
        opened.set()

    thread = threading.Thread(target=open_second)
    with table_creation_lock(first.recorder.datastore):
        thread.start()
        assert not opened.wait(1.0)
    assert opened.wait(60)
    thread.join(timeout=60)
    first.close()


def test_schemas_keep_stores_apart(pg_url: str) -> None:
    """Two schemas in one database are two stores."""
    with postgres_store(BASE_URL) as other_url:
        a = open_application(pg_url)
        b = open_application(other_url)
        org = register_org(a)
        assert not b.exists(org)
        assert b.organisation_ids() == []
        a.close()
        b.close()


# -- two processes, one partnership ----------------------------------------------------

WRITES = 15


def _writer(
    url: str, pid: str, kpi: str, reporter: str, worker: int, start: Any
) -> dict[str, Any]:
    """One application process: for each round, join a new member and report
    the KPI, all on the same partnership as the other process."""
    from _helpers import register_org
    from pact_adapters.stores import open_application

    app = open_application(url)
    conflicts = 0
    save = app.save

    def counting_save(*args: Any, **kwargs: Any) -> Any:
        nonlocal conflicts
        try:
            return save(*args, **kwargs)
        except IntegrityError:
            conflicts += 1
            raise

    app.save = counting_save  # type: ignore[method-assign]
    partnership = UUID(pid)
    orgs = [register_org(app, f"Worker {worker} member {i}") for i in range(WRITES)]
    # A timeout, so that a worker that failed before this point fails the
    # test (BrokenBarrierError here) instead of leaving the other waiting.
    start.wait(timeout=120)
    joined: list[str] = []
    reports: list[str] = []
    client_retries = 0
    for i, org in enumerate(orgs):
        while True:
            try:
                app.join_partnership(partnership, organisation_id=org, actor=ACTOR)
                break
            except ConcurrencyError:
                client_retries += 1
        joined.append(str(org))
        year, month = 2025 + i // 12, 1 + i % 12
        period = ReportingPeriod(date(year, month, 1), date(year, month, 28))
        while True:
            try:
                report = app.report_kpi(
                    partnership,
                    kpi_id=UUID(kpi),
                    period=period,
                    value=100 * worker + i,
                    reported_by=UUID(reporter),
                    actor=ACTOR,
                )
                break
            except ConcurrencyError:
                client_retries += 1
        reports.append(str(report))
    app.close()
    return {
        "joined": joined,
        "reports": reports,
        "client_retries": client_retries,
        "conflicts": conflicts,
    }


def test_two_processes_writing_one_partnership_stay_consistent(pg_url: str) -> None:
    """Two application processes append members and KPI reports to the same
    partnership at once: every write is kept (no lost update), versions are
    contiguous, and each process sees the other's writes."""
    app = open_application(pg_url)
    pid, orgs = active_lsp(app, members=2)
    _, kpis = pledge(app, pid)
    before = app.get_partnership(pid).version
    app.close()
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(2) as pool:
        start = manager.Barrier(2)
        results = pool.starmap_async(
            _writer,
            [
                (pg_url, str(pid), str(kpis[0]), str(orgs[0]), 0, start),
                (pg_url, str(pid), str(kpis[0]), str(orgs[1]), 1, start),
            ],
        ).get(timeout=600)
    app = open_application(pg_url)
    partnership = app.get_partnership(pid)
    history = app.history(pid)
    joined = {UUID(x) for r in results for x in r["joined"]}
    reports = {UUID(x) for r in results for x in r["reports"]}
    assert len(joined) == len(reports) == 2 * WRITES
    assert joined <= set(partnership.members)
    assert reports <= set(partnership.reports)
    assert partnership.version == before + 4 * WRITES
    assert [e.originator_version for e in history] == list(
        range(1, partnership.version + 1)
    )
    # The writes really overlapped: the two processes' members joined
    # interleaved, and saves conflicted and were retried.
    first = {UUID(x) for x in results[0]["joined"]}
    order = [
        event.organisation_id in first
        for event in history
        if getattr(event, "organisation_id", None) in joined
    ]
    switches = sum(1 for a, b in itertools.pairwise(order) if a != b)
    assert switches >= 1
    assert sum(r["conflicts"] for r in results) > 0
    app.close()
