"""A simple model of what the store should hold (private; see the package).

The history strategies and :class:`~pact_domain.testing.PartnershipLifecycle`
keep this model next to the real application: it says which commands are
allowed now, and the real state is checked against it.  It is deliberately
naive — plain mutable records, no events — so that it is easy to trust.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

from pact_domain.commands import (
    AppointCoordinator,
    ApproveKpiReport,
    AssessExpressionOfInterest,
    ChangeMemberTier,
    ClosePartnership,
    Command,
    CorrectKpiReport,
    DefineKpi,
    DraftAgreement,
    JoinPartnership,
    LeavePartnership,
    PledgeCommitment,
    RegisterOrganisation,
    ReportKpi,
    RetireKpi,
    ReturnKpiReport,
    ReviseCommitment,
    ReviseKpiTarget,
    SignAgreement,
    SignCharter,
    SubmitExpressionOfInterest,
    TransferCoordination,
    UpdateExpressionOfInterest,
    WithdrawCommitment,
)
from pact_domain.partnership import KpiDefinition
from pact_domain.testing._commands import known_id
from pact_domain.values import BreakdownValue, ReportingPeriod, Target
from pact_domain.vocabularies import (
    AssessmentOutcome,
    CharterPrinciple,
    DataSource,
    Measure,
    MembershipTier,
    PartnershipKind,
    PartnershipStatus,
)

__all__ = [
    "CommitmentModel",
    "KpiModel",
    "LifecycleModel",
    "PartnershipModel",
    "ReportModel",
]

S = PartnershipStatus

OPEN = (S.ACCEPTED, S.ACTIVE)
"""The statuses in which members, commitments and reports can be recorded."""


@attrs.define
class ReportModel:
    """A KPI report as the model knows it."""

    id: UUID
    kpi_id: UUID
    period: ReportingPeriod
    reported_by: UUID | None
    value: Decimal | None
    text: str
    breakdowns: tuple[BreakdownValue, ...]
    source: DataSource
    superseded_by: UUID | None = None
    review: str = "pending"
    """``pending``, ``approved`` or ``returned`` (a correction starts pending)."""

    @property
    def is_current(self) -> bool:
        """Whether no correction supersedes the report."""
        return self.superseded_by is None

    def content(self) -> tuple[object, ...]:
        """What a correction must change (value, text, breakdowns, source)."""
        return (self.value, self.text, self.breakdowns, self.source)


@attrs.define
class KpiModel:
    """A KPI as the model knows it."""

    id: UUID
    commitment_id: UUID
    definition: KpiDefinition
    target: Target | None
    retired: bool = False

    @property
    def measure(self) -> Measure:
        """The KPI's measure."""
        return Measure(self.definition.measure)


@attrs.define
class CommitmentModel:
    """A commitment as the model knows it."""

    id: UUID
    member_id: UUID | None
    statement: str
    principles: tuple[CharterPrinciple, ...]
    target: Target | None
    withdrawn: bool = False


