"""The monitoring views in a PostgreSQL store, against the real server.

The contract of ``tests/test_monitoring_properties.py`` (views caught up in
random steps equal a rebuild; a follower stopped, restarted and crashed
anywhere ends with the same views) run on :class:`PostgresViewStore`, plus
two follower processes on one database that never both apply an event, and
``pact views`` / ``pact report`` on a PostgreSQL store.  Each test (and each
Hypothesis example) gets a schema of its own; they fail, never skip, when the
server is down.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import Clock
from pact_adapters.cli import main
from pact_adapters.demo import TOURISM_ID, load_demo
from pact_adapters.storage.postgres_views import PostgresViewStore
from pact_adapters.stores import open_application, store_env
from pact_adapters.testing import postgres_store
from pact_adapters.views import open_views
from pact_domain.application import PactApplication
from pact_domain.monitoring import MemoryViewStore, MonitoringViews
from pact_domain.testing import StepClock
from test_monitoring_properties import (
    BASE,
    History,
    LegacyOp,
    Op,
    operations,
    summary,
)

BASE_URL = os.environ.get(
    "PACT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)

pg_settings = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL store on a schema of its own (fails if the server is down)."""
    with postgres_store(BASE_URL, prefix="pact_views") as url:
        yield url


def _new_pg_app(url: str) -> tuple[PactApplication, StepClock]:
    """An application on the PostgreSQL store with the property tests' clock."""
    clock = Clock(start=BASE, step=timedelta(days=2, hours=5))
    return PactApplication(env=store_env(url), clock=clock), clock


def _played(
    url: str, ops: Iterable[Op | LegacyOp], after_each: Callable[[], Any] = lambda: None
) -> PactApplication:
    app, clock = _new_pg_app(url)
    History(app, clock).play(ops, after_each)
    return app


def _rebuilt_in_memory(app: PactApplication) -> MonitoringViews:
    views = MonitoringViews(app, store=MemoryViewStore())
    views.rebuild()
    return views


# -- the store --------------------------------------------------------------------


def test_open_views_uses_the_schema_of_the_store(pg_url: str) -> None:
    """``open_views`` on PostgreSQL gives a PostgresViewStore whose rows table
    and tracking row are in the store's schema; decimals round-trip; ``clear``
    removes rows and position together."""
    import psycopg

    app = _played(pg_url, [(2, 1, 3), (5, 2, 4), (6, 4, 5), (7, 4, 6)])
    views = open_views(app)
    assert isinstance(views.store, PostgresViewStore)
    assert views.status().store == "postgresql"
    views.catch_up()
    assert views.status().lag == 0
    assert views.current().dump() == _rebuilt_in_memory(app).current().dump()
    reports = views.store.rows("report")
    assert reports
    assert all(isinstance(r.value, Decimal | None) for r in reports)
    schema = store_env(pg_url)["POSTGRES_SCHEMA"]
    with psycopg.connect(BASE_URL) as conn:
        rows = conn.execute(
            f'SELECT count(*) FROM "{schema}".monitoring_view_rows'
        ).fetchone()
        tracked = conn.execute(
            f'SELECT notification_id FROM "{schema}".pact_tracking '
            "WHERE application_name = 'monitoring'"
        ).fetchone()
    assert rows is not None
    assert rows[0] > 0
    assert tracked == (app.recorder.max_notification_id(),)
    views.store.clear()
    assert views.store.position() is None
    assert views.store.rows("partnership") == []
    assert views.rebuild() == app.recorder.max_notification_id()
    assert views.current().dump() == _rebuilt_in_memory(app).current().dump()
    app.close()


def test_a_stale_batch_is_discarded(pg_url: str) -> None:
    """A batch computed from an older position is refused, and nothing of it
    is written (the position check, inside the commit's transaction)."""
    app = _played(pg_url, [(2, 5, 10), (5, 3, 20), (6, 9, 30)])
    first = open_views(open_application(pg_url))
    second = open_views(open_application(pg_url))
    first.catch_up(limit=2)
    row = first.store.rows("organisation")[0]
    stale = {("organisation", "", "stale"): row}
    with pytest.raises(IntegrityError):
        second.store.commit(stale, Tracking("monitoring", 3), after=None)
    with pytest.raises(IntegrityError):  # not after the recorded position
        second.store.commit(stale, Tracking("monitoring", 2), after=2)
    assert first.store.position() == 2
    assert second.store.get_row("organisation", "", "stale") is None
    second.catch_up()
    first.catch_up()
    assert first.status().lag == 0
    assert first.current().dump() == _rebuilt_in_memory(app).current().dump()
    for views in (first, second):
        views.app.close()
    app.close()


# -- the property tests, on PostgreSQL ----------------------------------------------


@pg_settings
@given(ops=operations, limits=st.lists(st.integers(1, 7), min_size=1, max_size=5))
def test_incremental_equals_rebuilt_on_postgres(
    ops: list[Op], limits: list[int]
) -> None:
    """Views in PostgreSQL caught up after every command (in random steps)
    equal the views rebuilt in memory, and their own rebuild."""
    with postgres_store(BASE_URL, prefix="pact_views") as url:
        app, clock = _new_pg_app(url)
        views = open_views(app)
        steps = iter(limits * 1000)
        History(app, clock).play(ops, lambda: views.catch_up(limit=next(steps)))
        views.catch_up()
        expected = _rebuilt_in_memory(app).current(at=clock.next)
        incremental = views.current(at=clock.next)
        assert incremental.dump() == expected.dump()
        assert summary(incremental) == summary(expected)
        views.rebuild()
        assert views.current(at=clock.next).dump() == expected.dump()
        app.close()


