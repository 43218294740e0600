"""Reference data: countries, NUTS 2024 regions and EQF level descriptors.

Regional skills partnerships cover EU member-state regions at NUTS level 1 or 2,
local areas, or macro-regions across several member states (handbook §4.6,
Annex A); KPIs are broken down by country and by EQF level (§3.4).  This module
holds the reference lists those fields are checked against:

* :data:`COUNTRIES` — every ISO 3166-1 alpha-2 country, with EU and EEA
  membership and the code Eurostat uses for it (``EL`` for Greece, ``UK`` for
  the United Kingdom).
* :data:`NUTS_REGIONS` — Eurostat's NUTS 2024 classification (levels 1 to 3 of
  the 27 member states) and the statistical regions 2024 that Eurostat agreed
  with the EFTA and candidate countries, coded the same way.  It is read once,
  on first use, from the packaged file ``data/nuts2024.csv``.
* :data:`EQF_DESCRIPTORS` — the level descriptors of the European
  Qualifications Framework (Council Recommendation of 22 May 2017, Annex II).

Every look-up raises :class:`~pact_domain.errors.InvalidValueError` for an
unknown code.  The module does no I/O except reading its own data file.
"""

from __future__ import annotations

import csv
import io
import types
from collections.abc import Iterator, Mapping
from importlib import resources

import attrs
import iso3166

from pact_domain.errors import InvalidValueError

__all__ = [
    "COUNTRIES",
    "EEA_STATES",
    "EQF_DESCRIPTORS",
    "EU_MEMBER_STATES",
    "NUTS_REGIONS",
    "Country",
    "EqfDescriptor",
    "NutsRegion",
    "country",
    "eqf_descriptor",
    "nuts_region",
    "regions_of",
]


# --------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------


@attrs.frozen
class Country:
    """A country of ISO 3166-1.

    Attributes:
        code: ISO 3166-1 alpha-2 code, e.g. ``"GR"``.
        name: English short name as ISO 3166-1 gives it, e.g. ``"Greece"``.
        eu_member: whether the country is one of the 27 EU member states.
        eea_member: whether it belongs to the European Economic Area (the EU
            member states plus Iceland, Liechtenstein and Norway).
        nuts_code: the country code Eurostat uses, which starts every NUTS
            code of the country: ``"EL"`` for Greece, ``"UK"`` for the United
            Kingdom, otherwise the ISO code.
    """

    code: str
    name: str
    eu_member: bool
    eea_member: bool
    nuts_code: str


EU_MEMBER_STATES: frozenset[str] = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR",
        "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO",
        "SE", "SI", "SK",
    }
)  # fmt: skip
"""ISO 3166-1 alpha-2 codes of the 27 EU member states."""

EEA_STATES: frozenset[str] = EU_MEMBER_STATES | {"IS", "LI", "NO"}
"""ISO codes of the European Economic Area: the EU 27 plus IS, LI and NO."""

_ISO_TO_EUROSTAT: Mapping[str, str] = types.MappingProxyType({"GR": "EL", "GB": "UK"})
_EUROSTAT_TO_ISO: Mapping[str, str] = types.MappingProxyType(
    {eurostat: iso for iso, eurostat in _ISO_TO_EUROSTAT.items()}
)

COUNTRIES: Mapping[str, Country] = types.MappingProxyType(
    {
        record.alpha2: Country(
            code=record.alpha2,
            name=record.name,
            eu_member=record.alpha2 in EU_MEMBER_STATES,
            eea_member=record.alpha2 in EEA_STATES,
            nuts_code=_ISO_TO_EUROSTAT.get(record.alpha2, record.alpha2),
        )
        for record in sorted(iso3166.countries, key=lambda r: r.alpha2)
    }
)
"""Every ISO 3166-1 alpha-2 country (from the ``iso3166`` package), by code."""


