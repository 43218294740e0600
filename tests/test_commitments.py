"""Commitments, KPIs and KPI reports (Box 1, §3.3, §3.4, Box 11, Box 13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from _helpers import (
    ACTOR,
    accepted_lsp,
    active_lsp,
    assert_meta,
    at,
    kpi_def,
    last_event,
    new_app,
    pledge,
    refused,
    register_org,
    submit_lsp,
)
from pact_domain.application import PactApplication
from pact_domain.errors import DomainRuleError, InvalidStateError, InvalidValueError
from pact_domain.partnership import (
    CommitmentPledged,
    CommitmentRevised,
    CommitmentWithdrawn,
    KpiDefined,
    KpiReportCorrected,
    KpiReported,
    KpiRetired,
    KpiTargetRevised,
)
from pact_domain.values import Baseline, BreakdownValue, ReportingPeriod, Target
from pact_domain.vocabularies import (
    CalculationMethod,
    CharterPrinciple,
    CommitmentCategory,
    CommitmentKind,
    CommitmentScope,
    DataSource,
    Dimension,
    KpiCategory,
    Measure,
    Periodicity,
)

Y2025 = ReportingPeriod.year(2025)


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


@pytest.fixture
def world(app: PactApplication) -> dict[str, Any]:
    """An active LSP with three members and one partnership commitment whose
    count KPI is broken down by gender and EQF level."""
    pid, orgs = active_lsp(app)
    cid, (kid,) = pledge(app, pid)
    return {"pid": pid, "orgs": orgs, "cid": cid, "kid": kid}


def _gender(women: int, men: int, non_binary: int = 0) -> tuple[BreakdownValue, ...]:
    return (
        BreakdownValue(Dimension.GENDER, "women", women),
        BreakdownValue(Dimension.GENDER, "men", men),
        BreakdownValue(Dimension.GENDER, "non_binary", non_binary),
    )


def _define(app: PactApplication, w: dict[str, Any], **overrides: Any) -> UUID:
    return app.define_kpi(
        w["pid"], commitment_id=w["cid"], definition=kpi_def(**overrides), actor=ACTOR
    )


def _report(app: PactApplication, w: dict[str, Any], **kwargs: Any) -> UUID:
    fields: dict[str, Any] = {"kpi_id": w["kid"], "period": Y2025, "actor": ACTOR}
    fields.update(kwargs)
    return app.report_kpi(w["pid"], **fields)


# ------------------------------------------------------------------ events


def test_commitment_pledged_with_its_first_kpi(app: PactApplication) -> None:
    """A pledge records the commitment and its KPI together, with one time."""
    pid = accepted_lsp(app)
    cid, kid = uuid4(), uuid4()
    recorded = app.clock.next
    definition = kpi_def(
        periodicity="quarterly",
        calculation="latest",
        ascending=True,
        data_source="administrative",
    )
    result = pledge(
        app,
        pid,
        kpis=(definition,),
        target=Target(1000, "people", date(2027, 12, 31)),
        principles=("learning_culture", "equal_opportunities"),
        commitment_id=cid,
        kpi_ids=(kid,),
    )
    assert result == (cid, (kid,))
    pledged, defined = app.history(pid)[-2:]
    assert isinstance(pledged, CommitmentPledged)
    assert pledged.commitment_id == cid
    assert pledged.kind is CommitmentKind.IMPACT
    assert pledged.category is CommitmentCategory.TRAINING_AND_DEVELOPMENT
    assert pledged.scope is CommitmentScope.PARTNERSHIP
    assert pledged.member_id is None
    assert pledged.statement == "Train 1,000 people in lifelong-learning courses."
    assert pledged.principles == (
        CharterPrinciple.LEARNING_CULTURE,
        CharterPrinciple.EQUAL_OPPORTUNITIES,
    )
    assert pledged.target == Target(1000, "people", date(2027, 12, 31))
    assert_meta(pledged, recorded_at=recorded)
    assert isinstance(defined, KpiDefined)
    assert (defined.kpi_id, defined.commitment_id) == (kid, cid)
    assert defined.name == "People trained in LLL courses"
    assert defined.category is KpiCategory.SKILLING_TRAINING_OUTPUTS
    assert defined.measure is Measure.COUNT
    assert defined.unit == "people"
    assert defined.ascending is True
    assert defined.baseline == Baseline(0, 2024)
    assert defined.target == Target(1000, "people", date(2027, 12, 31))
    assert defined.periodicity is Periodicity.QUARTERLY
    assert defined.calculation is CalculationMethod.LATEST
    assert defined.dimensions == (Dimension.GENDER, Dimension.EQF_LEVEL)
    assert defined.data_source is DataSource.ADMINISTRATIVE
    assert_meta(defined, recorded_at=recorded)
    p = app.get_partnership(pid)
    assert p.commitments[cid].statement == pledged.statement
    assert not p.commitments[cid].withdrawn
    assert [k.id for k in p.live_kpis(cid)] == [kid]


def test_member_commitment_with_several_kpis(app: PactApplication) -> None:
    """A member pledges its own capacity commitment with two KPIs (Box 11)."""
    pid, orgs = active_lsp(app)
    cid, kids = pledge(
        app,
        pid,
        category="skills_intelligence",
        member_id=orgs[1],
        kpis=(
            kpi_def(name="Skills gaps identified", dimensions=("country",)),
            kpi_def(
                name="Observatory launched",
                measure="qualitative",
                target=Target(1),
                baseline=None,
                dimensions=(),
            ),
        ),
    )
    assert len(kids) == 2
    pledged = app.history(pid)[-3]
    assert pledged.kind is CommitmentKind.CAPACITY
    assert pledged.scope is CommitmentScope.MEMBER
    assert pledged.member_id == orgs[1]
    assert [type(e) for e in app.history(pid)[-2:]] == [KpiDefined, KpiDefined]
    assert len(app.get_partnership(pid).live_kpis(cid)) == 2


def test_commitment_revised(app: PactApplication, world: dict[str, Any]) -> None:
    """A revision restates the commitment; unnamed parts are kept."""
    recorded = app.clock.next
    app.revise_commitment(
        world["pid"],
        commitment_id=world["cid"],
        statement="Train 2,000 people.",
        reason="Extra funding.",
        actor=ACTOR,
    )
    event = last_event(app, world["pid"])
    assert isinstance(event, CommitmentRevised)
    assert event.commitment_id == world["cid"]
    assert event.statement == "Train 2,000 people."
    assert event.principles == (CharterPrinciple.LEARNING_CULTURE,)
    assert event.target is None
    assert event.reason == "Extra funding."
    assert_meta(event, recorded_at=recorded)
    app.revise_commitment(
        world["pid"],
        commitment_id=world["cid"],
        principles=("strong_partnerships",),
        target=Target(2000, "people"),
        reason="Aligned with the Charter.",
        actor=ACTOR,
    )
    c = app.get_partnership(world["pid"]).commitments[world["cid"]]
    assert c.statement == "Train 2,000 people."
    assert c.principles == (CharterPrinciple.STRONG_PARTNERSHIPS,)
    assert c.target == Target(2000, "people")


def test_commitment_withdrawn(app: PactApplication, world: dict[str, Any]) -> None:
    """A withdrawal marks the commitment withdrawn."""
    recorded = app.clock.next
    app.withdraw_commitment(
        world["pid"], commitment_id=world["cid"], reason="Funding lost.", actor=ACTOR
    )
    event = last_event(app, world["pid"])
    assert isinstance(event, CommitmentWithdrawn)
    assert (event.commitment_id, event.reason) == (world["cid"], "Funding lost.")
    assert_meta(event, recorded_at=recorded)
    assert app.get_partnership(world["pid"]).commitments[world["cid"]].withdrawn


def test_kpi_defined_for_a_commitment(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Another KPI is added to a live commitment."""
    recorded = app.clock.next
    kid = _define(app, world, name="Apprentices engaged", dimensions=("age_band",))
    event = last_event(app, world["pid"])
    assert isinstance(event, KpiDefined)
    assert (event.kpi_id, event.commitment_id) == (kid, world["cid"])
    assert event.dimensions == (Dimension.AGE_BAND,)
    assert_meta(event, recorded_at=recorded)
    p = app.get_partnership(world["pid"])
    assert {k.id for k in p.live_kpis(world["cid"])} == {world["kid"], kid}


