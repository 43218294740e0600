"""Tests of the test toolkit, pact_domain.testing: its strategies generate only
valid data, its invalid inputs are always refused as documented, and its
given/when/then helpers, clock, profiles and fixtures do what they say."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import attrs
import pytest
from hypothesis import HealthCheck, given, is_hypothesis_test, settings
from hypothesis import strategies as st
from hypothesis.vendor.pretty import pretty

from pact_adapters.stores import open_application
from pact_domain.application import PactApplication
from pact_domain.commands import (
    COMMANDS,
    AddDeliverable,
    AddWorkPackage,
    AdoptWorkPlan,
    AppointCoordinator,
    AppointWorkPackageLeader,
    ApproveKpiReport,
    AssessExpressionOfInterest,
    CancelKnowledgeEvent,
    ChangeMemberTier,
    ChangeSteeringGroup,
    ChangeWorkingGroupLead,
    CloseMonitoringExercise,
    ClosePartnership,
    CloseWorkingGroup,
    Command,
    CorrectKpiReport,
    DefineKpi,
    DraftAgreement,
    FormWorkingGroup,
    InviteInitiative,
    JoinPartnership,
    LeavePartnership,
    LinkRegionalPartnership,
    MapInitiative,
    OpenMonitoringExercise,
    PledgeCommitment,
    PublishBackgroundPaper,
    PublishFollowUpReport,
    RecordActivity,
    RecordCommunication,
    RecordDelivery,
    RecordFundingSecured,
    RecordInitiativeJoined,
    RecordMembershipRecruitment,
    RecordSkillsNeedsAssessment,
    RecordSurveyResponse,
    RegisterFundingOpportunity,
    RegisterLibraryResource,
    RegisterOrganisation,
    ReportKpi,
    RescheduleDeliverable,
    RetireKpi,
    ReturnKpiReport,
    ReviseCommitment,
    ReviseKpiTarget,
    ScheduleKnowledgeEvent,
    SignAgreement,
    SignCharter,
    SubmitExpressionOfInterest,
    TransferCoordination,
    UnlinkRegionalPartnership,
    UpdateExpressionOfInterest,
    UpdateFundingOpportunity,
    UpdateInitiative,
    UpdateKnowledgeEvent,
    UpdateLibraryResource,
    UpdateOrganisation,
    WithdrawCommitment,
    WithdrawFundingOpportunity,
    WithdrawInitiative,
    WithdrawLibraryResource,
)
from pact_domain.errors import (
    DomainRuleError,
    InvalidStateError,
    InvalidValueError,
    PactError,
)
from pact_domain.events import EventMeta
from pact_domain.organisation import OrganisationRegistered
from pact_domain.partnership import (
    ExpressionOfInterestAssessed,
    KpiDefinition,
    MemberJoined,
)
from pact_domain.reference import EU_MEMBER_STATES, nuts_region
from pact_domain.serialization import structure, unstructure
from pact_domain.testing import (
    ANY,
    PROFILE_CI,
    PROFILE_FAST,
    History,
    InvalidCase,
    Scenario,
    StepClock,
    apply_history,
    assert_refused,
    choose_profile,
    describe,
    event,
    given_when_then,
    invalid_cases,
    store_watermark,
    valid_histories,
)
from pact_domain.testing import strategies as ps
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
    Dimension,
    Measure,
    MembershipTier,
    PartnershipStatus,
    Periodicity,
    StakeholderType,
)


def fast(examples: int) -> settings:
    """Settings for the toolkit's own tests: a fixed number of examples, no
    deadline (histories take a while to generate)."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _app() -> PactApplication:
    return PactApplication(store="memory:", clock=StepClock())


# ------------------------------------------------------------ value objects

VALUE_STRATEGIES: list[tuple[str, Any, type]] = [
    ("contact_persons", ps.contact_persons(), ContactPerson),
    ("current_partners", ps.current_partners(), CurrentPartner),
    ("geographies", ps.geographies(), Geography),
    ("targets", ps.targets(), Target),
    ("baselines", ps.baselines(), Baseline),
    ("breakdown_values", ps.breakdown_values(), BreakdownValue),
    ("reporting_periods", ps.reporting_periods(), ReportingPeriod),
    ("arrangements", ps.arrangements(), Arrangements),
    ("agreement_contents", ps.agreement_contents(), AgreementContent),
    ("kpi_definitions", ps.kpi_definitions(), KpiDefinition),
    ("event_metas", ps.event_metas(), EventMeta),
]


