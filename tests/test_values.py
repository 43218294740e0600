"""Value objects, vocabularies and event metadata: validation and round trips."""

from __future__ import annotations

import enum
import json
import string
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pact_domain import vocabularies as voc
from pact_domain.errors import InvalidValueError, PactError, ValidationErrors
from pact_domain.events import EventMeta
from pact_domain.partnership import KpiDefinition
from pact_domain.reference import COUNTRIES, EU_MEMBER_STATES, regions_of
from pact_domain.serialization import structure, unstructure
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
    CommitmentCategory,
    CommitmentKind,
    Dimension,
    Ecosystem,
    EqfLevel,
    Measure,
    MembershipTier,
    OrganisationSize,
    Periodicity,
    StakeholderType,
    StrategicTheme,
)

SETTINGS = settings(max_examples=40, deadline=None)

VOCABULARIES: list[type[enum.Enum]] = [
    getattr(voc, name)
    for name in voc.__all__
    if isinstance(getattr(voc, name), type)
    and issubclass(getattr(voc, name), enum.Enum)
]
CODE_VOCABULARIES = [v for v in VOCABULARIES if v is not EqfLevel]
ISO_CODES = set(COUNTRIES) | {"EL", "UK"}  # Eurostat's aliases are accepted too


def _invalid(error: InvalidValueError, entity: str, field: str, rule: str) -> None:
    assert type(error) is InvalidValueError
    assert (error.entity, error.field) == (entity, field)
    assert rule in error.rule, error.rule


def _round_trip(obj: Any) -> None:
    data = unstructure(obj)
    json.dumps(data)  # plain data, ready for JSON
    assert structure(data, type(obj)) == obj


# ------------------------------------------------------------------ strategies
# Local to these tests: valid inputs for each value object.

_words = st.text(alphabet=string.ascii_letters + string.digits + " -'", max_size=40)
names = _words.map(str.strip).filter(bool)
texts = st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn")), max_size=200)
emails = st.builds(
    "{}@{}.{}".format,
    st.from_regex(r"[a-z0-9._%+-]{1,20}", fullmatch=True),
    st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)
numbers = st.one_of(
    st.integers(-(10**12), 10**12),
    st.decimals(-(10**15), 10**15, places=4),
)
eu_countries = st.sampled_from(sorted(EU_MEMBER_STATES))

contact_persons = st.builds(
    ContactPerson,
    full_name=names,
    email=emails,
    title=_words.map(lambda s: s[:40]),
    organisation=_words,
)
current_partners = st.builds(CurrentPartner, name=names, role=texts)


@st.composite
def geographies(draw: st.DrawFn) -> Geography:
    codes = draw(st.lists(eu_countries, max_size=4, unique=True))
    regions = []
    for code in codes:
        available = [r.code for r in regions_of(code)]
        regions += draw(st.lists(st.sampled_from(available), max_size=2, unique=True))
    return Geography(countries=codes, regions=regions)


targets = st.builds(
    Target,
    value=numbers,
    unit=_words.map(lambda s: s[:60]),
    deadline=st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31)),
)
baselines = st.builds(Baseline, value=numbers, year=st.integers(1990, 2100))


@st.composite
def breakdown_values(draw: st.DrawFn) -> BreakdownValue:
    dimension = draw(st.sampled_from(Dimension))
    if dimension is Dimension.COUNTRY:
        category = draw(eu_countries)
    elif dimension is Dimension.STAKEHOLDER_GROUP:
        category = draw(st.sampled_from(StakeholderType)).value
    else:
        category = draw(st.sampled_from(sorted(dimension.categories or ())))
    return BreakdownValue(dimension, category, draw(numbers))


@st.composite
def reporting_periods(draw: st.DrawFn) -> ReportingPeriod:
    start = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
    days = draw(st.integers(0, 3 * 366))
    return ReportingPeriod(start, start + timedelta(days=days))


