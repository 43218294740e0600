"""Steering group, working groups and work package leaders (§2.3, §2.4, §3.5,
Boxes 15-17)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from _helpers import (
    ACTOR,
    accepted_lsp,
    active_lsp,
    assert_meta,
    last_event,
    new_app,
    refused,
    register_org,
    submit_lsp,
)
from pact_domain.application import PactApplication
from pact_domain.errors import DomainRuleError, InvalidStateError, InvalidValueError
from pact_domain.partnership import (
    PlannedWorkPackage,
    SteeringGroupChanged,
    WorkingGroupClosed,
    WorkingGroupFormed,
    WorkingGroupLeadChanged,
    WorkPackageLeaderAppointed,
    governance_roles,
)


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


@pytest.fixture
def lsp(app: PactApplication) -> tuple[UUID, list[UUID]]:
    """An active LSP with four members (the Automotive Skills Alliance)."""
    return active_lsp(app, members=4)


def _wg(
    app: PactApplication,
    pid: UUID,
    lead: UUID,
    name: str = "WG3",
    theme: str = "Skills intelligence",
    parent: UUID | None = None,
) -> UUID:
    return app.form_working_group(
        pid,
        name=name,
        theme=theme,
        lead_organisation_id=lead,
        parent_id=parent,
        actor=ACTOR,
    )


# ----------------------------------------------------------- steering group


def test_steering_group_changed(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Members join the steering group, later some leave (§2.3, Box 16)."""
    pid, orgs = lsp
    recorded = app.clock.next
    app.change_steering_group(pid, joined=(orgs[0], orgs[1], orgs[2]), actor=ACTOR)
    event = last_event(app, pid)
    assert isinstance(event, SteeringGroupChanged)
    assert event.joined == (orgs[0], orgs[1], orgs[2])
    assert event.left == ()
    assert_meta(event, recorded_at=recorded)
    app.change_steering_group(pid, joined=(orgs[3],), left=(orgs[1],), actor=ACTOR)
    assert app.get_partnership(pid).steering_group == (orgs[0], orgs[2], orgs[3])


