"""The Pact-wide catalogues: online library (§5.1, Box 39), mapped initiatives
(§5.2), funding tool (§5.3, Table 2) and knowledge events (§5.4) — their
events, refusals, filters and keyword search, on the handbook's examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import attrs
import pytest

from _helpers import (
    ACTOR,
    assert_meta,
    last_event,
    new_app,
    refused,
    register_org,
    state,
)
from pact_domain.application import PactApplication
from pact_domain.catalogues import (
    BackgroundPaperPublished,
    FollowUpReportPublished,
    FundingOpportunityDetails,
    FundingOpportunityRegistered,
    FundingOpportunityUpdated,
    FundingOpportunityWithdrawn,
    InitiativeDetails,
    InitiativeDetailsUpdated,
    InitiativeInvitedToPact,
    InitiativeJoinedPact,
    InitiativeMapped,
    InitiativeWithdrawn,
    KnowledgeEventCancelled,
    KnowledgeEventDetails,
    KnowledgeEventScheduled,
    KnowledgeEventUpdated,
    LibraryResourceDetails,
    LibraryResourceRegistered,
    LibraryResourceUpdated,
    LibraryResourceWithdrawn,
    keyword_matches,
)
from pact_domain.errors import (
    ConcurrencyError,
    DomainRuleError,
    InvalidStateError,
    InvalidValueError,
    NotFoundError,
)
from pact_domain.vocabularies import Ecosystem, FundingProgramme
from pact_domain.vocabularies_catalogues import (
    NON_EU,
    FundingLevel,
    InitiativeActivity,
    InitiativeAffiliation,
    KnowledgeEventFormat,
    ResourceType,
    ThematicArea,
)

PFS = "Pact for Skills Support Services"


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


# ============================================================ online library

FUNDING_REPORT = LibraryResourceDetails(
    title="Key funding opportunities for upskilling and reskilling at EU level - "
    "meeting report",
    author=PFS,
    year=2022,
    summary="Report of the July 2022 Knowledge Webinar where experts from the "
    "European Commission and Pact members discussed how to use EU funding to "
    "implement upskilling and reskilling measures.",
    link="https://pact-for-skills.ec.europa.eu/library/key-funding-opportunities",
    resource_type=ResourceType.MEETING_REPORT,
    thematic_areas=(ThematicArea.UPSKILLING, ThematicArea.RESKILLING),
    target_audiences=("businesses", "public_authorities", "partnership_coordinators"),
)
REGIONAL_REPORT = LibraryResourceDetails(
    title="Developing regional partnerships: good practices from CoVEs, Cluster "
    "Platforms, and 3s regions - meeting report",
    author=PFS,
    year=2022,
    summary="Good practices of Centres of Vocational Excellence, cluster "
    "platforms and smart specialisation regions in building regional skills "
    "partnerships.",
    link="https://pact-for-skills.ec.europa.eu/library/developing-regional-partnerships",
    resource_type="meeting_report",
    thematic_areas=("upskilling", "skills_anticipation"),
    target_audiences=("public_authorities", "education_training_providers"),
)
UKRAINE_REPORT = LibraryResourceDetails(
    title="The role of the Pact for Skills in supporting the integration of "
    "persons fleeing the war in Ukraine - meeting report",
    author=PFS,
    year=2022,
    summary="How Pact members help displaced persons from Ukraine into training "
    "and work in Poland and other member states.",
    link="https://pact-for-skills.ec.europa.eu/library/ukraine",
    resource_type="meeting_report",
    thematic_areas=("reskilling",),
    geographical_scope=("PL", "non-EU"),
    target_audiences=("civil_society", "public_authorities"),
)
TOURISM_TOOLKIT = LibraryResourceDetails(
    title="Tourism Sector Skills toolkit",
    author="Next Tourism Generation Alliance",
    year=2021,
    summary="Lets organisations evaluate their skills needs and gaps and develop "
    "curricula, training and recruitment programmes (Box 27).",
    link="https://nexttourismgeneration.example.eu/toolkit",
    resource_type="online_tool",
    thematic_areas=("skills_anticipation",),
    ecosystems=("tourism",),
    target_audiences=("businesses", "smes"),
)
TCLF_REPORT = LibraryResourceDetails(
    title="Future needed skills and trends for the TCLF sectors",
    author="Skills4Smart TCLF 2030",
    year=2020,
    summary="Anticipation of skills shortages in textile, clothing, leather and "
    "footwear, from Skills Council reports and fieldwork (Box 26).",
    link="https://s4tclfblueprint.example.eu/future-skills.pdf",
    resource_type="publication",
    thematic_areas=("skills_anticipation",),
    ecosystems=("textile",),
    geographical_scope=("IT", "PT", "ES"),
)
SKILLSFUTURE = LibraryResourceDetails(
    title="SkillsFuture: individual learning accounts outside Europe",
    author="Région Île-de-France observatory",
    year=2023,
    summary="Lessons for lifelong learning from Singapore's SkillsFuture credit.",
    link="https://example.org/skillsfuture",
    resource_type="policy_paper",
    thematic_areas=("upskilling",),
    geographical_scope=(NON_EU,),
    target_audiences=("workers_learners",),
)
LIBRARY = (
    FUNDING_REPORT,
    REGIONAL_REPORT,
    UKRAINE_REPORT,
    TOURISM_TOOLKIT,
    TCLF_REPORT,
    SKILLSFUTURE,
)


@pytest.fixture
def library(app: PactApplication) -> dict[str, UUID]:
    """The handbook's library examples, by short name."""
    names = ("funding", "regional", "ukraine", "tourism", "tclf", "skillsfuture")
    return {
        name: app.register_library_resource(details=d, actor=ACTOR)
        for name, d in zip(names, LIBRARY, strict=True)
    }


