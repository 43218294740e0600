"""Review of KPI reports: submitted, then approved or returned (§3.4, §6.2).

A KPI report is *submitted* when it is recorded (:class:`KpiReported`); a
coordinator of the partnership (§2.4) then either approves it or returns it
for revision, with a reason.  A returned report is revised by correcting it
(:class:`~pact_domain.partnership.KpiReportCorrected`): the correction is a
new report, pending review again, and the returned one stays in history.

Rules:

* only an organisation that currently coordinates the partnership reviews
  (the command names it as ``reviewer_id``);
* only a current (not superseded) report that is pending review can be
  approved or returned — a decision is final until the report is corrected.

Monitoring views count approved figures and show pending ones apart
(:mod:`pact_domain.monitoring`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError
from pact_domain.events import EventMeta, PactEvent
from pact_domain.vocabularies import PartnershipStatus, _Vocabulary

if TYPE_CHECKING:
    from pact_domain.partnership._aggregate import Partnership
    from pact_domain.partnership._core import PartnershipCore as _Core
    from pact_domain.partnership._state import KpiReport
else:
    _Core = object

__all__ = [
    "KpiReportApproved",
    "KpiReportReturned",
    "KpiReview",
    "ReviewCommands",
    "ReviewStatus",
]

_E = "Partnership"
S = PartnershipStatus


class ReviewStatus(_Vocabulary):
    """Where a KPI report stands in its review."""

    PENDING = "pending", "Submitted, pending review"
    APPROVED = "approved", "Approved by a coordinator"
    RETURNED = "returned", "Returned for revision"


@attrs.frozen
class KpiReview:
    """A coordinator's decision on one KPI report.

    ``report_id`` names the report judged: a correction starts as a copy of
    the report it corrects, and a review of another report does not apply to
    it (so a correction is pending until it is reviewed itself).
    """

    report_id: UUID
    status: ReviewStatus
    reviewer_id: UUID
    reviewed_at: datetime
    reason: str = ""


def _reviewed(
    aggregate: Partnership, event: KpiReportApproved | KpiReportReturned
) -> None:
    report = aggregate.reports[event.report_id]
    status = (
        ReviewStatus.APPROVED
        if isinstance(event, KpiReportApproved)
        else ReviewStatus.RETURNED
    )
    review = KpiReview(
        report_id=event.report_id,
        status=status,
        reviewer_id=event.reviewer_id,
        reviewed_at=event.effective_at,
        reason=getattr(event, "reason", ""),
    )
    # Review changes neither supersession nor the (KPI, period, reporter)
    # key: the current-report index is unaffected.
    aggregate.reports[report.id] = attrs.evolve(report, review=review)


class KpiReportApproved(PactEvent):
    """A coordinator approved a submitted KPI report."""

    report_id: UUID
    reviewer_id: UUID

    def apply(self, aggregate: Partnership) -> None:
        _reviewed(aggregate, self)


class KpiReportReturned(PactEvent):
    """A coordinator returned a submitted KPI report for revision."""

    report_id: UUID
    reviewer_id: UUID
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        _reviewed(aggregate, self)


class ReviewCommands(_Core):
    """KPI report review commands (mixed into :class:`Partnership`)."""

    def approve_kpi_report(
        self, *, report_id: UUID, reviewer_id: UUID, meta: EventMeta
    ) -> None:
        """Approve a current report pending review.

        Raises:
            DomainRuleError: the reviewer is not a coordinator, or the report
                does not exist, is superseded, or was already reviewed.
        """
        self._require_status("approve_kpi_report", S.ACCEPTED, S.ACTIVE)
        self._reviewable(report_id, reviewer_id)
        self._trigger(
            KpiReportApproved, meta, report_id=report_id, reviewer_id=reviewer_id
        )

    def return_kpi_report(
        self, *, report_id: UUID, reviewer_id: UUID, reason: str, meta: EventMeta
    ) -> None:
        """Return a current report pending review for revision, saying why.

        Raises:
            DomainRuleError: as :meth:`approve_kpi_report`.
            InvalidValueError: the reason is empty or longer than 1,000
                characters.
        """
        self._require_status("return_kpi_report", S.ACCEPTED, S.ACTIVE)
        why = v.free_text(_E, "reason", reason, empty=False)
        self._reviewable(report_id, reviewer_id)
        self._trigger(
            KpiReportReturned,
            meta,
            report_id=report_id,
            reviewer_id=reviewer_id,
            reason=why,
        )

    def _reviewable(self, report_id: UUID, reviewer_id: UUID) -> KpiReport:
        if reviewer_id not in self.coordinators:
            raise DomainRuleError(
                self.entity,
                "reviewer_id",
                f"organisation {reviewer_id} does not coordinate the partnership; "
                "only a coordinator reviews KPI reports (§2.4)",
            )
        report = self.reports.get(report_id)
        if report is None:
            raise DomainRuleError(
                self.entity, "report_id", f"there is no report {report_id}"
            )
        if not report.is_current:
            raise DomainRuleError(
                self.entity,
                "report_id",
                f"report {report_id} was corrected by {report.superseded_by}; "
                "review the latest report",
            )
        status = report.review_status
        if status is not ReviewStatus.PENDING:
            raise DomainRuleError(
                self.entity,
                "report_id",
                f"report {report_id} was already {status}; a correction is "
                "reviewed afresh",
            )
        return report