def _ascii_upper(value: str) -> str | None:
    """``value`` in upper case, or ``None`` if it is not plain ASCII.

    Non-ASCII text is refused before upper-casing, since ``str.upper`` maps
    some letters (the Turkish dotless i, the long s) onto ASCII ones.
    """
    return value.upper() if value.isascii() else None


def country(code: str) -> Country:
    """Return the country with ISO 3166-1 alpha-2 ``code``.

    The code is case-insensitive, and Eurostat's own country codes are accepted
    as aliases: ``"EL"`` for Greece (``GR``) and ``"UK"`` for the United
    Kingdom (``GB``).

    Raises:
        InvalidValueError: ``code`` is not an ISO 3166-1 alpha-2 country code.
    """
    key = _ascii_upper(code) if isinstance(code, str) else None
    if key is not None:
        found = COUNTRIES.get(_EUROSTAT_TO_ISO.get(key, key))
        if found is not None:
            return found
    raise InvalidValueError(
        entity="Country",
        field="code",
        rule=f"{code!r} is not an ISO 3166-1 alpha-2 country code",
        value=code,
    )


# --------------------------------------------------------------------------
# NUTS 2024
# --------------------------------------------------------------------------


@attrs.frozen
class NutsRegion:
    """A territorial unit of Eurostat's NUTS 2024 classification.

    Attributes:
        code: the NUTS code, e.g. ``"EL30"``, ``"DE21"``, ``"ITC4"``.  It starts
            with Eurostat's country code (``EL`` for Greece) and has one more
            character per level.
        name: the name in Latin script as Eurostat gives it (Eurostat's own
            transliteration for Greek and Cyrillic names), e.g. ``"Attiki"``.
        level: 1, 2 or 3.
        country: ISO 3166-1 alpha-2 code of the country (``"GR"`` for the
            ``EL…`` codes).
    """

    code: str
    name: str
    level: int
    country: str


_NUTS_LEVELS = (1, 2, 3)


class _NutsIndex:
    """The NUTS table and its index by country, read once on first use."""

    def __init__(self) -> None:
        self._regions: Mapping[str, NutsRegion] | None = None
        self._by_country: Mapping[str, tuple[NutsRegion, ...]] = {}

    def regions(self) -> Mapping[str, NutsRegion]:
        """Every region by code, in Eurostat's order."""
        if self._regions is None:
            # Without a lock: two threads may both read the file; each sets
            # the same tables, ``_regions`` last, so a reader never sees a
            # half-built index.
            self._load()
        assert self._regions is not None
        return self._regions

    def by_country(self) -> Mapping[str, tuple[NutsRegion, ...]]:
        """The regions of each ISO country code, in Eurostat's order."""
        self.regions()
        return self._by_country

    def _load(self) -> None:
        resource = resources.files("pact_domain") / "data" / "nuts2024.csv"
        text = resource.read_text(encoding="utf-8")
        regions: dict[str, NutsRegion] = {}
        grouped: dict[str, list[NutsRegion]] = {}
        for row in csv.DictReader(io.StringIO(text)):
            region = NutsRegion(
                code=row["code"],
                name=row["name"],
                level=int(row["level"]),
                country=row["country"],
            )
            regions[region.code] = region
            grouped.setdefault(region.country, []).append(region)
        self._by_country = types.MappingProxyType(
            {code: tuple(items) for code, items in grouped.items()}
        )
        self._regions = types.MappingProxyType(regions)


_NUTS = _NutsIndex()


class _LazyNutsRegions(Mapping[str, NutsRegion]):
    """Read-only mapping of NUTS code to region that loads its data on first use."""

    def __getitem__(self, code: str) -> NutsRegion:
        return _NUTS.regions()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(_NUTS.regions())

    def __len__(self) -> int:
        return len(_NUTS.regions())

    def __contains__(self, code: object) -> bool:
        return code in _NUTS.regions()

    def __repr__(self) -> str:
        return f"<NUTS 2024 regions: {len(self)} codes>"


