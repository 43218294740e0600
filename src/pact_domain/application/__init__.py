"""The application service: one typed method per command, typed queries.

>>> from pact_domain.application import PactApplication
>>> app = PactApplication(store="memory:")

The store is configuration: ``store="memory:"``, a SQLite file path (the
default is ``pact.db`` in the current directory), or ``eventsourcing``
environment settings.  Every command takes ``actor`` (who) and optionally
``effective_at`` (when it took effect); the recording time comes from the
application's clock.  A refused command raises a
:class:`~pact_domain.errors.PactError` and stores nothing.
"""

from pact_domain.application._activities import ActivityService
from pact_domain.application._base import MEMORY, store_env
from pact_domain.application._catalogues import CatalogueService
from pact_domain.application._organisations import OrganisationService
from pact_domain.application._partnerships import PartnershipService
from pact_domain.application._review import ReviewService

__all__ = ["MEMORY", "PactApplication", "store_env"]


class PactApplication(
    PartnershipService,
    ReviewService,
    ActivityService,
    CatalogueService,
    OrganisationService,
):
    """The pact-domain application service on one event store."""

    name = "Pact"
