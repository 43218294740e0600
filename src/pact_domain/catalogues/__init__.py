"""The Pact-wide catalogues (handbook §5): the online library of tools and
resources (§5.1), the mapped upskilling and reskilling initiatives (§5.2),
the funding tool (§5.3) and the knowledge events (§5.4).

Each catalogue entry is its own aggregate with registered, updated and
withdrawn events; searching is a query of the application service
(:meth:`~pact_domain.application.PactApplication.search_library` and its
siblings): filters, with several options allowed within one filter, and a
case-insensitive keyword search.
"""

from pact_domain.catalogues._base import CatalogueEntry, keyword_matches
from pact_domain.catalogues.funding import (
    FundingOpportunity,
    FundingOpportunityDetails,
    FundingOpportunityRegistered,
    FundingOpportunityUpdated,
    FundingOpportunityWithdrawn,
)
from pact_domain.catalogues.initiatives import (
    InitiativeDetails,
    InitiativeDetailsUpdated,
    InitiativeInvitedToPact,
    InitiativeJoinedPact,
    InitiativeMapped,
    InitiativeWithdrawn,
    MappedInitiative,
)
from pact_domain.catalogues.knowledge_events import (
    BackgroundPaperPublished,
    FollowUpReportPublished,
    KnowledgeEvent,
    KnowledgeEventCancelled,
    KnowledgeEventDetails,
    KnowledgeEventScheduled,
    KnowledgeEventUpdated,
    PublishedDocument,
)
from pact_domain.catalogues.library import (
    LibraryResource,
    LibraryResourceDetails,
    LibraryResourceRegistered,
    LibraryResourceUpdated,
    LibraryResourceWithdrawn,
)

__all__ = [
    "BackgroundPaperPublished",
    "CatalogueEntry",
    "FollowUpReportPublished",
    "FundingOpportunity",
    "FundingOpportunityDetails",
    "FundingOpportunityRegistered",
    "FundingOpportunityUpdated",
    "FundingOpportunityWithdrawn",
    "InitiativeDetails",
    "InitiativeDetailsUpdated",
    "InitiativeInvitedToPact",
    "InitiativeJoinedPact",
    "InitiativeMapped",
    "InitiativeWithdrawn",
    "KnowledgeEvent",
    "KnowledgeEventCancelled",
    "KnowledgeEventDetails",
    "KnowledgeEventScheduled",
    "KnowledgeEventUpdated",
    "LibraryResource",
    "LibraryResourceDetails",
    "LibraryResourceRegistered",
    "LibraryResourceUpdated",
    "LibraryResourceWithdrawn",
    "MappedInitiative",
    "PublishedDocument",
    "keyword_matches",
]