NUTS_REGIONS: Mapping[str, NutsRegion] = _LazyNutsRegions()
"""Every NUTS 2024 region (levels 1 to 3) by upper-case code, in Eurostat's order.

Loaded lazily, once, from the packaged ``data/nuts2024.csv``.  It holds the
NUTS 2024 classification of the 27 EU member states, including the
``…Z``/``…ZZ``/``…ZZZ`` *Extra-Regio* units, and the statistical regions 2024
of Albania, Bosnia and Herzegovina, Iceland, Kosovo, Liechtenstein, Montenegro,
North Macedonia, Norway, Serbia, Switzerland, Türkiye and Ukraine.  See
``data/SOURCES.md``.
"""


def _unknown_region(code: object, key: str | None) -> InvalidValueError:
    rule = f"{code!r} is not a NUTS 2024 region code"
    if key is not None and key.startswith("GR") and "EL" + key[2:] in NUTS_REGIONS:
        rule += f": Eurostat writes Greece as EL, as in '{'EL' + key[2:]}'"
    elif key is not None and key.startswith("GR"):
        rule += ": Eurostat writes Greece as EL, not GR"
    elif key is not None and key.startswith("UK"):
        rule += ": NUTS 2024 no longer covers the United Kingdom"
    return InvalidValueError(entity="NUTS region", field="code", rule=rule, value=code)


def nuts_region(code: str) -> NutsRegion:
    """Return the NUTS 2024 region with ``code`` (case-insensitive).

    Greece is ``EL`` in NUTS: ``nuts_region("EL30")`` is Attiki, while
    ``"GR30"`` is refused with a rule that says so.

    Raises:
        InvalidValueError: ``code`` is not a NUTS 2024 region code.
    """
    key = _ascii_upper(code) if isinstance(code, str) else None
    if key is not None:
        found = _NUTS.regions().get(key)
        if found is not None:
            return found
    raise _unknown_region(code, key)


def regions_of(country_code: str, level: int | None = None) -> tuple[NutsRegion, ...]:
    """Return the NUTS 2024 regions of a country, in Eurostat's order.

    Args:
        country_code: ISO 3166-1 alpha-2 code, case-insensitive; ``"EL"`` and
            ``"UK"`` are accepted as in :func:`country`.
        level: only the regions of this NUTS level (1, 2 or 3); all levels
            when ``None``.

    Returns:
        The regions, or an empty tuple for a country that NUTS does not cover.

    Raises:
        InvalidValueError: unknown country code, or a level other than 1, 2 or 3.
    """
    iso = country(country_code).code
    if level is not None and (
        isinstance(level, bool)
        or not isinstance(level, int)
        or level not in _NUTS_LEVELS
    ):
        raise InvalidValueError(
            entity="NUTS region", field="level", rule="must be 1, 2 or 3", value=level
        )
    regions = _NUTS.by_country().get(iso, ())
    if level is None:
        return regions
    return tuple(region for region in regions if region.level == level)


# --------------------------------------------------------------------------
# EQF
# --------------------------------------------------------------------------


@attrs.frozen
class EqfDescriptor:
    """The descriptors of one level of the European Qualifications Framework.

    Attributes:
        level: the EQF level, 1 to 8.
        knowledge: the learning outcomes in knowledge.
        skills: the learning outcomes in skills.
        responsibility_and_autonomy: the learning outcomes in responsibility and
            autonomy.
    """

    level: int
    knowledge: str
    skills: str
    responsibility_and_autonomy: str