arrangements = st.builds(
    Arrangements,
    coordination=texts,
    working_groups=st.lists(names, max_size=3),
    meeting_frequency=texts,
    contributions=texts,
    memorandum_of_understanding=st.booleans(),
    membership_tiers=st.lists(st.sampled_from(MembershipTier), min_size=1, max_size=3),
)
agreement_contents = st.builds(
    AgreementContent,
    challenge=names,
    ambition=names,
    strategic_themes=st.lists(st.sampled_from(StrategicTheme), min_size=1),
    priority_skills_needs=st.lists(names, max_size=3),
    proposal=texts,
    activities=texts,
    arrangements=arrangements,
    timeline=texts,
    ecosystems=st.lists(st.sampled_from(Ecosystem), max_size=3),
)
aware_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.just(UTC),
)
event_metas = st.builds(
    EventMeta,
    actor=names,
    effective_at=st.none() | aware_datetimes,
    recorded_at=st.none() | aware_datetimes,
)
kpi_definitions = st.builds(
    KpiDefinition,
    name=names,
    category=st.sampled_from(voc.KpiCategory),
    measure=st.sampled_from(Measure),
    periodicity=st.sampled_from(Periodicity),
    calculation=st.sampled_from(voc.CalculationMethod),
    ascending=st.booleans(),
    baseline=st.none() | baselines,
    target=st.none(),
    dimensions=st.lists(st.sampled_from(Dimension), unique=True).map(tuple),
    data_source=st.sampled_from(voc.DataSource),
    unit=_words.map(lambda s: s[:60]),
)


# ------------------------------------------------------- round trips (valid)


@SETTINGS
@given(
    st.one_of(
        contact_persons,
        current_partners,
        geographies(),
        targets,
        baselines,
        breakdown_values(),
        reporting_periods(),
        arrangements,
        agreement_contents,
    )
)
def test_value_objects_round_trip_through_cattrs(obj: Any) -> None:
    """Every valid value object survives unstructure then structure unchanged."""
    _round_trip(obj)


@SETTINGS
@given(event_metas)
def test_event_meta_round_trips_through_cattrs(meta: EventMeta) -> None:
    """Event metadata survives unstructure then structure unchanged."""
    _round_trip(meta)


@SETTINGS
@given(kpi_definitions)
def test_kpi_definition_round_trips_through_cattrs(definition: KpiDefinition) -> None:
    """A KPI definition (a command's input) survives unstructure and structure."""
    _round_trip(definition)


@SETTINGS
@given(st.sampled_from([m for v in VOCABULARIES for m in v]))
def test_vocabulary_members_round_trip_as_their_codes(member: enum.Enum) -> None:
    """A vocabulary member unstructures to its stable code and structures back."""
    data = unstructure(member)
    assert data == member.value
    assert json.loads(json.dumps(data)) == member.value
    assert structure(member.value, type(member)) is member


@pytest.mark.parametrize("vocabulary", CODE_VOCABULARIES, ids=lambda v: v.__name__)
def test_vocabulary_codes_are_stable_lower_case_with_labels(vocabulary: Any) -> None:
    """Each code is a unique lower-case snake_case word with a display label."""
    codes = [m.value for m in vocabulary]
    assert len(set(codes)) == len(codes)
    for member in vocabulary:
        assert member.value == member.value.lower()
        assert set(member.value) <= set(string.ascii_lowercase + string.digits + "_")
        assert member.label.strip()
        assert vocabulary(member.value) is member


