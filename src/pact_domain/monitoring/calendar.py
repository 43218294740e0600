"""Reporting discipline: the reporting calendar of every KPI (§3.4, §6.2).

§6.2 asks for "collection of ongoing monitoring data" and "record-keeping of
partnership members and partnership activities"; this view tells whether the
KPI reports came in, and in time.

* **Expected periods.** Each KPI is reported once per period of its
  periodicity, calendar-aligned (months, quarters, half-years, years; a
  triennial KPI in three-year blocks from the year reporting starts).
  Reporting starts in the period containing the later of the KPI's definition
  and the partnership's agreement signature, and a period is expected once it
  has ended — up to the evaluation instant, and no later than the KPI's
  retirement or its commitment's withdrawal.
* **Received.** A report (or a correction, or a returned report) whose
  period ends within the expected period; the first submission's recording
  time counts.
* **On time.** Received within the grace period after the period's end
  (``grace_days``, default 90); otherwise *late*.  Not received: *awaiting*
  while within the grace period, *overdue* after it.
* **Rates** (as DHIS2's reporting rates): completeness = received /
  expected; timeliness = on time / expected.

A member commitment's KPIs are the member's to report; the partnership's own
KPIs are counted under ``member_id = None``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain.errors import InvalidValueError
from pact_domain.monitoring._figures import share
from pact_domain.monitoring.records import KpiRow, ReportRow
from pact_domain.values import ReportingPeriod
from pact_domain.vocabularies import Periodicity, _Vocabulary

if TYPE_CHECKING:
    from pact_domain.monitoring.state import MonitoringState

__all__ = [
    "DEFAULT_GRACE_DAYS",
    "ExpectedReport",
    "ExpectedStatus",
    "MemberDiscipline",
    "ReportingCalendar",
    "ReportingDiscipline",
    "expected_periods",
    "period_containing",
    "reporting_calendar",
]

MAX_GRACE_DAYS = 3660
"""The longest grace period: ten years (as ``pact report --grace-days``)."""

DEFAULT_GRACE_DAYS = 90
"""Days after a period's end within which its report is on time."""


