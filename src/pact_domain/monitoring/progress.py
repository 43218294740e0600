"""Commitment and KPI progress (§3.3, §3.4, Box 13).

§3.4: "KPIs translate the partnership's commitments into measurable
indicators, outcomes or milestones that can be tracked over time", and
"indicators may also be broken down by key demographics where relevant, such
as gender, employment status, age".

How a KPI's value is computed from its reports (all *current* reports — a
correction supersedes the report it corrects):

1. reports of the same period (several members may report for one period)
   combine into one *period value*: summed for counts, money and hours; the
   mean for percentages, ratios and ordinal scales; the maximum for
   qualitative milestones (1 = reached);
2. period values combine by the KPI's calculation method: ``sum`` (the total
   over all periods), ``average`` (their mean), ``maximum`` (the largest) or
   ``latest`` (the value of the period that ended last).

The *latest* value is always the value of the period that ended last.  Only
**approved** reports count (the review workflow of
:mod:`pact_domain.partnership.review`); the figures including reports still
pending review are shown apart, and returned reports count nowhere.

Progress is baseline-aware: ``(value - baseline) / (target - baseline)``
(baseline 0 when there is none), which reads the same for KPIs where smaller
is better (``ascending`` false, e.g. vacancies) when a baseline is given; such
a KPI without a baseline has no progress ratio.  The expected value at an
instant is linear from the baseline date (1 January of the baseline year, or
the KPI's definition without a baseline) to the target date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain.monitoring._figures import mean, rounded, share
from pact_domain.monitoring.records import CommitmentRow, KpiRow, ReportRow
from pact_domain.partnership.review import ReviewStatus
from pact_domain.values import Baseline, ReportingPeriod, Target
from pact_domain.vocabularies import (
    CalculationMethod,
    Dimension,
    KpiCategory,
    Measure,
    Periodicity,
    _Vocabulary,
)

if TYPE_CHECKING:
    from pact_domain.monitoring.state import MonitoringState

__all__ = [
    "ADDITIVE_MEASURES",
    "BreakdownShare",
    "KpiFigures",
    "KpiProgress",
    "KpiStatus",
    "expected_value",
    "figures",
    "kpi_progress",
    "progress_of",
]

ADDITIVE_MEASURES = frozenset({Measure.COUNT, Measure.MONEY_EUR, Measure.HOURS})
"""Measures whose values add up across reporters (and across KPIs)."""


class KpiStatus(_Vocabulary):
    """Where a KPI stands against its target."""

    NO_TARGET = "no_target", "No target set"
    NO_DATA = "no_data", "No approved value yet"
    ACHIEVED = "achieved", "Target achieved"
    ON_TRACK = "on_track", "On track (at or past the linear expectation)"
    BEHIND = "behind", "Behind the linear expectation"
    MISSED = "missed", "Target date passed without reaching the target"
    IN_PROGRESS = "in_progress", "In progress (no target date to measure pace)"


@attrs.frozen
class KpiFigures:
    """A KPI's values from a set of reports.

    Attributes:
        reports: how many reports are counted.
        periods: how many distinct periods they cover.
        value: the value by the KPI's calculation method (``None`` without a
            numeric value).
        latest: the value of the period that ended last.
        latest_period: that period.
    """

    reports: int
    periods: int
    value: Decimal | None
    latest: Decimal | None
    latest_period: ReportingPeriod | None


@attrs.frozen
class BreakdownShare:
    """One category's part of a breakdown dimension, e.g. women = 0.52."""

    dimension: Dimension
    category: str
    value: Decimal
    share: Decimal | None


