# ruff: noqa: E501 -- sample titles, summaries and links are long strings
"""Sample governance, work plans, activities and catalogues for the demo.

:func:`load_activities_demo` adds, through the public application service,
to each partnership of the demo (:mod:`pact_adapters.demo`):

* a steering group (its coordinators and three more members) and the working
  groups named in its agreement, with sub-groups where the handbook has them
  (the Automotive Skills Alliance's WG3 on batteries, hydrogen and
  digitalisation, Box 17; the Tourism partnership's national skills groups in
  Bulgaria, Italy and the Netherlands, Box 37);
* a 2023-2025 work plan with work packages of the five §4.1 types, their
  deliverables, and the outputs delivered (Table 1) — some deliverables are
  left overdue;
* meetings, webinars and workshops held, communications and their reach, a
  membership recruitment campaign, funding secured and a skills needs
  assessment (§4.2-§4.5, §5.3, Box 40);
* the 2023 and 2024 monitoring exercises with survey responses (§6.2);
* the link between a regional partnership and the LSP it named (§4.6);

and to the Pact-wide catalogues (§5): the online library's meeting reports
and tools, the funding tool's EU, national and regional opportunities (ESF+,
ERDF, JTF, RRF, Erasmus+), mapped initiatives, and the knowledge events of
2022-2023 with their background papers and follow-up reports.

Partnership facts get ids derived from the partnership's id
(``uuid5(partnership_id, slug)``), catalogue entries from
:data:`CATALOGUE_NAMESPACE`; every step checks what is recorded, so a second
call records nothing.  The organisations, people, amounts and links are
illustrative; the partnerships, events and topics are the handbook's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

import attrs

from pact_domain.application import PactApplication
from pact_domain.catalogues import (
    FundingOpportunityDetails,
    InitiativeDetails,
    KnowledgeEventDetails,
    LibraryResourceDetails,
)
from pact_domain.partnership import (
    Partnership,
    PlannedDeliverable,
    PlannedWorkPackage,
    SkillsGap,
)
from pact_domain.vocabularies import (
    ActivityType,
    Ecosystem,
    FundingProgramme,
    OutputType,
    PartnershipKind,
    PartnershipStatus,
    WorkPackageType,
)
from pact_domain.vocabularies_catalogues import (
    CommunicationChannel,
    SkillsAssessmentMethod,
)

__all__ = ["CATALOGUE_NAMESPACE", "catalogue_id", "load_activities_demo"]

SUPPORT = "Pact for Skills Support Services"
CATALOGUE_NAMESPACE = UUID("3b8e7c1a-5d2f-5e4b-8a6c-9f0d1e2a3b4c")
"""The namespace of the sample catalogue entries' ids."""


def catalogue_id(slug: str) -> UUID:
    """The deterministic id of a sample catalogue entry, e.g. ``"library/ukraine"``."""
    return uuid5(CATALOGUE_NAMESPACE, slug)


def _fact_id(partnership_id: UUID, slug: str) -> UUID:
    return uuid5(partnership_id, slug)


# --------------------------------------------------------------------------
# Catalogues (§5)
# --------------------------------------------------------------------------

_LIBRARY: dict[str, LibraryResourceDetails] = {
    "funding-webinar-report": LibraryResourceDetails(
        title="Key funding opportunities for upskilling and reskilling at EU level - meeting report",
        author=SUPPORT,
        year=2022,
        summary="Report of the July 2022 Knowledge Webinar: experts from the European Commission and Pact members on how to use EU funding support to implement upskilling and reskilling measures.",
        link="https://pact-for-skills.ec.europa.eu/library/key-funding-opportunities-meeting-report",
        resource_type="meeting_report",
        thematic_areas=("upskilling", "reskilling"),
        target_audiences=(
            "businesses",
            "public_authorities",
            "partnership_coordinators",
        ),
    ),
    "regional-partnerships-report": LibraryResourceDetails(
        title="Developing regional partnerships: good practices from CoVEs, Cluster Platforms, and 3s regions - meeting report",
        author=SUPPORT,
        year=2022,
        summary="Good practices of Centres of Vocational Excellence, cluster platforms and smart specialisation regions in building regional skills partnerships.",
        link="https://pact-for-skills.ec.europa.eu/library/developing-regional-partnerships-meeting-report",
        resource_type="meeting_report",
        thematic_areas=("upskilling", "skills_anticipation"),
        target_audiences=("public_authorities", "education_training_providers"),
    ),
    "ukraine-report": LibraryResourceDetails(
        title="The role of the Pact for Skills in supporting the integration of persons fleeing the war in Ukraine - meeting report",
        author=SUPPORT,
        year=2022,
        summary="How Pact members help persons displaced from Ukraine into training and work.",
        link="https://pact-for-skills.ec.europa.eu/library/ukraine-meeting-report",
        resource_type="meeting_report",
        thematic_areas=("reskilling",),
        geographical_scope=("PL", "non_eu"),
        target_audiences=("civil_society", "public_authorities"),
    ),
    "tourism-skills-toolkit": LibraryResourceDetails(
        title="Tourism Sector Skills toolkit",
        author="Next Tourism Generation Alliance",
        year=2021,
        summary="Helps organisations evaluate their skills needs and gaps and develop curricula, training and recruitment programmes; with a Skills Assessment Methodology and a Skills Matrix (Box 27).",
        link="https://nexttourismgeneration.eu/toolkit",
        resource_type="online_tool",
        thematic_areas=("skills_anticipation", "upskilling"),
        ecosystems=("tourism",),
        target_audiences=("businesses", "smes"),
    ),
    "tclf-future-skills": LibraryResourceDetails(
        title="Future needed skills and trends for the TCLF sectors",
        author="Skills4Smart TCLF 2030 Blueprint",
        year=2020,
        summary="Assessment of future skills needs and anticipated skills shortages in textile, clothing, leather and footwear (Box 26).",
        link="https://s4tclfblueprint.eu/future-skills",
        resource_type="publication",
        thematic_areas=("skills_anticipation",),
        ecosystems=("textile",),
    ),
    "summary-report-skills-anticipation": LibraryResourceDetails(
        title="Pact for Skills Summary Report: skills anticipation",
        author=SUPPORT,
        year=2023,
        summary="Main policy developments, good practices and key resources on skills anticipation (§5.4 Summary Reports).",
        link="https://pact-for-skills.ec.europa.eu/library/summary-report-skills-anticipation",
        resource_type="summary_report",
        thematic_areas=("skills_anticipation",),
        target_audiences=("partnership_coordinators", "public_authorities"),
    ),
}