@pytest.mark.parametrize(
    ("name", "strategy", "cls"), VALUE_STRATEGIES, ids=[v[0] for v in VALUE_STRATEGIES]
)
def test_value_strategies_round_trip_through_the_converter(
    name: str, strategy: Any, cls: type
) -> None:
    """Each value-object strategy yields valid objects that survive
    unstructuring and structuring unchanged."""

    @fast(40)
    @given(strategy)
    def check(value: Any) -> None:
        assert isinstance(value, cls)
        assert structure(unstructure(value), cls) == value

    check()


@fast(60)
@given(ps.kpi_definitions())
def test_kpi_definitions_are_accepted_by_the_rules(definition: KpiDefinition) -> None:
    """Generated KPI definitions pass the domain's own KPI validation."""
    fields = definition.validated("Kpi")
    assert fields["measure"] == Measure(definition.measure)


@fast(60)
@given(st.data())
def test_breakdowns_add_up_on_exhaustive_dimensions(data: st.DataObject) -> None:
    """Breakdowns of a total add up exactly on every exhaustive dimension."""
    measure = data.draw(
        st.sampled_from(
            [m for m in Measure if m not in (Measure.PERCENTAGE, Measure.RATIO)]
        )
    )
    total = data.draw(ps.measure_values(measure))
    dims = data.draw(st.lists(ps.vocabulary(Dimension), unique=True, min_size=1))
    parts = data.draw(ps.breakdowns(dims, total, measure))
    for dim in {b.dimension for b in parts if b.dimension.is_exhaustive}:
        assert sum(b.value for b in parts if b.dimension is dim) == total


@fast(60)
@given(st.data())
def test_reference_strategies_draw_eu_countries_and_their_regions(
    data: st.DataObject,
) -> None:
    """Countries are EU member states and NUTS regions lie in the countries
    asked for, at the level asked for, written as Eurostat writes them."""
    country = data.draw(ps.eu_countries())
    assert country in EU_MEMBER_STATES
    level = data.draw(st.sampled_from([None, 1, 2, 3]))
    code = data.draw(ps.nuts_regions([country], level=level))
    region = nuts_region(code)
    assert region.country == country
    assert level is None or region.level == level
    assert not code.startswith("GR")


@fast(40)
@given(st.data())
def test_reporting_periods_follow_the_periodicity(data: st.DataObject) -> None:
    """A period drawn for a periodicity spans that many calendar months."""
    periodicity = data.draw(ps.vocabulary(Periodicity))
    period = data.draw(ps.reporting_periods(periodicity))
    months = (period.end.year - period.start.year) * 12 + (
        period.end.month - period.start.month
    )
    assert period.start.day == 1
    assert (period.end + timedelta(days=1)).day == 1
    assert months + 1 == periodicity.months


def test_vocabulary_draws_members_or_codes() -> None:
    """``vocabulary`` yields members, or their codes with ``as_code``."""

    @fast(20)
    @given(ps.vocabulary(StakeholderType), ps.vocabulary(StakeholderType, as_code=True))
    def check(member: StakeholderType, code: str) -> None:
        assert isinstance(member, StakeholderType)
        assert type(code) is str
        assert StakeholderType(code).value == code

    check()


# ---------------------------------------------------------------- histories

ALL_COMMANDS: set[type[Command[Any]]] = {
    RegisterOrganisation,
    UpdateOrganisation,
    SignCharter,
    SubmitExpressionOfInterest,
    UpdateExpressionOfInterest,
    AssessExpressionOfInterest,
    DraftAgreement,
    SignAgreement,
    ClosePartnership,
    AppointCoordinator,
    TransferCoordination,
    JoinPartnership,
    LeavePartnership,
    ChangeMemberTier,
    PledgeCommitment,
    ReviseCommitment,
    WithdrawCommitment,
    DefineKpi,
    ReviseKpiTarget,
    RetireKpi,
    ReportKpi,
    CorrectKpiReport,
    ApproveKpiReport,
    ReturnKpiReport,
}