def test_library_resource_registered(app: PactApplication) -> None:
    """A resource with title, author, year, summary and link (Box 39)."""
    recorded = app.clock.next
    rid = app.register_library_resource(details=UKRAINE_REPORT, actor=ACTOR)
    event = last_event(app, rid)
    assert isinstance(event, LibraryResourceRegistered)
    assert event.details == UKRAINE_REPORT
    assert_meta(event, recorded_at=recorded)
    resource = app.get_library_resource(rid)
    assert resource.details.geographical_scope == ("PL", NON_EU)
    assert not resource.withdrawn


def test_library_resource_updated_and_withdrawn(
    app: PactApplication, library: dict[str, UUID]
) -> None:
    """The library is updated every two months (§5.1); entries leave it."""
    rid = library["tclf"]
    new = attrs.evolve(TCLF_REPORT, geographical_scope=("IT", "PT", "ES", "RO"))
    app.update_library_resource(rid, details=new, actor=ACTOR)
    event = last_event(app, rid)
    assert isinstance(event, LibraryResourceUpdated)
    assert event.details == new
    assert app.search_library(geographical_scope=("RO",))[0].id == rid
    app.withdraw_library_resource(
        rid, reason="Superseded by the 2030 edition", actor=ACTOR
    )
    event = last_event(app, rid)
    assert isinstance(event, LibraryResourceWithdrawn)
    assert event.reason == "Superseded by the 2030 edition"
    resource = app.get_library_resource(rid)
    assert resource.withdrawn
    assert resource.withdrawal_reason == "Superseded by the 2030 edition"
    assert app.search_library(geographical_scope=("RO",)) == []


