"""Reference vocabularies of the Pact for Skills, as typed enumerations.

Every value is a stable lower-case code (what is stored in events); ``label``
gives the wording of the handbook. Section numbers refer to the Pact for Skills
partnership handbook.
"""

from __future__ import annotations

import enum
from decimal import Decimal

__all__ = [
    "ActivityType",
    "AssessmentOutcome",
    "CalculationMethod",
    "CharterPrinciple",
    "CommitmentCategory",
    "CommitmentKind",
    "CommitmentScope",
    "DataSource",
    "Dimension",
    "Ecosystem",
    "EqfLevel",
    "FundingProgramme",
    "KpiCategory",
    "Measure",
    "MembershipTier",
    "OrganisationSize",
    "OutputType",
    "PartnershipKind",
    "PartnershipStatus",
    "Periodicity",
    "RegionalScope",
    "StakeholderType",
    "StrategicTheme",
    "WorkPackageType",
]


class _Vocabulary(enum.StrEnum):
    """A string enumeration whose members also carry a display label."""

    _label_: str

    def __new__(cls, value: str, label: str = "") -> _Vocabulary:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj._label_ = label or value.replace("_", " ")
        return obj

    @property
    def label(self) -> str:
        """The wording used by the handbook."""
        return self._label_


class PartnershipKind(_Vocabulary):
    """Large Scale sectoral Partnership or regional partnership (§1.1, Annex A)."""

    LARGE_SCALE = "large_scale", "Large Scale Partnership"
    REGIONAL = "regional", "Regional skills partnership"


class RegionalScope(_Vocabulary):
    """Geographical dimension of a regional partnership (Annex A, §4.6)."""

    NUTS1 = "nuts1", "EU member-state region at NUTS level 1"
    NUTS2 = "nuts2", "EU member-state region at NUTS level 2"
    LOCAL = "local", "Local skills partnership"
    MACRO_REGIONAL = "macro_regional", "Macro-region across several member states"


class PartnershipStatus(_Vocabulary):
    """Lifecycle state of a partnership."""

    PROPOSED = "proposed", "Expression of interest submitted"
    MORE_INFORMATION_NEEDED = "more_information_needed", "More information needed"
    ACCEPTED = "accepted", "Expression of interest accepted"
    DECLINED = "declined", "Expression of interest declined"
    ACTIVE = "active", "Agreement signed"
    CLOSED = "closed", "Closed"


class AssessmentOutcome(_Vocabulary):
    """Outcome of the Support Services' assessment of an expression of interest."""

    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    MORE_INFORMATION_NEEDED = "more_information_needed", "More information needed"


class Ecosystem(_Vocabulary):
    """The 14 industrial ecosystems of the EU Industrial Strategy (§5.1)."""

    AEROSPACE_DEFENCE = "aerospace_defence", "Aerospace and defence"
    AGRI_FOOD = "agri_food", "Agri-food"
    CONSTRUCTION = "construction", "Construction"
    CULTURAL_CREATIVE = "cultural_creative", "Cultural and creative industries"
    DIGITAL = "digital", "Digital"
    ELECTRONICS = "electronics", "Electronics"
    ENERGY_INTENSIVE = "energy_intensive", "Energy-intensive industries"
    HEALTH = "health", "Health"
    MOBILITY_TRANSPORT_AUTOMOTIVE = (
        "mobility_transport_automotive",
        "Mobility, transport and automotive",
    )
    PROXIMITY_SOCIAL_ECONOMY = (
        "proximity_social_economy",
        "Proximity, social economy and civil security",
    )
    RENEWABLE_ENERGY = "renewable_energy", "Renewable energy"
    RETAIL = "retail", "Retail"
    TEXTILE = "textile", "Textile"
    TOURISM = "tourism", "Tourism"


