"""Records that make up a partnership's current state (read-only views).

They are frozen ``attrs`` classes: an event replaces a record with an evolved
copy, so no caller can change a partnership's state behind its history.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import attrs

from pact_domain import _validation as _v
from pact_domain.errors import InvalidValueError
from pact_domain.partnership.review import KpiReview, ReviewStatus
from pact_domain.values import (
    AgreementContent,
    Baseline,
    BreakdownValue,
    ReportingPeriod,
    Target,
)
from pact_domain.vocabularies import (
    ActivityType,
    AssessmentOutcome,
    CalculationMethod,
    CharterPrinciple,
    CommitmentCategory,
    CommitmentKind,
    CommitmentScope,
    DataSource,
    Dimension,
    FundingProgramme,
    KpiCategory,
    Measure,
    MembershipTier,
    OutputType,
    Periodicity,
    WorkPackageType,
)
from pact_domain.vocabularies_catalogues import (
    CommunicationChannel,
    SkillsAssessmentMethod,
)

__all__ = [
    "SATISFIED_FROM",
    "Activity",
    "AgreementDraft",
    "Assessment",
    "Commitment",
    "Communication",
    "Deliverable",
    "Kpi",
    "KpiReport",
    "Membership",
    "MonitoringExercise",
    "RecruitmentCampaign",
    "SecuredFunding",
    "SkillsAssessment",
    "SkillsGap",
    "SurveyResponse",
    "WorkPackage",
    "WorkPlan",
    "WorkingGroup",
]


@attrs.frozen
class Assessment:
    """The Support Services' assessment of the expression of interest."""

    outcome: AssessmentOutcome
    reasons: str
    follow_up_meeting: date | None
    assessed_at: datetime


@attrs.frozen
class AgreementDraft:
    """One version of the partnership agreement (§3.1, Annex B)."""

    version: int
    content: AgreementContent
    drafted_at: datetime
    signed_on: date | None = None
    signatories: tuple[UUID, ...] = ()


@attrs.frozen
class Membership:
    """An organisation's current membership of the partnership (Box 23)."""

    organisation_id: UUID
    tier: MembershipTier
    joined_at: datetime


@attrs.frozen
class Commitment:
    """A commitment of the partnership or of one member (§3.3, Box 11)."""

    id: UUID
    kind: CommitmentKind
    category: CommitmentCategory
    scope: CommitmentScope
    member_id: UUID | None
    statement: str
    principles: tuple[CharterPrinciple, ...]
    target: Target | None
    withdrawn: bool = False


@attrs.frozen
class Kpi:
    """A key performance indicator monitoring a commitment (§3.4)."""

    id: UUID
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
    data_source: DataSource
    retired: bool = False


@attrs.frozen
class KpiReport:
    """A value reported for a KPI and a period; corrections supersede it."""

    id: UUID
    kpi_id: UUID
    period: ReportingPeriod
    value: Decimal | None
    text: str
    breakdowns: tuple[BreakdownValue, ...]
    reported_by: UUID | None
    source: DataSource
    reported_at: datetime
    corrects: UUID | None = None
    superseded_by: UUID | None = None
    review: KpiReview | None = None
    """The coordinator's decision, if any (see :mod:`.review`)."""

    @property
    def is_current(self) -> bool:
        """Whether no correction supersedes this report."""
        return self.superseded_by is None

    @property
    def review_status(self) -> ReviewStatus:
        """Pending, approved or returned.  A correction copies the record it
        corrects, so a review counts only if it judged this very report."""
        if self.review is None or self.review.report_id != self.id:
            return ReviewStatus.PENDING
        return self.review.status


# -- governance, work plan, activities, regional links, monitoring -----------


@attrs.frozen
class WorkingGroup:
    """A working group or sub-group of the partnership (§3.5, Boxes 16-17).

    ``parent_id`` names the group a sub-group belongs to (e.g. the batteries
    and hydrogen sub-groups of the Automotive Skills Alliance's WG3).
    """

    id: UUID
    name: str
    theme: str
    lead_organisation_id: UUID
    parent_id: UUID | None
    formed_at: datetime
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Whether the group has not been closed."""
        return self.closed_at is None


@attrs.frozen
class WorkPlan:
    """The partnership's adopted work plan and the period it covers (§4.1)."""

    title: str
    starts_on: date
    ends_on: date
    adopted_at: datetime


@attrs.frozen
class WorkPackage:
    """A work package of the work plan, of one of the five §4.1 types."""

    id: UUID
    title: str
    type: WorkPackageType
    lead_organisation_id: UUID
    objectives: str
    added_at: datetime


@attrs.frozen
class Deliverable:
    """A deliverable of a work package, and what was delivered (§4.1, Table 1)."""

    id: UUID
    work_package_id: UUID
    title: str
    description: str
    due_on: date
    delivered_on: date | None = None
    output_type: OutputType | None = None
    output_title: str = ""
    link: str | None = None

    @property
    def is_delivered(self) -> bool:
        """Whether the deliverable has been delivered."""
        return self.delivered_on is not None

    def is_overdue(self, as_of: date) -> bool:
        """Whether, on ``as_of``, the due date had passed without delivery."""
        if self.due_on >= as_of:
            return False
        return self.delivered_on is None or self.delivered_on > as_of