def test_library_resource_refusals(
    app: PactApplication, library: dict[str, UUID]
) -> None:
    """No-change update, update or withdrawal of a withdrawn resource, empty
    reason, unknown id, an id taken, details of the wrong kind."""
    rid = library["tourism"]
    with refused(app, DomainRuleError, "details", rid, match="changes nothing"):
        app.update_library_resource(rid, details=TOURISM_TOOLKIT, actor=ACTOR)
    with refused(app, InvalidValueError, "details", rid):
        app.update_library_resource(rid, details="toolkit", actor=ACTOR)  # type: ignore[arg-type]
    with refused(app, InvalidValueError, "reason", rid):
        app.withdraw_library_resource(rid, reason=" ", actor=ACTOR)
    app.withdraw_library_resource(rid, reason="Link broken", actor=ACTOR)
    with refused(app, InvalidStateError, "withdrawn", rid):
        app.withdraw_library_resource(rid, reason="Again", actor=ACTOR)
    with refused(app, InvalidStateError, "withdrawn", rid):
        app.update_library_resource(
            rid, details=attrs.evolve(TOURISM_TOOLKIT, year=2022), actor=ACTOR
        )
    with refused(app, NotFoundError, "resource_id"):
        app.withdraw_library_resource(uuid4(), reason="x", actor=ACTOR)
    with refused(app, ConcurrencyError, "id"):
        app.register_library_resource(details=TOURISM_TOOLKIT, id=rid, actor=ACTOR)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"year": 1900}, "year"),
        ({"year": "2022"}, "year"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 4001}, "summary"),
        ({"link": "www.example.eu"}, "link"),
        ({"resource_type": "podcast"}, "resource_type"),
        ({"thematic_areas": ()}, "thematic_areas"),
        ({"geographical_scope": ("US",)}, "geographical_scope"),
        ({"geographical_scope": ("XX",)}, "geographical_scope"),
        ({"ecosystems": ("space",)}, "ecosystems"),
        ({"target_audiences": ("children",)}, "target_audiences"),
    ],
)
def test_library_resource_details_are_validated(
    change: dict[str, object], field: str
) -> None:
    """Each detail follows its rule or vocabulary (Box 39)."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(TOURISM_TOOLKIT, **change)
    assert (info.value.entity, info.value.field) == ("LibraryResource", field)


def test_search_library_filters(app: PactApplication, library: dict[str, UUID]) -> None:
    """Each Box 39 filter, several options within a filter, filters combined."""
    search = app.search_library
    assert {r.id for r in search()} == set(library.values())
    assert [r.details.title for r in search(ecosystems=("tourism",))] == [
        "Tourism Sector Skills toolkit"
    ]
    assert {r.id for r in search(ecosystems=(Ecosystem.TOURISM, "textile"))} == {
        library["tourism"],
        library["tclf"],
    }
    assert {r.id for r in search(geographical_scope=("non-EU",))} == {
        library["ukraine"],
        library["skillsfuture"],
    }
    assert {r.id for r in search(geographical_scope=("PL", "ES"))} == {
        library["ukraine"],
        library["tclf"],
    }
    assert {r.id for r in search(resource_types=("meeting_report",))} == {
        library["funding"],
        library["regional"],
        library["ukraine"],
    }
    assert {r.id for r in search(thematic_areas=("skills_anticipation",))} == {
        library["regional"],
        library["tourism"],
        library["tclf"],
    }
    assert [r.id for r in search(target_audiences=("smes",))] == [library["tourism"]]
    combined = search(
        resource_types=("meeting_report",), thematic_areas=("reskilling",)
    )
    assert {r.id for r in combined} == {library["funding"], library["ukraine"]}
    assert search(ecosystems=("tourism",), resource_types=("publication",)) == []
    # empty filters do not constrain
    assert len(search(ecosystems=(), thematic_areas=None)) == len(LIBRARY)


def test_search_library_keyword(app: PactApplication, library: dict[str, UUID]) -> None:
    """Case- and accent-insensitive keyword search over title, author,
    summary and year; every word must occur."""
    search = app.search_library
    assert [r.id for r in search("FUNDING")] == [library["funding"]]
    assert [r.id for r in search("regional partnerships")] == [library["regional"]]
    assert [r.id for r in search("ile-de-france")] == [library["skillsfuture"]]
    assert [r.id for r in search("Next Tourism Generation")] == [library["tourism"]]
    assert [r.id for r in search("upskill reskill")] == [library["funding"]]
    assert {r.id for r in search("2020")} == {library["tclf"]}
    assert [r.id for r in search("ukraine", resource_types=("publication",))] == []
    assert len(search("   ")) == len(LIBRARY)


def test_search_library_results_newest_first(
    app: PactApplication, library: dict[str, UUID]
) -> None:
    """Results come newest first, then by title."""
    years = [r.details.year for r in app.search_library()]
    assert years == sorted(years, reverse=True)
    assert app.search_library()[0].id == library["skillsfuture"]


def test_search_with_an_unknown_filter_option_is_refused(app: PactApplication) -> None:
    """A filter option outside its vocabulary is an error, even on an empty
    catalogue."""
    with pytest.raises(InvalidValueError) as info:
        app.search_library(thematic_areas=("gardening",))
    assert (info.value.entity, info.value.field) == ("Search", "thematic_areas")
    with pytest.raises(InvalidValueError):
        app.search_funding_opportunities(countries=("ZZ",))


def test_keyword_matching_rules() -> None:
    """Every word must occur somewhere; case and accents do not matter."""
    assert keyword_matches(None, ["anything"])
    assert keyword_matches("ŚLĄSKIE", ["Slaskie"])
    assert keyword_matches("upskill", ["Upskilling"])
    assert not keyword_matches("hydrogen batteries", ["Hydrogen skills"])
    assert keyword_matches("hydrogen batteries", ["Hydrogen skills", "Batteries"])


# ============================================================== funding tool

ERASMUS = FundingOpportunityDetails(
    title="Erasmus+ Alliances for Innovation - Blueprint for sectoral cooperation "
    "on skills",
    summary="Grants for sectoral skills alliances implementing a Blueprint.",
    programme=FundingProgramme.ERASMUS_PLUS,
    level=FundingLevel.EU,
    funding_types=("grant",),
    areas=("upskilling", "reskilling"),
    link="https://ec.europa.eu/info/funding-tenders/opportunities/erasmus-edu-2024-pi-all-inno",
    beneficiary_types=("vet_provider", "higher_education", "sectoral_organisation"),
    opens_on=date(2023, 11, 23),
    closes_on=date(2024, 3, 14),
    budget_eur=Decimal("64000000"),
    objectives="Develop sectoral skills strategies and curricula.",
    eligibility="Consortia of at least 8 full partners from 4 countries.",
    procedure="Online application through the Funding & Tenders portal.",
)
INVESTEU = FundingOpportunityDetails(
    title="InvestEU skills and education window - loans for training providers",
    summary="Loans for investment in training infrastructure.",
    programme="other",
    level="eu",
    funding_types=("loan",),
    areas=("upskilling",),
    link="https://investeu.europa.eu/skills",
    beneficiary_types=("cvet_adult_learning", "company"),
    opens_on=date(2024, 1, 1),
)
ESF_CZ = FundingOpportunityDetails(
    title="ESF+ Employment Plus: upskilling of employees",
    summary="Co-financed training of employees in companies.",
    programme="esf_plus",
    level="national",
    funding_types=("grant",),
    areas=("upskilling",),
    countries=("CZ",),
    link="https://esf.example.cz/vyzvy",
    beneficiary_types=("company",),
    opens_on=date(2024, 2, 1),
    closes_on=date(2024, 6, 30),
    managing_authority="Ministry of Labour and Social Affairs",
)
ERDF_VENETO = FundingOpportunityDetails(
    title="ERDF Regional Programme 2021-2027: training for smart specialisation",
    summary="Training linked to the regional smart specialisation strategy.",
    programme="erdf",
    level="regional",
    funding_types=("grant", "procurement"),
    areas=("upskilling",),
    countries=("IT",),
    regions=("ITH3",),
    ecosystems=("tourism", "digital"),
    link="https://www.regione.veneto.example.it/por-fesr",
    managing_authority="Regione del Veneto",
)
JTF_SILESIA = FundingOpportunityDetails(
    title="Just Transition Fund: reskilling of coal-region workers in Silesia",
    summary="Reskilling of workers leaving coal mining.",
    programme="jtf",
    level="regional",
    funding_types=("grant",),
    areas=("reskilling",),
    countries=("PL",),
    regions=("PL22",),
    ecosystems=("energy_intensive",),
    link="https://fundusze.example.pl/fst",
    beneficiary_types=("employment_service", "cvet_adult_learning", "other"),
    opens_on=date(2024, 5, 1),
    closes_on=date(2025, 9, 30),
    managing_authority="Urząd Marszałkowski Województwa Śląskiego",
)
RRF_ES = FundingOpportunityDetails(
    title="Kit Digital: digital skills for SMEs",
    summary="Vouchers for the digitalisation of small businesses, with training.",
    programme="rrf",
    level="national",
    funding_types=("grant",),
    areas=("upskilling", "reskilling"),
    countries=("ES",),
    ecosystems=("digital",),
    link="https://www.acelerapyme.example.es/kit-digital",
    beneficiary_types=("company",),
    opens_on=date(2024, 3, 1),
    closes_on=date(2025, 10, 31),
)
FUNDING = {
    "erasmus": ERASMUS,
    "investeu": INVESTEU,
    "esf_cz": ESF_CZ,
    "erdf_veneto": ERDF_VENETO,
    "jtf_silesia": JTF_SILESIA,
    "rrf_es": RRF_ES,
}


@pytest.fixture
def funding(app: PactApplication) -> dict[str, UUID]:
    """The funding tool's examples: EU, national and regional (Table 2)."""
    return {
        name: app.register_funding_opportunity(details=d, actor=ACTOR)
        for name, d in FUNDING.items()
    }