@pg_settings
@given(
    ops=operations,
    stops=st.lists(st.integers(1, 40), min_size=1, max_size=6),
    crash_at=st.integers(1, 60),
    page_size=st.integers(1, 9),
)
def test_a_follower_restarted_anywhere_on_postgres(
    ops: list[Op], stops: list[int], crash_at: int, page_size: int
) -> None:
    """Followers with their own connections, stopped after random numbers of
    events and once crashed in the middle of a batch, end with the views of a
    rebuild: nothing skipped, nothing repeated."""
    with postgres_store(BASE_URL, prefix="pact_views") as url:
        app = _played(url, ops)
        head = app.recorder.max_notification_id() or 0
        opened: list[PactApplication] = []

        def follower() -> MonitoringViews:
            other = open_application(url)
            opened.append(other)
            return open_views(other, page_size=page_size)

        crashing = follower()
        calls = 0
        apply = crashing.projector.apply_notification

        def failing_apply(
            notification: Any, changes: Any, mapper: Any, *, plain: bool = False
        ) -> bool:
            nonlocal calls
            calls += 1
            if calls == crash_at:
                raise RuntimeError("the process died")
            return apply(notification, changes, mapper, plain=plain)

        crashing.projector.apply_notification = failing_apply  # type: ignore[method-assign]
        with contextlib.suppress(RuntimeError):
            crashing.catch_up()
        for limit in stops:
            follower().catch_up(limit=limit)
        last = follower()
        last.catch_up()
        assert last.status().position == head
        assert last.current().dump() == _rebuilt_in_memory(app).current().dump()
        for other in opened:
            other.close()
        app.close()


# -- two follower processes on one database ---------------------------------------


def _follow(url: str, page_size: int, head: int, start: Any, results: Any) -> None:
    """One follower process: catch up in small batches; put the ranges of
    notification ids of the batches it committed on ``results``."""
    from pact_adapters.stores import open_application
    from pact_adapters.views import open_views

    app = open_application(url)
    views = open_views(app, page_size=page_size)
    committed: list[tuple[int, int]] = []
    commit = views.store.commit

    def recording_commit(
        changes: Any, tracking: Tracking, *, after: int | None
    ) -> None:
        commit(changes, tracking, after=after)
        committed.append(((after or 0) + 1, tracking.notification_id))

    views.store.commit = recording_commit  # type: ignore[method-assign]
    start.wait(timeout=60)
    while (views.store.position() or 0) < head:
        # Losing MAX_CONFLICTS races in a row makes catch_up give up (by
        # design); a follower process would try again at its next poll.
        with contextlib.suppress(IntegrityError):
            views.catch_up()
    app.close()
    results.put((page_size, committed))


def _results(queue: Any, processes: list[Any], timeout: float = 600) -> Any:
    """Each process's result, failing as soon as one of them died."""
    import queue as queues

    deadline = time.monotonic() + timeout
    for _ in processes:
        while True:
            try:
                yield queue.get(timeout=1)
                break
            except queues.Empty:
                dead = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
                assert not dead, f"a follower process failed (exit codes {dead})"
                assert time.monotonic() < deadline, "the followers did not finish"


def test_two_follower_processes_never_apply_an_event_twice(pg_url: str) -> None:
    """Two processes follow one PostgreSQL store at once, in batches of one
    or two notifications: the batches they committed never overlap and
    together cover the log once; the views equal a rebuild."""
    ops = [(k, 7 * i + 1, i) for i in range(45) for k in (0, 2, 9, 10)]
    app = _played(pg_url, ops)
    head = app.recorder.max_notification_id() or 0
    assert head > 100
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    queue = context.Queue()
    followers = [
        context.Process(target=_follow, args=(pg_url, size, head, start, queue))
        for size in (1, 2)
    ]
    for process in followers:
        process.start()
    try:
        results = dict(_results(queue, followers))
    finally:
        for process in followers:
            process.join(timeout=60)
            if process.is_alive():  # pragma: no cover - only when it hangs
                process.kill()
    assert all(process.exitcode == 0 for process in followers)
    batches = sorted(b for r in results.values() for b in r)
    covered = [n for lo, hi in batches for n in range(lo, hi + 1)]
    assert covered == list(range(1, head + 1))
    assert all(results.values()), "both followers committed batches"
    views = open_views(app)
    assert views.status().lag == 0
    assert views.current().dump() == _rebuilt_in_memory(app).current().dump()
    app.close()


# -- the command line --------------------------------------------------------------


def test_pact_views_and_report_work_on_postgres(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``pact views`` and ``pact report`` use the PostgreSQL view store."""
    app = open_application(pg_url)
    load_demo(app)
    head = app.recorder.max_notification_id() or 0
    app.close()
    assert main(["views", "status", "--store", pg_url]) == 0
    assert f"position 0 of {head}" in capsys.readouterr().out
    assert main(["views", "rebuild", "--store", pg_url]) == 0
    assert f"from {head} notification(s)" in capsys.readouterr().out
    assert main(["views", "status", "--store", pg_url]) == 0
    out = capsys.readouterr().out
    assert "(postgresql)" in out
    assert "up to date" in out
    assert main(["report", str(TOURISM_ID), "--store", pg_url]) == 0
    assert "Annual monitoring report" in capsys.readouterr().out
    assert main(["report", "--portfolio", "--store", pg_url]) == 0
    assert "Portfolio report" in capsys.readouterr().out
