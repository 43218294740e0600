"""Strategies for governance, work plan, activities, regional links and
monitoring exercises: the arguments of each command (private).

Public through :mod:`pact_domain.testing.strategies`.

Dates of facts (an activity held, a deliverable delivered...) are drawn up to
:data:`LAST_FACT_DAY`, so that they are never after the recording time of an
application on :class:`~pact_domain.testing.StepClock` (2024-01-01) or on the
real clock.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from pact_domain.commands import (
    AddDeliverable,
    AddWorkPackage,
    AdoptWorkPlan,
    AppointWorkPackageLeader,
    ChangeSteeringGroup,
    ChangeWorkingGroupLead,
    CloseMonitoringExercise,
    CloseWorkingGroup,
    FormWorkingGroup,
    LinkRegionalPartnership,
    OpenMonitoringExercise,
    RecordActivity,
    RecordCommunication,
    RecordDelivery,
    RecordFundingSecured,
    RecordMembershipRecruitment,
    RecordSkillsNeedsAssessment,
    RecordSurveyResponse,
    RescheduleDeliverable,
    UnlinkRegionalPartnership,
)
from pact_domain.partnership import PlannedDeliverable, PlannedWorkPackage, SkillsGap
from pact_domain.testing._command_strategies import _meta
from pact_domain.testing._values import dates, free_texts, names, texts, vocabulary
from pact_domain.vocabularies import (
    ActivityType,
    FundingProgramme,
    OutputType,
    WorkPackageType,
)
from pact_domain.vocabularies_catalogues import (
    CommunicationChannel,
    SkillsAssessmentMethod,
)

FIRST_FACT_DAY = date(2019, 1, 1)
LAST_FACT_DAY = date(2023, 12, 31)
"""Facts are dated no later than this (before any test clock's first reading)."""
FIRST_MONITORING_YEAR = 2020
"""The first year a monitoring exercise may be held (the Pact's launch)."""

_SLUG = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=30)


@functools.cache
def links() -> SearchStrategy[str]:
    """http(s) links, as outputs, pages and reports are given."""
    return st.builds(
        lambda scheme, host, path: f"{scheme}://{host}.eu/{path}",
        st.sampled_from(["http", "https"]),
        _SLUG,
        _SLUG,
    )


@functools.cache
def fact_dates() -> SearchStrategy[date]:
    """Days on which something happened (2019 to 2023)."""
    return st.dates(FIRST_FACT_DAY, LAST_FACT_DAY)


def _unique_name(taken: Collection[str]) -> SearchStrategy[str]:
    folded = {t.casefold() for t in taken}
    return names().filter(lambda n: n.casefold() not in folded)


# --------------------------------------------------------------- governance


@st.composite
def change_steering_group_commands(
    draw: DrawFn,
    partnership_id: UUID,
    members: Sequence[UUID],
    steering_group: Sequence[UUID] = (),
    *,
    actor: str | None = None,
) -> ChangeSteeringGroup:
    """``change_steering_group``: some members not on it join, some on it
    leave (at least one of either; ``members`` or ``steering_group`` must
    leave a choice)."""
    outside = [m for m in members if m not in steering_group]
    joined = draw(st.lists(st.sampled_from(outside), unique=True)) if outside else []
    on = list(steering_group)
    left = draw(st.lists(st.sampled_from(on), unique=True)) if on else []
    if not joined and not left:
        if outside:
            joined = [draw(st.sampled_from(outside))]
        else:
            left = [draw(st.sampled_from(on))]
    return ChangeSteeringGroup(
        partnership_id,
        joined=tuple(joined),
        left=tuple(left),
        **_meta(draw, actor),
    )


@st.composite
def form_working_group_commands(
    draw: DrawFn,
    partnership_id: UUID,
    members: Sequence[UUID],
    *,
    parent_id: UUID | None = None,
    taken_names: Collection[str] = (),
    actor: str | None = None,
) -> FormWorkingGroup:
    """``form_working_group`` led by one of ``members`` (a sub-group of
    ``parent_id``, an open group), named unlike ``taken_names`` (the open
    groups with the same parent)."""
    return FormWorkingGroup(
        partnership_id,
        name=draw(_unique_name(taken_names)),
        theme=draw(free_texts(empty=False, max_size=300)),
        lead_organisation_id=draw(st.sampled_from(list(members))),
        parent_id=parent_id,
        working_group_id=draw(st.uuids()),
        **_meta(draw, actor),
    )


@st.composite
def change_working_group_lead_commands(
    draw: DrawFn,
    partnership_id: UUID,
    working_group_id: UUID,
    members: Sequence[UUID],
    *,
    current_lead: UUID | None = None,
    actor: str | None = None,
) -> ChangeWorkingGroupLead:
    """``change_working_group_lead`` to a member other than ``current_lead``."""
    choices = [m for m in members if m != current_lead]
    return ChangeWorkingGroupLead(
        partnership_id,
        working_group_id=working_group_id,
        lead_organisation_id=draw(st.sampled_from(choices)),
        **_meta(draw, actor),
    )