def test_kpi_target_revised(app: PactApplication, world: dict[str, Any]) -> None:
    """A KPI's target is revised with a reason."""
    recorded = app.clock.next
    new = Target(1500, "people", date(2028, 12, 31))
    app.revise_kpi_target(
        world["pid"],
        kpi_id=world["kid"],
        target=new,
        reason="More demand.",
        actor=ACTOR,
    )
    event = last_event(app, world["pid"])
    assert isinstance(event, KpiTargetRevised)
    assert (event.kpi_id, event.target, event.reason) == (
        world["kid"],
        new,
        "More demand.",
    )
    assert_meta(event, recorded_at=recorded)
    assert app.get_partnership(world["pid"]).kpis[world["kid"]].target == new


def test_kpi_retired(app: PactApplication, world: dict[str, Any]) -> None:
    """A KPI that is not its commitment's last live one is retired."""
    other = _define(app, world, name="Second")
    recorded = app.clock.next
    app.retire_kpi(world["pid"], kpi_id=world["kid"], reason="Replaced.", actor=ACTOR)
    event = last_event(app, world["pid"])
    assert isinstance(event, KpiRetired)
    assert (event.kpi_id, event.reason) == (world["kid"], "Replaced.")
    assert_meta(event, recorded_at=recorded)
    p = app.get_partnership(world["pid"])
    assert p.kpis[world["kid"]].retired
    assert [k.id for k in p.live_kpis(world["cid"])] == [other]