@attrs.frozen
class KpiProgress:
    """A KPI against its target: approved figures, pending ones apart.

    ``expected`` is the linear expectation at the evaluation instant;
    ``progress`` the baseline-aware share of the way to the target.
    """

    partnership_id: UUID
    kpi_id: UUID
    commitment_id: UUID
    member_id: UUID | None
    name: str
    unit: str
    category: KpiCategory
    measure: Measure
    calculation: CalculationMethod
    periodicity: Periodicity
    ascending: bool
    baseline: Baseline | None
    target: Target | None
    retired: bool
    approved: KpiFigures
    including_pending: KpiFigures
    pending: int
    returned: int
    expected: Decimal | None
    progress: Decimal | None
    status: KpiStatus
    breakdowns: tuple[BreakdownShare, ...]

    @property
    def value(self) -> Decimal | None:
        """The approved value by the KPI's calculation method."""
        return self.approved.value

    def share(self, dimension: Dimension | str, category: str) -> Decimal | None:
        """The share of one breakdown category, e.g. ``share("gender",
        "women")``, or ``None`` if not reported."""
        for b in self.breakdowns:
            if b.dimension == dimension and b.category == category:
                return b.share
        return None


def _period_value(measure: Measure, values: list[Decimal]) -> Decimal:
    if measure in ADDITIVE_MEASURES:
        return sum(values, Decimal(0))
    if measure is Measure.QUALITATIVE:
        return max(values)
    result = mean(values)
    assert result is not None
    return result


def _key(period: ReportingPeriod) -> tuple[date, date]:
    return (period.end, period.start)


def _latest_reports(reports: list[ReportRow]) -> list[ReportRow]:
    if not reports:
        return []
    last = max(_key(r.period) for r in reports)
    return [r for r in reports if _key(r.period) == last]


def figures(kpi: KpiRow, reports: Iterable[ReportRow]) -> KpiFigures:
    """The KPI's value, by its calculation method, from ``reports``."""
    items = list(reports)
    by_period: dict[ReportingPeriod, list[Decimal]] = defaultdict(list)
    for r in items:
        if r.value is not None:
            by_period[r.period].append(r.value)
    periods = sorted(by_period, key=_key)
    values = [_period_value(kpi.measure, by_period[p]) for p in periods]
    value: Decimal | None
    if not values:
        value = None
    elif kpi.calculation is CalculationMethod.SUM:
        value = sum(values, Decimal(0))
    elif kpi.calculation is CalculationMethod.AVERAGE:
        value = mean(values)
    elif kpi.calculation is CalculationMethod.MAXIMUM:
        value = max(values)
    else:
        value = values[-1]
    return KpiFigures(
        reports=len(items),
        periods=len({r.period for r in items}),
        value=value,
        latest=values[-1] if values else None,
        latest_period=periods[-1] if periods else None,
    )


def _breakdowns(kpi: KpiRow, reports: list[ReportRow]) -> tuple[BreakdownShare, ...]:
    counted = (
        _latest_reports(reports)
        if kpi.calculation is CalculationMethod.LATEST
        else reports
    )
    totals: dict[Dimension, dict[str, Decimal]] = defaultdict(dict)
    for r in counted:
        for b in r.breakdowns:
            cats = totals[b.dimension]
            cats[b.category] = cats.get(b.category, Decimal(0)) + b.value
    out = []
    for dim in sorted(totals):
        whole = sum(totals[dim].values(), Decimal(0))
        for cat in sorted(totals[dim]):
            part = totals[dim][cat]
            out.append(BreakdownShare(dim, cat, part, share(part, whole)))
    return tuple(out)


def expected_value(kpi: KpiRow, on: date) -> Decimal | None:
    """The linear expectation on ``on``, from the baseline date to the target
    date, or ``None`` without a target date."""
    target = kpi.target
    if target is None or target.deadline is None:
        return None
    base = kpi.baseline.value if kpi.baseline is not None else Decimal(0)
    start = (
        date(kpi.baseline.year, 1, 1)
        if kpi.baseline is not None
        else kpi.defined_at.date()
    )
    if on >= target.deadline:
        return target.value
    if on <= start:
        return base
    span = (target.deadline - start).days
    return rounded(base + (target.value - base) * Decimal((on - start).days) / span)


