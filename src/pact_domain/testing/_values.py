"""Strategies for text, vocabularies, reference data and value objects (private).

Public through :mod:`pact_domain.testing.strategies`.
"""

from __future__ import annotations

import calendar
import enum
import functools
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from pact_domain.events import EventMeta
from pact_domain.partnership import KpiDefinition
from pact_domain.reference import (
    COUNTRIES,
    EEA_STATES,
    EU_MEMBER_STATES,
    NutsRegion,
    regions_of,
)
from pact_domain.values import (
    AgreementContent,
    Arrangements,
    Baseline,
    BreakdownValue,
    ContactPerson,
    CurrentPartner,
    Geography,
    ReportingPeriod,
    Target,
)
from pact_domain.vocabularies import (
    CalculationMethod,
    DataSource,
    Dimension,
    Ecosystem,
    KpiCategory,
    Measure,
    MembershipTier,
    PartnershipStatus,
    Periodicity,
    StakeholderType,
    StrategicTheme,
)

E = TypeVar("E", bound=enum.Enum)
S = PartnershipStatus

NAME_LIMIT = 300
"""Names and short texts: at most 300 characters."""
FREE_TEXT_LIMIT = 1000
"""Annex A: each free-text answer is at most 1,000 characters."""

FIRST_YEAR = 2019
LAST_YEAR = 2032


# --------------------------------------------------------------------------
# Text, vocabularies, reference data
# --------------------------------------------------------------------------

_ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "Zs"))


@functools.cache
def texts(
    *, min_size: int = 1, max_size: int = NAME_LIMIT, alphabet: Any = None
) -> SearchStrategy[str]:
    """Text as the library stores it: stripped, ``min_size`` to ``max_size``
    characters, letters of every script, digits, punctuation and spaces.

    ``alphabet`` (a string or a strategy of characters) replaces the default
    characters; it must be hashable, since strategies are cached.  Lone
    surrogates are never drawn: they cannot be stored."""
    chars = _ALPHABET if alphabet is None else alphabet
    return (
        st.text(chars, min_size=min_size, max_size=max_size)
        .map(lambda s: unicodedata.normalize("NFC", s).strip())
        .filter(lambda s: min_size <= len(s) <= max_size)
    )


@functools.cache
def names() -> SearchStrategy[str]:
    """Names of organisations, partnerships, KPIs (1 to 120 characters)."""
    return texts(max_size=120)


@functools.cache
def free_texts(
    *, max_size: int = FREE_TEXT_LIMIT, empty: bool = True
) -> SearchStrategy[str]:
    """Free-text answers of at most 1,000 characters (Annex A)."""
    return texts(min_size=0 if empty else 1, max_size=max_size)


_LOCAL = st.text("abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=20)
_LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=15)


@functools.cache
def emails() -> SearchStrategy[str]:
    """E-mail addresses the library accepts (``local@domain.tld``)."""
    return st.builds(
        lambda local, domain, tld: f"{local}@{domain}.{tld}",
        _LOCAL,
        _LABEL,
        st.sampled_from(["eu", "com", "org", "de", "fr", "gr", "it", "pl", "es"]),
    )


@functools.cache
def actors() -> SearchStrategy[str]:
    """Who causes events: an e-mail or a name (1 to 200 characters)."""
    return st.one_of(emails(), texts(max_size=60))


@functools.cache
def vocabulary(enum_cls: type[E], *, as_code: bool = False) -> SearchStrategy[Any]:
    """Members of a vocabulary (or their string codes with ``as_code=True``)."""
    members = list(enum_cls)
    if as_code:
        return st.sampled_from([m.value for m in members])
    return st.sampled_from(members)


@functools.cache
def eu_countries() -> SearchStrategy[str]:
    """ISO 3166-1 alpha-2 codes of the 27 EU member states (``GR`` for Greece)."""
    return st.sampled_from(sorted(EU_MEMBER_STATES))


@functools.cache
def countries(*, eu_only: bool = False) -> SearchStrategy[str]:
    """ISO codes of EU member states, or of the EEA and every ISO country."""
    if eu_only:
        return eu_countries()
    return st.one_of(
        st.sampled_from(sorted(EEA_STATES)), st.sampled_from(sorted(COUNTRIES))
    )


