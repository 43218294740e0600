"""Monitoring views checked against hand-computed figures (§3.2, §3.4, Box 40)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from _helpers import ACTOR, Clock, agreement, contact
from pact_domain.application import PactApplication
from pact_domain.errors import InvalidValueError, NotFoundError
from pact_domain.monitoring import KpiStatus, MonitoringViews
from pact_domain.partnership import KpiDefinition
from pact_domain.partnership.workplan import PlannedDeliverable, PlannedWorkPackage
from pact_domain.values import Baseline, BreakdownValue, ReportingPeriod, Target

T0 = datetime(2024, 1, 10, 9, tzinfo=UTC)


def _app() -> PactApplication:
    return PactApplication(store="memory:", clock=Clock(T0, timedelta(minutes=1)))


def _lsp(app: PactApplication, name: str, ecosystem: str = "tourism") -> UUID:
    pid = app.submit_expression_of_interest(
        name=name,
        kind="large_scale",
        contact=contact(),
        description="A Large Scale Partnership.",
        ecosystems=(ecosystem,),
        actor=ACTOR,
    )
    app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
    return pid


def _sign(app: PactApplication, pid: UUID, signatory: UUID) -> None:
    version = app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    app.sign_agreement(
        pid,
        version=version,
        signatories=(signatory,),
        signed_on=date(2024, 1, 1),
        actor=ACTOR,
    )


# The Skills Partnership for the Tourism Ecosystem (§4.6): "20 European or
# national-level associations and companies, 3 European level trade union
# federations, 20 vocational and higher education providers and 18 regional
# and local authorities".  Rows: (stakeholder type, size, country, region, n).
TOURISM = [
    # 20 associations and companies
    ("business_association", "small", "BE", None, 4),
    ("business_association", "small", "IT", None, 2),
    ("business_association", "small", "ES", None, 2),
    ("business_association", "small", "FR", None, 2),
    ("business_association", "small", "GR", None, 2),
    ("company", "large", "IT", "ITF4", 1),
    ("company", "large", "ES", "ES51", 1),
    ("company", "large", "FR", "FRL0", 1),
    ("company", "medium", "DE", None, 1),
    ("company", "small", "GR", "EL43", 1),
    ("company", "micro", "PT", "PT11", 2),
    ("company", "small", "HR", None, 1),
    # 3 European trade union federations
    ("social_partner", "not_applicable", "BE", None, 3),
    # 20 VET and higher education providers
    ("vet_provider", "medium", "IT", "ITF4", 4),
    ("vet_provider", "large", "ES", "ES30", 4),
    ("vet_provider", "large", "BG", "BG41", 4),
    ("higher_education", "large", "NL", "NL32", 4),
    ("higher_education", "large", "FR", "FRK2", 4),
    # 18 regional and local authorities
    ("public_authority_regional", "not_applicable", "IT", "ITF4", 3),
    ("public_authority_regional", "not_applicable", "IT", "ITI4", 3),
    ("public_authority_regional", "not_applicable", "ES", "ES61", 3),
    ("public_authority_regional", "not_applicable", "GR", "EL30", 2),
    ("public_authority_local", "not_applicable", "IT", "ITC4", 4),
    ("public_authority_local", "not_applicable", "BG", "BG41", 3),
]


@pytest.fixture
def tourism() -> tuple[PactApplication, MonitoringViews, UUID]:
    app = _app()
    views = MonitoringViews(app, update_after_save=True)
    pid = _lsp(app, "Skills Partnership for the Tourism Ecosystem")
    first = None
    for kind, size, country, region, n in TOURISM:
        for i in range(n):
            org = app.register_organisation(
                name=f"{kind} {country} {i}",
                stakeholder_type=kind,
                size=size,
                country=country,
                region=region,
                ecosystems=("tourism",) if kind != "higher_education" else (),
                actor=ACTOR,
            )
            app.join_partnership(
                pid,
                organisation_id=org,
                tier="core" if kind != "public_authority_local" else "affiliated",
                actor=ACTOR,
                effective_at=date(2022, 3, 1)
                if kind != "company"
                else date(2023, 5, 1),
            )
            first = first or org
    assert first is not None
    _sign(app, pid, first)
    return app, views, pid


def test_tourism_coverage_matches_the_hand_computed_figures(
    tourism: tuple[PactApplication, MonitoringViews, UUID],
) -> None:
    """61 members: 20 associations and companies, 3 trade unions, 20 VET and
    higher education providers, 18 regional and local authorities."""
    _, views, pid = tourism
    c = views.current().coverage(pid)
    assert c.members == 61
    assert c.by_stakeholder_type == {
        "business_association": 12,
        "company": 8,
        "higher_education": 8,
        "public_authority_local": 7,
        "public_authority_regional": 11,
        "social_partner": 3,
        "vet_provider": 12,
    }
    # SMEs: 12 small associations + 5 SME companies + 4 medium VET providers.
    assert c.smes == 21
    assert c.sme_share == Decimal("0.3443")  # 21 / 61
    assert c.by_size == {
        "large": 19,  # 3 companies, 8 VET providers, 8 universities
        "medium": 5,  # 1 company, 4 VET providers
        "micro": 2,
        "not_applicable": 21,  # trade unions and authorities
        "small": 14,  # 12 associations, 2 companies
    }
    assert c.countries == (
        "BE", "BG", "DE", "ES", "FR", "GR", "HR", "IT", "NL", "PT",
    )  # fmt: skip
    assert c.by_country == {
        "BE": 7, "BG": 7, "DE": 1, "ES": 10, "FR": 7,
        "GR": 5, "HR": 1, "IT": 17, "NL": 4, "PT": 2,
    }  # fmt: skip
    assert c.regions == (
        "BG41", "EL30", "EL43", "ES30", "ES51", "ES61", "FRK2", "FRL0",
        "ITC4", "ITF4", "ITI4", "NL32", "PT11",
    )  # fmt: skip
    assert c.by_region["ITF4"] == 1 + 4 + 3
    assert c.by_region["BG41"] == 4 + 3
    assert c.by_tier == {"affiliated": 7, "core": 54}
    assert c.by_ecosystem == {"tourism": 53}
    assert c.ecosystems == ("tourism",)


def test_growth_over_time_counts_members_at_each_year_end(
    tourism: tuple[PactApplication, MonitoringViews, UUID],
) -> None:
    """Companies joined in 2023 (effective), everyone else in 2022."""
    app, views, pid = tourism
    company = next(
        m.organisation_id
        for m in views.current().register(pid).members
        if m.stakeholder_type == "company"
    )
    app.leave_partnership(
        pid, organisation_id=company, actor=ACTOR, effective_at=date(2023, 9, 1)
    )
    growth = views.current(at=datetime(2024, 6, 30, tzinfo=UTC)).coverage(pid).growth
    assert [(g.on, g.members, g.joined, g.left) for g in growth] == [
        (date(2022, 12, 31), 53, 53, 0),
        (date(2023, 12, 31), 60, 8, 1),
        (date(2024, 6, 30), 60, 0, 0),
    ]


def test_the_register_joins_organisation_facts_as_they_are_now(
    tourism: tuple[PactApplication, MonitoringViews, UUID],
) -> None:
    """An organisation's later change of size shows in the register."""
    app, views, pid = tourism
    entry = next(m for m in views.current().register(pid).members if m.size == "micro")
    app.update_organisation(entry.organisation_id, size="small", actor=ACTOR)
    again = next(
        m
        for m in views.current().register(pid).members
        if m.organisation_id == entry.organisation_id
    )
    assert again.size == "small"
    assert views.current().coverage(pid).by_size["micro"] == 1


