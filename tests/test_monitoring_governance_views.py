"""Regional links, skills needs, recruitment, governance and funding by
programme in the monitoring views and the annual report, computed by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from _helpers import ACTOR, Clock, active_lsp, new_app, submit_regional
from pact_domain.application import PactApplication
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    GovernanceSummary,
    MemoryViewStore,
    MonitoringViews,
    RecruitmentSummary,
    SkillsNeedsSummary,
    annual_report,
    format_annual_report,
    portfolio_report,
)
from pact_domain.partnership import SkillsGap
from pact_domain.serialization import structure, unstructure


def _at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, tzinfo=UTC)


def _regional(app: PactApplication, name: str, region: str) -> UUID:
    pid = submit_regional(app, name=name, countries=("IT",), regions=(region,))
    app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
    return pid


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application recording from 2026-01-10 (the facts of
    2025 are recorded afterwards, with their effective dates)."""
    return new_app(clock=Clock(start=datetime(2026, 1, 10, 9, tzinfo=UTC)))


def _history(app: PactApplication) -> dict[str, UUID]:
    """One LSP with three members and, hand-counted:

    * regional links: Veneto linked 2025-04-01, Lazio linked 2025-05-01 and
      unlinked 2025-09-01 → one link at the end of 2025, two in mid-2025;
    * skills needs: two assessments in 2025 (3 gaps, of which 1 ESCO-linked;
      then 2 gaps) and one in 2024 (1 gap);
    * recruitment: campaigns ended 2025-06-30 (40 contacted, 6 joined) and
      2025-11-30 (10, 4); one in 2024 (99, 9);
    * steering group: A and B join, then B leaves and C joins → 2 members;
    * working groups: WG1 formed 2025-03-10, its sub-group SG formed
      2025-04-10 and closed 2025-10-01, WG2 formed 2025-05-10 → 2 open at the
      end of 2025, 3 formed and 1 closed in 2025;
    * funding: ESF+ 100,000 and 50,000.50, Erasmus+ 20,000 in 2025.
    """
    lsp, (a, b, c) = active_lsp(app, members=3)
    veneto = _regional(app, "Tourism skills partnership in Veneto", "ITH3")
    lazio = _regional(app, "Tourism skills partnership in Lazio", "ITI4")
    app.link_regional_partnership(
        lsp, regional_partnership_id=veneto, actor=ACTOR, effective_at=_at(2025, 4, 1)
    )
    app.link_regional_partnership(
        lsp, regional_partnership_id=lazio, actor=ACTOR, effective_at=_at(2025, 5, 1)
    )
    app.unlink_regional_partnership(
        lsp,
        regional_partnership_id=lazio,
        reason="Merged into another partnership.",
        actor=ACTOR,
        effective_at=_at(2025, 9, 1),
    )
    for on, gaps in (
        (date(2025, 2, 1), 3),
        (date(2025, 8, 1), 2),
        (date(2024, 8, 1), 1),
    ):
        app.record_skills_needs_assessment(
            lsp,
            method="survey",
            assessed_on=on,
            skills_gaps=tuple(
                SkillsGap(
                    f"Gap {i}",
                    "http://data.europa.eu/esco/skill/abc"
                    if gaps == 3 and i == 0
                    else None,
                )
                for i in range(gaps)
            ),
            actor=ACTOR,
        )
    for name, ended, contacted, joined in (
        ("Spring", date(2025, 6, 30), 40, 6),
        ("Autumn", date(2025, 11, 30), 10, 4),
        ("Old", date(2024, 11, 30), 99, 9),
    ):
        app.record_membership_recruitment(
            lsp,
            campaign=name,
            ended_on=ended,
            prospects_contacted=contacted,
            joined=joined,
            actor=ACTOR,
        )
    app.change_steering_group(lsp, joined=(a, b), actor=ACTOR)
    app.change_steering_group(lsp, joined=(c,), left=(b,), actor=ACTOR)
    wg1 = app.form_working_group(
        lsp,
        name="Skills intelligence",
        theme="skills needs",
        lead_organisation_id=a,
        actor=ACTOR,
        effective_at=_at(2025, 3, 10),
    )
    sub = app.form_working_group(
        lsp,
        name="Survey design",
        theme="skills needs",
        lead_organisation_id=b,
        parent_id=wg1,
        actor=ACTOR,
        effective_at=_at(2025, 4, 10),
    )
    app.form_working_group(
        lsp,
        name="Training offer",
        theme="training",
        lead_organisation_id=c,
        actor=ACTOR,
        effective_at=_at(2025, 5, 10),
    )
    app.close_working_group(
        lsp,
        working_group_id=sub,
        reason="Survey done.",
        actor=ACTOR,
        effective_at=_at(2025, 10, 1),
    )
    for programme, amount, on in (
        ("esf_plus", "100000", date(2025, 3, 1)),
        ("esf_plus", "50000.50", date(2025, 7, 1)),
        ("erasmus_plus", "20000", date(2025, 9, 1)),
    ):
        app.record_funding_secured(
            lsp,
            programme=programme,
            amount_eur=amount,
            project_name="Project",
            secured_on=on,
            actor=ACTOR,
        )
    return {"lsp": lsp, "veneto": veneto, "lazio": lazio}