class StakeholderType(_Vocabulary):
    """Types of organisation that skills partnerships engage (§2.1)."""

    COMPANY = "company", "Private or public company"
    SOCIAL_PARTNER = "social_partner", "Social partner (trade union, employers')"
    PUBLIC_AUTHORITY_NATIONAL = "public_authority_national", "National public authority"
    PUBLIC_AUTHORITY_REGIONAL = "public_authority_regional", "Regional public authority"
    PUBLIC_AUTHORITY_LOCAL = "public_authority_local", "Local public authority"
    VET_PROVIDER = "vet_provider", "VET provider"
    CVET_ADULT_LEARNING = (
        "cvet_adult_learning",
        "CVET, adult education or lifelong learning institution",
    )
    HIGHER_EDUCATION = "higher_education", "Higher education institution"
    SECTORAL_ORGANISATION = "sectoral_organisation", "Sectoral organisation"
    BUSINESS_ASSOCIATION = "business_association", "Business or SME association"
    CHAMBER = "chamber", "Chamber of commerce, trade or crafts"
    CLUSTER = "cluster", "Industrial or regional cluster"
    NGO_CSO = "ngo_cso", "NGO or civil-society organisation"
    RESEARCH_INSTITUTION = "research_institution", "Research institution"
    EMPLOYMENT_SERVICE = "employment_service", "Public or private employment service"
    OTHER = "other", "Other"


class OrganisationSize(_Vocabulary):
    """Size class of an organisation (EU SME definition; §2.1)."""

    MICRO = "micro", "Micro enterprise (fewer than 10 staff)"
    SMALL = "small", "Small enterprise (10-49 staff)"
    MEDIUM = "medium", "Medium enterprise (50-249 staff)"
    LARGE = "large", "Large organisation (250 staff or more)"
    NOT_APPLICABLE = "not_applicable", "Not applicable"

    @property
    def is_sme(self) -> bool:
        """Whether the size class is a small or medium-sized enterprise."""
        return self in (
            OrganisationSize.MICRO,
            OrganisationSize.SMALL,
            OrganisationSize.MEDIUM,
        )


class MembershipTier(_Vocabulary):
    """Membership options of a partnership (§4.2, Box 23)."""

    CORE = "core", "Core (consortium) member"
    ASSOCIATED = "associated", "Associated partner"
    AFFILIATED = "affiliated", "Affiliated partner"


class StrategicTheme(_Vocabulary):
    """Common themes of partnership agreements (§3.1.1)."""

    DIGITAL_TRANSITION = "digital_transition", "Digital transition"
    SUSTAINABILITY = "sustainability", "Sustainability"
    ATTRACTIVENESS_OF_CAREERS = "attractiveness_of_careers", "Attractiveness of careers"
    INCLUSION_DIVERSITY = "inclusion_diversity", "Inclusion and diversity of workers"
    AGEING_WORKFORCE = "ageing_workforce", "Ageing workforce"
    STRUCTURAL_CHANGE = "structural_change", "Accelerated structural changes"
    OTHER = "other", "Other"


class CharterPrinciple(_Vocabulary):
    """The four principles of the Pact for Skills Charter (Box 1)."""

    LEARNING_CULTURE = "learning_culture", "Promoting a culture of learning for all"
    STRONG_PARTNERSHIPS = "strong_partnerships", "Building strong skills partnerships"
    SKILLS_INTELLIGENCE = (
        "skills_intelligence",
        "Monitoring skills supply and demand and anticipating skills needs",
    )
    EQUAL_OPPORTUNITIES = (
        "equal_opportunities",
        "Working against discrimination and for gender equality and equal "
        "opportunities",
    )


class CommitmentKind(_Vocabulary):
    """Impact or capacity commitment (§3.3)."""

    IMPACT = "impact", "Impact commitment"
    CAPACITY = "capacity", "Capacity commitment"