def _is_extra_regio(region: NutsRegion) -> bool:
    return region.code[2:] == "Z" * region.level


def regions_in(
    country_codes: Iterable[str], level: int | None, extra_regio: bool
) -> list[str]:
    """The NUTS codes of these countries (at ``level``, or every level)."""
    return list(_regions_in(tuple(country_codes), level, extra_regio))


@functools.cache
def _regions_in(
    country_codes: tuple[str, ...], level: int | None, extra_regio: bool
) -> tuple[str, ...]:
    return tuple(
        r.code
        for c in country_codes
        for r in regions_of(c, level)
        if extra_regio or not _is_extra_regio(r)
    )


def nuts_regions(
    countries: Iterable[str] | None = None,
    *,
    level: int | None = None,
    extra_regio: bool = False,
) -> SearchStrategy[str]:
    """NUTS 2024 codes (``EL30``, ``DE21``...) from the shipped classification.

    Args:
        countries: ISO codes to draw from; default: the 27 EU member states.
        level: only this NUTS level (1, 2 or 3).
        extra_regio: include the ``...Z``/``...ZZ`` Extra-Regio units.
    """
    codes = sorted(EU_MEMBER_STATES) if countries is None else countries
    return _nuts_regions(tuple(codes), level, extra_regio)


@functools.cache
def _nuts_regions(
    codes: tuple[str, ...], level: int | None, extra_regio: bool
) -> SearchStrategy[str]:
    found = _regions_in(codes, level, extra_regio)
    return st.sampled_from(found) if found else st.nothing()


@functools.cache
def dates(
    min_year: int = FIRST_YEAR, max_year: int = LAST_YEAR
) -> SearchStrategy[date]:
    """Dates in a realistic range."""
    return st.dates(date(min_year, 1, 1), date(max_year, 12, 31))


_ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=2)),
     timezone(timedelta(hours=-5))]
)  # fmt: skip


@functools.cache
def aware_datetimes() -> SearchStrategy[datetime]:
    """Timezone-aware datetimes in a realistic range."""
    return st.datetimes(
        datetime(FIRST_YEAR, 1, 1), datetime(LAST_YEAR, 12, 31), timezones=_ZONES
    )


@functools.cache
def naive_datetimes() -> SearchStrategy[datetime]:
    """Datetimes without a timezone (which every command refuses)."""
    return st.datetimes(datetime(FIRST_YEAR, 1, 1), datetime(LAST_YEAR, 12, 31))


@functools.cache
def effective_ats() -> SearchStrategy[datetime | date | None]:
    """``effective_at`` arguments: mostly ``None`` (the recording time), or an
    aware datetime, or a date."""
    return st.one_of(st.none(), st.none(), aware_datetimes(), dates())


# --------------------------------------------------------------------------
# Value objects
# --------------------------------------------------------------------------


@functools.cache
def contact_persons() -> SearchStrategy[ContactPerson]:
    """Annex A contact persons."""
    return st.builds(
        ContactPerson,
        full_name=names(),
        email=emails(),
        title=texts(min_size=0, max_size=40),
        organisation=texts(min_size=0, max_size=120),
    )


@functools.cache
def current_partners() -> SearchStrategy[CurrentPartner]:
    """Rows of Annex A's current-partners table."""
    return st.builds(CurrentPartner, name=names(), role=free_texts(max_size=200))


@st.composite
def geographies(draw: DrawFn, *, eu_only: bool = True) -> Geography:
    """Countries (EU member states by default) and NUTS regions lying in them."""
    codes = draw(
        st.lists(countries(eu_only=eu_only), min_size=1, max_size=4, unique=True)
    )
    available = regions_in(codes, None, False)
    regions = (
        draw(st.lists(st.sampled_from(available), max_size=4, unique=True))
        if available
        else []
    )
    return Geography(countries=tuple(codes), regions=tuple(regions))