def test_last_kpi_of_a_withdrawn_commitment_can_be_retired(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Once its commitment is withdrawn, the last KPI may be retired too."""
    app.withdraw_commitment(
        world["pid"], commitment_id=world["cid"], reason="Dropped.", actor=ACTOR
    )
    app.retire_kpi(world["pid"], kpi_id=world["kid"], reason="Dropped.", actor=ACTOR)
    assert isinstance(last_event(app, world["pid"]), KpiRetired)


def test_kpi_reported(app: PactApplication, world: dict[str, Any]) -> None:
    """A report records value, breakdowns, reporter and source; it takes
    effect at the end of its period."""
    member = world["orgs"][1]
    breakdowns = (*_gender(60, 38, 2), BreakdownValue("eqf_level", 4, 30))
    recorded = app.clock.next
    rid = _report(
        app,
        world,
        value=100,
        text="From course registers.",
        breakdowns=breakdowns,
        reported_by=member,
        source="survey",
    )
    event = last_event(app, world["pid"])
    assert isinstance(event, KpiReported)
    assert (event.report_id, event.kpi_id, event.period) == (rid, world["kid"], Y2025)
    assert event.value == Decimal(100)
    assert event.text == "From course registers."
    assert event.breakdowns == breakdowns
    assert event.reported_by == member
    assert event.source is DataSource.SURVEY
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2025, 12, 31)))
    report = app.get_partnership(world["pid"]).reports[rid]
    assert report.value == Decimal(100)
    assert report.reported_at == recorded
    assert report.is_current
    assert report.corrects is None


def test_reports_from_different_reporters_for_the_same_period(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Each member reports its own value for the same KPI and period."""
    a, b = world["orgs"][:2]
    _report(app, world, value=10, reported_by=a)
    _report(app, world, value=20, reported_by=b)
    _report(app, world, value=30)
    _report(app, world, value=5, period=ReportingPeriod.year(2026), reported_by=a)
    assert len(app.get_partnership(world["pid"]).reports) == 4


def test_qualitative_and_percentage_reports(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A milestone is reported in text (or 1 when reached); a percentage's
    breakdowns need not add up to the total."""
    milestone = _define(
        app,
        world,
        measure="qualitative",
        target=Target(1),
        baseline=None,
        dimensions=(),
    )
    _report(app, world, kpi_id=milestone, text="Observatory launched.")
    _report(app, world, kpi_id=milestone, value=1, period=ReportingPeriod.year(2026))
    share = _define(
        app, world, measure="percentage", target=Target(80), dimensions=("gender",)
    )
    _report(app, world, kpi_id=share, value="72.5", breakdowns=_gender(80, 60, 50))
    ratio = _define(app, world, measure="ratio", target=None, dimensions=())
    _report(app, world, kpi_id=ratio, value="-0.25")
    events = [e for e in app.history(world["pid"]) if isinstance(e, KpiReported)]
    assert [e.value for e in events] == [
        None,
        Decimal(1),
        Decimal("72.5"),
        Decimal("-0.25"),
    ]


def test_kpi_report_corrected_keeps_the_superseded_report(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A correction supersedes the report; both stay in state and history."""
    rid = _report(
        app, world, value=100, breakdowns=_gender(60, 40), reported_by=world["orgs"][0]
    )
    recorded = app.clock.next
    fixed = app.correct_kpi_report(
        world["pid"],
        report_id=rid,
        value=110,
        breakdowns=_gender(65, 45),
        reason="Late registrations.",
        actor=ACTOR,
    )
    event = last_event(app, world["pid"])
    assert isinstance(event, KpiReportCorrected)
    assert (event.report_id, event.corrects) == (fixed, rid)
    assert event.value == Decimal(110)
    assert event.breakdowns == _gender(65, 45)
    assert event.text == ""
    assert event.source is DataSource.ADMINISTRATIVE
    assert event.reason == "Late registrations."
    assert_meta(event, recorded_at=recorded)
    reports = app.get_partnership(world["pid"]).reports
    old, new = reports[rid], reports[fixed]
    assert old.value == Decimal(100)
    assert old.superseded_by == fixed
    assert not old.is_current
    assert new.corrects == rid
    assert new.is_current
    assert (new.kpi_id, new.period, new.reported_by) == (
        world["kid"],
        Y2025,
        world["orgs"][0],
    )
    assert new.reported_at == recorded
    kinds = [type(e) for e in app.history(world["pid"])[-2:]]
    assert kinds == [KpiReported, KpiReportCorrected]


def test_a_correction_can_be_corrected(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """The latest report of a chain of corrections is corrected again."""
    r1 = _report(app, world, value=100)
    r2 = app.correct_kpi_report(
        world["pid"], report_id=r1, value=90, reason="a", actor=ACTOR
    )
    r3 = app.correct_kpi_report(
        world["pid"],
        report_id=r2,
        text="Audited.",
        source="survey",
        reason="b",
        actor=ACTOR,
    )
    reports = app.get_partnership(world["pid"]).reports
    assert [reports[r].is_current for r in (r1, r2, r3)] == [False, False, True]
    assert reports[r3].value == Decimal(90)
    assert reports[r3].source is DataSource.SURVEY
    assert reports[r3].corrects == r2


# ---------------------------------------------------------------- refusals
# Every command below is refused with the exception class and field shown,
# and stores nothing (checked by ``refused``).


def test_pledge_without_kpi_is_refused(app: PactApplication) -> None:
    """Every commitment is monitored by at least one KPI (Charter, Box 1)."""
    pid = accepted_lsp(app)
    with refused(app, DomainRuleError, "kpis", pid) as info:
        pledge(app, pid, kpis=())
    assert "at least one KPI" in info.value.rule
    assert app.get_partnership(pid).commitments == {}


def test_pledge_for_a_non_member_is_refused(app: PactApplication) -> None:
    """A member's commitment belongs to a current member (Box 11)."""
    pid, _ = active_lsp(app)
    outsider = register_org(app, "Outsider")
    with refused(app, DomainRuleError, "member_id", pid):
        pledge(app, pid, member_id=outsider)


@pytest.mark.parametrize("outcome", [None, "declined"])
def test_pledge_before_acceptance_is_refused(
    app: PactApplication, outcome: str | None
) -> None:
    """A proposed or declined partnership pledges nothing."""
    pid = submit_lsp(app)
    if outcome:
        app.assess_expression_of_interest(
            pid, outcome=outcome, reasons="r", actor=ACTOR
        )
    with refused(app, InvalidStateError, "status", pid):
        pledge(app, pid)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "charity"}, "category"),
        ({"statement": ""}, "statement"),
        ({"statement": "s" * 1001}, "statement"),
        ({"principles": ()}, "principles"),
        ({"principles": ("kindness",)}, "principles"),
        ({"target": 1000}, "target"),
        ({"kpi_ids": (uuid4(), uuid4())}, "kpi_ids"),
    ],
)
def test_invalid_pledge_is_refused(
    app: PactApplication, overrides: dict[str, Any], field: str
) -> None:
    """A pledge with an unknown category, no statement, no principle or a
    malformed target stores nothing."""
    pid = accepted_lsp(app)
    with refused(app, InvalidValueError, field, pid):
        pledge(app, pid, **overrides)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"category": "vibes"}, "category"),
        ({"measure": "kilograms"}, "measure"),
        ({"periodicity": "weekly"}, "periodicity"),
        ({"calculation": "median"}, "calculation"),
        ({"dimensions": ("colour",)}, "dimensions"),
        ({"data_source": "rumour"}, "data_source"),
        ({"unit": "u" * 61}, "unit"),
        ({"ascending": "yes"}, "ascending"),
        ({"baseline": 0}, "baseline"),
        ({"target": 1000}, "target"),
        ({"measure": "percentage", "target": Target(150)}, "target"),
        ({"measure": "count", "target": Target("10.5")}, "target"),
        ({"measure": "count", "target": Target(-1)}, "target"),
        ({"measure": "qualitative", "target": Target(5)}, "target"),
        (
            {
                "baseline": Baseline(0, 2024),
                "target": Target(10, deadline="2023-12-31"),
            },
            "target",
        ),
    ],
)
def test_invalid_kpi_definition_is_refused(
    app: PactApplication, overrides: dict[str, Any], field: str
) -> None:
    """A KPI definition breaking a §3.4 rule refuses the whole pledge."""
    pid = accepted_lsp(app)
    with refused(app, InvalidValueError, field, pid) as info:
        pledge(app, pid, kpis=(kpi_def(**overrides),))
    assert info.value.entity == "Kpi"