def test_valid_histories_are_accepted_in_full() -> None:
    """Generated histories (thousands of commands in all) are accepted
    command by command, end in the statuses they announce, and between them
    use every command the toolkit has a strategy for."""
    used: Counter[type[Command[Any]]] = Counter()

    @fast(100)
    @given(valid_histories(max_organisations=8, max_partnerships=2, max_steps=30))
    def check(history: History) -> None:
        app = _app()
        results = apply_history(app, history)
        assert len(results) == len(history)
        for pid, status in history.statuses.items():
            assert app.get_partnership(pid).status is status
        assert set(history.organisation_ids) <= set(app.organisation_ids())
        used.update(type(command) for command in history)

    check()
    assert sum(used.values()) >= 1500
    assert set(used) == ALL_COMMANDS, ALL_COMMANDS - set(used)


SECTION_COMMANDS: set[type[Command[Any]]] = {
    ChangeSteeringGroup,
    FormWorkingGroup,
    ChangeWorkingGroupLead,
    CloseWorkingGroup,
    AppointWorkPackageLeader,
    AdoptWorkPlan,
    AddWorkPackage,
    AddDeliverable,
    RescheduleDeliverable,
    RecordDelivery,
    RecordActivity,
    RecordCommunication,
    RecordMembershipRecruitment,
    RecordFundingSecured,
    RecordSkillsNeedsAssessment,
    LinkRegionalPartnership,
    UnlinkRegionalPartnership,
    OpenMonitoringExercise,
    RecordSurveyResponse,
    CloseMonitoringExercise,
    RegisterLibraryResource,
    UpdateLibraryResource,
    WithdrawLibraryResource,
    RegisterFundingOpportunity,
    UpdateFundingOpportunity,
    WithdrawFundingOpportunity,
    MapInitiative,
    UpdateInitiative,
    InviteInitiative,
    RecordInitiativeJoined,
    WithdrawInitiative,
    ScheduleKnowledgeEvent,
    UpdateKnowledgeEvent,
    PublishBackgroundPaper,
    PublishFollowUpReport,
    CancelKnowledgeEvent,
}


def test_every_command_has_a_strategy() -> None:
    """Every command class has a public ``<command>_commands`` strategy
    (``ReportKpi`` → ``report_kpi_commands``), and the histories use every
    command class."""
    strategies = {name for name in ps.__all__ if name.endswith("_commands")}
    assert strategies == {f"{name.replace('-', '_')}_commands" for name in COMMANDS}
    assert set(COMMANDS.values()) == ALL_COMMANDS | SECTION_COMMANDS


def test_valid_histories_with_every_section_are_accepted() -> None:
    """With the optional sections on, generated histories (thousands of
    commands in all) are accepted command by command, use every command, and
    leave the partnerships consistent: the steering group and every lead are
    members, at most one monitoring exercise is open, each member answers a
    survey once, regional links are symmetric."""
    used: Counter[type[Command[Any]]] = Counter()

    histories = valid_histories(
        min_organisations=3,
        max_organisations=6,
        min_partnerships=3,
        max_partnerships=4,
        max_steps=6,
        activities=True,
        catalogues=True,
        max_catalogue_steps=25,
    )

    def check(history: History) -> None:
        app = _app()
        results = apply_history(app, history)
        assert len(results) == len(history)
        for pid, status in history.statuses.items():
            p = app.get_partnership(pid)
            assert p.status is status
            assert set(p.steering_group) <= set(p.members)
            for wg in p.working_groups.values():
                if wg.is_open:
                    assert wg.lead_organisation_id in p.members
            for wp in p.work_packages.values():
                assert wp.lead_organisation_id in p.members
            exercises = p.monitoring_exercises.values()
            assert sum(e.is_open for e in exercises) <= 1
            for e in exercises:
                answered = [r.organisation_id for r in e.responses]
                assert len(answered) == len(set(answered))
            for other in p.linked_partnership_ids:
                assert pid in app.get_partnership(other).linked_partnership_ids
        used.update(type(command) for command in history)

    # Derandomized first: the same examples on every run.  The rarer commands
    # need several earlier steps; should a Hypothesis release draw other
    # examples, a few more random rounds reach them (the assertion stays).
    settings(fast(40), derandomize=True)(given(histories)(check))()
    for _ in range(5):
        if not SECTION_COMMANDS - set(used):
            break
        settings(fast(40))(given(histories)(check))()
    assert sum(used.values()) >= 1500
    missing = SECTION_COMMANDS - set(used)
    assert not missing, missing