QUANTUM: Mapping[Measure, Decimal] = {
    Measure.COUNT: Decimal(1),
    Measure.PERCENTAGE: Decimal("0.1"),
    Measure.MONEY_EUR: Decimal("0.01"),
    Measure.HOURS: Decimal("0.5"),
    Measure.RATIO: Decimal("0.001"),
    Measure.ORDINAL: Decimal(1),
    Measure.QUALITATIVE: Decimal(1),
}
_RANGE: Mapping[Measure, tuple[int, int]] = {  # in quanta
    Measure.COUNT: (0, 50_000),
    Measure.PERCENTAGE: (0, 1000),
    Measure.MONEY_EUR: (0, 500_000_000),
    Measure.HOURS: (0, 200_000),
    Measure.RATIO: (-5000, 5000),
    Measure.ORDINAL: (0, 10),
    Measure.QUALITATIVE: (0, 1),
}


@functools.cache
def measure_values(measure: Measure | str) -> SearchStrategy[Decimal]:
    """Valid values of a measure: whole counts, percentages from 0 to 100,
    euros with cents, non-negative hours, signed ratios, 0/1 milestones."""
    m = Measure(measure)
    low, high = _RANGE[m]
    quantum = QUANTUM[m]
    return st.integers(low, high).map(lambda n: n * quantum)


@functools.cache
def baselines(measure: Measure | str | None = None) -> SearchStrategy[Baseline]:
    """KPI baselines with a year between 2015 and 2025."""
    values = (
        measure_values(measure)
        if measure is not None
        else measure_values(Measure.COUNT)
    )
    return st.builds(Baseline, value=values, year=st.integers(2015, 2025))


@st.composite
def targets(
    draw: DrawFn,
    measure: Measure | str | None = None,
    *,
    baseline_year: int | None = None,
) -> Target:
    """Targets valid for a KPI of ``measure`` (a milestone's target is 1), due
    no earlier than ``baseline_year``."""
    if measure is None:
        value = draw(measure_values(Measure.COUNT))
    elif Measure(measure) is Measure.QUALITATIVE:
        value = Decimal(1)
    else:
        value = draw(measure_values(measure))
    deadline = draw(
        st.none() | dates(min_year=max(baseline_year or FIRST_YEAR, FIRST_YEAR))
    )
    return Target(
        value=value, unit=draw(texts(min_size=0, max_size=60)), deadline=deadline
    )


def dimension_categories(dimension: Dimension) -> list[str]:
    allowed = dimension.categories
    if allowed is not None:
        return sorted(allowed)
    if dimension is Dimension.COUNTRY:
        return sorted(EU_MEMBER_STATES)
    return [t.value for t in StakeholderType]


@st.composite
def breakdown_values(
    draw: DrawFn,
    dimension: Dimension | str | None = None,
    measure: Measure | str = Measure.COUNT,
) -> BreakdownValue:
    """One breakdown value (a category of a dimension and its value)."""
    dim = draw(vocabulary(Dimension)) if dimension is None else Dimension(dimension)
    return BreakdownValue(
        dimension=dim,
        category=draw(st.sampled_from(dimension_categories(dim))),
        value=draw(measure_values(measure)),
    )


@st.composite
def _partition(
    draw: DrawFn, total: Decimal, parts: int, quantum: Decimal
) -> list[Decimal]:
    units = int(total / quantum)
    cuts = sorted(
        draw(st.lists(st.integers(0, units), min_size=parts - 1, max_size=parts - 1))
    )
    bounds = [0, *cuts, units]
    return [(bounds[i + 1] - bounds[i]) * quantum for i in range(parts)]


def _adds_up(measure: Measure, total: Decimal | None) -> bool:
    return total is not None and measure not in (Measure.PERCENTAGE, Measure.RATIO)


@st.composite
def breakdowns(
    draw: DrawFn,
    dimensions: Iterable[Dimension | str],
    total: Decimal | None,
    measure: Measure | str = Measure.COUNT,
) -> tuple[BreakdownValue, ...]:
    """Breakdowns of a reported ``total`` over some of ``dimensions``.

    On an exhaustive dimension (gender, age band, employment status,
    green/digital) the values add up to ``total`` exactly — except for
    percentages and ratios, which do not add up and are drawn independently.
    """
    m = Measure(measure)
    dims = [Dimension(d) for d in dimensions]
    chosen = draw(st.lists(st.sampled_from(dims), unique=True)) if dims else []
    out: list[BreakdownValue] = []
    for dim in chosen:
        categories = dimension_categories(dim)
        if dim.is_exhaustive and _adds_up(m, total):
            assert total is not None
            cats = draw(st.lists(st.sampled_from(categories), min_size=1, unique=True))
            values = draw(_partition(total, len(cats), QUANTUM[m]))
        else:
            cats = draw(
                st.lists(
                    st.sampled_from(categories), min_size=1, max_size=4, unique=True
                )
            )
            values = [draw(measure_values(m)) for _ in cats]
        out += [
            BreakdownValue(dim, c, value) for c, value in zip(cats, values, strict=True)
        ]
    return tuple(out)


