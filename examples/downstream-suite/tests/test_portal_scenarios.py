"""The portal's behaviour as given/when/then scenarios, and against
generated histories.

The fixtures ``pact_scenario`` and ``given_when_then`` come from
pact-domain's pytest plugin, active as soon as pact-domain is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

from hypothesis import HealthCheck, given, settings
from pact_portal import MembershipPortal

from pact_domain.application import PactApplication
from pact_domain.commands import AssessExpressionOfInterest, SubmitExpressionOfInterest
from pact_domain.errors import InvalidStateError
from pact_domain.organisation import OrganisationRegistered
from pact_domain.partnership import MemberJoined
from pact_domain.testing import (
    History,
    Scenario,
    StepClock,
    apply_history,
    event,
    valid_histories,
)
from pact_domain.values import ContactPerson

SUPPORT = "support@pact.example"


def submitted(pid: UUID) -> SubmitExpressionOfInterest:
    """An expression of interest for a Large Scale Partnership."""
    return SubmitExpressionOfInterest(
        id=pid,
        name="Skills Partnership for Tourism",
        kind="large_scale",
        contact=ContactPerson("Ana Silva", "ana@example.eu"),
        description="Up- and reskilling across the tourism ecosystem.",
        ecosystems=("tourism",),
        actor=SUPPORT,
    )


def assessed(pid: UUID, outcome: str) -> AssessExpressionOfInterest:
    """The Support Services' assessment."""
    reasons = "" if outcome == "accepted" else "Outside the Pact's scope."
    return AssessExpressionOfInterest(
        pid,
        outcome=outcome,
        reasons=reasons,
        actor=SUPPORT,
    )


def signing_up(pid: UUID) -> Callable[[PactApplication], UUID]:
    """A hotel school signs up through the portal."""
    return lambda app: MembershipPortal(app).onboard(
        pid,
        name="Scuola Alberghiera di Bari",
        stakeholder_type="vet_provider",
        size="small",
        country="IT",
    )


def test_signing_up_registers_and_joins(pact_scenario: Scenario) -> None:
    """A sign-up records the registration, then the joining as affiliated."""
    pid = uuid4()
    pact_scenario.given(submitted(pid), assessed(pid, "accepted"))
    pact_scenario.when(signing_up(pid))
    registered, joined = pact_scenario.then(
        event(OrganisationRegistered, name="Scuola Alberghiera di Bari", country="IT"),
        event(MemberJoined, tier="affiliated", actor="portal"),
    )
    assert isinstance(joined, MemberJoined)
    assert joined.organisation_id == registered.originator_id == pact_scenario.result


def test_signing_up_to_a_declined_partnership_stores_nothing(
    given_when_then: Callable[..., Any],
) -> None:
    """A declined partnership takes no members, and the portal registers no
    organisation for nothing."""
    pid = uuid4()
    given_when_then(
        given=[submitted(pid), assessed(pid, "declined")],
        when=signing_up(pid),
        error=InvalidStateError,
        field="status",
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_histories(max_organisations=6, max_partnerships=2, max_steps=15))
def test_directory_of_any_history_lists_its_members(history: History) -> None:
    """Whatever happened before, the directory shows exactly the members."""
    app = PactApplication(store="memory:", clock=StepClock())
    apply_history(app, history)
    portal = MembershipPortal(app)
    for pid in history.partnership_ids:
        members = app.get_partnership(pid).members
        assert {e.organisation_id for e in portal.directory(pid)} == set(members)