def test_valid_histories_are_accepted_by_sqlite(pact_sqlite_path: Path) -> None:
    """Histories apply as well to an SQLite store, and read back the same."""

    @fast(6)
    @given(valid_histories(max_organisations=5, max_partnerships=2, max_steps=15))
    def check(history: History) -> None:
        with tempfile.TemporaryDirectory(dir=pact_sqlite_path.parent) as tmp:
            app = open_application(Path(tmp) / "pact.db", clock=StepClock())
            try:
                apply_history(app, history)
                for pid, status in history.statuses.items():
                    assert app.get_partnership(pid).status is status
            finally:
                app.close()

    check()


def test_commands_print_as_short_handle_calls() -> None:
    """``describe`` shows a command as a valid ``app.handle(...)`` call with
    its target first and only the fields that differ from their defaults,
    and a history prints one such call a line."""
    pid = UUID(int=1)
    command = JoinPartnership(pid, organisation_id=pid, actor="ana")
    assert describe(command) == (
        f"app.handle(JoinPartnership({pid!r}, organisation_id={pid!r}, actor='ana'))"
    )
    associate = attrs.evolve(command, tier="associated")
    assert associate.tier is MembershipTier.ASSOCIATED
    assert describe(associate).endswith("tier=MembershipTier.ASSOCIATED, actor='ana'))")
    created = describe(_register(pid))
    assert created.startswith("app.handle(RegisterOrganisation(name='Skills Lab'")
    assert f"id={pid!r}" in created
    history = History((_register(pid), command))
    assert str(history).splitlines() == [created, describe(command)]
    printed = pretty(history)
    assert printed.splitlines()[1:3] == [f"    {created},", f"    {describe(command)},"]


def test_commands_with_a_wrong_type_are_refused_when_built() -> None:
    """A toolkit command is a real command: a field of the wrong type is
    refused when it is built, naming the command class and the field."""
    with pytest.raises(InvalidValueError) as caught:
        JoinPartnership(UUID(int=1), organisation_id="not a uuid", actor="ana")  # type: ignore[arg-type]
    assert caught.value.entity == "JoinPartnership"
    assert caught.value.field == "organisation_id"


def test_apply_history_names_the_refused_command() -> None:
    """A refused command stops apply_history with a note saying which one."""
    app = _app()
    bad = JoinPartnership(uuid4(), organisation_id=uuid4(), actor="a")
    with pytest.raises(PactError) as caught:
        apply_history(app, [bad])
    assert any(
        "command #0: app.handle(JoinPartnership(" in note
        for note in caught.value.__notes__
    )


# ------------------------------------------------------------ invalid inputs

INVALID = [
    ps.invalid_annex_a_texts,
    ps.invalid_nuts_codes,
    ps.invalid_greek_nuts_codes,
    ps.invalid_country_codes,
    ps.invalid_naive_datetimes,
    ps.invalid_actors,
    ps.invalid_percentages,
    ps.invalid_kpi_values,
    ps.invalid_breakdowns,
    ps.invalid_signatures,
    ps.invalid_reports_for_unknown_kpis,
    ps.invalid_joins,
    ps.invalid_retirements_of_last_kpi,
    ps.invalid_fourth_coordinators,
    ps.invalid_departures_of_coordinators,
    ps.invalid_commands_on_closed_partnerships,
    ps.invalid_duplicate_reports,
    ps.invalid_commitments_without_kpis,
    ps.invalid_regional_partnerships,
    ps.invalid_large_scale_partnerships,
    ps.invalid_targets,
    ps.invalid_value_objects,
    ps.invalid_deliveries,
    ps.invalid_work_plan_periods,
    ps.invalid_funding_opportunity_dates,
    ps.invalid_working_group_leads,
    ps.invalid_survey_responses,
    ps.invalid_monitoring_exercises,
    ps.invalid_activities,
    ps.invalid_regional_links,
    ps.invalid_knowledge_event_papers,
    ps.invalid_catalogue_updates,
]


