"""Commands of a Pact member organisation: registration, its details and
its signature of the Pact for Skills Charter (Box 1)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from pact_domain.commands._base import Command, command
from pact_domain.organisation import Organisation
from pact_domain.values import ContactPerson
from pact_domain.vocabularies import (
    CharterPrinciple,
    Ecosystem,
    OrganisationSize,
    StakeholderType,
)

__all__ = [
    "RegisterOrganisation",
    "SignCharter",
    "UpdateOrganisation",
]


@command(target=Organisation, creates=True)
@attrs.frozen(kw_only=True)
class RegisterOrganisation(Command[UUID]):
    """Register a Pact member organisation; return its id."""

    name: str
    stakeholder_type: StakeholderType | str
    size: OrganisationSize | str
    country: str
    region: str | None = None
    ecosystems: tuple[Ecosystem | str, ...] = ()
    contact: ContactPerson | None = None
    id: UUID | None = None


@command(target=Organisation)
@attrs.frozen(kw_only=True)
class UpdateOrganisation(Command[None]):
    """Change an organisation's details (``None`` leaves a field as it is)."""

    organisation_id: UUID = attrs.field(kw_only=False)
    name: str | None = None
    stakeholder_type: StakeholderType | str | None = None
    size: OrganisationSize | str | None = None
    country: str | None = None
    region: str | None = None
    ecosystems: tuple[Ecosystem | str, ...] | None = None
    contact: ContactPerson | None = None


@command(target=Organisation, effective_from="signed_on")
@attrs.frozen(kw_only=True)
class SignCharter(Command[None]):
    """Record that an organisation signed the Pact for Skills Charter."""

    organisation_id: UUID = attrs.field(kw_only=False)
    signed_on: date
    principles: tuple[CharterPrinciple | str, ...] = tuple(CharterPrinciple)
