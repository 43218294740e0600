"""The work plan: work packages, deliverables, deliveries and what is overdue
(§4.1, §4.4 Table 1, Box 40)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from _helpers import (
    ACTOR,
    active_lsp,
    assert_meta,
    at,
    last_event,
    new_app,
    refused,
    submit_lsp,
)
from pact_domain.application import PactApplication
from pact_domain.errors import DomainRuleError, InvalidStateError, InvalidValueError
from pact_domain.partnership import (
    DeliverableAdded,
    DeliverableDelivered,
    DeliverableRescheduled,
    PlannedDeliverable,
    PlannedWorkPackage,
    WorkPackageAdded,
    WorkPlanAdopted,
)
from pact_domain.vocabularies import OutputType, WorkPackageType

START, END = date(2023, 1, 1), date(2025, 12, 31)


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


@pytest.fixture
def lsp(app: PactApplication) -> tuple[UUID, list[UUID]]:
    """An active LSP (textile, clothing, leather and footwear) with 3 members."""
    return active_lsp(app, members=3)


def _packages(orgs: list[UUID]) -> tuple[PlannedWorkPackage, ...]:
    """The TCLF partnership's work packages, one of each §4.1 type."""
    return (
        PlannedWorkPackage(
            title="Broadening the partnership's reach",
            type=WorkPackageType.REACH,
            lead_organisation_id=orgs[0],
            deliverables=(
                PlannedDeliverable("Newsletter launched", date(2023, 6, 30)),
                PlannedDeliverable("Stakeholder database", date(2023, 12, 31)),
            ),
        ),
        PlannedWorkPackage(
            title="Mapping of education and best practices",
            type="skills_intelligence",
            lead_organisation_id=orgs[1],
            deliverables=(
                PlannedDeliverable(
                    "Future needed skills and trends for the TCLF sectors",
                    date(2024, 3, 31),
                    description="Report on future skills needs (Box 26).",
                ),
            ),
        ),
        PlannedWorkPackage(
            title="Design VET curricula for TCLF profiles",
            type="practical_initiatives",
            lead_organisation_id=orgs[2],
            objectives="Curricula in line with EQF, ECVET and EQAVET (Box 19).",
            deliverables=(PlannedDeliverable("VET curricula", date(2024, 12, 31)),),
        ),
        PlannedWorkPackage(
            title="Monitoring", type="monitoring", lead_organisation_id=orgs[0]
        ),
        PlannedWorkPackage(
            title="Sustainability Action Plan",
            type="sustainability",
            lead_organisation_id=orgs[1],
            deliverables=(
                PlannedDeliverable("Sustainability Action Plan", date(2025, 12, 31)),
            ),
        ),
    )


def _adopt(
    app: PactApplication, pid: UUID, orgs: list[UUID]
) -> tuple[PlannedWorkPackage, ...]:
    packages = _packages(orgs)
    app.adopt_work_plan(
        pid,
        title="TCLF work plan 2023-2025",
        starts_on=START,
        ends_on=END,
        work_packages=packages,
        actor=ACTOR,
    )
    return packages


# --------------------------------------------------------------- adoption