class CommitmentCategory(_Vocabulary):
    """Categories of commitments (§3.3); each belongs to one kind."""

    TRAINING_AND_DEVELOPMENT = (
        "training_and_development",
        "Delivering training and development opportunities",
    )
    DIVERSIFYING_WORKFORCE = "diversifying_workforce", "Diversifying the workforce"
    TRAINING_QUALITY = "training_quality", "Improving the quality of trainings"
    LIFELONG_LEARNING_CULTURE = (
        "lifelong_learning_culture",
        "Establishing a culture of lifelong learning",
    )
    BEST_PRACTICE_POLICY = (
        "best_practice_policy",
        "Sharing best practices or policy recommendations",
    )
    RECOGNITION_OF_LEARNING = (
        "recognition_of_learning",
        "Recognising work experience and non-formal trainings",
    )
    SKILLS_INTELLIGENCE = "skills_intelligence", "Contributing to skills intelligence"
    PARTNERSHIP_AND_DIALOGUE = "partnership_and_dialogue", "Partnerships and dialogue"
    INCLUSIVE_DECISION_MAKING = (
        "inclusive_decision_making",
        "Inclusive decision-making processes",
    )
    REACH_OF_MEMBERSHIP = "reach_of_membership", "Increasing the reach of membership"
    COMMITTING_RESOURCES = "committing_resources", "Committing resources"

    @property
    def kind(self) -> CommitmentKind:
        """The kind of commitment this category belongs to (§3.3)."""
        return _CATEGORY_KIND[self]


_CATEGORY_KIND = {
    CommitmentCategory.TRAINING_AND_DEVELOPMENT: CommitmentKind.IMPACT,
    CommitmentCategory.DIVERSIFYING_WORKFORCE: CommitmentKind.IMPACT,
    CommitmentCategory.TRAINING_QUALITY: CommitmentKind.IMPACT,
    CommitmentCategory.LIFELONG_LEARNING_CULTURE: CommitmentKind.IMPACT,
    CommitmentCategory.BEST_PRACTICE_POLICY: CommitmentKind.IMPACT,
    CommitmentCategory.RECOGNITION_OF_LEARNING: CommitmentKind.IMPACT,
    CommitmentCategory.SKILLS_INTELLIGENCE: CommitmentKind.CAPACITY,
    CommitmentCategory.PARTNERSHIP_AND_DIALOGUE: CommitmentKind.CAPACITY,
    CommitmentCategory.INCLUSIVE_DECISION_MAKING: CommitmentKind.CAPACITY,
    CommitmentCategory.REACH_OF_MEMBERSHIP: CommitmentKind.CAPACITY,
    CommitmentCategory.COMMITTING_RESOURCES: CommitmentKind.CAPACITY,
}


class CommitmentScope(_Vocabulary):
    """Whose commitment it is (Box 11)."""

    PARTNERSHIP = "partnership", "The partnership as a whole"
    MEMBER = "member", "One member organisation"


class KpiCategory(_Vocabulary):
    """Dimensions that KPIs track (§3.4)."""

    PARTNERSHIP_ACTIVITIES = "partnership_activities", "Partnership activities"
    PARTNERSHIP_OUTPUTS = "partnership_outputs", "Partnership outputs"
    SKILLING_TRAINING_OUTPUTS = (
        "skilling_training_outputs",
        "Skilling and training outputs",
    )
    IMPACTS = "impacts", "Impacts"