def test_funding_opportunity_registered_updated_withdrawn(app: PactApplication) -> None:
    """An ESF+ call is registered, its deadline extended, then withdrawn."""
    recorded = app.clock.next
    oid = app.register_funding_opportunity(details=ESF_CZ, actor=ACTOR)
    event = last_event(app, oid)
    assert isinstance(event, FundingOpportunityRegistered)
    assert event.details == ESF_CZ
    assert_meta(event, recorded_at=recorded)
    extended = attrs.evolve(ESF_CZ, closes_on=date(2024, 9, 30))
    app.update_funding_opportunity(oid, details=extended, actor=ACTOR)
    event = last_event(app, oid)
    assert isinstance(event, FundingOpportunityUpdated)
    assert app.get_funding_opportunity(oid).details.closes_on == date(2024, 9, 30)
    app.withdraw_funding_opportunity(oid, reason="Call cancelled", actor=ACTOR)
    assert isinstance(last_event(app, oid), FundingOpportunityWithdrawn)
    assert app.search_funding_opportunities() == []
    with refused(app, InvalidStateError, "withdrawn", oid):
        app.update_funding_opportunity(oid, details=ESF_CZ, actor=ACTOR)


def test_funding_opportunity_refusals(app: PactApplication) -> None:
    """No-change update and an unknown id."""
    oid = app.register_funding_opportunity(details=ESF_CZ, actor=ACTOR)
    with refused(app, DomainRuleError, "details", oid):
        app.update_funding_opportunity(oid, details=ESF_CZ, actor=ACTOR)
    with refused(app, NotFoundError, "opportunity_id"):
        app.update_funding_opportunity(uuid4(), details=ESF_CZ, actor=ACTOR)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"closes_on": date(2024, 1, 31)}, "closes_on"),
        ({"countries": ()}, "countries"),
        ({"countries": ("CH",)}, "countries"),
        ({"regions": ("ITH3",)}, "regions"),
        ({"funding_types": ()}, "funding_types"),
        ({"funding_types": ("donation",)}, "funding_types"),
        ({"areas": ()}, "areas"),
        ({"level": "global"}, "level"),
        ({"budget_eur": "-1"}, "budget_eur"),
        ({"beneficiary_types": ("aliens",)}, "beneficiary_types"),
        ({"summary": "x" * 1001}, "summary"),
        ({"opens_on": "1 Feb 2024"}, "opens_on"),
    ],
)
def test_funding_opportunity_details_are_validated(
    change: dict[str, object], field: str
) -> None:
    """Closing not before opening; a national call names its member state;
    regions lie in its countries; vocabularies of the §5.3 filters."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(ESF_CZ, **change)
    assert (info.value.entity, info.value.field) == ("FundingOpportunity", field)


def test_closing_on_the_opening_day_is_allowed() -> None:
    """Closing not *before* opening: the same day is fine."""
    one_day = attrs.evolve(ESF_CZ, closes_on=ESF_CZ.opens_on)
    assert one_day.closes_on == date(2024, 2, 1)


def test_search_funding_filters(app: PactApplication, funding: dict[str, UUID]) -> None:
    """The six §5.3 filters, several options within one (footnote 3)."""
    f = funding
    search = app.search_funding_opportunities

    def ids(**filters: object) -> set[UUID]:
        return {o.id for o in search(**filters)}  # type: ignore[arg-type]

    assert ids() == set(f.values())
    # EU-level calls without countries are open in every member state
    assert ids(countries=("PL",)) == {f["erasmus"], f["investeu"], f["jtf_silesia"]}
    assert ids(countries=("CZ", "IT")) == {
        f["erasmus"],
        f["investeu"],
        f["esf_cz"],
        f["erdf_veneto"],
    }
    assert ids(funding_types=("loan",)) == {f["investeu"]}
    assert ids(funding_types=("loan", "procurement")) == {
        f["investeu"],
        f["erdf_veneto"],
    }
    assert ids(levels=("national", "regional")) == {
        f["esf_cz"],
        f["erdf_veneto"],
        f["jtf_silesia"],
        f["rrf_es"],
    }
    assert ids(levels=("eu",)) == {f["erasmus"], f["investeu"]}
    assert ids(areas=("reskilling",)) == {f["erasmus"], f["jtf_silesia"], f["rrf_es"]}
    # opportunities without ecosystems are open to all of them
    assert ids(ecosystems=("tourism",)) == {
        f["erasmus"],
        f["investeu"],
        f["esf_cz"],
        f["erdf_veneto"],
    }
    assert ids(ecosystems=("digital",), levels=("national",)) == {
        f["esf_cz"],
        f["rrf_es"],
    }
    assert ids(beneficiary_types=("other",)) == {f["erdf_veneto"], f["jtf_silesia"]}
    assert ids(beneficiary_types=("higher_education",), levels=("eu",)) == {
        f["erasmus"]
    }
    assert ids(programmes=("esf_plus", "erdf", "jtf", "rrf")) == {
        f["esf_cz"],
        f["erdf_veneto"],
        f["jtf_silesia"],
        f["rrf_es"],
    }


def test_search_funding_open_and_forthcoming(
    app: PactApplication, funding: dict[str, UUID]
) -> None:
    """``open_on`` drops calls closed before the date; results are by
    closing date, those without one last (the results page shows the
    deadline, §5.3)."""
    found = app.search_funding_opportunities(open_on=date(2024, 7, 1))
    assert [o.id for o in found] == [
        funding["jtf_silesia"],
        funding["rrf_es"],
        funding["erdf_veneto"],
        funding["investeu"],
    ]
    all_ = app.search_funding_opportunities()
    assert all_[0].id == funding["erasmus"]


def test_search_funding_keyword_finds_region_names(
    app: PactApplication, funding: dict[str, UUID]
) -> None:
    """Typing a region's name finds its opportunities (§5.3), accents aside;
    managing authorities, programmes and countries are searched too."""
    search = app.search_funding_opportunities
    assert [o.id for o in search("slaskie")] == [funding["jtf_silesia"]]
    assert [o.id for o in search("Veneto")] == [funding["erdf_veneto"]]
    assert [o.id for o in search("czechia")] == [funding["esf_cz"]]
    assert [o.id for o in search("Ministry of Labour")] == [funding["esf_cz"]]
    assert [o.id for o in search("Just Transition")] == [funding["jtf_silesia"]]
    assert {o.id for o in search("consortia")} == {funding["erasmus"]}
    assert [o.id for o in search("Silesia", areas=("upskilling",))] == []


# ======================================================== mapped initiatives

STYRIA = InitiativeDetails(
    name="Intercompany training centre for SMEs in Styria",
    description="SMEs, a large manufacturer and the regional authority share a "
    "training centre for metal and electronics trades.",
    activities=(InitiativeActivity.JOINT_TRAINING,),
    stakeholders=("employers", "business_associations", "education_training_providers"),
    countries=("AT",),
    regions=("AT22",),
    ecosystems=("electronics",),
    skills_focus=("intermediate_advanced",),
    estimated_stakeholders=24,
)
UNION_LEARNING = InitiativeDetails(
    name="Union learning representatives network",
    description="Trade union representatives inform employees about training "
    "opportunities at their workplace.",
    activities=("training_information",),
    stakeholders=("trade_unions",),
    countries=("IE",),
    skills_focus=("low_skills",),
)
JOB_ROTATION = InitiativeDetails(
    name="PES job rotation programme",
    description="The public employment service places unemployed people as "
    "substitutes while employees train.",
    activities=("active_labour_market",),
    stakeholders=("employers", "other_private_actors"),
    countries=("FI",),
    regions=("FI1B",),
)
HYDROGEN_COVE = InitiativeDetails(
    name="Centre of Vocational Excellence for green hydrogen",
    description="Education providers and employers develop new training "
    "programmes for hydrogen technicians.",
    activities=("new_training_programmes",),
    stakeholders=("education_training_providers", "employers", "research_institutions"),
    countries=("ES",),
    regions=("ES51",),
    ecosystems=("renewable_energy",),
    skills_focus=("research_innovation", "intermediate_advanced"),
    link="https://hydrogen-cove.example.es",
)
AUTOMOTIVE_OBSERVATORY = InitiativeDetails(
    name="Automotive skills observatory",
    description="Sector-wide assessment of skills needs across companies and a "
    "sectoral skills strategy for batteries and electrification.",
    goals="Resolve skills gaps in the automotive supply chain.",
    activities=("skills_needs_assessment", "sectoral_cooperation"),
    stakeholders=("business_associations", "research_institutions"),
    countries=("DE",),
    ecosystems=("mobility_transport_automotive",),
)


@pytest.fixture
def initiatives(app: PactApplication) -> dict[str, UUID]:
    """Mapped initiatives, two affiliated to the Pact and three potential."""
    rows = {
        "styria": (STYRIA, "potential"),
        "unions": (UNION_LEARNING, "affiliated"),
        "rotation": (JOB_ROTATION, "potential"),
        "hydrogen": (HYDROGEN_COVE, "potential"),
        "automotive": (AUTOMOTIVE_OBSERVATORY, InitiativeAffiliation.AFFILIATED),
    }
    return {
        name: app.map_initiative(details=d, affiliation=a, actor=ACTOR)
        for name, (d, a) in rows.items()
    }


def test_initiative_mapped_invited_and_joined(app: PactApplication) -> None:
    """A potential member is invited centrally, invited again at the next
    database update, and joins the Pact (§5.2)."""
    iid = app.map_initiative(
        details=HYDROGEN_COVE, affiliation="potential", actor=ACTOR
    )
    event = last_event(app, iid)
    assert isinstance(event, InitiativeMapped)
    assert (event.details, event.affiliation) == (
        HYDROGEN_COVE,
        InitiativeAffiliation.POTENTIAL,
    )
    app.invite_initiative(iid, invited_on=date(2022, 10, 3), actor=ACTOR)
    event = last_event(app, iid)
    assert isinstance(event, InitiativeInvitedToPact)
    assert event.invited_on == date(2022, 10, 3)
    app.invite_initiative(iid, invited_on=date(2023, 4, 3), actor=ACTOR)
    org = register_org(app, "Hydrogen CoVE Catalunya", country="ES")
    app.record_initiative_joined(
        iid, joined_on=date(2023, 5, 10), organisation_id=org, actor=ACTOR
    )
    event = last_event(app, iid)
    assert isinstance(event, InitiativeJoinedPact)
    assert (event.joined_on, event.organisation_id) == (date(2023, 5, 10), org)
    initiative = app.get_initiative(iid)
    assert initiative.affiliation is InitiativeAffiliation.AFFILIATED
    assert initiative.invited_on == (date(2022, 10, 3), date(2023, 4, 3))
    assert initiative.joined_on == date(2023, 5, 10)
    assert initiative.organisation_id == org


def test_initiative_updated_and_withdrawn(
    app: PactApplication, initiatives: dict[str, UUID]
) -> None:
    """Details change at a database update; an initiative leaves the mapping."""
    iid = initiatives["rotation"]
    new = attrs.evolve(JOB_ROTATION, estimated_stakeholders=140)
    app.update_initiative(iid, details=new, actor=ACTOR)
    assert isinstance(last_event(app, iid), InitiativeDetailsUpdated)
    assert app.get_initiative(iid).details.estimated_stakeholders == 140
    app.withdraw_initiative(iid, reason="Programme ended", actor=ACTOR)
    assert isinstance(last_event(app, iid), InitiativeWithdrawn)
    assert iid not in {i.id for i in app.search_initiatives()}
    with refused(app, InvalidStateError, "withdrawn", iid):
        app.invite_initiative(iid, invited_on=date(2024, 1, 1), actor=ACTOR)


def test_initiative_refusals(
    app: PactApplication, initiatives: dict[str, UUID]
) -> None:
    """Affiliated initiatives are not invited and do not join again; an
    invitation comes after the last; the joining organisation is registered;
    an unknown affiliation is refused."""
    unions = initiatives["unions"]
    with refused(app, InvalidStateError, "affiliation", unions):
        app.invite_initiative(unions, invited_on=date(2024, 1, 1), actor=ACTOR)
    with refused(app, InvalidStateError, "affiliation", unions):
        app.record_initiative_joined(unions, joined_on=date(2024, 1, 1), actor=ACTOR)
    styria = initiatives["styria"]
    app.invite_initiative(styria, invited_on=date(2024, 1, 1), actor=ACTOR)
    with refused(app, DomainRuleError, "invited_on", styria, match="later"):
        app.invite_initiative(styria, invited_on=date(2024, 1, 1), actor=ACTOR)
    with refused(app, NotFoundError, "organisation_id", styria):
        app.record_initiative_joined(
            styria, joined_on=date(2024, 2, 1), organisation_id=uuid4(), actor=ACTOR
        )
    with refused(app, InvalidValueError, "affiliation"):
        app.map_initiative(details=STYRIA, affiliation="friend", actor=ACTOR)
    with refused(app, DomainRuleError, "details", styria):
        app.update_initiative(styria, details=STYRIA, actor=ACTOR)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"activities": ()}, "activities"),
        ({"activities": ("h",)}, "activities"),
        ({"stakeholders": ()}, "stakeholders"),
        ({"regions": ("DE1",)}, "regions"),
        ({"estimated_stakeholders": 0}, "estimated_stakeholders"),
        ({"link": "hydrogen"}, "link"),
        ({"description": ""}, "description"),
    ],
)
def test_initiative_details_are_validated(
    change: dict[str, object], field: str
) -> None:
    """An initiative does at least one a-g activity and involves at least one
    of the §5.2 stakeholder types."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(STYRIA, **change)
    assert (info.value.entity, info.value.field) == ("MappedInitiative", field)