def test_pledge_reusing_ids_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Commitment and KPI ids are unique within the partnership."""
    with refused(app, DomainRuleError, "commitment_id", world["pid"]):
        pledge(app, world["pid"], commitment_id=world["cid"])
    with refused(app, DomainRuleError, "kpi_ids", world["pid"]):
        pledge(app, world["pid"], kpi_ids=(world["kid"],))


def test_pledge_with_one_id_for_two_kpis_is_refused(app: PactApplication) -> None:
    """Two KPIs pledged together need two different ids (none is overwritten)."""
    pid = accepted_lsp(app)
    kid = uuid4()
    with refused(app, (InvalidValueError, DomainRuleError), "kpi_ids", pid):
        pledge(
            app, pid, kpis=(kpi_def(name="A"), kpi_def(name="B")), kpi_ids=(kid, kid)
        )
    assert app.get_partnership(pid).kpis == {}


def test_revision_with_nothing_to_revise_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A revision names what changes."""
    with refused(app, InvalidValueError, None, world["pid"]) as info:
        app.revise_commitment(
            world["pid"], commitment_id=world["cid"], reason="r", actor=ACTOR
        )
    assert "nothing to revise" in info.value.rule


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"statement": " ", "reason": "r"}, "statement"),
        ({"principles": (), "reason": "r"}, "principles"),
        ({"target": "2000", "reason": "r"}, "target"),
        ({"statement": "New", "reason": ""}, "reason"),
    ],
)
def test_invalid_revision_is_refused(
    app: PactApplication, world: dict[str, Any], kwargs: dict[str, Any], field: str
) -> None:
    """A revision keeps a statement, a principle, a Target and gives a reason."""
    with refused(app, InvalidValueError, field, world["pid"]):
        app.revise_commitment(
            world["pid"], commitment_id=world["cid"], actor=ACTOR, **kwargs
        )