class Measure(_Vocabulary):
    """How a KPI is measured, aligned with IATI 2.03 indicator measures.

    ``iati_code`` gives the IATI IndicatorMeasure code: 1 unit, 2 percentage,
    3 nominal, 4 ordinal, 5 qualitative.
    """

    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    MONEY_EUR = "money_eur", "Money (EUR)"
    HOURS = "hours", "Hours"
    RATIO = "ratio", "Ratio"
    ORDINAL = "ordinal", "Ordinal scale"
    QUALITATIVE = "qualitative", "Qualitative or milestone"

    @property
    def iati_code(self) -> int:
        """The IATI 2.03 IndicatorMeasure code."""
        return {
            Measure.PERCENTAGE: 2,
            Measure.ORDINAL: 4,
            Measure.QUALITATIVE: 5,
        }.get(self, 1)

    @property
    def is_quantitative(self) -> bool:
        """Whether values of this measure are numbers."""
        return self is not Measure.QUALITATIVE

    @property
    def smallest(self) -> Decimal:
        """The smallest value a KPI of this measure accepts (its baseline,
        target, reports and breakdowns): 0, or -1,000,000 for a ratio."""
        return -_MEASURE_BOUNDS[self][0] if self is Measure.RATIO else Decimal(0)

    @property
    def largest(self) -> Decimal:
        """The largest value a KPI of this measure accepts.

        A count or a number of hours: 10^12 (a million million, a hundred
        times the world's population); EUR: 10^13 (ten times the EU's whole
        2021-2027 budget); a percentage: 100; a ratio: 10^6; an ordinal
        rank: 1,000; a milestone: 1.  Within these, every sum, mean and
        progress the monitoring views compute is exact in Python's 28-digit
        decimal context, so every accepted value can be reported.
        """
        return _MEASURE_BOUNDS[self][0]

    @property
    def places(self) -> int:
        """The most decimal places a value of this measure has: 0 for a
        count, an ordinal rank or a milestone, 2 for EUR (cents) and hours,
        4 for a percentage, 6 for a ratio."""
        return _MEASURE_BOUNDS[self][1]


_MEASURE_BOUNDS: dict[Measure, tuple[Decimal, int]] = {
    Measure.COUNT: (Decimal(10) ** 12, 0),
    Measure.PERCENTAGE: (Decimal(100), 4),
    Measure.MONEY_EUR: (Decimal(10) ** 13, 2),
    Measure.HOURS: (Decimal(10) ** 12, 2),
    Measure.RATIO: (Decimal(10) ** 6, 6),
    Measure.ORDINAL: (Decimal(1000), 0),
    Measure.QUALITATIVE: (Decimal(1), 0),
}


class CalculationMethod(_Vocabulary):
    """How a KPI's values combine across periods and contributors."""

    SUM = "sum", "Sum"
    AVERAGE = "average", "Average"
    MAXIMUM = "maximum", "Maximum"
    LATEST = "latest", "Latest value"