@pytest.mark.parametrize("vocabulary", CODE_VOCABULARIES, ids=lambda v: v.__name__)
def test_unknown_vocabulary_code_is_refused_by_structure(vocabulary: Any) -> None:
    """Structuring an unknown code raises one error naming the vocabulary."""
    with pytest.raises(ValidationErrors) as info:
        structure("no_such_code", vocabulary)
    assert info.value.entity == vocabulary.__name__
    assert len(info.value.errors) == 1
    assert isinstance(info.value, PactError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("vocabulary", "size"),
    [
        (voc.PartnershipKind, 2),
        (voc.RegionalScope, 4),
        (voc.AssessmentOutcome, 3),
        (voc.Ecosystem, 14),
        (voc.MembershipTier, 3),
        (voc.StrategicTheme, 7),
        (voc.CharterPrinciple, 4),
        (voc.CommitmentKind, 2),
        (voc.CommitmentCategory, 11),
        (voc.CommitmentScope, 2),
        (voc.KpiCategory, 4),
        (voc.CalculationMethod, 4),
        (voc.DataSource, 3),
        (voc.Dimension, 7),
        (voc.EqfLevel, 8),
        (voc.WorkPackageType, 5),
        (voc.ActivityType, 9),
        (voc.OutputType, 8),
        (voc.FundingProgramme, 11),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_vocabulary_sizes_follow_the_handbook(vocabulary: Any, size: int) -> None:
    """Each vocabulary has as many members as the handbook lists."""
    assert len(vocabulary) == size


def test_commitment_categories_belong_to_impact_or_capacity() -> None:
    """§3.3 lists six impact and five capacity categories."""
    kinds = [c.kind for c in CommitmentCategory]
    assert kinds.count(CommitmentKind.IMPACT) == 6
    assert kinds.count(CommitmentKind.CAPACITY) == 5
    assert CommitmentCategory.SKILLS_INTELLIGENCE.kind is CommitmentKind.CAPACITY
    assert CommitmentCategory.TRAINING_QUALITY.kind is CommitmentKind.IMPACT


def test_measures_map_to_iati_indicator_measures() -> None:
    """Percentage, ordinal and qualitative have their IATI codes; others are units."""
    assert Measure.PERCENTAGE.iati_code == 2
    assert Measure.ORDINAL.iati_code == 4
    assert Measure.QUALITATIVE.iati_code == 5
    assert Measure.COUNT.iati_code == Measure.MONEY_EUR.iati_code == 1
    assert not Measure.QUALITATIVE.is_quantitative
    assert all(m.is_quantitative for m in Measure if m is not Measure.QUALITATIVE)


def test_periodicities_have_their_length_in_months() -> None:
    """Each reporting periodicity knows how many months a period lasts."""
    assert [p.months for p in Periodicity] == [1, 3, 6, 12, 36]


def test_dimensions_know_their_categories_and_exhaustiveness() -> None:
    """Gender includes non-binary persons; EQF has levels 1-8; country is open."""
    assert Dimension.GENDER.categories == {"women", "men", "non_binary"}
    assert Dimension.EQF_LEVEL.categories == {str(i) for i in range(1, 9)}
    assert Dimension.COUNTRY.categories is None
    assert Dimension.STAKEHOLDER_GROUP.categories is None
    assert Dimension.GENDER.is_exhaustive
    assert Dimension.AGE_BAND.is_exhaustive
    assert not Dimension.EQF_LEVEL.is_exhaustive
    assert not Dimension.COUNTRY.is_exhaustive


def test_sme_sizes_and_meeting_activities() -> None:
    """Micro, small and medium are SMEs; four activity types are meetings."""
    assert {s for s in OrganisationSize if s.is_sme} == {
        OrganisationSize.MICRO,
        OrganisationSize.SMALL,
        OrganisationSize.MEDIUM,
    }
    assert sum(a.is_meeting for a in voc.ActivityType) == 4
    assert [int(level) for level in EqfLevel] == list(range(1, 9))


# ------------------------------------------------------ invalid (refusals)


@pytest.mark.parametrize(
    ("build", "entity", "field", "rule"),
    [
        (lambda: ContactPerson("", "a@b.eu"), "ContactPerson", "full_name", "empty"),
        (lambda: ContactPerson("A", "nope"), "ContactPerson", "email", "e-mail"),
        (lambda: ContactPerson("A", 3), "ContactPerson", "email", "must be text"),
        (
            lambda: ContactPerson("A", "a@b.eu", title="x" * 41),
            "ContactPerson",
            "title",
            "at most 40",
        ),
        (lambda: CurrentPartner("  "), "CurrentPartner", "name", "empty"),
        (lambda: Geography(["XX"]), "Geography", "countries", "ISO 3166-1"),
        (lambda: Geography("DE"), "Geography", "countries", "list"),
        (lambda: Geography(["DE"], ["ZZ99"]), "Geography", "regions", "NUTS 2024"),
        (lambda: Geography(["DE"], ["FR10"]), "Geography", "regions", "FR"),
        (lambda: Target("abc"), "Target", "value", "must be a number"),
        (lambda: Target(True), "Target", "value", "must be a number"),
        (lambda: Target(float("nan")), "Target", "value", "finite"),
        (lambda: Target("Infinity"), "Target", "value", "finite"),
        (lambda: Target([1]), "Target", "value", "must be a number"),
        (lambda: Target(1, "u" * 61), "Target", "unit", "at most 60"),
        (lambda: Target(1, deadline="31/12/2027"), "Target", "deadline", "YYYY"),
        (lambda: Baseline(0, 1989), "Baseline", "year", "1990"),
        (lambda: Baseline(0, 2101), "Baseline", "year", "2100"),
        (lambda: Baseline(0, "2020"), "Baseline", "year", "1990"),
        (lambda: Baseline(0, True), "Baseline", "year", "1990"),
        (lambda: Baseline("x", 2020), "Baseline", "value", "number"),
        (
            lambda: BreakdownValue("sex", "f", 1),
            "BreakdownValue",
            "dimension",
            "one of",
        ),
        (lambda: BreakdownValue("gender", "f", 1), "BreakdownValue", "category", "men"),
        (lambda: BreakdownValue("eqf_level", 9, 1), "BreakdownValue", "category", "9"),
        (
            lambda: BreakdownValue("age_band", "old", 1),
            "BreakdownValue",
            "category",
            "",
        ),
        (lambda: BreakdownValue("country", "XX", 1), "BreakdownValue", "category", ""),
        (
            lambda: BreakdownValue("stakeholder_group", "alien", 1),
            "BreakdownValue",
            "category",
            "one of",
        ),
        (lambda: BreakdownValue("gender", "men", "?"), "BreakdownValue", "value", ""),
        (
            lambda: ReportingPeriod(date(2024, 2, 1), date(2024, 1, 31)),
            "ReportingPeriod",
            "end",
            "before start",
        ),
        (
            lambda: ReportingPeriod("2024-13-01", "2024-12-31"),
            "ReportingPeriod",
            "start",
            "",
        ),
        (
            lambda: Arrangements(membership_tiers=["gold"]),
            "Arrangements",
            "membership_tiers",
            "",
        ),
        (
            lambda: Arrangements(working_groups="WG1"),
            "Arrangements",
            "working_groups",
            "",
        ),
        (
            lambda: AgreementContent("", "a", ["other"]),
            "AgreementContent",
            "challenge",
            "",
        ),
        (
            lambda: AgreementContent("c", "", ["other"]),
            "AgreementContent",
            "ambition",
            "",
        ),
        (
            lambda: AgreementContent("c", "a", []),
            "AgreementContent",
            "strategic_themes",
            "at least 1",
        ),
        (
            lambda: AgreementContent("c", "a", "digital_transition"),
            "AgreementContent",
            "strategic_themes",
            "not text",
        ),
        (
            lambda: AgreementContent("c", "a", ["other"], ecosystems=["space"]),
            "AgreementContent",
            "ecosystems",
            "one of",
        ),
        (
            lambda: AgreementContent("c" * 10_001, "a", ["other"]),
            "AgreementContent",
            "challenge",
            "10,000",
        ),
    ],
)
def test_invalid_value_objects_are_refused(
    build: Any, entity: str, field: str, rule: str
) -> None:
    """An invalid value raises InvalidValueError naming the object, field and rule."""
    with pytest.raises(InvalidValueError) as info:
        build()
    _invalid(info.value, entity, field, rule)


@SETTINGS
@given(st.text(max_size=30).filter(lambda s: "@" not in s or "." not in s))
def test_contact_email_without_at_and_dot_is_refused(address: str) -> None:
    """Any text that is not shaped like an e-mail address is refused."""
    with pytest.raises(InvalidValueError) as info:
        ContactPerson("Ana", address)
    assert (info.value.entity, info.value.field) == ("ContactPerson", "email")


@SETTINGS
@given(st.from_regex(r"[A-Z]{2}", fullmatch=True).filter(lambda c: c not in ISO_CODES))
def test_unknown_country_codes_are_refused(code: str) -> None:
    """A two-letter code that is not an ISO country (nor EL/UK) is refused."""
    with pytest.raises(InvalidValueError) as info:
        Geography([code])
    _invalid(info.value, "Geography", "countries", "ISO 3166-1")


@SETTINGS
@given(st.integers().filter(lambda y: not 1990 <= y <= 2100))
def test_baseline_year_outside_1990_2100_is_refused(year: int) -> None:
    """A baseline year outside 1990-2100 is refused."""
    with pytest.raises(InvalidValueError) as info:
        Baseline(0, year)
    _invalid(info.value, "Baseline", "year", "1990 and 2100")


@SETTINGS
@given(st.dates(date(1993, 1, 1), date(2100, 12, 31)), st.integers(1, 1000))
def test_reporting_period_ending_before_it_starts_is_refused(
    start: date, days: int
) -> None:
    """A period whose end is before its start is refused."""
    with pytest.raises(InvalidValueError) as info:
        ReportingPeriod(start, start - timedelta(days=days))
    _invalid(info.value, "ReportingPeriod", "end", "before start")


@pytest.mark.parametrize(
    ("data", "cls", "field", "rule"),
    [
        ({"full_name": "", "email": "a@b.eu"}, ContactPerson, "full_name", "empty"),
        ({"full_name": "A", "email": "x"}, ContactPerson, "email", "e-mail"),
        ({"value": 1, "year": 1900}, Baseline, "year", "1990"),
        ({"countries": ["XX"]}, Geography, "countries", "ISO 3166-1"),
        ({"start": "2024-02-01", "end": "2024-01-01"}, ReportingPeriod, "end", "start"),
        (
            {"dimension": "gender", "category": "x", "value": 1},
            BreakdownValue,
            "category",
            "",
        ),
        ({"value": "abc"}, Target, "value", "must be a number"),
        ({"value": "1", "deadline": "soon"}, Target, "deadline", "YYYY-MM-DD"),
        ({"start": "bad", "end": "2024-01-01"}, ReportingPeriod, "start", "YYYY-MM-DD"),
    ],
)
def test_structure_reports_invalid_data_with_the_value_objects_rule(
    data: dict[str, Any], cls: type, field: str, rule: str
) -> None:
    """Structuring invalid data names the field and the domain's own rule."""
    with pytest.raises(ValidationErrors) as info:
        structure(data, cls)
    [error] = info.value.errors
    assert isinstance(error, InvalidValueError)
    assert (error.entity, error.field) == (cls.__name__, field)
    assert rule in error.rule, error.rule


def test_structure_collects_every_missing_field() -> None:
    """Structuring data without required fields names each missing field."""
    with pytest.raises(ValidationErrors) as info:
        structure({}, ContactPerson)
    assert [e.field for e in info.value.errors] == ["full_name", "email"]


# ------------------------------------------------- shared validation rules


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda text: CurrentPartner("Partner", role=text), "role"),
        (lambda text: Arrangements(coordination=text), "coordination"),
        (lambda text: Arrangements(meeting_frequency=text), "meeting_frequency"),
        (lambda text: Arrangements(contributions=text), "contributions"),
    ],
)
def test_free_text_is_at_most_1000_characters(build: Any, field: str) -> None:
    """Annex A: 1,000 characters are accepted, 1,001 are refused."""
    assert getattr(build("x" * 1000), field) == "x" * 1000
    assert getattr(build("  " + "x" * 1000 + "\n"), field) == "x" * 1000
    with pytest.raises(InvalidValueError) as info:
        build("x" * 1001)
    assert info.value.field == field
    assert "at most 1,000 characters (got 1,001)" in info.value.rule


