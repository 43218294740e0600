"""The funding tool: funding opportunities for upskilling and reskilling
(§5.3, Table 2).

Each opportunity is an aggregate: registered, updated, withdrawn.  The tool's
filters are the industrial ecosystem(s), the geographical scope (EU member
states), the type of funding (grant, procurement, loan), the level (EU,
national, regional), the area of intervention (upskilling, reskilling) and
the type of beneficiary (the stakeholder types of the Pact membership
application, plus 'other'); several options may be selected within one
filter (§5.3, footnote 3).  EU-level calls carry their opening and closing
dates, budget, objectives, eligibility and procedure; national and regional
entries name the managing authority and the region (Table 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import ClassVar
from uuid import UUID

import attrs

from pact_domain import _validation as v
from pact_domain.catalogues._base import (
    CatalogueEntry,
    EntryWithdrawn,
    any_of,
    country_options,
    eu_countries,
    keyword_matches,
    long_text,
    options,
)
from pact_domain.errors import DomainRuleError, InvalidValueError
from pact_domain.events import EventMeta, PactCreated, PactEvent
from pact_domain.reference import COUNTRIES, nuts_region
from pact_domain.values import regions as _nuts_regions
from pact_domain.vocabularies import (
    Ecosystem,
    FundingProgramme,
    Measure,
    StakeholderType,
)
from pact_domain.vocabularies_catalogues import (
    FundingLevel,
    FundingType,
    InterventionArea,
)

__all__ = [
    "FundingOpportunity",
    "FundingOpportunityDetails",
    "FundingOpportunityRegistered",
    "FundingOpportunityUpdated",
    "FundingOpportunityWithdrawn",
]

_E = "FundingOpportunity"


def _title(x: str) -> str:
    return v.text(_E, "title", x)


def _summary(x: str) -> str:
    return v.free_text(_E, "summary", x, empty=False)


def _programme(x: FundingProgramme | str) -> FundingProgramme:
    return v.member_of(_E, "programme", x, FundingProgramme)


def _level(x: FundingLevel | str) -> FundingLevel:
    return v.member_of(_E, "level", x, FundingLevel)


def _types(x: Iterable[FundingType | str]) -> tuple[FundingType, ...]:
    return v.members_of(_E, "funding_types", x, FundingType, at_least=1)


def _areas(x: Iterable[InterventionArea | str]) -> tuple[InterventionArea, ...]:
    return v.members_of(_E, "areas", x, InterventionArea, at_least=1)


def _link(x: str) -> str:
    return v.url(_E, "link", x)


def _ecosystems(x: Iterable[Ecosystem | str]) -> tuple[Ecosystem, ...]:
    return v.members_of(_E, "ecosystems", x, Ecosystem)


def _countries(x: Iterable[str]) -> tuple[str, ...]:
    return eu_countries(_E, "countries", x)


def _regions(x: Iterable[str]) -> tuple[str, ...]:
    return _nuts_regions(_E, "regions", x)


def _beneficiaries(x: Iterable[StakeholderType | str]) -> tuple[StakeholderType, ...]:
    return v.members_of(_E, "beneficiary_types", x, StakeholderType)


def _opt_date(field: str, x: date | str | None) -> date | None:
    return None if x is None else v.a_date(_E, field, x)


def _opens_on(x: date | str | None) -> date | None:
    return _opt_date("opens_on", x)


def _closes_on(x: date | str | None) -> date | None:
    return _opt_date("closes_on", x)


def _budget(x: Decimal | int | str | None) -> Decimal | None:
    if x is None:
        return None
    number = v.decimal(_E, "budget_eur", x, negative=False)
    v.magnitude(
        _E,
        "budget_eur",
        number,
        largest=Measure.MONEY_EUR.largest,
        smallest=0,
        places=Measure.MONEY_EUR.places,
        what="a budget in EUR",
    )
    return number


def _objectives(x: str) -> str:
    return long_text(_E, "objectives", x)


def _eligibility(x: str) -> str:
    return long_text(_E, "eligibility", x)


def _procedure(x: str) -> str:
    return long_text(_E, "procedure", x)


def _authority(x: str) -> str:
    return v.text(_E, "managing_authority", x, empty=True)


@attrs.frozen
class FundingOpportunityDetails:
    """What the funding tool shows about an opportunity (§5.3, Table 2).

    Args:
        title: the call's or programme's title.
        summary: a one-sentence summary (at most 1,000 characters).
        programme: ESF+, ERDF, JTF, RRF, Erasmus+, Horizon Europe, ...
        level: EU, national or regional.
        funding_types: grant, procurement and/or loan (at least one).
        areas: upskilling and/or reskilling (at least one).
        link: the call, or the managing authority's page where calls are
            published.
        ecosystems: the industrial ecosystems it is relevant for (none: all).
        countries: the EU member states where it is open; an EU-level call
            without countries is open in every member state.
        regions: NUTS codes of the regions a regional opportunity covers;
            they lie in ``countries``.
        beneficiary_types: who can benefit (stakeholder types, incl. other).
        opens_on, closes_on: opening and closing dates (closing not before
            opening); ``None`` where the tool gives none.
        budget_eur: the available budget in euros.
        objectives: objectives, expected outcomes, types of action funded.
        eligibility: eligibility requirements and award criteria.
        procedure: the application procedure.
        managing_authority: the public authority managing a national or
            regional fund (Table 2).
    """

    title: str = attrs.field(converter=_title)
    summary: str = attrs.field(converter=_summary)
    programme: FundingProgramme = attrs.field(converter=_programme)
    level: FundingLevel = attrs.field(converter=_level)
    funding_types: tuple[FundingType, ...] = attrs.field(converter=_types)
    areas: tuple[InterventionArea, ...] = attrs.field(converter=_areas)
    link: str = attrs.field(converter=_link)
    ecosystems: tuple[Ecosystem, ...] = attrs.field(default=(), converter=_ecosystems)
    countries: tuple[str, ...] = attrs.field(default=(), converter=_countries)
    regions: tuple[str, ...] = attrs.field(default=(), converter=_regions)
    beneficiary_types: tuple[StakeholderType, ...] = attrs.field(
        default=(), converter=_beneficiaries
    )
    opens_on: date | None = attrs.field(default=None, converter=_opens_on)
    closes_on: date | None = attrs.field(default=None, converter=_closes_on)
    budget_eur: Decimal | None = attrs.field(default=None, converter=_budget)
    objectives: str = attrs.field(default="", converter=_objectives)
    eligibility: str = attrs.field(default="", converter=_eligibility)
    procedure: str = attrs.field(default="", converter=_procedure)
    managing_authority: str = attrs.field(default="", converter=_authority)

    def __attrs_post_init__(self) -> None:
        if (
            self.opens_on is not None
            and self.closes_on is not None
            and self.closes_on < self.opens_on
        ):
            raise InvalidValueError(
                _E,
                "closes_on",
                f"the closing date {self.closes_on} is before the opening date "
                f"{self.opens_on}",
                self.closes_on,
            )
        if self.level is not FundingLevel.EU and not self.countries:
            raise InvalidValueError(
                _E,
                "countries",
                v.article(self.level.label.lower())
                + " opportunity names its member state",
                self.countries,
            )
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
        """The texts the keyword search looks in: the descriptions, the
        programme, the managing authority, and the names of the countries and
        regions (so typing a region's name finds its opportunities, §5.3)."""
        return (
            self.title,
            self.summary,
            self.objectives,
            self.eligibility,
            self.procedure,
            self.managing_authority,
            self.programme.label,
            *(COUNTRIES[c].name for c in self.countries),
            *(nuts_region(r).name for r in self.regions),
        )

    def is_open_or_forthcoming(self, on: date) -> bool:
        """Whether the opportunity has not closed before ``on``."""
        return self.closes_on is None or self.closes_on >= on


class FundingOpportunityRegistered(PactCreated):
    """A funding opportunity was added to the funding tool (§5.3)."""

    details: FundingOpportunityDetails

    def apply(self, aggregate: FundingOpportunity) -> None:
        aggregate._init_entry()
        aggregate.details = self.details


class FundingOpportunityUpdated(PactEvent):
    """A funding opportunity's details were updated (§5.3: checked and
    updated regularly)."""

    details: FundingOpportunityDetails

    def apply(self, aggregate: FundingOpportunity) -> None:
        aggregate.details = self.details


class FundingOpportunityWithdrawn(EntryWithdrawn):
    """A funding opportunity was withdrawn from the funding tool."""


class FundingOpportunity(CatalogueEntry):
    """A funding opportunity of the Pact's funding tool (§5.3)."""

    ENTITY: ClassVar[str] = "FundingOpportunity"
    Withdrawn = FundingOpportunityWithdrawn

    details: FundingOpportunityDetails

    def __init__(self) -> None:
        """State is set by :class:`FundingOpportunityRegistered`; use
        :meth:`register`."""

    @classmethod
    def register(
        cls,
        *,
        details: FundingOpportunityDetails,
        meta: EventMeta,
        id: UUID | None = None,
    ) -> FundingOpportunity:
        """Add an opportunity to the funding tool."""
        _check(details)
        return cls._create_with(
            FundingOpportunityRegistered, meta, id=id, details=details
        )

    def update(self, *, details: FundingOpportunityDetails, meta: EventMeta) -> None:
        """Replace the opportunity's details (see ``attrs.evolve``)."""
        self._require_listed("update")
        _check(details)
        if details == self.details:
            raise DomainRuleError(self.entity, "details", "the update changes nothing")
        self._trigger(FundingOpportunityUpdated, meta, details=details)

    def matches(
        self,
        *,
        keyword: str | None = None,
        ecosystems: Iterable[Ecosystem | str] | None = None,
        countries: Iterable[str] | None = None,
        funding_types: Iterable[FundingType | str] | None = None,
        levels: Iterable[FundingLevel | str] | None = None,
        areas: Iterable[InterventionArea | str] | None = None,
        beneficiary_types: Iterable[StakeholderType | str] | None = None,
        programmes: Iterable[FundingProgramme | str] | None = None,
        open_on: date | None = None,
    ) -> bool:
        """Whether the opportunity passes the funding tool's filters.

        Filters left ``None`` or empty do not constrain; within a filter any
        option matches (§5.3, footnote 3).  An EU-level opportunity without
        countries is open in every member state, so it passes any country
        filter; an opportunity without ecosystems or beneficiary types is
        open to all of them.  ``open_on`` keeps opportunities that have not
        closed before that date (open and forthcoming calls).
        """
        d = self.details
        chosen_countries = country_options("countries", countries)
        chosen_ecosystems = options("ecosystems", ecosystems, Ecosystem)
        chosen_beneficiaries = options(
            "beneficiary_types", beneficiary_types, StakeholderType
        )
        return (
            not self.withdrawn
            and (not d.ecosystems or any_of(chosen_ecosystems, d.ecosystems))
            and (
                (d.level is FundingLevel.EU and not d.countries)
                or any_of(chosen_countries, d.countries)
            )
            and any_of(
                options("funding_types", funding_types, FundingType), d.funding_types
            )
            and any_of(options("levels", levels, FundingLevel), (d.level,))
            and any_of(options("areas", areas, InterventionArea), d.areas)
            and (
                not d.beneficiary_types
                or any_of(chosen_beneficiaries, d.beneficiary_types)
            )
            and any_of(
                options("programmes", programmes, FundingProgramme), (d.programme,)
            )
            and (open_on is None or d.is_open_or_forthcoming(open_on))
            and keyword_matches(keyword, d.search_texts)
        )


def _check(details: object) -> None:
    if not isinstance(details, FundingOpportunityDetails):
        raise InvalidValueError(
            _E, "details", "must be a FundingOpportunityDetails", details
        )