@attrs.define
class PartnershipModel:
    """A partnership as the model knows it.

    Attributes:
        drafts: each agreement version and whether it was signed.
    """

    id: UUID
    kind: PartnershipKind
    status: PartnershipStatus = S.PROPOSED
    members: dict[UUID, MembershipTier] = attrs.field(factory=dict)
    coordinators: list[UUID] = attrs.field(factory=list)
    drafts: dict[int, bool] = attrs.field(factory=dict)
    commitments: dict[UUID, CommitmentModel] = attrs.field(factory=dict)
    kpis: dict[UUID, KpiModel] = attrs.field(factory=dict)
    reports: dict[UUID, ReportModel] = attrs.field(factory=dict)

    @property
    def is_open(self) -> bool:
        """Whether it is accepted or active (members, commitments, reports)."""
        return self.status in OPEN

    @property
    def latest_draft(self) -> int | None:
        """The latest agreement version, or ``None``."""
        return max(self.drafts, default=None)

    def live_commitments(self) -> list[CommitmentModel]:
        """Commitments not withdrawn."""
        return [c for c in self.commitments.values() if not c.withdrawn]

    def live_kpis(self, commitment_id: UUID | None = None) -> list[KpiModel]:
        """Live KPIs (of one commitment, or all)."""
        return [
            k
            for k in self.kpis.values()
            if not k.retired
            and (commitment_id is None or k.commitment_id == commitment_id)
        ]

    def reportable_kpis(self) -> list[KpiModel]:
        """Live KPIs of live commitments: the ones that take reports."""
        return [
            k
            for k in self.live_kpis()
            if not self.commitments[k.commitment_id].withdrawn
        ]

    def retirable_kpis(self) -> list[KpiModel]:
        """Live KPIs that are not their live commitment's last live KPI."""
        return [
            k
            for k in self.live_kpis()
            if self.commitments[k.commitment_id].withdrawn
            or len(self.live_kpis(k.commitment_id)) > 1
        ]

    def current_reports(self) -> list[ReportModel]:
        """Reports that no correction supersedes."""
        return [r for r in self.reports.values() if r.is_current]

    def reviewable_reports(self) -> list[ReportModel]:
        """Current reports pending review."""
        return [r for r in self.current_reports() if r.review == "pending"]

    def has_current_report(
        self, kpi_id: UUID, period: ReportingPeriod, reported_by: UUID | None
    ) -> bool:
        """Whether a current report exists for this KPI, period and reporter."""
        return any(
            r.kpi_id == kpi_id and r.period == period and r.reported_by == reported_by
            for r in self.current_reports()
        )

    def can_leave(self, organisation_id: UUID) -> bool:
        """Whether the member may leave (not a coordinator, no live commitment)."""
        return (
            self.is_open
            and organisation_id in self.members
            and organisation_id not in self.coordinators
            and not any(c.member_id == organisation_id for c in self.live_commitments())
        )


@attrs.define
class LifecycleModel:
    """Everything the model knows: organisations and partnerships.

    Attributes:
        organisations: registered organisations, in order.
        charter_signatories: organisations that signed the Charter.
        partnerships: each partnership's model by id, in order of submission.
    """

    organisations: list[UUID] = attrs.field(factory=list)
    charter_signatories: set[UUID] = attrs.field(factory=set)
    partnerships: dict[UUID, PartnershipModel] = attrs.field(factory=dict)

    def partnership(self, partnership_id: UUID) -> PartnershipModel:
        """The model of one partnership."""
        return self.partnerships[partnership_id]

    def record(self, command: Command[Any]) -> None:
        """Update the model for a command the application *accepted*.

        The command must carry the ids it creates (``id=``,
        ``commitment_id=``, ``kpi_ids=``, ``kpi_id=``, ``report_id=``,
        ``correction_id=``): the model does not see the application's
        return values.  Commands of other classes are ignored.
        """
        if isinstance(command, RegisterOrganisation):
            self.organisations.append(known_id(command.id))
        elif isinstance(command, SignCharter):
            self.charter_signatories.add(command.organisation_id)
        elif isinstance(command, SubmitExpressionOfInterest):
            pid = known_id(command.id)
            self.partnerships[pid] = PartnershipModel(
                pid, PartnershipKind(command.kind)
            )
        else:
            recorder = _RECORDERS.get(type(command))
            target = getattr(command, "partnership_id", None)
            if recorder is not None and target in self.partnerships:
                recorder(self.partnerships[target], command)


def _update_eoi(p: PartnershipModel, _c: UpdateExpressionOfInterest) -> None:
    p.status = S.PROPOSED


_OUTCOME_STATUS = {
    AssessmentOutcome.ACCEPTED: S.ACCEPTED,
    AssessmentOutcome.DECLINED: S.DECLINED,
    AssessmentOutcome.MORE_INFORMATION_NEEDED: S.MORE_INFORMATION_NEEDED,
}


def _assess(p: PartnershipModel, c: AssessExpressionOfInterest) -> None:
    p.status = _OUTCOME_STATUS[AssessmentOutcome(c.outcome)]


def _draft(p: PartnershipModel, _c: DraftAgreement) -> None:
    p.drafts[(p.latest_draft or 0) + 1] = False


def _sign(p: PartnershipModel, c: SignAgreement) -> None:
    p.drafts[c.version] = True
    p.status = S.ACTIVE


def _close(p: PartnershipModel, _c: ClosePartnership) -> None:
    p.status = S.CLOSED


def _appoint(p: PartnershipModel, c: AppointCoordinator) -> None:
    p.coordinators.append(c.organisation_id)


def _transfer(p: PartnershipModel, c: TransferCoordination) -> None:
    index = p.coordinators.index(c.from_organisation_id)
    p.coordinators[index] = c.to_organisation_id