def test_names_are_at_most_300_characters_and_stripped() -> None:
    """A name of 300 characters is accepted, 301 refused; whitespace is trimmed."""
    assert ContactPerson("n" * 300, "a@b.eu").full_name == "n" * 300
    assert CurrentPartner("  Acme \t").name == "Acme"
    with pytest.raises(InvalidValueError) as info:
        ContactPerson("n" * 301, "a@b.eu")
    _invalid(info.value, "ContactPerson", "full_name", "at most 300")


def test_decimals_are_coerced_exactly() -> None:
    """Ints, strings, Decimals and floats become exact Decimals."""
    assert Target(3).value == Decimal(3)
    assert Target("12.50").value == Decimal("12.50")
    assert Target(0.1).value == Decimal("0.1")
    assert Target(Decimal("-2")).value == Decimal(-2)


def test_dates_accept_iso_strings_and_datetimes() -> None:
    """A date field takes a date, an ISO string or a datetime (its date)."""
    assert Target(1, deadline="2027-12-31").deadline == date(2027, 12, 31)
    moment = datetime(2027, 12, 31, 23, 0, tzinfo=UTC)
    assert Target(1, deadline=moment).deadline == date(2027, 12, 31)
    assert ReportingPeriod.year(2024) == ReportingPeriod("2024-01-01", "2024-12-31")
    assert str(ReportingPeriod.year(2024)) == "2024-01-01/2024-12-31"
    assert ReportingPeriod("2024-05-05", "2024-05-05").start == date(2024, 5, 5)