# Eleven LSPs as in §3.2: "the average number of partners in the consortium
# was 21, gathering organisations from 11 EU countries (overall the number
# ranged between 8 and 16 countries)".
MEMBERS = (12, 15, 17, 18, 20, 21, 22, 24, 25, 27, 30)  # sum 231 = 11 x 21
COUNTRY_COUNTS = (8, 9, 9, 10, 11, 11, 11, 12, 12, 12, 16)  # sum 121 = 11 x 11
EU = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR",
      "HR", "HU", "IE", "IT")  # fmt: skip
ECOSYSTEMS = ("tourism", "digital", "health", "construction")


def test_eleven_lsps_average_21_members_from_8_to_16_countries() -> None:
    """The portfolio's average, minimum and maximum, as §3.2 reports them."""
    app = _app()
    for i, (members, countries) in enumerate(zip(MEMBERS, COUNTRY_COUNTS, strict=True)):
        pid = _lsp(app, f"LSP {i:02}", ECOSYSTEMS[i % 4])
        orgs = []
        for j in range(members):
            org = app.register_organisation(
                name=f"LSP {i} member {j}",
                stakeholder_type="company",
                size="large",
                country=EU[j % countries],
                actor=ACTOR,
            )
            app.join_partnership(pid, organisation_id=org, actor=ACTOR)
            orgs.append(org)
        _sign(app, pid, orgs[0])
    # Neither a declined nor a proposed partnership is part of the portfolio.
    declined = app.submit_expression_of_interest(
        name="Declined",
        kind="large_scale",
        contact=contact(),
        description="Declined.",
        ecosystems=("retail",),
        actor=ACTOR,
    )
    app.assess_expression_of_interest(
        declined, outcome="declined", reasons="Out of scope.", actor=ACTOR
    )
    views = MonitoringViews(app)
    views.catch_up()
    folio = views.current().portfolio()
    assert folio.partnerships == 11
    assert folio.by_kind == {"large_scale": 11}
    assert folio.by_ecosystem == {
        "construction": 2,
        "digital": 3,
        "health": 3,
        "tourism": 3,
    }
    assert folio.members.average == Decimal(21)
    assert (folio.members.minimum, folio.members.maximum) == (12, 30)
    assert folio.countries.average == Decimal(11)
    assert (folio.countries.minimum, folio.countries.maximum) == (8, 16)
    assert folio.organisations == 231
    assert len(folio.all_countries) == 16
    everything = views.current().portfolio(statuses=("accepted", "active", "declined"))
    assert everything.partnerships == 12
    assert views.current().portfolio(ecosystem="health").partnerships == 3


