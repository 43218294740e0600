"""Regional links, skills needs, recruitment and governance views (§2.3-§4.6).

* regional links (§4.6): the partnerships linked to this one at an instant —
  for an LSP, its regional partnerships; for a regional partnership, its LSP;
* skills needs (§4.3, Boxes 25-27): assessments carried out in a window and
  the skills gaps they found;
* membership recruitment (§4.1 item 1, §4.2): campaigns ended in a window,
  prospects contacted and how many joined;
* governance (§2.3, §2.4, §3.5, Boxes 16-17): the steering group's size and the
  working groups open at an instant, and those formed and closed in a window.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain.monitoring._figures import counts, share
from pact_domain.monitoring.records import (
    RecruitmentRow,
    RegionalLinkRow,
    SkillsAssessmentRow,
    WorkingGroupRow,
)

if TYPE_CHECKING:
    from pact_domain.monitoring.state import MonitoringState

__all__ = [
    "GovernanceSummary",
    "RecruitmentSummary",
    "SkillsNeedsSummary",
    "governance",
    "recruitment",
    "regional_links",
    "skills_needs",
]


def _within(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def regional_links(
    state: MonitoringState, partnership_id: UUID, on: datetime | None = None
) -> tuple[UUID, ...]:
    """The partnerships linked to this one at ``on`` (default: the state's
    instant), sorted: an LSP's regional partnerships, or a regional
    partnership's LSP."""
    when = state.at if on is None else on
    rows: list[RegionalLinkRow] = state.rows("regional_link", partnership_id)
    return tuple(
        sorted(
            r.regional_partnership_id if r.lsp_id == partnership_id else r.lsp_id
            for r in rows
            if r.is_linked_at(when)
        )
    )


@attrs.frozen
class SkillsNeedsSummary:
    """Skills needs assessments carried out in a window (§4.3).

    Attributes:
        assessments: assessments carried out (by their date).
        skills_gaps: skills gaps they found.
        esco_linked_gaps: of which named by an ESCO skill or occupation URI.
        by_method: assessments by method.
    """

    assessments: int
    skills_gaps: int
    esco_linked_gaps: int
    by_method: dict[str, int]


def skills_needs(
    state: MonitoringState,
    partnership_id: UUID,
    *,
    start: date | None = None,
    end: date | None = None,
) -> SkillsNeedsSummary:
    """Skills needs assessed between two dates (inclusive; ``None``: open)."""
    rows: list[SkillsAssessmentRow] = [
        r
        for r in state.rows("skills_assessment", partnership_id)
        if _within(r.assessed_on, start, end)
    ]
    return SkillsNeedsSummary(
        assessments=len(rows),
        skills_gaps=sum(r.skills_gaps for r in rows),
        esco_linked_gaps=sum(r.esco_linked_gaps for r in rows),
        by_method=counts(r.method for r in rows),
    )


@attrs.frozen
class RecruitmentSummary:
    """Membership recruitment campaigns ended in a window (§4.1, §4.2).

    Attributes:
        campaigns: campaigns ended (by their end date).
        prospects_contacted: prospective members contacted.
        joined: of whom joined, as the campaigns reported it.
        conversion: joined / contacted (four places; ``None``: no contacts).
    """

    campaigns: int
    prospects_contacted: int
    joined: int
    conversion: Decimal | None


def recruitment(
    state: MonitoringState,
    partnership_id: UUID,
    *,
    start: date | None = None,
    end: date | None = None,
) -> RecruitmentSummary:
    """Recruitment campaigns ended between two dates (inclusive)."""
    rows: list[RecruitmentRow] = [
        r
        for r in state.rows("recruitment", partnership_id)
        if _within(r.ended_on, start, end)
    ]
    contacted = sum(r.prospects_contacted for r in rows)
    joined = sum(r.joined for r in rows)
    return RecruitmentSummary(
        campaigns=len(rows),
        prospects_contacted=contacted,
        joined=joined,
        conversion=share(joined, contacted),
    )


@attrs.frozen
class GovernanceSummary:
    """The partnership's governance bodies (§2.4, §3.5, Boxes 16-17).

    Attributes:
        steering_group_size: members of the steering group (now: the steering
            group as the folded events leave it).
        working_groups_open: working groups (sub-groups included) formed and
            not closed at the instant.
        sub_groups_open: of which sub-groups of another working group.
        working_groups_formed: formed in the window (by effective date).
        working_groups_closed: closed in the window (by effective date).
        open_working_groups: the open groups' names, sorted.
    """

    steering_group_size: int
    working_groups_open: int
    sub_groups_open: int
    working_groups_formed: int
    working_groups_closed: int
    open_working_groups: tuple[str, ...]


def governance(
    state: MonitoringState,
    partnership_id: UUID,
    *,
    start: date | None = None,
    end: date | None = None,
    on: datetime | None = None,
) -> GovernanceSummary:
    """The steering group and working groups: open at ``on`` (default: the
    state's instant), formed and closed between two dates (inclusive)."""
    when = state.at if on is None else on
    groups: list[WorkingGroupRow] = state.rows("working_group", partnership_id)
    open_now = [g for g in groups if g.is_open_at(when)]
    return GovernanceSummary(
        steering_group_size=len(state.rows("steering", partnership_id)),
        working_groups_open=len(open_now),
        sub_groups_open=sum(1 for g in open_now if g.parent_id is not None),
        working_groups_formed=sum(
            1 for g in groups if _within(g.formed_at.date(), start, end)
        ),
        working_groups_closed=sum(
            1
            for g in groups
            if g.closed_at is not None and _within(g.closed_at.date(), start, end)
        ),
        open_working_groups=tuple(sorted(g.name for g in open_now)),
    )
