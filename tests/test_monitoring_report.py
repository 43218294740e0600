"""The annual monitoring report object, its text, and the CLI commands."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest

from _helpers import ACTOR, Clock, agreement, contact
from pact_adapters.cli import main
from pact_adapters.demo import TOURISM_ID, load_demo
from pact_adapters.stores import open_application
from pact_domain.application import PactApplication
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    KpiStatus,
    MonitoringViews,
    PortfolioReport,
    annual_report,
    format_annual_report,
    format_portfolio_report,
    portfolio_report,
)
from pact_domain.partnership import KpiDefinition
from pact_domain.partnership.workplan import PlannedDeliverable, PlannedWorkPackage
from pact_domain.serialization import structure, unstructure
from pact_domain.values import ReportingPeriod, Target


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


@pytest.fixture
def lsp() -> tuple[PactApplication, Clock, UUID, UUID]:
    """An LSP with three members, a meeting per year, a work plan, a survey
    and one KPI reported for 2024 and 2025."""
    clock = Clock(_at(date(2024, 1, 2)), timedelta(minutes=1))
    app = PactApplication(store="memory:", clock=clock)
    pid = app.submit_expression_of_interest(
        name="Skills partnership for health",
        kind="large_scale",
        contact=contact(),
        description="An LSP.",
        ecosystems=("health",),
        actor=ACTOR,
    )
    app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
    orgs = []
    for i, country in enumerate(("DE", "FR", "IT")):
        org = app.register_organisation(
            name=f"Member {i}",
            stakeholder_type="vet_provider",
            size="medium" if i else "large",
            country=country,
            actor=ACTOR,
        )
        app.join_partnership(pid, organisation_id=org, actor=ACTOR)
        orgs.append(org)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    version = app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    app.sign_agreement(
        pid,
        version=version,
        signatories=(orgs[0],),
        signed_on=date(2024, 1, 1),
        actor=ACTOR,
    )
    _, (kid,) = app.pledge_commitment(
        pid,
        category="training_and_development",
        statement="Train 1,000 health workers.",
        principles=("learning_culture",),
        kpis=(
            KpiDefinition(
                name="Health workers trained",
                category="skilling_training_outputs",
                measure="count",
                unit="people",
                target=Target(1000, "people", date(2025, 12, 31)),
            ),
        ),
        actor=ACTOR,
        effective_at=date(2024, 1, 1),
    )
    plan = PlannedDeliverable(title="Skills needs analysis", due_on=date(2024, 9, 30))
    app.adopt_work_plan(
        pid,
        title="Work plan",
        starts_on=date(2024, 1, 1),
        ends_on=date(2025, 12, 31),
        work_packages=(
            PlannedWorkPackage(
                title="Intelligence",
                type="skills_intelligence",
                lead_organisation_id=orgs[1],
                deliverables=(plan,),
            ),
        ),
        actor=ACTOR,
    )
    for year, people in ((2024, 300), (2025, 400)):
        clock.next = _at(date(year, 11, 20))
        app.record_activity(
            pid,
            type="general_meeting",
            title=f"General meeting {year}",
            held_on=date(year, 11, 18),
            participants=30 + year - 2024,
            actor=ACTOR,
        )
        app.record_communication(
            pid,
            channel="newsletter",
            title="News",
            reach=1000 * (year - 2023),
            published_on=date(year, 11, 19),
            actor=ACTOR,
        )
        clock.next = _at(date(year + 1, 1, 20))
        rid = app.report_kpi(
            pid,
            kpi_id=kid,
            period=ReportingPeriod.year(year),
            value=people,
            actor=ACTOR,
        )
        app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[0], actor=ACTOR)
    clock.next = _at(date(2024, 10, 2))
    app.record_delivery(
        pid,
        deliverable_id=plan.id,
        delivered_on=date(2024, 10, 1),
        output_type="report",
        link="https://example.eu/analysis",
        actor=ACTOR,
    )
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    for org, score in zip(orgs, (5, 4, 2), strict=True):
        app.record_survey_response(
            pid,
            year=2024,
            organisation_id=org,
            satisfaction=score,
            uses_outputs=score > 3,
            actor=ACTOR,
        )
    clock.next = _at(date(2026, 2, 1))
    return app, clock, pid, kid


def test_the_annual_report_holds_box_40_and_the_kpis_for_a_year(
    lsp: tuple[PactApplication, Clock, UUID, UUID],
) -> None:
    """The 2024 report counts 2024's meeting, reach, delivery and survey, and
    the KPI's 2024 value against its target."""
    app, _, pid, _ = lsp
    views = MonitoringViews(app)
    report = annual_report(views, pid, year=2024)
    assert report.evaluated_at == datetime(2024, 12, 31, 23, 59, 59, 999999, UTC)
    assert (report.members, report.members_joined, report.members_left) == (3, 3, 0)
    assert report.countries == ("DE", "FR", "IT")
    assert report.sme_share == Decimal("0.6667")
    assert (report.meetings, report.average_meeting_participants) == (1, Decimal(30))
    assert report.communication_reach == 1000
    assert (report.deliverables_due, report.deliverables_delivered) == (1, 1)
    assert report.outputs == {"report": 1}
    assert report.share_satisfied == Decimal("0.6667")
    assert report.share_using_outputs == Decimal("0.6667")
    (kpi,) = report.kpis
    # The 2024 value was reported (and approved) in January 2025: as now.
    assert kpi.value_in_year == Decimal(300)
    assert kpi.value_to_date == Decimal(300)
    assert kpi.status is KpiStatus.BEHIND  # 300 < 500 expected at mid-way


