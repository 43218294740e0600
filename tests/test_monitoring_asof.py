"""As-of views on the two time axes: what was true, and what was known."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from _helpers import ACTOR, Clock, agreement, contact
from pact_domain.application import PactApplication
from pact_domain.errors import NotFoundError
from pact_domain.monitoring import MonitoringViews, TimeAxis
from pact_domain.partnership import KpiDefinition
from pact_domain.values import ReportingPeriod, Target


@pytest.fixture
def setting() -> tuple[PactApplication, Clock, UUID, UUID, UUID]:
    """An LSP recorded from 2025-01-10, with one coordinating member whose
    membership took effect in 2023, and one KPI."""
    clock = Clock(datetime(2025, 1, 10, 9, tzinfo=UTC), timedelta(hours=1))
    app = PactApplication(store="memory:", clock=clock)
    pid = app.submit_expression_of_interest(
        name="LSP",
        kind="large_scale",
        contact=contact(),
        description="An LSP.",
        ecosystems=("digital",),
        actor=ACTOR,
        effective_at=date(2022, 6, 1),
    )
    app.assess_expression_of_interest(
        pid, outcome="accepted", actor=ACTOR, effective_at=date(2022, 9, 1)
    )
    org = app.register_organisation(
        name="Coordinator",
        stakeholder_type="business_association",
        size="small",
        country="BE",
        actor=ACTOR,
        effective_at=date(2020, 1, 1),
    )
    app.join_partnership(
        pid, organisation_id=org, actor=ACTOR, effective_at=date(2023, 2, 1)
    )
    app.appoint_coordinator(pid, organisation_id=org, actor=ACTOR)
    version = app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    app.sign_agreement(
        pid,
        version=version,
        signatories=(org,),
        signed_on=date(2023, 3, 1),
        actor=ACTOR,
    )
    _, (kid,) = app.pledge_commitment(
        pid,
        category="training_and_development",
        statement="Train people.",
        principles=("learning_culture",),
        kpis=(
            KpiDefinition(
                name="People trained",
                category="skilling_training_outputs",
                measure="count",
                target=Target(1000, "people", date(2026, 12, 31)),
            ),
        ),
        actor=ACTOR,
        effective_at=date(2023, 3, 1),
    )
    return app, clock, pid, org, kid


def test_a_correction_recorded_later_does_not_change_what_was_known(
    setting: tuple[PactApplication, Clock, UUID, UUID, UUID],
) -> None:
    """On the recorded axis, the view as of 31 December shows the value known
    then; the correction recorded in February shows only afterwards."""
    app, clock, pid, org, kid = setting
    clock.next = datetime(2025, 12, 20, 9, tzinfo=UTC)
    rid = app.report_kpi(
        pid, kpi_id=kid, period=ReportingPeriod.year(2025), value=400, actor=ACTOR
    )
    app.approve_kpi_report(pid, report_id=rid, reviewer_id=org, actor=ACTOR)
    clock.next = datetime(2026, 2, 3, 9, tzinfo=UTC)
    new = app.correct_kpi_report(
        pid, report_id=rid, value=450, reason="Late returns.", actor=ACTOR
    )
    app.approve_kpi_report(pid, report_id=new, reviewer_id=org, actor=ACTOR)
    views = MonitoringViews(app)
    (known,) = views.as_of(date(2025, 12, 31), "recorded").kpi_progress(pid)
    assert known.value == Decimal(400)
    (later,) = views.as_of(date(2026, 2, 28), TimeAxis.RECORDED).kpi_progress(pid)
    assert later.value == Decimal(450)
    views.catch_up()
    (now,) = views.current().kpi_progress(pid)
    assert now.value == Decimal(450)
    # Before the partnership was recorded at all, the views do not know it.
    with pytest.raises(NotFoundError):
        views.as_of(date(2024, 12, 31), "recorded").coverage(pid)


def test_the_effective_axis_shows_what_was_true_then_as_known_now(
    setting: tuple[PactApplication, Clock, UUID, UUID, UUID],
) -> None:
    """A membership that took effect in 2023 but was recorded in 2025 counts
    as of 2024 on the effective axis, not on the recorded one."""
    app, _, pid, org, _ = setting
    views = MonitoringViews(app)
    effective = views.as_of(date(2024, 6, 30), TimeAxis.EFFECTIVE)
    assert effective.coverage(pid).members == 1
    assert [m.organisation_id for m in effective.register(pid).members] == [org]
    assert effective.partnership(pid).status == "active"
    before = views.as_of(date(2023, 1, 31), TimeAxis.EFFECTIVE)
    assert before.coverage(pid).members == 0
    assert before.partnership(pid).status == "accepted"
    with pytest.raises(NotFoundError):
        views.as_of(date(2022, 5, 31), TimeAxis.EFFECTIVE).coverage(pid)


def test_a_member_that_left_is_not_counted_after_leaving(
    setting: tuple[PactApplication, Clock, UUID, UUID, UUID],
) -> None:
    """Leaving takes effect on its date on both the as-of and the current
    evaluation of the same views."""
    app, _, pid, _, _ = setting
    other = app.register_organisation(
        name="Other",
        stakeholder_type="company",
        size="micro",
        country="FR",
        actor=ACTOR,
        effective_at=date(2020, 1, 1),
    )
    app.join_partnership(
        pid, organisation_id=other, actor=ACTOR, effective_at=date(2023, 5, 1)
    )
    app.leave_partnership(
        pid, organisation_id=other, actor=ACTOR, effective_at=date(2024, 5, 1)
    )
    views = MonitoringViews(app)
    views.catch_up()
    state = views.current()
    assert state.coverage(pid).members == 1
    mid = datetime(2023, 12, 31, tzinfo=UTC)
    assert state.coverage(pid, on=mid).members == 2
    assert views.as_of(mid, "effective").coverage(pid).members == 2
    assert views.as_of(date(2024, 6, 1), "effective").coverage(pid).members == 1
