# ruff: noqa: E501 -- the sample data is kept as one table row per line
"""A realistic sample of Pact for Skills partnerships, built from the handbook.

:func:`load_demo` records, through the public application service:

* the **Skills Partnership for the Tourism Ecosystem** (a Large Scale
  Partnership) with the composition of handbook §4.6: 20 European or national
  associations and companies, 3 European trade union federations, 20 VET and
  higher education providers and 18 regional and local authorities (61 member
  organisations), its national skills groups commitment (Box 37) and a member's
  own commitment (Box 11);
* the **Skills Partnership for Offshore Renewable Energy** with the four
  commitments of Box 13 and their KPIs, and reported values broken down by
  gender, EQF level, age band, country and stakeholder group (one report is
  later corrected);
* the **Automotive Skills Alliance** with its commitment to upskill 5 % of the
  workforce each year, 700 000 employees (§3.1.2), and its working groups
  (Box 17);
* a **regional partnership** in Puglia (NUTS 2 region ITF4) linked to the
  Tourism partnership, taken through the expression of interest of Annex A
  (more information asked, then accepted) and the agreement template of
  Annex B (drafted twice, signed by its members).

The partnerships, commitments and KPIs are the handbook's; the member
organisations, people and reported values are illustrative.  Every id is
derived from a fixed namespace and a slug (:func:`demo_id`) and every step
checks what is already recorded, so loading the sample twice records nothing
the second time.  Dates of effect are fixed (2022-2025); the recording time is
the application's clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from uuid import UUID, uuid5

import attrs

from pact_domain.application import PactApplication
from pact_domain.partnership import KpiDefinition, Partnership
from pact_domain.values import (
    AgreementContent,
    Arrangements,
    Baseline,
    BreakdownValue,
    ContactPerson,
    CurrentPartner,
    ReportingPeriod,
    Target,
)
from pact_domain.vocabularies import (
    AssessmentOutcome,
    CalculationMethod,
    CharterPrinciple,
    CommitmentCategory,
    DataSource,
    Dimension,
    Ecosystem,
    KpiCategory,
    Measure,
    MembershipTier,
    OrganisationSize,
    PartnershipKind,
    PartnershipStatus,
    Periodicity,
    RegionalScope,
    StakeholderType,
    StrategicTheme,
)

__all__ = [
    "AUTOMOTIVE_ID",
    "DEMO_NAMESPACE",
    "OFFSHORE_ID",
    "PUGLIA_ID",
    "TOURISM_COMPOSITION",
    "TOURISM_ID",
    "DemoSummary",
    "PartnershipFacts",
    "demo_id",
    "load_demo",
    "tourism_composition",
]

DEMO_NAMESPACE = UUID("6d1f3c52-8a4e-5b7d-9c0e-2f4a6b8d0c1e")
"""The namespace of every id in the sample (never change it: ids derive from it)."""


def demo_id(slug: str) -> UUID:
    """The deterministic id of a sample entity, e.g. ``demo_id("org/aurora-hotels")``."""
    return uuid5(DEMO_NAMESPACE, slug)


TOURISM_ID = demo_id("partnership/tourism")
"""Id of the Skills Partnership for the Tourism Ecosystem."""
OFFSHORE_ID = demo_id("partnership/offshore-renewable-energy")
"""Id of the Skills Partnership for Offshore Renewable Energy."""
AUTOMOTIVE_ID = demo_id("partnership/automotive")
"""Id of the Automotive Skills Alliance."""
PUGLIA_ID = demo_id("partnership/puglia-tourism")
"""Id of the Puglia regional skills partnership for sustainable tourism."""

ST = StakeholderType
SZ = OrganisationSize
CP = CharterPrinciple
T = MembershipTier

TOURISM_COMPOSITION: Mapping[str, frozenset[StakeholderType]] = {
    "European or national associations and companies": frozenset(
        {ST.BUSINESS_ASSOCIATION, ST.SECTORAL_ORGANISATION, ST.COMPANY}
    ),
    "European trade union federations": frozenset({ST.SOCIAL_PARTNER}),
    "VET and higher education providers": frozenset(
        {ST.VET_PROVIDER, ST.HIGHER_EDUCATION}
    ),
    "Regional and local authorities": frozenset(
        {ST.PUBLIC_AUTHORITY_REGIONAL, ST.PUBLIC_AUTHORITY_LOCAL}
    ),
}
"""The four groups of the Tourism partnership's composition (handbook §4.6) and
the stakeholder types (§2.1) that make up each group."""


# --------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------


@attrs.frozen
class PartnershipFacts:
    """Counts describing one partnership of the sample, read from the store."""

    id: UUID
    name: str
    kind: PartnershipKind
    status: PartnershipStatus
    members: int
    countries: int
    coordinators: int
    agreement_versions: int
    commitments: int
    kpis: int
    reports: int


@attrs.frozen
class DemoSummary:
    """What :func:`load_demo` recorded and what the store now holds.

    Attributes:
        events_recorded: events recorded by this call (0 when the sample was
            already loaded).
        events_total: events in the store's notification log afterwards.
        organisations: organisations of the sample in the store.
        partnerships: facts about each partnership of the sample.
        tourism_composition: members of the Tourism partnership per group of
            :data:`TOURISM_COMPOSITION`.
    """

    events_recorded: int
    events_total: int
    organisations: int
    partnerships: tuple[PartnershipFacts, ...]
    tourism_composition: Mapping[str, int]


def tourism_composition(app: PactApplication) -> dict[str, int]:
    """Members of the Tourism partnership per group of the handbook (§4.6)."""
    partnership = app.get_partnership(TOURISM_ID)
    counts: Counter[str] = Counter()
    for organisation_id in partnership.members:
        kind = app.get_organisation(organisation_id).stakeholder_type
        group = next(
            (g for g, types in TOURISM_COMPOSITION.items() if kind in types), "other"
        )
        counts[group] += 1
    return {group: counts[group] for group in [*TOURISM_COMPOSITION, "other"]}


def _facts(partnership: Partnership) -> PartnershipFacts:
    return PartnershipFacts(
        id=partnership.id,
        name=partnership.name,
        kind=partnership.kind,
        status=partnership.status,
        members=len(partnership.members),
        countries=len(partnership.countries),
        coordinators=len(partnership.coordinators),
        agreement_versions=len(partnership.agreements),
        commitments=len(partnership.commitments),
        kpis=len(partnership.kpis),
        reports=len(partnership.reports),
    )


# --------------------------------------------------------------------------
# Sample data
# --------------------------------------------------------------------------


@attrs.frozen
class _Org:
    """An organisation of the sample."""

    slug: str
    name: str
    type: StakeholderType
    size: OrganisationSize
    country: str
    region: str | None = None

    @property
    def id(self) -> UUID:
        return demo_id(f"org/{self.slug}")


def _o(
    slug: str,
    name: str,
    type_: StakeholderType,
    size: OrganisationSize,
    country: str,
    region: str | None = None,
) -> _Org:
    return _Org(slug, name, type_, size, country, region)


# Skills Partnership for the Tourism Ecosystem (§4.6): 20 + 3 + 20 + 18 = 61.
TOURISM_ASSOCIATIONS_AND_COMPANIES = (
    _o("efhe", "European Federation of Hospitality Enterprises", ST.SECTORAL_ORGANISATION, SZ.SMALL, "BE", "BE10"),
    _o("uetota", "Union of European Tour Operators and Travel Agents", ST.BUSINESS_ASSOCIATION, SZ.SMALL, "BE", "BE10"),
    _o("ecoaa", "European Camping and Outdoor Accommodation Association", ST.SECTORAL_ORGANISATION, SZ.MICRO, "NL", "NL22"),
    _o("ertn", "European Rural Tourism Network", ST.BUSINESS_ASSOCIATION, SZ.MICRO, "AT", "AT22"),
    _o("ciit", "Confederazione Italiana Imprese Turistiche", ST.BUSINESS_ASSOCIATION, SZ.MEDIUM, "IT", "ITI4"),
    _o("aetr", "Asociación Española de Empresas de Turismo Rural", ST.BUSINESS_ASSOCIATION, SZ.SMALL, "ES", "ES30"),
    _o("bahe", "Bulgarian Association of Hospitality Employers", ST.BUSINESS_ASSOCIATION, SZ.SMALL, "BG", "BG41"),
    _o("dhea", "Dutch Hospitality Employers' Association", ST.BUSINESS_ASSOCIATION, SZ.MEDIUM, "NL", "NL32"),
    _o("gate", "Greek Association of Tourism Enterprises", ST.BUSINESS_ASSOCIATION, SZ.SMALL, "GR", "EL30"),
    _o("cetp", "Confederação Empresarial do Turismo Português", ST.BUSINESS_ASSOCIATION, SZ.SMALL, "PT", "PT1A"),
    _o("cate", "Croatian Association of Tourism Employers", ST.BUSINESS_ASSOCIATION, SZ.MICRO, "HR", "HR03"),
    _o("aamh", "Austrian Association of Mountain Hospitality", ST.SECTORAL_ORGANISATION, SZ.MICRO, "AT", "AT33"),
    _o("aurora-hotels", "Aurora Hotels Group S.A.", ST.COMPANY, SZ.LARGE, "ES", "ES53"),
    _o("mediterra-resorts", "Mediterra Resorts S.p.A.", ST.COMPANY, SZ.LARGE, "IT", "ITF4"),
    _o("baltic-coast", "Baltic Coast Holidays OÜ", ST.COMPANY, SZ.SMALL, "EE", "EE00"),
    _o("alpenblick", "Alpenblick Hotelbetriebe GmbH", ST.COMPANY, SZ.MEDIUM, "AT", "AT33"),
    _o("danube-cruises", "Danube River Cruises Kft.", ST.COMPANY, SZ.MEDIUM, "HU", "HU11"),
    _o("atlantic-trails", "Atlantic Trails Tours Lda.", ST.COMPANY, SZ.MICRO, "PT", "PT11"),
    _o("nordic-lights", "Nordic Lights Travel Oy", ST.COMPANY, SZ.SMALL, "FI", "FI1D"),
    _o("cyclades-sailing", "Cyclades Sailing Holidays", ST.COMPANY, SZ.MICRO, "GR", "EL42"),
)  # fmt: skip
TOURISM_TRADE_UNIONS = (
    _o("effw", "European Federation of Food, Hospitality and Tourism Workers", ST.SOCIAL_PARTNER, SZ.SMALL, "BE", "BE10"),
    _o("ettwf", "European Transport and Travel Workers' Federation", ST.SOCIAL_PARTNER, SZ.SMALL, "BE", "BE10"),
    _o("efssu", "European Federation of Service Sector Unions", ST.SOCIAL_PARTNER, SZ.SMALL, "BE", "BE10"),
)  # fmt: skip
TOURISM_EDUCATION = (
    _o("ipa-bari", "Istituto Professionale Alberghiero di Bari", ST.VET_PROVIDER, SZ.MEDIUM, "IT", "ITF4"),
    _o("eht-porto", "Escola de Hotelaria e Turismo do Porto", ST.VET_PROVIDER, SZ.MEDIUM, "PT", "PT11"),
    _o("horeca-amsterdam", "Horeca Vakschool Amsterdam", ST.VET_PROVIDER, SZ.MEDIUM, "NL", "NL32"),
    _o("cft-mallorca", "Centre de Formació Turística de Mallorca", ST.VET_PROVIDER, SZ.SMALL, "ES", "ES53"),
    _o("bst-salzburg", "Berufsschule für Tourismus Salzburg", ST.VET_PROVIDER, SZ.MEDIUM, "AT", "AT32"),
    _o("vst-varna", "Varna Vocational School of Tourism", ST.VET_PROVIDER, SZ.SMALL, "BG", "BG33"),
    _o("lh-nice", "Lycée des métiers de l'hôtellerie de Nice", ST.VET_PROVIDER, SZ.MEDIUM, "FR", "FRL0"),
    _o("ivt-rhodes", "Rhodes Institute of Vocational Training in Tourism", ST.VET_PROVIDER, SZ.SMALL, "GR", "EL42"),
    _o("hts-split", "Split School of Hospitality and Tourism", ST.VET_PROVIDER, SZ.SMALL, "HR", "HR03"),
    _o("ghs-krakow", "Kraków School of Gastronomy and Hotel Management", ST.VET_PROVIDER, SZ.SMALL, "PL", "PL21"),
    _o("httc-cyprus", "Cyprus Hotel and Tourism Training Centre", ST.VET_PROVIDER, SZ.SMALL, "CY", "CY00"),
    _o("vcct-ljubljana", "Ljubljana Vocational College for Catering and Tourism", ST.VET_PROVIDER, SZ.SMALL, "SI", "SI04"),
    _o("algarve-hospitality", "Algarve School of Hospitality and Tourism", ST.HIGHER_EDUCATION, SZ.MEDIUM, "PT", "PT15"),
    _o("brabant-uas", "Brabant University of Applied Sciences, Tourism Academy", ST.HIGHER_EDUCATION, SZ.LARGE, "NL", "NL41"),
    _o("aegean-tourism", "Aegean Institute of Tourism Studies", ST.HIGHER_EDUCATION, SZ.MEDIUM, "GR", "EL41"),
    _o("balearic-stm", "Balearic School of Tourism Management", ST.HIGHER_EDUCATION, SZ.MEDIUM, "ES", "ES53"),
    _o("alpine-uas", "Alpine University of Applied Sciences", ST.HIGHER_EDUCATION, SZ.LARGE, "AT", "AT33"),
    _o("black-sea-economics", "Black Sea University of Economics", ST.HIGHER_EDUCATION, SZ.LARGE, "BG", "BG33"),
    _o("uts-toscana", "Università per il Turismo Sostenibile", ST.HIGHER_EDUCATION, SZ.MEDIUM, "IT", "ITI1"),
    _o("baltic-hospitality", "Baltic Academy of Hospitality", ST.HIGHER_EDUCATION, SZ.SMALL, "LV", "LV00"),
)  # fmt: skip
TOURISM_AUTHORITIES = (
    _o("regione-puglia", "Regione Puglia, Department of Tourism", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "IT", "ITF4"),
    _o("andalucia-tourism", "Junta de Andalucía, Regional Ministry of Tourism", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "ES", "ES61"),
    _o("balears-tourism", "Govern de les Illes Balears, Tourism Strategy Office", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "ES", "ES53"),
    _o("region-paca", "Région Provence-Alpes-Côte d'Azur", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "FR", "FRL0"),
    _o("south-aegean", "Region of South Aegean", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "GR", "EL42"),
    _o("crete", "Region of Crete", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "GR", "EL43"),
    _o("land-tirol", "Land Tirol, Tourism Department", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "AT", "AT33"),
    _o("algarve-board", "Algarve Regional Tourism Board", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "PT", "PT15"),
    _o("split-dalmatia", "Split-Dalmatia County", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "HR", "HR03"),
    _o("noord-holland", "Province of Noord-Holland", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "NL", "NL32"),
    _o("madeira-tourism", "Região Autónoma da Madeira, Regional Secretariat for Tourism", ST.PUBLIC_AUTHORITY_REGIONAL, SZ.NOT_APPLICABLE, "PT", "PT30"),
    _o("dubrovnik", "City of Dubrovnik", ST.PUBLIC_AUTHORITY_LOCAL, SZ.NOT_APPLICABLE, "HR", "HR03"),
    _o("varna", "Municipality of Varna", ST.PUBLIC_AUTHORITY_LOCAL, SZ.NOT_APPLICABLE, "BG", "BG33"),
    _o("bruges", "City of Bruges", ST.PUBLIC_AUTHORITY_LOCAL, SZ.NOT_APPLICABLE, "BE", "BE25"),
    _o("matera", "Comune di Matera", ST.PUBLIC_AUTHORITY_LOCAL, SZ.NOT_APPLICABLE, "IT", "ITF5"),
    _o("valencia", "City of Valencia", ST.PUBLIC_AUTHORITY_LOCAL, SZ.NOT_APPLICABLE, "ES", "ES52"),
    _o("rovaniemi", "City of Rovaniemi", ST.PUBLIC_AUTHORITY_LOCAL, SZ.NOT_APPLICABLE, "FI", "FI1D"),
    _o("rhodes", "Municipality of Rhodes", ST.PUBLIC_AUTHORITY_LOCAL, SZ.NOT_APPLICABLE, "GR", "EL42"),
)  # fmt: skip

# Skills Partnership for Offshore Renewable Energy: 21 partners from 11
# countries, the averages of the 11 LSPs of May 2022 (§3.2).
OFFSHORE_MEMBERS = (
    _o("eowic", "European Offshore Wind Industry Council", ST.SECTORAL_ORGANISATION, SZ.SMALL, "BE", "BE10"),
    _o("eoef", "European Ocean Energy Forum", ST.BUSINESS_ASSOCIATION, SZ.MICRO, "BE", "BE10"),
    _o("eewf", "European Energy Workers' Federation", ST.SOCIAL_PARTNER, SZ.SMALL, "BE", "BE10"),
    _o("doa-esbjerg", "Danish Offshore Skills Academy", ST.VET_PROVIDER, SZ.MEDIUM, "DK", "DK03"),
    _o("north-sea-wind", "North Sea Wind Power A/S", ST.COMPANY, SZ.LARGE, "DK", "DK03"),
    _o("tu-jutland", "Technical University of Jutland", ST.HIGHER_EDUCATION, SZ.LARGE, "DK", "DK04"),
    _o("owtc-bremerhaven", "Offshore Wind Training Centre Bremerhaven", ST.VET_PROVIDER, SZ.SMALL, "DE", "DE50"),
    _o("nordsee-kabel", "Nordsee Kabeltechnik GmbH", ST.COMPANY, SZ.MEDIUM, "DE", "DE94"),
    _o("iwes-research", "Institute for Wind Energy Systems Research", ST.RESEARCH_INSTITUTION, SZ.LARGE, "DE", "DE92"),
    _o("maritime-den-helder", "Maritime Academy Den Helder", ST.VET_PROVIDER, SZ.MEDIUM, "NL", "NL32"),
    _o("dutch-offshore-cluster", "Dutch Offshore Energy Cluster", ST.CLUSTER, SZ.SMALL, "NL", "NL36"),
    _o("atlantic-floating", "Atlantic Floating Wind SAS", ST.COMPANY, SZ.LARGE, "FR", "FRG0"),
    _o("campus-mer", "Campus des métiers de la mer de Saint-Nazaire", ST.VET_PROVIDER, SZ.SMALL, "FR", "FRG0"),
    _o("basque-offshore", "Basque Offshore Energy Cluster", ST.CLUSTER, SZ.SMALL, "ES", "ES21"),
    _o("maritima-galicia", "Universidad Marítima de Galicia", ST.HIGHER_EDUCATION, SZ.LARGE, "ES", "ES11"),
    _o("apore", "Portuguese Offshore Renewable Energy Association", ST.BUSINESS_ASSOCIATION, SZ.MICRO, "PT", "PT11"),
    _o("imrti", "Irish Marine Renewables Training Institute", ST.VET_PROVIDER, SZ.SMALL, "IE", "IE05"),
    _o("bowa-poland", "Baltic Offshore Wind Association Poland", ST.BUSINESS_ASSOCIATION, SZ.SMALL, "PL", "PL63"),
    _o("gdansk-maritime", "Gdańsk University of Maritime Technology", ST.HIGHER_EDUCATION, SZ.LARGE, "PL", "PL63"),
    _o("west-sweden-pes", "West Sweden Public Employment Service", ST.EMPLOYMENT_SERVICE, SZ.LARGE, "SE", "SE23"),
    _o("hellenic-offshore", "Hellenic Offshore Wind Cluster", ST.CLUSTER, SZ.MICRO, "GR", "EL30"),
)  # fmt: skip

# Automotive Skills Alliance (§3.1.2, §3.5, Box 17).
AUTOMOTIVE_MEMBERS = (
    _o("easf", "European Automotive Suppliers Forum", ST.SECTORAL_ORGANISATION, SZ.SMALL, "BE", "BE10"),
    _o("auto-univ-turin", "Automotive Engineering University of Turin", ST.HIGHER_EDUCATION, SZ.LARGE, "IT", "ITC1"),
    _o("emfm", "European Metalworkers' Federation for Mobility", ST.SOCIAL_PARTNER, SZ.SMALL, "BE", "BE10"),
    _o("bavarian-auto-cluster", "Bavarian Automotive Cluster", ST.CLUSTER, SZ.SMALL, "DE", "DE21"),
    _o("stuttgart-components", "Stuttgart Vehicle Components AG", ST.COMPANY, SZ.LARGE, "DE", "DE11"),
    _o("wolfsburg-emobility", "Wolfsburg Training Academy for E-Mobility", ST.VET_PROVIDER, SZ.MEDIUM, "DE", "DE91"),
    _o("mobilite-avenir", "Mobilité Avenir Formation", ST.VET_PROVIDER, SZ.SMALL, "FR", "FRE1"),
    _o("lyon-powertrain", "Lyon Powertrain Systems SA", ST.COMPANY, SZ.LARGE, "FR", "FRK2"),
    _o("catalan-auto-cluster", "Catalan Automotive Cluster", ST.CLUSTER, SZ.SMALL, "ES", "ES51"),
    _o("cfp-valladolid", "Centro de Formación Profesional de Automoción de Valladolid", ST.VET_PROVIDER, SZ.SMALL, "ES", "ES41"),
    _o("mlada-boleslav", "Mladá Boleslav Technical College", ST.VET_PROVIDER, SZ.MEDIUM, "CZ", "CZ02"),
    _o("moravian-auto", "Moravian Automotive Industry Association", ST.BUSINESS_ASSOCIATION, SZ.MICRO, "CZ", "CZ08"),
    _o("trnava-cells", "Trnava Battery Cells s.r.o.", ST.COMPANY, SZ.MEDIUM, "SK", "SK02"),
    _o("gyor-training", "Győr Automotive Training Centre", ST.VET_PROVIDER, SZ.SMALL, "HU", "HU22"),
    _o("pitesti-cluster", "Pitești Automotive Cluster", ST.CLUSTER, SZ.MICRO, "RO", "RO31"),
    _o("goteborg-emobility", "Göteborg Electromobility Research Institute", ST.RESEARCH_INSTITUTION, SZ.MEDIUM, "SE", "SE23"),
    _o("silesia-pes", "Silesian Voivodeship Labour Office", ST.EMPLOYMENT_SERVICE, SZ.LARGE, "PL", "PL22"),
)  # fmt: skip

# Puglia regional partnership: three Tourism LSP members and seven local ones.
PUGLIA_LOCAL_MEMBERS = (
    _o("lecce", "Comune di Lecce", ST.PUBLIC_AUTHORITY_LOCAL, SZ.NOT_APPLICABLE, "IT", "ITF4"),
    _o("salento-tourism-lab", "University of Salento, Tourism Lab", ST.HIGHER_EDUCATION, SZ.LARGE, "IT", "ITF4"),
    _o("puglia-hospitality", "Puglia Hospitality Employers' Association", ST.BUSINESS_ASSOCIATION, SZ.SMALL, "IT", "ITF4"),
    _o("murgia-rural", "Cooperativa Turismo Rurale Murgia", ST.COMPANY, SZ.MICRO, "IT", "ITF4"),
    _o("puglia-employment", "Puglia Regional Employment Agency", ST.EMPLOYMENT_SERVICE, SZ.LARGE, "IT", "ITF4"),
    _o("puglia-tourism-workers", "Tourism Workers' Union of Puglia", ST.SOCIAL_PARTNER, SZ.MICRO, "IT", "ITF4"),
    _o("gargano-guides", "Gargano Tour Guides Network", ST.NGO_CSO, SZ.MICRO, "IT", "ITF4"),
)  # fmt: skip

_ORG = {
    o.slug: o
    for o in (
        *TOURISM_ASSOCIATIONS_AND_COMPANIES,
        *TOURISM_TRADE_UNIONS,
        *TOURISM_EDUCATION,
        *TOURISM_AUTHORITIES,
        *OFFSHORE_MEMBERS,
        *AUTOMOTIVE_MEMBERS,
        *PUGLIA_LOCAL_MEMBERS,
    )
}

_ECOSYSTEMS: Mapping[str, tuple[Ecosystem, ...]] = {
    "tourism": (Ecosystem.TOURISM,),
    "offshore": (Ecosystem.RENEWABLE_ENERGY,),
    "automotive": (Ecosystem.MOBILITY_TRANSPORT_AUTOMOTIVE,),
}

SUPPORT = "Pact Support Services"


def _gender(women: int, men: int, non_binary: int = 0) -> tuple[BreakdownValue, ...]:
    """A gender breakdown (ESF+ categories); non-binary only when reported."""
    parts = {"women": women, "men": men}
    if non_binary:
        parts["non_binary"] = non_binary
    return _by(Dimension.GENDER, **parts)


def _by(dimension: Dimension, **values: int) -> tuple[BreakdownValue, ...]:
    return tuple(BreakdownValue(dimension, k, v) for k, v in values.items())


def _eqf(**levels: int) -> tuple[BreakdownValue, ...]:
    return tuple(
        BreakdownValue(Dimension.EQF_LEVEL, k.removeprefix("l"), v)
        for k, v in levels.items()
    )


def _year(year: int) -> ReportingPeriod:
    return ReportingPeriod.year(year)


# --------------------------------------------------------------------------
# Loader
# --------------------------------------------------------------------------


class _Loader:
    """Records the sample step by step, skipping every step already recorded."""

    def __init__(self, app: PactApplication) -> None:
        self.app = app

    # -- organisations ------------------------------------------------------

    def organisation(self, org: _Org, ecosystem: str, joined: date) -> UUID:
        """Register ``org`` (and its Charter signature) unless it exists."""
        if not self.app.exists(org.id):
            self.app.register_organisation(
                id=org.id,
                name=org.name,
                stakeholder_type=org.type,
                size=org.size,
                country=org.country,
                region=org.region,
                ecosystems=_ECOSYSTEMS[ecosystem],
                actor=SUPPORT,
                effective_at=joined,
            )
        if self.app.get_organisation(org.id).charter_signed_on is None:
            self.app.sign_charter(
                org.id, signed_on=joined, actor=f"{org.name} (signatory)"
            )
        return org.id

    # -- partnership steps --------------------------------------------------

    def partnership(self, partnership_id: UUID) -> Partnership:
        """The partnership's current state."""
        return self.app.get_partnership(partnership_id)

    def join(
        self,
        partnership_id: UUID,
        orgs: Iterable[_Org],
        *,
        ecosystem: str,
        on: date,
        tier: MembershipTier,
        actor: str,
    ) -> None:
        """Register and add each organisation not yet a member."""
        members = self.partnership(partnership_id).members
        for org in orgs:
            self.organisation(org, ecosystem, on)
            if org.id not in members:
                self.app.join_partnership(
                    partnership_id,
                    organisation_id=org.id,
                    tier=tier,
                    actor=actor,
                    effective_at=on,
                )

    def appoint(self, partnership_id: UUID, org: _Org, *, on: date, actor: str) -> None:
        """Appoint ``org`` coordinator unless it is one."""
        if org.id not in self.partnership(partnership_id).coordinators:
            self.app.appoint_coordinator(
                partnership_id, organisation_id=org.id, actor=actor, effective_at=on
            )

    def draft(
        self,
        partnership_id: UUID,
        version: int,
        content: AgreementContent,
        *,
        on: date,
        actor: str,
    ) -> None:
        """Record agreement draft ``version`` unless it exists."""
        if version not in self.partnership(partnership_id).agreements:
            got = self.app.draft_agreement(
                partnership_id, content=content, actor=actor, effective_at=on
            )
            if got != version:  # pragma: no cover - the sample's own consistency
                raise RuntimeError(f"drafted version {got}, expected {version}")

    def sign(
        self,
        partnership_id: UUID,
        version: int,
        signatories: Iterable[_Org],
        *,
        on: date,
        actor: str,
    ) -> None:
        """Sign agreement ``version`` unless it is signed."""
        if self.partnership(partnership_id).agreements[version].signed_on is None:
            self.app.sign_agreement(
                partnership_id,
                version=version,
                signatories=tuple(o.id for o in signatories),
                signed_on=on,
                actor=actor,
            )

    def pledge(
        self,
        partnership_id: UUID,
        slug: str,
        *,
        category: CommitmentCategory,
        statement: str,
        principles: tuple[CharterPrinciple, ...],
        kpis: Mapping[str, KpiDefinition],
        on: date,
        actor: str,
        target: Target | None = None,
        member: _Org | None = None,
    ) -> None:
        """Pledge commitment ``slug`` with its KPIs unless it exists."""
        commitment_id = demo_id(f"{partnership_id}/commitment/{slug}")
        if commitment_id not in self.partnership(partnership_id).commitments:
            self.app.pledge_commitment(
                partnership_id,
                category=category,
                statement=statement,
                principles=principles,
                kpis=tuple(kpis.values()),
                member_id=None if member is None else member.id,
                target=target,
                actor=actor,
                effective_at=on,
                commitment_id=commitment_id,
                kpi_ids=tuple(self.kpi_id(partnership_id, k) for k in kpis),
            )

    @staticmethod
    def kpi_id(partnership_id: UUID, slug: str) -> UUID:
        """The deterministic id of KPI ``slug`` of a partnership."""
        return demo_id(f"{partnership_id}/kpi/{slug}")

    def report(
        self,
        partnership_id: UUID,
        kpi: str,
        year: int,
        value: int | str | None,
        *,
        actor: str,
        breakdowns: tuple[BreakdownValue, ...] = (),
        text: str = "",
        source: DataSource = DataSource.SURVEY,
        reported_by: _Org | None = None,
        on: date | None = None,
    ) -> UUID:
        """Report ``kpi`` for calendar ``year`` unless reported; return the id."""
        report_id = demo_id(f"{partnership_id}/report/{kpi}/{year}")
        if report_id not in self.partnership(partnership_id).reports:
            self.app.report_kpi(
                partnership_id,
                kpi_id=self.kpi_id(partnership_id, kpi),
                period=_year(year),
                value=value,
                text=text,
                breakdowns=breakdowns,
                reported_by=None if reported_by is None else reported_by.id,
                source=source,
                actor=actor,
                effective_at=on or date(year + 1, 2, 15),
                report_id=report_id,
            )
        return report_id