# -- KPI progress ----------------------------------------------------------------


@pytest.fixture
def kpi_setup() -> tuple[PactApplication, MonitoringViews, UUID, list[UUID]]:
    app = _app()
    pid = _lsp(app, "ORE")
    orgs = [
        app.register_organisation(
            name=f"Member {i}",
            stakeholder_type="company",
            size="small",
            country="DE",
            actor=ACTOR,
        )
        for i in range(3)
    ]
    for org in orgs:
        app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    _sign(app, pid, orgs[0])
    return app, MonitoringViews(app), pid, orgs


def _kpi(app: PactApplication, pid: UUID, **fields: object) -> UUID:
    definition = {
        "name": "People trained",
        "category": "skilling_training_outputs",
        "measure": "count",
        "unit": "people",
        "baseline": Baseline(100, 2024),
        "target": Target(1100, "people", date(2026, 12, 31)),
        "dimensions": ("gender",),
        **fields,
    }
    _, (kid,) = app.pledge_commitment(
        pid,
        category="training_and_development",
        statement="Train people.",
        principles=("learning_culture",),
        kpis=(KpiDefinition(**definition),),  # type: ignore[arg-type]
        actor=ACTOR,
        effective_at=date(2024, 1, 1),
    )
    return kid


def _report(
    app: PactApplication,
    pid: UUID,
    kid: UUID,
    period: ReportingPeriod,
    value: int,
    *,
    by: UUID | None = None,
    approve: UUID | None = None,
    women: int | None = None,
) -> UUID:
    parts = ()
    if women is not None:
        parts = (
            BreakdownValue("gender", "women", women),
            BreakdownValue("gender", "men", value - women),
        )
    rid = app.report_kpi(
        pid,
        kpi_id=kid,
        period=period,
        value=value,
        breakdowns=parts,
        reported_by=by,
        actor=ACTOR,
    )
    if approve is not None:
        app.approve_kpi_report(pid, report_id=rid, reviewer_id=approve, actor=ACTOR)
    return rid


Y2024 = ReportingPeriod.year(2024)
Y2025 = ReportingPeriod.year(2025)


def test_a_sum_kpi_adds_approved_current_reports_and_shows_pending_apart(
    kpi_setup: tuple[PactApplication, MonitoringViews, UUID, list[UUID]],
) -> None:
    """Members' reports of one period add up; a correction supersedes; a
    pending report counts only in the figures including pending."""
    app, views, pid, orgs = kpi_setup
    coordinator = orgs[0]
    kid = _kpi(app, pid)
    _report(app, pid, kid, Y2024, 200, by=orgs[1], approve=coordinator, women=80)
    wrong = _report(app, pid, kid, Y2024, 300, by=orgs[2], approve=coordinator)
    fixed = app.correct_kpi_report(
        pid, report_id=wrong, value=100, reason="Typo.", actor=ACTOR
    )
    app.approve_kpi_report(pid, report_id=fixed, reviewer_id=coordinator, actor=ACTOR)
    _report(app, pid, kid, Y2025, 250, by=orgs[1])  # pending review
    views.catch_up()
    (k,) = views.current(at=datetime(2025, 6, 30, tzinfo=UTC)).kpi_progress(pid)
    assert k.approved.value == Decimal(300)  # 200 + 100 (corrected)
    assert k.approved.latest == Decimal(300)
    assert k.approved.latest_period == Y2024
    assert k.including_pending.value == Decimal(550)
    assert k.including_pending.latest == Decimal(250)
    assert k.pending == 1
    assert k.progress == Decimal("0.2000")  # (300 - 100) / (1100 - 100)
    # Linear from 2024-01-01 (baseline year) to 2026-12-31: 546 of 1095 days.
    assert k.expected == Decimal("598.6301")  # 100 + 1000 * 546 / 1095
    assert k.status is KpiStatus.BEHIND
    assert k.share("gender", "women") == Decimal("0.4000")  # 80 of 200


