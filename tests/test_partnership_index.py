"""Derived indexes of the partnership aggregate (issue #7).

``report_kpi`` checks "one current report per KPI, period and reporter" with
an index (KPI, period, reporter) → current report, ``record_survey_response``
checks "one response per member and exercise" with an index year →
respondents, and ``add_deliverable`` checks "titles unique within their work
package" with an index work package → titles.  All are private, derived
from the state, never snapshotted: built from the state on first use, then
kept up to date by the events.  These tests check, over random valid
histories, that

* an index kept up to date event by event equals the index built from
  scratch after every event;
* a partnership restored from a snapshot, one replayed from events and one
  whose indexes were kept up to date refuse (or accept) the same commands
  with the same errors, which are those of a scan of the whole state;

and that applying an event changes the partnership's own dicts in place
without ever sharing one with another partnership.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_event

from _helpers import ACTOR, active_lsp, new_app, pledge, register_org
from pact_domain.errors import PactError
from pact_domain.events import EventMeta, PactSnapshot, state_types
from pact_domain.partnership import KpiReport, Partnership, PlannedDeliverable
from pact_domain.partnership._core import (
    DERIVED_STATE,
    build_deliverable_title_index,
    build_report_index,
    build_respondent_index,
)
from pact_domain.testing import (
    History,
    StepClock,
    apply_history,
    new_application,
    valid_histories,
)
from pact_domain.values import ReportingPeriod

histories = valid_histories(
    max_organisations=6,
    max_partnerships=2,
    max_members=6,
    min_steps=5,
    max_steps=40,
    activities=True,
    max_activity_steps=30,
)

slow = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

RECORDED = datetime(2031, 1, 1, tzinfo=UTC)
META = EventMeta(actor=ACTOR, recorded_at=RECORDED)
"""A fixed recording time, so the same command gives equal events anywhere."""

DUPLICATE_ID = UUID(int=0xD0B1E)


def _replay(events: list[Any]) -> Partnership:
    aggregate: Any = None
    for event in events:
        aggregate = event.mutate(aggregate)
    assert isinstance(aggregate, Partnership)
    return aggregate


def _indexed(events: list[Any]) -> Partnership:
    """Replayed with its indexes built right after creation and then kept up
    to date by every later event."""
    p = _replay(events[:1])
    p._current_report_index()
    p._respondent_index()
    p._deliverable_title_index()
    for event in events[1:]:
        event.mutate(p)
    return p


def _restored(aggregate: Partnership) -> Partnership:
    restored = PactSnapshot.take(aggregate).mutate(None)
    assert isinstance(restored, Partnership)
    return restored


def _scanned_duplicate(
    p: Partnership, kpi_id: UUID, period: ReportingPeriod, by: UUID | None
) -> UUID | None:
    """The current report a scan of the whole state finds (the rule as it was
    checked before the index)."""
    for r in p.reports.values():
        if (
            r.kpi_id == kpi_id
            and r.period == period
            and r.reported_by == by
            and r.is_current
        ):
            return r.id
    return None


def _outcome(p: Partnership, command: Callable[[Partnership], Any]) -> Any:
    """What a command does: its error (type, field, message), or its events."""
    try:
        command(p)
    except PactError as error:
        return ("refused", type(error), error.field, str(error))
    return ("accepted", [(type(e), vars(e)) for e in p.collect_events()])


def _duplicate_of(r: KpiReport) -> Callable[[Partnership], Any]:
    def command(p: Partnership) -> Any:
        return p.report_kpi(
            kpi_id=r.kpi_id,
            period=r.period,
            value=r.value,
            text=r.text,
            breakdowns=r.breakdowns,
            reported_by=r.reported_by,
            source=r.source,
            meta=META,
            report_id=DUPLICATE_ID,
        )

    return command


def _same_answer(
    variants: list[Partnership], command: Callable[[Partnership], Any]
) -> Any:
    outcomes = [_outcome(p, command) for p in variants]
    assert all(o == outcomes[0] for o in outcomes), outcomes
    return outcomes[0]


def _run(history: History) -> Any:
    app = new_application(clock=StepClock())
    apply_history(app, history)
    return app


@slow
@given(histories)
def test_indexes_kept_up_to_date_equal_indexes_built_from_scratch(
    history: History,
) -> None:
    """Built right after creation and then kept up to date by each event, the
    indexes equal those built from the state, after every event."""
    app = _run(history)
    for pid in history.partnership_ids:
        events = app.history(pid)
        p = _replay(events[:1])
        reports = p._current_report_index()
        respondents = p._respondent_index()
        titles = p._deliverable_title_index()
        assert reports == {}
        assert respondents == {}
        assert titles == {}
        for event in events[1:]:
            event.mutate(p)
            assert p._current_report_index() is reports  # kept, not rebuilt
            assert p._respondent_index() is respondents
            assert p._deliverable_title_index() is titles
            assert reports == build_report_index(p.reports), type(event)
            assert respondents == build_respondent_index(p.monitoring_exercises)
            assert titles == build_deliverable_title_index(p.deliverables)
        # one current report per key: the index names every current report
        current = {r.id for r in p.reports.values() if r.is_current}
        assert set(reports.values()) == current
        assert len(reports) == len(current)


@slow
@given(histories)
def test_restored_replayed_and_indexed_partnerships_refuse_alike(
    history: History,
) -> None:
    """A duplicate report, a second survey response from a member and a
    deliverable titled like another of its work package are refused with the
    same error whether the partnership was restored from a snapshot, replayed
    from events or kept its indexes up to date all along; the error names
    what a scan of the whole state finds."""
    app = _run(history)
    for pid in history.partnership_ids:
        events = app.history(pid)
        replayed = _replay(events)
        assert _indexed(events) == replayed
        for r in list(replayed.reports.values()):
            variants = [_restored(replayed), _replay(events), _indexed(events)]
            outcome = _same_answer(variants, _duplicate_of(r))
            dup = _scanned_duplicate(replayed, r.kpi_id, r.period, r.reported_by)
            note_event(f"duplicate report: {outcome[0]} ({outcome[2]})")
            if outcome[0] == "refused" and outcome[2] == "period":
                assert dup is not None
                assert f"already has report {dup} for {r.period}" in outcome[3]
            elif outcome[0] == "accepted":
                assert dup is None
                # now the new report is the current one, everywhere
                again = _same_answer(variants, _duplicate_of(r))
                assert again[0] == "refused"
                assert again[2] == "period"
                assert f"already has report {DUPLICATE_ID}" in again[3]
            else:
                assert outcome[2] in ("status", "kpi_id", "reported_by"), outcome
        for d in list(replayed.deliverables.values()):
            same_title = PlannedDeliverable(
                title=d.title, due_on=d.due_on, id=DUPLICATE_ID
            )
            variants = [_restored(replayed), _replay(events), _indexed(events)]
            outcome = _same_answer(
                variants,
                lambda p, wp=d.work_package_id, planned=same_title: p.add_deliverable(
                    work_package_id=wp, deliverable=planned, meta=META
                ),
            )
            note_event(f"duplicate deliverable title: {outcome[0]} ({outcome[2]})")
            assert outcome[0] == "refused"
            if outcome[2] == "deliverables":
                assert f"already has a deliverable titled {d.title!r}" in outcome[3]
        for year, exercise in replayed.monitoring_exercises.items():
            for response in exercise.responses:
                variants = [_restored(replayed), _replay(events), _indexed(events)]
                outcome = _same_answer(
                    variants,
                    lambda p, year=year, org=response.organisation_id: (
                        p.record_survey_response(
                            year=year,
                            organisation_id=org,
                            satisfaction=3,
                            uses_outputs=True,
                            meta=META,
                        )
                    ),
                )
                assert outcome[0] == "refused"
                note_event(f"duplicate survey response: refused ({outcome[2]})")
                if (
                    outcome[2] == "organisation_id"
                    and response.organisation_id in replayed.members
                ):
                    assert f"already answered the {year} survey" in outcome[3]


@slow
@given(histories)
def test_partnerships_never_share_a_dict(history: History) -> None:
    """Two loads, a snapshot restore and a replay of one partnership hold
    their own dicts, so an event applied to one changes none of the others."""
    app = _run(history)
    dict_fields = [
        name
        for name, hint in state_types(Partnership).items()
        if getattr(hint, "__origin__", None) is dict
    ]
    assert "reports" in dict_fields
    assert "members" in dict_fields
    for pid in history.partnership_ids:
        loads = [
            app.get_partnership(pid),
            app.get_partnership(pid),
            _restored(app.get_partnership(pid)),
            _replay(app.history(pid)),
        ]
        for name in dict_fields:
            held = [id(getattr(p, name)) for p in loads]
            assert len(set(held)) == len(held), name
        assert all(p == loads[0] for p in loads)


def test_snapshot_restored_partnership_refuses_a_duplicate_report(
    tmp_path: Any,
) -> None:
    """Past the snapshotting interval (200 events), a partnership loaded from
    its snapshot refuses a duplicate report exactly like one replayed from
    events, and accepts a new period the same way."""
    store = str(tmp_path / "pact.db")
    app = new_app(store)
    pid, members = active_lsp(app, members=3)
    _cid, (kid,) = pledge(app, pid)
    days = [date(2020, 1, 1) + timedelta(days=i % 80) for i in range(240)]
    periods = [ReportingPeriod(day, day) for day in days]
    with app.batch():
        for i, period in enumerate(periods):
            app.report_kpi(
                pid,
                kpi_id=kid,
                period=period,
                value=i,
                reported_by=members[i // 80],
                actor=ACTOR,
            )
    first = next(iter(app.get_partnership(pid).reports.values()))
    corrected = app.correct_kpi_report(
        pid,
        report_id=first.id,
        value=first.value + 1,
        reason="Late returns.",
        actor=ACTOR,
    )
    app.close()

    with_snapshots = new_application(store, clock=StepClock())
    replaying = new_application(
        store, clock=StepClock(), env={"IS_SNAPSHOTTING_ENABLED": "n"}
    )
    assert with_snapshots.snapshots is not None
    assert list(with_snapshots.snapshots.get(pid))  # the load starts from one
    loaded = [with_snapshots.get_partnership(pid), replaying.get_partnership(pid)]
    assert loaded[0] == loaded[1]
    for r in (first, *list(loaded[0].reports.values())[100:103]):
        outcome = _same_answer(loaded, _duplicate_of(r))
        current = corrected if r.id == first.id else r.id
        assert outcome[:3] == ("refused", outcome[1], "period")
        assert f"already has report {current} for {r.period}" in outcome[3]
    new_period = ReportingPeriod(date(2021, 1, 1), date(2021, 1, 1))
    fresh = KpiReport(**{**_fields(first), "id": DUPLICATE_ID, "period": new_period})
    assert _same_answer(loaded, _duplicate_of(fresh))[0] == "accepted"
    with_snapshots.close()
    replaying.close()


def test_snapshot_restored_partnership_refuses_a_second_survey_response() -> None:
    """Restored from a snapshot, replayed, or kept up to date, a partnership
    refuses a member's second answer to a survey and takes a first one."""
    app = new_app()
    pid, members = active_lsp(app, members=4)
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    for oid in members[:3]:
        app.record_survey_response(
            pid,
            year=2024,
            organisation_id=oid,
            satisfaction=4,
            uses_outputs=True,
            actor=ACTOR,
        )
    events = app.history(pid)
    replayed = _replay(events)
    variants = [_restored(replayed), replayed, _indexed(events)]

    def answer(oid: UUID) -> Callable[[Partnership], Any]:
        return lambda p: p.record_survey_response(
            year=2024,
            organisation_id=oid,
            satisfaction=2,
            uses_outputs=False,
            meta=META,
        )

    for oid in members[:3]:
        outcome = _same_answer(variants, answer(oid))
        assert outcome[:3] == ("refused", outcome[1], "organisation_id")
        assert f"organisation {oid} already answered the 2024 survey" in outcome[3]
    assert _same_answer(variants, answer(members[3]))[0] == "accepted"
    assert _same_answer(variants, answer(members[3]))[0] == "refused"


