"""Mapped upskilling and reskilling initiatives (§5.2).

The Pact for Skills Support Services map major initiatives at national,
regional and European level.  Each initiative is an aggregate: mapped,
updated, invited to join the Pact, joined, withdrawn from the database.

An initiative is mapped for its activities (items a-g of §5.2), its goals,
location, sectoral focus, the stakeholders involved — at least one of
employers, business associations, trade unions, NGOs, education or training
providers, research institutions or other private actors — and an estimate
of how many, and the skills it addresses.  It is either already affiliated
to the Pact (its stakeholders signed the Charter with a pledge) or a
potential member, who can be invited to join and then join.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar
from uuid import UUID

import attrs

from pact_domain import _validation as v
from pact_domain.catalogues._base import (
    CatalogueEntry,
    EntryWithdrawn,
    any_of,
    country_options,
    keyword_matches,
    long_text,
    options,
)
from pact_domain.errors import DomainRuleError, InvalidStateError, InvalidValueError
from pact_domain.events import EventMeta, PactCreated, PactEvent
from pact_domain.partnership.activities import not_after_recording
from pact_domain.reference import COUNTRIES, nuts_region
from pact_domain.values import countries as _iso_countries
from pact_domain.values import regions as _nuts_regions
from pact_domain.vocabularies import Ecosystem
from pact_domain.vocabularies_catalogues import (
    InitiativeActivity,
    InitiativeAffiliation,
    InitiativeStakeholder,
    SkillsFocus,
)

__all__ = [
    "InitiativeDetails",
    "InitiativeDetailsUpdated",
    "InitiativeInvitedToPact",
    "InitiativeJoinedPact",
    "InitiativeMapped",
    "InitiativeWithdrawn",
    "MappedInitiative",
]

_E = "MappedInitiative"


def _name(x: str) -> str:
    return v.text(_E, "name", x)


def _description(x: str) -> str:
    return long_text(_E, "description", x, empty=False)


def _activities(
    x: Iterable[InitiativeActivity | str],
) -> tuple[InitiativeActivity, ...]:
    return v.members_of(_E, "activities", x, InitiativeActivity, at_least=1)


def _stakeholders(
    x: Iterable[InitiativeStakeholder | str],
) -> tuple[InitiativeStakeholder, ...]:
    return v.members_of(_E, "stakeholders", x, InitiativeStakeholder, at_least=1)


def _goals(x: str) -> str:
    return long_text(_E, "goals", x)


def _countries(x: Iterable[str]) -> tuple[str, ...]:
    return _iso_countries(_E, "countries", x)


def _regions(x: Iterable[str]) -> tuple[str, ...]:
    return _nuts_regions(_E, "regions", x)


def _ecosystems(x: Iterable[Ecosystem | str]) -> tuple[Ecosystem, ...]:
    return v.members_of(_E, "ecosystems", x, Ecosystem)


def _skills_focus(x: Iterable[SkillsFocus | str]) -> tuple[SkillsFocus, ...]:
    return v.members_of(_E, "skills_focus", x, SkillsFocus)


def _estimate(x: int | None) -> int | None:
    if x is None:
        return None
    if isinstance(x, bool) or not isinstance(x, int) or x < 1:
        raise InvalidValueError(
            _E, "estimated_stakeholders", "must be a whole number of at least 1", x
        )
    return x


def _link(x: str | None) -> str | None:
    return None if x is None else v.url(_E, "link", x)


@attrs.frozen
class InitiativeDetails:
    """What the mapping tool records about an initiative (§5.2).

    Args:
        name: the initiative's name.
        description: a short description (at most 4,000 characters).
        activities: what it does, items a-g of §5.2 (at least one).
        stakeholders: the types of stakeholder involved (at least one: the
            mapping criterion of §5.2).
        goals: its goals.
        countries: where it works (ISO codes; none: European level).
        regions: NUTS codes of its regions, in ``countries``.
        ecosystems: its sectoral focus.
        skills_focus: the types of skills it addresses.
        estimated_stakeholders: an estimate of the stakeholders involved.
        link: its website.
    """

    name: str = attrs.field(converter=_name)
    description: str = attrs.field(converter=_description)
    activities: tuple[InitiativeActivity, ...] = attrs.field(converter=_activities)
    stakeholders: tuple[InitiativeStakeholder, ...] = attrs.field(
        converter=_stakeholders
    )
    goals: str = attrs.field(default="", converter=_goals)
    countries: tuple[str, ...] = attrs.field(default=(), converter=_countries)
    regions: tuple[str, ...] = attrs.field(default=(), converter=_regions)
    ecosystems: tuple[Ecosystem, ...] = attrs.field(default=(), converter=_ecosystems)
    skills_focus: tuple[SkillsFocus, ...] = attrs.field(
        default=(), converter=_skills_focus
    )
    estimated_stakeholders: int | None = attrs.field(default=None, converter=_estimate)
    link: str | None = attrs.field(default=None, converter=_link)

    def __attrs_post_init__(self) -> None:
        for code in self.regions:
            region = nuts_region(code)
            if region.country not in self.countries:
                raise InvalidValueError(
                    _E,
                    "regions",
                    f"region {code} lies in {region.country}, which is not among "
                    "the countries",
                    code,
                )

    @property
    def search_texts(self) -> tuple[str, ...]:
        """The texts the keyword search looks in."""
        return (
            self.name,
            self.description,
            self.goals,
            *(COUNTRIES[c].name for c in self.countries),
            *(nuts_region(r).name for r in self.regions),
        )


class InitiativeMapped(PactCreated):
    """An initiative was added to the mapping of upskilling and reskilling
    initiatives, as affiliated to the Pact or as a potential member (§5.2)."""

    details: InitiativeDetails
    affiliation: InitiativeAffiliation

    def apply(self, aggregate: MappedInitiative) -> None:
        aggregate._init_entry()
        aggregate.details = self.details
        aggregate.affiliation = self.affiliation
        aggregate.invited_on = ()
        aggregate.joined_on = None
        aggregate.organisation_id = None


class InitiativeDetailsUpdated(PactEvent):
    """A mapped initiative's details were updated at a database update (§5.2)."""

    details: InitiativeDetails

    def apply(self, aggregate: MappedInitiative) -> None:
        aggregate.details = self.details


