"""The fast paths of the monitoring views give the same views as the plain ones.

* Stores keeping rows as JSON (SQLite, PostgreSQL) get the rows of the most
  frequent events straight from the stored events' JSON
  (:data:`~pact_domain.monitoring.projector.PLAIN_EVENTS`); every other store
  gets them from decoded events.  Both give the same rows.
* Rows are encoded and decoded by compiled functions; rows written by the
  library converter before read back the same.
* ``views.as_of(T, axis, partnerships=[p])`` folds only that partnership's
  events and its member organisations', and gives the same views of it — and
  the same annual report — as the whole log's fold.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import orjson
import pytest
from eventsourcing.persistence import Tracking
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pact_adapters.storage.sqlite_views import SQLiteViewStore
from pact_adapters.stores import open_application
from pact_domain.application import PactApplication
from pact_domain.errors import NotFoundError
from pact_domain.monitoring import (
    MemoryViewStore,
    MonitoringState,
    MonitoringViews,
    TimeAxis,
    annual_report,
    partnership_report,
)
from pact_domain.monitoring.projector import (
    _PLAIN,
    PLAIN_EVENTS,
    Projector,
    _compatible,
    _Plain,
)
from pact_domain.monitoring.records import TABLES
from pact_domain.monitoring.store import decode_row, encode_row, omitted_defaults
from pact_domain.partnership import (
    ActivityHeld,
    KpiReportApproved,
    KpiReportCorrected,
    KpiReported,
    KpiReportReturned,
)
from pact_domain.serialization import converter
from test_monitoring_properties import (
    History,
    Op,
    _new_app,
    _small_history,
    operations,
    summary,
)

slow = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _events(app: PactApplication) -> list[Any]:
    return [
        app.mapper.to_domain_event(n)
        for n in app.recorder.select_notifications(1, 100_000)
    ]


def _time(event: Any, axis: TimeAxis) -> datetime:
    moment: datetime = (
        event.timestamp if axis is TimeAxis.RECORDED else event.effective_at
    )
    return moment


# -- rows from stored JSON ----------------------------------------------------------


def test_the_frequent_events_are_applied_from_their_json() -> None:
    """KPI reports, corrections, reviews and activities have handlers of their
    stored JSON, used for stores that keep JSON and the library's mapper."""
    assert set(PLAIN_EVENTS) == {
        KpiReported,
        KpiReportCorrected,
        KpiReportApproved,
        KpiReportReturned,
        ActivityHeld,
    }
    app = PactApplication(store="memory:")
    assert not Projector.plain_for(app.mapper, MemoryViewStore())
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_app = open_application(str(Path(tmp) / "pact.db"))
        views = MonitoringViews(sqlite_app)
        assert isinstance(views.store, SQLiteViewStore)
        assert Projector.plain_for(sqlite_app.mapper, views.store)
        sqlite_app.close()


def test_a_handler_whose_classes_changed_is_not_used() -> None:
    """A handler of stored JSON is used only while the event and row classes
    still fit what it declares it copies."""
    assert all(_compatible(p) for p in _PLAIN)
    reported = _PLAIN[0]
    renamed = _Plain(
        reported.handler,
        reported.event,
        reported.table,
        copies={**reported.copies, "kpi_id": "no_such_field"},
        fills=reported.fills,
    )
    retyped = _Plain(
        reported.handler,
        reported.event,
        reported.table,
        copies={**reported.copies, "value": "text"},
        fills=reported.fills,
    )
    incomplete = _Plain(
        reported.handler,
        reported.event,
        reported.table,
        copies={k: v for k, v in reported.copies.items() if k != "period"},
        fills=reported.fills,
    )
    assert not _compatible(renamed)
    assert not _compatible(retyped)
    assert not _compatible(incomplete)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ops=operations, page_size=st.integers(1, 12), steps=st.integers(1, 30))
def test_rows_from_stored_json_equal_rows_from_decoded_events(
    ops: list[Op], page_size: int, steps: int
) -> None:
    """SQLite views (rows of the frequent events built from their JSON),
    caught up in random steps, equal in-memory views built from decoded
    events, row for row and view for view."""
    with tempfile.TemporaryDirectory() as tmp:
        app, clock = _new_app(str(Path(tmp) / "pact.db"))
        views = MonitoringViews(app, page_size=page_size)
        History(app, clock).play(ops, lambda: views.catch_up(limit=steps))
        views.catch_up()
        memory = MonitoringViews(app, store=MemoryViewStore())
        memory.catch_up()
        last = max(e.timestamp for e in _events(app))
        assert views.current(at=last).dump() == memory.current(at=last).dump()
        assert summary(views.current(at=last)) == summary(memory.current(at=last))
        for table in TABLES:
            for row in memory.store.rows(table):
                assert decode_row(table, encode_row(table, row)) == row
        app.close()


def test_rows_written_by_the_converter_read_back_the_same() -> None:
    """Rows stored before (the library converter's JSON, every field) and
    rows stored now (compiled, defaults left out) decode to the same rows."""
    app, _ = _new_app()
    _small_history(app)
    views = MonitoringViews(app)
    views.catch_up()
    seen = 0
    for table, cls in TABLES.items():
        for row in views.store.rows(table):
            old = orjson.dumps(converter.unstructure(row, cls))
            new = encode_row(table, row)
            assert decode_row(table, old) == row
            assert decode_row(table, new) == row
            assert decode_row(table, new.decode()) == row
            data = orjson.loads(new)
            for name, default in omitted_defaults(cls).items():
                if getattr(row, name) == default:
                    assert name not in data
            seen += 1
    assert seen > 5