def test_vocabulary_lists_drop_duplicates_and_keep_order() -> None:
    """A list of codes keeps the given order and names each member once."""
    content = AgreementContent(
        "c", "a", ["sustainability", StrategicTheme.OTHER, "sustainability"]
    )
    assert content.strategic_themes == (
        StrategicTheme.SUSTAINABILITY,
        StrategicTheme.OTHER,
    )


def test_value_objects_are_immutable() -> None:
    """Value objects cannot be changed after construction."""
    target = Target(1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        target.value = Decimal(2)  # type: ignore[misc]


# -------------------------------------------------------------- EL vs GR


def test_geography_accepts_eurostat_el_for_greece() -> None:
    """Countries are ISO codes (EL becomes GR); Greek NUTS codes start with EL."""
    geo = Geography(countries=["EL", "gr", "de"], regions=["el30", "DE21"])
    assert geo.countries == ("GR", "DE")
    assert geo.regions == ("EL30", "DE21")


def test_geography_refuses_gr_as_a_nuts_code() -> None:
    """GR30 is not a NUTS code, and the error says Eurostat writes EL30."""
    with pytest.raises(InvalidValueError) as info:
        Geography(countries=["GR"], regions=["GR30"])
    _invalid(info.value, "Geography", "regions", "EL30")


def test_country_breakdown_categories_are_iso_codes() -> None:
    """A country breakdown is stored under the ISO code, whatever alias is given."""
    assert BreakdownValue("country", "EL", 5).category == "GR"
    assert BreakdownValue("country", "de", 5).category == "DE"
    assert BreakdownValue("country", "GR", 5) == BreakdownValue("country", "EL", 5)


# ------------------------------------------------------------- EventMeta


def test_event_meta_defaults_and_coercions() -> None:
    """The actor is trimmed; a plain date means midnight UTC; times default to None."""
    meta = EventMeta(actor="  alice ", effective_at=date(2024, 5, 1))
    assert meta.actor == "alice"
    assert meta.effective_at == datetime(2024, 5, 1, tzinfo=UTC)
    assert meta.recorded_at is None
    cet = timezone(timedelta(hours=1))
    meta = EventMeta(
        "bob", "2024-05-01T10:00:00+01:00", datetime(2024, 5, 2, tzinfo=cet)
    )
    assert meta.effective_at == datetime(2024, 5, 1, 9, tzinfo=UTC)
    assert meta.recorded_at == datetime(2024, 5, 2, tzinfo=cet)
    assert EventMeta("x", "2024-05-01").effective_at == datetime(2024, 5, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "field", "rule"),
    [
        ({"actor": ""}, "actor", "empty"),
        ({"actor": "a" * 201}, "actor", "at most 200"),
        ({"actor": None}, "actor", "text"),
        ({"actor": "a", "effective_at": datetime(2024, 1, 1)}, "effective_at", "aware"),
        ({"actor": "a", "recorded_at": datetime(2024, 1, 1)}, "recorded_at", "aware"),
        ({"actor": "a", "effective_at": "2024-01-01T10:00"}, "effective_at", "aware"),
        ({"actor": "a", "effective_at": "yesterday"}, "effective_at", "ISO 8601"),
        ({"actor": "a", "effective_at": 1700000000}, "effective_at", "date"),
    ],
)
def test_event_meta_refuses_invalid_values(
    kwargs: dict[str, Any], field: str, rule: str
) -> None:
    """A missing actor or a naive or unreadable time is refused."""
    with pytest.raises(InvalidValueError) as info:
        EventMeta(**kwargs)
    _invalid(info.value, "EventMeta", field, rule)


