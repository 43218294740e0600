"""Value objects of the domain: immutable, validated on construction.

Every value object is an ``attrs`` frozen class.  Invalid values raise
:class:`~pact_domain.errors.InvalidValueError` naming the value object, the
field and the rule.  Loose input (strings for vocabulary codes, ``int`` or
``str`` for decimals, ISO dates) is coerced where it is unambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from pact_domain import _validation as v
from pact_domain.errors import InvalidValueError, echo
from pact_domain.reference import country, nuts_region
from pact_domain.vocabularies import (
    Dimension,
    Ecosystem,
    MembershipTier,
    StakeholderType,
    StrategicTheme,
)

__all__ = [
    "AgreementContent",
    "Arrangements",
    "Baseline",
    "BreakdownValue",
    "ContactPerson",
    "CurrentPartner",
    "Geography",
    "ReportingPeriod",
    "Target",
    "countries",
    "regions",
]


def countries(entity: str, field: str, codes: Iterable[str]) -> tuple[str, ...]:
    """Validate ISO 3166-1 alpha-2 country codes; Eurostat's ``EL`` becomes ``GR``."""
    if isinstance(codes, str):
        raise InvalidValueError(entity, field, "must be a list of country codes", codes)
    out: list[str] = []
    for code in codes:
        try:
            iso = country(code).code
        except InvalidValueError as e:
            raise InvalidValueError(entity, field, e.rule, code) from None
        if iso not in out:
            out.append(iso)
    return tuple(out)


def regions(entity: str, field: str, codes: Iterable[str]) -> tuple[str, ...]:
    """Validate NUTS 2024 region codes against the shipped classification."""
    if isinstance(codes, str):
        raise InvalidValueError(entity, field, "must be a list of NUTS codes", codes)
    out: list[str] = []
    for code in codes:
        try:
            nuts = nuts_region(code).code
        except InvalidValueError as e:
            raise InvalidValueError(entity, field, e.rule, code) from None
        if nuts not in out:
            out.append(nuts)
    return tuple(out)


# Named converters: each knows its value object and field for error messages.


def _contact_name(x: str) -> str:
    return v.text("ContactPerson", "full_name", x)


def _contact_email(x: str) -> str:
    return v.email("ContactPerson", "email", x)


def _contact_title(x: str) -> str:
    return v.text("ContactPerson", "title", x, limit=40, empty=True)


def _contact_org(x: str) -> str:
    return v.text("ContactPerson", "organisation", x, empty=True)


def _partner_name(x: str) -> str:
    return v.text("CurrentPartner", "name", x)


def _partner_role(x: str) -> str:
    return v.free_text("CurrentPartner", "role", x)


def _geo_countries(x: Iterable[str]) -> tuple[str, ...]:
    return countries("Geography", "countries", x)


def _geo_regions(x: Iterable[str]) -> tuple[str, ...]:
    return regions("Geography", "regions", x)


def _target_value(x: Decimal | int | str | float) -> Decimal:
    return v.decimal("Target", "value", x)


def _target_unit(x: str) -> str:
    return v.text("Target", "unit", x, limit=60, empty=True)


def _target_deadline(x: date | str | None) -> date | None:
    return None if x is None else v.a_date("Target", "deadline", x)


def _baseline_value(x: Decimal | int | str | float) -> Decimal:
    return v.decimal("Baseline", "value", x)


def _dimension(x: Dimension | str) -> Dimension:
    return v.member_of("BreakdownValue", "dimension", x, Dimension)


def _breakdown_value(x: Decimal | int | str | float) -> Decimal:
    return v.decimal("BreakdownValue", "value", x)


def _category(x: str | int) -> str:
    return str(x)


def _period_start(x: date | str) -> date:
    return v.a_date("ReportingPeriod", "start", x)


def _period_end(x: date | str) -> date:
    return v.a_date("ReportingPeriod", "end", x)


def _arr_coordination(x: str) -> str:
    return v.free_text("Arrangements", "coordination", x)


def _arr_meeting(x: str) -> str:
    return v.free_text("Arrangements", "meeting_frequency", x)


def _arr_contributions(x: str) -> str:
    return v.free_text("Arrangements", "contributions", x)


def _texts(entity: str, field: str, x: Iterable[str]) -> tuple[str, ...]:
    if isinstance(x, str):
        raise InvalidValueError(entity, field, "must be a list of texts, not text", x)
    return tuple(v.text(entity, field, item, limit=1000) for item in x)


def _working_groups(x: Iterable[str]) -> tuple[str, ...]:
    return _texts("Arrangements", "working_groups", x)


def _skills_needs(x: Iterable[str]) -> tuple[str, ...]:
    return _texts("AgreementContent", "priority_skills_needs", x)


def _tiers(x: Iterable[MembershipTier | str]) -> tuple[MembershipTier, ...]:
    return v.members_of("Arrangements", "membership_tiers", x, MembershipTier)


def _long(field: str, x: str, *, empty: bool) -> str:
    return v.text("AgreementContent", field, x, limit=10_000, empty=empty)


def _challenge(x: str) -> str:
    return _long("challenge", x, empty=False)


def _ambition(x: str) -> str:
    return _long("ambition", x, empty=False)


def _proposal(x: str) -> str:
    return _long("proposal", x, empty=True)


def _activities(x: str) -> str:
    return _long("activities", x, empty=True)


def _timeline(x: str) -> str:
    return _long("timeline", x, empty=True)


def _themes(x: Iterable[StrategicTheme | str]) -> tuple[StrategicTheme, ...]:
    return v.members_of(
        "AgreementContent", "strategic_themes", x, StrategicTheme, at_least=1
    )