@st.composite
def close_working_group_commands(
    draw: DrawFn,
    partnership_id: UUID,
    working_group_id: UUID,
    *,
    actor: str | None = None,
) -> CloseWorkingGroup:
    """``close_working_group`` (an open group whose sub-groups are closed)."""
    return CloseWorkingGroup(
        partnership_id,
        working_group_id=working_group_id,
        reason=draw(free_texts(max_size=200)),
        **_meta(draw, actor),
    )


@st.composite
def appoint_work_package_leader_commands(
    draw: DrawFn,
    partnership_id: UUID,
    work_package_id: UUID,
    members: Sequence[UUID],
    *,
    current_lead: UUID | None = None,
    actor: str | None = None,
) -> AppointWorkPackageLeader:
    """``appoint_work_package_leader``: a member other than ``current_lead``."""
    choices = [m for m in members if m != current_lead]
    return AppointWorkPackageLeader(
        partnership_id,
        work_package_id=work_package_id,
        organisation_id=draw(st.sampled_from(choices)),
        **_meta(draw, actor),
    )


# ---------------------------------------------------------------- work plan


def _days_between(start: date, end: date) -> SearchStrategy[date]:
    return st.integers(0, (end - start).days).map(lambda n: start + timedelta(n))


@st.composite
def plan_periods(draw: DrawFn) -> tuple[date, date]:
    """A work plan's period: a start and an end at least 30 days later."""
    start = draw(dates(2019, 2028))
    return start, start + timedelta(days=draw(st.integers(30, 6 * 365)))


@st.composite
def planned_deliverables(
    draw: DrawFn,
    starts_on: date,
    ends_on: date,
    *,
    taken_titles: Collection[str] = (),
) -> PlannedDeliverable:
    """A deliverable due within the plan period, titled unlike ``taken_titles``."""
    return PlannedDeliverable(
        title=draw(_unique_name(taken_titles)),
        due_on=draw(_days_between(starts_on, ends_on)),
        description=draw(free_texts(max_size=200)),
        id=draw(st.uuids()),
    )


@st.composite
def planned_work_packages(
    draw: DrawFn,
    members: Sequence[UUID],
    starts_on: date,
    ends_on: date,
    *,
    taken_titles: Collection[str] = (),
    max_deliverables: int = 3,
) -> PlannedWorkPackage:
    """A work package led by one of ``members``, titled unlike
    ``taken_titles``, with up to ``max_deliverables`` deliverables due within
    the plan period."""
    titles: list[str] = []
    planned = []
    for _ in range(draw(st.integers(0, max_deliverables))):
        d = draw(planned_deliverables(starts_on, ends_on, taken_titles=titles))
        titles.append(d.title)
        planned.append(d)
    return PlannedWorkPackage(
        title=draw(_unique_name(taken_titles)),
        type=draw(vocabulary(WorkPackageType)),
        lead_organisation_id=draw(st.sampled_from(list(members))),
        deliverables=tuple(planned),
        objectives=draw(free_texts(max_size=200)),
        id=draw(st.uuids()),
    )


@st.composite
def adopt_work_plan_commands(
    draw: DrawFn,
    partnership_id: UUID,
    members: Sequence[UUID],
    *,
    period: tuple[date, date] | None = None,
    max_work_packages: int = 3,
    actor: str | None = None,
) -> AdoptWorkPlan:
    """``adopt_work_plan`` with one to ``max_work_packages`` work packages led
    by ``members``, their deliverables due within the period."""
    start, end = draw(plan_periods()) if period is None else period
    titles: list[str] = []
    packages = []
    for _ in range(draw(st.integers(1, max(1, max_work_packages)))):
        wp = draw(planned_work_packages(members, start, end, taken_titles=titles))
        titles.append(wp.title)
        packages.append(wp)
    return AdoptWorkPlan(
        partnership_id,
        title=draw(names()),
        starts_on=start,
        ends_on=end,
        work_packages=tuple(packages),
        **_meta(draw, actor),
    )


@st.composite
def add_work_package_commands(
    draw: DrawFn,
    partnership_id: UUID,
    members: Sequence[UUID],
    starts_on: date,
    ends_on: date,
    *,
    taken_titles: Collection[str] = (),
    actor: str | None = None,
) -> AddWorkPackage:
    """``add_work_package`` to the adopted plan (of period ``starts_on`` to
    ``ends_on``), titled unlike the work packages it has."""
    return AddWorkPackage(
        partnership_id,
        work_package=draw(
            planned_work_packages(
                members, starts_on, ends_on, taken_titles=taken_titles
            )
        ),
        **_meta(draw, actor),
    )