@SETTINGS
@given(st.datetimes(timezones=st.none()))
def test_naive_datetimes_are_refused(moment: datetime) -> None:
    """Any datetime without a time zone is refused as an effective time."""
    with pytest.raises(InvalidValueError) as info:
        EventMeta("a", effective_at=moment)
    _invalid(info.value, "EventMeta", "effective_at", "timezone-aware")


def test_errors_pickle_with_their_facts() -> None:
    """An InvalidValueError keeps entity, field, rule and value through pickle."""
    import pickle

    with pytest.raises(InvalidValueError) as info:
        Target("abc")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.entity, copy.field, copy.rule, copy.value) == (
        "Target",
        "value",
        info.value.rule,
        "abc",
    )


def test_text_with_a_lone_surrogate_is_refused_by_name() -> None:
    """Text that cannot be stored as UTF-8 is refused naming the field, and
    nothing is stored."""
    from pact_domain.application import PactApplication

    app = PactApplication(store="memory:")
    with pytest.raises(InvalidValueError) as raised:
        app.register_organisation(
            name="a\ud800b",
            stakeholder_type="company",
            size="small",
            country="DE",
            actor="tester",
        )
    assert (raised.value.entity, raised.value.field) == ("Organisation", "name")
    assert app.recorder.max_notification_id() in (None, 0)
