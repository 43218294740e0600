"""Coordinators of a partnership: one to three, transferable (§2.4)."""

from __future__ import annotations

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
    with_members,
)
from pact_domain.application import PactApplication
from pact_domain.errors import DomainRuleError, InvalidStateError
from pact_domain.partnership import (
    MAX_COORDINATORS,
    CoordinationTransferred,
    CoordinatorAppointed,
)


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


# ------------------------------------------------------------------ events


def test_coordinator_appointed(app: PactApplication) -> None:
    """A member of an accepted partnership is appointed coordinator."""
    pid = accepted_lsp(app)
    [org] = with_members(app, pid, 1)
    recorded = app.clock.next
    app.appoint_coordinator(pid, organisation_id=org, actor=ACTOR)
    event = last_event(app, pid)
    assert isinstance(event, CoordinatorAppointed)
    assert event.organisation_id == org
    assert_meta(event, recorded_at=recorded)
    assert app.get_partnership(pid).coordinators == (org,)


def test_up_to_three_coordinators_in_appointment_order(app: PactApplication) -> None:
    """Two or three organisations may share coordination (§2.4)."""
    pid, orgs = active_lsp(app, members=4)
    for org in orgs[:MAX_COORDINATORS]:
        app.appoint_coordinator(pid, organisation_id=org, actor=ACTOR)
    assert MAX_COORDINATORS == 3
    assert app.get_partnership(pid).coordinators == tuple(orgs[:3])


def test_coordination_transferred(app: PactApplication) -> None:
    """The coordinating role passes to another member, in the same position."""
    pid, orgs = active_lsp(app, members=4)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    app.appoint_coordinator(pid, organisation_id=orgs[1], actor=ACTOR)
    recorded = app.clock.next
    app.transfer_coordination(
        pid, from_organisation_id=orgs[0], to_organisation_id=orgs[3], actor=ACTOR
    )
    event = last_event(app, pid)
    assert isinstance(event, CoordinationTransferred)
    assert (event.from_organisation_id, event.to_organisation_id) == (orgs[0], orgs[3])
    assert_meta(event, recorded_at=recorded)
    assert app.get_partnership(pid).coordinators == (orgs[3], orgs[1])


def test_former_coordinator_can_leave_after_transfer(app: PactApplication) -> None:
    """Once coordination is handed over, the former coordinator may leave."""
    pid, orgs = active_lsp(app)
    app.appoint_coordinator(pid, organisation_id=orgs[1], actor=ACTOR)
    app.transfer_coordination(
        pid, from_organisation_id=orgs[1], to_organisation_id=orgs[2], actor=ACTOR
    )
    app.leave_partnership(pid, organisation_id=orgs[1], actor=ACTOR)
    p = app.get_partnership(pid)
    assert orgs[1] not in p.members
    assert p.coordinators == (orgs[2],)


# ---------------------------------------------------------------- refusals


def test_fourth_coordinator_is_refused(app: PactApplication) -> None:
    """A partnership has at most three coordinators (§2.4)."""
    pid, orgs = active_lsp(app, members=4)
    for org in orgs[:3]:
        app.appoint_coordinator(pid, organisation_id=org, actor=ACTOR)
    with refused(app, DomainRuleError, "coordinators", pid) as info:
        app.appoint_coordinator(pid, organisation_id=orgs[3], actor=ACTOR)
    assert "transfer coordination" in info.value.rule
    assert len(app.get_partnership(pid).coordinators) == 3


def test_non_member_coordinator_is_refused(app: PactApplication) -> None:
    """Only a member is appointed coordinator."""
    pid, _ = active_lsp(app)
    outsider = register_org(app, "Outsider")
    with refused(app, DomainRuleError, "organisation_id", pid):
        app.appoint_coordinator(pid, organisation_id=outsider, actor=ACTOR)


def test_appointing_a_coordinator_twice_is_refused(app: PactApplication) -> None:
    """A coordinator is appointed once."""
    pid, orgs = active_lsp(app)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    with refused(app, DomainRuleError, "organisation_id", pid):
        app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)


@pytest.mark.parametrize("outcome", [None, "declined"])
def test_appointing_before_acceptance_is_refused(
    app: PactApplication, outcome: str | None
) -> None:
    """A proposed or declined partnership has no coordinators."""
    pid = submit_lsp(app)
    if outcome:
        app.assess_expression_of_interest(
            pid, outcome=outcome, reasons="r", actor=ACTOR
        )
    org = register_org(app)
    with refused(app, InvalidStateError, "status", pid):
        app.appoint_coordinator(pid, organisation_id=org, actor=ACTOR)


def test_transfer_from_a_non_coordinator_is_refused(app: PactApplication) -> None:
    """Only a coordinator hands over coordination."""
    pid, orgs = active_lsp(app)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    with refused(app, DomainRuleError, "from_organisation_id", pid):
        app.transfer_coordination(
            pid, from_organisation_id=orgs[1], to_organisation_id=orgs[2], actor=ACTOR
        )


def test_transfer_to_a_non_member_is_refused(app: PactApplication) -> None:
    """Coordination passes to a member only."""
    pid, orgs = active_lsp(app)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    outsider = register_org(app, "Outsider")
    with refused(app, DomainRuleError, "to_organisation_id", pid):
        app.transfer_coordination(
            pid, from_organisation_id=orgs[0], to_organisation_id=outsider, actor=ACTOR
        )


def test_transfer_to_a_coordinator_is_refused(app: PactApplication) -> None:
    """Coordination passes to a member that does not coordinate already."""
    pid, orgs = active_lsp(app)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    app.appoint_coordinator(pid, organisation_id=orgs[1], actor=ACTOR)
    with refused(app, DomainRuleError, "to_organisation_id", pid):
        app.transfer_coordination(
            pid, from_organisation_id=orgs[0], to_organisation_id=orgs[1], actor=ACTOR
        )


def test_transfer_in_a_proposed_partnership_is_refused(app: PactApplication) -> None:
    """A proposed partnership has no coordination to transfer."""
    pid = submit_lsp(app)
    a, b = register_org(app, "A"), register_org(app, "B")
    with refused(app, InvalidStateError, "status", pid):
        app.transfer_coordination(
            pid, from_organisation_id=a, to_organisation_id=b, actor=ACTOR
        )
