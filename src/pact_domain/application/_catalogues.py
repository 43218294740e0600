"""The Pact-wide catalogues: commands and searches of the application service
(handbook §5.1-§5.4).

Entries are given as validated details objects
(:class:`~pact_domain.catalogues.LibraryResourceDetails` and its siblings);
an update gives the new details, e.g. ``attrs.evolve(entry.details,
closes_on=...)``.  Searches load the catalogue's entries (catalogues hold
hundreds of entries) and keep those passing every filter — several options
may be chosen within one filter — and the keyword search.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from pact_domain import commands as c
from pact_domain.application._base import ApplicationBase
from pact_domain.application._command_method import command_method
from pact_domain.catalogues import (
    FundingOpportunity,
    FundingOpportunityRegistered,
    InitiativeMapped,
    KnowledgeEvent,
    KnowledgeEventScheduled,
    LibraryResource,
    LibraryResourceRegistered,
    MappedInitiative,
)
from pact_domain.catalogues._base import (
    CatalogueEntry,
    country_options,
    options,
    scope_options,
)
from pact_domain.events import PactCreated
from pact_domain.vocabularies import Ecosystem, FundingProgramme, StakeholderType
from pact_domain.vocabularies_catalogues import (
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

When = datetime | date | None
C = TypeVar("C", bound=CatalogueEntry)


class CatalogueService(ApplicationBase):
    """Commands and searches of the Pact-wide catalogues (§5)."""

    def _entries(self, cls: type[C], created: type[PactCreated]) -> list[C]:
        return [self._get(cls, i) for i in self._ids_created_by(created)]

    # -- online library (§5.1) --------------------------------------------------

    register_library_resource = command_method(c.RegisterLibraryResource)

    update_library_resource = command_method(c.UpdateLibraryResource)

    withdraw_library_resource = command_method(c.WithdrawLibraryResource)

    def get_library_resource(self, resource_id: UUID) -> LibraryResource:
        """A library resource (withdrawn ones too).

        Raises:
            NotFoundError: no library resource has this id.
        """
        return self._get(LibraryResource, resource_id)

    def search_library(
        self,
        keyword: str | None = None,
        *,
        ecosystems: Iterable[Ecosystem | str] | None = None,
        geographical_scope: Iterable[str] | None = None,
        resource_types: Iterable[ResourceType | str] | None = None,
        thematic_areas: Iterable[ThematicArea | str] | None = None,
        target_audiences: Iterable[TargetAudience | str] | None = None,
    ) -> list[LibraryResource]:
        """Search the online library with its filters and keyword (Box 39).

        Returns the resources found, newest first, then by title.
        """
        eco = options("ecosystems", ecosystems, Ecosystem)
        scope = scope_options("geographical_scope", geographical_scope)
        types = options("resource_types", resource_types, ResourceType)
        areas = options("thematic_areas", thematic_areas, ThematicArea)
        audiences = options("target_audiences", target_audiences, TargetAudience)
        found = [
            r
            for r in self._entries(LibraryResource, LibraryResourceRegistered)
            if r.matches(
                keyword=keyword,
                ecosystems=eco,
                geographical_scope=scope,
                resource_types=types,
                thematic_areas=areas,
                target_audiences=audiences,
            )
        ]
        return sorted(found, key=lambda r: (-r.details.year, r.details.title))

    # -- funding tool (§5.3) ----------------------------------------------------

    register_funding_opportunity = command_method(c.RegisterFundingOpportunity)

    update_funding_opportunity = command_method(c.UpdateFundingOpportunity)

    withdraw_funding_opportunity = command_method(c.WithdrawFundingOpportunity)

    def get_funding_opportunity(self, opportunity_id: UUID) -> FundingOpportunity:
        """A funding opportunity (withdrawn ones too).

        Raises:
            NotFoundError: no funding opportunity has this id.
        """
        return self._get(FundingOpportunity, opportunity_id)

    def search_funding_opportunities(
        self,
        keyword: str | None = None,
        *,
        ecosystems: Iterable[Ecosystem | str] | None = None,
        countries: Iterable[str] | None = None,
        funding_types: Iterable[FundingType | str] | None = None,
        levels: Iterable[FundingLevel | str] | None = None,
        areas: Iterable[InterventionArea | str] | None = None,
        beneficiary_types: Iterable[StakeholderType | str] | None = None,
        programmes: Iterable[FundingProgramme | str] | None = None,
        open_on: date | None = None,
    ) -> list[FundingOpportunity]:
        """Search the funding tool with its filters and keyword (§5.3).

        ``open_on`` keeps opportunities not closed before that date (open and
        forthcoming calls).  Returns the opportunities found by closing date
        (those without one last), then by title.
        """
        eco = options("ecosystems", ecosystems, Ecosystem)
        where = country_options("countries", countries)
        types = options("funding_types", funding_types, FundingType)
        lvls = options("levels", levels, FundingLevel)
        ars = options("areas", areas, InterventionArea)
        bens = options("beneficiary_types", beneficiary_types, StakeholderType)
        progs = options("programmes", programmes, FundingProgramme)
        found = [
            o
            for o in self._entries(FundingOpportunity, FundingOpportunityRegistered)
            if o.matches(
                keyword=keyword,
                ecosystems=eco,
                countries=where,
                funding_types=types,
                levels=lvls,
                areas=ars,
                beneficiary_types=bens,
                programmes=progs,
                open_on=open_on,
            )
        ]
        return sorted(
            found,
            key=lambda o: (
                o.details.closes_on is None,
                o.details.closes_on or date.max,
                o.details.title,
            ),
        )

    # -- mapped initiatives (§5.2) ----------------------------------------------

    map_initiative = command_method(c.MapInitiative)

    update_initiative = command_method(c.UpdateInitiative)

    invite_initiative = command_method(c.InviteInitiative)

    record_initiative_joined = command_method(c.RecordInitiativeJoined)

    withdraw_initiative = command_method(c.WithdrawInitiative)

    def get_initiative(self, initiative_id: UUID) -> MappedInitiative:
        """A mapped initiative (withdrawn ones too).

        Raises:
            NotFoundError: no mapped initiative has this id.
        """
        return self._get(MappedInitiative, initiative_id)

    def search_initiatives(
        self,
        keyword: str | None = None,
        *,
        activities: Iterable[InitiativeActivity | str] | None = None,
        affiliations: Iterable[InitiativeAffiliation | str] | None = None,
        stakeholders: Iterable[InitiativeStakeholder | str] | None = None,
        countries: Iterable[str] | None = None,
        ecosystems: Iterable[Ecosystem | str] | None = None,
        skills_focus: Iterable[SkillsFocus | str] | None = None,
    ) -> list[MappedInitiative]:
        """Search the mapped initiatives (§5.2); sorted by name."""
        acts = options("activities", activities, InitiativeActivity)
        affs = options("affiliations", affiliations, InitiativeAffiliation)
        who = options("stakeholders", stakeholders, InitiativeStakeholder)
        where = country_options("countries", countries)
        eco = options("ecosystems", ecosystems, Ecosystem)
        focus = options("skills_focus", skills_focus, SkillsFocus)
        found = [
            i
            for i in self._entries(MappedInitiative, InitiativeMapped)
            if i.matches(
                keyword=keyword,
                activities=acts,
                affiliations=affs,
                stakeholders=who,
                countries=where,
                ecosystems=eco,
                skills_focus=focus,
            )
        ]
        return sorted(found, key=lambda i: i.details.name.casefold())

    # -- knowledge events (§5.4) ------------------------------------------------

    schedule_knowledge_event = command_method(c.ScheduleKnowledgeEvent)

    update_knowledge_event = command_method(c.UpdateKnowledgeEvent)

    publish_background_paper = command_method(c.PublishBackgroundPaper)

    publish_follow_up_report = command_method(c.PublishFollowUpReport)

    cancel_knowledge_event = command_method(c.CancelKnowledgeEvent)

    def get_knowledge_event(self, event_id: UUID) -> KnowledgeEvent:
        """A knowledge event (cancelled ones too).

        Raises:
            NotFoundError: no knowledge event has this id.
        """
        return self._get(KnowledgeEvent, event_id)

    def search_knowledge_events(
        self,
        keyword: str | None = None,
        *,
        formats: Iterable[KnowledgeEventFormat | str] | None = None,
        held_from: date | None = None,
        held_to: date | None = None,
    ) -> list[KnowledgeEvent]:
        """Search the knowledge events (§5.4); sorted by date, then topic."""
        fmts = options("formats", formats, KnowledgeEventFormat)
        found = [
            e
            for e in self._entries(KnowledgeEvent, KnowledgeEventScheduled)
            if e.matches(
                keyword=keyword, formats=fmts, held_from=held_from, held_to=held_to
            )
        ]
        return sorted(found, key=lambda e: (e.details.held_on, e.details.topic))