def test_initiative_activities_are_items_a_to_g() -> None:
    """The seven activity categories of §5.2, lettered a-g."""
    assert [a.letter for a in InitiativeActivity] == list("abcdefg")


def test_search_initiatives(app: PactApplication, initiatives: dict[str, UUID]) -> None:
    """Filters by activity, affiliation, stakeholders, country, ecosystem,
    skills focus, and the keyword."""
    i = initiatives
    search = app.search_initiatives

    def ids(keyword: str | None = None, **filters: object) -> set[UUID]:
        return {x.id for x in search(keyword, **filters)}  # type: ignore[arg-type]

    assert ids(activities=("joint_training", "sectoral_cooperation")) == {
        i["styria"],
        i["automotive"],
    }
    assert ids(affiliations=("potential",)) == {
        i["styria"],
        i["rotation"],
        i["hydrogen"],
    }
    assert ids(stakeholders=("trade_unions",)) == {i["unions"]}
    assert ids(
        stakeholders=("research_institutions",), affiliations=("potential",)
    ) == {i["hydrogen"]}
    assert ids(countries=("FI", "IE")) == {i["rotation"], i["unions"]}
    assert ids(ecosystems=("renewable_energy",)) == {i["hydrogen"]}
    assert ids(skills_focus=("intermediate_advanced",)) == {i["styria"], i["hydrogen"]}
    assert ids("hydrogen") == {i["hydrogen"]}
    assert ids("steiermark") == {i["styria"]}  # its NUTS region's name
    assert ids("batteries") == {i["automotive"]}
    assert search()[0].details.name == "Automotive skills observatory"