def test_revising_or_withdrawing_unknown_or_withdrawn_commitment_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Only a live commitment is revised, withdrawn or given KPIs."""
    pid = world["pid"]
    for cid in (uuid4(), world["cid"]):
        if cid == world["cid"]:
            app.withdraw_commitment(pid, commitment_id=cid, reason="r", actor=ACTOR)
        with refused(app, DomainRuleError, "commitment_id", pid):
            app.revise_commitment(
                pid, commitment_id=cid, statement="x", reason="r", actor=ACTOR
            )
        with refused(app, DomainRuleError, "commitment_id", pid):
            app.withdraw_commitment(pid, commitment_id=cid, reason="r", actor=ACTOR)
        with refused(app, DomainRuleError, "commitment_id", pid):
            app.define_kpi(pid, commitment_id=cid, definition=kpi_def(), actor=ACTOR)


def test_withdrawal_without_reason_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A withdrawal gives its reason."""
    with refused(app, InvalidValueError, "reason", world["pid"]):
        app.withdraw_commitment(
            world["pid"], commitment_id=world["cid"], reason="", actor=ACTOR
        )


def test_defining_a_kpi_with_an_existing_id_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A KPI id is unique within the partnership."""
    with refused(app, DomainRuleError, "kpi_id", world["pid"]):
        app.define_kpi(
            world["pid"],
            commitment_id=world["cid"],
            definition=kpi_def(),
            kpi_id=world["kid"],
            actor=ACTOR,
        )


def test_defining_an_invalid_kpi_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A new KPI's definition is checked like a pledged one."""
    with refused(app, InvalidValueError, "target", world["pid"]):
        _define(app, world, measure="percentage", target=Target(101))