@st.composite
def reporting_periods(
    draw: DrawFn, periodicity: Periodicity | str | None = None
) -> ReportingPeriod:
    """Reporting periods: aligned on the calendar for a periodicity (a month,
    a quarter, a half-year, a year, three years), or any span of up to three
    years when ``periodicity`` is ``None``."""
    year = draw(st.integers(FIRST_YEAR, LAST_YEAR - 3))
    if periodicity is None:
        start = draw(dates(FIRST_YEAR, LAST_YEAR - 3))
        return ReportingPeriod(
            start, start + timedelta(days=draw(st.integers(0, 1095)))
        )
    p = Periodicity(periodicity)
    if p is Periodicity.TRIENNIAL:
        return ReportingPeriod(date(year, 1, 1), date(year + 2, 12, 31))
    months = p.months
    index = draw(st.integers(0, 12 // months - 1))
    first = index * months + 1
    last = first + months - 1
    return ReportingPeriod(
        date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    )


@functools.cache
def arrangements() -> SearchStrategy[Arrangements]:
    """Partnership arrangements (§3.1.3)."""
    return st.builds(
        Arrangements,
        coordination=free_texts(max_size=300),
        working_groups=st.lists(names(), max_size=4).map(tuple),
        meeting_frequency=free_texts(max_size=60),
        contributions=free_texts(max_size=300),
        memorandum_of_understanding=st.booleans(),
        membership_tiers=st.lists(
            vocabulary(MembershipTier), min_size=1, unique=True
        ).map(tuple),
    )


@functools.cache
def agreement_contents() -> SearchStrategy[AgreementContent]:
    """Partnership agreement drafts (§3.1, Annex B)."""
    return st.builds(
        AgreementContent,
        challenge=texts(max_size=600),
        ambition=texts(max_size=600),
        strategic_themes=st.lists(
            vocabulary(StrategicTheme), min_size=1, max_size=3, unique=True
        ).map(tuple),
        priority_skills_needs=st.lists(names(), max_size=5).map(tuple),
        proposal=free_texts(max_size=400),
        activities=free_texts(max_size=400),
        arrangements=arrangements(),
        timeline=free_texts(max_size=200),
        ecosystems=st.lists(vocabulary(Ecosystem), max_size=3, unique=True).map(tuple),
    )


@st.composite
def kpi_definitions(
    draw: DrawFn, measure: Measure | str | None = None
) -> KpiDefinition:
    """KPI definitions (§3.4) whose baseline and target fit their measure."""
    m = draw(vocabulary(Measure)) if measure is None else Measure(measure)
    baseline = draw(st.none() | baselines(m))
    target = draw(
        st.none()
        | targets(m, baseline_year=None if baseline is None else baseline.year)
    )
    return KpiDefinition(
        name=draw(names()),
        category=draw(vocabulary(KpiCategory)),
        measure=m,
        periodicity=draw(vocabulary(Periodicity)),
        calculation=draw(vocabulary(CalculationMethod)),
        ascending=draw(st.booleans()),
        baseline=baseline,
        target=target,
        dimensions=tuple(
            draw(st.lists(vocabulary(Dimension), max_size=3, unique=True))
        ),
        data_source=draw(vocabulary(DataSource)),
        unit=draw(texts(min_size=0, max_size=60)),
    )


@functools.cache
def event_metas() -> SearchStrategy[EventMeta]:
    """Event metadata: an actor, and optionally when the fact took effect and
    when it was recorded."""
    return st.builds(
        EventMeta,
        actor=actors(),
        effective_at=effective_ats(),
        recorded_at=st.none() | aware_datetimes(),
    )
