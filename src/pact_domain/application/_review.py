"""KPI report review commands of the application service (§3.4, §6.2).

A report is submitted with :meth:`~PartnershipService.report_kpi`; a
coordinator approves it or returns it for revision here.  A returned report is
revised with :meth:`~PartnershipService.correct_kpi_report`, which makes the
correction pending review again.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pact_domain.application._base import ApplicationBase
from pact_domain.partnership import Partnership

__all__ = ["ReviewService"]


class ReviewService(ApplicationBase):
    """Commands that review submitted KPI reports."""

    def approve_kpi_report(
        self,
        partnership_id: UUID,
        *,
        report_id: UUID,
        reviewer_id: UUID,
        actor: str,
        effective_at: datetime | date | None = None,
    ) -> None:
        """Approve a submitted KPI report.

        ``reviewer_id`` is the coordinating organisation that decides.

        Raises:
            DomainRuleError: the reviewer does not coordinate the partnership,
                or the report is unknown, superseded or already reviewed.
        """
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.approve_kpi_report(
                report_id=report_id, reviewer_id=reviewer_id, meta=meta
            ),
        )

    def return_kpi_report(
        self,
        partnership_id: UUID,
        *,
        report_id: UUID,
        reviewer_id: UUID,
        reason: str,
        actor: str,
        effective_at: datetime | date | None = None,
    ) -> None:
        """Return a submitted KPI report for revision, saying why.

        Raises:
            DomainRuleError: as :meth:`approve_kpi_report`.
            InvalidValueError: the reason is empty.
        """
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.return_kpi_report(
                report_id=report_id, reviewer_id=reviewer_id, reason=reason, meta=meta
            ),
        )