_FUNDING: dict[str, FundingOpportunityDetails] = {
    "erasmus-blueprint": FundingOpportunityDetails(
        title="Erasmus+ Alliances for Innovation - Blueprint for sectoral cooperation on skills",
        summary="Grants for sectoral skills alliances that implement a new strategic approach to sectoral cooperation on skills.",
        programme=FundingProgramme.ERASMUS_PLUS,
        level="eu",
        funding_types=("grant",),
        areas=("upskilling", "reskilling"),
        beneficiary_types=(
            "vet_provider",
            "higher_education",
            "sectoral_organisation",
            "social_partner",
        ),
        opens_on=date(2023, 11, 23),
        closes_on=date(2024, 3, 14),
        budget_eur=Decimal("64000000"),
        objectives="Sectoral skills strategies, occupational profiles and curricula for the green and digital transitions.",
        eligibility="Consortia of at least eight full partners from four programme countries.",
        procedure="Online application through the Funding & Tenders Portal; evaluation by external experts.",
        link="https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/erasmus-edu-2024-pi-all-inno-blueprint",
    ),
    "esf-plus-it-national": FundingOpportunityDetails(
        title="ESF+ National Programme Youth, Women and Work",
        summary="National programme for skills and employment of young people and women.",
        programme="esf_plus",
        level="national",
        funding_types=("grant",),
        areas=("upskilling", "reskilling"),
        countries=("IT",),
        beneficiary_types=("employment_service", "vet_provider", "cvet_adult_learning"),
        managing_authority="Ministero del Lavoro e delle Politiche Sociali",
        link="https://www.lavoro.gov.it/pn-giovani-donne-lavoro",
    ),
    "erdf-puglia": FundingOpportunityDetails(
        title="Regional Programme Puglia 2021-2027 (ERDF-ESF+): skills for smart specialisation",
        summary="Regional calls for training linked to the smart specialisation strategy of Puglia.",
        programme="erdf",
        level="regional",
        funding_types=("grant",),
        areas=("upskilling",),
        countries=("IT",),
        regions=("ITF4",),
        ecosystems=("tourism", "agri_food"),
        beneficiary_types=("company", "vet_provider", "public_authority_regional"),
        managing_authority="Regione Puglia",
        link="https://www.regione.puglia.it/web/programmazione-unitaria",
    ),
    "jtf-silesia": FundingOpportunityDetails(
        title="Just Transition Fund: reskilling of workers in Silesia",
        summary="Reskilling and outplacement of workers leaving coal mining and related industries.",
        programme="jtf",
        level="regional",
        funding_types=("grant",),
        areas=("reskilling",),
        countries=("PL",),
        regions=("PL22",),
        ecosystems=("energy_intensive", "renewable_energy"),
        beneficiary_types=("employment_service", "cvet_adult_learning", "other"),
        opens_on=date(2024, 5, 1),
        closes_on=date(2025, 9, 30),
        managing_authority="Urząd Marszałkowski Województwa Śląskiego",
        link="https://funduszeue.slaskie.pl",
    ),
    "rrf-kit-digital": FundingOpportunityDetails(
        title="Kit Digital: digitalisation and digital skills for small businesses",
        summary="Vouchers from the Recovery and Resilience Facility for SMEs' digitalisation, with training.",
        programme="rrf",
        level="national",
        funding_types=("grant",),
        areas=("upskilling",),
        countries=("ES",),
        ecosystems=("digital", "retail", "tourism"),
        beneficiary_types=("company",),
        opens_on=date(2022, 3, 15),
        closes_on=date(2025, 10, 31),
        link="https://www.acelerapyme.gob.es/kit-digital",
    ),
}