class InitiativeInvitedToPact(PactEvent):
    """A potential member was contacted centrally and invited to join the Pact,
    sign the Charter and join a partnership (§5.2, "Contacting stakeholders")."""

    invited_on: date

    def apply(self, aggregate: MappedInitiative) -> None:
        aggregate.invited_on = (*aggregate.invited_on, self.invited_on)


class InitiativeJoinedPact(PactEvent):
    """A potential member joined the Pact: it is now affiliated (§5.2).

    ``organisation_id`` names the registered organisation that signed, if
    known."""

    joined_on: date
    organisation_id: UUID | None

    def apply(self, aggregate: MappedInitiative) -> None:
        aggregate.affiliation = InitiativeAffiliation.AFFILIATED
        aggregate.joined_on = self.joined_on
        aggregate.organisation_id = self.organisation_id


class InitiativeWithdrawn(EntryWithdrawn):
    """An initiative was removed from the mapping database."""


class MappedInitiative(CatalogueEntry):
    """An upskilling or reskilling initiative of the Pact's mapping (§5.2)."""

    ENTITY: ClassVar[str] = "MappedInitiative"
    COMMAND_NOUN: ClassVar[str] = "initiative"
    """Commands name it "initiative" (``WithdrawInitiative`` → ``withdraw``)."""
    Withdrawn = InitiativeWithdrawn

    details: InitiativeDetails
    affiliation: InitiativeAffiliation
    invited_on: tuple[date, ...]
    joined_on: date | None
    organisation_id: UUID | None

    def __init__(self) -> None:
        """State is set by :class:`InitiativeMapped`; use :meth:`map`."""

    @classmethod
    def map(
        cls,
        *,
        details: InitiativeDetails,
        affiliation: InitiativeAffiliation | str,
        meta: EventMeta,
        id: UUID | None = None,
    ) -> MappedInitiative:
        """Add an initiative to the mapping."""
        _check(details)
        return cls._create_with(
            InitiativeMapped,
            meta,
            id=id,
            details=details,
            affiliation=v.member_of(
                _E, "affiliation", affiliation, InitiativeAffiliation
            ),
        )

    def update(self, *, details: InitiativeDetails, meta: EventMeta) -> None:
        """Replace the initiative's details (see ``attrs.evolve``)."""
        self._require_listed("update")
        _check(details)
        if details == self.details:
            raise DomainRuleError(self.entity, "details", "the update changes nothing")
        self._trigger(InitiativeDetailsUpdated, meta, details=details)

    def invite(self, *, invited_on: date, meta: EventMeta) -> None:
        """Record that a potential member was invited to join the Pact.

        Invitations are repeated at each database update (§5.2); each is one
        event, on a later day than the previous one.
        """
        self._require_listed("invite")
        self._require_potential("invite")
        day = v.a_date(_E, "invited_on", invited_on)
        if self.invited_on and day <= self.invited_on[-1]:
            raise DomainRuleError(
                self.entity,
                "invited_on",
                f"the initiative was last invited on {self.invited_on[-1]}; a new "
                "invitation comes later",
            )
        not_after_recording(self.entity, "invited_on", day, meta)
        self._trigger(InitiativeInvitedToPact, meta, invited_on=day)

    def record_joined(
        self,
        *,
        joined_on: date,
        organisation_id: UUID | None = None,
        meta: EventMeta,
    ) -> None:
        """Record that a potential member joined the Pact; it becomes affiliated.

        The application service checks that ``organisation_id`` is registered.
        """
        self._require_listed("record_joined")
        self._require_potential("record_joined")
        if organisation_id is not None and not isinstance(organisation_id, UUID):
            raise InvalidValueError(
                self.entity, "organisation_id", "must be a UUID", organisation_id
            )
        day = v.a_date(_E, "joined_on", joined_on)
        if self.invited_on and day < self.invited_on[-1]:
            raise InvalidValueError(
                self.entity,
                "joined_on",
                f"{day} is before the last invitation ({self.invited_on[-1]})",
                day,
            )
        not_after_recording(self.entity, "joined_on", day, meta)
        self._trigger(
            InitiativeJoinedPact, meta, joined_on=day, organisation_id=organisation_id
        )

    def matches(
        self,
        *,
        keyword: str | None = None,
        activities: Iterable[InitiativeActivity | str] | None = None,
        affiliations: Iterable[InitiativeAffiliation | str] | None = None,
        stakeholders: Iterable[InitiativeStakeholder | str] | None = None,
        countries: Iterable[str] | None = None,
        ecosystems: Iterable[Ecosystem | str] | None = None,
        skills_focus: Iterable[SkillsFocus | str] | None = None,
    ) -> bool:
        """Whether the initiative passes the filters and keyword search.

        Filters left ``None`` or empty do not constrain; within a filter any
        option matches.
        """
        d = self.details
        return (
            not self.withdrawn
            and any_of(
                options("activities", activities, InitiativeActivity), d.activities
            )
            and any_of(
                options("affiliations", affiliations, InitiativeAffiliation),
                (self.affiliation,),
            )
            and any_of(
                options("stakeholders", stakeholders, InitiativeStakeholder),
                d.stakeholders,
            )
            and any_of(country_options("countries", countries), d.countries)
            and any_of(options("ecosystems", ecosystems, Ecosystem), d.ecosystems)
            and any_of(
                options("skills_focus", skills_focus, SkillsFocus), d.skills_focus
            )
            and keyword_matches(keyword, d.search_texts)
        )

    def _require_potential(self, command: str) -> None:
        if self.affiliation is not InitiativeAffiliation.POTENTIAL:
            raise InvalidStateError(
                self.entity,
                "affiliation",
                f"{command}: the initiative is already affiliated to the Pact",
                str(self.affiliation),
            )


def _check(details: object) -> None:
    if not isinstance(details, InitiativeDetails):
        raise InvalidValueError(_E, "details", "must be an InitiativeDetails", details)
