"""Tests of pact_adapters.demo: the handbook sample and its idempotent loading."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from uuid import UUID, uuid5

import pytest

from pact_adapters.demo import (
    AUTOMOTIVE_ID,
    DEMO_COMMANDS,
    DEMO_NAMESPACE,
    OFFSHORE_ID,
    PUGLIA_ID,
    TOURISM_COMPOSITION,
    TOURISM_ID,
    DemoSummary,
    catalogue_id,
    demo_commands,
    demo_id,
    load_demo,
    tourism_composition,
)
from pact_adapters.stores import open_application
from pact_domain.application import PactApplication
from pact_domain.commands import (
    COMMANDS,
    RegisterOrganisation,
    command_from_json,
    command_to_json,
)
from pact_domain.events import PactEvent
from pact_domain.partnership import KpiReport, Partnership
from pact_domain.vocabularies import (
    AssessmentOutcome,
    CommitmentCategory,
    Dimension,
    Ecosystem,
    Measure,
    MembershipTier,
    PartnershipKind,
    PartnershipStatus,
    RegionalScope,
    StakeholderType,
    WorkPackageType,
)

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="module")
def loaded() -> tuple[PactApplication, DemoSummary]:
    """An in-memory application with the sample loaded once."""
    app = PactApplication(store="memory:")
    return app, load_demo(app)


@pytest.fixture
def app(loaded: tuple[PactApplication, DemoSummary]) -> PactApplication:
    """The application holding the sample."""
    return loaded[0]


def test_ids_are_uuid5_of_a_fixed_namespace_and_a_slug() -> None:
    """Sample ids are stable across runs and machines."""
    assert demo_id("partnership/tourism") == uuid5(
        DEMO_NAMESPACE, "partnership/tourism"
    )
    assert UUID("d1348ce4-8bc1-52f6-bc6f-396dcd02a997") == TOURISM_ID
    assert len({TOURISM_ID, OFFSHORE_ID, AUTOMOTIVE_ID, PUGLIA_ID}) == 4


def test_summary_describes_the_four_partnerships(
    loaded: tuple[PactApplication, DemoSummary],
) -> None:
    """The summary lists each partnership, active, with its counts."""
    _, summary = loaded
    assert summary.events_recorded == summary.events_total > 0
    names = [p.name for p in summary.partnerships]
    assert names == [
        "Skills Partnership for the Tourism Ecosystem",
        "Skills Partnership for Offshore Renewable Energy",
        "Automotive Skills Alliance",
        "Skills partnership for sustainable tourism in Puglia",
    ]
    assert all(p.status is PartnershipStatus.ACTIVE for p in summary.partnerships)
    by_name = {p.name: p for p in summary.partnerships}
    assert by_name["Skills Partnership for the Tourism Ecosystem"].members == 61
    assert by_name["Skills Partnership for Offshore Renewable Energy"].commitments == 4


def test_tourism_composition_follows_the_handbook(app: PactApplication) -> None:
    """§4.6: 20 associations and companies, 3 trade union federations, 20 VET
    and higher education providers, 18 regional and local authorities."""
    tourism = app.get_partnership(TOURISM_ID)
    assert tourism.kind is PartnershipKind.LARGE_SCALE
    assert tourism.ecosystems == (Ecosystem.TOURISM,)
    assert len(tourism.members) == 61
    types = Counter(app.get_organisation(o).stakeholder_type for o in tourism.members)
    groups = {
        group: sum(types[t] for t in members)
        for group, members in TOURISM_COMPOSITION.items()
    }
    assert list(groups.values()) == [20, 3, 20, 18]
    assert sum(groups.values()) == 61
    assert tourism_composition(app) == {**groups, "other": 0}


def test_members_are_plausible_organisations(app: PactApplication) -> None:
    """Members span many EU countries, carry a size, and authorities a NUTS region."""
    tourism = app.get_partnership(TOURISM_ID)
    organisations = [app.get_organisation(o) for o in tourism.members]
    assert len({o.country for o in organisations}) >= 11
    assert len({o.name for o in organisations}) == 61
    for o in organisations:
        if o.stakeholder_type in (
            StakeholderType.PUBLIC_AUTHORITY_REGIONAL,
            StakeholderType.PUBLIC_AUTHORITY_LOCAL,
        ):
            assert o.region is not None
        assert o.charter_signed_on is not None


def test_offshore_has_the_four_commitments_of_box_13(app: PactApplication) -> None:
    """Box 13: four commitments, each with its KPIs; the lifelong-learning ones
    are split by EQF level and gender."""
    ore = app.get_partnership(OFFSHORE_ID)
    assert len(ore.commitments) == 4
    for commitment in ore.commitments.values():
        assert ore.live_kpis(commitment.id)
    lll = next(
        c
        for c in ore.commitments.values()
        if c.category is CommitmentCategory.LIFELONG_LEARNING_CULTURE
    )
    kpis = ore.live_kpis(lll.id)
    assert {k.name for k in kpis} == {
        "People trained in VET/university programmes",
        "People trained in LLL courses",
    }
    for kpi in kpis:
        assert set(kpi.dimensions) == {Dimension.GENDER, Dimension.EQF_LEVEL}


def _gender_total(report: KpiReport) -> Decimal:
    return sum(
        (b.value for b in report.breakdowns if b.dimension is Dimension.GENDER),
        Decimal(0),
    )


@pytest.mark.parametrize("pid", [TOURISM_ID, OFFSHORE_ID, AUTOMOTIVE_ID, PUGLIA_ID])
def test_reported_gender_breakdowns_add_up(app: PactApplication, pid: UUID) -> None:
    """Every report broken down by gender adds up to its total."""
    partnership = app.get_partnership(pid)
    with_gender = [
        r
        for r in partnership.reports.values()
        if any(b.dimension is Dimension.GENDER for b in r.breakdowns)
    ]
    assert with_gender
    for report in with_gender:
        assert _gender_total(report) == report.value


def test_offshore_keeps_a_corrected_report_in_history(app: PactApplication) -> None:
    """The 2023 LLL report is superseded by a correction, and both are kept."""
    ore = app.get_partnership(OFFSHORE_ID)
    corrections = [r for r in ore.reports.values() if r.corrects is not None]
    assert len(corrections) == 1
    original = ore.reports[corrections[0].corrects]  # type: ignore[index]
    assert not original.is_current
    assert (original.value, corrections[0].value) == (Decimal(860), Decimal(874))


def test_automotive_commits_to_five_percent_a_year(app: PactApplication) -> None:
    """§3.1.2: upskill 5 % of the workforce each year, 700 000 employees."""
    auto = app.get_partnership(AUTOMOTIVE_ID)
    (commitment,) = auto.commitments.values()
    assert commitment.target is not None
    assert commitment.target.value == 700_000
    targets = {k.measure: k.target for k in auto.live_kpis(commitment.id)}
    assert targets[Measure.PERCENTAGE] is not None
    assert targets[Measure.PERCENTAGE].value == 5
    assert targets[Measure.COUNT] is not None
    assert targets[Measure.COUNT].value == 700_000


def test_puglia_goes_through_annex_a_and_annex_b(app: PactApplication) -> None:
    """The regional partnership asks for more information, is completed,
    accepted, drafts twice and signs the second draft with its members."""
    puglia: Partnership = app.get_partnership(PUGLIA_ID)
    assert puglia.kind is PartnershipKind.REGIONAL
    assert puglia.regional_scope is RegionalScope.NUTS2
    assert puglia.regions == ("ITF4",)
    assert puglia.linked_lsp_id == TOURISM_ID
    assert puglia.contact.email
    assert len(puglia.current_partners) >= 3
    assert puglia.objectives
    assert puglia.support_needed
    assert puglia.current_activities
    assert puglia.assessment is not None
    assert puglia.assessment.outcome is AssessmentOutcome.ACCEPTED
    assert sorted(puglia.agreements) == [1, 2]
    assert puglia.signed_version == 2
    signed = puglia.agreements[2]
    assert set(signed.signatories) <= set(puglia.members)
    types = [type(e).__name__ for e in app.history(PUGLIA_ID)]
    assert types[:4] == [
        "ExpressionOfInterestSubmitted",
        "ExpressionOfInterestAssessed",
        "ExpressionOfInterestUpdated",
        "ExpressionOfInterestAssessed",
    ]
    assert "KpiTargetRevised" in types
    # Organisations are shared: the region is a member of the LSP as well.
    assert set(puglia.members) & set(app.get_partnership(TOURISM_ID).members)


def test_dates_of_effect_are_fixed_between_2022_and_2025(app: PactApplication) -> None:
    """Every event of the sample took effect on a fixed date in 2022-2025."""
    low = datetime(2022, 1, 1, tzinfo=UTC)
    high = datetime(2026, 1, 1, tzinfo=UTC)
    for pid in (TOURISM_ID, OFFSHORE_ID, AUTOMOTIVE_ID, PUGLIA_ID):
        for event in app.history(pid):
            assert low <= event.effective_at < high, event


def test_loading_twice_records_nothing(
    loaded: tuple[PactApplication, DemoSummary],
) -> None:
    """A second load records zero events and reports the same counts."""
    app, first = loaded
    second = load_demo(app)
    assert second.events_recorded == 0
    assert second.events_total == first.events_total
    assert second.partnerships == first.partnerships
    assert second.tourism_composition == first.tourism_composition
    assert second.organisations == first.organisations


def test_loading_completes_a_partly_loaded_store() -> None:
    """A store holding only part of the sample is completed, not duplicated."""
    full = PactApplication(store="memory:")
    expected = load_demo(full)
    partial = PactApplication(store="memory:")
    partial.register_organisation(
        id=demo_id("org/efhe"),
        name="European Federation of Hospitality Enterprises",
        stakeholder_type=StakeholderType.SECTORAL_ORGANISATION,
        size="small",
        country="BE",
        actor="test",
    )
    summary = load_demo(partial)
    assert summary.partnerships == expected.partnerships
    assert summary.events_total == expected.events_total


def test_getting_started_walkthrough_runs() -> None:
    """The Python blocks of docs/getting-started.md run as written, in order."""
    text = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "getting-started.md", "exec"), namespace)


# -- the reference: what the handbook sample records --------------------------------

EVENTS_PER_AGGREGATE_TYPE = {
    "Organisation": (106, 212),
    "Partnership": (4, 358),
    "LibraryResource": (6, 6),
    "FundingOpportunity": (5, 5),
    "MappedInitiative": (3, 5),
    "KnowledgeEvent": (8, 14),
}
"""Aggregates of each type in the sample and the events they hold."""

EVENTS_PER_PARTNERSHIP = {
    TOURISM_ID: 122,
    OFFSHORE_ID: 103,
    AUTOMOTIVE_ID: 72,
    PUGLIA_ID: 61,
}
"""Events in each partnership's history (`pact history` of Puglia shows 61)."""