# --------------------------------------------------------------------------
# The four partnerships
# --------------------------------------------------------------------------


def _tourism(loader: _Loader) -> None:
    app, pid = loader.app, TOURISM_ID
    lead = _ORG["efhe"]
    coordinator = f"{lead.name} (coordinator)"
    if not app.exists(pid):
        app.submit_expression_of_interest(
            id=pid,
            name="Skills Partnership for the Tourism Ecosystem",
            kind=PartnershipKind.LARGE_SCALE,
            ecosystems=(Ecosystem.TOURISM,),
            countries=tuple(
                dict.fromkeys(
                    o.country
                    for o in (
                        *TOURISM_ASSOCIATIONS_AND_COMPANIES,
                        *TOURISM_TRADE_UNIONS,
                        *TOURISM_EDUCATION,
                        *TOURISM_AUTHORITIES,
                    )
                )
            ),
            contact=ContactPerson(
                full_name="Marta Oliveira",
                email="marta.oliveira@example.org",
                title="Ms",
                organisation=lead.name,
            ),
            description=(
                "A Large Scale Partnership of European and national tourism "
                "associations, companies, trade unions, education providers and "
                "regional authorities, to create practical training opportunities "
                "in a seasonal industry with many short-term contracts, SMEs and "
                "independent businesses (handbook Box 5)."
            ),
            objectives=(
                "Upskill and reskill the tourism workforce in digital and green "
                "skills; make tourism careers attractive; set up national and "
                "regional skills groups that implement the partnership where "
                "training systems are defined."
            ),
            support_needed="Monitoring framework and regional outreach.",
            actor=coordinator,
            effective_at=date(2022, 1, 17),
        )
    if loader.partnership(pid).assessment is None:
        app.assess_expression_of_interest(
            pid,
            outcome=AssessmentOutcome.ACCEPTED,
            reasons="Broad European coverage of the tourism ecosystem.",
            follow_up_meeting=date(2022, 3, 1),
            actor=SUPPORT,
            effective_at=date(2022, 2, 14),
        )
    # Core: EU associations, unions and the education providers; associated:
    # the authorities; affiliated: the companies.
    associations = [
        o for o in TOURISM_ASSOCIATIONS_AND_COMPANIES if o.type is not ST.COMPANY
    ]
    companies = [o for o in TOURISM_ASSOCIATIONS_AND_COMPANIES if o.type is ST.COMPANY]
    core = [*associations, *TOURISM_TRADE_UNIONS]
    for orgs, tier, on in (
        (core, T.CORE, date(2022, 3, 1)),
        (TOURISM_EDUCATION, T.CORE, date(2022, 4, 6)),
        (TOURISM_AUTHORITIES, T.ASSOCIATED, date(2022, 6, 20)),
        (companies, T.AFFILIATED, date(2022, 9, 12)),
    ):
        loader.join(pid, orgs, ecosystem="tourism", on=on, tier=tier, actor=coordinator)
    loader.appoint(pid, lead, on=date(2022, 3, 1), actor=coordinator)
    loader.appoint(pid, _ORG["effw"], on=date(2023, 1, 23), actor=coordinator)
    mediterra = _ORG["mediterra-resorts"]
    if loader.partnership(pid).members[mediterra.id].tier is T.AFFILIATED:
        app.change_member_tier(
            pid,
            organisation_id=mediterra.id,
            tier=T.ASSOCIATED,
            actor=coordinator,
            effective_at=date(2023, 3, 15),
        )
    loader.draft(
        pid,
        1,
        AgreementContent(
            challenge=(
                "Creating practical training opportunities in a seasonal industry "
                "with a high prevalence of short-term contracts, SMEs and "
                "independent businesses; recovering from the COVID-19 crisis; "
                "attracting and retaining staff."
            ),
            ambition=(
                "A resilient, digital and sustainable European tourism ecosystem "
                "whose workers have the skills to deliver quality experiences."
            ),
            strategic_themes=(
                StrategicTheme.DIGITAL_TRANSITION,
                StrategicTheme.SUSTAINABILITY,
                StrategicTheme.ATTRACTIVENESS_OF_CAREERS,
            ),
            priority_skills_needs=(
                "digital marketing and booking platforms",
                "sustainable destination management",
                "customer service and languages",
            ),
            proposal="Upskilling and reskilling commitments at EU and national level.",
            arrangements=Arrangements(
                coordination=(
                    "A lead partner coordinates with an advisory and steering "
                    "group; national and regional skills groups implement the "
                    "partnership (Box 16)."
                ),
                working_groups=("EU level", "National and regional skills groups"),
                meeting_frequency="Steering group quarterly; general meeting yearly.",
                memorandum_of_understanding=True,
                membership_tiers=(T.CORE, T.ASSOCIATED, T.AFFILIATED),
            ),
            timeline="2022-2025",
            ecosystems=(Ecosystem.TOURISM,),
        ),
        on=date(2022, 5, 2),
        actor=coordinator,
    )
    loader.sign(
        pid, 1, [*core, *TOURISM_EDUCATION], on=date(2022, 6, 1), actor=coordinator
    )
    loader.pledge(
        pid,
        "upskilling",
        category=CommitmentCategory.TRAINING_AND_DEVELOPMENT,
        statement=(
            "Members deliver upskilling and reskilling opportunities to tourism "
            "workers, with a focus on digital and green skills and on workers "
            "of SMEs and independent businesses."
        ),
        principles=(CP.LEARNING_CULTURE, CP.EQUAL_OPPORTUNITIES),
        kpis={
            "people-trained": KpiDefinition(
                name="Tourism workers trained by partnership members",
                category=KpiCategory.SKILLING_TRAINING_OUTPUTS,
                measure=Measure.COUNT,
                unit="people",
                baseline=Baseline(0, 2022),
                target=Target(60_000, "people", date(2025, 12, 31)),
                dimensions=(Dimension.GENDER, Dimension.GREEN_DIGITAL),
            ),
            "courses-offered": KpiDefinition(
                name="Training courses offered by partnership members",
                category=KpiCategory.SKILLING_TRAINING_OUTPUTS,
                measure=Measure.COUNT,
                unit="courses",
                target=Target(400, "courses", date(2025, 12, 31)),
            ),
        },
        on=date(2022, 6, 1),
        actor=coordinator,
    )
    loader.pledge(
        pid,
        "skills-groups",
        category=CommitmentCategory.PARTNERSHIP_AND_DIALOGUE,
        statement=(
            "Set up national and regional skills groups of tourism businesses and "
            "education providers that agree their own commitments (Box 37)."
        ),
        principles=(CP.STRONG_PARTNERSHIPS,),
        kpis={
            "skills-groups": KpiDefinition(
                name="National or regional skills groups set up",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="skills groups",
                calculation=CalculationMethod.LATEST,
                target=Target(10, "skills groups", date(2025, 12, 31)),
                dimensions=(Dimension.COUNTRY,),
                data_source=DataSource.ADMINISTRATIVE,
            ),
        },
        on=date(2022, 6, 1),
        actor=coordinator,
    )
    loader.pledge(
        pid,
        "mediterra-apprenticeships",
        member=mediterra,
        category=CommitmentCategory.TRAINING_AND_DEVELOPMENT,
        statement=(
            "Mediterra Resorts offers 120 paid apprenticeships a year in its "
            "hotels in Puglia (a member's own commitment, Box 11)."
        ),
        principles=(CP.LEARNING_CULTURE,),
        target=Target(120, "apprenticeships a year"),
        kpis={
            "mediterra-apprenticeships": KpiDefinition(
                name="Apprenticeships offered by Mediterra Resorts",
                category=KpiCategory.SKILLING_TRAINING_OUTPUTS,
                measure=Measure.COUNT,
                unit="apprenticeships",
                calculation=CalculationMethod.LATEST,
                target=Target(120, "apprenticeships"),
                data_source=DataSource.ADMINISTRATIVE,
            ),
        },
        on=date(2023, 3, 15),
        actor=f"{mediterra.name} (member)",
    )
    loader.report(
        pid,
        "people-trained",
        2023,
        18_450,
        breakdowns=(
            *_gender(10_320, 8_060, 70),
            *_by(Dimension.GREEN_DIGITAL, green=4_200, digital=6_900, both=2_150, neither=5_200),
        ),
        actor=coordinator,
    )  # fmt: skip
    loader.report(pid, "courses-offered", 2023, 164, actor=coordinator)
    loader.report(
        pid,
        "skills-groups",
        2022,
        3,
        breakdowns=_by(Dimension.COUNTRY, BG=1, IT=1, NL=1),
        source=DataSource.ADMINISTRATIVE,
        text="National Skills Groups in Bulgaria, Italy and the Netherlands (Box 37).",
        actor=coordinator,
    )
    loader.report(
        pid,
        "skills-groups",
        2023,
        5,
        breakdowns=_by(Dimension.COUNTRY, BG=1, IT=1, NL=1, ES=1, GR=1),
        source=DataSource.ADMINISTRATIVE,
        actor=coordinator,
    )
    loader.report(
        pid,
        "mediterra-apprenticeships",
        2023,
        96,
        reported_by=mediterra,
        source=DataSource.ADMINISTRATIVE,
        actor=f"{mediterra.name} (member)",
    )