_INITIATIVES: dict[str, tuple[InitiativeDetails, str]] = {
    "styria-training-centre": (
        InitiativeDetails(
            name="Intercompany training centre for SMEs in Styria",
            description="SMEs, a large manufacturer and the regional authority share a training centre for metal and electronics trades.",
            activities=("joint_training",),
            stakeholders=(
                "employers",
                "business_associations",
                "education_training_providers",
            ),
            countries=("AT",),
            regions=("AT22",),
            ecosystems=("electronics",),
            skills_focus=("intermediate_advanced",),
            estimated_stakeholders=24,
        ),
        "potential",
    ),
    "hydrogen-cove": (
        InitiativeDetails(
            name="Centre of Vocational Excellence for green hydrogen",
            description="VET providers, employers and researchers develop new training programmes for hydrogen technicians.",
            activities=("new_training_programmes", "skills_needs_assessment"),
            stakeholders=(
                "education_training_providers",
                "employers",
                "research_institutions",
            ),
            countries=("ES",),
            regions=("ES51",),
            ecosystems=("renewable_energy",),
            skills_focus=("research_innovation", "intermediate_advanced"),
            estimated_stakeholders=15,
        ),
        "potential",
    ),
    "union-learning-network": (
        InitiativeDetails(
            name="Union learning representatives network",
            description="Trade union representatives inform employees about training opportunities at their workplace.",
            activities=("training_information",),
            stakeholders=("trade_unions",),
            countries=("IE",),
            skills_focus=("low_skills",),
        ),
        "affiliated",
    ),
}

_KNOWLEDGE_EVENTS: dict[
    str, tuple[KnowledgeEventDetails, date | None, date | None, str | None]
] = {
    # slug: (details, background paper on, follow-up report on, library entry of the report)
    "2022-ukraine-seminar": (
        KnowledgeEventDetails(
            format="thematic_seminar",
            topic="The role of the Pact for Skills in supporting the integration of persons fleeing the war in Ukraine",
            held_on=date(2022, 6, 21),
        ),
        date(2022, 6, 14),
        date(2022, 7, 12),
        "ukraine-report",
    ),
    "2022-funding-webinar": (
        KnowledgeEventDetails(
            format="webinar",
            topic="Key funding opportunities for upskilling and reskilling at EU level",
            held_on=date(2022, 7, 7),
            description="Experts from the European Commission and Pact members discussed how to make use of funding support to implement upskilling and reskilling measures.",
        ),
        None,
        date(2022, 7, 29),
        "funding-webinar-report",
    ),
    "2022-regional-partnerships-pla": (
        KnowledgeEventDetails(
            format="peer_learning",
            topic="Developing regional partnerships: good practices from CoVEs, Cluster Platforms, and 3s regions",
            held_on=date(2022, 11, 15),
        ),
        date(2022, 11, 8),
        date(2022, 12, 1),
        "regional-partnerships-report",
    ),
    "2022-synergies-seminar": (
        KnowledgeEventDetails(
            format="thematic_seminar",
            topic="Strengthening skills partnerships and building synergies with existing EU level initiatives",
            held_on=date(2022, 12, 13),
        ),
        date(2022, 12, 6),
        None,
        None,
    ),
    "2023-commitments-pla": (
        KnowledgeEventDetails(
            format="peer_learning",
            topic="Defining and monitoring commitments for upskilling and reskilling",
            held_on=date(2023, 2, 16),
        ),
        None,
        None,
        None,
    ),
    "2023-funding-webinar": (
        KnowledgeEventDetails(
            format="webinar",
            topic="Key funding opportunities for upskilling and reskilling at EU level",
            held_on=date(2023, 4, 20),
        ),
        None,
        None,
        None,
    ),
    "2023-gender-balance-seminar": (
        KnowledgeEventDetails(
            format="thematic_seminar",
            topic="Ensuring gender balance in upskilling and reskilling measures",
            held_on=date(2023, 10, 12),
        ),
        None,
        None,
        None,
    ),
    "2023-skills-intelligence-webinar": (
        KnowledgeEventDetails(
            format="webinar",
            topic="Use of skills intelligence tools to define upskilling and reskilling actions",
            held_on=date(2023, 12, 5),
        ),
        None,
        None,
        None,
    ),
}


# --------------------------------------------------------------------------
# Partnership profiles
# --------------------------------------------------------------------------

_Delivery = tuple[date, OutputType, str] | None


@attrs.frozen
class _Deliverable:
    slug: str
    title: str
    due_on: date
    delivered: _Delivery = None


@attrs.frozen
class _WorkPackage:
    slug: str
    title: str
    type: WorkPackageType
    deliverables: tuple[_Deliverable, ...]
    objectives: str = ""


@attrs.frozen
class _Profile:
    """What one partnership does, as sample data."""

    sub_groups: Mapping[str, tuple[tuple[str, str], ...]]
    work_packages: tuple[_WorkPackage, ...]
    # slug, type, title, held on, participants, member organisations present, other organisations
    activities: tuple[tuple[str, ActivityType, str, date, int, int, int], ...]
    # slug, channel, title, reach, published on
    communications: tuple[tuple[str, CommunicationChannel, str, int, date], ...]
    # slug, campaign, ended on, prospects contacted, joined
    recruitment: tuple[tuple[str, str, date, int, int], ...]
    # slug, programme, amount, project, secured on, funding tool entry
    funding: tuple[tuple[str, FundingProgramme, str, str, date, str | None], ...]
    # slug, method, assessed on, gaps, summary
    assessments: tuple[
        tuple[str, SkillsAssessmentMethod, date, tuple[str, ...], str], ...
    ]