@pytest.mark.parametrize(
    ("calculation", "value", "latest"),
    [
        ("sum", 600, 100),
        ("average", 200, 100),
        ("maximum", 300, 100),
        ("latest", 100, 100),
    ],
)
def test_each_calculation_method_combines_periods(
    kpi_setup: tuple[PactApplication, MonitoringViews, UUID, list[UUID]],
    calculation: str,
    value: int,
    latest: int,
) -> None:
    """Period values 200 (2024), 300 (Q1 2025), 100 (2025) by each method."""
    app, views, pid, orgs = kpi_setup
    kid = _kpi(app, pid, calculation=calculation)
    q1 = ReportingPeriod(date(2025, 1, 1), date(2025, 3, 31))
    for period, v in ((Y2024, 200), (q1, 300), (Y2025, 100)):
        _report(app, pid, kid, period, v, approve=orgs[0])
    views.catch_up()
    (k,) = views.current().kpi_progress(pid)
    assert k.value == Decimal(value)
    assert k.approved.latest == Decimal(latest)
    assert k.approved.periods == 3


def test_a_percentage_kpi_averages_reporters_within_a_period(
    kpi_setup: tuple[PactApplication, MonitoringViews, UUID, list[UUID]],
) -> None:
    """Percentages of two members in one period are averaged, not added."""
    app, views, pid, orgs = kpi_setup
    kid = _kpi(
        app,
        pid,
        measure="percentage",
        unit="%",
        calculation="latest",
        baseline=None,
        dimensions=(),
        target=Target(50, "%", date(2026, 12, 31)),
    )
    _report(app, pid, kid, Y2024, 30, by=orgs[1], approve=orgs[0])
    _report(app, pid, kid, Y2024, 40, by=orgs[2], approve=orgs[0])
    views.catch_up()
    (k,) = views.current().kpi_progress(pid)
    assert k.value == Decimal(35)
    assert k.progress == Decimal("0.7000")


def test_a_kpi_where_smaller_is_better_progresses_towards_a_lower_target(
    kpi_setup: tuple[PactApplication, MonitoringViews, UUID, list[UUID]],
) -> None:
    """Vacancies from a baseline of 400 to a target of 200: 300 is halfway."""
    app, views, pid, orgs = kpi_setup
    kid = _kpi(
        app,
        pid,
        name="Unfilled vacancies",
        category="impacts",
        unit="vacancies",
        ascending=False,
        calculation="latest",
        baseline=Baseline(400, 2024),
        target=Target(200, "vacancies", date(2025, 12, 31)),
        dimensions=(),
    )
    _report(app, pid, kid, Y2024, 300, approve=orgs[0])
    views.catch_up()
    at_mid_2024 = views.current(at=datetime(2024, 12, 31, tzinfo=UTC))
    (k,) = at_mid_2024.kpi_progress(pid)
    assert k.progress == Decimal("0.5000")
    assert k.status is KpiStatus.ON_TRACK  # 300 <= expected ~300.1
    (late,) = views.current(at=datetime(2026, 1, 5, tzinfo=UTC)).kpi_progress(pid)
    assert late.status is KpiStatus.MISSED
    _report(app, pid, kid, Y2025, 190, approve=orgs[0])
    views.catch_up()
    (done,) = views.current(at=datetime(2026, 1, 5, tzinfo=UTC)).kpi_progress(pid)
    assert done.status is KpiStatus.ACHIEVED


def test_a_kpi_without_target_or_data_says_so(
    kpi_setup: tuple[PactApplication, MonitoringViews, UUID, list[UUID]],
) -> None:
    """No target: no progress; no approved value: no data."""
    app, views, pid, _ = kpi_setup
    _kpi(app, pid, name="No target", target=None)
    _kpi(app, pid, name="No data")
    views.catch_up()
    statuses = {k.name: k.status for k in views.current().kpi_progress(pid)}
    assert statuses == {
        "No target": KpiStatus.NO_TARGET,
        "No data": KpiStatus.NO_DATA,
    }