def _offshore(loader: _Loader) -> None:
    app, pid = loader.app, OFFSHORE_ID
    chair, co_chair = _ORG["eowic"], _ORG["eoef"]
    coordinator = f"{chair.name} (coordinator)"
    if not app.exists(pid):
        app.submit_expression_of_interest(
            id=pid,
            name="Skills Partnership for Offshore Renewable Energy",
            kind=PartnershipKind.LARGE_SCALE,
            ecosystems=(Ecosystem.RENEWABLE_ENERGY,),
            countries=tuple(dict.fromkeys(o.country for o in OFFSHORE_MEMBERS)),
            contact=ContactPerson(
                full_name="Henrik Sørensen",
                email="henrik.sorensen@example.org",
                title="Mr",
                organisation=chair.name,
            ),
            description=(
                "Industry, social partners, education providers and public "
                "employment services of the offshore renewable energy sector "
                "promote collaborative actions and mobilise investment in skills "
                "(Terms of Reference, handbook Box 13)."
            ),
            objectives=(
                "An observatory on training needs and offer; lifelong learning "
                "in ORE for all; attractive ORE careers; durable skills "
                "partnerships across sea basins."
            ),
            actor=coordinator,
            effective_at=date(2022, 3, 15),
        )
    if loader.partnership(pid).assessment is None:
        app.assess_expression_of_interest(
            pid,
            outcome=AssessmentOutcome.ACCEPTED,
            follow_up_meeting=date(2022, 5, 10),
            actor=SUPPORT,
            effective_at=date(2022, 4, 20),
        )
    loader.join(
        pid,
        OFFSHORE_MEMBERS[:12],
        ecosystem="offshore",
        on=date(2022, 5, 10),
        tier=T.CORE,
        actor=coordinator,
    )
    loader.join(
        pid,
        OFFSHORE_MEMBERS[12:],
        ecosystem="offshore",
        on=date(2022, 11, 7),
        tier=T.ASSOCIATED,
        actor=coordinator,
    )
    loader.appoint(pid, chair, on=date(2022, 5, 10), actor=coordinator)
    successor = _ORG["tu-jutland"]
    coordinators = loader.partnership(pid).coordinators
    if co_chair.id not in coordinators and successor.id not in coordinators:
        loader.appoint(pid, co_chair, on=date(2022, 5, 10), actor=coordinator)
    if co_chair.id in loader.partnership(pid).coordinators:
        app.transfer_coordination(
            pid,
            from_organisation_id=co_chair.id,
            to_organisation_id=successor.id,
            actor=coordinator,
            effective_at=date(2024, 7, 1),
        )
    loader.draft(
        pid,
        1,
        AgreementContent(
            challenge=(
                "Offshore wind and ocean energy must grow several times over by "
                "2030; employers report shortages of technicians, engineers and "
                "certified offshore workers, and few women enter the sector."
            ),
            ambition=(
                "A skilled, diverse and mobile offshore renewable energy "
                "workforce in every European sea basin."
            ),
            strategic_themes=(
                StrategicTheme.SUSTAINABILITY,
                StrategicTheme.ATTRACTIVENESS_OF_CAREERS,
                StrategicTheme.INCLUSION_DIVERSITY,
            ),
            priority_skills_needs=(
                "wind turbine maintenance",
                "high-voltage cable installation",
                "offshore safety certification",
            ),
            arrangements=Arrangements(
                coordination="Two co-chairs; the co-chair seat rotates.",
                working_groups=("Observatory", "Lifelong learning", "Careers"),
                meeting_frequency="General meeting twice a year.",
                membership_tiers=(T.CORE, T.ASSOCIATED),
            ),
            timeline="2022-2025, reviewed every three years",
            ecosystems=(Ecosystem.RENEWABLE_ENERGY,),
        ),
        on=date(2022, 6, 1),
        actor=coordinator,
    )
    loader.sign(pid, 1, OFFSHORE_MEMBERS[:12], on=date(2022, 9, 29), actor=coordinator)
    pledged = date(2022, 10, 14)
    loader.pledge(
        pid,
        "observatory",
        category=CommitmentCategory.SKILLS_INTELLIGENCE,
        statement="Create an observatory on training needs and offer in the ORE sector.",
        principles=(CP.SKILLS_INTELLIGENCE,),
        kpis={
            "training-offers": KpiDefinition(
                name="Training offers addressing ORE per country",
                category=KpiCategory.PARTNERSHIP_OUTPUTS,
                measure=Measure.COUNT,
                unit="training offers",
                calculation=CalculationMethod.LATEST,
                dimensions=(Dimension.COUNTRY,),
                data_source=DataSource.DESK_RESEARCH,
            ),
            "skills-gaps": KpiDefinition(
                name="Skills gaps identified in the sector per country",
                category=KpiCategory.PARTNERSHIP_OUTPUTS,
                measure=Measure.COUNT,
                unit="skills gaps",
                calculation=CalculationMethod.LATEST,
                dimensions=(Dimension.COUNTRY,),
                data_source=DataSource.DESK_RESEARCH,
            ),
            "future-trends": KpiDefinition(
                name="Triennial update of future trends in needs and impacts",
                category=KpiCategory.PARTNERSHIP_OUTPUTS,
                measure=Measure.QUALITATIVE,
                periodicity=Periodicity.TRIENNIAL,
                calculation=CalculationMethod.LATEST,
                target=Target(1, "update published", date(2025, 12, 31)),
                data_source=DataSource.DESK_RESEARCH,
            ),
        },
        on=pledged,
        actor=coordinator,
    )
    loader.pledge(
        pid,
        "lifelong-learning",
        category=CommitmentCategory.LIFELONG_LEARNING_CULTURE,
        statement="Promote life-long learning in ORE for all.",
        principles=(CP.LEARNING_CULTURE, CP.EQUAL_OPPORTUNITIES),
        kpis={
            "vet-university-trained": KpiDefinition(
                name="People trained in VET/university programmes",
                category=KpiCategory.SKILLING_TRAINING_OUTPUTS,
                measure=Measure.COUNT,
                unit="people",
                dimensions=(Dimension.EQF_LEVEL, Dimension.GENDER),
            ),
            "lll-trained": KpiDefinition(
                name="People trained in LLL courses",
                category=KpiCategory.SKILLING_TRAINING_OUTPUTS,
                measure=Measure.COUNT,
                unit="people",
                dimensions=(Dimension.EQF_LEVEL, Dimension.GENDER),
            ),
        },
        on=pledged,
        actor=coordinator,
    )
    loader.pledge(
        pid,
        "careers",
        category=CommitmentCategory.DIVERSIFYING_WORKFORCE,
        statement="Promote careers in ORE to young talent.",
        principles=(CP.LEARNING_CULTURE, CP.EQUAL_OPPORTUNITIES),
        kpis={
            "promotion-activities": KpiDefinition(
                name="Activities and promotional materials to attract young talent",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="activities and materials",
                data_source=DataSource.ADMINISTRATIVE,
            ),
            "people-engaged": KpiDefinition(
                name="People who engage in the activities or use the materials",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="people",
            ),
            "apprentices": KpiDefinition(
                name="Apprentices engaged",
                category=KpiCategory.SKILLING_TRAINING_OUTPUTS,
                measure=Measure.COUNT,
                unit="apprentices",
                dimensions=(Dimension.GENDER, Dimension.AGE_BAND),
            ),
            "jobs-promoted": KpiDefinition(
                name="Job opportunities promoted",
                category=KpiCategory.IMPACTS,
                measure=Measure.COUNT,
                unit="job opportunities",
            ),
            "people-hired": KpiDefinition(
                name="People hired",
                category=KpiCategory.IMPACTS,
                measure=Measure.COUNT,
                unit="people",
                dimensions=(Dimension.GENDER,),
            ),
        },
        on=pledged,
        actor=coordinator,
    )
    loader.pledge(
        pid,
        "durable-partnerships",
        category=CommitmentCategory.PARTNERSHIP_AND_DIALOGUE,
        statement="Build durable skills partnerships for the ORE sector.",
        principles=(CP.STRONG_PARTNERSHIPS,),
        kpis={
            "new-partners": KpiDefinition(
                name="New partners involved in the partnership",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="organisations",
                dimensions=(Dimension.STAKEHOLDER_GROUP,),
                data_source=DataSource.ADMINISTRATIVE,
            ),
            "sessions": KpiDefinition(
                name="Multi-stakeholder sessions addressing ORE skills",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="sessions",
                data_source=DataSource.ADMINISTRATIVE,
            ),
            "regions-covered": KpiDefinition(
                name="Regions covered",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="regions",
                calculation=CalculationMethod.LATEST,
                data_source=DataSource.ADMINISTRATIVE,
            ),
            "countries-covered": KpiDefinition(
                name="Countries covered",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="countries",
                calculation=CalculationMethod.LATEST,
                data_source=DataSource.ADMINISTRATIVE,
            ),
            "sea-basins-covered": KpiDefinition(
                name="Sea basins covered",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="sea basins",
                calculation=CalculationMethod.LATEST,
                target=Target(4, "sea basins", date(2025, 12, 31)),
                data_source=DataSource.ADMINISTRATIVE,
            ),
        },
        on=pledged,
        actor=coordinator,
    )
    # fmt: off
    admin = DataSource.ADMINISTRATIVE
    loader.report(pid, "training-offers", 2023, 64, source=DataSource.DESK_RESEARCH, breakdowns=_by(Dimension.COUNTRY, DK=14, DE=12, NL=11, FR=8, ES=7, PL=5, PT=4, IE=3), actor=coordinator)
    loader.report(pid, "skills-gaps", 2023, 27, source=DataSource.DESK_RESEARCH, breakdowns=_by(Dimension.COUNTRY, DK=5, DE=6, NL=4, FR=4, ES=3, PL=3, PT=2), actor=coordinator)
    loader.report(pid, "future-trends", 2024, 1, source=DataSource.DESK_RESEARCH, text="First future-trends report on needs and expected impacts published.", actor=coordinator)
    loader.report(pid, "vet-university-trained", 2023, 1_240, breakdowns=(*_gender(298, 934, 8), *_eqf(l3=150, l4=410, l5=280, l6=260, l7=140)), actor=coordinator)
    loader.report(pid, "vet-university-trained", 2024, 1_515, breakdowns=(*_gender(388, 1_119, 8), *_eqf(l3=170, l4=480, l5=350, l6=330, l7=185)), actor=coordinator)
    lll_2023 = loader.report(pid, "lll-trained", 2023, 860, breakdowns=(*_gender(172, 684, 4), *_eqf(l2=40, l3=210, l4=330, l5=190, l6=90)), actor=coordinator)
    loader.report(pid, "lll-trained", 2024, 1_020, breakdowns=(*_gender(214, 801, 5), *_eqf(l2=45, l3=250, l4=390, l5=230, l6=105)), actor=coordinator)
    loader.report(pid, "promotion-activities", 2023, 38, source=admin, actor=coordinator)
    loader.report(pid, "people-engaged", 2023, 5_400, actor=coordinator)
    loader.report(pid, "apprentices", 2023, 212, breakdowns=(*_gender(41, 169, 2), *_by(Dimension.AGE_BAND, under_25=158, **{"25_54": 54})), actor=coordinator)
    loader.report(pid, "jobs-promoted", 2023, 950, actor=coordinator)
    loader.report(pid, "people-hired", 2023, 310, breakdowns=_gender(74, 236), actor=coordinator)
    loader.report(pid, "new-partners", 2023, 9, source=admin, breakdowns=_by(Dimension.STAKEHOLDER_GROUP, company=4, vet_provider=2, public_authority_regional=2, cluster=1), actor=coordinator)
    loader.report(pid, "sessions", 2023, 12, source=admin, actor=coordinator)
    loader.report(pid, "regions-covered", 2023, 17, source=admin, actor=coordinator)
    loader.report(pid, "countries-covered", 2023, 11, source=admin, actor=coordinator)
    loader.report(pid, "sea-basins-covered", 2023, 4, source=admin, text="North Sea, Baltic Sea, Atlantic and Mediterranean.", actor=coordinator)
    # fmt: on
    correction = demo_id(f"{pid}/correction/lll-trained/2023")
    if correction not in loader.partnership(pid).reports:
        app.correct_kpi_report(
            pid,
            report_id=lll_2023,
            value=874,
            breakdowns=(*_gender(176, 694, 4), *_eqf(l2=40, l3=214, l4=338, l5=192, l6=90)),
            reason="Late returns from two training centres in Poland.",
            actor=coordinator,
            effective_at=date(2024, 4, 8),
            correction_id=correction,
        )  # fmt: skip