# ========================================================= knowledge events

FUNDING_WEBINAR = KnowledgeEventDetails(
    format=KnowledgeEventFormat.WEBINAR,
    topic="Key funding opportunities for upskilling and reskilling at EU level",
    held_on=date(2022, 7, 7),
    description="Experts from the European Commission and Pact members on using "
    "funding support for upskilling and reskilling.",
    link="https://pact-for-skills.ec.europa.eu/events/funding-webinar-recording",
)
REGIONAL_PLA = KnowledgeEventDetails(
    format="peer_learning",
    topic="Developing regional partnerships: good practices from CoVEs, Cluster "
    "Platforms, and 3s regions",
    held_on=date(2022, 11, 15),
)
UKRAINE_SEMINAR = KnowledgeEventDetails(
    format="thematic_seminar",
    topic="The role of the Pact for Skills in supporting the integration of "
    "persons fleeing the war in Ukraine",
    held_on=date(2022, 6, 21),
)
UPCOMING = (
    KnowledgeEventDetails(
        format="peer_learning",
        topic="Defining and monitoring commitments for upskilling and reskilling",
        held_on=date(2023, 2, 15),
    ),
    KnowledgeEventDetails(
        format="webinar",
        topic="Key funding opportunities for upskilling and reskilling at EU level",
        held_on=date(2023, 4, 20),
    ),
    KnowledgeEventDetails(
        format="thematic_seminar",
        topic="Ensuring gender balance in upskilling and reskilling measures",
        held_on=date(2023, 10, 12),
    ),
    KnowledgeEventDetails(
        format="webinar",
        topic="Use of skills intelligence tools to define upskilling and reskilling "
        "actions",
        held_on=date(2023, 12, 5),
    ),
)


