"""Records that make up a partnership's current state (read-only views).

They are frozen ``attrs`` classes: an event replaces a record with an evolved
copy, so no caller can change a partnership's state behind its history.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import attrs

from pact_domain.values import (
    AgreementContent,
    Baseline,
    BreakdownValue,
    ReportingPeriod,
    Target,
)
from pact_domain.vocabularies import (
    AssessmentOutcome,
    CalculationMethod,
    CharterPrinciple,
    CommitmentCategory,
    CommitmentKind,
    CommitmentScope,
    DataSource,
    Dimension,
    KpiCategory,
    Measure,
    MembershipTier,
    Periodicity,
)

__all__ = [
    "AgreementDraft",
    "Assessment",
    "Commitment",
    "Kpi",
    "KpiReport",
    "Membership",
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

    @property
    def is_current(self) -> bool:
        """Whether no correction supersedes this report."""
        return self.superseded_by is None
