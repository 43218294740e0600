"""The review of KPI reports: submitted, then approved or returned (§2.4, §3.4)."""

from __future__ import annotations

from uuid import UUID

import pytest

from _helpers import ACTOR, active_lsp, new_app, pledge, refused
from pact_domain.application import PactApplication
from pact_domain.errors import DomainRuleError, InvalidStateError, InvalidValueError
from pact_domain.partnership import (
    KpiReport,
    KpiReportApproved,
    KpiReportReturned,
    KpiReview,
    ReviewStatus,
)
from pact_domain.serialization import structure, unstructure
from pact_domain.values import ReportingPeriod


@pytest.fixture
def reported() -> tuple[PactApplication, UUID, list[UUID], UUID]:
    """An active LSP whose first member coordinates, with one report."""
    app = new_app()
    pid, orgs = active_lsp(app, 3)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    _, (kid,) = pledge(app, pid)
    rid = app.report_kpi(
        pid, kpi_id=kid, period=ReportingPeriod.year(2024), value=10, actor=ACTOR
    )
    return app, pid, orgs, rid


def _report(app: PactApplication, pid: UUID, rid: UUID) -> KpiReport:
    return app.get_partnership(pid).reports[rid]


def test_a_submitted_report_is_pending(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """A report starts pending review."""
    app, pid, _, rid = reported
    assert _report(app, pid, rid).review_status is ReviewStatus.PENDING


def test_a_coordinator_approves_a_report(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """Approval records the reviewing organisation and the decision."""
    app, pid, orgs, rid = reported
    app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[0], actor=ACTOR)
    report = _report(app, pid, rid)
    assert report.review_status is ReviewStatus.APPROVED
    assert report.review is not None
    assert report.review.reviewer_id == orgs[0]
    event = app.history(pid)[-1]
    assert isinstance(event, KpiReportApproved)
    assert event.actor == ACTOR


def test_only_a_coordinator_reviews(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """A member that does not coordinate is refused, and nothing is stored."""
    app, pid, orgs, rid = reported
    with refused(app, DomainRuleError, "reviewer_id", pid):
        app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[1], actor=ACTOR)
    with refused(app, DomainRuleError, "reviewer_id", pid):
        app.return_kpi_report(
            pid, report_id=rid, reviewer_id=orgs[2], reason="No.", actor=ACTOR
        )


def test_a_report_is_reviewed_once(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """An approved report cannot be approved or returned again."""
    app, pid, orgs, rid = reported
    app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[0], actor=ACTOR)
    with refused(app, DomainRuleError, "report_id", pid):
        app.return_kpi_report(
            pid, report_id=rid, reviewer_id=orgs[0], reason="Late.", actor=ACTOR
        )


def test_an_unknown_report_is_refused(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """Reviewing a report that does not exist names the report."""
    app, pid, orgs, _ = reported
    with refused(app, DomainRuleError, "report_id", pid):
        app.approve_kpi_report(
            pid, report_id=UUID(int=7), reviewer_id=orgs[0], actor=ACTOR
        )


def test_a_returned_report_is_corrected_and_the_correction_is_pending(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """Returned → corrected → the correction is pending, then approvable; the
    returned report is superseded and can no longer be reviewed."""
    app, pid, orgs, rid = reported
    app.return_kpi_report(
        pid,
        report_id=rid,
        reviewer_id=orgs[0],
        reason="The value misses two members.",
        actor=ACTOR,
    )
    returned = _report(app, pid, rid)
    assert returned.review_status is ReviewStatus.RETURNED
    assert returned.review is not None
    assert returned.review.reason == "The value misses two members."
    assert isinstance(app.history(pid)[-1], KpiReportReturned)
    new = app.correct_kpi_report(
        pid, report_id=rid, value=14, reason="Added two members.", actor=ACTOR
    )
    assert _report(app, pid, new).review_status is ReviewStatus.PENDING
    with refused(app, DomainRuleError, "report_id", pid):
        app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[0], actor=ACTOR)
    app.approve_kpi_report(pid, report_id=new, reviewer_id=orgs[0], actor=ACTOR)
    assert _report(app, pid, new).review_status is ReviewStatus.APPROVED
    assert _report(app, pid, rid).review_status is ReviewStatus.RETURNED


def test_correcting_an_approved_report_needs_a_new_approval(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """A correction of an approved report is pending again."""
    app, pid, orgs, rid = reported
    app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[0], actor=ACTOR)
    new = app.correct_kpi_report(
        pid, report_id=rid, value=11, reason="Fix.", actor=ACTOR
    )
    assert _report(app, pid, new).review_status is ReviewStatus.PENDING


def test_returning_needs_a_reason(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """An empty reason is refused."""
    app, pid, orgs, rid = reported
    with refused(app, InvalidValueError, "reason", pid):
        app.return_kpi_report(
            pid, report_id=rid, reviewer_id=orgs[0], reason="  ", actor=ACTOR
        )


def test_a_closed_partnership_reviews_nothing(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """After closure every review is refused."""
    app, pid, orgs, rid = reported
    from datetime import date

    app.close_partnership(
        pid, reason="Work done.", closed_on=date(2025, 3, 3), actor=ACTOR
    )
    with refused(app, InvalidStateError, "status", pid):
        app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[0], actor=ACTOR)


def test_the_review_survives_serialisation_and_reloading(
    reported: tuple[PactApplication, UUID, list[UUID], UUID],
) -> None:
    """A reviewed report round-trips through the converter (snapshots)."""
    app, pid, orgs, rid = reported
    app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[0], actor=ACTOR)
    report = _report(app, pid, rid)
    assert structure(unstructure(report), KpiReport) == report
    old_style = unstructure(report)
    del old_style["review"]
    assert structure(old_style, KpiReport).review_status is ReviewStatus.PENDING
    assert isinstance(report.review, KpiReview)