EVENTS_DIGEST = "ddbf135af9509b0fe9617a2b31956d5b8d7af93c765eaf34d88fdfee0d0fbacf"
"""SHA-256 over every event's aggregate id, version, type, date of effect and
actor, one line each in order of aggregate id and version: taken from the
builders the data file replaced, so a change to the sample shows here."""


def _event_lines(app: PactApplication) -> list[str]:
    ids = {n.originator_id for n in app.recorder.select_notifications(1, 10_000)}
    return [
        f"{e.originator_id} {e.originator_version} {type(e).__name__} "
        f"{_effective(e)} {e.actor}"
        for oid in sorted(ids, key=str)
        for e in app.history(oid)
    ]


def _effective(event: PactEvent) -> str:
    """The event's date of effect, or ``recorded`` for a catalogue entry that
    took effect when it was recorded."""
    if event.effective_at == event.recorded_at:
        return "recorded"
    return event.effective_at.isoformat()


def test_sample_records_600_events_in_132_aggregates(app: PactApplication) -> None:
    """The sample's events, counted per aggregate type and per partnership."""
    assert app.recorder.max_notification_id() == 600
    ids = {n.originator_id for n in app.recorder.select_notifications(1, 10_000)}
    counts: Counter[str] = Counter()
    events: Counter[str] = Counter()
    for oid in ids:
        kind = type(app.repository.get(oid)).__name__
        counts[kind] += 1
        events[kind] += len(app.history(oid))
    assert {k: (counts[k], events[k]) for k in counts} == EVENTS_PER_AGGREGATE_TYPE
    assert {p: len(app.history(p)) for p in EVENTS_PER_PARTNERSHIP} == (
        EVENTS_PER_PARTNERSHIP
    )


