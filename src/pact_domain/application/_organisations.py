"""Organisation commands and queries of the application service."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pact_domain import commands as c
from pact_domain.application._base import ApplicationBase
from pact_domain.application._command_method import command_method
from pact_domain.organisation import Organisation, OrganisationRegistered


class OrganisationService(ApplicationBase):
    """Commands and queries about organisations."""

    register_organisation = command_method(c.RegisterOrganisation)

    update_organisation = command_method(c.UpdateOrganisation)

    sign_charter = command_method(c.SignCharter)

    def get_organisation(
        self, organisation_id: UUID, *, as_of: datetime | date | None = None
    ) -> Organisation:
        """The organisation's current state, or its state as recorded at
        ``as_of`` (an aware datetime, or a date meaning the end of that day,
        UTC).

        Raises:
            NotFoundError: if no organisation has this id (field ``id``), or
                it was not recorded yet at ``as_of`` (field ``as_of``).
            InvalidValueError: ``as_of`` is naive or not a date/datetime.
        """
        return self._get_as_of(Organisation, organisation_id, as_of)

    def organisation_ids(self) -> list[UUID]:
        """The ids of every registered organisation, in registration order."""
        return list(self._ids_created_by(OrganisationRegistered))