def test_work_plan_adopted(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """A work plan with one work package of each of the five types (§4.1)."""
    pid, orgs = lsp
    recorded = app.clock.next
    packages = _adopt(app, pid, orgs)
    event = last_event(app, pid)
    assert isinstance(event, WorkPlanAdopted)
    assert event.title == "TCLF work plan 2023-2025"
    assert (event.starts_on, event.ends_on) == (START, END)
    assert event.work_packages == packages
    assert_meta(event, recorded_at=recorded)
    p = app.get_partnership(pid)
    assert p.work_plan is not None
    assert p.work_plan.title == "TCLF work plan 2023-2025"
    assert {wp.type for wp in p.work_packages.values()} == set(WorkPackageType)
    assert len(p.deliverables) == 5
    curricula = packages[2]
    wp = p.work_packages[curricula.id]
    assert wp.lead_organisation_id == orgs[2]
    assert wp.objectives.startswith("Curricula")
    [d] = p.deliverables_of(curricula.id)
    assert (d.title, d.due_on, d.is_delivered) == (
        "VET curricula",
        date(2024, 12, 31),
        False,
    )


def test_work_plan_adopted_once(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A second adoption is refused: packages are added to the plan instead."""
    pid, orgs = lsp
    _adopt(app, pid, orgs)
    with refused(app, DomainRuleError, "work_plan", pid, match="already adopted"):
        _adopt(app, pid, orgs)


def test_work_plan_refusals(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """Period backwards, no package, a lead who is not a member, two packages
    with one title, a deliverable due outside the period or twice in one
    package, duplicate ids, a package that is not a PlannedWorkPackage."""
    pid, orgs = lsp

    def adopt(*packages: object, start: date = START, end: date = END) -> None:
        app.adopt_work_plan(
            pid,
            title="Work plan",
            starts_on=start,
            ends_on=end,
            work_packages=packages,  # type: ignore[arg-type]
            actor=ACTOR,
        )

    wp = PlannedWorkPackage("Reach", "reach", orgs[0])
    with refused(app, InvalidValueError, "ends_on", pid):
        adopt(wp, start=END, end=START)
    with refused(app, InvalidValueError, "work_packages", pid):
        adopt()
    with refused(app, DomainRuleError, "lead_organisation_id", pid):
        adopt(PlannedWorkPackage("Reach", "reach", uuid4()))
    with refused(app, DomainRuleError, "work_packages", pid, match="two work packages"):
        adopt(wp, PlannedWorkPackage("REACH", "monitoring", orgs[1]))
    late = PlannedDeliverable("Final report", date(2026, 1, 1))
    with refused(app, DomainRuleError, "due_on", pid, match="outside the work plan"):
        adopt(PlannedWorkPackage("Reach", "reach", orgs[0], deliverables=(late,)))
    twice = (
        PlannedDeliverable("Report", date(2024, 1, 1)),
        PlannedDeliverable("report", date(2024, 6, 1)),
    )
    with refused(app, DomainRuleError, "deliverables", pid, match="already has"):
        adopt(PlannedWorkPackage("Reach", "reach", orgs[0], deliverables=twice))
    with refused(app, DomainRuleError, "work_packages", pid, match="already exists"):
        adopt(wp, PlannedWorkPackage("Other", "monitoring", orgs[1], id=wp.id))
    d = PlannedDeliverable("Report", date(2024, 1, 1))
    with refused(app, DomainRuleError, "deliverables", pid, match="already exists"):
        adopt(
            PlannedWorkPackage("A", "reach", orgs[0], deliverables=(d,)),
            PlannedWorkPackage("B", "monitoring", orgs[0], deliverables=(d,)),
        )
    with refused(app, InvalidValueError, "work_packages", pid):
        adopt("Reach")


def test_work_plan_needs_an_accepted_or_active_partnership(
    app: PactApplication,
) -> None:
    """A proposed partnership adopts no work plan."""
    pid = submit_lsp(app)
    with refused(app, InvalidStateError, "status", pid):
        app.adopt_work_plan(
            pid,
            title="Plan",
            starts_on=START,
            ends_on=END,
            work_packages=(PlannedWorkPackage("Reach", "reach", uuid4()),),
            actor=ACTOR,
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"type": "marketing"}, "type"),
        ({"lead_organisation_id": "acme"}, "lead_organisation_id"),
        ({"title": ""}, "title"),
        ({"deliverables": ("Report",)}, "deliverables"),
        ({"objectives": "x" * 1001}, "objectives"),
    ],
)
def test_planned_work_package_is_validated(
    kwargs: dict[str, object], field: str
) -> None:
    """A work package's type is one of the five §4.1 types, its lead an id."""
    fields: dict[str, object] = {
        "title": "Reach",
        "type": "reach",
        "lead_organisation_id": uuid4(),
    }
    fields.update(kwargs)
    with pytest.raises(InvalidValueError) as info:
        PlannedWorkPackage(**fields)  # type: ignore[arg-type]
    assert (info.value.entity, info.value.field) == ("WorkPackage", field)


def test_planned_deliverable_is_validated() -> None:
    """A deliverable has a title and a due date."""
    with pytest.raises(InvalidValueError) as info:
        PlannedDeliverable("Report", "soon")  # type: ignore[arg-type]
    assert (info.value.entity, info.value.field) == ("Deliverable", "due_on")
    assert PlannedDeliverable("Report", "2024-01-31").due_on == date(2024, 1, 31)  # type: ignore[arg-type]


# ------------------------------------------------- packages and deliverables


def test_work_package_added(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """A work package is added to the adopted plan later."""
    pid, orgs = lsp
    _adopt(app, pid, orgs)
    wp = PlannedWorkPackage(
        "Regional implementation",
        "practical_initiatives",
        orgs[2],
        deliverables=(PlannedDeliverable("Regional pilots", date(2025, 6, 30)),),
    )
    assert app.add_work_package(pid, work_package=wp, actor=ACTOR) == wp.id
    event = last_event(app, pid)
    assert isinstance(event, WorkPackageAdded)
    assert event.work_package == wp
    p = app.get_partnership(pid)
    assert p.work_packages[wp.id].title == "Regional implementation"
    assert [d.title for d in p.deliverables_of(wp.id)] == ["Regional pilots"]


def test_work_package_added_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """No plan yet, a title taken, a lead who is not a member."""
    pid, orgs = lsp
    wp = PlannedWorkPackage("Monitoring", "monitoring", orgs[0])
    with refused(app, DomainRuleError, "work_plan", pid, match="no work plan"):
        app.add_work_package(pid, work_package=wp, actor=ACTOR)
    _adopt(app, pid, orgs)
    with refused(app, DomainRuleError, "work_package", pid, match="already titled"):
        app.add_work_package(pid, work_package=wp, actor=ACTOR)
    with refused(app, DomainRuleError, "lead_organisation_id", pid):
        app.add_work_package(
            pid,
            work_package=PlannedWorkPackage("New", "reach", uuid4()),
            actor=ACTOR,
        )


def test_deliverable_added(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """A deliverable is added to a work package."""
    pid, orgs = lsp
    packages = _adopt(app, pid, orgs)
    monitoring = packages[3].id
    d = PlannedDeliverable("Annual monitoring report 2024", date(2024, 12, 31))
    assert (
        app.add_deliverable(pid, work_package_id=monitoring, deliverable=d, actor=ACTOR)
        == d.id
    )
    event = last_event(app, pid)
    assert isinstance(event, DeliverableAdded)
    assert (event.work_package_id, event.deliverable) == (monitoring, d)
    assert app.get_partnership(pid).deliverables[d.id].work_package_id == monitoring


def test_deliverable_added_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """An unknown package, a title taken in the package, a date outside the
    plan, an existing id, something that is not a PlannedDeliverable."""
    pid, orgs = lsp
    packages = _adopt(app, pid, orgs)
    reach = packages[0].id

    def add(d: object, wp: UUID = reach) -> None:
        app.add_deliverable(pid, work_package_id=wp, deliverable=d, actor=ACTOR)  # type: ignore[arg-type]

    with refused(app, DomainRuleError, "work_package_id", pid):
        add(PlannedDeliverable("X", date(2024, 1, 1)), uuid4())
    with refused(app, DomainRuleError, "deliverables", pid, match="already has"):
        add(PlannedDeliverable("newsletter launched", date(2024, 1, 1)))
    with refused(app, DomainRuleError, "due_on", pid):
        add(PlannedDeliverable("X", date(2022, 12, 31)))
    existing = next(iter(app.get_partnership(pid).deliverables))
    with refused(app, DomainRuleError, "deliverables", pid, match="already exists"):
        add(PlannedDeliverable("X", date(2024, 1, 1), id=existing))
    with refused(app, InvalidValueError, "deliverable", pid):
        add("X")
    # the same title is fine in another package
    add(PlannedDeliverable("Newsletter launched", date(2024, 1, 1)), packages[3].id)


def test_deliverable_rescheduled(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A deliverable gets a new due date within the plan."""
    pid, orgs = lsp
    packages = _adopt(app, pid, orgs)
    d = packages[2].deliverables[0]
    app.reschedule_deliverable(
        pid,
        deliverable_id=d.id,
        due_on=date(2025, 6, 30),
        reason="Pilot phase extended",
        actor=ACTOR,
    )
    event = last_event(app, pid)
    assert isinstance(event, DeliverableRescheduled)
    assert (event.deliverable_id, event.due_on, event.reason) == (
        d.id,
        date(2025, 6, 30),
        "Pilot phase extended",
    )
    assert app.get_partnership(pid).deliverables[d.id].due_on == date(2025, 6, 30)


def test_deliverable_reschedule_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Same date, outside the plan, no reason, unknown, already delivered."""
    pid, orgs = lsp
    packages = _adopt(app, pid, orgs)
    d = packages[0].deliverables[0]

    def reschedule(due: date, reason: str = "Delay", did: UUID = d.id) -> None:
        app.reschedule_deliverable(
            pid, deliverable_id=did, due_on=due, reason=reason, actor=ACTOR
        )

    with refused(app, DomainRuleError, "due_on", pid, match="already due"):
        reschedule(d.due_on)
    with refused(app, DomainRuleError, "due_on", pid, match="outside"):
        reschedule(date(2026, 1, 1))
    with refused(app, InvalidValueError, "reason", pid):
        reschedule(date(2023, 9, 30), reason="")
    with refused(app, DomainRuleError, "deliverable_id", pid):
        reschedule(date(2023, 9, 30), did=uuid4())
    app.record_delivery(
        pid,
        deliverable_id=d.id,
        delivered_on=date(2023, 6, 1),
        output_type="online_forum",
        link="https://tclf.example.eu/newsletter",
        actor=ACTOR,
    )
    with refused(app, DomainRuleError, "deliverable_id", pid, match="was delivered"):
        reschedule(date(2023, 9, 30))


# ---------------------------------------------------------------- delivery


def test_deliverable_delivered(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A deliverable is delivered with the report produced and its link."""
    pid, orgs = lsp
    packages = _adopt(app, pid, orgs)
    d = packages[1].deliverables[0]
    recorded = app.clock.next
    app.record_delivery(
        pid,
        deliverable_id=d.id,
        delivered_on=date(2024, 3, 15),
        output_type=OutputType.REPORT,
        output_title="Future needed skills and trends for the TCLF sectors",
        link="https://euratex.example.eu/tclf-future-skills.pdf",
        actor=ACTOR,
    )
    event = last_event(app, pid)
    assert isinstance(event, DeliverableDelivered)
    assert event.deliverable_id == d.id
    assert event.delivered_on == date(2024, 3, 15)
    assert event.output_type is OutputType.REPORT
    assert event.link == "https://euratex.example.eu/tclf-future-skills.pdf"
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2024, 3, 15)))
    state = app.get_partnership(pid).deliverables[d.id]
    assert state.is_delivered
    assert state.output_title.startswith("Future needed skills")


@pytest.mark.parametrize("output", list(OutputType))
def test_every_table_1_output_type_can_be_delivered(
    app: PactApplication, lsp: tuple[UUID, list[UUID]], output: OutputType
) -> None:
    """Report, tool, toolkit, curriculum, course, database, guide, forum."""
    pid, orgs = lsp
    packages = _adopt(app, pid, orgs)
    d = packages[0].deliverables[1]
    app.record_delivery(
        pid,
        deliverable_id=d.id,
        delivered_on=date(2023, 12, 1),
        output_type=output.value,
        link="https://example.eu/output",
        actor=ACTOR,
    )
    assert app.get_partnership(pid).deliverables[d.id].output_type is output


def test_delivery_refusals(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """Unknown deliverable, output type not in Table 1, a link that is not a
    URL, a date in the future, and a second delivery are refused."""
    pid, orgs = lsp
    packages = _adopt(app, pid, orgs)
    d = packages[2].deliverables[0]

    def deliver(
        did: UUID = d.id,
        output: str = "curriculum",
        link: str = "https://tclf.example.eu/curricula",
        day: date = date(2024, 12, 1),
    ) -> None:
        app.record_delivery(
            pid,
            deliverable_id=did,
            delivered_on=day,
            output_type=output,
            link=link,
            actor=ACTOR,
        )

    with refused(app, DomainRuleError, "deliverable_id", pid, match="no deliverable"):
        deliver(did=uuid4())
    with refused(app, InvalidValueError, "output_type", pid):
        deliver(output="podcast")
    with refused(app, InvalidValueError, "link", pid):
        deliver(link="tclf.example.eu/curricula")
    with refused(app, InvalidValueError, "delivered_on", pid, match="future"):
        deliver(day=date(2025, 12, 1))
    deliver()
    with refused(
        app, DomainRuleError, "deliverable_id", pid, match="already delivered"
    ):
        deliver()


# ---------------------------------------------------------------- overdue


def test_overdue_deliverables_are_derived(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Overdue: due before the date and not delivered by then (Box 40); a
    deliverable delivered late was overdue until it was delivered."""
    pid, orgs = lsp
    packages = _adopt(app, pid, orgs)
    newsletter, database = packages[0].deliverables
    app.record_delivery(
        pid,
        deliverable_id=newsletter.id,
        delivered_on=date(2023, 6, 1),
        output_type="online_forum",
        link="https://tclf.example.eu/newsletter",
        actor=ACTOR,
    )
    app.record_delivery(
        pid,
        deliverable_id=database.id,
        delivered_on=date(2024, 2, 15),
        output_type="database",
        link="https://tclf.example.eu/stakeholders",
        actor=ACTOR,
    )
    p = app.get_partnership(pid)
    assert p.overdue_deliverables(date(2023, 6, 30)) == ()
    assert [d.title for d in p.overdue_deliverables(date(2024, 1, 1))] == [
        "Stakeholder database"
    ]
    assert [d.title for d in app.overdue_deliverables(pid, as_of=date(2024, 4, 1))] == [
        "Future needed skills and trends for the TCLF sectors"
    ]
    assert [d.title for d in p.overdue_deliverables(date(2026, 1, 1))] == [
        "Future needed skills and trends for the TCLF sectors",
        "VET curricula",
        "Sustainability Action Plan",
    ]
    # due on the day itself is not yet overdue
    assert p.overdue_deliverables(date(2024, 3, 31)) == ()
