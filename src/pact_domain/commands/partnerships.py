"""Commands of a partnership's life: the expression of interest and its
assessment (Annex A, §2.2), the agreement (Annex B, §3.1), coordination
(§2.4), membership (Box 23), commitments and KPIs (§3.3, §3.4) and KPI reports
(Box 13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import attrs

from pact_domain.commands._base import Command, Reader, command
from pact_domain.errors import NotFoundError
from pact_domain.organisation import Organisation
from pact_domain.partnership import KpiDefinition, Partnership
from pact_domain.values import (
    AgreementContent,
    BreakdownValue,
    ContactPerson,
    CurrentPartner,
    ReportingPeriod,
    Target,
)
from pact_domain.vocabularies import (
    AssessmentOutcome,
    CharterPrinciple,
    CommitmentCategory,
    DataSource,
    Ecosystem,
    MembershipTier,
    PartnershipKind,
    RegionalScope,
)

__all__ = [
    "AppointCoordinator",
    "AssessExpressionOfInterest",
    "ChangeMemberTier",
    "ClosePartnership",
    "CorrectKpiReport",
    "DefineKpi",
    "DraftAgreement",
    "JoinPartnership",
    "LeavePartnership",
    "PledgeCommitment",
    "ReportKpi",
    "RetireKpi",
    "ReviseCommitment",
    "ReviseKpiTarget",
    "SignAgreement",
    "SubmitExpressionOfInterest",
    "TransferCoordination",
    "UpdateExpressionOfInterest",
    "WithdrawCommitment",
]


@command(target=Partnership, creates=True)
@attrs.frozen(kw_only=True)
class SubmitExpressionOfInterest(Command[UUID]):
    """Record an expression of interest (Annex A); return the partnership id.

    Raises:
        InvalidValueError: a field breaks a rule of the form.
        NotFoundError: ``linked_lsp_id`` names no partnership.
    """

    name: str
    kind: PartnershipKind | str
    contact: ContactPerson
    description: str
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    regional_scope: RegionalScope | str | None = None
    ecosystems: tuple[Ecosystem | str, ...] = ()
    current_partners: tuple[CurrentPartner, ...] = ()
    objectives: str = ""
    support_needed: str = ""
    current_activities: str = ""
    linked_lsp_id: UUID | None = None
    id: UUID | None = None

    def check(self, reader: Reader) -> None:
        """A linked partnership must be a Large Scale Partnership (§4.6)."""
        if self.linked_lsp_id is None:
            return
        lsp = reader.load(Partnership, self.linked_lsp_id, "linked_lsp_id")
        if lsp.kind is not PartnershipKind.LARGE_SCALE:
            raise NotFoundError(
                "Partnership",
                "linked_lsp_id",
                f"partnership {self.linked_lsp_id} is not a Large Scale Partnership",
            )


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class UpdateExpressionOfInterest(Command[None]):
    """Complete an expression of interest after more information was asked."""

    partnership_id: UUID = attrs.field(kw_only=False)
    name: str | None = None
    countries: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    regional_scope: RegionalScope | str | None = None
    ecosystems: tuple[Ecosystem | str, ...] | None = None
    contact: ContactPerson | None = None
    description: str | None = None
    current_partners: tuple[CurrentPartner, ...] | None = None
    objectives: str | None = None
    support_needed: str | None = None
    current_activities: str | None = None


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class AssessExpressionOfInterest(Command[None]):
    """Record the Support Services' assessment of an expression of interest."""

    partnership_id: UUID = attrs.field(kw_only=False)
    outcome: AssessmentOutcome | str
    reasons: str = ""
    follow_up_meeting: date | None = None


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class DraftAgreement(Command[int]):
    """Record a new draft of the partnership agreement; return its version."""

    partnership_id: UUID = attrs.field(kw_only=False)
    content: AgreementContent


@command(target=Partnership, effective_from="signed_on")
@attrs.frozen(kw_only=True)
class SignAgreement(Command[None]):
    """Record the signature of an agreement draft; the partnership is active."""

    partnership_id: UUID = attrs.field(kw_only=False)
    version: int
    signatories: tuple[UUID, ...]
    signed_on: date


