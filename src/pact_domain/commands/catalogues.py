"""Commands of the Pact-wide catalogues (§5): the online library, the funding
tool, mapped initiatives and knowledge events.  An update gives the new
details whole, e.g. ``attrs.evolve(entry.details, closes_on=...)``."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from pact_domain.catalogues import (
    FundingOpportunity,
    FundingOpportunityDetails,
    InitiativeDetails,
    KnowledgeEvent,
    KnowledgeEventDetails,
    LibraryResource,
    LibraryResourceDetails,
    MappedInitiative,
)
from pact_domain.commands._base import Command, command
from pact_domain.organisation import Organisation
from pact_domain.vocabularies_catalogues import InitiativeAffiliation

__all__ = [
    "CancelKnowledgeEvent",
    "InviteInitiative",
    "MapInitiative",
    "PublishBackgroundPaper",
    "PublishFollowUpReport",
    "RecordInitiativeJoined",
    "RegisterFundingOpportunity",
    "RegisterLibraryResource",
    "ScheduleKnowledgeEvent",
    "UpdateFundingOpportunity",
    "UpdateInitiative",
    "UpdateKnowledgeEvent",
    "UpdateLibraryResource",
    "WithdrawFundingOpportunity",
    "WithdrawInitiative",
    "WithdrawLibraryResource",
]


@command(target=LibraryResource, creates=True)
@attrs.frozen(kw_only=True)
class RegisterLibraryResource(Command[UUID]):
    """Add a resource to the online library; return its id."""

    details: LibraryResourceDetails
    id: UUID | None = None


@command(target=LibraryResource)
@attrs.frozen(kw_only=True)
class UpdateLibraryResource(Command[None]):
    """Replace a library resource's details."""

    resource_id: UUID = attrs.field(kw_only=False)
    details: LibraryResourceDetails


@command(target=LibraryResource)
@attrs.frozen(kw_only=True)
class WithdrawLibraryResource(Command[None]):
    """Withdraw a resource from the online library."""

    resource_id: UUID = attrs.field(kw_only=False)
    reason: str


@command(target=FundingOpportunity, creates=True)
@attrs.frozen(kw_only=True)
class RegisterFundingOpportunity(Command[UUID]):
    """Add an opportunity to the funding tool; return its id."""

    details: FundingOpportunityDetails
    id: UUID | None = None


@command(target=FundingOpportunity)
@attrs.frozen(kw_only=True)
class UpdateFundingOpportunity(Command[None]):
    """Replace a funding opportunity's details."""

    opportunity_id: UUID = attrs.field(kw_only=False)
    details: FundingOpportunityDetails


@command(target=FundingOpportunity)
@attrs.frozen(kw_only=True)
class WithdrawFundingOpportunity(Command[None]):
    """Withdraw an opportunity from the funding tool."""

    opportunity_id: UUID = attrs.field(kw_only=False)
    reason: str


@command(target=MappedInitiative, creates=True)
@attrs.frozen(kw_only=True)
class MapInitiative(Command[UUID]):
    """Add an initiative to the mapping; return its id."""

    details: InitiativeDetails
    affiliation: InitiativeAffiliation | str
    id: UUID | None = None


@command(target=MappedInitiative)
@attrs.frozen(kw_only=True)
class UpdateInitiative(Command[None]):
    """Replace a mapped initiative's details."""

    initiative_id: UUID = attrs.field(kw_only=False)
    details: InitiativeDetails


@command(target=MappedInitiative, effective_from="invited_on")
@attrs.frozen(kw_only=True)
class InviteInitiative(Command[None]):
    """Record that a potential member was invited to join the Pact."""

    initiative_id: UUID = attrs.field(kw_only=False)
    invited_on: date


@command(
    target=MappedInitiative,
    effective_from="joined_on",
    references={"organisation_id": Organisation},
)
@attrs.frozen(kw_only=True)
class RecordInitiativeJoined(Command[None]):
    """Record that a potential member joined the Pact (now affiliated).

    Raises:
        NotFoundError: ``organisation_id`` names no organisation.
    """

    initiative_id: UUID = attrs.field(kw_only=False)
    joined_on: date
    organisation_id: UUID | None = None


@command(target=MappedInitiative)
@attrs.frozen(kw_only=True)
class WithdrawInitiative(Command[None]):
    """Remove an initiative from the mapping."""

    initiative_id: UUID = attrs.field(kw_only=False)
    reason: str


@command(target=KnowledgeEvent, creates=True)
@attrs.frozen(kw_only=True)
class ScheduleKnowledgeEvent(Command[UUID]):
    """Schedule a knowledge event; return its id."""

    details: KnowledgeEventDetails
    id: UUID | None = None


@command(target=KnowledgeEvent)
@attrs.frozen(kw_only=True)
class UpdateKnowledgeEvent(Command[None]):
    """Replace a knowledge event's details."""

    event_id: UUID = attrs.field(kw_only=False)
    details: KnowledgeEventDetails


@command(target=KnowledgeEvent, effective_from="published_on")
@attrs.frozen(kw_only=True)
class PublishBackgroundPaper(Command[None]):
    """Record the background paper of a peer-learning activity or seminar."""

    event_id: UUID = attrs.field(kw_only=False)
    link: str
    published_on: date


@command(
    target=KnowledgeEvent,
    effective_from="published_on",
    references={"library_resource_id": LibraryResource},
)
@attrs.frozen(kw_only=True)
class PublishFollowUpReport(Command[None]):
    """Record a knowledge event's follow-up report.

    Raises:
        NotFoundError: ``library_resource_id`` names no library resource.
    """

    event_id: UUID = attrs.field(kw_only=False)
    link: str
    published_on: date
    library_resource_id: UUID | None = None


@command(target=KnowledgeEvent)
@attrs.frozen(kw_only=True)
class CancelKnowledgeEvent(Command[None]):
    """Cancel a knowledge event."""

    event_id: UUID = attrs.field(kw_only=False)
    reason: str