class ExpectedStatus(_Vocabulary):
    """Where an expected KPI report stands."""

    ON_TIME = "on_time", "Received within the grace period"
    LATE = "late", "Received after the grace period"
    AWAITING = "awaiting", "Not received, still within the grace period"
    OVERDUE = "overdue", "Not received, grace period over"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(
    day: date, periodicity: Periodicity, first_year: int | None = None
) -> ReportingPeriod:
    """The calendar-aligned reporting period that contains ``day``.

    Triennial periods are three-year blocks starting in ``first_year``
    (default: ``day``'s year).
    """
    months = periodicity.months
    if months <= 12:
        start = date(day.year, (day.month - 1) // months * months + 1, 1)
    else:
        years = months // 12
        base = day.year if first_year is None else first_year
        start = date(base + (day.year - base) // years * years, 1, 1)
    return ReportingPeriod(start, _add_months(start, months) - timedelta(days=1))


def expected_periods(
    periodicity: Periodicity, begin: date, end: date
) -> Iterator[ReportingPeriod]:
    """The periods from the one containing ``begin`` that end on or before
    ``end``."""
    period = period_containing(begin, periodicity, begin.year)
    while period.end <= end:
        yield period
        start = period.end + timedelta(days=1)
        period = ReportingPeriod(
            start, _add_months(start, periodicity.months) - timedelta(days=1)
        )


@attrs.frozen
class ExpectedReport:
    """One expected report of one KPI for one period."""

    kpi_id: UUID
    kpi_name: str
    member_id: UUID | None
    period: ReportingPeriod
    due_on: date
    status: ExpectedStatus
    submitted_at: datetime | None
    report_id: UUID | None


@attrs.frozen
class ReportingDiscipline:
    """Counts and rates of expected reports."""

    expected: int
    received: int
    on_time: int
    late: int
    awaiting: int
    overdue: int
    completeness: Decimal | None
    timeliness: Decimal | None

    @classmethod
    def of(cls, entries: list[ExpectedReport]) -> ReportingDiscipline:
        """The discipline of these expected reports."""
        by: dict[ExpectedStatus, int] = defaultdict(int)
        for e in entries:
            by[e.status] += 1
        received = by[ExpectedStatus.ON_TIME] + by[ExpectedStatus.LATE]
        return cls(
            expected=len(entries),
            received=received,
            on_time=by[ExpectedStatus.ON_TIME],
            late=by[ExpectedStatus.LATE],
            awaiting=by[ExpectedStatus.AWAITING],
            overdue=by[ExpectedStatus.OVERDUE],
            completeness=share(received, len(entries)),
            timeliness=share(by[ExpectedStatus.ON_TIME], len(entries)),
        )


@attrs.frozen
class MemberDiscipline:
    """The reporting discipline of one member (``None``: the partnership's own
    KPIs)."""

    member_id: UUID | None
    discipline: ReportingDiscipline


@attrs.frozen
class ReportingCalendar:
    """Every expected report of a partnership's KPIs, and the rates."""

    partnership_id: UUID
    on: datetime
    grace_days: int
    entries: tuple[ExpectedReport, ...]
    overall: ReportingDiscipline
    by_member: tuple[MemberDiscipline, ...]


def _entries(
    kpi: KpiRow,
    member_id: UUID | None,
    begin: datetime,
    stop: datetime,
    reports: list[ReportRow],
    on: datetime,
    grace: timedelta,
) -> Iterator[ExpectedReport]:
    for period in expected_periods(kpi.periodicity, begin.date(), stop.date()):
        found = [r for r in reports if period.start <= r.period.end <= period.end]
        first = min(found, key=lambda r: (r.submitted_at, str(r.id)), default=None)
        due = period.end + grace
        if first is not None:
            status = (
                ExpectedStatus.ON_TIME
                if first.submitted_at.date() <= due
                else ExpectedStatus.LATE
            )
        elif on.date() <= due:
            status = ExpectedStatus.AWAITING
        else:
            status = ExpectedStatus.OVERDUE
        yield ExpectedReport(
            kpi_id=kpi.id,
            kpi_name=kpi.name,
            member_id=member_id,
            period=period,
            due_on=due,
            status=status,
            submitted_at=None if first is None else first.submitted_at,
            report_id=None if first is None else first.id,
        )


def reporting_calendar(
    state: MonitoringState,
    partnership_id: UUID,
    *,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> ReportingCalendar:
    """The reporting calendar of a partnership at the state's instant.

    Raises:
        NotFoundError: no such partnership in the views.
        InvalidValueError: a grace period outside 0 to 3,660 days.
    """
    if (
        isinstance(grace_days, bool)
        or not isinstance(grace_days, int)
        or not 0 <= grace_days <= MAX_GRACE_DAYS
    ):
        raise InvalidValueError(
            "ReportingCalendar",
            "grace_days",
            f"must be a whole number of days from 0 to {MAX_GRACE_DAYS:,}",
            grace_days,
        )
    partnership = state.partnership(partnership_id)
    on = state.at
    grace = timedelta(days=grace_days)
    commitments = {c.id: c for c in state.rows("commitment", partnership_id)}
    reports: dict[UUID, list[ReportRow]] = defaultdict(list)
    for r in state.rows("report", partnership_id):
        reports[r.kpi_id].append(r)
    entries: list[ExpectedReport] = []
    kpis = sorted(
        state.rows("kpi", partnership_id), key=lambda k: (k.defined_at, str(k.id))
    )
    for kpi in kpis:
        commitment = commitments.get(kpi.commitment_id)
        begin = kpi.defined_at
        if partnership.signed_on is not None:
            begin = max(begin, datetime.combine(partnership.signed_on, begin.timetz()))
        ends = [on, kpi.retired_at]
        if commitment is not None:
            ends.append(commitment.withdrawn_at)
        stop = min(t for t in ends if t is not None)
        member = None if commitment is None else commitment.member_id
        entries.extend(_entries(kpi, member, begin, stop, reports[kpi.id], on, grace))
    members: dict[UUID | None, list[ExpectedReport]] = defaultdict(list)
    for e in entries:
        members[e.member_id].append(e)
    return ReportingCalendar(
        partnership_id=partnership_id,
        on=on,
        grace_days=grace_days,
        entries=tuple(entries),
        overall=ReportingDiscipline.of(entries),
        by_member=tuple(
            MemberDiscipline(m, ReportingDiscipline.of(members[m]))
            for m in sorted(members, key=lambda m: "" if m is None else str(m))
        ),
    )
