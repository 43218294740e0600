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

from pact_domain._validation import a_date
from pact_domain.application._base import ApplicationBase
from pact_domain.catalogues import (
    FundingOpportunity,
    FundingOpportunityDetails,
    FundingOpportunityRegistered,
    InitiativeDetails,
    InitiativeMapped,
    KnowledgeEvent,
    KnowledgeEventDetails,
    KnowledgeEventScheduled,
    LibraryResource,
    LibraryResourceDetails,
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
from pact_domain.organisation import Organisation
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

    def _withdraw(
        self,
        cls: type[CatalogueEntry],
        entry_id: UUID,
        reason: str,
        actor: str,
        effective_at: When,
    ) -> None:
        meta = self._meta(actor, effective_at)
        self._execute(cls, entry_id, lambda e: e.withdraw(reason=reason, meta=meta))

    # -- online library (§5.1) --------------------------------------------------

    def register_library_resource(
        self,
        *,
        details: LibraryResourceDetails,
        actor: str,
        effective_at: When = None,
        id: UUID | None = None,
    ) -> UUID:
        """Add a resource to the online library; return its id."""
        resource = LibraryResource.register(
            details=details, meta=self._meta(actor, effective_at), id=id
        )
        return self._create(resource)

    def update_library_resource(
        self,
        resource_id: UUID,
        *,
        details: LibraryResourceDetails,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Replace a library resource's details."""
        meta = self._meta(actor, effective_at)
        self._execute(
            LibraryResource,
            resource_id,
            lambda r: r.update(details=details, meta=meta),
        )

    def withdraw_library_resource(
        self, resource_id: UUID, *, reason: str, actor: str, effective_at: When = None
    ) -> None:
        """Withdraw a resource from the online library."""
        self._withdraw(LibraryResource, resource_id, reason, actor, effective_at)

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

    def register_funding_opportunity(
        self,
        *,
        details: FundingOpportunityDetails,
        actor: str,
        effective_at: When = None,
        id: UUID | None = None,
    ) -> UUID:
        """Add an opportunity to the funding tool; return its id."""
        opportunity = FundingOpportunity.register(
            details=details, meta=self._meta(actor, effective_at), id=id
        )
        return self._create(opportunity)

    def update_funding_opportunity(
        self,
        opportunity_id: UUID,
        *,
        details: FundingOpportunityDetails,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Replace a funding opportunity's details."""
        meta = self._meta(actor, effective_at)
        self._execute(
            FundingOpportunity,
            opportunity_id,
            lambda o: o.update(details=details, meta=meta),
        )

    def withdraw_funding_opportunity(
        self,
        opportunity_id: UUID,
        *,
        reason: str,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Withdraw an opportunity from the funding tool."""
        self._withdraw(FundingOpportunity, opportunity_id, reason, actor, effective_at)

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

    def map_initiative(
        self,
        *,
        details: InitiativeDetails,
        affiliation: InitiativeAffiliation | str,
        actor: str,
        effective_at: When = None,
        id: UUID | None = None,
    ) -> UUID:
        """Add an initiative to the mapping; return its id."""
        initiative = MappedInitiative.map(
            details=details,
            affiliation=affiliation,
            meta=self._meta(actor, effective_at),
            id=id,
        )
        return self._create(initiative)

    def update_initiative(
        self,
        initiative_id: UUID,
        *,
        details: InitiativeDetails,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Replace a mapped initiative's details."""
        meta = self._meta(actor, effective_at)
        self._execute(
            MappedInitiative,
            initiative_id,
            lambda i: i.update(details=details, meta=meta),
        )

    def invite_initiative(
        self,
        initiative_id: UUID,
        *,
        invited_on: date,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record that a potential member was invited to join the Pact."""
        invited_on = a_date("MappedInitiative", "invited_on", invited_on)
        meta = self._meta(actor, effective_at or invited_on)
        self._execute(
            MappedInitiative,
            initiative_id,
            lambda i: i.invite(invited_on=invited_on, meta=meta),
        )

    def record_initiative_joined(
        self,
        initiative_id: UUID,
        *,
        joined_on: date,
        organisation_id: UUID | None = None,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record that a potential member joined the Pact (now affiliated).

        Raises:
            NotFoundError: ``organisation_id`` names no organisation.
        """
        if organisation_id is not None:
            self._get(Organisation, organisation_id)
        joined_on = a_date("MappedInitiative", "joined_on", joined_on)
        meta = self._meta(actor, effective_at or joined_on)
        self._execute(
            MappedInitiative,
            initiative_id,
            lambda i: i.record_joined(
                joined_on=joined_on, organisation_id=organisation_id, meta=meta
            ),
        )

    def withdraw_initiative(
        self, initiative_id: UUID, *, reason: str, actor: str, effective_at: When = None
    ) -> None:
        """Remove an initiative from the mapping."""
        self._withdraw(MappedInitiative, initiative_id, reason, actor, effective_at)

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

    def schedule_knowledge_event(
        self,
        *,
        details: KnowledgeEventDetails,
        actor: str,
        effective_at: When = None,
        id: UUID | None = None,
    ) -> UUID:
        """Schedule a knowledge event; return its id."""
        event = KnowledgeEvent.schedule(
            details=details, meta=self._meta(actor, effective_at), id=id
        )
        return self._create(event)

    def update_knowledge_event(
        self,
        event_id: UUID,
        *,
        details: KnowledgeEventDetails,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Replace a knowledge event's details."""
        meta = self._meta(actor, effective_at)
        self._execute(
            KnowledgeEvent, event_id, lambda e: e.update(details=details, meta=meta)
        )

    def publish_background_paper(
        self,
        event_id: UUID,
        *,
        link: str,
        published_on: date,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record the background paper of a peer-learning activity or seminar."""
        published_on = a_date("KnowledgeEvent", "published_on", published_on)
        meta = self._meta(actor, effective_at or published_on)
        self._execute(
            KnowledgeEvent,
            event_id,
            lambda e: e.publish_background_paper(
                link=link, published_on=published_on, meta=meta
            ),
        )

    def publish_follow_up_report(
        self,
        event_id: UUID,
        *,
        link: str,
        published_on: date,
        library_resource_id: UUID | None = None,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record a knowledge event's follow-up report.

        Raises:
            NotFoundError: ``library_resource_id`` names no library resource.
        """
        if library_resource_id is not None:
            self._get(LibraryResource, library_resource_id)
        published_on = a_date("KnowledgeEvent", "published_on", published_on)
        meta = self._meta(actor, effective_at or published_on)
        self._execute(
            KnowledgeEvent,
            event_id,
            lambda e: e.publish_follow_up_report(
                link=link,
                published_on=published_on,
                library_resource_id=library_resource_id,
                meta=meta,
            ),
        )

    def cancel_knowledge_event(
        self, event_id: UUID, *, reason: str, actor: str, effective_at: When = None
    ) -> None:
        """Cancel a knowledge event."""
        self._withdraw(KnowledgeEvent, event_id, reason, actor, effective_at)

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
