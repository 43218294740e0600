"""A simple model of what the store should hold (private; see the package).

The history strategies and :class:`~pact_domain.testing.PartnershipLifecycle`
keep this model next to the real application: it says which commands are
allowed now, and the real state is checked against it.  It is deliberately
naive — plain mutable records, no events — so that it is easy to trust.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

from pact_domain.partnership import KpiDefinition
from pact_domain.testing._commands import Command
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

    def record(self, command: Command) -> None:
        """Update the model for a command the application *accepted*.

        The command must carry the ids it creates (``id=``,
        ``commitment_id=``, ``kpi_ids=``, ``kpi_id=``, ``report_id=``,
        ``correction_id=``): the model does not see the application's
        return values.  Unknown methods are ignored.
        """
        kw = command.kwargs
        method = command.method
        if method == "register_organisation":
            self.organisations.append(kw["id"])
            return
        if method == "sign_charter":
            assert command.target is not None
            self.charter_signatories.add(command.target)
            return
        if method == "submit_expression_of_interest":
            pid = kw["id"]
            self.partnerships[pid] = PartnershipModel(pid, PartnershipKind(kw["kind"]))
            return
        if command.target is None or command.target not in self.partnerships:
            return
        _RECORDERS.get(method, _ignore)(self.partnerships[command.target], kw)


def _ignore(_p: PartnershipModel, _kw: Any) -> None:
    pass


def _update_eoi(p: PartnershipModel, _kw: Any) -> None:
    p.status = S.PROPOSED


_OUTCOME_STATUS = {
    AssessmentOutcome.ACCEPTED: S.ACCEPTED,
    AssessmentOutcome.DECLINED: S.DECLINED,
    AssessmentOutcome.MORE_INFORMATION_NEEDED: S.MORE_INFORMATION_NEEDED,
}


def _assess(p: PartnershipModel, kw: Any) -> None:
    p.status = _OUTCOME_STATUS[AssessmentOutcome(kw["outcome"])]


def _draft(p: PartnershipModel, _kw: Any) -> None:
    p.drafts[(p.latest_draft or 0) + 1] = False


def _sign(p: PartnershipModel, kw: Any) -> None:
    p.drafts[kw["version"]] = True
    p.status = S.ACTIVE


def _close(p: PartnershipModel, _kw: Any) -> None:
    p.status = S.CLOSED


def _appoint(p: PartnershipModel, kw: Any) -> None:
    p.coordinators.append(kw["organisation_id"])


def _transfer(p: PartnershipModel, kw: Any) -> None:
    index = p.coordinators.index(kw["from_organisation_id"])
    p.coordinators[index] = kw["to_organisation_id"]


def _join(p: PartnershipModel, kw: Any) -> None:
    p.members[kw["organisation_id"]] = MembershipTier(
        kw.get("tier", MembershipTier.CORE)
    )


def _leave(p: PartnershipModel, kw: Any) -> None:
    del p.members[kw["organisation_id"]]


def _change_tier(p: PartnershipModel, kw: Any) -> None:
    p.members[kw["organisation_id"]] = MembershipTier(kw["tier"])


def _pledge(p: PartnershipModel, kw: Any) -> None:
    cid = kw["commitment_id"]
    p.commitments[cid] = CommitmentModel(
        id=cid,
        member_id=kw.get("member_id"),
        statement=kw["statement"],
        principles=tuple(CharterPrinciple(x) for x in kw["principles"]),
        target=kw.get("target"),
    )
    for kid, definition in zip(kw["kpi_ids"], kw["kpis"], strict=True):
        p.kpis[kid] = KpiModel(kid, cid, definition, definition.target)


def _revise_commitment(p: PartnershipModel, kw: Any) -> None:
    c = p.commitments[kw["commitment_id"]]
    if kw.get("statement") is not None:
        c.statement = kw["statement"]
    if kw.get("principles") is not None:
        c.principles = tuple(CharterPrinciple(x) for x in kw["principles"])
    if kw.get("target") is not None:
        c.target = kw["target"]


def _withdraw(p: PartnershipModel, kw: Any) -> None:
    p.commitments[kw["commitment_id"]].withdrawn = True


def _define_kpi(p: PartnershipModel, kw: Any) -> None:
    definition = kw["definition"]
    kid = kw["kpi_id"]
    p.kpis[kid] = KpiModel(kid, kw["commitment_id"], definition, definition.target)


def _revise_target(p: PartnershipModel, kw: Any) -> None:
    p.kpis[kw["kpi_id"]].target = kw["target"]


def _retire(p: PartnershipModel, kw: Any) -> None:
    p.kpis[kw["kpi_id"]].retired = True


def _report(p: PartnershipModel, kw: Any) -> None:
    rid = kw["report_id"]
    p.reports[rid] = ReportModel(
        id=rid,
        kpi_id=kw["kpi_id"],
        period=kw["period"],
        reported_by=kw.get("reported_by"),
        value=None if kw.get("value") is None else Decimal(kw["value"]),
        text=kw.get("text", "").strip(),
        breakdowns=tuple(kw.get("breakdowns", ())),
        source=DataSource(kw.get("source", DataSource.ADMINISTRATIVE)),
    )


def _correct(p: PartnershipModel, kw: Any) -> None:
    old = p.reports[kw["report_id"]]
    new = ReportModel(
        id=kw["correction_id"],
        kpi_id=old.kpi_id,
        period=old.period,
        reported_by=old.reported_by,
        value=old.value if kw.get("value") is None else Decimal(kw["value"]),
        text=old.text if kw.get("text") is None else kw["text"].strip(),
        breakdowns=old.breakdowns
        if kw.get("breakdowns") is None
        else tuple(kw["breakdowns"]),
        source=old.source if kw.get("source") is None else DataSource(kw["source"]),
    )
    old.superseded_by = new.id
    p.reports[new.id] = new


def _approve(p: PartnershipModel, kw: Any) -> None:
    p.reports[kw["report_id"]].review = "approved"


def _return(p: PartnershipModel, kw: Any) -> None:
    p.reports[kw["report_id"]].review = "returned"


_RECORDERS = {
    "approve_kpi_report": _approve,
    "return_kpi_report": _return,
    "update_expression_of_interest": _update_eoi,
    "assess_expression_of_interest": _assess,
    "draft_agreement": _draft,
    "sign_agreement": _sign,
    "close_partnership": _close,
    "appoint_coordinator": _appoint,
    "transfer_coordination": _transfer,
    "join_partnership": _join,
    "leave_partnership": _leave,
    "change_member_tier": _change_tier,
    "pledge_commitment": _pledge,
    "revise_commitment": _revise_commitment,
    "withdraw_commitment": _withdraw,
    "define_kpi": _define_kpi,
    "revise_kpi_target": _revise_target,
    "retire_kpi": _retire,
    "report_kpi": _report,
    "correct_kpi_report": _correct,
}