def _fields(r: KpiReport) -> dict[str, Any]:
    return {
        "id": r.id,
        "kpi_id": r.kpi_id,
        "period": r.period,
        "value": r.value,
        "text": r.text,
        "breakdowns": r.breakdowns,
        "reported_by": r.reported_by,
        "source": r.source,
        "reported_at": r.reported_at,
    }


def test_derived_indexes_are_not_state() -> None:
    """Building the indexes changes neither a partnership's equality, nor its
    repr, nor its snapshot; they are no class annotation either."""
    app = new_app()
    pid, (m1, *_rest) = active_lsp(app, members=2)
    _cid, (kid,) = pledge(app, pid)
    app.report_kpi(
        pid, kpi_id=kid, period=ReportingPeriod.year(2024), value=3, actor=ACTOR
    )
    p, q = app.get_partnership(pid), app.get_partnership(pid)
    before = repr(p)
    snapshot = PactSnapshot.take(p).state
    p._current_report_index()
    p._respondent_index()
    p._deliverable_title_index()
    assert set(vars(p)) >= DERIVED_STATE
    assert not DERIVED_STATE & set(state_types(Partnership))
    assert not [k for k in DERIVED_STATE if hasattr(Partnership, k)]
    assert p == q
    assert q == p
    assert repr(p) == before
    assert PactSnapshot.take(p).state == snapshot
    with pytest.raises((TypeError, NotImplementedError)):
        hash(p)
    assert m1 in p.members