@pytest.mark.parametrize("strategy", INVALID, ids=[s.__name__ for s in INVALID])
def test_invalid_inputs_are_refused_as_documented(
    strategy: Callable[[], st.SearchStrategy[InvalidCase]],
) -> None:
    """Each invalid input is refused with exactly its documented error class
    and field, and the store is left as it was."""

    @fast(25)
    @given(strategy())
    def check(case: InvalidCase) -> None:
        assert_refused(_app(), case)

    check()


def test_invalid_cases_cover_every_rule_strategy() -> None:
    """``invalid_cases`` draws from every ``invalid_...`` strategy, and the
    public module lists each of them."""
    public = {name for name in ps.__all__ if name.startswith("invalid_")}
    assert public == {s.__name__ for s in INVALID} | {"invalid_cases"}

    seen: Counter[type] = Counter()

    @fast(120)
    @given(invalid_cases())
    def check(case: InvalidCase) -> None:
        error = assert_refused(_app(), case)
        seen[type(error)] += 1

    check()
    assert sum(seen.values()) >= 60
    assert InvalidValueError in seen


@fast(30)
@given(ps.invalid_greek_nuts_codes())
def test_greek_codes_are_refused_with_a_hint_at_el(case: InvalidCase) -> None:
    """``GR...`` NUTS codes are refused with a rule that names ``EL``."""
    error = assert_refused(_app(), case)
    assert "EL" in error.rule


# ------------------------------------------------------------ given/when/then


def _register(oid: UUID) -> RegisterOrganisation:
    return RegisterOrganisation(
        id=oid,
        name="Skills Lab",
        stakeholder_type="vet_provider",
        size="small",
        country="EL",
        actor="ana",
    )


def _submit(pid: UUID) -> SubmitExpressionOfInterest:
    return SubmitExpressionOfInterest(
        id=pid,
        name="Tourism skills",
        kind="large_scale",
        contact=ContactPerson("Ana Silva", "ana@example.eu"),
        description="Up- and reskilling in tourism.",
        ecosystems=("tourism",),
        actor="ana",
    )


def _assess(pid: UUID, outcome: str) -> AssessExpressionOfInterest:
    return AssessExpressionOfInterest(
        pid,
        outcome=outcome,
        reasons="" if outcome == "accepted" else "Out of scope.",
        actor="support",
    )


def _join(pid: UUID, oid: UUID) -> JoinPartnership:
    return JoinPartnership(pid, organisation_id=oid, actor="ana")


def test_scenario_then_checks_types_and_fields(pact_scenario: Scenario) -> None:
    """``then`` passes on the right events and fields and returns them."""
    oid, pid = uuid4(), uuid4()
    pact_scenario.given(_register(oid), _submit(pid), _assess(pid, "accepted"))
    pact_scenario.when(_join(pid, oid))
    [joined] = pact_scenario.then(
        event(MemberJoined, organisation_id=oid, tier="core", actor="ana")
    )
    assert joined.originator_id == pid


def test_scenario_then_reports_every_mismatch(pact_app: PactApplication) -> None:
    """``then`` fails with a message naming the wrong type, field and count."""
    oid = uuid4()
    scenario = Scenario(pact_app).when(_register(oid))
    scenario.then(OrganisationRegistered)
    with pytest.raises(AssertionError, match=r"expected MemberJoined"):
        scenario.then(MemberJoined)
    with pytest.raises(AssertionError, match=r"country: expected 'EL', got 'GR'"):
        scenario.then(event(OrganisationRegistered, country="EL"))
    with pytest.raises(AssertionError, match=r"expected 2 event\(s\), got 1"):
        scenario.then(OrganisationRegistered, OrganisationRegistered)
    scenario.then(event(OrganisationRegistered, country="GR", name=ANY))