class Periodicity(_Vocabulary):
    """How often a KPI is reported."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SEMI_ANNUAL = "semi_annual", "Every six months"
    ANNUAL = "annual", "Annually"
    TRIENNIAL = "triennial", "Every three years"

    @property
    def months(self) -> int:
        """Length of one reporting period in months."""
        return {
            Periodicity.MONTHLY: 1,
            Periodicity.QUARTERLY: 3,
            Periodicity.SEMI_ANNUAL: 6,
            Periodicity.ANNUAL: 12,
            Periodicity.TRIENNIAL: 36,
        }[self]


class DataSource(_Vocabulary):
    """Where KPI data comes from (§6.2)."""

    ADMINISTRATIVE = "administrative", "Administrative records"
    SURVEY = "survey", "Survey of members"
    DESK_RESEARCH = "desk_research", "Desk research"


class Dimension(_Vocabulary):
    """Breakdown dimensions of KPI values (§3.4, Box 13).

    An *exhaustive* dimension partitions the total: its breakdown values must
    add up to the reported value.
    """

    GENDER = "gender", "Gender"
    AGE_BAND = "age_band", "Age band"
    EMPLOYMENT_STATUS = "employment_status", "Employment status"
    EQF_LEVEL = "eqf_level", "EQF level"
    COUNTRY = "country", "Country"
    STAKEHOLDER_GROUP = "stakeholder_group", "Stakeholder group"
    GREEN_DIGITAL = "green_digital", "Green or digital skills"

    @property
    def categories(self) -> frozenset[str] | None:
        """The allowed category codes, or ``None`` where any code is checked
        by other means (country codes, stakeholder types)."""
        return _DIMENSION_CATEGORIES.get(self)

    @property
    def is_exhaustive(self) -> bool:
        """Whether the categories partition the total (they must add up)."""
        return self in _EXHAUSTIVE


_DIMENSION_CATEGORIES: dict[Dimension, frozenset[str]] = {
    # ESF+ common indicators record women, men and non-binary persons.
    Dimension.GENDER: frozenset({"women", "men", "non_binary"}),
    Dimension.AGE_BAND: frozenset({"under_25", "25_54", "55_and_over"}),
    Dimension.EMPLOYMENT_STATUS: frozenset(
        {"employed", "self_employed", "unemployed", "inactive"}
    ),
    Dimension.EQF_LEVEL: frozenset(str(i) for i in range(1, 9)),
    Dimension.GREEN_DIGITAL: frozenset({"green", "digital", "both", "neither"}),
}
_EXHAUSTIVE = frozenset(
    {
        Dimension.GENDER,
        Dimension.AGE_BAND,
        Dimension.EMPLOYMENT_STATUS,
        Dimension.GREEN_DIGITAL,
    }
)


class EqfLevel(enum.IntEnum):
    """European Qualifications Framework levels 1-8."""

    LEVEL_1 = 1
    LEVEL_2 = 2
    LEVEL_3 = 3
    LEVEL_4 = 4
    LEVEL_5 = 5
    LEVEL_6 = 6
    LEVEL_7 = 7
    LEVEL_8 = 8


class WorkPackageType(_Vocabulary):
    """Types of work package (§4.1)."""

    REACH = "reach", "Broadening and extending the partnership's reach"
    SKILLS_INTELLIGENCE = "skills_intelligence", "Developing skills intelligence"
    PRACTICAL_INITIATIVES = "practical_initiatives", "Practical initiatives"
    MONITORING = "monitoring", "Monitoring"
    SUSTAINABILITY = "sustainability", "Sustainability"


class ActivityType(_Vocabulary):
    """Types of partnership activity and knowledge event (§2.3, §4, §5.4)."""

    STEERING_MEETING = "steering_meeting", "Steering or coordination meeting"
    GENERAL_MEETING = "general_meeting", "General meeting"
    WORKING_GROUP_MEETING = "working_group_meeting", "Working-group meeting"
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"
    PEER_LEARNING = "peer_learning", "Peer-learning activity"
    THEMATIC_SEMINAR = "thematic_seminar", "Thematic seminar"
    NETWORKING_EVENT = "networking_event", "Networking event"
    KICK_OFF_MEETING = "kick_off_meeting", "Kick-off meeting"

    @property
    def is_meeting(self) -> bool:
        """Whether the activity counts as a partnership meeting (Box 40)."""
        return self in (
            ActivityType.STEERING_MEETING,
            ActivityType.GENERAL_MEETING,
            ActivityType.WORKING_GROUP_MEETING,
            ActivityType.KICK_OFF_MEETING,
        )


class OutputType(_Vocabulary):
    """Types of output a partnership delivers (§4.4, Table 1)."""

    REPORT = "report", "Report"
    TOOL = "tool", "Tool"
    TOOLKIT = "toolkit", "Toolkit"
    CURRICULUM = "curriculum", "Curriculum"
    COURSE = "course", "Course"
    DATABASE = "database", "Database"
    GUIDE = "guide", "Guide"
    ONLINE_FORUM = "online_forum", "Online forum"


class FundingProgramme(_Vocabulary):
    """Funding programmes relevant for upskilling and reskilling (§5.3)."""

    ESF_PLUS = "esf_plus", "European Social Fund Plus (ESF+)"
    ERDF = "erdf", "European Regional Development Fund (ERDF)"
    JTF = "jtf", "Just Transition Fund (JTF)"
    RRF = "rrf", "Recovery and Resilience Facility (RRF)"
    ERASMUS_PLUS = "erasmus_plus", "Erasmus+"
    HORIZON_EUROPE = "horizon_europe", "Horizon Europe"
    CREATIVE_EUROPE = "creative_europe", "Creative Europe"
    NATIONAL = "national", "National funding"
    REGIONAL = "regional", "Regional funding"
    PRIVATE = "private", "Private funding"
    OTHER = "other", "Other"