def test_views_count_links_needs_recruitment_and_governance(
    app: PactApplication,
) -> None:
    """Each view, at the end of 2025 and in mid-2025, as counted by hand."""
    ids = _history(app)
    lsp = ids["lsp"]
    views = MonitoringViews(app)
    views.catch_up()
    end = views.current(at=_at(2025, 12, 31))
    assert end.regional_links(lsp) == (ids["veneto"],)
    assert end.regional_links(lsp, on=_at(2025, 6, 1)) == tuple(
        sorted((ids["veneto"], ids["lazio"]))
    )
    assert end.regional_links(ids["veneto"]) == (lsp,)
    assert end.regional_links(ids["lazio"]) == ()
    assert end.skills_needs(lsp) == SkillsNeedsSummary(
        assessments=3, skills_gaps=6, esco_linked_gaps=1, by_method={"survey": 3}
    )
    assert end.skills_needs(
        lsp, start=date(2025, 1, 1), end=date(2025, 12, 31)
    ) == SkillsNeedsSummary(
        assessments=2, skills_gaps=5, esco_linked_gaps=1, by_method={"survey": 2}
    )
    assert end.recruitment(
        lsp, start=date(2025, 1, 1), end=date(2025, 12, 31)
    ) == RecruitmentSummary(
        campaigns=2, prospects_contacted=50, joined=10, conversion=Decimal("0.2")
    )
    assert end.governance(
        lsp, start=date(2025, 1, 1), end=date(2025, 12, 31)
    ) == GovernanceSummary(
        steering_group_size=2,
        working_groups_open=2,
        sub_groups_open=0,
        working_groups_formed=3,
        working_groups_closed=1,
        open_working_groups=("Skills intelligence", "Training offer"),
    )
    mid = end.governance(lsp, on=_at(2025, 6, 1))
    assert (mid.working_groups_open, mid.sub_groups_open) == (3, 1)


def test_annual_report_has_the_new_figures(app: PactApplication) -> None:
    """The annual report of 2025 carries the figures of the year; the
    portfolio line counts the LSP's regional links."""
    ids = _history(app)
    views = MonitoringViews(app)
    report = annual_report(views, ids["lsp"], year=2025)
    assert report.regional_links == (ids["veneto"],)
    assert (report.skills_assessments, report.skills_gaps) == (2, 5)
    assert (report.prospects_contacted, report.prospects_joined) == (50, 10)
    assert report.steering_group_size == 2
    assert (
        report.working_groups_open,
        report.working_groups_formed,
        report.working_groups_closed,
    ) == (2, 3, 1)
    assert report.funding_by_programme == {
        "erasmus_plus": Decimal("20000"),
        "esf_plus": Decimal("150000.50"),
    }
    assert report.funding_eur == Decimal("170000.50")
    text = format_annual_report(report)
    assert "Recruitment: 50 prospects contacted, 10 joined" in text
    assert "Skills needs: 2 assessments, 5 skills gaps found" in text
    assert "Steering group: 2 members" in text
    assert "Working groups: 2 open (formed 3, closed 1 in 2025)" in text
    assert "Linked partnerships: 1" in text
    folio = portfolio_report(views, year=2025)
    lines = {line.partnership_id: line for line in folio.partnerships}
    assert lines[ids["lsp"]].regional_links == 1
    assert lines[ids["veneto"]].regional_links == 1
    assert lines[ids["lazio"]].regional_links == 0


def test_the_new_views_as_of_and_after_a_rebuild(app: PactApplication) -> None:
    """As of 2025-06-01 (effective time) both links stand and three working
    groups are open; incremental views equal a rebuild."""
    ids = _history(app)
    views = MonitoringViews(app)
    views.catch_up()
    rebuilt = MonitoringViews(app, store=MemoryViewStore())
    rebuilt.rebuild()
    assert views.current().dump() == rebuilt.current().dump()
    then = views.as_of("2025-06-01", "effective")
    assert len(then.regional_links(ids["lsp"])) == 2
    assert then.governance(ids["lsp"]).working_groups_open == 3


def test_reports_serialised_without_the_new_fields_still_load(
    app: PactApplication,
) -> None:
    """A report serialised before the fields existed loads with defaults."""
    ids = _history(app)
    report = annual_report(MonitoringViews(app), ids["lsp"], year=2025)
    data = unstructure(report)
    for field in (
        "regional_links",
        "skills_assessments",
        "skills_gaps",
        "prospects_contacted",
        "prospects_joined",
        "steering_group_size",
        "working_groups_open",
        "working_groups_formed",
        "working_groups_closed",
        "funding_by_programme",
    ):
        del data[field]
    old = structure(data, AnnualMonitoringReport)
    assert old.regional_links == ()
    assert old.funding_by_programme == {}
    assert old.members == report.members
    assert structure(unstructure(report), AnnualMonitoringReport) == report
