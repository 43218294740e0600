"""The rows of the monitoring read model: facts taken from events, one row each.

The projector (:mod:`pact_domain.monitoring.projector`) keeps one small row per
fact — an organisation, a partnership, a membership, a commitment, a KPI, a
KPI report, an activity, a communication, a deliverable, a survey response,
secured funding, regional link, skills needs assessment, recruitment campaign,
working group, steering group member — so that applying one event touches a
bounded number of rows whatever the length of the history.  The views
(:mod:`pact_domain.monitoring.views`) compute counts, shares and progress from
these rows when asked.

Rows live in *tables*, grouped by partnership (the *group* is the partnership
id, or ``""`` for organisations and partnerships) and keyed within the group.
Every row is a frozen ``attrs`` class that the library's ``cattrs`` converter
turns into plain data for persistent stores.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final
from uuid import UUID

import attrs

from pact_domain.partnership.review import ReviewStatus
from pact_domain.values import Baseline, BreakdownValue, ReportingPeriod, Target
from pact_domain.vocabularies import (
    ActivityType,
    CalculationMethod,
    CharterPrinciple,
    CommitmentCategory,
    CommitmentKind,
    CommitmentScope,
    Dimension,
    Ecosystem,
    FundingProgramme,
    KpiCategory,
    Measure,
    MembershipTier,
    OrganisationSize,
    OutputType,
    PartnershipKind,
    PartnershipStatus,
    Periodicity,
    StakeholderType,
)

__all__ = [
    "TABLES",
    "ActivityRow",
    "CommitmentRow",
    "CommunicationRow",
    "DeliverableRow",
    "ExerciseRow",
    "FundingRow",
    "KpiRow",
    "MemberRow",
    "MembershipSpell",
    "OrganisationRow",
    "PartnershipRow",
    "RecruitmentRow",
    "RegionalLinkRow",
    "ReportRow",
    "SkillsAssessmentRow",
    "SteeringMemberRow",
    "SurveyRow",
    "WorkingGroupRow",
]


@attrs.frozen
class OrganisationRow:
    """An organisation's facts, as the Organisation events recorded them."""

    id: UUID
    name: str
    stakeholder_type: StakeholderType
    size: OrganisationSize
    country: str
    region: str | None
    ecosystems: tuple[Ecosystem, ...]
    registered_at: datetime
    charter_signed_on: date | None = None


@attrs.frozen
class PartnershipRow:
    """A partnership's identity, scope and lifecycle state."""

    id: UUID
    name: str
    kind: PartnershipKind
    status: PartnershipStatus
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    ecosystems: tuple[Ecosystem, ...]
    linked_lsp_id: UUID | None
    submitted_at: datetime
    signed_on: date | None = None
    closed_on: date | None = None
    coordinators: tuple[UUID, ...] = ()


@attrs.frozen
class MembershipSpell:
    """One stretch of membership: joined, and left (or still a member)."""

    joined_at: datetime
    left_at: datetime | None = None

    def covers(self, when: datetime) -> bool:
        """Whether the organisation was a member at ``when``."""
        return self.joined_at <= when and (self.left_at is None or self.left_at > when)


@attrs.frozen
class MemberRow:
    """An organisation's membership of a partnership, with every spell."""

    partnership_id: UUID
    organisation_id: UUID
    tier: MembershipTier
    spells: tuple[MembershipSpell, ...]

    @property
    def is_current(self) -> bool:
        """Whether the last spell is still open."""
        return bool(self.spells) and self.spells[-1].left_at is None

    def is_member_at(self, when: datetime) -> bool:
        """Whether one of the spells covers ``when``."""
        return any(s.covers(when) for s in self.spells)


@attrs.frozen
class CommitmentRow:
    """A commitment of the partnership or of one member (§3.3, Box 11)."""

    id: UUID
    partnership_id: UUID
    kind: CommitmentKind
    category: CommitmentCategory
    scope: CommitmentScope
    member_id: UUID | None
    statement: str
    principles: tuple[CharterPrinciple, ...]
    target: Target | None
    pledged_at: datetime
    withdrawn_at: datetime | None = None


@attrs.frozen
class KpiRow:
    """A KPI's definition and its current target (§3.4)."""

    id: UUID
    partnership_id: UUID
    commitment_id: UUID
    name: str
    category: KpiCategory
    measure: Measure
    unit: str
    ascending: bool
    baseline: Baseline | None
    target: Target | None
    periodicity: Periodicity
    calculation: CalculationMethod
    dimensions: tuple[Dimension, ...]
    defined_at: datetime
    retired_at: datetime | None = None


