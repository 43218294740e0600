"""``app.batch()``: many commands, one transaction, the same rules."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest

from _helpers import (
    ACTOR,
    Clock,
    accepted_lsp,
    active_lsp,
    kpi_def,
    new_app,
    pledge,
    register_org,
    state,
    submit_lsp,
)
from pact_adapters.stores import open_application
from pact_domain.application import PactApplication
from pact_domain.errors import (
    ConcurrencyError,
    DomainRuleError,
    InvalidStateError,
    NotFoundError,
)
from pact_domain.values import BreakdownValue, ReportingPeriod


def _report(app: PactApplication, pid, kpi, year: int = 2024, value: int = 10):
    return app.report_kpi(
        pid,
        kpi_id=kpi,
        period=ReportingPeriod.year(year),
        value=value,
        breakdowns=(BreakdownValue("gender", "women", value),),
        actor=ACTOR,
    )


@pytest.fixture(params=["memory", "sqlite"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> PactApplication:
    store = "memory:" if request.param == "memory" else str(tmp_path / "b.db")
    return new_app(store=store)


def test_nothing_is_stored_until_the_block_ends(app: PactApplication):
    before = app.recorder.max_notification_id() or 0
    with app.batch() as batch:
        org = register_org(app)
        pid = submit_lsp(app)
        app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
        app.join_partnership(pid, organisation_id=org, actor=ACTOR)
        assert (app.recorder.max_notification_id() or 0) == before
        assert batch.pending == 4
        assert app.exists(pid)
        assert app.get_partnership(pid).members.keys() == {org}
    after = app.recorder.select_notifications(before + 1, 100)
    assert [n.id for n in after] == list(range(before + 1, before + 5))
    assert app.get_partnership(pid).version == 3
    assert app.get_organisation(org).version == 1


def test_the_batch_stores_what_the_commands_would_store(tmp_path: Path):
    def record(app: PactApplication) -> None:
        pid, _ = active_lsp(app, members=2)
        _, (kpi,) = pledge(app, pid)
        for year in range(2001, 2011):
            _report(app, pid, kpi, year)

    one_by_one = new_app(store=str(tmp_path / "a.db"), clock=Clock())
    record(one_by_one)
    batched = new_app(store=str(tmp_path / "b.db"), clock=Clock())
    with batched.batch():
        record(batched)
    a = one_by_one.recorder.select_notifications(1, 1000)
    b = batched.recorder.select_notifications(1, 1000)
    # The same events (ids aside), each aggregate's in order; a batch stores
    # them aggregate by aggregate.
    assert sorted((n.topic, n.originator_version) for n in a) == sorted(
        (n.topic, n.originator_version) for n in b
    )
    for log in (a, b):
        versions: dict[object, int] = {}
        for n in log:
            assert n.originator_version == versions.get(n.originator_id, 0) + 1
            versions[n.originator_id] = n.originator_version


def test_a_refused_command_changes_nothing_and_the_batch_goes_on(
    app: PactApplication,
):
    pid, _ = active_lsp(app)
    _, (kpi,) = pledge(app, pid)
    with app.batch():
        _report(app, pid, kpi, 2023)
        version = app.get_partnership(pid).version
        with pytest.raises(DomainRuleError):
            _report(app, pid, kpi, 2023)  # reported already: correct it instead
        with pytest.raises(NotFoundError):
            app.join_partnership(pid, organisation_id=uuid4(), actor=ACTOR)
        assert app.get_partnership(pid).version == version
        _report(app, pid, kpi, 2024)
    assert len(app.get_partnership(pid).reports) == 2


def test_nothing_is_stored_when_the_block_raises(app: PactApplication):
    pid = accepted_lsp(app)
    before = app.recorder.max_notification_id()

    def interrupted() -> None:
        with app.batch():
            register_org(app)
            app.draft_agreement(pid, content=_agreement(), actor=ACTOR)
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        interrupted()
    assert app.recorder.max_notification_id() == before
    assert app.get_partnership(pid).agreements == {}


def _agreement():
    from _helpers import agreement

    return agreement()


def test_a_nested_batch_joins_the_outer_one(app: PactApplication):
    before = app.recorder.max_notification_id() or 0
    with app.batch() as outer:
        pid = submit_lsp(app)
        with app.batch() as inner:
            assert inner is outer
            app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
        assert (app.recorder.max_notification_id() or 0) == before
    assert app.get_partnership(pid).status == "accepted"


def test_flush_stores_what_is_collected_and_the_batch_goes_on(app: PactApplication):
    with app.batch() as batch:
        pid = submit_lsp(app)
        batch.flush()
        assert app.recorder.select_events(pid)
        assert batch.pending == 0
        app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
        assert batch.pending == 1
    assert app.get_partnership(pid).version == 2


def test_another_writer_meanwhile_makes_the_batch_fail_whole(tmp_path: Path):
    path = str(tmp_path / "shared.db")
    first = new_app(store=path)
    second = new_app(store=path)
    pid = accepted_lsp(first)
    other = submit_lsp(first)
    before = first.recorder.max_notification_id()

    def overtaken() -> None:
        with first.batch():
            first.assess_expression_of_interest(other, outcome="accepted", actor=ACTOR)
            first.draft_agreement(pid, content=_agreement(), actor=ACTOR)
            second.draft_agreement(pid, content=_agreement(), actor=ACTOR)

    with pytest.raises(ConcurrencyError):
        overtaken()
    assert first.recorder.max_notification_id() == before + 1  # second's only
    assert first.get_partnership(other).status == "proposed"


def test_two_aggregates_with_one_id_are_refused(app: PactApplication):
    pid = uuid4()

    def twice() -> None:
        with app.batch():
            submit_lsp(app, id=pid)
            submit_lsp(app, id=pid)

    with pytest.raises(ConcurrencyError):
        twice()
    assert not app.exists(pid)


def test_rules_see_the_state_left_by_earlier_commands(app: PactApplication):
    with app.batch():
        pid = submit_lsp(app)
        with pytest.raises(InvalidStateError):
            app.join_partnership(pid, organisation_id=register_org(app), actor=ACTOR)
        app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
        org = register_org(app, "Second")
        app.join_partnership(pid, organisation_id=org, actor=ACTOR)
        app.pledge_commitment(
            pid,
            category="training_and_development",
            statement="Train people.",
            principles=("learning_culture",),
            kpis=(kpi_def(),),
            actor=ACTOR,
        )
    partnership = app.get_partnership(pid)
    assert org in partnership.members
    assert len(partnership.commitments) == 1


def test_a_batch_is_per_thread(app: PactApplication):
    pid = accepted_lsp(app)
    stored: list[int] = []

    def elsewhere() -> None:
        app.draft_agreement(pid, content=_agreement(), actor=ACTOR)
        stored.append(app.get_partnership(pid).version)

    with app.batch():
        register_org(app)
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
    assert stored == [3]


def test_a_long_import_snapshots_once_and_loads_the_same(tmp_path: Path):
    app = new_app(store=str(tmp_path / "s.db"))
    with app.batch():
        pid, _ = active_lsp(app, members=2)
        _, (kpi,) = pledge(app, pid)
        for year in range(1, 420):
            app.report_kpi(
                pid,
                kpi_id=kpi,
                period=ReportingPeriod(
                    date(1600 + year, 1, 1), date(1600 + year, 1, 1)
                ),
                value=1,
                actor=ACTOR,
            )
    assert app.snapshots is not None
    snapshots = list(app.snapshots.get(pid))
    version = app.get_partnership(pid).version
    assert [s.originator_version for s in snapshots] == [version]
    fresh = open_application(
        str(tmp_path / "s.db"), env={"IS_SNAPSHOTTING_ENABLED": "n"}
    )
    assert state(fresh.get_partnership(pid)) == state(app.get_partnership(pid))