def _meets(kpi: KpiRow, value: Decimal, goal: Decimal) -> bool:
    return value >= goal if kpi.ascending else value <= goal


def _progress(kpi: KpiRow, value: Decimal | None) -> Decimal | None:
    if kpi.target is None or value is None:
        return None
    if kpi.baseline is None and not kpi.ascending:
        return None
    base = kpi.baseline.value if kpi.baseline is not None else Decimal(0)
    span = kpi.target.value - base
    if span == 0:
        return None
    return rounded((value - base) / span)


def _status(kpi: KpiRow, value: Decimal | None, on: date) -> KpiStatus:
    target = kpi.target
    if target is None:
        return KpiStatus.NO_TARGET
    if value is None:
        return KpiStatus.NO_DATA
    if _meets(kpi, value, target.value):
        return KpiStatus.ACHIEVED
    if target.deadline is None:
        return KpiStatus.IN_PROGRESS
    if on > target.deadline:
        return KpiStatus.MISSED
    expected = expected_value(kpi, on)
    if kpi.measure is Measure.QUALITATIVE or expected is None:
        return KpiStatus.IN_PROGRESS
    return KpiStatus.ON_TRACK if _meets(kpi, value, expected) else KpiStatus.BEHIND


def progress_of(
    kpi: KpiRow,
    commitment: CommitmentRow | None,
    reports: Iterable[ReportRow],
    on: datetime,
) -> KpiProgress:
    """One KPI's progress from its reports (any; only current ones count)."""
    current = [r for r in reports if r.kpi_id == kpi.id and r.is_current]
    approved = [r for r in current if r.review_status is ReviewStatus.APPROVED]
    pending = [r for r in current if r.review_status is ReviewStatus.PENDING]
    returned = [r for r in current if r.review_status is ReviewStatus.RETURNED]
    done = figures(kpi, approved)
    day = on.date()
    return KpiProgress(
        partnership_id=kpi.partnership_id,
        kpi_id=kpi.id,
        commitment_id=kpi.commitment_id,
        member_id=None if commitment is None else commitment.member_id,
        name=kpi.name,
        unit=kpi.unit,
        category=kpi.category,
        measure=kpi.measure,
        calculation=kpi.calculation,
        periodicity=kpi.periodicity,
        ascending=kpi.ascending,
        baseline=kpi.baseline,
        target=kpi.target,
        retired=kpi.retired_at is not None and kpi.retired_at <= on,
        approved=done,
        including_pending=figures(kpi, approved + pending),
        pending=len(pending),
        returned=len(returned),
        expected=expected_value(kpi, day),
        progress=_progress(kpi, done.value),
        status=_status(kpi, done.value, day),
        breakdowns=_breakdowns(kpi, approved),
    )


def kpi_progress(
    state: MonitoringState,
    partnership_id: UUID,
    *,
    on: datetime | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
) -> tuple[KpiProgress, ...]:
    """Every KPI of a partnership against its target, in order of definition.

    Args:
        on: the instant status and expectation are evaluated at (default:
            the state's instant).
        period_from: count only reports for periods ending on or after it.
        period_to: count only reports for periods ending on or before it.

    Raises:
        NotFoundError: no such partnership in the views.
    """
    state.partnership(partnership_id)
    when = state.at if on is None else on
    commitments = {c.id: c for c in state.rows("commitment", partnership_id)}
    reports: dict[UUID, list[ReportRow]] = defaultdict(list)
    for r in state.rows("report", partnership_id):
        if period_from is not None and r.period.end < period_from:
            continue
        if period_to is not None and r.period.end > period_to:
            continue
        reports[r.kpi_id].append(r)
    kpis = sorted(
        state.rows("kpi", partnership_id), key=lambda k: (k.defined_at, str(k.id))
    )
    return tuple(
        progress_of(k, commitments.get(k.commitment_id), reports[k.id], when)
        for k in kpis
    )