def _automotive(loader: _Loader) -> None:
    app, pid = loader.app, AUTOMOTIVE_ID
    industry, education = _ORG["easf"], _ORG["auto-univ-turin"]
    coordinator = f"{industry.name} (co-lead)"
    if not app.exists(pid):
        app.submit_expression_of_interest(
            id=pid,
            name="Automotive Skills Alliance",
            kind=PartnershipKind.LARGE_SCALE,
            ecosystems=(Ecosystem.MOBILITY_TRANSPORT_AUTOMOTIVE,),
            countries=tuple(dict.fromkeys(o.country for o in AUTOMOTIVE_MEMBERS)),
            contact=ContactPerson(
                full_name="Katrin Weber",
                email="katrin.weber@example.org",
                title="Dr",
                organisation=industry.name,
            ),
            description=(
                "The Skills Partnership for the Automotive Ecosystem, co-led by "
                "representatives of the automotive sector and education "
                "providers, building on the DRIVE and ALBATTS projects (Box 17)."
            ),
            objectives="Upskill 5 % of the automotive workforce each year.",
            actor=coordinator,
            effective_at=date(2022, 1, 10),
        )
    if loader.partnership(pid).assessment is None:
        app.assess_expression_of_interest(
            pid,
            outcome=AssessmentOutcome.ACCEPTED,
            follow_up_meeting=date(2022, 2, 21),
            actor=SUPPORT,
            effective_at=date(2022, 2, 4),
        )
    loader.join(
        pid,
        AUTOMOTIVE_MEMBERS,
        ecosystem="automotive",
        on=date(2022, 2, 21),
        tier=T.CORE,
        actor=coordinator,
    )
    loader.appoint(pid, industry, on=date(2022, 2, 21), actor=coordinator)
    loader.appoint(pid, education, on=date(2022, 2, 21), actor=coordinator)
    loader.draft(
        pid,
        1,
        AgreementContent(
            challenge=(
                "Electrification, digitalisation and new business models change "
                "most automotive jobs; batteries, hydrogen and software need new "
                "skills across the supply chain."
            ),
            ambition="An automotive workforce ready for zero-emission mobility.",
            strategic_themes=(
                StrategicTheme.DIGITAL_TRANSITION,
                StrategicTheme.SUSTAINABILITY,
                StrategicTheme.STRUCTURAL_CHANGE,
            ),
            priority_skills_needs=("batteries", "hydrogen", "digitalisation"),
            arrangements=Arrangements(
                coordination=(
                    "A legal entity since January 2022, co-led by the sector and "
                    "education providers (Box 17)."
                ),
                working_groups=(
                    "WG1 horizontal issues",
                    "WG2 communication and dissemination",
                    "WG3 skills intelligence",
                    "WG4 regional implementation",
                ),
                meeting_frequency="Working groups monthly; general assembly yearly.",
                contributions="Membership fees and staff seconded by members.",
                memorandum_of_understanding=True,
            ),
            timeline="From 2022",
            ecosystems=(Ecosystem.MOBILITY_TRANSPORT_AUTOMOTIVE,),
        ),
        on=date(2022, 3, 1),
        actor=coordinator,
    )
    loader.sign(pid, 1, AUTOMOTIVE_MEMBERS, on=date(2022, 4, 5), actor=coordinator)
    loader.pledge(
        pid,
        "five-percent",
        category=CommitmentCategory.TRAINING_AND_DEVELOPMENT,
        statement=(
            "Upskill 5 % of the workforce each year, i.e. 700 000 employees "
            "upskilled and reskilled along the automotive ecosystem (§3.1.2)."
        ),
        principles=(CP.LEARNING_CULTURE,),
        target=Target(700_000, "employees upskilled or reskilled a year"),
        kpis={
            "employees-upskilled": KpiDefinition(
                name="Employees upskilled or reskilled in the year",
                category=KpiCategory.SKILLING_TRAINING_OUTPUTS,
                measure=Measure.COUNT,
                unit="employees",
                calculation=CalculationMethod.LATEST,
                target=Target(700_000, "employees a year"),
                dimensions=(Dimension.GENDER, Dimension.GREEN_DIGITAL),
            ),
            "workforce-share": KpiDefinition(
                name="Share of the automotive workforce upskilled or reskilled",
                category=KpiCategory.IMPACTS,
                measure=Measure.PERCENTAGE,
                unit="% of the workforce",
                calculation=CalculationMethod.LATEST,
                target=Target(5, "% a year"),
            ),
        },
        on=date(2022, 4, 5),
        actor=coordinator,
    )
    for year, total, gender, green_digital, share in (
        (2022, 462_000, (82_900, 378_600, 500), (108_000, 171_000, 61_000, 122_000), "3.3"),
        (2023, 581_000, (110_300, 470_000, 700), (139_000, 212_000, 84_000, 146_000), "4.1"),
        (2024, 655_000, (128_400, 525_800, 800), (161_000, 236_000, 103_000, 155_000), "4.7"),
    ):  # fmt: skip
        green, digital, both, neither = green_digital
        loader.report(
            pid,
            "employees-upskilled",
            year,
            total,
            breakdowns=(
                *_gender(*gender),
                *_by(Dimension.GREEN_DIGITAL, green=green, digital=digital, both=both, neither=neither),
            ),
            actor=coordinator,
        )  # fmt: skip
        loader.report(pid, "workforce-share", year, share, actor=coordinator)


