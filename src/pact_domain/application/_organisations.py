"""Organisation commands and queries of the application service."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pact_domain._validation import a_date
from pact_domain.application._base import ApplicationBase
from pact_domain.organisation import Organisation, OrganisationRegistered
from pact_domain.values import ContactPerson
from pact_domain.vocabularies import (
    CharterPrinciple,
    Ecosystem,
    OrganisationSize,
    StakeholderType,
)


class OrganisationService(ApplicationBase):
    """Commands and queries about organisations."""

    def register_organisation(
        self,
        *,
        name: str,
        stakeholder_type: StakeholderType | str,
        size: OrganisationSize | str,
        country: str,
        region: str | None = None,
        ecosystems: tuple[Ecosystem | str, ...] = (),
        contact: ContactPerson | None = None,
        actor: str,
        effective_at: datetime | date | None = None,
        id: UUID | None = None,
    ) -> UUID:
        """Register a Pact member organisation; return its id."""
        org = Organisation.register(
            name=name,
            stakeholder_type=stakeholder_type,
            size=size,
            country=country,
            region=region,
            ecosystems=ecosystems,
            contact=contact,
            meta=self._meta(actor, effective_at),
            id=id,
        )
        return self._create(org)

    def update_organisation(
        self,
        organisation_id: UUID,
        *,
        actor: str,
        effective_at: datetime | date | None = None,
        name: str | None = None,
        stakeholder_type: StakeholderType | str | None = None,
        size: OrganisationSize | str | None = None,
        country: str | None = None,
        region: str | None = None,
        ecosystems: tuple[Ecosystem | str, ...] | None = None,
        contact: ContactPerson | None = None,
    ) -> None:
        """Change an organisation's details (``None`` leaves a field as it is)."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Organisation,
            organisation_id,
            lambda o: o.update_details(
                meta=meta,
                name=name,
                stakeholder_type=stakeholder_type,
                size=size,
                country=country,
                region=region,
                ecosystems=ecosystems,
                contact=contact,
            ),
        )

    def sign_charter(
        self,
        organisation_id: UUID,
        *,
        signed_on: date,
        principles: tuple[CharterPrinciple | str, ...] = tuple(CharterPrinciple),
        actor: str,
        effective_at: datetime | date | None = None,
    ) -> None:
        """Record that an organisation signed the Pact for Skills Charter."""
        signed_on = a_date("Organisation", "signed_on", signed_on)
        meta = self._meta(actor, effective_at or signed_on)
        self._execute(
            Organisation,
            organisation_id,
            lambda o: o.sign_charter(
                signed_on=signed_on, principles=principles, meta=meta
            ),
        )

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