@st.composite
def add_deliverable_commands(
    draw: DrawFn,
    partnership_id: UUID,
    work_package_id: UUID,
    starts_on: date,
    ends_on: date,
    *,
    taken_titles: Collection[str] = (),
    actor: str | None = None,
) -> AddDeliverable:
    """``add_deliverable`` due within the plan period, titled unlike the work
    package's deliverables (``taken_titles``)."""
    return AddDeliverable(
        partnership_id,
        work_package_id=work_package_id,
        deliverable=draw(
            planned_deliverables(starts_on, ends_on, taken_titles=taken_titles)
        ),
        **_meta(draw, actor),
    )


@st.composite
def reschedule_deliverable_commands(
    draw: DrawFn,
    partnership_id: UUID,
    deliverable_id: UUID,
    starts_on: date,
    ends_on: date,
    *,
    current_due: date | None = None,
    actor: str | None = None,
) -> RescheduleDeliverable:
    """``reschedule_deliverable`` (not delivered yet) to another day of the
    plan period."""
    due = draw(_days_between(starts_on, ends_on).filter(lambda d: d != current_due))
    return RescheduleDeliverable(
        partnership_id,
        deliverable_id=deliverable_id,
        due_on=due,
        reason=draw(free_texts(empty=False, max_size=200)),
        **_meta(draw, actor),
    )


@st.composite
def record_delivery_commands(
    draw: DrawFn,
    partnership_id: UUID,
    deliverable_id: UUID,
    *,
    actor: str | None = None,
) -> RecordDelivery:
    """``record_delivery`` of a deliverable not delivered yet."""
    return RecordDelivery(
        partnership_id,
        deliverable_id=deliverable_id,
        delivered_on=draw(fact_dates()),
        output_type=draw(vocabulary(OutputType)),
        link=draw(links()),
        output_title=draw(texts(min_size=0, max_size=120)),
        **_meta(draw, actor),
    )


# --------------------------------------------------- activities and reach


@st.composite
def record_activity_commands(
    draw: DrawFn,
    partnership_id: UUID,
    *,
    organisation_ids: Sequence[UUID] = (),
    working_group_ids: Sequence[UUID] = (),
    actor: str | None = None,
) -> RecordActivity:
    """``record_activity`` with some of ``organisation_ids`` (registered
    organisations) present, perhaps of one of ``working_group_ids``, and at
    least one participant per organisation present."""
    present = (
        draw(st.lists(st.sampled_from(list(organisation_ids)), max_size=5, unique=True))
        if organisation_ids
        else []
    )
    others = draw(st.integers(0, 20))
    participants = len(present) + others + draw(st.integers(0, 500))
    group = (
        draw(st.none() | st.sampled_from(list(working_group_ids)))
        if working_group_ids
        else None
    )
    return RecordActivity(
        partnership_id,
        type=draw(vocabulary(ActivityType)),
        title=draw(names()),
        held_on=draw(fact_dates()),
        participants=participants,
        organisation_ids=tuple(present),
        other_organisations=others,
        working_group_id=group,
        activity_id=draw(st.uuids()),
        **_meta(draw, actor),
    )


@st.composite
def record_communication_commands(
    draw: DrawFn, partnership_id: UUID, *, actor: str | None = None
) -> RecordCommunication:
    """``record_communication`` on a channel, with its reach."""
    return RecordCommunication(
        partnership_id,
        channel=draw(vocabulary(CommunicationChannel)),
        title=draw(names()),
        reach=draw(st.integers(0, 10**7)),
        published_on=draw(fact_dates()),
        link=draw(st.none() | links()),
        communication_id=draw(st.uuids()),
        **_meta(draw, actor),
    )


@st.composite
def record_membership_recruitment_commands(
    draw: DrawFn, partnership_id: UUID, *, actor: str | None = None
) -> RecordMembershipRecruitment:
    """``record_membership_recruitment``: no more joined than contacted."""
    contacted = draw(st.integers(0, 2000))
    return RecordMembershipRecruitment(
        partnership_id,
        campaign=draw(names()),
        ended_on=draw(fact_dates()),
        prospects_contacted=contacted,
        joined=draw(st.integers(0, contacted)),
        campaign_id=draw(st.uuids()),
        **_meta(draw, actor),
    )