def test_steering_group_duplicate_ids_are_recorded_once(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """An organisation named twice joins once."""
    pid, orgs = lsp
    app.change_steering_group(pid, joined=(orgs[0], orgs[0]), actor=ACTOR)
    assert app.get_partnership(pid).steering_group == (orgs[0],)


def test_non_member_cannot_join_the_steering_group(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """The steering group is made of members."""
    pid, _ = lsp
    outsider = register_org(app, "Outsider GmbH")
    with refused(app, DomainRuleError, "joined", pid, match="not a member"):
        app.change_steering_group(pid, joined=(outsider,), actor=ACTOR)


def test_steering_group_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Joining twice, leaving without being on it, both at once, or nothing."""
    pid, orgs = lsp
    app.change_steering_group(pid, joined=(orgs[0],), actor=ACTOR)
    with refused(app, DomainRuleError, "joined", pid, match="already on"):
        app.change_steering_group(pid, joined=(orgs[0],), actor=ACTOR)
    with refused(app, DomainRuleError, "left", pid, match="not on the steering"):
        app.change_steering_group(pid, left=(orgs[1],), actor=ACTOR)
    with refused(app, InvalidValueError, "left", pid, match="both join and leave"):
        app.change_steering_group(pid, joined=(orgs[1],), left=(orgs[1],), actor=ACTOR)
    with refused(app, InvalidValueError, "joined", pid, match="at least one"):
        app.change_steering_group(pid, actor=ACTOR)
    with refused(app, InvalidValueError, "joined", pid, match="UUID"):
        app.change_steering_group(pid, joined=("not-a-uuid",), actor=ACTOR)  # type: ignore[arg-type]


def test_steering_group_needs_an_accepted_or_active_partnership(
    app: PactApplication,
) -> None:
    """A proposed partnership has no steering group yet."""
    pid = submit_lsp(app)
    with refused(app, InvalidStateError, "status", pid):
        app.change_steering_group(pid, joined=(uuid4(),), actor=ACTOR)


# ----------------------------------------------------------- working groups


def test_working_groups_and_sub_groups_formed(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """The Automotive Skills Alliance's four WGs, with WG3's sub-groups on
    batteries and hydrogen (Box 17)."""
    pid, orgs = lsp
    wg1 = _wg(app, pid, orgs[0], "WG1", "Horizontal issues")
    _wg(app, pid, orgs[1], "WG2", "Communication & dissemination")
    recorded = app.clock.next
    wg3 = _wg(app, pid, orgs[2], "WG3", "Skills intelligence")
    event = last_event(app, pid)
    assert isinstance(event, WorkingGroupFormed)
    assert (event.working_group_id, event.name, event.theme) == (
        wg3,
        "WG3",
        "Skills intelligence",
    )
    assert event.lead_organisation_id == orgs[2]
    assert event.parent_id is None
    assert_meta(event, recorded_at=recorded)
    _wg(app, pid, orgs[3], "WG4", "Regional implementation")
    batteries = _wg(app, pid, orgs[2], "Batteries", "Battery skills", parent=wg3)
    hydrogen = _wg(app, pid, orgs[3], "Hydrogen", "Hydrogen skills", parent=wg3)
    p = app.get_partnership(pid)
    assert len(p.working_groups) == 6
    assert p.working_groups[batteries].parent_id == wg3
    assert p.working_groups[hydrogen].lead_organisation_id == orgs[3]
    assert p.working_groups[wg1].is_open
    assert p.working_groups[wg1].formed_at == recorded - timedelta(minutes=2)


def test_working_group_with_a_chosen_id(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A caller may choose the id (e.g. a deterministic one); not twice."""
    pid, orgs = lsp
    wid = uuid4()
    assert (
        app.form_working_group(
            pid,
            name="WG1",
            theme="Horizontal issues",
            lead_organisation_id=orgs[0],
            working_group_id=wid,
            actor=ACTOR,
        )
        == wid
    )
    with refused(app, DomainRuleError, "working_group_id", pid):
        app.form_working_group(
            pid,
            name="WG9",
            theme="Other",
            lead_organisation_id=orgs[0],
            working_group_id=wid,
            actor=ACTOR,
        )


def test_working_group_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A lead that is not a member, an unknown or closed parent, a name taken,
    an empty name or a theme over 1,000 characters are refused."""
    pid, orgs = lsp
    outsider = register_org(app, "Outsider GmbH")
    with refused(app, DomainRuleError, "lead_organisation_id", pid):
        _wg(app, pid, outsider)
    with refused(app, DomainRuleError, "parent_id", pid, match="no working group"):
        _wg(app, pid, orgs[0], parent=uuid4())
    wg3 = _wg(app, pid, orgs[0])
    with refused(app, DomainRuleError, "name", pid, match="already named"):
        _wg(app, pid, orgs[1], name="wg3")
    with refused(app, InvalidValueError, "name", pid):
        _wg(app, pid, orgs[1], name="  ")
    with refused(app, InvalidValueError, "theme", pid, match="1,000"):
        _wg(app, pid, orgs[1], name="WG5", theme="x" * 1001)
    app.close_working_group(pid, working_group_id=wg3, actor=ACTOR)
    with refused(app, DomainRuleError, "parent_id", pid, match="closed"):
        _wg(app, pid, orgs[0], name="Batteries", parent=wg3)
    # a closed group's name can be used again
    _wg(app, pid, orgs[1], name="WG3")


def test_same_sub_group_name_under_different_parents(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """WG3 and WG4 may both have a 'Batteries' sub-group."""
    pid, orgs = lsp
    wg3 = _wg(app, pid, orgs[0], "WG3")
    wg4 = _wg(app, pid, orgs[1], "WG4", "Regional implementation")
    _wg(app, pid, orgs[2], "Batteries", parent=wg3)
    _wg(app, pid, orgs[3], "Batteries", parent=wg4)
    assert len(app.get_partnership(pid).working_groups) == 4


def test_working_group_lead_changed(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Another member takes over a working group's lead."""
    pid, orgs = lsp
    wg = _wg(app, pid, orgs[0])
    app.change_working_group_lead(
        pid, working_group_id=wg, lead_organisation_id=orgs[1], actor=ACTOR
    )
    event = last_event(app, pid)
    assert isinstance(event, WorkingGroupLeadChanged)
    assert (event.working_group_id, event.lead_organisation_id) == (wg, orgs[1])
    assert app.get_partnership(pid).working_groups[wg].lead_organisation_id == orgs[1]


def test_working_group_lead_change_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """The same lead, a non-member, an unknown or a closed group are refused."""
    pid, orgs = lsp
    wg = _wg(app, pid, orgs[0])
    with refused(app, DomainRuleError, "lead_organisation_id", pid, match="already"):
        app.change_working_group_lead(
            pid, working_group_id=wg, lead_organisation_id=orgs[0], actor=ACTOR
        )
    with refused(app, DomainRuleError, "lead_organisation_id", pid):
        app.change_working_group_lead(
            pid, working_group_id=wg, lead_organisation_id=uuid4(), actor=ACTOR
        )
    with refused(app, DomainRuleError, "working_group_id", pid):
        app.change_working_group_lead(
            pid, working_group_id=uuid4(), lead_organisation_id=orgs[1], actor=ACTOR
        )
    app.close_working_group(pid, working_group_id=wg, actor=ACTOR)
    with refused(app, DomainRuleError, "working_group_id", pid, match="closed"):
        app.change_working_group_lead(
            pid, working_group_id=wg, lead_organisation_id=orgs[1], actor=ACTOR
        )


def test_working_group_closed_after_its_sub_groups(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Sub-groups close first; then the group closes, with a reason."""
    pid, orgs = lsp
    wg3 = _wg(app, pid, orgs[0])
    batteries = _wg(app, pid, orgs[1], "Batteries", parent=wg3)
    with refused(app, DomainRuleError, "working_group_id", pid, match="Batteries"):
        app.close_working_group(pid, working_group_id=wg3, actor=ACTOR)
    app.close_working_group(pid, working_group_id=batteries, actor=ACTOR)
    recorded = app.clock.next
    app.close_working_group(
        pid,
        working_group_id=wg3,
        reason="Merged into WG1",
        effective_at=date(2025, 2, 28),
        actor=ACTOR,
    )
    event = last_event(app, pid)
    assert isinstance(event, WorkingGroupClosed)
    assert (event.working_group_id, event.reason) == (wg3, "Merged into WG1")
    assert_meta(event, recorded_at=recorded, effective_at=event.effective_at)
    closed = app.get_partnership(pid).working_groups[wg3]
    assert not closed.is_open
    assert closed.closed_at == event.effective_at
    with refused(app, DomainRuleError, "working_group_id", pid, match="closed"):
        app.close_working_group(pid, working_group_id=wg3, actor=ACTOR)
    with refused(app, DomainRuleError, "working_group_id", pid, match="no working"):
        app.close_working_group(pid, working_group_id=uuid4(), actor=ACTOR)


def test_working_groups_need_an_accepted_or_active_partnership(
    app: PactApplication,
) -> None:
    """No working group in a proposed or closed partnership."""
    pid = submit_lsp(app)
    with refused(app, InvalidStateError, "status", pid):
        _wg(app, pid, uuid4())
    pid2, orgs = active_lsp(app, members=1)
    wg = _wg(app, pid2, orgs[0])
    app.close_partnership(pid2, reason="Ended", closed_on=date(2025, 3, 1), actor=ACTOR)
    with refused(app, InvalidStateError, "status", pid2):
        app.close_working_group(pid2, working_group_id=wg, actor=ACTOR)


# ----------------------------------------------------- work package leaders


def _plan(app: PactApplication, pid: UUID, lead: UUID) -> UUID:
    wp = PlannedWorkPackage(
        title="Skills intelligence",
        type="skills_intelligence",
        lead_organisation_id=lead,
    )
    app.adopt_work_plan(
        pid,
        title="Work plan 2025-2027",
        starts_on=date(2025, 1, 1),
        ends_on=date(2027, 12, 31),
        work_packages=(wp,),
        actor=ACTOR,
    )
    return wp.id


def test_work_package_leader_appointed(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A member is appointed to lead a work package (§3.5)."""
    pid, orgs = lsp
    wp = _plan(app, pid, orgs[0])
    recorded = app.clock.next
    app.appoint_work_package_leader(
        pid, work_package_id=wp, organisation_id=orgs[1], actor=ACTOR
    )
    event = last_event(app, pid)
    assert isinstance(event, WorkPackageLeaderAppointed)
    assert (event.work_package_id, event.organisation_id) == (wp, orgs[1])
    assert_meta(event, recorded_at=recorded)
    assert app.get_partnership(pid).work_packages[wp].lead_organisation_id == orgs[1]


def test_work_package_leader_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """An unknown work package, a non-member or the current leader is refused."""
    pid, orgs = lsp
    wp = _plan(app, pid, orgs[0])
    with refused(app, DomainRuleError, "work_package_id", pid):
        app.appoint_work_package_leader(
            pid, work_package_id=uuid4(), organisation_id=orgs[1], actor=ACTOR
        )
    with refused(app, DomainRuleError, "organisation_id", pid, match="not a member"):
        app.appoint_work_package_leader(
            pid, work_package_id=wp, organisation_id=uuid4(), actor=ACTOR
        )
    with refused(app, DomainRuleError, "organisation_id", pid, match="already leads"):
        app.appoint_work_package_leader(
            pid, work_package_id=wp, organisation_id=orgs[0], actor=ACTOR
        )


def test_governance_roles_of_a_member(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """The roles a member would hand over before leaving, in words."""
    pid, orgs = lsp
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    app.change_steering_group(pid, joined=(orgs[0],), actor=ACTOR)
    _wg(app, pid, orgs[0])
    _plan(app, pid, orgs[0])
    p = app.get_partnership(pid)
    assert governance_roles(p, orgs[0]) == (
        "coordinator",
        "steering group member",
        "lead of working group 'WG3'",
        "leader of work package 'Skills intelligence'",
    )
    assert governance_roles(p, orgs[1]) == ()


def test_accepted_partnership_can_organise_its_governance(
    app: PactApplication,
) -> None:
    """Governance is set up before the agreement is signed (§3.5)."""
    pid = accepted_lsp(app)
    org = register_org(app)
    app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    app.change_steering_group(pid, joined=(org,), actor=ACTOR)
    assert app.get_partnership(pid).steering_group == (org,)