def _ecosystems(x: Iterable[Ecosystem | str]) -> tuple[Ecosystem, ...]:
    return v.members_of("AgreementContent", "ecosystems", x, Ecosystem)


@attrs.frozen
class ContactPerson:
    """The contact person of Annex A ("Title and full name", "Organisation",
    "Email address").  Personal data."""

    full_name: str = attrs.field(converter=_contact_name)
    email: str = attrs.field(converter=_contact_email)
    title: str = attrs.field(default="", converter=_contact_title)
    organisation: str = attrs.field(default="", converter=_contact_org)


@attrs.frozen
class CurrentPartner:
    """A row of Annex A's "Current partners" table: partner name and role."""

    name: str = attrs.field(converter=_partner_name)
    role: str = attrs.field(default="", converter=_partner_role)


@attrs.frozen
class Geography:
    """Where a partnership or organisation works: countries and NUTS regions.

    Regions must lie in the listed countries.
    """

    countries: tuple[str, ...] = attrs.field(default=(), converter=_geo_countries)
    regions: tuple[str, ...] = attrs.field(default=(), converter=_geo_regions)

    def __attrs_post_init__(self) -> None:
        for code in self.regions:
            region = nuts_region(code)
            if region.country not in self.countries:
                raise InvalidValueError(
                    "Geography",
                    "regions",
                    f"region {code} lies in {region.country}, which is not among "
                    "the countries",
                    code,
                )


@attrs.frozen
class Target:
    """A quantified target: a value, its unit and the date it is due by."""

    value: Decimal = attrs.field(converter=_target_value)
    unit: str = attrs.field(default="", converter=_target_unit)
    deadline: date | None = attrs.field(default=None, converter=_target_deadline)


@attrs.frozen
class Baseline:
    """A KPI's baseline value and the year it was measured (IATI baseline)."""

    value: Decimal = attrs.field(converter=_baseline_value)
    year: int = attrs.field()

    @year.validator
    def _year(self, _attribute: Any, value: int) -> None:
        v.check(
            isinstance(value, int)
            and not isinstance(value, bool)
            and 1990 <= value <= 2100,
            "Baseline",
            "year",
            "must be a year between 1990 and 2100",
            value,
        )


@attrs.frozen
class BreakdownValue:
    """One disaggregated value of a KPI report, e.g. women = 120 (§3.4, Box 13)."""

    dimension: Dimension = attrs.field(converter=_dimension)
    category: str = attrs.field(converter=_category)
    value: Decimal = attrs.field(converter=_breakdown_value)

    def __attrs_post_init__(self) -> None:
        allowed = self.dimension.categories
        if allowed is not None and self.category not in allowed:
            raise InvalidValueError(
                "BreakdownValue",
                "category",
                f"{echo(self.category)} is not a category of {self.dimension}; "
                f"allowed: {', '.join(sorted(allowed))}",
                self.category,
            )
        if self.dimension is Dimension.COUNTRY:
            try:
                iso = country(self.category).code
            except InvalidValueError as e:
                raise InvalidValueError(
                    "BreakdownValue", "category", e.rule, self.category
                ) from None
            object.__setattr__(self, "category", iso)
        if self.dimension is Dimension.STAKEHOLDER_GROUP:
            v.member_of("BreakdownValue", "category", self.category, StakeholderType)


@attrs.frozen
class ReportingPeriod:
    """The period a KPI value covers, both ends included."""

    start: date = attrs.field(converter=_period_start)
    end: date = attrs.field(converter=_period_end)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValueError(
                "ReportingPeriod", "end", "must not be before start", self.end
            )

    def __str__(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    @classmethod
    def year(cls, year: int) -> ReportingPeriod:
        """The calendar year ``year``."""
        return cls(date(year, 1, 1), date(year, 12, 31))


@attrs.frozen
class Arrangements:
    """Partnership arrangements of the agreement (§3.1.3, §3.5, Annex B)."""

    coordination: str = attrs.field(default="", converter=_arr_coordination)
    working_groups: tuple[str, ...] = attrs.field(default=(), converter=_working_groups)
    meeting_frequency: str = attrs.field(default="", converter=_arr_meeting)
    contributions: str = attrs.field(default="", converter=_arr_contributions)
    memorandum_of_understanding: bool = False
    membership_tiers: tuple[MembershipTier, ...] = attrs.field(
        default=(MembershipTier.CORE,), converter=_tiers
    )


@attrs.frozen
class AgreementContent:
    """The content of a partnership agreement draft (§3.1, Annex B).

    ``challenge``: the regional or sectoral skills gaps and challenges;
    ``ambition``: the long-term vision; ``strategic_themes`` (§3.1.1);
    ``priority_skills_needs``; ``proposal``: the commitments in words;
    ``activities``; ``arrangements`` (§3.1.3); ``timeline``.
    """

    challenge: str = attrs.field(converter=_challenge)
    ambition: str = attrs.field(converter=_ambition)
    strategic_themes: tuple[StrategicTheme, ...] = attrs.field(converter=_themes)
    priority_skills_needs: tuple[str, ...] = attrs.field(
        default=(), converter=_skills_needs
    )
    proposal: str = attrs.field(default="", converter=_proposal)
    activities: str = attrs.field(default="", converter=_activities)
    arrangements: Arrangements = attrs.field(factory=Arrangements)
    timeline: str = attrs.field(default="", converter=_timeline)
    ecosystems: tuple[Ecosystem, ...] = attrs.field(default=(), converter=_ecosystems)