def test_a_memory_store_takes_encoded_rows() -> None:
    """A store given encoded rows decodes them (the port allows either)."""
    app, _ = _new_app()
    _small_history(app)
    views = MonitoringViews(app)
    views.catch_up()
    rows = {
        ("report", str(r.partnership_id), str(r.id)): encode_row("report", r)
        for r in views.store.rows("report")
    }
    store = MemoryViewStore()
    store.commit(rows, Tracking(store.name, 1), after=None)
    assert store.rows("report") == views.store.rows("report")
    assert store.get_encoded("report", *next(iter(rows))[1:]) == next(
        iter(rows.values())
    )


def test_a_cached_state_reads_each_table_once() -> None:
    """``state.cached()`` gives the same views, reads a table of a group once,
    and cannot write."""
    app, _ = _new_app()
    _small_history(app)
    views = MonitoringViews(app)
    views.catch_up()
    state = views.current()
    cached = state.cached()
    assert cached.cached() is cached
    assert summary(cached) == summary(state)
    calls: list[tuple[str, str | None]] = []
    rows = views.store.rows

    def counting(table: str, group: str | None = None) -> list[Any]:
        calls.append((table, group))
        return rows(table, group)

    views.store.rows = counting  # type: ignore[method-assign]
    fresh = views.current().cached()
    for p in fresh.partnerships():
        partnership_report(fresh, p.id)
        partnership_report(fresh, p.id)
    assert calls
    assert len(calls) == len(set(calls))
    with pytest.raises(TypeError):
        fresh.store.commit({}, Tracking("monitoring", 99), after=None)
    with pytest.raises(TypeError):
        fresh.store.clear()


# -- as of, one partnership at a time ------------------------------------------------


def _same_views_of(part: MonitoringState, whole: MonitoringState, pid: UUID) -> None:
    for table in TABLES:
        if table in ("organisation", "partnership"):
            continue
        assert part.rows(table, pid) == whole.rows(table, pid)
    assert part.partnership(pid) == whole.partnership(pid)
    assert part.register(pid) == whole.register(pid)
    assert part.coverage(pid) == whole.coverage(pid)
    assert part.kpi_progress(pid) == whole.kpi_progress(pid)
    assert part.reporting_calendar(pid) == whole.reporting_calendar(pid)


@slow
@given(
    ops=operations,
    axis=st.sampled_from(TimeAxis),
    where=st.floats(0, 1),
    shift=st.sampled_from((timedelta(0), timedelta(hours=-1), timedelta(hours=1))),
)
def test_as_of_one_partnership_gives_the_whole_logs_annual_report(
    ops: list[Op], axis: TimeAxis, where: float, shift: timedelta
) -> None:
    """For random histories and instants, on both axes, the views folded from
    one partnership's events (and its members' organisations') give that
    partnership the same views and the same annual report as the whole
    log's fold; a partnership not there yet is not found by either."""
    app, clock = _new_app()
    History(app, clock).play(ops)
    events = _events(app)
    times = sorted(_time(e, axis) for e in events)
    until = times[int(where * (len(times) - 1))] + shift
    views = MonitoringViews(app)
    whole = views.as_of(until, axis)
    known = {p.id for p in whole.partnerships()}
    everyone = {e.originator_id for e in events if type(e).__name__.startswith("Expr")}
    for pid in sorted(everyone | {uuid4()}, key=str):
        part = views.as_of(until, axis, partnerships=[pid])
        assert part.position == app.recorder.max_notification_id()
        assert part.at == whole.at
        if pid not in known:
            assert part.partnerships() == []
            with pytest.raises(NotFoundError):
                annual_report(views, pid, as_of=until, axis=axis)
            continue
        assert [p.id for p in part.partnerships()] == [pid]
        _same_views_of(part, whole, pid)
        for year in {until.year, until.year - 1}:
            expected = partnership_report(whole, pid, year=year)
            assert partnership_report(part, pid, year=year) == expected
            assert (
                annual_report(views, pid, year=year, as_of=until, axis=axis) == expected
            )


def test_as_of_several_partnerships_holds_those_and_their_members() -> None:
    """``partnerships=[...]`` folds each of them once, and the organisations
    that are or were their members; no other partnership."""
    app, _ = _new_app()
    _small_history(app)
    _small_history(app)
    views = MonitoringViews(app)
    last = max(e.timestamp for e in _events(app))
    whole = views.as_of(last)
    pids = [p.id for p in whole.partnerships()]
    assert len(pids) == 2
    one = views.as_of(last, partnerships=[pids[0], pids[0]])
    assert [p.id for p in one.partnerships()] == [pids[0]]
    members = {m.organisation_id for m in whole.rows("member", pids[0])}
    assert set(one.organisations()) == members
    both = views.as_of(last, "effective", partnerships=iter(pids))
    assert {p.id for p in both.partnerships()} == set(pids)
    effective = views.as_of(last, "effective")
    assert both.dump()["report"] == effective.dump()["report"]
    assert both.dump()["member"] == effective.dump()["member"]
    with pytest.raises(Exception, match="axis"):
        views.as_of(last, "sideways", partnerships=pids)
