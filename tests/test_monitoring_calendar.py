"""The reporting calendar: expected, received, on-time and overdue reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from _helpers import ACTOR, Clock, agreement, contact
from pact_domain.application import PactApplication
from pact_domain.errors import InvalidValueError
from pact_domain.monitoring import ExpectedStatus, MonitoringViews
from pact_domain.monitoring.calendar import expected_periods, period_containing
from pact_domain.partnership import KpiDefinition
from pact_domain.values import ReportingPeriod
from pact_domain.vocabularies import Periodicity


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


@pytest.fixture
def calendar_app() -> tuple[PactApplication, UUID, UUID]:
    """An annual partnership KPI (defined March 2024) and a quarterly KPI of
    one member (defined January 2025), with a few reports in and out of time."""
    clock = Clock(_at(date(2024, 1, 2)), timedelta(minutes=1))
    app = PactApplication(store="memory:", clock=clock)
    pid = app.submit_expression_of_interest(
        name="LSP",
        kind="large_scale",
        contact=contact(),
        description="An LSP.",
        ecosystems=("health",),
        actor=ACTOR,
    )
    app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
    orgs = [
        app.register_organisation(
            name=f"Org {i}",
            stakeholder_type="company",
            size="small",
            country="DE",
            actor=ACTOR,
        )
        for i in range(2)
    ]
    for org in orgs:
        app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    version = app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    app.sign_agreement(
        pid,
        version=version,
        signatories=(orgs[0],),
        signed_on=date(2024, 1, 1),
        actor=ACTOR,
    )

    def kpi(name: str, periodicity: str, effective: date, member: UUID | None) -> UUID:
        _, (kid,) = app.pledge_commitment(
            pid,
            category="training_and_development",
            statement=name,
            principles=("learning_culture",),
            member_id=member,
            kpis=(
                KpiDefinition(
                    name=name,
                    category="skilling_training_outputs",
                    measure="count",
                    periodicity=periodicity,
                ),
            ),
            actor=ACTOR,
            effective_at=effective,
        )
        return kid

    annual = kpi("Annual", "annual", date(2024, 3, 15), None)
    quarterly = kpi("Quarterly", "quarterly", date(2025, 1, 1), orgs[1])

    def report(kid: UUID, period: ReportingPeriod, when: date) -> None:
        clock.next = _at(when)
        app.report_kpi(pid, kpi_id=kid, period=period, value=5, actor=ACTOR)

    report(annual, ReportingPeriod.year(2024), date(2025, 2, 1))
    report(
        quarterly,
        ReportingPeriod(date(2025, 1, 1), date(2025, 3, 31)),
        date(2025, 4, 10),
    )
    report(
        quarterly,
        ReportingPeriod(date(2025, 4, 1), date(2025, 6, 30)),
        date(2025, 12, 1),
    )
    return app, pid, orgs[1]


def test_the_calendar_counts_expected_received_on_time_and_overdue(
    calendar_app: tuple[PactApplication, UUID, UUID],
) -> None:
    """2 annual periods (2024, 2025) and 5 quarters (Q1 2025 - Q1 2026) are
    expected on 15 June 2026; 3 reports came in, 2 of them on time."""
    app, pid, member = calendar_app
    views = MonitoringViews(app)
    views.catch_up()
    cal = views.current(at=_at(date(2026, 6, 15))).reporting_calendar(pid)
    statuses = [(e.kpi_name, str(e.period), e.status) for e in cal.entries]
    assert statuses == [
        ("Annual", "2024-01-01/2024-12-31", ExpectedStatus.ON_TIME),
        ("Annual", "2025-01-01/2025-12-31", ExpectedStatus.OVERDUE),
        ("Quarterly", "2025-01-01/2025-03-31", ExpectedStatus.ON_TIME),
        ("Quarterly", "2025-04-01/2025-06-30", ExpectedStatus.LATE),
        ("Quarterly", "2025-07-01/2025-09-30", ExpectedStatus.OVERDUE),
        ("Quarterly", "2025-10-01/2025-12-31", ExpectedStatus.OVERDUE),
        ("Quarterly", "2026-01-01/2026-03-31", ExpectedStatus.AWAITING),
    ]
    o = cal.overall
    assert (o.expected, o.received, o.on_time, o.late, o.awaiting, o.overdue) == (
        7,
        3,
        2,
        1,
        1,
        3,
    )
    assert o.completeness == Decimal("0.4286")
    assert o.timeliness == Decimal("0.2857")
    by_member = {m.member_id: m.discipline for m in cal.by_member}
    assert by_member[member].completeness == Decimal("0.4000")
    assert by_member[member].timeliness == Decimal("0.2000")
    assert by_member[None].completeness == Decimal("0.5000")


def test_the_grace_period_is_a_parameter(
    calendar_app: tuple[PactApplication, UUID, UUID],
) -> None:
    """With 30 days of grace the 2024 annual report (1 Feb 2025) is late."""
    app, pid, _ = calendar_app
    views = MonitoringViews(app)
    views.catch_up()
    state = views.current(at=_at(date(2026, 6, 15)))
    cal = state.reporting_calendar(pid, grace_days=30)
    assert cal.entries[0].status is ExpectedStatus.LATE
    assert cal.overall.on_time == 1
    with pytest.raises(InvalidValueError):
        state.reporting_calendar(pid, grace_days=-1)


def test_nothing_is_expected_before_a_period_ends(
    calendar_app: tuple[PactApplication, UUID, UUID],
) -> None:
    """In December 2024 no period of either KPI has ended yet."""
    app, pid, _ = calendar_app
    state = MonitoringViews(app).as_of(date(2024, 12, 30), "effective")
    assert state.reporting_calendar(pid).overall.expected == 0


def test_periods_are_calendar_aligned() -> None:
    """Quarters, half-years and years start on calendar boundaries; triennial
    periods count from the first year."""
    assert period_containing(
        date(2025, 5, 9), Periodicity.QUARTERLY
    ) == ReportingPeriod(date(2025, 4, 1), date(2025, 6, 30))
    assert period_containing(date(2025, 8, 9), Periodicity.SEMI_ANNUAL).start == date(
        2025, 7, 1
    )
    assert period_containing(date(2024, 2, 29), Periodicity.MONTHLY).end == date(
        2024, 2, 29
    )
    tri = list(
        expected_periods(Periodicity.TRIENNIAL, date(2021, 6, 1), date(2027, 12, 31))
    )
    assert tri == [
        ReportingPeriod(date(2021, 1, 1), date(2023, 12, 31)),
        ReportingPeriod(date(2024, 1, 1), date(2026, 12, 31)),
    ]