@st.composite
def record_funding_secured_commands(
    draw: DrawFn,
    partnership_id: UUID,
    *,
    opportunity_ids: Sequence[UUID] = (),
    actor: str | None = None,
) -> RecordFundingSecured:
    """``record_funding_secured``: a positive amount in whole cents, perhaps
    from one of ``opportunity_ids`` (registered funding opportunities)."""
    cents = draw(st.integers(1, 10**11))
    return RecordFundingSecured(
        partnership_id,
        programme=draw(vocabulary(FundingProgramme)),
        amount_eur=Decimal(cents) / 100,
        project_name=draw(names()),
        secured_on=draw(fact_dates()),
        opportunity_id=draw(st.none() | st.sampled_from(list(opportunity_ids)))
        if opportunity_ids
        else None,
        funding_id=draw(st.uuids()),
        **_meta(draw, actor),
    )


@functools.cache
def esco_uris() -> SearchStrategy[str]:
    """ESCO skill or occupation URIs (``http://data.europa.eu/esco/...``)."""
    return st.builds(
        lambda kind, u: f"http://data.europa.eu/esco/{kind}/{u}",
        st.sampled_from(["skill", "occupation"]),
        st.uuids(),
    )


@functools.cache
def skills_gaps() -> SearchStrategy[SkillsGap]:
    """Skills gaps found by an assessment, maybe with an ESCO URI."""
    return st.builds(
        SkillsGap,
        description=free_texts(empty=False, max_size=300),
        esco_uri=st.none() | esco_uris(),
    )


@st.composite
def record_skills_needs_assessment_commands(
    draw: DrawFn, partnership_id: UUID, *, actor: str | None = None
) -> RecordSkillsNeedsAssessment:
    """``record_skills_needs_assessment`` with one to four different gaps."""
    gaps = draw(
        st.lists(
            skills_gaps(),
            min_size=1,
            max_size=4,
            unique_by=lambda g: g.description.casefold(),
        )
    )
    return RecordSkillsNeedsAssessment(
        partnership_id,
        method=draw(vocabulary(SkillsAssessmentMethod)),
        assessed_on=draw(fact_dates()),
        skills_gaps=tuple(gaps),
        summary=draw(free_texts(max_size=300)),
        deliverable_link=draw(st.none() | links()),
        assessment_id=draw(st.uuids()),
        **_meta(draw, actor),
    )


# ------------------------------------------------------- regional dimension


@st.composite
def link_regional_partnership_commands(
    draw: DrawFn,
    lsp_id: UUID,
    regional_partnership_id: UUID,
    *,
    actor: str | None = None,
) -> LinkRegionalPartnership:
    """``link_regional_partnership`` of a regional partnership to an LSP (both
    accepted or active, not linked yet)."""
    return LinkRegionalPartnership(
        lsp_id,
        regional_partnership_id=regional_partnership_id,
        **_meta(draw, actor),
    )


@st.composite
def unlink_regional_partnership_commands(
    draw: DrawFn,
    lsp_id: UUID,
    regional_partnership_id: UUID,
    *,
    actor: str | None = None,
) -> UnlinkRegionalPartnership:
    """``unlink_regional_partnership`` of a linked pair, with a reason."""
    return UnlinkRegionalPartnership(
        lsp_id,
        regional_partnership_id=regional_partnership_id,
        reason=draw(free_texts(empty=False, max_size=200)),
        **_meta(draw, actor),
    )


# ------------------------------------------------------ monitoring exercise


@st.composite
def open_monitoring_exercise_commands(
    draw: DrawFn,
    partnership_id: UUID,
    *,
    taken_years: Collection[int] = (),
    actor: str | None = None,
) -> OpenMonitoringExercise:
    """``open_monitoring_exercise`` of a year not in ``taken_years`` (none may
    be open)."""
    year = draw(
        st.integers(FIRST_MONITORING_YEAR, 2040).filter(lambda y: y not in taken_years)
    )
    return OpenMonitoringExercise(partnership_id, year=year, **_meta(draw, actor))


@st.composite
def record_survey_response_commands(
    draw: DrawFn,
    partnership_id: UUID,
    year: int,
    organisation_id: UUID,
    *,
    actor: str | None = None,
) -> RecordSurveyResponse:
    """``record_survey_response`` of a member that has not answered the open
    exercise of ``year``: satisfaction from 1 to 5."""
    return RecordSurveyResponse(
        partnership_id,
        year=year,
        organisation_id=organisation_id,
        satisfaction=draw(st.integers(1, 5)),
        uses_outputs=draw(st.booleans()),
        commitments_progress=draw(free_texts(max_size=300)),
        challenges=draw(free_texts(max_size=300)),
        good_practice=draw(free_texts(max_size=300)),
        **_meta(draw, actor),
    )


@st.composite
def close_monitoring_exercise_commands(
    draw: DrawFn, partnership_id: UUID, year: int, *, actor: str | None = None
) -> CloseMonitoringExercise:
    """``close_monitoring_exercise`` of the open exercise of ``year``."""
    return CloseMonitoringExercise(partnership_id, year=year, **_meta(draw, actor))
