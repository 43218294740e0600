"""Commands that review submitted KPI reports (§3.4, §6.2): a coordinator
approves a report or returns it for revision; a returned report is revised
with :class:`~pact_domain.commands.CorrectKpiReport`."""

from __future__ import annotations

from uuid import UUID

import attrs

from pact_domain.commands._base import Command, command
from pact_domain.partnership import Partnership

__all__ = [
    "ApproveKpiReport",
    "ReturnKpiReport",
]


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class ApproveKpiReport(Command[None]):
    """Approve a submitted KPI report.

    ``reviewer_id`` is the coordinating organisation that decides.

    Raises:
        DomainRuleError: the reviewer does not coordinate the partnership,
            or the report is unknown, superseded or already reviewed.
    """

    partnership_id: UUID = attrs.field(kw_only=False)
    report_id: UUID
    reviewer_id: UUID


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class ReturnKpiReport(Command[None]):
    """Return a submitted KPI report for revision, saying why.

    Raises:
        DomainRuleError: as :meth:`approve_kpi_report`.
        InvalidValueError: the reason is empty.
    """

    partnership_id: UUID = attrs.field(kw_only=False)
    report_id: UUID
    reviewer_id: UUID
    reason: str