A, C, W, OUT, F, M = (
    ActivityType,
    CommunicationChannel,
    WorkPackageType,
    OutputType,
    FundingProgramme,
    SkillsAssessmentMethod,
)


# fmt: off
def _standard_packages(sector: str, site: str) -> tuple[_WorkPackage, ...]:
    """Five work packages of §4.1, for a partnership of ``sector``."""
    return (
        _WorkPackage(
            "reach", "Broadening and extending the partnership's reach", W.REACH,
            (
                _Deliverable("newsletter", "Quarterly newsletter launched", date(2023, 3, 31), (date(2023, 3, 20), OUT.ONLINE_FORUM, f"{site}/newsletter")),
                _Deliverable("good-practice-catalogue", f"Catalogue of good practices in {sector}", date(2024, 6, 30), (date(2024, 7, 15), OUT.GUIDE, f"{site}/good-practices")),
            ),
            "Keep members up to date, recruit SMEs and VET providers, share good practice.",
        ),
        _WorkPackage(
            "skills-intelligence", "Developing skills intelligence", W.SKILLS_INTELLIGENCE,
            (
                _Deliverable("skills-needs-report", f"Skills needs report for {sector}", date(2023, 12, 31), (date(2023, 12, 12), OUT.REPORT, f"{site}/skills-needs-2023.pdf")),
                _Deliverable("skills-database", "Database of education and training courses", date(2024, 12, 31), (date(2025, 1, 20), OUT.DATABASE, f"{site}/courses")),
            ),
        ),
        _WorkPackage(
            "practical-initiatives", "Practical initiatives: curricula and training opportunities", W.PRACTICAL_INITIATIVES,
            (
                _Deliverable("curriculum", f"Modular VET curriculum for {sector}", date(2024, 9, 30), (date(2024, 9, 26), OUT.CURRICULUM, f"{site}/curriculum")),
                _Deliverable("online-course", "Online course for workers' upskilling", date(2025, 6, 30)),
            ),
        ),
        _WorkPackage(
            "monitoring", "Monitoring commitments and KPIs", W.MONITORING,
            (_Deliverable("monitoring-toolkit", "Light-touch KPI monitoring toolkit for members", date(2023, 9, 30), (date(2023, 10, 5), OUT.TOOLKIT, f"{site}/monitoring-toolkit")),),
        ),
        _WorkPackage(
            "sustainability", "Sustainability", W.SUSTAINABILITY,
            (_Deliverable("sustainability-plan", "Sustainability Action Plan", date(2025, 12, 31)),),
            "A members-led long-term approach to keep the partnership's benefits (§4.1).",
        ),
    )