def test_sample_events_are_the_reference_ones(app: PactApplication) -> None:
    """Ids, versions, event types, dates of effect and actors are the ones the
    sample always recorded (a fingerprint of all 600 events)."""
    lines = _event_lines(app)
    assert len(lines) == 600
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    assert digest == EVENTS_DIGEST


def test_tourism_members_by_tier(app: PactApplication) -> None:
    """The Tourism LSP's 61 members: 35 core, 19 associated (one company moved
    up), 7 affiliated companies."""
    tourism = app.get_partnership(TOURISM_ID)
    tiers = Counter(m.tier for m in tourism.members.values())
    assert tiers == {
        MembershipTier.CORE: 35,
        MembershipTier.ASSOCIATED: 19,
        MembershipTier.AFFILIATED: 7,
    }


# -- governance, work plans, activities, monitoring and catalogues ------------------


@pytest.mark.parametrize("pid", [TOURISM_ID, OFFSHORE_ID, AUTOMOTIVE_ID, PUGLIA_ID])
def test_each_partnership_has_governance_a_work_plan_and_monitoring(
    app: PactApplication, pid: UUID
) -> None:
    """§4.1-§4.5, §6.2: a steering group with the coordinators, the five work
    package types with some deliverables overdue, activities, communications,
    funding, skills intelligence, and two closed monitoring exercises."""
    p = app.get_partnership(pid)
    assert set(p.coordinators) <= set(p.steering_group)
    assert len(p.steering_group) == len(p.coordinators) + 3
    assert {wp.type for wp in p.work_packages.values()} == set(WorkPackageType)
    assert p.overdue_deliverables(date(2026, 1, 1))
    for facts in (p.activities, p.communications, p.funding, p.skills_assessments):
        assert facts
    assert sorted(p.monitoring_exercises) == [2023, 2024]
    assert not any(e.is_open for e in p.monitoring_exercises.values())