_EQF_TEXT: tuple[tuple[str, str, str], ...] = (
    (
        "Basic general knowledge",
        "Basic skills required to carry out simple tasks",
        "Work or study under direct supervision in a structured context",
    ),
    (
        "Basic factual knowledge of a field of work or study",
        "Basic cognitive and practical skills required to use relevant information"
        " in order to carry out tasks and to solve routine problems using simple"
        " rules and tools",
        "Work or study under supervision with some autonomy",
    ),
    (
        "Knowledge of facts, principles, processes and general concepts, in a field"
        " of work or study",
        "A range of cognitive and practical skills required to accomplish tasks and"
        " solve problems by selecting and applying basic methods, tools, materials"
        " and information",
        "Take responsibility for completion of tasks in work or study; adapt own"
        " behaviour to circumstances in solving problems",
    ),
    (
        "Factual and theoretical knowledge in broad contexts within a field of work"
        " or study",
        "A range of cognitive and practical skills required to generate solutions to"
        " specific problems in a field of work or study",
        "Exercise self-management within the guidelines of work or study contexts"
        " that are usually predictable, but are subject to change; supervise the"
        " routine work of others, taking some responsibility for the evaluation and"
        " improvement of work or study activities",
    ),
    (
        "Comprehensive, specialised, factual and theoretical knowledge within a field"
        " of work or study and an awareness of the boundaries of that knowledge",
        "A comprehensive range of cognitive and practical skills required to develop"
        " creative solutions to abstract problems",
        "Exercise management and supervision in contexts of work or study activities"
        " where there is unpredictable change; review and develop performance of"
        " self and others",
    ),
    (
        "Advanced knowledge of a field of work or study, involving a critical"
        " understanding of theories and principles",
        "Advanced skills, demonstrating mastery and innovation, required to solve"
        " complex and unpredictable problems in a specialised field of work or study",
        "Manage complex technical or professional activities or projects, taking"
        " responsibility for decision-making in unpredictable work or study"
        " contexts; take responsibility for managing professional development of"
        " individuals and groups",
    ),
    (
        "Highly specialised knowledge, some of which is at the forefront of knowledge"
        " in a field of work or study, as the basis for original thinking and/or"
        " research; critical awareness of knowledge issues in a field and at the"
        " interface between different fields",
        "Specialised problem-solving skills required in research and/or innovation"
        " in order to develop new knowledge and procedures and to integrate"
        " knowledge from different fields",
        "Manage and transform work or study contexts that are complex, unpredictable"
        " and require new strategic approaches; take responsibility for"
        " contributing to professional knowledge and practice and/or for reviewing"
        " the strategic performance of teams",
    ),
    (
        "Knowledge at the most advanced frontier of a field of work or study and at"
        " the interface between fields",
        "The most advanced and specialised skills and techniques, including"
        " synthesis and evaluation, required to solve critical problems in research"
        " and/or innovation and to extend and redefine existing knowledge or"
        " professional practice",
        "Demonstrate substantial authority, innovation, autonomy, scholarly and"
        " professional integrity and sustained commitment to the development of new"
        " ideas or processes at the forefront of work or study contexts including"
        " research",
    ),
)

EQF_DESCRIPTORS: Mapping[int, EqfDescriptor] = types.MappingProxyType(
    {
        level: EqfDescriptor(level, knowledge, skills, responsibility)
        for level, (knowledge, skills, responsibility) in enumerate(_EQF_TEXT, start=1)
    }
)
"""The eight EQF levels by number: Council Recommendation of 22 May 2017 on the
European Qualifications Framework for lifelong learning (OJ C 189, 15.6.2017,
p. 15), Annex II.  Where the Annex lists two points in one cell (level 7,
knowledge) they are joined with a semicolon."""


def eqf_descriptor(level: int) -> EqfDescriptor:
    """Return the descriptors of EQF ``level``.

    Raises:
        InvalidValueError: ``level`` is not an integer from 1 to 8 (a ``bool``
            is refused too).
    """
    if isinstance(level, int) and not isinstance(level, bool):
        found = EQF_DESCRIPTORS.get(level)
        if found is not None:
            return found
    raise InvalidValueError(
        entity="EQF level",
        field="level",
        rule="must be an integer from 1 to 8",
        value=level,
    )