def test_the_report_as_of_a_past_date_shows_what_was_known_then(
    lsp: tuple[PactApplication, Clock, UUID, UUID],
) -> None:
    """As recorded on 31 December 2024, the 2024 KPI value was not in yet."""
    app, _, pid, _ = lsp
    views = MonitoringViews(app)
    then = annual_report(views, pid, year=2024, as_of=date(2024, 12, 31))
    (kpi,) = then.kpis
    assert kpi.value_in_year is None
    assert kpi.status is KpiStatus.NO_DATA
    later = annual_report(views, pid, year=2025, as_of="2026-01-31", axis="recorded")
    (kpi,) = later.kpis
    assert (kpi.value_in_year, kpi.value_to_date) == (Decimal(400), Decimal(700))
    assert later.meetings == 1
    assert later.communication_reach == 2000


def test_reports_serialise_and_read_back_with_cattrs(
    lsp: tuple[PactApplication, Clock, UUID, UUID],
) -> None:
    """Both reports are typed attrs objects that round-trip through the
    library's converter and JSON."""
    app, _, pid, kid = lsp
    views = MonitoringViews(app)
    report = annual_report(views, pid, year=2025)
    data = json.loads(json.dumps(unstructure(report)))
    assert structure(data, AnnualMonitoringReport) == report
    assert data["kpis"][0]["kpi_id"] == str(kid)
    folio = portfolio_report(views, year=2025, indicators={kid: "people_upskilled"})
    assert (
        structure(json.loads(json.dumps(unstructure(folio))), PortfolioReport) == folio
    )
    assert folio.roll_up.total("people_upskilled") == Decimal(700)
    text = format_portfolio_report(folio)
    assert "People who benefited from up- or reskilling: 700" in text
    body = format_annual_report(report)
    assert "Meetings held: 1, average participants 31" in body
    assert "Health workers trained: 400 people in 2025, 700 to date" in body


# -- CLI ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("demo") / "pact.db")
    load_demo(open_application(path))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_pact_report_prints_a_partnership_and_the_portfolio(
    demo_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pact report` prints Box 40's framework; `--portfolio` the portfolio."""
    code, out, _ = _run(
        capsys,
        "report",
        "Skills Partnership for the Tourism Ecosystem",
        "--year",
        "2024",
        "--store",
        demo_store,
    )
    assert code == 0
    assert "Annual monitoring report 2024: Skills Partnership for the Tourism" in out
    assert "Members: 61" in out
    code, out, _ = _run(capsys, "report", "--portfolio", "--store", demo_store)
    assert code == 0
    assert "Partnerships: 4" in out
    code, out, _ = _run(
        capsys,
        "report",
        str(TOURISM_ID),
        "--as-of",
        "2024-12-31",
        "--axis",
        "effective",
        "--json",
        "--store",
        demo_store,
    )
    assert code == 0
    data = json.loads(out)
    assert data["axis"] == "effective"
    assert data["partnership_id"] == str(TOURISM_ID)


def test_pact_report_refuses_bad_input(
    demo_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A partnership and --portfolio together, or a bad date, exit with 2."""
    code, _, err = _run(
        capsys, "report", str(TOURISM_ID), "--portfolio", "--store", demo_store
    )
    assert code == 2
    assert "not both" in err
    code, _, err = _run(
        capsys,
        "report",
        str(TOURISM_ID),
        "--as-of",
        "31/12/2024",
        "--store",
        demo_store,
    )
    assert code == 2
    assert "ISO 8601" in err


def test_pact_views_status_rebuild_and_follow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pact views` reports the lag, rebuilds, and follows once."""
    store = str(tmp_path / "pact.db")
    app = open_application(store)
    app.register_organisation(
        name="Org",
        stakeholder_type="company",
        size="small",
        country="DE",
        actor=ACTOR,
    )
    code, out, _ = _run(capsys, "views", "status", "--store", store)
    assert code == 0
    assert "position 0 of 1, 1 notification(s) behind" in out
    code, out, _ = _run(capsys, "views", "follow", "--once", "--store", store)
    assert code == 0
    assert "applied 1 notification(s); position 1 of 1" in out
    code, out, _ = _run(capsys, "views", "rebuild", "--store", store)
    assert "rebuilt the views from 1 notification(s)" in out
    code, out, _ = _run(
        capsys,
        "views",
        "follow",
        "--max-iterations",
        "2",
        "--poll-interval",
        "0",
        "--store",
        store,
    )
    assert "applied 0 notification(s)" in out
    code, out, _ = _run(capsys, "views", "status", "--store", store)
    assert "up to date" in out