_PROFILES: dict[str, _Profile] = {
    Ecosystem.TOURISM: _Profile(
        sub_groups={
            "National and regional skills groups": (
                ("National Skills Group Bulgaria", "Commitments for 2022 on qualified staff and business involvement in education (Box 37)"),
                ("NSG Italia", "Memorandum of understanding and action plan of the social partners (Box 37)"),
                ("National Skills Group Netherlands", "Attracting and retaining staff; student intake in hospitality education (Box 37)"),
            ),
        },
        work_packages=_standard_packages("tourism", "https://tourism-skills.example.eu"),
        activities=(
            ("general-meeting-2023", A.GENERAL_MEETING, "Annual general meeting 2023", date(2023, 5, 24), 96, 8, 31),
            ("steering-2023-q3", A.STEERING_MEETING, "Steering group meeting Q3 2023", date(2023, 9, 12), 11, 6, 0),
            ("regional-survey-workshop", A.WORKSHOP, "Workshop on developing regional partnerships", date(2023, 11, 7), 42, 6, 14),
            ("general-meeting-2024", A.GENERAL_MEETING, "Annual general meeting 2024", date(2024, 5, 29), 104, 8, 35),
        ),
        communications=(
            ("newsletter-2023-1", C.NEWSLETTER, "Tourism skills newsletter #1", 2_850, date(2023, 3, 20)),
            ("linkedin-regional-survey", C.SOCIAL_MEDIA, "Call: regional partnerships survey", 6_400, date(2023, 10, 2)),
            ("newsletter-2024-1", C.NEWSLETTER, "Tourism skills newsletter #5", 3_900, date(2024, 3, 18)),
        ),
        recruitment=(("regional-partnerships-survey", "Survey of interest in developing regional partnerships", date(2023, 12, 15), 180, 14),),
        funding=(("erasmus-alliance", F.ERASMUS_PLUS, "3999560.00", "Tourism skills Alliance for Innovation", date(2024, 7, 1), "erasmus-blueprint"),),
        assessments=(
            ("survey-2023", M.SURVEY, date(2023, 12, 12), ("Digital skills for booking and revenue management", "Sustainability skills for hotels and destinations", "Soft skills and languages for front-line staff"), "Survey of 1,200 tourism businesses across 9 member states."),
        ),
    ),
    Ecosystem.RENEWABLE_ENERGY: _Profile(
        sub_groups={},
        work_packages=_standard_packages("offshore renewable energy", "https://offshore-skills.example.eu"),
        activities=(
            ("kick-off", A.KICK_OFF_MEETING, "Kick-off meeting", date(2023, 1, 26), 58, 6, 12),
            ("observatory-wg-2023", A.WORKING_GROUP_MEETING, "Observatory working group", date(2023, 6, 8), 17, 5, 2),
            ("general-meeting-2023-2", A.GENERAL_MEETING, "General meeting, second half 2023", date(2023, 11, 22), 71, 7, 16),
            ("careers-webinar", A.WEBINAR, "Careers in offshore wind: webinar for schools", date(2024, 2, 14), 230, 3, 40),
        ),
        communications=(
            ("press-launch", C.PRESS_RELEASE, "Offshore skills partnership launched", 15_000, date(2023, 1, 27)),
            ("careers-video", C.VIDEO, "Careers in offshore wind", 22_500, date(2024, 2, 14)),
        ),
        recruitment=(("training-providers-2023", "Outreach to maritime training providers", date(2023, 10, 31), 64, 9),),
        funding=(("jtf-reskilling", F.JTF, "1850000.00", "Reskilling coal workers for offshore wind", date(2024, 9, 10), "jtf-silesia"),),
        assessments=(
            ("desk-review-2023", M.DESK_RESEARCH, date(2023, 9, 29), ("Blade repair technicians", "High-voltage offshore substations", "Working at height and sea survival"), "Desk review of national skills forecasts and job postings."),
        ),
    ),
    Ecosystem.MOBILITY_TRANSPORT_AUTOMOTIVE: _Profile(
        sub_groups={
            "WG3": (
                ("Batteries", "Battery cell production and recycling skills"),
                ("Hydrogen", "Hydrogen and fuel-cell skills"),
                ("Digitalisation", "Software-defined vehicles and Industry 4.0 skills"),
            ),
        },
        work_packages=(
            _WorkPackage(
                "intelligence", "Sectoral intelligence and road mapping", W.SKILLS_INTELLIGENCE,
                (
                    _Deliverable("intelligence-workshop", "Intelligence workshop (Automotive Intelligence First workshop)", date(2023, 6, 30), (date(2023, 6, 22), OUT.REPORT, "https://automotive-skills-alliance.example.eu/intelligence-workshop.pdf")),
                    _Deliverable("demand-survey", "Results from the survey on skills demand", date(2023, 12, 31), (date(2024, 1, 18), OUT.REPORT, "https://automotive-skills-alliance.example.eu/skills-demand-2023.pdf")),
                    _Deliverable("offer-gap-analysis", "Analysis of the survey on skills offer - with gap analysis", date(2024, 6, 30), (date(2024, 6, 28), OUT.TOOL, "https://automotive-skills-alliance.example.eu/gap-analysis")),
                ),
                "Ensure a constant view on changing skills needs (Table 1).",
            ),
            _WorkPackage(
                "training-database", "EU-wide database of education and training courses", W.PRACTICAL_INITIATIVES,
                (
                    _Deliverable("course-database", "Updated EU-wide database of automotive courses", date(2024, 3, 31), (date(2024, 3, 27), OUT.DATABASE, "https://automotive-skills-alliance.example.eu/courses")),
                    _Deliverable("apprenticeship-tool", "Apprenticeship Comparison Tool", date(2025, 3, 31)),
                ),
                "Working Group 3 updates an EU-wide database of courses (Box 19).",
            ),
            _WorkPackage(
                "regional-implementation", "Regional implementation", W.REACH,
                (_Deliverable("regional-guide", "Guide to regional automotive skills partnerships", date(2024, 12, 31), (date(2024, 12, 10), OUT.GUIDE, "https://automotive-skills-alliance.example.eu/regional-guide")),),
            ),
            _WorkPackage("monitoring", "Monitoring the 700,000 upskilling pledge", W.MONITORING, (_Deliverable("annual-report-2024", "Annual monitoring report 2024", date(2025, 3, 31)),)),
            _WorkPackage("sustainability", "Sustainability of the Alliance", W.SUSTAINABILITY, (_Deliverable("sustainability-plan", "Sustainability Action Plan", date(2025, 12, 31)),)),
        ),
        activities=(
            ("intelligence-first", A.WORKSHOP, "Automotive Intelligence First workshop", date(2023, 6, 22), 64, 8, 20),
            ("wg3-batteries-2023", A.WORKING_GROUP_MEETING, "WG3 batteries sub-group", date(2023, 10, 4), 19, 5, 3),
            ("general-assembly-2024", A.GENERAL_MEETING, "General assembly 2024", date(2024, 4, 17), 120, 8, 44),
        ),
        communications=(
            ("newsletter-2023", C.NEWSLETTER, "ASA newsletter, autumn 2023", 5_300, date(2023, 10, 15)),
            ("linkedin-gap-analysis", C.SOCIAL_MEDIA, "Skills gap analysis published", 9_800, date(2024, 6, 28)),
        ),
        recruitment=(("supplier-smes", "Recruitment of supplier SMEs through clusters", date(2024, 2, 28), 150, 22),),
        funding=(("esf-regional-pilots", F.ESF_PLUS, "2400000.00", "Regional upskilling pilots for automotive suppliers", date(2024, 5, 6), None),),
        assessments=(
            ("delphi-2024", M.DELPHI, date(2024, 4, 30), ("Battery cell manufacturing and recycling", "Hydrogen fuel-cell maintenance", "Embedded software for vehicles"), "Two Delphi rounds with industry experts."),
        ),
    ),
    "regional": _Profile(
        sub_groups={},
        work_packages=(
            _WorkPackage("reach", "Engaging tourism businesses and schools of the region", W.REACH, (_Deliverable("kick-off-report", "Kick-off meeting report", date(2023, 6, 30), (date(2023, 6, 20), OUT.REPORT, "https://puglia-skills.example.it/kick-off")),)),
            _WorkPackage("skills-survey", "Regional skills needs survey", W.SKILLS_INTELLIGENCE, (_Deliverable("survey-report", "Skills needs survey of Puglia's tourism businesses", date(2024, 3, 31), (date(2024, 4, 10), OUT.REPORT, "https://puglia-skills.example.it/survey-2024.pdf")),)),
            _WorkPackage("short-courses", "Co-designed short courses and placements", W.PRACTICAL_INITIATIVES, (_Deliverable("short-courses", "Three co-designed short courses", date(2024, 10, 31), (date(2024, 10, 28), OUT.COURSE, "https://puglia-skills.example.it/courses")),)),
            _WorkPackage("monitoring", "Monitoring", W.MONITORING, (_Deliverable("kpi-report", "First KPI report", date(2025, 1, 31)),)),
            _WorkPackage("sustainability", "Sustainability", W.SUSTAINABILITY, (_Deliverable("plan", "Sustainability Action Plan", date(2025, 12, 31)),)),
        ),
        activities=(
            ("kick-off", A.KICK_OFF_MEETING, "Kick-off meeting of the interested organisations", date(2023, 6, 20), 34, 6, 9),
            ("coordinators-meeting", A.NETWORKING_EVENT, "Meeting of regional partnerships' coordinators", date(2023, 11, 29), 12, 1, 8),
        ),
        communications=(("regional-press", C.PRESS_RELEASE, "Puglia joins the Pact for Skills", 8_000, date(2023, 7, 3)),),
        recruitment=(),
        funding=(("erdf-puglia", F.ERDF, "480000.00", "Tourism skills for smart specialisation in Puglia", date(2024, 2, 12), "erdf-puglia"),),
        assessments=(
            ("survey-2024", M.SURVEY, date(2024, 4, 10), ("Digital marketing for small accommodation businesses", "Sustainable tourism management"), "Survey of 310 tourism businesses of the region."),
        ),
    ),
}
# fmt: on