def test_scenario_then_error_checks_class_field_and_storage(
    pact_app: PactApplication,
) -> None:
    """``then_error`` passes on the documented refusal and fails otherwise."""
    oid, pid = uuid4(), uuid4()
    scenario = Scenario(pact_app).given(_register(oid), _submit(pid))
    scenario.given(_assess(pid, "declined")).when(_join(pid, oid))
    error = scenario.then_error(InvalidStateError, field="status")
    assert error.state == "declined"
    scenario.then_error(DomainRuleError)  # a subclass is fine unless exact
    with pytest.raises(AssertionError, match="expected DomainRuleError"):
        scenario.then_error(DomainRuleError, exact=True)
    with pytest.raises(AssertionError, match="field 'organisation_id'"):
        scenario.then_error(InvalidStateError, field="organisation_id")
    with pytest.raises(AssertionError, match="events, but the command was refused"):
        scenario.then(MemberJoined)


def test_then_error_fails_when_the_command_was_accepted(
    pact_app: PactApplication,
) -> None:
    """``then_error`` on an accepted command fails, naming what was recorded."""
    scenario = Scenario(pact_app).when(_register(uuid4()))
    with pytest.raises(AssertionError, match="OrganisationRegistered"):
        scenario.then_error(InvalidValueError)


def test_then_error_detects_a_refusal_that_stored_something(
    pact_app: PactApplication,
) -> None:
    """A command that stores an event and then raises is caught out."""

    def sneaky(app: PactApplication) -> None:
        app.handle(_register(uuid4()))
        raise InvalidValueError("Organisation", "name", "too late")

    scenario = Scenario(pact_app).when(sneaky)
    with pytest.raises(AssertionError, match="stored something"):
        scenario.then_error(InvalidValueError, field="name")


def test_given_accepts_events_from_another_store(pact_app: PactApplication) -> None:
    """Events copied from another application's history are given as they are."""
    source = _app()
    oid, pid = uuid4(), uuid4()
    apply_history(source, [_register(oid), _submit(pid), _assess(pid, "accepted")])
    scenario = Scenario(pact_app).given(source.history(oid), source.history(pid))
    scenario.when(_join(pid, oid)).then(MemberJoined)
    assert pact_app.get_partnership(pid).status is PartnershipStatus.ACCEPTED


def test_given_when_then_fixture(given_when_then: Callable[..., Any]) -> None:
    """The fixture runs a whole scenario in one call, either way."""
    oid, pid = uuid4(), uuid4()
    events = given_when_then(
        given=[_register(oid), _submit(pid)],
        when=_assess(pid, "accepted"),
        then=[event(ExpressionOfInterestAssessed, outcome="accepted")],
    )
    assert len(events) == 1
    error = given_when_then(
        when=_assess(pid, "declined"), error=InvalidStateError, field="status"
    )
    assert error.state == "accepted"
    given_when_then(
        given=[_join(pid, oid)], when=_join(pid, oid), error=DomainRuleError
    )
    with pytest.raises(TypeError, match="exactly one"):
        given_when_then(when=_join(pid, oid))


def test_given_when_then_function_with_sqlite(
    pact_sqlite_app: PactApplication,
) -> None:
    """The function works on any application, here an SQLite one."""
    oid = uuid4()
    given_when_then(pact_sqlite_app, when=_register(oid), then=[OrganisationRegistered])
    refused = given_when_then(
        pact_sqlite_app,
        when=attrs.evolve(_register(uuid4()), country="XX"),
        error=InvalidValueError,
        field="country",
    )
    assert refused.entity == "Organisation"


def test_store_watermark_reads_every_aggregate(pact_app: PactApplication) -> None:
    """The watermark holds the log's last id and each aggregate's version."""
    assert store_watermark(pact_app).max_notification_id == 0
    oid, pid = uuid4(), uuid4()
    apply_history(pact_app, [_register(oid), _submit(pid), _assess(pid, "accepted")])
    mark = store_watermark(pact_app)
    assert mark.max_notification_id == 3
    assert dict(mark.versions) == {oid: 1, pid: 2}
    assert dict(store_watermark(pact_app, [pid, uuid4()]).versions)[pid] == 2


# ------------------------------------------------------- clock, profiles, plugin