def test_automotive_wg3_has_the_sub_groups_of_box_17(app: PactApplication) -> None:
    """Box 17: the Automotive Skills Alliance's WG3 has batteries, hydrogen and
    digitalisation sub-groups."""
    automotive = app.get_partnership(AUTOMOTIVE_ID)
    wg3 = next(w for w in automotive.working_groups.values() if w.name == "WG3")
    assert {
        w.name for w in automotive.working_groups.values() if w.parent_id == wg3.id
    } == {"Batteries", "Hydrogen", "Digitalisation"}


def test_puglia_is_linked_to_the_tourism_lsp_on_both_sides(
    app: PactApplication,
) -> None:
    """§4.6: the regional partnership and the LSP it named know each other."""
    assert app.get_partnership(PUGLIA_ID).linked_partnership_ids == (TOURISM_ID,)
    assert PUGLIA_ID in app.get_partnership(TOURISM_ID).linked_partnership_ids


def test_catalogues_link_reports_to_the_library(app: PactApplication) -> None:
    """§5: a knowledge event's follow-up report is a library entry, and the
    funding tool finds Puglia's regional opportunity."""
    webinar = app.get_knowledge_event(
        catalogue_id("knowledge-event/2022-funding-webinar")
    )
    report = webinar.follow_up_report
    assert report is not None
    assert report.library_resource_id == catalogue_id("library/funding-webinar-report")
    assert app.search_funding_opportunities("Puglia")[0].details.regions == ("ITF4",)


# -- the sample as a file of commands -------------------------------------------------


def _lines() -> list[str]:
    resource = resources.files("pact_adapters") / DEMO_COMMANDS
    return resource.read_text(encoding="utf-8").splitlines()


def test_the_sample_is_a_file_of_commands_in_the_json_form() -> None:
    """Each line of the package's data file is one command's JSON form, and
    reading it back gives the same JSON (the file doubles as an example)."""
    lines = _lines()
    assert len(lines) == len(demo_commands()) == 574
    for line, command in zip(lines, demo_commands(), strict=True):
        data = json.loads(line)
        assert data["command"] in COMMANDS
        assert command_from_json(data) == command
        assert command_from_json(command_to_json(command)) == command
    names = Counter(json.loads(line)["command"] for line in lines)
    assert names["register-organisation"] == names["sign-charter"] == 106
    assert names["join-partnership"] == 109


def test_every_created_aggregate_has_a_fixed_id() -> None:
    """The commands that create an aggregate name its id, so a second load
    finds it; organisations' ids derive from the demo namespace."""
    created = [c for c in demo_commands() if c.spec().target_field is None]
    assert created
    assert all(getattr(c, "id", None) is not None for c in created)
    organisations = [c for c in created if isinstance(c, RegisterOrganisation)]
    assert len(organisations) == 106
    assert organisations[0].id == demo_id("org/efhe")
    assert len({c.id for c in created}) == len(created)


def test_loading_reports_progress_and_stores_in_one_transaction() -> None:
    """The callback sees every command, skipped or not; nothing is stored
    until the batch ends, then all 600 events at once."""
    app = PactApplication(store="memory:")
    seen: list[tuple[int, int]] = []
    stored: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        stored.append(app.recorder.max_notification_id() or 0)

    summary = load_demo(app, progress=progress)
    assert seen == [(n, 574) for n in range(1, 575)]
    assert set(stored) == {0}
    assert summary.events_recorded == 600
    seen.clear()
    assert load_demo(app, progress=progress).events_recorded == 0
    assert seen[-1] == (574, 574)


def test_loading_into_sqlite_twice_records_600_then_0(tmp_path: Path) -> None:
    """A fresh SQLite file receives the 600 events; loading it again, from a
    new application on the same file, records none."""
    store = str(tmp_path / "demo.db")
    first = load_demo(open_application(store))
    again = load_demo(open_application(store))
    assert (first.events_recorded, first.events_total) == (600, 600)
    assert (again.events_recorded, again.events_total) == (0, 600)
    assert again.partnerships == first.partnerships


def test_a_store_with_a_prefix_of_an_aggregate_is_completed() -> None:
    """A partnership holding its first events only receives the rest."""
    full = PactApplication(store="memory:")
    load_demo(full)
    partial = PactApplication(store="memory:")
    first = [c for c in demo_commands() if c.spec().target_field is None][:1]
    partial.handle(first[0])
    summary = load_demo(partial)
    assert summary.events_recorded == 599
    assert _event_lines(partial) == _event_lines(full)