@attrs.frozen
class Activity:
    """A meeting, workshop or other event the partnership held (§2.3, §4, Box 40).

    ``organisation_ids`` are registered organisations present (members or
    not); ``other_organisations`` counts the organisations present that are
    not registered.
    """

    id: UUID
    type: ActivityType
    title: str
    held_on: date
    participants: int
    organisation_ids: tuple[UUID, ...]
    other_organisations: int
    working_group_id: UUID | None

    @property
    def organisations_present(self) -> int:
        """How many organisations were present."""
        return len(self.organisation_ids) + self.other_organisations


@attrs.frozen
class Communication:
    """A communication the partnership published, and its reach (§4.1, Box 40)."""

    id: UUID
    channel: CommunicationChannel
    title: str
    reach: int
    published_on: date
    link: str | None


@attrs.frozen
class RecruitmentCampaign:
    """The result of a membership recruitment campaign (§4.1, §4.2)."""

    id: UUID
    campaign: str
    ended_on: date
    prospects_contacted: int
    joined: int


@attrs.frozen
class SecuredFunding:
    """Funding the partnership secured for a project (§2.3, §5.3)."""

    id: UUID
    programme: FundingProgramme
    amount_eur: Decimal
    project_name: str
    secured_on: date
    opportunity_id: UUID | None


_ESCO_PATH = "/esco/"


def _esco_uri(_instance: Any, _attribute: Any, value: str | None) -> None:
    if value is None:
        return
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or parts.netloc != "data.europa.eu"
        or not parts.path.startswith(_ESCO_PATH)
        or len(parts.path) <= len(_ESCO_PATH)
        or any(c.isspace() for c in value)
    ):
        raise InvalidValueError(
            "SkillsGap",
            "esco_uri",
            "must be an ESCO concept URI, http(s)://data.europa.eu/esco/...",
            value,
        )


def _gap_description(x: str) -> str:
    return _v.free_text("SkillsGap", "description", x, empty=False)


def _gap_esco_uri(x: str | None) -> str | None:
    return None if x is None else _v.text("SkillsGap", "esco_uri", x, limit=500)


@attrs.frozen
class SkillsGap:
    """A skills gap found by a skills needs assessment (§4.3).

    Args:
        description: the gap in words (at most 1,000 characters).
        esco_uri: the ESCO skill or occupation it concerns, by URI, e.g.
            ``http://data.europa.eu/esco/skill/...``.
    """

    description: str = attrs.field(converter=_gap_description)
    esco_uri: str | None = attrs.field(
        default=None, converter=_gap_esco_uri, validator=_esco_uri
    )


@attrs.frozen
class SkillsAssessment:
    """A skills needs assessment and the gaps it found (§2.3, §4.3)."""

    id: UUID
    method: SkillsAssessmentMethod
    assessed_on: date
    skills_gaps: tuple[SkillsGap, ...]
    summary: str
    deliverable_link: str | None


@attrs.frozen
class SurveyResponse:
    """A member's answers to the annual monitoring survey (§6.2, Box 40).

    ``satisfaction`` is on a 1-5 scale (1 very dissatisfied, 5 very
    satisfied) with the quality and focus of the partnership's activities.
    """

    organisation_id: UUID
    satisfaction: int
    uses_outputs: bool
    commitments_progress: str
    challenges: str
    good_practice: str
    recorded_at: datetime

    @property
    def is_satisfied(self) -> bool:
        """Whether the member reports being satisfied (4 or 5 on the scale)."""
        return self.satisfaction >= SATISFIED_FROM


SATISFIED_FROM = 4
"""The lowest satisfaction score (1-5) that counts as satisfied (Box 40)."""


@attrs.frozen
class MonitoringExercise:
    """The annual monitoring exercise of a year and its survey (§6.2)."""

    year: int
    opened_at: datetime
    closed_at: datetime | None = None
    responses: tuple[SurveyResponse, ...] = ()

    @property
    def is_open(self) -> bool:
        """Whether the exercise still takes responses."""
        return self.closed_at is None

    def response_of(self, organisation_id: UUID) -> SurveyResponse | None:
        """The response of one member organisation, if it answered."""
        for r in self.responses:
            if r.organisation_id == organisation_id:
                return r
        return None

    @property
    def satisfied_share(self) -> Decimal | None:
        """Share (0-1) of respondents satisfied with the quality and focus of
        the partnership's activities (Box 40), or ``None`` without responses."""
        if not self.responses:
            return None
        hits = sum(1 for r in self.responses if r.is_satisfied)
        return Decimal(hits) / Decimal(len(self.responses))

    @property
    def outputs_use_share(self) -> Decimal | None:
        """Share (0-1) of respondents using partnership outputs and tools
        (Box 40), or ``None`` without responses."""
        if not self.responses:
            return None
        hits = sum(1 for r in self.responses if r.uses_outputs)
        return Decimal(hits) / Decimal(len(self.responses))