def test_retiring_the_last_live_kpi_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A live commitment keeps at least one live KPI (Charter, Box 1)."""
    with refused(app, DomainRuleError, "kpi_id", world["pid"]) as info:
        app.retire_kpi(world["pid"], kpi_id=world["kid"], reason="r", actor=ACTOR)
    assert "last live KPI" in info.value.rule


def test_retiring_an_unknown_or_retired_kpi_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Only a live KPI is retired."""
    _define(app, world, name="Second")
    app.retire_kpi(world["pid"], kpi_id=world["kid"], reason="r", actor=ACTOR)
    for kid in (world["kid"], uuid4()):
        with refused(app, DomainRuleError, "kpi_id", world["pid"]):
            app.retire_kpi(world["pid"], kpi_id=kid, reason="r", actor=ACTOR)


def test_retiring_without_reason_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A retirement gives its reason."""
    _define(app, world, name="Second")
    with refused(app, InvalidValueError, "reason", world["pid"]):
        app.retire_kpi(world["pid"], kpi_id=world["kid"], reason=" ", actor=ACTOR)


@pytest.mark.parametrize(
    ("target", "error", "field"),
    [
        (Target(1000, "people", date(2027, 12, 31)), DomainRuleError, "target"),
        (Target("99.5"), InvalidValueError, "target"),
        (Target(-5), InvalidValueError, "target"),
        (Target(10, deadline=date(2020, 1, 1)), InvalidValueError, "target"),
        (1000, InvalidValueError, "target"),
    ],
)
def test_invalid_kpi_target_revision_is_refused(
    app: PactApplication,
    world: dict[str, Any],
    target: Any,
    error: type[Exception],
    field: str,
) -> None:
    """A revised target changes the target and follows the KPI's measure."""
    with refused(app, error, field, world["pid"]):
        app.revise_kpi_target(
            world["pid"], kpi_id=world["kid"], target=target, reason="r", actor=ACTOR
        )


def test_revising_a_kpi_target_without_reason_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A target revision gives its reason."""
    with refused(app, InvalidValueError, "reason", world["pid"]):
        app.revise_kpi_target(
            world["pid"], kpi_id=world["kid"], target=Target(5), reason="", actor=ACTOR
        )


def test_revising_the_target_of_a_percentage_above_100_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A percentage KPI's target is at most 100."""
    kid = _define(app, world, measure="percentage", target=Target(50))
    with refused(app, InvalidValueError, "target", world["pid"]):
        app.revise_kpi_target(
            world["pid"], kpi_id=kid, target=Target(120), reason="r", actor=ACTOR
        )


def test_revising_the_target_of_an_unknown_or_retired_kpi_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Only a live KPI's target is revised."""
    _define(app, world, name="Second")
    app.retire_kpi(world["pid"], kpi_id=world["kid"], reason="r", actor=ACTOR)
    for kid in (world["kid"], uuid4()):
        with refused(app, DomainRuleError, "kpi_id", world["pid"]):
            app.revise_kpi_target(
                world["pid"], kpi_id=kid, target=Target(5), reason="r", actor=ACTOR
            )