def test_a_rebound_reports_dict_is_reindexed() -> None:
    """The index belongs to the dict it was built from: should ``reports`` be
    replaced wholesale, the next check rebuilds it rather than trust it."""
    app = new_app()
    pid, _members = active_lsp(app, members=1)
    _cid, (kid,) = pledge(app, pid)
    period = ReportingPeriod.year(2024)
    app.report_kpi(pid, kpi_id=kid, period=period, value=3, actor=ACTOR)
    p = app.get_partnership(pid)
    assert len(p._current_report_index()) == 1
    p.reports = {}
    assert p._current_report_index() == {}
    p.report_kpi(kpi_id=kid, period=period, value=Decimal(3), meta=META)


def test_in_place_events_keep_other_loads_unchanged() -> None:
    """Commands on one load change its dicts in place; another load of the
    same partnership, and a snapshot restored from the first, are unaffected."""
    app = new_app()
    pid, members = active_lsp(app, members=2)
    _cid, (kid,) = pledge(app, pid)
    org = register_org(app, "Late Joiner")
    p = app.get_partnership(pid)
    other = app.get_partnership(pid)
    restored = _restored(p)
    reports, member_dict = p.reports, p.members
    rid = p.report_kpi(
        kpi_id=kid, period=ReportingPeriod.year(2024), value=Decimal(2), meta=META
    )
    p.join(organisation_id=org, meta=META)
    assert p.reports is reports
    assert rid in reports
    assert p.members is member_dict
    assert org in member_dict
    for q in (other, restored):
        assert rid not in q.reports
        assert org not in q.members
    assert members[0] in other.members