@command(target=Partnership, effective_from="closed_on")
@attrs.frozen(kw_only=True)
class ClosePartnership(Command[None]):
    """Close a partnership."""

    partnership_id: UUID = attrs.field(kw_only=False)
    reason: str
    closed_on: date


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class AppointCoordinator(Command[None]):
    """Appoint a member as coordinator (one to three, §2.4)."""

    partnership_id: UUID = attrs.field(kw_only=False)
    organisation_id: UUID


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class TransferCoordination(Command[None]):
    """Hand a coordinator's role to another member (§2.4)."""

    partnership_id: UUID = attrs.field(kw_only=False)
    from_organisation_id: UUID
    to_organisation_id: UUID


@command(target=Partnership, references={"organisation_id": Organisation})
@attrs.frozen(kw_only=True)
class JoinPartnership(Command[None]):
    """Record that a registered organisation joined a partnership.

    Raises:
        NotFoundError: the organisation or the partnership does not exist.
    """

    partnership_id: UUID = attrs.field(kw_only=False)
    organisation_id: UUID
    tier: MembershipTier | str = MembershipTier.CORE


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class LeavePartnership(Command[None]):
    """Record that a member left a partnership."""

    partnership_id: UUID = attrs.field(kw_only=False)
    organisation_id: UUID
    reason: str = ""


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class ChangeMemberTier(Command[None]):
    """Move a member to another membership tier."""

    partnership_id: UUID = attrs.field(kw_only=False)
    organisation_id: UUID
    tier: MembershipTier | str


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class PledgeCommitment(Command[tuple[UUID, tuple[UUID, ...]]]):
    """Pledge a commitment with its first KPI(s); return their ids."""

    partnership_id: UUID = attrs.field(kw_only=False)
    category: CommitmentCategory | str
    statement: str
    principles: tuple[CharterPrinciple | str, ...]
    kpis: tuple[KpiDefinition, ...]
    member_id: UUID | None = None
    target: Target | None = None
    commitment_id: UUID | None = None
    kpi_ids: tuple[UUID, ...] | None = None


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class ReviseCommitment(Command[None]):
    """Revise a commitment's statement, principles or target."""

    partnership_id: UUID = attrs.field(kw_only=False)
    commitment_id: UUID
    reason: str
    statement: str | None = None
    principles: tuple[CharterPrinciple | str, ...] | None = None
    target: Target | None = None


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class WithdrawCommitment(Command[None]):
    """Withdraw a commitment."""

    partnership_id: UUID = attrs.field(kw_only=False)
    commitment_id: UUID
    reason: str


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class DefineKpi(Command[UUID]):
    """Add a KPI to a commitment; return its id."""

    partnership_id: UUID = attrs.field(kw_only=False)
    commitment_id: UUID
    definition: KpiDefinition
    kpi_id: UUID | None = None


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class ReviseKpiTarget(Command[None]):
    """Revise a KPI's target."""

    partnership_id: UUID = attrs.field(kw_only=False)
    kpi_id: UUID
    target: Target
    reason: str


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class RetireKpi(Command[None]):
    """Retire a KPI (not a live commitment's last one)."""

    partnership_id: UUID = attrs.field(kw_only=False)
    kpi_id: UUID
    reason: str


@command(target=Partnership, effective_from="period.end")
@attrs.frozen(kw_only=True)
class ReportKpi(Command[UUID]):
    """Report a KPI's value for a period; return the report id."""

    partnership_id: UUID = attrs.field(kw_only=False)
    kpi_id: UUID
    period: ReportingPeriod
    value: Decimal | int | str | None = None
    text: str = ""
    breakdowns: tuple[BreakdownValue, ...] = ()
    reported_by: UUID | None = None
    source: DataSource | str = DataSource.ADMINISTRATIVE
    report_id: UUID | None = None


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class CorrectKpiReport(Command[UUID]):
    """Correct a KPI report; return the correction's id (the old report is
    kept in history, superseded).
    """

    partnership_id: UUID = attrs.field(kw_only=False)
    report_id: UUID
    reason: str
    value: Decimal | int | str | None = None
    text: str | None = None
    breakdowns: tuple[BreakdownValue, ...] | None = None
    source: DataSource | str | None = None
    correction_id: UUID | None = None
