"""Activity, work plan and annual survey views (§4.1, §6.1, §6.2, Box 40).

Box 40's core monitoring framework, in the handbook's words:

* LSP activities — "Reach of communications", "Number of meetings held by the
  LSP", "Average number of participants in LSP meetings";
* LSP outputs and results — "Whether key elements of work programme have been
  delivered", "Whether any outputs have been developed", "Share of partnership
  members who report they are satisfied with the quality and focus of LSP
  activities", "Share of partnership members who report using partnership
  outputs and tools".

A *meeting* is an activity whose type is a meeting
(:attr:`~pact_domain.vocabularies.ActivityType.is_meeting`: steering,
general, working-group and kick-off meetings).  A member is *satisfied* when
it scores 4 or 5 on the survey's 1-5 scale.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain.monitoring._figures import counts, mean, share
from pact_domain.partnership._state import SATISFIED_FROM

if TYPE_CHECKING:
    from pact_domain.monitoring.state import MonitoringState

__all__ = [
    "ActivitySummary",
    "SurveySummary",
    "WorkPlanStatus",
    "activity",
    "survey",
    "work_plan",
]


def _within(day: date, start: date | None, end: date) -> bool:
    return (start is None or day >= start) and day <= end


@attrs.frozen
class ActivitySummary:
    """Activities, communications and funding between two dates (inclusive).

    ``period_start`` ``None`` means since the beginning.
    """

    partnership_id: UUID
    period_start: date | None
    period_end: date
    activities: int
    by_type: dict[str, int]
    meetings: int
    meeting_participants: int
    average_meeting_participants: Decimal | None
    communications: int
    communication_reach: int
    reach_by_channel: dict[str, int]
    funding_eur: Decimal
    funding_by_programme: dict[str, Decimal]


def activity(
    state: MonitoringState,
    partnership_id: UUID,
    *,
    start: date | None = None,
    end: date | None = None,
) -> ActivitySummary:
    """Meetings held and their average participants, activities by type,
    communications and their reach, funding secured — by the dates they
    happened (``end`` defaults to the state's day).

    Raises:
        NotFoundError: no such partnership in the views.
    """
    state.partnership(partnership_id)
    last = state.at.date() if end is None else end
    held = [
        a
        for a in state.rows("activity", partnership_id)
        if _within(a.held_on, start, last)
    ]
    meetings = [a for a in held if a.type.is_meeting]
    comms = [
        c
        for c in state.rows("communication", partnership_id)
        if _within(c.published_on, start, last)
    ]
    reach: dict[str, int] = defaultdict(int)
    for c in comms:
        reach[c.channel] += c.reach
    funds = [
        f
        for f in state.rows("funding", partnership_id)
        if _within(f.secured_on, start, last)
    ]
    by_programme: dict[str, Decimal] = defaultdict(Decimal)
    for f in funds:
        by_programme[str(f.programme)] += f.amount_eur
    return ActivitySummary(
        partnership_id=partnership_id,
        period_start=start,
        period_end=last,
        activities=len(held),
        by_type=counts(str(a.type) for a in held),
        meetings=len(meetings),
        meeting_participants=sum(a.participants for a in meetings),
        average_meeting_participants=mean(a.participants for a in meetings),
        communications=len(comms),
        communication_reach=sum(c.reach for c in comms),
        reach_by_channel=dict(sorted(reach.items())),
        funding_eur=sum((f.amount_eur for f in funds), Decimal(0)),
        funding_by_programme=dict(sorted(by_programme.items())),
    )


@attrs.frozen
class WorkPlanStatus:
    """The work plan's deliverables on a day (and within a window).

    Attributes:
        deliverables: all deliverables of the plan.
        due: deliverables due in the window (on or before ``on``).
        delivered: deliverables delivered in the window.
        overdue: deliverables whose due date passed before ``on`` without
            delivery by ``on``.
        upcoming: deliverables due after ``on``, not yet delivered.
        outputs: the outputs delivered in the window, by output type.
        overdue_titles: titles of the overdue deliverables, by due date.
    """

    partnership_id: UUID
    period_start: date | None
    on: date
    deliverables: int
    due: int
    delivered: int
    overdue: int
    upcoming: int
    outputs: dict[str, int]
    overdue_titles: tuple[str, ...]


def work_plan(
    state: MonitoringState,
    partnership_id: UUID,
    *,
    start: date | None = None,
    on: date | None = None,
) -> WorkPlanStatus:
    """Deliverables delivered, due and overdue on ``on`` (default: the
    state's day), counting due dates and deliveries from ``start``.

    Raises:
        NotFoundError: no such partnership in the views.
    """
    state.partnership(partnership_id)
    day = state.at.date() if on is None else on
    rows = state.rows("deliverable", partnership_id)

    def delivered_by(d: object, until: date) -> bool:
        when = getattr(d, "delivered_on", None)
        return when is not None and when <= until

    delivered = [
        d
        for d in rows
        if d.delivered_on is not None and _within(d.delivered_on, start, day)
    ]
    overdue = sorted(
        (d for d in rows if d.due_on < day and not delivered_by(d, day)),
        key=lambda d: (d.due_on, d.title),
    )
    return WorkPlanStatus(
        partnership_id=partnership_id,
        period_start=start,
        on=day,
        deliverables=len(rows),
        due=sum(1 for d in rows if _within(d.due_on, start, day)),
        delivered=len(delivered),
        overdue=len(overdue),
        upcoming=sum(1 for d in rows if d.due_on > day and not delivered_by(d, day)),
        outputs=counts(str(d.output_type) for d in delivered if d.output_type),
        overdue_titles=tuple(d.title for d in overdue),
    )


@attrs.frozen
class SurveySummary:
    """The answers to one year's monitoring survey (§6.2, Box 40)."""

    partnership_id: UUID
    year: int
    responses: int
    satisfied: int
    using_outputs: int
    share_satisfied: Decimal | None
    share_using_outputs: Decimal | None
    exercise_closed: bool


def survey(
    state: MonitoringState, partnership_id: UUID, year: int | None = None
) -> SurveySummary | None:
    """Shares of respondents satisfied and using outputs in ``year`` (default:
    the latest year with an exercise or a response); ``None`` if there is none.

    Raises:
        NotFoundError: no such partnership in the views.
    """
    state.partnership(partnership_id)
    exercises = {e.year: e for e in state.rows("exercise", partnership_id)}
    answers = state.rows("survey", partnership_id)
    years = set(exercises) | {a.year for a in answers}
    if year is None:
        if not years:
            return None
        year = max(years)
    elif year not in years:
        return None
    mine = [a for a in answers if a.year == year]
    satisfied = sum(1 for a in mine if a.satisfaction >= SATISFIED_FROM)
    using = sum(1 for a in mine if a.uses_outputs)
    exercise = exercises.get(year)
    return SurveySummary(
        partnership_id=partnership_id,
        year=year,
        responses=len(mine),
        satisfied=satisfied,
        using_outputs=using,
        share_satisfied=share(satisfied, len(mine)),
        share_using_outputs=share(using, len(mine)),
        exercise_closed=exercise is not None and exercise.closed_at is not None,
    )
