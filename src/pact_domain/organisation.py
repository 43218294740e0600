"""The Organisation aggregate: a Pact member organisation (§1.1, §2.1).

One organisation may belong to many partnerships; partnerships refer to it by
its id.  Its contact person is personal data (Annex A).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError, InvalidValueError
from pact_domain.events import EventMeta, PactAggregate, PactCreated, PactEvent
from pact_domain.reference import country as _country
from pact_domain.reference import nuts_region
from pact_domain.values import ContactPerson
from pact_domain.vocabularies import (
    CharterPrinciple,
    Ecosystem,
    OrganisationSize,
    StakeholderType,
)

__all__ = [
    "CharterSigned",
    "Organisation",
    "OrganisationDetailsUpdated",
    "OrganisationRegistered",
]

_E = "Organisation"


class OrganisationRegistered(PactCreated):
    """An organisation was registered as a Pact member (§1.1, §2.1)."""

    name: str
    stakeholder_type: StakeholderType
    size: OrganisationSize
    country: str
    region: str | None
    ecosystems: tuple[Ecosystem, ...]
    contact: ContactPerson | None

    def apply(self, aggregate: Organisation) -> None:
        aggregate.name = self.name
        aggregate.stakeholder_type = self.stakeholder_type
        aggregate.size = self.size
        aggregate.country = self.country
        aggregate.region = self.region
        aggregate.ecosystems = self.ecosystems
        aggregate.contact = self.contact
        aggregate.charter_signed_on = None
        aggregate.charter_principles = ()


class OrganisationDetailsUpdated(PactEvent):
    """Some of an organisation's details changed (``None`` means unchanged)."""

    name: str | None
    stakeholder_type: StakeholderType | None
    size: OrganisationSize | None
    country: str | None
    region: str | None
    ecosystems: tuple[Ecosystem, ...] | None
    contact: ContactPerson | None

    def apply(self, aggregate: Organisation) -> None:
        for field in (
            "name",
            "stakeholder_type",
            "size",
            "country",
            "region",
            "ecosystems",
            "contact",
        ):
            value = getattr(self, field)
            if value is not None:
                setattr(aggregate, field, value)


class CharterSigned(PactEvent):
    """The organisation signed the Pact for Skills Charter (Box 1)."""

    signed_on: date
    principles: tuple[CharterPrinciple, ...]

    def apply(self, aggregate: Organisation) -> None:
        aggregate.charter_signed_on = self.signed_on
        aggregate.charter_principles = self.principles


def _region(country: str, region: str | None) -> str | None:
    if region is None:
        return None
    try:
        found = nuts_region(region)
    except InvalidValueError as e:
        raise InvalidValueError(_E, "region", e.rule, region) from None
    if found.country != country:
        raise InvalidValueError(
            _E, "region", f"NUTS region {found.code} is not in {country}", region
        )
    return found.code


def _country_code(value: str) -> str:
    try:
        return _country(value).code
    except InvalidValueError as e:
        raise InvalidValueError(_E, "country", e.rule, value) from None


class Organisation(PactAggregate):
    """A Pact member organisation."""

    ENTITY = "Organisation"

    name: str
    stakeholder_type: StakeholderType
    size: OrganisationSize
    country: str
    region: str | None
    ecosystems: tuple[Ecosystem, ...]
    contact: ContactPerson | None
    charter_signed_on: date | None
    charter_principles: tuple[CharterPrinciple, ...]

    def __init__(self) -> None:
        """State is set by :class:`OrganisationRegistered`; use :meth:`register`."""

    @classmethod
    def register(
        cls,
        *,
        name: str,
        stakeholder_type: StakeholderType | str,
        size: OrganisationSize | str,
        country: str,
        region: str | None = None,
        ecosystems: tuple[Ecosystem | str, ...] = (),
        contact: ContactPerson | None = None,
        meta: EventMeta,
        id: UUID | None = None,
    ) -> Organisation:
        """Register an organisation; every field is validated first."""
        country_code = _country_code(country)
        return cls._create_with(
            OrganisationRegistered,
            meta,
            id=id,
            name=v.text(_E, "name", name),
            stakeholder_type=v.member_of(
                _E, "stakeholder_type", stakeholder_type, StakeholderType
            ),
            size=v.member_of(_E, "size", size, OrganisationSize),
            country=country_code,
            region=_region(country_code, region),
            ecosystems=v.members_of(_E, "ecosystems", ecosystems, Ecosystem),
            contact=contact,
        )

    def update(
        self,
        *,
        meta: EventMeta,
        name: str | None = None,
        stakeholder_type: StakeholderType | str | None = None,
        size: OrganisationSize | str | None = None,
        country: str | None = None,
        region: str | None = None,
        ecosystems: tuple[Ecosystem | str, ...] | None = None,
        contact: ContactPerson | None = None,
    ) -> None:
        """Change some details; fields left ``None`` are unchanged."""
        new_country = _country_code(country) if country is not None else self.country
        new_region = region if region is not None else self.region
        if (
            country is not None
            and region is None
            and self.region is not None
            and nuts_region(self.region).country != new_country
        ):
            raise InvalidValueError(
                self.entity,
                "region",
                f"the current region {self.region} is not in {new_country}; "
                "give a region in the new country",
                None,
            )
        values = {
            "name": None if name is None else v.text(_E, "name", name),
            "stakeholder_type": None
            if stakeholder_type is None
            else v.member_of(_E, "stakeholder_type", stakeholder_type, StakeholderType),
            "size": None
            if size is None
            else v.member_of(_E, "size", size, OrganisationSize),
            "country": None if country is None else new_country,
            "region": None if region is None else _region(new_country, new_region),
            "ecosystems": None
            if ecosystems is None
            else v.members_of(_E, "ecosystems", ecosystems, Ecosystem),
            "contact": contact,
        }
        if all(value is None for value in values.values()):
            raise InvalidValueError(self.entity, None, "no detail to update was given")
        self._trigger(OrganisationDetailsUpdated, meta, **values)

    def sign_charter(
        self,
        *,
        signed_on: date,
        principles: tuple[CharterPrinciple | str, ...] = tuple(CharterPrinciple),
        meta: EventMeta,
    ) -> None:
        """Record that the organisation signed the Pact for Skills Charter."""
        if self.charter_signed_on is not None:
            raise DomainRuleError(
                self.entity,
                "charter_signed_on",
                f"the Charter was already signed on {self.charter_signed_on}",
            )
        self._trigger(
            CharterSigned,
            meta,
            signed_on=v.a_date(_E, "signed_on", signed_on),
            principles=v.members_of(
                _E, "principles", principles, CharterPrinciple, at_least=1
            ),
        )