def test_report_for_an_undefined_kpi_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """The design's example: a KPI report for an undefined KPI is refused."""
    with refused(app, DomainRuleError, "kpi_id", world["pid"]) as info:
        _report(app, world, kpi_id=uuid4(), value=1)
    assert "no KPI" in info.value.rule


def test_report_for_a_retired_kpi_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A retired KPI takes no more reports."""
    _define(app, world, name="Second")
    app.retire_kpi(world["pid"], kpi_id=world["kid"], reason="r", actor=ACTOR)
    with refused(app, DomainRuleError, "kpi_id", world["pid"]) as info:
        _report(app, world, value=1)
    assert "retired" in info.value.rule


def test_report_for_a_withdrawn_commitment_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """The KPIs of a withdrawn commitment take no more reports."""
    app.withdraw_commitment(
        world["pid"], commitment_id=world["cid"], reason="r", actor=ACTOR
    )
    with refused(app, DomainRuleError, "kpi_id", world["pid"]) as info:
        _report(app, world, value=1)
    assert "withdrawn" in info.value.rule


def test_duplicate_report_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """One current report per KPI, period and reporter; changes are corrections."""
    member = world["orgs"][0]
    rid = _report(app, world, value=5, reported_by=member)
    with refused(app, DomainRuleError, "period", world["pid"]) as info:
        _report(app, world, value=6, reported_by=member)
    assert "correct" in info.value.rule
    app.correct_kpi_report(
        world["pid"], report_id=rid, value=6, reason="r", actor=ACTOR
    )
    with refused(app, DomainRuleError, "period", world["pid"]):
        _report(app, world, value=7, reported_by=member)


def test_duplicate_report_id_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A report id is unique within the partnership."""
    rid = _report(app, world, value=5)
    with refused(app, DomainRuleError, "report_id", world["pid"]):
        _report(app, world, value=5, period=ReportingPeriod.year(2026), report_id=rid)


def test_report_by_a_non_member_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Only a member reports a value as its own."""
    outsider = register_org(app, "Outsider")
    with refused(app, DomainRuleError, "reported_by", world["pid"]):
        _report(app, world, value=5, reported_by=outsider)


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        (
            {"breakdowns": (BreakdownValue("age_band", "under_25", 5),)},
            "breakdowns",
            "age_band",
        ),
        ({"breakdowns": _gender(50, 40)}, "breakdowns", "adds up to 90"),
        (
            {"breakdowns": _gender(50, 60)},
            "breakdowns",
            "not to the reported total 100",
        ),
        (
            {
                "breakdowns": (
                    BreakdownValue("gender", "women", 50),
                    BreakdownValue("gender", "women", 50),
                )
            },
            "breakdowns",
            "twice",
        ),
        (
            {"breakdowns": (BreakdownValue("eqf_level", 5, "2.5"),)},
            "breakdowns",
            "whole",
        ),
        (
            {"breakdowns": ({"gender": "women", "value": 100},)},
            "breakdowns",
            "BreakdownValue",
        ),
        ({"value": "100.5", "breakdowns": ()}, "value", "whole number"),
        ({"value": -1, "breakdowns": ()}, "value", "negative"),
        ({"value": None, "breakdowns": ()}, "value", "needs a value"),
        ({"value": "lots", "breakdowns": ()}, "value", "number"),
        ({"text": "t" * 1001}, "text", "1,000"),
        ({"source": "gossip"}, "source", "one of"),
    ],
)
def test_invalid_report_is_refused(
    app: PactApplication,
    world: dict[str, Any],
    kwargs: dict[str, Any],
    field: str,
    words: str,
) -> None:
    """Breakdowns use the KPI's dimensions and add up on an exhaustive one; a
    count is a non-negative whole number."""
    fields: dict[str, Any] = {"value": 100}
    fields.update(kwargs)
    with refused(app, InvalidValueError, field, world["pid"]) as info:
        _report(app, world, **fields)
    assert words in info.value.rule


def test_non_exhaustive_breakdown_may_be_partial(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """EQF levels need not add up to the total (not every learner has one)."""
    _report(app, world, value=100, breakdowns=(BreakdownValue("eqf_level", 4, 30),))
    assert isinstance(last_event(app, world["pid"]), KpiReported)


def test_percentage_above_100_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A percentage is between 0 and 100, its breakdowns too."""
    kid = _define(
        app, world, measure="percentage", target=Target(80), dimensions=("gender",)
    )
    with refused(app, InvalidValueError, "value", world["pid"]):
        _report(app, world, kpi_id=kid, value="100.1")
    with refused(app, InvalidValueError, "breakdowns", world["pid"]):
        _report(app, world, kpi_id=kid, value=50, breakdowns=_gender(101, 0))


