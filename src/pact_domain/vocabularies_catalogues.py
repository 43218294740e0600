"""Vocabularies of partnership activities and of the Pact-wide catalogues.

The partnership activities of handbook §4 (communication channels, skills
intelligence methods) and the filters of the Pact-wide catalogues of §5: the
online library (§5.1, Box 39), the mapped policy initiatives (§5.2), the
funding tool (§5.3) and the knowledge events (§5.4).  Like
:mod:`pact_domain.vocabularies`, every value is a stable lower-case code (what
is stored in events) and ``label`` gives the handbook's wording.
"""

from __future__ import annotations

from pact_domain.vocabularies import ActivityType, _Vocabulary

__all__ = [
    "NON_EU",
    "CommunicationChannel",
    "FundingLevel",
    "FundingType",
    "InitiativeActivity",
    "InitiativeAffiliation",
    "InitiativeStakeholder",
    "InterventionArea",
    "KnowledgeEventFormat",
    "ResourceType",
    "SkillsAssessmentMethod",
    "SkillsFocus",
    "TargetAudience",
    "ThematicArea",
]

NON_EU = "non_eu"
"""The online library's 'non-EU' geographical scope (§5.1, Box 39), used next
to the ISO codes of the EU member states."""


class CommunicationChannel(_Vocabulary):
    """Channels of a partnership's communication activities (§4.1, §4.2, §4.5)."""

    NEWSLETTER = "newsletter", "Newsletter"
    WEBSITE = "website", "Website or web page"
    SOCIAL_MEDIA = "social_media", "Social media (e.g. a LinkedIn group)"
    PRESS_RELEASE = "press_release", "Press release or article"
    MAILING = "mailing", "E-mail mailing"
    EVENT_PRESENTATION = "event_presentation", "Presentation at an event"
    VIDEO = "video", "Video or recording"
    OTHER = "other", "Other"


class SkillsAssessmentMethod(_Vocabulary):
    """Methods of skills needs assessment (§4.3, Boxes 26-27)."""

    DESK_RESEARCH = "desk_research", "Desk research"
    SURVEY = "survey", "Survey of employers or members"
    INTERVIEWS = "interviews", "Interviews or focus groups"
    DELPHI = "delphi", "Delphi consultation or foresight scenarios"
    WORKSHOP = "workshop", "Intelligence workshop"
    SKILLS_ANALYTICS = "skills_analytics", "Skills analytics on labour-market data"
    MIXED = "mixed", "Mixed methods"
    OTHER = "other", "Other"


# -- §5.1 online library (Box 39) -------------------------------------------


class ResourceType(_Vocabulary):
    """The online library's 'type of resource' filter (§5.1)."""

    PUBLICATION = "publication", "Publication"
    ACADEMIC_RESEARCH = "academic_research", "Academic research"
    POLICY_PAPER = "policy_paper", "Policy paper"
    LEGISLATIVE_INSTRUMENT = "legislative_instrument", "Legislative instrument"
    NON_LEGISLATIVE_INSTRUMENT = (
        "non_legislative_instrument",
        "Non-legislative instrument",
    )
    HANDBOOK = "handbook", "Handbook"
    ONLINE_TOOL = "online_tool", "Online tool"
    MEETING_REPORT = "meeting_report", "Meeting report of a knowledge event (§5.4)"
    SUMMARY_REPORT = "summary_report", "Pact for Skills summary report (§5.4)"


class ThematicArea(_Vocabulary):
    """The online library's 'thematic area' filter (§5.1)."""

    UPSKILLING = "upskilling", "Upskilling"
    SKILLS_ANTICIPATION = "skills_anticipation", "Skills anticipation"
    RESKILLING = "reskilling", "Reskilling"


class TargetAudience(_Vocabulary):
    """The online library's 'target audience' filter (§5.1): "from businesses
    to civil society organisations and public authorities"."""

    BUSINESSES = "businesses", "Businesses"
    SMES = "smes", "Small and medium-sized enterprises"
    SOCIAL_PARTNERS = "social_partners", "Social partners"
    EDUCATION_TRAINING_PROVIDERS = (
        "education_training_providers",
        "Education and training providers",
    )
    PUBLIC_AUTHORITIES = "public_authorities", "Public authorities"
    CIVIL_SOCIETY = "civil_society", "Civil society organisations"
    RESEARCHERS = "researchers", "Researchers"
    WORKERS_LEARNERS = "workers_learners", "Workers and learners"
    PARTNERSHIP_COORDINATORS = "partnership_coordinators", "Partnership coordinators"