def test_activity_work_plan_and_survey_views(
    kpi_setup: tuple[PactApplication, MonitoringViews, UUID, list[UUID]],
) -> None:
    """Meetings and their average participants, reach, deliverables delivered,
    due and overdue, and the survey's shares (Box 40)."""
    app, views, pid, orgs = kpi_setup
    for kind, people in (
        ("general_meeting", 40),
        ("steering_meeting", 10),
        ("webinar", 300),
    ):
        app.record_activity(
            pid,
            type=kind,
            title=kind,
            held_on=date(2024, 1, 5),
            participants=people,
            actor=ACTOR,
        )
    app.record_communication(
        pid,
        channel="newsletter",
        title="News",
        reach=1200,
        published_on=date(2024, 1, 8),
        actor=ACTOR,
    )
    app.record_communication(
        pid,
        channel="social_media",
        title="Post",
        reach=800,
        published_on=date(2024, 1, 9),
        actor=ACTOR,
    )
    report = PlannedDeliverable(title="Skills needs analysis", due_on=date(2024, 6, 30))
    toolkit = PlannedDeliverable(title="Toolkit", due_on=date(2024, 12, 31))
    later = PlannedDeliverable(title="Curriculum", due_on=date(2025, 6, 30))
    app.adopt_work_plan(
        pid,
        title="Work plan 2024-2025",
        starts_on=date(2024, 1, 1),
        ends_on=date(2025, 12, 31),
        work_packages=(
            PlannedWorkPackage(
                title="Skills intelligence",
                type="skills_intelligence",
                lead_organisation_id=orgs[1],
                deliverables=(report, toolkit, later),
            ),
        ),
        actor=ACTOR,
    )
    app.record_delivery(
        pid,
        deliverable_id=report.id,
        delivered_on=date(2024, 1, 9),
        output_type="report",
        link="https://example.eu/report",
        actor=ACTOR,
    )
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    for org, score, uses in (
        (orgs[0], 5, True),
        (orgs[1], 4, False),
        (orgs[2], 2, True),
    ):
        app.record_survey_response(
            pid,
            year=2024,
            organisation_id=org,
            satisfaction=score,
            uses_outputs=uses,
            actor=ACTOR,
        )
    views.catch_up()
    state = views.current(at=datetime(2025, 1, 15, tzinfo=UTC))
    a = state.activity(pid)
    assert (a.activities, a.meetings) == (3, 2)
    assert a.average_meeting_participants == Decimal(25)
    assert (a.communications, a.communication_reach) == (2, 2000)
    assert a.reach_by_channel == {"newsletter": 1200, "social_media": 800}
    w = state.work_plan(pid)
    assert (w.deliverables, w.delivered, w.due, w.overdue, w.upcoming) == (
        3,
        1,
        2,
        1,
        1,
    )
    assert w.overdue_titles == ("Toolkit",)
    assert w.outputs == {"report": 1}
    s = state.survey(pid)
    assert s is not None
    assert (s.responses, s.satisfied, s.using_outputs) == (3, 2, 2)
    assert s.share_satisfied == Decimal("0.6667")
    assert state.survey(pid, 2023) is None


def test_an_unknown_partnership_is_refused_by_name() -> None:
    """Asking a view about a partnership the views do not have says so."""
    app = _app()
    views = MonitoringViews(app)
    with pytest.raises(NotFoundError, match="no partnership"):
        views.current().coverage(UUID(int=1))
    with pytest.raises(InvalidValueError):
        views.as_of("2024-13-01")
    with pytest.raises(InvalidValueError):
        views.as_of("2024-12-01", "sideways")
    with pytest.raises(InvalidValueError):
        MonitoringViews(app, page_size=0)


def test_views_can_follow_every_save_and_stop_doing_so() -> None:
    """With update_after_save the views catch up after each command; after
    detach() they wait for catch_up()."""
    app = _app()
    views = MonitoringViews(app, update_after_save=True)
    pid = _lsp(app, "Followed")
    assert views.status().lag == 0
    assert views.current().partnership(pid).status == "accepted"
    views.detach()
    app.register_organisation(
        name="Later",
        stakeholder_type="company",
        size="small",
        country="DE",
        actor=ACTOR,
    )
    assert views.status().lag == 1
    assert views.catch_up() == 1


def test_a_store_without_a_built_in_view_store_must_pass_one() -> None:
    """An application on another kind of store is told to pass a ViewStore."""

    class Elsewhere:
        recorder = object()
        factory = object()

    with pytest.raises(InvalidValueError, match="pass store="):
        MonitoringViews(Elsewhere())  # type: ignore[arg-type]