def test_qualitative_report_without_text_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A milestone report describes progress in text when it gives no value."""
    kid = _define(app, world, measure="qualitative", target=Target(1), baseline=None)
    with refused(app, InvalidValueError, "text", world["pid"]):
        _report(app, world, kpi_id=kid)


def test_qualitative_report_value_other_than_0_or_1_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A milestone's value is 1 (reached) or 0, and the error names the value."""
    kid = _define(app, world, measure="qualitative", target=Target(1), baseline=None)
    with refused(app, InvalidValueError, "value", world["pid"]):
        _report(app, world, kpi_id=kid, value=2)


def test_report_period_must_be_a_reporting_period(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A report's period is a ReportingPeriod, not a string."""
    with refused(app, InvalidValueError, "period", world["pid"]):
        _report(app, world, value=1, period="2025-01-01/2025-12-31")


def test_report_in_a_proposed_partnership_is_refused(app: PactApplication) -> None:
    """A proposed partnership has no KPIs to report."""
    pid = submit_lsp(app)
    with refused(app, InvalidStateError, "status", pid):
        app.report_kpi(pid, kpi_id=uuid4(), period=Y2025, value=1, actor=ACTOR)


def test_correcting_a_superseded_report_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Only the latest report of a chain is corrected."""
    rid = _report(app, world, value=5)
    app.correct_kpi_report(
        world["pid"], report_id=rid, value=6, reason="r", actor=ACTOR
    )
    with refused(app, DomainRuleError, "report_id", world["pid"]) as info:
        app.correct_kpi_report(
            world["pid"], report_id=rid, value=7, reason="r", actor=ACTOR
        )
    assert "already corrected" in info.value.rule


def test_correction_that_changes_nothing_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A correction changes the value, text, breakdowns or source."""
    rid = _report(app, world, value=5, text="Counted.")
    for same in ({}, {"value": 5}, {"value": "5.0", "text": " Counted. "}):
        with refused(app, DomainRuleError, "report_id", world["pid"]) as info:
            app.correct_kpi_report(
                world["pid"], report_id=rid, reason="r", actor=ACTOR, **same
            )
        assert "changes nothing" in info.value.rule


def test_correcting_an_unknown_report_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """Only an existing report is corrected."""
    with refused(app, DomainRuleError, "report_id", world["pid"]):
        app.correct_kpi_report(
            world["pid"], report_id=uuid4(), value=1, reason="r", actor=ACTOR
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "Audited.", "reason": ""}, "reason"),
        ({"value": 110}, "breakdowns"),
        ({"value": "1.5", "breakdowns": ()}, "value"),
        ({"breakdowns": (BreakdownValue("country", "DE", 100),)}, "breakdowns"),
        ({"source": "hearsay"}, "source"),
    ],
)
def test_invalid_correction_is_refused(
    app: PactApplication, world: dict[str, Any], kwargs: dict[str, Any], field: str
) -> None:
    """A correction is checked like a report: kept breakdowns must still add up."""
    rid = _report(app, world, value=100, breakdowns=_gender(50, 50))
    fields: dict[str, Any] = {"reason": "r"}
    fields.update(kwargs)
    with refused(app, InvalidValueError, field, world["pid"]):
        app.correct_kpi_report(world["pid"], report_id=rid, actor=ACTOR, **fields)


def test_correction_with_an_existing_id_is_refused(
    app: PactApplication, world: dict[str, Any]
) -> None:
    """A correction's id is unique within the partnership."""
    rid = _report(app, world, value=5)
    with refused(app, DomainRuleError, "correction_id", world["pid"]):
        app.correct_kpi_report(
            world["pid"],
            report_id=rid,
            value=6,
            reason="r",
            actor=ACTOR,
            correction_id=rid,
        )