# -- §5.3 funding tool -------------------------------------------------------


class FundingType(_Vocabulary):
    """The funding tool's 'type of funding' filter (§5.3)."""

    GRANT = "grant", "Grant"
    PROCUREMENT = "procurement", "Procurement"
    LOAN = "loan", "Loan"


class FundingLevel(_Vocabulary):
    """The funding tool's 'level of funding' filter (§5.3, Table 2)."""

    EU = "eu", "EU level"
    NATIONAL = "national", "National level"
    REGIONAL = "regional", "Regional level"


class InterventionArea(_Vocabulary):
    """The funding tool's 'area of intervention' filter (§5.3)."""

    UPSKILLING = "upskilling", "Upskilling"
    RESKILLING = "reskilling", "Reskilling"


# -- §5.2 mapped policy initiatives -----------------------------------------


class InitiativeActivity(_Vocabulary):
    """What a mapped upskilling/reskilling initiative does (§5.2, items a-g)."""

    JOINT_TRAINING = "joint_training", "a. Joint training initiatives"
    KNOWLEDGE_SHARING = "knowledge_sharing", "b. Knowledge-sharing initiatives"
    TRAINING_INFORMATION = (
        "training_information",
        "c. Information on training opportunities (trade unions, employer "
        "associations)",
    )
    ACTIVE_LABOUR_MARKET = (
        "active_labour_market",
        "d. Business engagement in active labour market policies",
    )
    NEW_TRAINING_PROGRAMMES = (
        "new_training_programmes",
        "e. New training programmes by education providers and employer associations",
    )
    SKILLS_NEEDS_ASSESSMENT = (
        "skills_needs_assessment",
        "f. Assessing skills needs within and across companies",
    )
    SECTORAL_COOPERATION = (
        "sectoral_cooperation",
        "g. Fostering sectoral cooperation",
    )

    @property
    def letter(self) -> str:
        """The item letter of the handbook's list (a-g)."""
        return self.label[0]


class InitiativeAffiliation(_Vocabulary):
    """The two groups of mapped initiatives (§5.2)."""

    AFFILIATED = "affiliated", "Already affiliated to the Pact for Skills"
    POTENTIAL = "potential", "Potential member of the Pact for Skills"


class InitiativeStakeholder(_Vocabulary):
    """Stakeholders whose involvement qualifies an initiative for mapping (§5.2)."""

    EMPLOYERS = "employers", "Employers (public or private)"
    BUSINESS_ASSOCIATIONS = "business_associations", "Business associations"
    TRADE_UNIONS = "trade_unions", "Employee organisations or trade unions"
    NGOS = "ngos", "NGOs"
    EDUCATION_TRAINING_PROVIDERS = (
        "education_training_providers",
        "Education or training providers (public or private)",
    )
    RESEARCH_INSTITUTIONS = (
        "research_institutions",
        "Research institutions (public or private)",
    )
    OTHER_PRIVATE_ACTORS = "other_private_actors", "Other private actors"


class SkillsFocus(_Vocabulary):
    """Types of skills a mapped initiative addresses (§5.2)."""

    LOW_SKILLS = "low_skills", "Overcoming low levels of skills"
    INTERMEDIATE_ADVANCED = (
        "intermediate_advanced",
        "Securing a supply of workers with intermediate or advanced skills",
    )
    ACADEMIC = "academic", "Expanding the academic skills base"
    RESEARCH_INNOVATION = (
        "research_innovation",
        "Developing cutting-edge research and innovation-based skills",
    )


# -- §5.4 knowledge events ---------------------------------------------------


class KnowledgeEventFormat(_Vocabulary):
    """Formats of the Pact's online knowledge events (§5.4)."""

    WEBINAR = "webinar", "Webinar (one-hour presentation)"
    PEER_LEARNING = "peer_learning", "Peer-learning activity (half-day workshop)"
    THEMATIC_SEMINAR = "thematic_seminar", "Thematic seminar (half-day event)"

    @property
    def activity_type(self) -> ActivityType:
        """The matching partnership activity type."""
        return ActivityType(self.value)

    @property
    def has_background_paper(self) -> bool:
        """Whether a background paper is shared ahead of the event (§5.4:
        "Ahead of each PLA and thematic seminar")."""
        return self is not KnowledgeEventFormat.WEBINAR
