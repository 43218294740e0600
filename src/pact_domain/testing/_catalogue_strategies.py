"""Strategies for the catalogues: the online library, the funding tool, the
mapping of initiatives and the knowledge events (private).

Public through :mod:`pact_domain.testing.strategies`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from pact_domain.catalogues import (
    FundingOpportunityDetails,
    InitiativeDetails,
    KnowledgeEventDetails,
    LibraryResourceDetails,
)
from pact_domain.commands import (
    CancelKnowledgeEvent,
    InviteInitiative,
    MapInitiative,
    PublishBackgroundPaper,
    PublishFollowUpReport,
    RecordInitiativeJoined,
    RegisterFundingOpportunity,
    RegisterLibraryResource,
    ScheduleKnowledgeEvent,
    UpdateFundingOpportunity,
    UpdateInitiative,
    UpdateKnowledgeEvent,
    UpdateLibraryResource,
    WithdrawFundingOpportunity,
    WithdrawInitiative,
    WithdrawLibraryResource,
)
from pact_domain.testing._activity_strategies import (
    FIRST_FACT_DAY,
    LAST_FACT_DAY,
    fact_dates,
    links,
)
from pact_domain.testing._command_strategies import _meta
from pact_domain.testing._values import (
    dates,
    eu_countries,
    free_texts,
    names,
    regions_in,
    texts,
    vocabulary,
)
from pact_domain.vocabularies import Ecosystem, FundingProgramme, StakeholderType
from pact_domain.vocabularies_catalogues import (
    NON_EU,
    FundingLevel,
    FundingType,
    InitiativeActivity,
    InitiativeAffiliation,
    InitiativeStakeholder,
    InterventionArea,
    KnowledgeEventFormat,
    ResourceType,
    SkillsFocus,
    TargetAudience,
    ThematicArea,
)

_ECOSYSTEMS = st.lists(vocabulary(Ecosystem), max_size=3, unique=True).map(tuple)


def _some(enum_cls: type, *, at_least: int = 0) -> SearchStrategy[tuple[Any, ...]]:
    return st.lists(
        vocabulary(enum_cls), min_size=at_least, max_size=3, unique=True
    ).map(tuple)


@st.composite
def _countries_and_regions(
    draw: DrawFn, *, at_least: int = 0
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    codes = draw(st.lists(eu_countries(), min_size=at_least, max_size=3, unique=True))
    available = regions_in(codes, None, False)
    regions = (
        draw(st.lists(st.sampled_from(available), max_size=3, unique=True))
        if available
        else []
    )
    return tuple(codes), tuple(regions)


# ------------------------------------------------------------------ library


@functools.cache
def library_resource_details() -> SearchStrategy[LibraryResourceDetails]:
    """Details of an online library resource (§5.1)."""
    return st.builds(
        LibraryResourceDetails,
        title=names(),
        author=names(),
        year=st.integers(1950, 2100),
        summary=free_texts(empty=False, max_size=600),
        link=links(),
        resource_type=vocabulary(ResourceType),
        thematic_areas=_some(ThematicArea, at_least=1),
        ecosystems=_ECOSYSTEMS,
        geographical_scope=st.lists(
            eu_countries() | st.just(NON_EU), max_size=3, unique=True
        ).map(tuple),
        target_audiences=_some(TargetAudience),
    )


@st.composite
def register_library_resource_commands(
    draw: DrawFn, *, id: UUID | None = None, actor: str | None = None
) -> RegisterLibraryResource:
    """``register_library_resource``."""
    return RegisterLibraryResource(
        details=draw(library_resource_details()),
        id=draw(st.uuids()) if id is None else id,
        **_meta(draw, actor),
    )


@st.composite
def update_library_resource_commands(
    draw: DrawFn,
    resource_id: UUID,
    *,
    current: LibraryResourceDetails | None = None,
    actor: str | None = None,
) -> UpdateLibraryResource:
    """``update_library_resource`` with details other than ``current``."""
    details = draw(library_resource_details().filter(lambda d: d != current))
    return UpdateLibraryResource(resource_id, details=details, **_meta(draw, actor))


@st.composite
def withdraw_library_resource_commands(
    draw: DrawFn, resource_id: UUID, *, actor: str | None = None
) -> WithdrawLibraryResource:
    """``withdraw_library_resource`` with a reason."""
    return WithdrawLibraryResource(
        resource_id,
        reason=draw(free_texts(empty=False, max_size=200)),
        **_meta(draw, actor),
    )


# ------------------------------------------------------------- funding tool


@st.composite
def funding_opportunity_details(draw: DrawFn) -> FundingOpportunityDetails:
    """Details of a funding opportunity (§5.3): a national or regional one
    names its member states, its regions lie in them, and it closes no
    earlier than it opens."""
    level = draw(vocabulary(FundingLevel))
    codes, regions = draw(
        _countries_and_regions(at_least=0 if level is FundingLevel.EU else 1)
    )
    opens_on = draw(st.none() | dates())
    closes_on = draw(
        st.none()
        | (dates() if opens_on is None else st.integers(0, 900).map(
            lambda n: opens_on + timedelta(days=n)
        ))
    )  # fmt: skip
    return FundingOpportunityDetails(
        title=draw(names()),
        summary=draw(free_texts(empty=False, max_size=300)),
        programme=draw(vocabulary(FundingProgramme)),
        level=level,
        funding_types=draw(_some(FundingType, at_least=1)),
        areas=draw(_some(InterventionArea, at_least=1)),
        link=draw(links()),
        ecosystems=draw(_ECOSYSTEMS),
        countries=codes,
        regions=regions,
        beneficiary_types=draw(_some(StakeholderType)),
        opens_on=opens_on,
        closes_on=closes_on,
        budget_eur=draw(
            st.none() | st.integers(0, 10**11).map(lambda c: Decimal(c) / 100)
        ),
        objectives=draw(free_texts(max_size=300)),
        eligibility=draw(free_texts(max_size=300)),
        procedure=draw(free_texts(max_size=300)),
        managing_authority=draw(texts(min_size=0, max_size=120)),
    )


@st.composite
def register_funding_opportunity_commands(
    draw: DrawFn, *, id: UUID | None = None, actor: str | None = None
) -> RegisterFundingOpportunity:
    """``register_funding_opportunity``."""
    return RegisterFundingOpportunity(
        details=draw(funding_opportunity_details()),
        id=draw(st.uuids()) if id is None else id,
        **_meta(draw, actor),
    )


@st.composite
def update_funding_opportunity_commands(
    draw: DrawFn,
    opportunity_id: UUID,
    *,
    current: FundingOpportunityDetails | None = None,
    actor: str | None = None,
) -> UpdateFundingOpportunity:
    """``update_funding_opportunity`` with details other than ``current``."""
    details = draw(funding_opportunity_details().filter(lambda d: d != current))
    return UpdateFundingOpportunity(
        opportunity_id,
        details=details,
        **_meta(draw, actor),
    )


@st.composite
def withdraw_funding_opportunity_commands(
    draw: DrawFn, opportunity_id: UUID, *, actor: str | None = None
) -> WithdrawFundingOpportunity:
    """``withdraw_funding_opportunity`` with a reason."""
    return WithdrawFundingOpportunity(
        opportunity_id,
        reason=draw(free_texts(empty=False, max_size=200)),
        **_meta(draw, actor),
    )


# ------------------------------------------------------ mapped initiatives


@st.composite
def initiative_details(draw: DrawFn) -> InitiativeDetails:
    """Details of a mapped initiative (§5.2); its regions lie in its countries."""
    codes, regions = draw(_countries_and_regions())
    return InitiativeDetails(
        name=draw(names()),
        description=draw(free_texts(empty=False, max_size=600)),
        activities=draw(_some(InitiativeActivity, at_least=1)),
        stakeholders=draw(_some(InitiativeStakeholder, at_least=1)),
        goals=draw(free_texts(max_size=300)),
        countries=codes,
        regions=regions,
        ecosystems=draw(_ECOSYSTEMS),
        skills_focus=draw(_some(SkillsFocus)),
        estimated_stakeholders=draw(st.none() | st.integers(1, 100_000)),
        link=draw(st.none() | links()),
    )


@st.composite
def map_initiative_commands(
    draw: DrawFn,
    *,
    affiliation: InitiativeAffiliation | str | None = None,
    id: UUID | None = None,
    actor: str | None = None,
) -> MapInitiative:
    """``map_initiative``, affiliated to the Pact or a potential member."""
    return MapInitiative(
        details=draw(initiative_details()),
        affiliation=draw(vocabulary(InitiativeAffiliation))
        if affiliation is None
        else InitiativeAffiliation(affiliation),
        id=draw(st.uuids()) if id is None else id,
        **_meta(draw, actor),
    )


@st.composite
def update_initiative_commands(
    draw: DrawFn,
    initiative_id: UUID,
    *,
    current: InitiativeDetails | None = None,
    actor: str | None = None,
) -> UpdateInitiative:
    """``update_initiative`` with details other than ``current``."""
    details = draw(initiative_details().filter(lambda d: d != current))
    return UpdateInitiative(initiative_id, details=details, **_meta(draw, actor))


@st.composite
def invite_initiative_commands(
    draw: DrawFn,
    initiative_id: UUID,
    *,
    last_invited_on: date | None = None,
    actor: str | None = None,
) -> InviteInitiative:
    """``invite_initiative`` (a potential member) after its last invitation.

    Invitations are facts, never after the recording day: the first falls in
    2019-2023 with room for later ones a few days apart."""
    day = draw(
        st.dates(FIRST_FACT_DAY, LAST_FACT_DAY - timedelta(days=200))
        if last_invited_on is None
        else st.integers(1, 5).map(lambda n: last_invited_on + timedelta(days=n))
    )
    return InviteInitiative(initiative_id, invited_on=day, **_meta(draw, actor))


@st.composite
def record_initiative_joined_commands(
    draw: DrawFn,
    initiative_id: UUID,
    *,
    organisation_ids: Sequence[UUID] = (),
    last_invited_on: date | None = None,
    actor: str | None = None,
) -> RecordInitiativeJoined:
    """``record_initiative_joined`` of a potential member, perhaps as one of
    ``organisation_ids`` (registered organisations), on or after its last
    invitation."""
    return RecordInitiativeJoined(
        initiative_id,
        joined_on=draw(
            fact_dates()
            if last_invited_on is None
            else st.integers(0, 5).map(lambda n: last_invited_on + timedelta(days=n))
        ),
        organisation_id=draw(st.none() | st.sampled_from(list(organisation_ids)))
        if organisation_ids
        else None,
        **_meta(draw, actor),
    )


@st.composite
def withdraw_initiative_commands(
    draw: DrawFn, initiative_id: UUID, *, actor: str | None = None
) -> WithdrawInitiative:
    """``withdraw_initiative`` with a reason."""
    return WithdrawInitiative(
        initiative_id,
        reason=draw(free_texts(empty=False, max_size=200)),
        **_meta(draw, actor),
    )


# --------------------------------------------------------- knowledge events


@functools.cache
def knowledge_event_details(
    format: KnowledgeEventFormat | str | None = None,
) -> SearchStrategy[KnowledgeEventDetails]:
    """Details of a webinar, peer-learning activity or thematic seminar (§5.4)."""
    return st.builds(
        KnowledgeEventDetails,
        format=vocabulary(KnowledgeEventFormat)
        if format is None
        else st.just(KnowledgeEventFormat(format)),
        topic=names(),
        # Held in the past, so its follow-up report (up to 120 days later) is
        # not after the recording day either.
        held_on=st.dates(FIRST_FACT_DAY, LAST_FACT_DAY - timedelta(days=130)),
        description=free_texts(max_size=300),
        link=st.none() | links(),
    )


@st.composite
def schedule_knowledge_event_commands(
    draw: DrawFn,
    *,
    format: KnowledgeEventFormat | str | None = None,
    id: UUID | None = None,
    actor: str | None = None,
) -> ScheduleKnowledgeEvent:
    """``schedule_knowledge_event``."""
    return ScheduleKnowledgeEvent(
        details=draw(knowledge_event_details(format)),
        id=draw(st.uuids()) if id is None else id,
        **_meta(draw, actor),
    )


@st.composite
def update_knowledge_event_commands(
    draw: DrawFn,
    event_id: UUID,
    current: KnowledgeEventDetails,
    *,
    actor: str | None = None,
) -> UpdateKnowledgeEvent:
    """``update_knowledge_event``: a new topic, description or link (the
    format and day stay, so published papers keep their dates' rules)."""
    changed = draw(
        st.builds(
            lambda topic, description, link: attrs.evolve(
                current, topic=topic, description=description, link=link
            ),
            names(),
            free_texts(max_size=300),
            st.none() | links(),
        ).filter(lambda d: d != current)
    )
    return UpdateKnowledgeEvent(event_id, details=changed, **_meta(draw, actor))


@st.composite
def publish_background_paper_commands(
    draw: DrawFn, event_id: UUID, held_on: date, *, actor: str | None = None
) -> PublishBackgroundPaper:
    """``publish_background_paper`` of a peer-learning activity or thematic
    seminar held on ``held_on``: published on or before that day."""
    return PublishBackgroundPaper(
        event_id,
        link=draw(links()),
        published_on=held_on - timedelta(days=draw(st.integers(0, 120))),
        **_meta(draw, actor),
    )


@st.composite
def publish_follow_up_report_commands(
    draw: DrawFn,
    event_id: UUID,
    held_on: date,
    *,
    library_resource_ids: Sequence[UUID] = (),
    actor: str | None = None,
) -> PublishFollowUpReport:
    """``publish_follow_up_report`` of an event held on ``held_on``: on or
    after that day, perhaps naming one of ``library_resource_ids``."""
    return PublishFollowUpReport(
        event_id,
        link=draw(links()),
        published_on=held_on + timedelta(days=draw(st.integers(0, 120))),
        library_resource_id=draw(
            st.none() | st.sampled_from(list(library_resource_ids))
        )
        if library_resource_ids
        else None,
        **_meta(draw, actor),
    )


@st.composite
def cancel_knowledge_event_commands(
    draw: DrawFn, event_id: UUID, *, actor: str | None = None
) -> CancelKnowledgeEvent:
    """``cancel_knowledge_event`` with a reason."""
    return CancelKnowledgeEvent(
        event_id,
        reason=draw(free_texts(empty=False, max_size=200)),
        **_meta(draw, actor),
    )