def test_knowledge_event_lifecycle(app: PactApplication) -> None:
    """A peer-learning activity: background paper ahead, follow-up report in
    the online library after (§5.4)."""
    report = app.register_library_resource(details=REGIONAL_REPORT, actor=ACTOR)
    recorded = app.clock.next
    eid = app.schedule_knowledge_event(details=REGIONAL_PLA, actor=ACTOR)
    event = last_event(app, eid)
    assert isinstance(event, KnowledgeEventScheduled)
    assert event.details == REGIONAL_PLA
    assert_meta(event, recorded_at=recorded)
    app.publish_background_paper(
        eid,
        link="https://pact-for-skills.ec.europa.eu/pla-regional-background.pdf",
        published_on=date(2022, 11, 8),
        actor=ACTOR,
    )
    event = last_event(app, eid)
    assert isinstance(event, BackgroundPaperPublished)
    assert event.published_on == date(2022, 11, 8)
    app.publish_follow_up_report(
        eid,
        link=REGIONAL_REPORT.link,
        published_on=date(2022, 12, 1),
        library_resource_id=report,
        actor=ACTOR,
    )
    event = last_event(app, eid)
    assert isinstance(event, FollowUpReportPublished)
    assert event.library_resource_id == report
    ke = app.get_knowledge_event(eid)
    assert ke.background_paper is not None
    assert ke.follow_up_report is not None
    assert ke.follow_up_report.library_resource_id == report
    assert not ke.cancelled


def test_webinar_has_a_follow_up_report_but_no_background_paper(
    app: PactApplication,
) -> None:
    """The July 2022 funding webinar's meeting report is in the library;
    webinars have no background paper (§5.3, §5.4)."""
    eid = app.schedule_knowledge_event(details=FUNDING_WEBINAR, actor=ACTOR)
    with refused(app, DomainRuleError, "format", eid, match="not a webinar"):
        app.publish_background_paper(
            eid, link="https://x.example.eu/p.pdf", published_on=date(2022, 7, 1),
            actor=ACTOR,
        )  # fmt: skip
    app.publish_follow_up_report(
        eid, link=FUNDING_REPORT.link, published_on=date(2022, 7, 29), actor=ACTOR
    )
    assert app.get_knowledge_event(eid).follow_up_report is not None


def test_knowledge_event_refusals(app: PactApplication) -> None:
    """A paper after the event or twice; a report before the event, twice or
    for an unknown library entry; a bad link."""
    eid = app.schedule_knowledge_event(details=UKRAINE_SEMINAR, actor=ACTOR)

    def paper(day: date, link: str = "https://x.example.eu/paper.pdf") -> None:
        app.publish_background_paper(eid, link=link, published_on=day, actor=ACTOR)

    def report(day: date, library_id: UUID | None = None) -> None:
        app.publish_follow_up_report(
            eid,
            link="https://x.example.eu/report.pdf",
            published_on=day,
            library_resource_id=library_id,
            actor=ACTOR,
        )

    with refused(app, DomainRuleError, "published_on", eid, match="ahead"):
        paper(date(2022, 6, 22))
    with refused(app, InvalidValueError, "link", eid):
        paper(date(2022, 6, 1), link="paper.pdf")
    paper(date(2022, 6, 21))  # on the day is still ahead of the seminar
    with refused(app, DomainRuleError, "background_paper", eid):
        paper(date(2022, 6, 10))
    with refused(app, DomainRuleError, "published_on", eid, match="after"):
        report(date(2022, 6, 20))
    with refused(app, NotFoundError, "library_resource_id", eid):
        report(date(2022, 7, 1), uuid4())
    report(date(2022, 7, 1))
    with refused(app, DomainRuleError, "follow_up_report", eid):
        report(date(2022, 7, 2))


def test_knowledge_event_updated_and_cancelled(app: PactApplication) -> None:
    """Dates are provisional (§5.4): an event moves, or is cancelled; the
    move keeps papers before and reports after the event."""
    eid = app.schedule_knowledge_event(details=UPCOMING[0], actor=ACTOR)
    moved = attrs.evolve(UPCOMING[0], held_on=date(2023, 3, 1))
    app.update_knowledge_event(eid, details=moved, actor=ACTOR)
    event = last_event(app, eid)
    assert isinstance(event, KnowledgeEventUpdated)
    assert app.get_knowledge_event(eid).details.held_on == date(2023, 3, 1)
    app.publish_background_paper(
        eid, link="https://x.example.eu/p.pdf", published_on=date(2023, 2, 20),
        actor=ACTOR,
    )  # fmt: skip
    with refused(app, DomainRuleError, "published_on", eid):
        app.update_knowledge_event(
            eid, details=attrs.evolve(moved, held_on=date(2023, 2, 1)), actor=ACTOR
        )
    with refused(app, DomainRuleError, "format", eid):
        app.update_knowledge_event(
            eid, details=attrs.evolve(moved, format="webinar"), actor=ACTOR
        )
    with refused(app, DomainRuleError, "details", eid):
        app.update_knowledge_event(eid, details=moved, actor=ACTOR)
    app.cancel_knowledge_event(eid, reason="Speakers unavailable", actor=ACTOR)
    assert isinstance(last_event(app, eid), KnowledgeEventCancelled)
    assert app.get_knowledge_event(eid).cancelled
    with refused(app, InvalidStateError, "withdrawn", eid):
        app.publish_follow_up_report(
            eid, link="https://x.example.eu/r.pdf", published_on=date(2023, 3, 2),
            actor=ACTOR,
        )  # fmt: skip
    seminar = app.schedule_knowledge_event(details=UPCOMING[2], actor=ACTOR)
    app.publish_follow_up_report(
        seminar, link="https://x.example.eu/r.pdf", published_on=date(2023, 10, 20),
        actor=ACTOR,
    )  # fmt: skip
    with refused(app, DomainRuleError, "published_on", seminar, match="after"):
        app.update_knowledge_event(
            seminar,
            details=attrs.evolve(UPCOMING[2], held_on=date(2023, 10, 25)),
            actor=ACTOR,
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"format": "conference"}, "format"),
        ({"topic": ""}, "topic"),
        ({"held_on": "next week"}, "held_on"),
        ({"link": "recording"}, "link"),
    ],
)
def test_knowledge_event_details_are_validated(
    change: dict[str, object], field: str
) -> None:
    """Webinar, peer-learning activity or thematic seminar; topic; date."""
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(FUNDING_WEBINAR, **change)
    assert (info.value.entity, info.value.field) == ("KnowledgeEvent", field)