@attrs.frozen
class ReportRow:
    """A KPI report or correction, its review, and whether it is current.

    ``submitted_at`` is the recording time (when the report reached the
    partnership); ``effective_at`` is what the reporter gave (by default the
    period's end).
    """

    id: UUID
    partnership_id: UUID
    kpi_id: UUID
    period: ReportingPeriod
    value: Decimal | None
    breakdowns: tuple[BreakdownValue, ...]
    reported_by: UUID | None
    submitted_at: datetime
    effective_at: datetime
    corrects: UUID | None = None
    superseded_by: UUID | None = None
    review_status: ReviewStatus = ReviewStatus.PENDING
    reviewed_by: UUID | None = None
    review_reason: str = ""

    @property
    def is_current(self) -> bool:
        """Whether no correction supersedes this report."""
        return self.superseded_by is None


@attrs.frozen
class ActivityRow:
    """An activity the partnership held (§2.3, §4, Box 40)."""

    id: UUID
    type: ActivityType
    held_on: date
    participants: int
    organisations_present: int


@attrs.frozen
class CommunicationRow:
    """A communication the partnership published, and its reach (Box 40)."""

    id: UUID
    channel: str
    reach: int
    published_on: date


@attrs.frozen
class DeliverableRow:
    """A deliverable of the work plan, and what was delivered (§4.1, Box 40)."""

    id: UUID
    work_package_id: UUID
    title: str
    due_on: date
    delivered_on: date | None = None
    output_type: OutputType | None = None
    output_title: str = ""


@attrs.frozen
class ExerciseRow:
    """The annual monitoring exercise of a year (§6.2)."""

    year: int
    opened_at: datetime
    closed_at: datetime | None = None


@attrs.frozen
class SurveyRow:
    """One member's answers to a year's monitoring survey (§6.2, Box 40)."""

    year: int
    organisation_id: UUID
    satisfaction: int
    uses_outputs: bool
    recorded_at: datetime


@attrs.frozen
class FundingRow:
    """Funding the partnership secured (§2.3, §5.3)."""

    id: UUID
    programme: FundingProgramme
    amount_eur: Decimal
    secured_on: date


@attrs.frozen
class RegionalLinkRow:
    """A link between a regional partnership and an LSP (§4.6), kept on both
    partnerships' sides (keyed by the other one); the last link and unlink."""

    lsp_id: UUID
    regional_partnership_id: UUID
    linked_at: datetime
    unlinked_at: datetime | None = None

    def is_linked_at(self, when: datetime) -> bool:
        """Whether the link stood at ``when``."""
        return self.linked_at <= when and (
            self.unlinked_at is None or self.unlinked_at > when
        )


@attrs.frozen
class SkillsAssessmentRow:
    """A skills needs assessment and the skills gaps it found (§4.3)."""

    id: UUID
    method: str
    assessed_on: date
    skills_gaps: int
    esco_linked_gaps: int


@attrs.frozen
class RecruitmentRow:
    """A membership recruitment campaign's result (§4.1 item 1, §4.2)."""

    id: UUID
    campaign: str
    ended_on: date
    prospects_contacted: int
    joined: int


@attrs.frozen
class WorkingGroupRow:
    """A working group or sub-group (§3.5, Box 17)."""

    id: UUID
    name: str
    theme: str
    parent_id: UUID | None
    formed_at: datetime
    closed_at: datetime | None = None

    def is_open_at(self, when: datetime) -> bool:
        """Whether the group was formed and not yet closed at ``when``."""
        return self.formed_at <= when and (
            self.closed_at is None or self.closed_at > when
        )


@attrs.frozen
class SteeringMemberRow:
    """A member of the steering group (§2.3, §2.4, Box 16)."""

    organisation_id: UUID
    joined_at: datetime


TABLES: Final[dict[str, type[Any]]] = {
    "organisation": OrganisationRow,
    "partnership": PartnershipRow,
    "member": MemberRow,
    "commitment": CommitmentRow,
    "kpi": KpiRow,
    "report": ReportRow,
    "activity": ActivityRow,
    "communication": CommunicationRow,
    "deliverable": DeliverableRow,
    "exercise": ExerciseRow,
    "survey": SurveyRow,
    "funding": FundingRow,
    "regional_link": RegionalLinkRow,
    "skills_assessment": SkillsAssessmentRow,
    "recruitment": RecruitmentRow,
    "working_group": WorkingGroupRow,
    "steering": SteeringMemberRow,
}
"""Every table of the read model and the row class it holds."""