def _puglia(loader: _Loader) -> None:
    app, pid = loader.app, PUGLIA_ID
    region, school = _ORG["regione-puglia"], _ORG["ipa-bari"]
    mediterra = _ORG["mediterra-resorts"]
    coordinator = f"{region.name} (coordinator)"
    contact = ContactPerson(
        full_name="Giulia Ferrante",
        email="giulia.ferrante@example.org",
        title="Dott.ssa",
        organisation=region.name,
    )
    if not app.exists(pid):
        app.submit_expression_of_interest(
            id=pid,
            name="Skills partnership for sustainable tourism in Puglia",
            kind=PartnershipKind.REGIONAL,
            regional_scope=RegionalScope.NUTS2,
            countries=("IT",),
            regions=("ITF4",),
            ecosystems=(Ecosystem.TOURISM,),
            linked_lsp_id=TOURISM_ID,
            contact=contact,
            description=(
                "An informal group of the regional tourism department, hotel "
                "schools and employers of Puglia that wants to become a regional "
                "skills partnership linked to the Tourism Large Scale Partnership."
            ),
            current_partners=(
                CurrentPartner(region.name, "Lead partner"),
                CurrentPartner(school.name, "VET provider"),
            ),
            objectives="Improve skills for tourism in the region.",
            support_needed="Advice on setting up the partnership.",
            actor=coordinator,
            effective_at=date(2023, 2, 6),
        )
    partnership = loader.partnership(pid)
    if partnership.assessment is None:
        app.assess_expression_of_interest(
            pid,
            outcome=AssessmentOutcome.MORE_INFORMATION_NEEDED,
            reasons=(
                "Please describe the role of each partner, the objectives of the "
                "collaboration and the support you need in more detail."
            ),
            follow_up_meeting=date(2023, 3, 24),
            actor=SUPPORT,
            effective_at=date(2023, 3, 10),
        )
    if loader.partnership(pid).status is PartnershipStatus.MORE_INFORMATION_NEEDED:
        app.update_expression_of_interest(
            pid,
            current_partners=(
                CurrentPartner(
                    region.name, "Lead partner: coordination and regional funding"
                ),
                CurrentPartner(
                    school.name, "VET provider: hospitality curricula and placements"
                ),
                CurrentPartner(
                    mediterra.name, "Employer: apprenticeships and in-company trainers"
                ),
                CurrentPartner(
                    "University of Salento, Tourism Lab",
                    "Higher education: skills needs analysis",
                ),
                CurrentPartner(
                    "Puglia Hospitality Employers' Association",
                    "Reaching small hotels and restaurants",
                ),
            ),
            objectives=(
                "Match training to the needs of tourism employers in Puglia, "
                "extend the season with skilled staff, and help small businesses "
                "adopt digital and sustainable practices. Partners share skills "
                "intelligence, co-design courses and offer placements."
            ),
            support_needed=(
                "A kick-off meeting, advice on a common statement of commitments, "
                "and contacts with the Tourism LSP and other regional partnerships."
            ),
            current_activities=(
                "Joint summer-school for hotel staff since 2021; a survey of "
                "skills needs of 300 tourism businesses in 2022."
            ),
            actor=coordinator,
            effective_at=date(2023, 4, 3),
        )
    partnership = loader.partnership(pid)
    if partnership.status is PartnershipStatus.PROPOSED:
        app.assess_expression_of_interest(
            pid,
            outcome=AssessmentOutcome.ACCEPTED,
            reasons="Complete; a kick-off meeting is planned.",
            follow_up_meeting=date(2023, 5, 8),
            actor=SUPPORT,
            effective_at=date(2023, 4, 20),
        )
    members = [region, school, mediterra, *PUGLIA_LOCAL_MEMBERS]
    loader.join(
        pid, members, ecosystem="tourism", on=date(2023, 5, 8), tier=T.CORE,
        actor=coordinator,
    )  # fmt: skip
    loader.appoint(pid, region, on=date(2023, 5, 8), actor=coordinator)
    loader.appoint(pid, school, on=date(2023, 5, 8), actor=coordinator)
    draft = AgreementContent(
        challenge=(
            "Persistent skills shortages faced by tourism employers; a short "
            "season and short-term contracts; low uptake of digital tools by "
            "small hotels; young people leaving the region."
        ),
        ambition=(
            "By 2030 Puglia is a year-round destination whose tourism workers "
            "have recognised skills and stable careers."
        ),
        strategic_themes=(
            StrategicTheme.DIGITAL_TRANSITION,
            StrategicTheme.SUSTAINABILITY,
            StrategicTheme.ATTRACTIVENESS_OF_CAREERS,
        ),
        priority_skills_needs=(
            "digital marketing",
            "sustainable hospitality",
            "foreign languages",
        ),
        proposal=(
            "Deliver 1 500 training opportunities in digital and sustainable "
            "hospitality by 2025, and establish a permanent forum of VET "
            "providers and employers."
        ),
        activities=(
            "Communication and networking; a skills needs survey every two years; "
            "co-designed short courses; placements in member companies."
        ),
        arrangements=Arrangements(
            coordination="Regione Puglia coordinates with the Bari hotel school.",
            working_groups=("Training offer", "Skills intelligence"),
            meeting_frequency="Every two months.",
            contributions="Meeting rooms and staff time in kind.",
            memorandum_of_understanding=True,
        ),
        timeline="2023-2025",
        ecosystems=(Ecosystem.TOURISM,),
    )
    loader.draft(pid, 1, draft, on=date(2023, 6, 15), actor=coordinator)
    amended = attrs.evolve(
        draft,
        strategic_themes=(*draft.strategic_themes, StrategicTheme.AGEING_WORKFORCE),
        timeline="2023-2025; review at the end of 2025",
    )
    loader.draft(pid, 2, amended, on=date(2023, 9, 1), actor=coordinator)
    loader.sign(pid, 2, members, on=date(2023, 10, 12), actor=coordinator)
    loader.pledge(
        pid,
        "training",
        category=CommitmentCategory.TRAINING_AND_DEVELOPMENT,
        statement=(
            "Deliver 1 500 training opportunities in digital and sustainable "
            "hospitality by the end of 2025."
        ),
        principles=(CP.LEARNING_CULTURE, CP.EQUAL_OPPORTUNITIES),
        target=Target(1_500, "training opportunities", date(2025, 12, 31)),
        kpis={
            "training-delivered": KpiDefinition(
                name="Training opportunities delivered",
                category=KpiCategory.SKILLING_TRAINING_OUTPUTS,
                measure=Measure.COUNT,
                unit="training opportunities",
                baseline=Baseline(0, 2023),
                target=Target(1_500, "training opportunities", date(2025, 12, 31)),
                dimensions=(Dimension.GENDER, Dimension.AGE_BAND),
            ),
            "workforce-upskilled": KpiDefinition(
                name="Share of the regional tourism workforce upskilled or reskilled",
                category=KpiCategory.IMPACTS,
                measure=Measure.PERCENTAGE,
                unit="%",
                calculation=CalculationMethod.LATEST,
                target=Target(8, "%", date(2025, 12, 31)),
            ),
        },
        on=date(2023, 10, 12),
        actor=coordinator,
    )
    loader.pledge(
        pid,
        "forum",
        category=CommitmentCategory.PARTNERSHIP_AND_DIALOGUE,
        statement="Establish a permanent forum of VET providers and employers.",
        principles=(CP.STRONG_PARTNERSHIPS, CP.SKILLS_INTELLIGENCE),
        kpis={
            "forum-meetings": KpiDefinition(
                name="Forum meetings with VET providers held",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="meetings",
                target=Target(8, "meetings", date(2025, 12, 31)),
                data_source=DataSource.ADMINISTRATIVE,
            ),
            "members": KpiDefinition(
                name="Members included in the partnership",
                category=KpiCategory.PARTNERSHIP_ACTIVITIES,
                measure=Measure.COUNT,
                unit="members",
                calculation=CalculationMethod.LATEST,
                target=Target(20, "members", date(2025, 12, 31)),
                data_source=DataSource.ADMINISTRATIVE,
            ),
        },
        on=date(2023, 10, 12),
        actor=coordinator,
    )
    loader.report(
        pid,
        "training-delivered",
        2024,
        640,
        breakdowns=(
            *_gender(352, 286, 2),
            *_by(Dimension.AGE_BAND, under_25=210, **{"25_54": 380, "55_and_over": 50}),
        ),
        actor=coordinator,
    )  # fmt: skip
    loader.report(pid, "workforce-upskilled", 2024, "2.9", actor=coordinator)
    loader.report(
        pid,
        "forum-meetings",
        2024,
        4,
        source=DataSource.ADMINISTRATIVE,
        actor=coordinator,
    )
    loader.report(
        pid, "members", 2024, 10, source=DataSource.ADMINISTRATIVE, actor=coordinator
    )
    kpi_id = loader.kpi_id(pid, "training-delivered")
    raised = Target(1_800, "training opportunities", date(2025, 12, 31))
    kpi = loader.partnership(pid).kpis[kpi_id]
    if kpi.target != raised:
        app.revise_kpi_target(
            pid,
            kpi_id=kpi_id,
            target=raised,
            reason="2024 ran ahead of plan and members added six courses.",
            actor=coordinator,
            effective_at=date(2025, 1, 20),
        )