def _join(p: PartnershipModel, c: JoinPartnership) -> None:
    p.members[c.organisation_id] = MembershipTier(c.tier)


def _leave(p: PartnershipModel, c: LeavePartnership) -> None:
    del p.members[c.organisation_id]


def _change_tier(p: PartnershipModel, c: ChangeMemberTier) -> None:
    p.members[c.organisation_id] = MembershipTier(c.tier)


def _pledge(p: PartnershipModel, c: PledgeCommitment) -> None:
    cid, kpi_ids = known_id(c.commitment_id), c.kpi_ids
    assert kpi_ids is not None, "the model needs the new ids"
    p.commitments[cid] = CommitmentModel(
        id=cid,
        member_id=c.member_id,
        statement=c.statement,
        principles=tuple(CharterPrinciple(x) for x in c.principles),
        target=c.target,
    )
    for kid, definition in zip(kpi_ids, c.kpis, strict=True):
        p.kpis[kid] = KpiModel(kid, cid, definition, definition.target)


def _revise_commitment(p: PartnershipModel, c: ReviseCommitment) -> None:
    commitment = p.commitments[c.commitment_id]
    if c.statement is not None:
        commitment.statement = c.statement
    if c.principles is not None:
        commitment.principles = tuple(CharterPrinciple(x) for x in c.principles)
    if c.target is not None:
        commitment.target = c.target


def _withdraw(p: PartnershipModel, c: WithdrawCommitment) -> None:
    p.commitments[c.commitment_id].withdrawn = True


def _define_kpi(p: PartnershipModel, c: DefineKpi) -> None:
    kid = known_id(c.kpi_id)
    p.kpis[kid] = KpiModel(kid, c.commitment_id, c.definition, c.definition.target)


def _revise_target(p: PartnershipModel, c: ReviseKpiTarget) -> None:
    p.kpis[c.kpi_id].target = c.target


def _retire(p: PartnershipModel, c: RetireKpi) -> None:
    p.kpis[c.kpi_id].retired = True


def _report(p: PartnershipModel, c: ReportKpi) -> None:
    rid = known_id(c.report_id)
    p.reports[rid] = ReportModel(
        id=rid,
        kpi_id=c.kpi_id,
        period=c.period,
        reported_by=c.reported_by,
        value=None if c.value is None else Decimal(c.value),
        text=c.text.strip(),
        breakdowns=tuple(c.breakdowns),
        source=DataSource(c.source),
    )


def _correct(p: PartnershipModel, c: CorrectKpiReport) -> None:
    old = p.reports[c.report_id]
    new = ReportModel(
        id=known_id(c.correction_id),
        kpi_id=old.kpi_id,
        period=old.period,
        reported_by=old.reported_by,
        value=old.value if c.value is None else Decimal(c.value),
        text=old.text if c.text is None else c.text.strip(),
        breakdowns=old.breakdowns if c.breakdowns is None else tuple(c.breakdowns),
        source=old.source if c.source is None else DataSource(c.source),
    )
    old.superseded_by = new.id
    p.reports[new.id] = new


def _approve(p: PartnershipModel, c: ApproveKpiReport) -> None:
    p.reports[c.report_id].review = "approved"


def _return(p: PartnershipModel, c: ReturnKpiReport) -> None:
    p.reports[c.report_id].review = "returned"


_RECORDERS: dict[type[Command[Any]], Callable[[PartnershipModel, Any], None]] = {
    ApproveKpiReport: _approve,
    ReturnKpiReport: _return,
    UpdateExpressionOfInterest: _update_eoi,
    AssessExpressionOfInterest: _assess,
    DraftAgreement: _draft,
    SignAgreement: _sign,
    ClosePartnership: _close,
    AppointCoordinator: _appoint,
    TransferCoordination: _transfer,
    JoinPartnership: _join,
    LeavePartnership: _leave,
    ChangeMemberTier: _change_tier,
    PledgeCommitment: _pledge,
    ReviseCommitment: _revise_commitment,
    WithdrawCommitment: _withdraw,
    DefineKpi: _define_kpi,
    ReviseKpiTarget: _revise_target,
    RetireKpi: _retire,
    ReportKpi: _report,
    CorrectKpiReport: _correct,
}
"""How each partnership command changes the model, by command class."""
