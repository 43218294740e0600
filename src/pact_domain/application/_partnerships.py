"""Partnership commands and queries of the application service.

Each command loads the partnership, calls one method of the aggregate and
saves: the aggregate holds the rules (see :mod:`pact_domain.partnership`).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pact_domain import commands as c
from pact_domain.application._base import ApplicationBase
from pact_domain.application._command_method import command_method
from pact_domain.partnership import (
    ExpressionOfInterestSubmitted,
    Partnership,
)

When = datetime | date | None


class PartnershipService(ApplicationBase):
    """Commands and queries about partnerships."""

    # -- lifecycle ------------------------------------------------------------

    submit_expression_of_interest = command_method(c.SubmitExpressionOfInterest)

    update_expression_of_interest = command_method(c.UpdateExpressionOfInterest)

    assess_expression_of_interest = command_method(c.AssessExpressionOfInterest)

    draft_agreement = command_method(c.DraftAgreement)

    sign_agreement = command_method(c.SignAgreement)

    close_partnership = command_method(c.ClosePartnership)

    # -- governance -----------------------------------------------------------

    appoint_coordinator = command_method(c.AppointCoordinator)

    transfer_coordination = command_method(c.TransferCoordination)

    # -- membership -----------------------------------------------------------

    join_partnership = command_method(c.JoinPartnership)

    leave_partnership = command_method(c.LeavePartnership)

    change_member_tier = command_method(c.ChangeMemberTier)

    # -- commitments and KPIs -------------------------------------------------

    pledge_commitment = command_method(c.PledgeCommitment)

    revise_commitment = command_method(c.ReviseCommitment)

    withdraw_commitment = command_method(c.WithdrawCommitment)

    define_kpi = command_method(c.DefineKpi)

    revise_kpi_target = command_method(c.ReviseKpiTarget)

    retire_kpi = command_method(c.RetireKpi)

    report_kpi = command_method(c.ReportKpi)

    correct_kpi_report = command_method(c.CorrectKpiReport)

    # -- queries --------------------------------------------------------------

    def get_partnership(
        self, partnership_id: UUID, *, as_of: datetime | date | None = None
    ) -> Partnership:
        """The partnership's current state, or its state as recorded at
        ``as_of`` (an aware datetime, or a date meaning the end of that day,
        UTC): reconstructed from the nearest earlier snapshot.

        Raises:
            NotFoundError: if no partnership has this id (field ``id``), or it
                was not recorded yet at ``as_of`` (field ``as_of``).
            InvalidValueError: ``as_of`` is naive or not a date/datetime.
        """
        return self._get_as_of(Partnership, partnership_id, as_of)

    def partnership_ids(self) -> list[UUID]:
        """The ids of every partnership, in order of submission."""
        return list(self._ids_created_by(ExpressionOfInterestSubmitted))