def load_demo(app: PactApplication) -> DemoSummary:
    """Record the sample partnerships in ``app``'s store and summarise the store.

    Safe to call again: every step already recorded is skipped, so a second
    call records no event.

    Raises:
        PactError: if the store holds conflicting data under the sample's ids.
    """
    # Imported here: demo_activities reuses this module's partnership ids.
    from pact_adapters.demo_activities import load_activities_demo

    before = app.recorder.max_notification_id() or 0
    loader = _Loader(app)
    _tourism(loader)
    _offshore(loader)
    _automotive(loader)
    _puglia(loader)
    load_activities_demo(
        app,
        {
            "tourism": TOURISM_ID,
            "offshore": OFFSHORE_ID,
            "automotive": AUTOMOTIVE_ID,
            "puglia": PUGLIA_ID,
        },
    )
    after = app.recorder.max_notification_id() or 0
    return DemoSummary(
        events_recorded=after - before,
        events_total=after,
        organisations=sum(1 for o in _ORG.values() if app.exists(o.id)),
        partnerships=tuple(
            _facts(app.get_partnership(pid))
            for pid in (TOURISM_ID, OFFSHORE_ID, AUTOMOTIVE_ID, PUGLIA_ID)
        ),
        tourism_composition=tourism_composition(app),
    )