def test_step_clock_is_deterministic() -> None:
    """The clock advances by its step on each reading, and can be moved on."""
    clock = StepClock(datetime(2025, 1, 1, tzinfo=UTC), timedelta(minutes=5))
    assert clock() == datetime(2025, 1, 1, tzinfo=UTC)
    assert clock() == datetime(2025, 1, 1, 0, 5, tzinfo=UTC)
    clock.advance(timedelta(days=1))
    assert clock.peek() == datetime(2025, 1, 2, 0, 10, tzinfo=UTC)
    with pytest.raises(ValueError, match="aware"):
        StepClock(datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(timedelta(seconds=-1))


def test_pact_app_uses_the_fixed_step_clock(pact_app: PactApplication) -> None:
    """Events recorded through the fixture carry the clock's times."""
    oid = uuid4()
    pact_app.handle(_register(oid))
    [registered] = pact_app.history(oid)
    assert registered.recorded_at == datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("environ", "current", "expected"),
    [
        ({}, "default", PROFILE_FAST),
        ({"CI": "true"}, "default", PROFILE_CI),
        ({"CI": "1"}, "ci", PROFILE_CI),
        ({"CI": "0"}, "default", PROFILE_FAST),
        ({"CI": "true"}, "mine", None),
        ({}, "mine", None),
        ({"HYPOTHESIS_PROFILE": "mine", "CI": "1"}, "default", "mine"),
        ({"HYPOTHESIS_PROFILE": PROFILE_CI}, "other", PROFILE_CI),
    ],
)
def test_profile_choice(
    environ: dict[str, str], current: str, expected: str | None
) -> None:
    """HYPOTHESIS_PROFILE wins, a project's own profile is kept, else CI
    chooses pact-ci and local runs pact-fast."""
    assert choose_profile(environ, current) == expected


def test_profiles_are_registered() -> None:
    """The plugin registered both profiles: few examples locally, more and no
    deadline in CI."""
    fast = settings.get_profile(PROFILE_FAST)
    ci = settings.get_profile(PROFILE_CI)
    assert fast.max_examples < ci.max_examples
    assert ci.deadline is None


def test_toolkit_imports_without_pytest_pluggy_or_adapters() -> None:
    """``pact_domain.testing`` imports with pytest, pluggy and pact_adapters
    unavailable (only its pytest plugin needs pytest)."""
    code = (
        "import sys\n"
        "for name in ('pytest', '_pytest', 'pluggy', 'pact_adapters'):\n"
        "    sys.modules[name] = None\n"
        "import pact_domain.testing as t\n"
        "import pact_domain.testing.strategies, pact_domain.testing.stateful\n"
        "import pact_domain.testing.gwt\n"
        "assert 'pytest' not in [m for m in sys.modules if sys.modules[m]]\n"
        "print(len(t.__all__))\n"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 20


def test_public_api_is_listed() -> None:
    """Every name in ``__all__`` exists, and the invalid-case type is public."""
    import pact_domain.testing as toolkit

    for name in toolkit.__all__:
        assert hasattr(toolkit, name), name
    for name in ps.__all__:
        assert hasattr(ps, name), name
    assert attrs.has(InvalidCase)


# ---------------------------------------------------------------- the docs

ROOT = Path(__file__).resolve().parent.parent
TESTING_DOCS = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
CODE_BLOCK = re.compile(r"(?:<!-- file: (\S+) -->\n)?```python\n(.*?)```", re.DOTALL)
EXAMPLE_FILES = {
    "examples/downstream-suite/src/pact_portal/__init__.py",
    "examples/downstream-suite/tests/test_portal_lifecycle.py",
    "examples/downstream-suite/tests/test_portal_scenarios.py",
}


def test_docs_show_the_example_project_exactly() -> None:
    """docs/testing.md shows each file of the example project as it is."""
    shown = {path: code for path, code in CODE_BLOCK.findall(TESTING_DOCS) if path}
    assert set(shown) == EXAMPLE_FILES
    for path, code in shown.items():
        assert code == (ROOT / path).read_text(encoding="utf-8"), path


def test_docs_snippets_run() -> None:
    """Every other Python snippet of docs/testing.md runs, and the property
    tests it defines pass."""
    snippets = [code for path, code in CODE_BLOCK.findall(TESTING_DOCS) if not path]
    assert len(snippets) >= 5
    for number, code in enumerate(snippets):
        namespace: dict[str, Any] = {"__name__": f"docs_testing_{number}"}
        exec(compile(code, f"docs/testing.md#{number}", "exec"), namespace)
        for name, value in namespace.items():
            if name.startswith("test_") and is_hypothesis_test(value):
                fast(5)(value)()
