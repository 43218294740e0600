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
from pact_domain.errors import InvalidValueError
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


def _conv(entity: str, fn: Any) -> attrs.Converter[Any, Any]:
    """An attrs converter that knows its field's name for error messages."""
    return attrs.Converter(
        lambda value, _self, field: fn(entity, field.name, value),  # type: ignore[misc]
        takes_self=True,
        takes_field=True,
    )


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


@attrs.frozen
class ContactPerson:
    """The contact person of Annex A ("Title and full name", "Organisation",
    "Email address").  Personal data: it can be erased on request."""

    full_name: str = attrs.field(converter=_conv("ContactPerson", v.text))
    email: str = attrs.field(converter=_conv("ContactPerson", v.email))
    title: str = attrs.field(
        default="",
        converter=_conv(
            "ContactPerson", lambda e, f, x: v.text(e, f, x, limit=40, empty=True)
        ),
    )
    organisation: str = attrs.field(
        default="",
        converter=_conv("ContactPerson", lambda e, f, x: v.text(e, f, x, empty=True)),
    )


@attrs.frozen
class CurrentPartner:
    """A row of Annex A's "Current partners" table: partner name and role."""

    name: str = attrs.field(converter=_conv("CurrentPartner", v.text))
    role: str = attrs.field(default="", converter=_conv("CurrentPartner", v.free_text))


@attrs.frozen
class Geography:
    """Where a partnership or organisation works: countries and NUTS regions.

    Regions must lie in the listed countries.
    """

    countries: tuple[str, ...] = attrs.field(
        factory=tuple, converter=_conv("Geography", countries)
    )
    regions: tuple[str, ...] = attrs.field(
        factory=tuple, converter=_conv("Geography", regions)
    )

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

    value: Decimal = attrs.field(converter=_conv("Target", v.decimal))
    unit: str = attrs.field(
        default="",
        converter=_conv(
            "Target", lambda e, f, x: v.text(e, f, x, limit=60, empty=True)
        ),
    )
    deadline: date | None = attrs.field(
        default=None,
        converter=_conv(
            "Target", lambda e, f, x: None if x is None else v.a_date(e, f, x)
        ),
    )


@attrs.frozen
class Baseline:
    """A KPI's baseline value and the year it was measured (IATI baseline)."""

    value: Decimal = attrs.field(converter=_conv("Baseline", v.decimal))
    year: int = attrs.field()

    @year.validator
    def _year(self, _attribute: Any, value: int) -> None:
        v.check(
            isinstance(value, int) and 1990 <= value <= 2100,
            "Baseline",
            "year",
            "must be a year between 1990 and 2100",
            value,
        )


@attrs.frozen
class BreakdownValue:
    """One disaggregated value of a KPI report, e.g. women = 120 (§3.4, Box 13)."""

    dimension: Dimension = attrs.field(
        converter=_conv(
            "BreakdownValue", lambda e, f, x: v.member_of(e, f, x, Dimension)
        )
    )
    category: str = attrs.field(converter=str)
    value: Decimal = attrs.field(converter=_conv("BreakdownValue", v.decimal))

    def __attrs_post_init__(self) -> None:
        allowed = self.dimension.categories
        if allowed is not None and self.category not in allowed:
            raise InvalidValueError(
                "BreakdownValue",
                "category",
                f"{self.category!r} is not a category of {self.dimension}; "
                f"allowed: {', '.join(sorted(allowed))}",
                self.category,
            )
        if self.dimension is Dimension.COUNTRY:
            country(self.category)
        if self.dimension is Dimension.STAKEHOLDER_GROUP:
            v.member_of("BreakdownValue", "category", self.category, StakeholderType)


@attrs.frozen
class ReportingPeriod:
    """The period a KPI value covers, both ends included."""

    start: date = attrs.field(converter=_conv("ReportingPeriod", v.a_date))
    end: date = attrs.field(converter=_conv("ReportingPeriod", v.a_date))

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

    coordination: str = attrs.field(
        default="", converter=_conv("Arrangements", v.free_text)
    )
    working_groups: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    meeting_frequency: str = attrs.field(
        default="", converter=_conv("Arrangements", v.free_text)
    )
    contributions: str = attrs.field(
        default="", converter=_conv("Arrangements", v.free_text)
    )
    memorandum_of_understanding: bool = False
    membership_tiers: tuple[MembershipTier, ...] = attrs.field(
        default=(MembershipTier.CORE,),
        converter=_conv(
            "Arrangements", lambda e, f, x: v.members_of(e, f, x, MembershipTier)
        ),
    )


@attrs.frozen
class AgreementContent:
    """The content of a partnership agreement draft (§3.1, Annex B).

    ``challenge``: the regional or sectoral skills gaps and challenges;
    ``ambition``: the long-term vision; ``strategic_themes`` (§3.1.1);
    ``priority_skills_needs``; ``proposal``: the commitments in words;
    ``activities``; ``arrangements`` (§3.1.3); ``timeline``.
    """

    challenge: str = attrs.field(
        converter=_conv(
            "AgreementContent", lambda e, f, x: v.text(e, f, x, limit=10_000)
        )
    )
    ambition: str = attrs.field(
        converter=_conv(
            "AgreementContent", lambda e, f, x: v.text(e, f, x, limit=10_000)
        )
    )
    strategic_themes: tuple[StrategicTheme, ...] = attrs.field(
        converter=_conv(
            "AgreementContent",
            lambda e, f, x: v.members_of(e, f, x, StrategicTheme, at_least=1),
        )
    )
    priority_skills_needs: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    proposal: str = attrs.field(
        default="",
        converter=_conv(
            "AgreementContent",
            lambda e, f, x: v.text(e, f, x, limit=10_000, empty=True),
        ),
    )
    activities: str = attrs.field(
        default="",
        converter=_conv(
            "AgreementContent",
            lambda e, f, x: v.text(e, f, x, limit=10_000, empty=True),
        ),
    )
    arrangements: Arrangements = attrs.field(factory=Arrangements)
    timeline: str = attrs.field(
        default="",
        converter=_conv(
            "AgreementContent",
            lambda e, f, x: v.text(e, f, x, limit=10_000, empty=True),
        ),
    )
    ecosystems: tuple[Ecosystem, ...] = attrs.field(
        default=(),
        converter=_conv(
            "AgreementContent", lambda e, f, x: v.members_of(e, f, x, Ecosystem)
        ),
    )
