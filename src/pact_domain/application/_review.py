"""KPI report review commands of the application service (§3.4, §6.2).

A report is submitted with :meth:`~PartnershipService.report_kpi`; a
coordinator approves it or returns it for revision here.  A returned report is
revised with :meth:`~PartnershipService.correct_kpi_report`, which makes the
correction pending review again.
"""

from __future__ import annotations

from pact_domain import commands as c
from pact_domain.application._base import ApplicationBase
from pact_domain.application._command_method import command_method

__all__ = ["ReviewService"]


class ReviewService(ApplicationBase):
    """Commands that review submitted KPI reports."""

    approve_kpi_report = command_method(c.ApproveKpiReport)

    return_kpi_report = command_method(c.ReturnKpiReport)