_SATISFACTION = (5, 4, 4, 3, 5, 4, 2, 4)
_USES_OUTPUTS = (True, True, False, True, True, False, True, True)
_PROGRESS = (
    "On track: 60 % of the yearly training target reached.",
    "Training target reached; curricula updated.",
    "Behind target: fewer SMEs enrolled than planned.",
    "",
)
_CHALLENGES = (
    "Releasing staff for training in peak season.",
    "Finding trainers for new technologies.",
    "",
)
_GOOD_PRACTICE = (
    "Peer mentoring between large firms and SMEs.",
    "",
    "Short modular courses recognised by the national qualification body.",
)


# --------------------------------------------------------------------------
# Loader
# --------------------------------------------------------------------------


class _Steps:
    """Runs each sample step that is not yet recorded, counting them."""

    def __init__(self, app: PactApplication) -> None:
        self.app = app
        self.count = 0

    def run(self, command: Any, *args: Any, **kwargs: Any) -> None:
        command(*args, **kwargs)
        self.count += 1

    # -- catalogues -------------------------------------------------------

    def catalogues(self) -> None:
        app = self.app
        for slug, details in _LIBRARY.items():
            rid = catalogue_id(f"library/{slug}")
            if not app.exists(rid):
                self.run(
                    app.register_library_resource,
                    details=details,
                    id=rid,
                    actor=SUPPORT,
                )
        for slug, fdetails in _FUNDING.items():
            oid = catalogue_id(f"funding/{slug}")
            if not app.exists(oid):
                self.run(
                    app.register_funding_opportunity,
                    details=fdetails,
                    id=oid,
                    actor=SUPPORT,
                )
        for slug, (idetails, affiliation) in _INITIATIVES.items():
            iid = catalogue_id(f"initiative/{slug}")
            if not app.exists(iid):
                self.run(
                    app.map_initiative,
                    details=idetails,
                    affiliation=affiliation,
                    id=iid,
                    actor=SUPPORT,
                )
            initiative = app.get_initiative(iid)
            if initiative.affiliation == "potential" and not initiative.invited_on:
                self.run(
                    app.invite_initiative,
                    iid,
                    invited_on=date(2022, 10, 3),
                    actor=SUPPORT,
                )
        for slug, (kdetails, paper_on, report_on, library) in _KNOWLEDGE_EVENTS.items():
            eid = catalogue_id(f"knowledge-event/{slug}")
            if not app.exists(eid):
                self.run(
                    app.schedule_knowledge_event,
                    details=kdetails,
                    id=eid,
                    actor=SUPPORT,
                )
            event = app.get_knowledge_event(eid)
            if paper_on is not None and event.background_paper is None:
                self.run(
                    app.publish_background_paper,
                    eid,
                    link=f"https://pact-for-skills.ec.europa.eu/events/{slug}/background-paper.pdf",
                    published_on=paper_on,
                    actor=SUPPORT,
                )
            if report_on is not None and event.follow_up_report is None:
                entry = None if library is None else catalogue_id(f"library/{library}")
                link = (
                    _LIBRARY[library].link
                    if library is not None
                    else f"https://pact-for-skills.ec.europa.eu/events/{slug}/report.pdf"
                )
                self.run(
                    app.publish_follow_up_report,
                    eid,
                    link=link,
                    published_on=report_on,
                    library_resource_id=entry,
                    actor=SUPPORT,
                )

    # -- one partnership --------------------------------------------------

    def partnership(self, pid: UUID) -> None:
        p = self.app.get_partnership(pid)
        if p.status not in (PartnershipStatus.ACCEPTED, PartnershipStatus.ACTIVE):
            return
        members = list(p.members)
        if not members:
            return
        profile = _profile(p)
        self._steering_group(p, members)
        self._working_groups(p, members, profile)
        self._work_plan(p, members, profile)
        self._activities(p, members, profile)
        self._monitoring(p, members)

    def _steering_group(self, p: Partnership, members: list[UUID]) -> None:
        if p.steering_group:
            return
        others = [m for m in members if m not in p.coordinators]
        joined = (*p.coordinators, *others[:3])
        self.run(
            self.app.change_steering_group,
            p.id,
            joined=joined,
            actor=SUPPORT,
            effective_at=date(2023, 1, 16),
        )

    def _working_groups(
        self, p: Partnership, members: list[UUID], profile: _Profile
    ) -> None:
        if not p.agreements:
            return
        names = p.agreements[max(p.agreements)].content.arrangements.working_groups
        for i, label in enumerate(names):
            found = re.match(r"^(WG\d+)\s+(.+)$", label)
            name, theme = (found.group(1), found.group(2)) if found else (label, label)
            wid = _fact_id(p.id, f"working-group/{name}")
            if wid not in self.app.get_partnership(p.id).working_groups:
                self.run(
                    self.app.form_working_group,
                    p.id,
                    name=name,
                    theme=theme,
                    lead_organisation_id=members[i % len(members)],
                    working_group_id=wid,
                    actor=SUPPORT,
                    effective_at=date(2023, 2, 1),
                )
            for j, (sub, sub_theme) in enumerate(profile.sub_groups.get(name, ())):
                sid = _fact_id(p.id, f"working-group/{name}/{sub}")
                if sid not in self.app.get_partnership(p.id).working_groups:
                    self.run(
                        self.app.form_working_group,
                        p.id,
                        name=sub,
                        theme=sub_theme,
                        lead_organisation_id=members[(i + j + 1) % len(members)],
                        parent_id=wid,
                        working_group_id=sid,
                        actor=SUPPORT,
                        effective_at=date(2023, 3, 1),
                    )

    def _work_plan(
        self, p: Partnership, members: list[UUID], profile: _Profile
    ) -> None:
        def did(wp: _WorkPackage, d: _Deliverable) -> UUID:
            return _fact_id(p.id, f"deliverable/{wp.slug}/{d.slug}")

        if p.work_plan is None:
            packages = tuple(
                PlannedWorkPackage(
                    title=wp.title,
                    type=wp.type,
                    lead_organisation_id=members[i % len(members)],
                    objectives=wp.objectives,
                    deliverables=tuple(
                        PlannedDeliverable(d.title, d.due_on, id=did(wp, d))
                        for d in wp.deliverables
                    ),
                    id=_fact_id(p.id, f"work-package/{wp.slug}"),
                )
                for i, wp in enumerate(profile.work_packages)
            )
            self.run(
                self.app.adopt_work_plan,
                p.id,
                title="Work plan 2023-2025",
                starts_on=date(2023, 1, 1),
                ends_on=date(2025, 12, 31),
                work_packages=packages,
                actor=SUPPORT,
                effective_at=date(2023, 1, 16),
            )
        delivered = self.app.get_partnership(p.id).deliverables
        for wp in profile.work_packages:
            for d in wp.deliverables:
                state = delivered.get(did(wp, d))
                if d.delivered is None or state is None or state.is_delivered:
                    continue
                on, output, link = d.delivered
                self.run(
                    self.app.record_delivery,
                    p.id,
                    deliverable_id=state.id,
                    delivered_on=on,
                    output_type=output,
                    output_title=d.title,
                    link=link,
                    actor=SUPPORT,
                )

    def _activities(
        self, p: Partnership, members: list[UUID], profile: _Profile
    ) -> None:
        app = self.app
        for (
            slug,
            kind,
            title,
            held_on,
            participants,
            present,
            others,
        ) in profile.activities:
            aid = _fact_id(p.id, f"activity/{slug}")
            if aid in p.activities:
                continue
            orgs = tuple(members[:present])
            self.run(
                app.record_activity,
                p.id,
                type=kind,
                title=title,
                held_on=held_on,
                participants=max(participants, len(orgs) + others),
                organisation_ids=orgs,
                other_organisations=others,
                activity_id=aid,
                actor=SUPPORT,
            )
        for slug, channel, title, reach, published_on in profile.communications:
            cid = _fact_id(p.id, f"communication/{slug}")
            if cid not in p.communications:
                self.run(
                    app.record_communication,
                    p.id,
                    channel=channel,
                    title=title,
                    reach=reach,
                    published_on=published_on,
                    communication_id=cid,
                    actor=SUPPORT,
                )
        for slug, campaign, ended_on, contacted, joined in profile.recruitment:
            rid = _fact_id(p.id, f"recruitment/{slug}")
            if rid not in p.recruitment_campaigns:
                self.run(
                    app.record_membership_recruitment,
                    p.id,
                    campaign=campaign,
                    ended_on=ended_on,
                    prospects_contacted=contacted,
                    joined=joined,
                    campaign_id=rid,
                    actor=SUPPORT,
                )
        for (
            slug,
            programme,
            amount,
            project,
            secured_on,
            opportunity,
        ) in profile.funding:
            fid = _fact_id(p.id, f"funding/{slug}")
            if fid in p.funding:
                continue
            oid = (
                None if opportunity is None else catalogue_id(f"funding/{opportunity}")
            )
            if oid is not None and not app.exists(oid):
                oid = None
            self.run(
                app.record_funding_secured,
                p.id,
                programme=programme,
                amount_eur=amount,
                project_name=project,
                secured_on=secured_on,
                opportunity_id=oid,
                funding_id=fid,
                actor=SUPPORT,
            )
        for slug, method, assessed_on, gaps, summary in profile.assessments:
            sid = _fact_id(p.id, f"skills-assessment/{slug}")
            if sid not in p.skills_assessments:
                self.run(
                    app.record_skills_needs_assessment,
                    p.id,
                    method=method,
                    assessed_on=assessed_on,
                    skills_gaps=tuple(SkillsGap(g) for g in gaps),
                    summary=summary,
                    assessment_id=sid,
                    actor=SUPPORT,
                )

    def _monitoring(self, p: Partnership, members: list[UUID]) -> None:
        app = self.app
        for year, respondents in ((2023, 6), (2024, 8)):
            current = app.get_partnership(p.id)
            exercise = current.monitoring_exercises.get(year)
            if exercise is not None and not exercise.is_open:
                continue
            if exercise is None:
                if current.open_monitoring_exercise_year is not None:
                    return
                self.run(
                    app.open_monitoring_exercise,
                    p.id,
                    year=year,
                    actor=SUPPORT,
                    effective_at=date(year + 1, 1, 15),
                )
                exercise = app.get_partnership(p.id).monitoring_exercises[year]
            offset = p.id.int % len(_SATISFACTION)
            for i, org in enumerate(members[:respondents]):
                if exercise.response_of(org) is not None:
                    continue
                self.run(
                    app.record_survey_response,
                    p.id,
                    year=year,
                    organisation_id=org,
                    satisfaction=_SATISFACTION[
                        (i + year + offset) % len(_SATISFACTION)
                    ],
                    uses_outputs=_USES_OUTPUTS[
                        (i + year + offset) % len(_USES_OUTPUTS)
                    ],
                    commitments_progress=_PROGRESS[i % len(_PROGRESS)],
                    challenges=_CHALLENGES[i % len(_CHALLENGES)],
                    good_practice=_GOOD_PRACTICE[i % len(_GOOD_PRACTICE)],
                    actor=SUPPORT,
                    effective_at=date(year + 1, 2, 1 + i),
                )
            self.run(
                app.close_monitoring_exercise,
                p.id,
                year=year,
                actor=SUPPORT,
                effective_at=date(year + 1, 3, 31),
            )

    # -- regional links ---------------------------------------------------

    def regional_links(self, ids: list[UUID]) -> None:
        active = (PartnershipStatus.ACCEPTED, PartnershipStatus.ACTIVE)
        for pid in ids:
            p = self.app.get_partnership(pid)
            lsp_id = p.linked_lsp_id
            if (
                p.kind is not PartnershipKind.REGIONAL
                or lsp_id is None
                or p.status not in active
            ):
                continue
            if lsp_id in p.linked_partnership_ids or not self.app.exists(lsp_id):
                continue
            lsp = self.app.get_partnership(lsp_id)
            if lsp.kind is PartnershipKind.LARGE_SCALE and lsp.status in active:
                self.run(
                    self.app.link_regional_partnership,
                    lsp_id,
                    regional_partnership_id=pid,
                    actor=SUPPORT,
                    effective_at=date(2023, 7, 1),
                )


def _profile(p: Partnership) -> _Profile:
    if p.kind is PartnershipKind.REGIONAL:
        return _PROFILES["regional"]
    for ecosystem in p.ecosystems:
        if ecosystem in _PROFILES:
            return _PROFILES[ecosystem]
    return _PROFILES[Ecosystem.TOURISM]


def load_activities_demo(
    app: PactApplication, partnership_ids: Mapping[str, UUID]
) -> int:
    """Add the sample governance, work plans, activities, funding, skills
    intelligence, monitoring exercises, regional links and catalogues.

    Args:
        app: the application holding the demo partnerships.
        partnership_ids: the demo partnerships by name; each is loaded and
            given sample data fitting its kind and ecosystem (partnerships
            not accepted or active, or without members, are skipped).

    Returns:
        The number of commands recorded — 0 when everything was already
        recorded by an earlier call.
    """
    steps = _Steps(app)
    steps.catalogues()
    ids = list(dict.fromkeys(partnership_ids.values()))
    for pid in ids:
        steps.partnership(pid)
    steps.regional_links(ids)
    return steps.count