def test_search_knowledge_events(app: PactApplication) -> None:
    """By format, date range and keyword; sorted by date; cancelled excluded."""
    ids = {
        d.topic + str(d.held_on): app.schedule_knowledge_event(details=d, actor=ACTOR)
        for d in (FUNDING_WEBINAR, REGIONAL_PLA, UKRAINE_SEMINAR, *UPCOMING)
    }
    search = app.search_knowledge_events
    assert [e.details.held_on for e in search()] == sorted(
        e.details.held_on for e in search()
    )
    assert len(search(held_from=date(2023, 1, 1), held_to=date(2023, 12, 31))) == 4
    assert [e.details.held_on for e in search("funding")] == [
        date(2022, 7, 7),
        date(2023, 4, 20),
    ]
    assert {e.details.format for e in search(formats=("peer_learning",))} == {
        KnowledgeEventFormat.PEER_LEARNING
    }
    assert len(search(formats=("webinar", "thematic_seminar"))) == 5
    assert [e.details.topic for e in search("gender balance")] == [UPCOMING[2].topic]
    gender = ids[UPCOMING[2].topic + str(UPCOMING[2].held_on)]
    app.cancel_knowledge_event(gender, reason="Postponed to 2024", actor=ACTOR)
    assert search("gender balance") == []
    assert (
        KnowledgeEventFormat.THEMATIC_SEMINAR.activity_type.value == "thematic_seminar"
    )


def test_catalogue_entries_are_not_partnerships(
    app: PactApplication, library: dict[str, UUID]
) -> None:
    """Loading a catalogue entry as another aggregate is refused."""
    with pytest.raises(NotFoundError):
        app.get_partnership(library["funding"])
    with pytest.raises(NotFoundError):
        app.get_funding_opportunity(library["funding"])


def test_the_catalogues_guide_example_runs() -> None:
    """The Python example of docs/catalogues.md runs as written."""
    import re
    from pathlib import Path

    text = (Path(__file__).parents[1] / "docs" / "catalogues.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, "docs/catalogues.md", "exec"), {})


def test_catalogue_entries_restore_from_snapshots(app: PactApplication) -> None:
    """Every catalogue aggregate's state survives a snapshot."""
    ids = [
        app.register_library_resource(details=UKRAINE_REPORT, actor=ACTOR),
        app.register_funding_opportunity(details=JTF_SILESIA, actor=ACTOR),
        app.map_initiative(details=STYRIA, affiliation="potential", actor=ACTOR),
        app.schedule_knowledge_event(details=REGIONAL_PLA, actor=ACTOR),
    ]
    app.invite_initiative(ids[2], invited_on=date(2023, 1, 9), actor=ACTOR)
    app.publish_background_paper(
        ids[3], link="https://x.example.eu/p.pdf", published_on=date(2022, 11, 1),
        actor=ACTOR,
    )  # fmt: skip
    app.withdraw_library_resource(ids[0], reason="Outdated", actor=ACTOR)
    for entry_id in ids:
        replayed = app.repository.get(entry_id)
        app.take_snapshot(entry_id)
        assert app.snapshots is not None
        assert list(app.snapshots.get(entry_id))
        assert state(app.repository.get(entry_id)) == state(replayed)


def test_catalogue_dates_are_not_in_the_future(
    app: PactApplication, initiatives: dict[str, UUID]
) -> None:
    """Invitations, joinings and follow-up reports are facts: a date after the
    recording day is refused, and a joining precedes no invitation."""
    styria = initiatives["styria"]
    with refused(app, InvalidValueError, "invited_on", styria, match="future"):
        app.invite_initiative(styria, invited_on=date(2099, 1, 1), actor=ACTOR)
    app.invite_initiative(styria, invited_on=date(2024, 6, 1), actor=ACTOR)
    with refused(app, InvalidValueError, "joined_on", styria, match="before"):
        app.record_initiative_joined(styria, joined_on=date(2024, 5, 1), actor=ACTOR)
    with refused(app, InvalidValueError, "joined_on", styria, match="future"):
        app.record_initiative_joined(styria, joined_on=date(2099, 5, 1), actor=ACTOR)
    eid = app.schedule_knowledge_event(details=UKRAINE_SEMINAR, actor=ACTOR)
    with refused(app, InvalidValueError, "published_on", eid, match="future"):
        app.publish_follow_up_report(
            eid,
            link="https://x.example.eu/report.pdf",
            published_on=date(2099, 1, 1),
            actor=ACTOR,
        )


def test_funding_from_a_withdrawn_opportunity_is_refused(
    app: PactApplication,
) -> None:
    """Funding secured cannot name an opportunity withdrawn from the tool."""
    from _helpers import active_lsp

    pid, _ = active_lsp(app)
    oid = app.register_funding_opportunity(details=ESF_CZ, actor=ACTOR)
    app.withdraw_funding_opportunity(oid, reason="Call cancelled", actor=ACTOR)
    with refused(app, DomainRuleError, "opportunity_id", pid, match="withdrawn"):
        app.record_funding_secured(
            pid,
            programme="esf_plus",
            amount_eur=Decimal(1000),
            project_name="Upskilling Moravia",
            secured_on=date(2024, 3, 1),
            opportunity_id=oid,
            actor=ACTOR,
        )
