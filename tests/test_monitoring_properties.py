"""Property-based tests of the monitoring views over random valid histories.

The histories come from the toolkit
(:func:`pact_domain.testing.strategies.valid_histories`), with the optional
governance, work plan, activities and monitoring section on, and are applied
command by command.  Effective times are drawn independently of recording
times, so the two time axes differ.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import ACTOR, active_lsp, contact, kpi_def, pledge
from pact_adapters.stores import open_application
from pact_domain.application import PactApplication
from pact_domain.commands import Command
from pact_domain.errors import PactError
from pact_domain.monitoring import (
    MemoryViewStore,
    MonitoringState,
    MonitoringViews,
    TimeAxis,
)
from pact_domain.serialization import unstructure
from pact_domain.testing import StepClock, new_application, valid_histories
from pact_domain.values import Baseline, BreakdownValue, ReportingPeriod, Target

BASE = datetime(2024, 1, 1, 12, tzinfo=UTC)

Op = Command[Any]
"""One operation of a history: a command of :mod:`pact_domain.commands`."""

operations = valid_histories(
    min_organisations=2,
    max_organisations=6,
    max_partnerships=3,
    max_members=6,
    max_steps=25,
    activities=True,
    max_activity_steps=12,
)
"""Whole valid histories from the toolkit: organisations, partnerships through
their lifecycle, members, commitments, KPI reports, corrections and reviews,
and (``activities=True``) work plans, deliverables, activities,
communications, funding, monitoring exercises and survey responses.  Their
effective times are drawn independently of the recording times."""


LegacyOp = tuple[int, int, int]
"""An operation of the older tuple histories: (operation, selector, effective
day offset).  Only ``tests/test_postgres_views.py`` still plays some."""

COUNTRIES = ("DE", "FR", "IT", "ES", "PL", "GR")
SIZES = ("micro", "small", "medium", "large", "not_applicable")
TYPES = ("company", "vet_provider", "social_partner", "public_authority_regional")
CALCULATIONS = ("sum", "average", "maximum", "latest")
PERIODS = (
    ReportingPeriod.year(2024),
    ReportingPeriod.year(2025),
    ReportingPeriod(date(2024, 1, 1), date(2024, 3, 31)),
    ReportingPeriod(date(2024, 4, 1), date(2024, 6, 30)),
)


def _eff(day: int) -> datetime:
    return BASE + timedelta(days=day)


def _pick(items: list[Any], seed: int) -> Any:
    return items[seed % len(items)] if items else None


class History:
    """Plays a history on an application, command by command.

    A toolkit history (:mod:`pact_domain.commands` instances, all valid) is
    applied as it is, with ``app.handle``.  A list of :data:`LegacyOp` tuples — kept for
    ``tests/test_postgres_views.py`` — starts with two organisations and an
    accepted LSP, and skips the commands the domain refuses.
    """

    def __init__(self, app: PactApplication, clock: StepClock) -> None:
        self.app = app
        self.clock = clock
        self.orgs: list[UUID] = []
        self.partnerships: list[UUID] = []

    def play(
        self,
        ops: Iterable[Op | LegacyOp],
        after_each: Callable[[], Any] = lambda: None,
    ) -> None:
        """Apply ``ops`` in order, calling ``after_each`` before the first and
        after each one."""
        ops = list(ops)
        if any(isinstance(op, tuple) for op in ops):
            self._org(0, 0)
            self._org(1, 1)
            self._partnership(0, 0)
        after_each()
        for op in ops:
            if isinstance(op, Command):
                self.app.handle(op)
            else:
                with contextlib.suppress(PactError):  # refused: nothing stored
                    self._run(*op)
            after_each()

    def _org(self, seed: int, day: int) -> None:
        self.orgs.append(
            self.app.register_organisation(
                name=f"Organisation {len(self.orgs)}",
                stakeholder_type=TYPES[seed % len(TYPES)],
                size=SIZES[seed % len(SIZES)],
                country=COUNTRIES[seed % len(COUNTRIES)],
                actor=ACTOR,
                effective_at=_eff(day),
            )
        )

    def _partnership(self, seed: int, day: int) -> None:
        pid = self.app.submit_expression_of_interest(
            name=f"Partnership {len(self.partnerships)}",
            kind="large_scale",
            contact=contact(),
            description="A test partnership.",
            ecosystems=(("tourism", "digital", "health")[seed % 3],),
            actor=ACTOR,
            effective_at=_eff(day),
        )
        self.app.assess_expression_of_interest(
            pid, outcome="accepted", actor=ACTOR, effective_at=_eff(day)
        )
        self.partnerships.append(pid)

    def _run(self, kind: int, seed: int, day: int) -> None:
        app = self.app
        pid = _pick(self.partnerships, seed)
        p = app.get_partnership(pid)
        when = _eff(day)
        members = list(p.members)
        if kind == 0:
            self._org(seed, day)
        elif kind == 2:
            app.join_partnership(
                pid,
                organisation_id=_pick(self.orgs, seed // 7),
                tier=("core", "associated")[seed % 2],
                actor=ACTOR,
                effective_at=when,
            )
        elif kind == 5:
            baseline = Baseline(seed % 50, 2023) if seed % 3 else None
            pledge(
                app,
                pid,
                kpis=(
                    kpi_def(
                        name=f"KPI {seed}",
                        calculation=CALCULATIONS[seed % 4],
                        periodicity=("annual", "quarterly")[seed // 4 % 2],
                        baseline=baseline,
                        target=Target(100 + seed % 500, "people", date(2026, 12, 31)),
                        dimensions=("gender",),
                    ),
                ),
                effective_at=when,
            )
        elif kind == 6 and p.kpis:
            value = seed % 300
            women = value // 3
            app.report_kpi(
                pid,
                kpi_id=_pick(sorted(p.kpis), seed),
                period=_pick(list(PERIODS), seed // 5),
                value=value,
                breakdowns=(
                    BreakdownValue("gender", "women", women),
                    BreakdownValue("gender", "men", value - women),
                ),
                actor=ACTOR,
                effective_at=when if seed % 2 else None,
            )
        elif kind == 7 and p.reports:
            app.correct_kpi_report(
                pid,
                report_id=_pick(sorted(p.reports), seed),
                value=seed % 211 + 1,
                breakdowns=(),
                reason="Corrected figure.",
                actor=ACTOR,
                effective_at=when,
            )
        elif kind == 9:
            app.record_activity(
                pid,
                type=("general_meeting", "webinar", "steering_meeting")[seed % 3],
                title="Meeting",
                held_on=self.clock.next.date() - timedelta(days=seed % 40),
                participants=seed % 60 + 1,
                actor=ACTOR,
            )
        elif kind == 10:
            app.record_communication(
                pid,
                channel="newsletter",
                title="News",
                reach=seed % 5000,
                published_on=self.clock.next.date() - timedelta(days=seed % 40),
                actor=ACTOR,
            )
        elif members:
            app.leave_partnership(
                pid, organisation_id=_pick(members, seed // 7), actor=ACTOR
            )


def _new_app(store: str = "memory:") -> tuple[PactApplication, StepClock]:
    clock = StepClock(BASE, timedelta(days=2, hours=5))
    if store == "memory:":
        return new_application(store, clock=clock), clock
    return open_application(store, clock=clock), clock


def _small_history(app: PactApplication) -> None:
    """An active LSP with a commitment, a KPI report and its correction."""
    pid, orgs = active_lsp(app, members=2)
    _, (kpi,) = pledge(app, pid)
    rid = app.report_kpi(
        pid,
        kpi_id=kpi,
        period=ReportingPeriod.year(2024),
        value=Decimal("120"),
        breakdowns=(
            BreakdownValue("gender", "women", 50),
            BreakdownValue("gender", "men", 70),
        ),
        reported_by=orgs[0],
        actor=ACTOR,
    )
    app.correct_kpi_report(
        pid,
        report_id=rid,
        value=Decimal("121"),
        breakdowns=(),
        reason="Recount.",
        actor=ACTOR,
    )


def summary(state: MonitoringState) -> Any:
    """Every view of every partnership, as plain data."""
    out: dict[str, Any] = {"portfolio": unstructure(state.portfolio())}
    for p in state.partnerships():
        out[str(p.id)] = unstructure(
            {
                "coverage": state.coverage(p.id),
                "kpis": state.kpi_progress(p.id),
                "activity": state.activity(p.id),
                "work_plan": state.work_plan(p.id),
                "survey": state.survey(p.id),
                "calendar": state.reporting_calendar(p.id),
            }
        )
    out["roll_up"] = unstructure(state.roll_up())
    return out


def _last_instant(app: PactApplication, axis: TimeAxis) -> datetime:
    events = [
        app.mapper.to_domain_event(n)
        for n in app.recorder.select_notifications(1, 100_000)
    ]
    if axis is TimeAxis.RECORDED:
        return max(e.timestamp for e in events)
    return max(e.effective_at for e in events)  # type: ignore[attr-defined]


slow = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@slow
@given(ops=operations, limits=st.lists(st.integers(1, 7), min_size=1, max_size=5))
def test_incremental_equals_rebuilt_equals_as_of_the_last_instant(
    ops: list[Op], limits: list[int]
) -> None:
    """Views caught up after every command (in random steps) equal the views
    rebuilt from the first event and the views as of the last instant."""
    app, clock = _new_app()
    views = MonitoringViews(app)
    steps = iter(limits * 1000)

    def step() -> None:
        views.catch_up(limit=next(steps))

    History(app, clock).play(ops, step)
    views.catch_up()
    rebuilt = MonitoringViews(app, store=MemoryViewStore())
    rebuilt.rebuild()
    last = _last_instant(app, TimeAxis.RECORDED)
    incremental = views.current(at=last)
    assert incremental.dump() == rebuilt.current(at=last).dump()
    for axis in TimeAxis:
        as_of = views.as_of(_last_instant(app, axis), axis)
        assert as_of.dump() == incremental.dump()
        assert summary(as_of.evaluated_at(last)) == summary(incremental)


def _copy_until(
    app: PactApplication, axis: TimeAxis, until: datetime
) -> PactApplication:
    """A new application holding only the events up to ``until`` on ``axis``."""
    copy, _ = _new_app()
    kept = []
    for n in app.recorder.select_notifications(1, 100_000):
        event = app.mapper.to_domain_event(n)
        moment = event.timestamp if axis is TimeAxis.RECORDED else event.effective_at  # type: ignore[attr-defined]
        if moment <= until:
            kept.append(
                StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
            )
    if kept:
        copy.recorder.insert_events(kept)
    return copy


@slow
@given(
    ops=operations,
    axis=st.sampled_from(TimeAxis),
    where=st.floats(0, 1),
)
def test_as_of_equals_the_views_built_only_from_events_up_to_then(
    ops: list[Op], axis: TimeAxis, where: float
) -> None:
    """The views as of T equal the views of a store holding only the events
    up to T (on the recorded or the effective axis)."""
    app, clock = _new_app()
    History(app, clock).play(ops)
    events = [
        app.mapper.to_domain_event(n)
        for n in app.recorder.select_notifications(1, 100_000)
    ]
    times = sorted(
        e.timestamp if axis is TimeAxis.RECORDED else e.effective_at  # type: ignore[attr-defined]
        for e in events
    )
    until = times[int(where * (len(times) - 1))]
    as_of = MonitoringViews(app).as_of(until, axis)
    only = MonitoringViews(_copy_until(app, axis, until))
    only.rebuild()
    built = only.current(at=until)
    assert as_of.dump() == built.dump()
    assert summary(as_of) == summary(built)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    ops=operations,
    stops=st.lists(st.integers(1, 40), min_size=1, max_size=6),
    crash_at=st.integers(1, 60),
    page_size=st.integers(1, 9),
)
def test_a_follower_stopped_and_restarted_anywhere_gives_the_same_views(
    ops: list[Op], stops: list[int], crash_at: int, page_size: int
) -> None:
    """A separate follower process on a shared SQLite file, stopped after
    random numbers of events and once crashed in the middle of a batch, ends
    with the same views as a rebuild: nothing skipped, nothing repeated."""
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "pact.db")
        app, clock = _new_app(store)
        History(app, clock).play(ops)
        head = app.recorder.max_notification_id()

        def follower() -> MonitoringViews:
            return MonitoringViews(open_application(store), page_size=page_size)

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
        expected = MonitoringViews(app, store=MemoryViewStore())
        expected.rebuild()
        assert last.current().dump() == expected.current().dump()


def test_a_stale_batch_is_discarded_when_another_follower_moved_on(
    tmp_path: Path,
) -> None:
    """Two followers on one SQLite file: the one that computed its batch from
    an older position does not commit it (optimistic check on the position)."""
    store = str(tmp_path / "pact.db")
    app, _ = _new_app(store)
    _small_history(app)
    first = MonitoringViews(open_application(store))
    second = MonitoringViews(open_application(store))
    first.catch_up(limit=2)
    from eventsourcing.persistence import IntegrityError, Tracking

    with pytest.raises(IntegrityError):
        second.store.commit({}, Tracking("monitoring", 3), after=None)
    second.catch_up()
    first.catch_up()
    assert first.status().lag == 0
    rebuilt = MonitoringViews(app, store=MemoryViewStore())
    rebuilt.rebuild()
    assert first.current().dump() == rebuilt.current().dump()


def test_values_stay_decimal_through_the_sqlite_store(tmp_path: Path) -> None:
    """Rows read back from SQLite equal the rows kept in memory, decimals and
    datetimes included."""
    app, _ = _new_app(str(tmp_path / "pact.db"))
    _small_history(app)
    views = MonitoringViews(app)
    views.catch_up()
    memory = MonitoringViews(app, store=MemoryViewStore())
    memory.catch_up()
    assert views.current().dump() == memory.current().dump()
    reports = views.current().store.rows("report")
    assert all(isinstance(r.value, Decimal | None) for r in reports)
