"""Members of a partnership: joining, leaving and changing tier (Box 23)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from _helpers import (
    ACTOR,
    accepted_lsp,
    active_lsp,
    assert_meta,
    at,
    last_event,
    new_app,
    pledge,
    refused,
    register_org,
    submit_lsp,
)
from pact_domain.application import PactApplication
from pact_domain.errors import (
    DomainRuleError,
    InvalidStateError,
    InvalidValueError,
    NotFoundError,
)
from pact_domain.partnership import MemberJoined, MemberLeft, MemberTierChanged
from pact_domain.vocabularies import MembershipTier


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


# ------------------------------------------------------------------ events


def test_member_joined_in_the_core_tier_by_default(app: PactApplication) -> None:
    """Joining an accepted partnership records the organisation and its tier."""
    pid = accepted_lsp(app)
    org = register_org(app)
    recorded = app.clock.next
    app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    event = last_event(app, pid)
    assert isinstance(event, MemberJoined)
    assert (event.organisation_id, event.tier) == (org, MembershipTier.CORE)
    assert_meta(event, recorded_at=recorded)
    membership = app.get_partnership(pid).members[org]
    assert membership.tier is MembershipTier.CORE
    assert membership.joined_at == recorded


def test_member_joined_an_active_partnership_in_a_tier(app: PactApplication) -> None:
    """An active partnership takes members in any tier, effective when given."""
    pid, orgs = active_lsp(app)
    org = register_org(app, "Newcomer")
    app.join_partnership(
        pid,
        organisation_id=org,
        tier="affiliated",
        actor=ACTOR,
        effective_at=date(2025, 4, 1),
    )
    event = last_event(app, pid)
    assert event.tier is MembershipTier.AFFILIATED
    assert event.effective_at == at(date(2025, 4, 1))
    p = app.get_partnership(pid)
    assert set(p.members) == {*orgs, org}
    assert p.members[org].joined_at == at(date(2025, 4, 1))


def test_member_left(app: PactApplication) -> None:
    """Leaving records the reason and removes the membership."""
    pid, orgs = active_lsp(app)
    recorded = app.clock.next
    app.leave_partnership(pid, organisation_id=orgs[2], reason="Merged.", actor=ACTOR)
    event = last_event(app, pid)
    assert isinstance(event, MemberLeft)
    assert (event.organisation_id, event.reason) == (orgs[2], "Merged.")
    assert_meta(event, recorded_at=recorded)
    assert orgs[2] not in app.get_partnership(pid).members


def test_former_member_can_join_again(app: PactApplication) -> None:
    """An organisation that left may join again later."""
    pid, orgs = active_lsp(app)
    app.leave_partnership(pid, organisation_id=orgs[2], actor=ACTOR)
    app.join_partnership(pid, organisation_id=orgs[2], tier="associated", actor=ACTOR)
    assert app.get_partnership(pid).members[orgs[2]].tier is MembershipTier.ASSOCIATED


def test_member_tier_changed(app: PactApplication) -> None:
    """A member moves to another tier; its joining date is kept."""
    pid, orgs = active_lsp(app)
    joined = app.get_partnership(pid).members[orgs[1]].joined_at
    recorded = app.clock.next
    app.change_member_tier(
        pid, organisation_id=orgs[1], tier=MembershipTier.ASSOCIATED, actor=ACTOR
    )
    event = last_event(app, pid)
    assert isinstance(event, MemberTierChanged)
    assert (event.organisation_id, event.tier) == (orgs[1], MembershipTier.ASSOCIATED)
    assert_meta(event, recorded_at=recorded)
    membership = app.get_partnership(pid).members[orgs[1]]
    assert membership.tier is MembershipTier.ASSOCIATED
    assert membership.joined_at == joined


def test_member_without_live_commitments_leaves(app: PactApplication) -> None:
    """A member whose own commitments are all withdrawn may leave."""
    pid, orgs = active_lsp(app)
    cid, _ = pledge(app, pid, member_id=orgs[1])
    app.withdraw_commitment(pid, commitment_id=cid, reason="Leaving.", actor=ACTOR)
    app.leave_partnership(pid, organisation_id=orgs[1], actor=ACTOR)
    assert orgs[1] not in app.get_partnership(pid).members


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("outcome", [None, "declined", "more_information_needed"])
def test_joining_a_partnership_that_is_not_accepted_is_refused(
    app: PactApplication, outcome: str | None
) -> None:
    """Members join an accepted or active partnership, never a proposed or
    declined one."""
    pid = submit_lsp(app)
    if outcome:
        app.assess_expression_of_interest(
            pid, outcome=outcome, reasons="r", actor=ACTOR
        )
    org = register_org(app)
    with refused(app, InvalidStateError, "status", pid) as info:
        app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    assert info.value.state == (outcome or "proposed")


def test_joining_a_declined_partnership_is_refused(app: PactApplication) -> None:
    """The design's example: a member joining a declined partnership is refused."""
    pid = submit_lsp(app)
    app.assess_expression_of_interest(
        pid, outcome="declined", reasons="No sector focus.", actor=ACTOR
    )
    org = register_org(app)
    with refused(app, InvalidStateError, "status", pid) as info:
        app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    assert "declined" in info.value.rule
    assert app.get_partnership(pid).members == {}


def test_joining_twice_is_refused(app: PactApplication) -> None:
    """An organisation is a member once."""
    pid, orgs = active_lsp(app)
    with refused(app, DomainRuleError, "organisation_id", pid):
        app.join_partnership(
            pid, organisation_id=orgs[0], tier="affiliated", actor=ACTOR
        )


def test_joining_with_an_unknown_tier_is_refused(app: PactApplication) -> None:
    """The tier is core, associated or affiliated."""
    pid = accepted_lsp(app)
    org = register_org(app)
    with refused(app, InvalidValueError, "tier", pid):
        app.join_partnership(pid, organisation_id=org, tier="platinum", actor=ACTOR)


def test_unregistered_organisation_cannot_join(app: PactApplication) -> None:
    """Only a registered organisation joins."""
    pid = accepted_lsp(app)
    with refused(app, NotFoundError, "organisation_id", pid) as info:
        app.join_partnership(pid, organisation_id=uuid4(), actor=ACTOR)
    assert info.value.entity == "Organisation"


def test_a_partnership_cannot_join_a_partnership(app: PactApplication) -> None:
    """The organisation id must name an organisation, not a partnership."""
    pid = accepted_lsp(app)
    other = submit_lsp(app)
    with refused(app, NotFoundError, "organisation_id", pid):
        app.join_partnership(pid, organisation_id=other, actor=ACTOR)


def test_joining_an_unknown_partnership_is_refused(app: PactApplication) -> None:
    """A partnership that does not exist has no members."""
    org = register_org(app)
    with refused(app, NotFoundError, "partnership_id", org):
        app.join_partnership(uuid4(), organisation_id=org, actor=ACTOR)


def test_non_member_cannot_leave(app: PactApplication) -> None:
    """Only a member leaves."""
    pid, _ = active_lsp(app)
    outsider = register_org(app, "Outsider")
    with refused(app, DomainRuleError, "organisation_id", pid):
        app.leave_partnership(pid, organisation_id=outsider, actor=ACTOR)


def test_coordinator_cannot_leave(app: PactApplication) -> None:
    """A coordinator transfers coordination before leaving (§2.4)."""
    pid, orgs = active_lsp(app)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    with refused(app, DomainRuleError, "organisation_id", pid) as info:
        app.leave_partnership(pid, organisation_id=orgs[0], actor=ACTOR)
    assert "transfer coordination" in info.value.rule


def test_member_with_live_commitments_cannot_leave(app: PactApplication) -> None:
    """A member withdraws its own live commitments before leaving (Box 11)."""
    pid, orgs = active_lsp(app)
    cid, _ = pledge(app, pid, member_id=orgs[1])
    with refused(app, DomainRuleError, "organisation_id", pid) as info:
        app.leave_partnership(pid, organisation_id=orgs[1], actor=ACTOR)
    assert str(cid) in info.value.rule


def test_leaving_with_an_over_long_reason_is_refused(app: PactApplication) -> None:
    """A reason is free text of at most 1,000 characters."""
    pid, orgs = active_lsp(app)
    with refused(app, InvalidValueError, "reason", pid):
        app.leave_partnership(
            pid, organisation_id=orgs[2], reason="r" * 1001, actor=ACTOR
        )


def test_leaving_a_proposed_partnership_is_refused(app: PactApplication) -> None:
    """A proposed partnership has no members to leave."""
    pid = submit_lsp(app)
    org = register_org(app)
    with refused(app, InvalidStateError, "status", pid):
        app.leave_partnership(pid, organisation_id=org, actor=ACTOR)


def test_changing_to_the_same_tier_is_refused(app: PactApplication) -> None:
    """A tier change changes the tier."""
    pid, orgs = active_lsp(app)
    with refused(app, DomainRuleError, "tier", pid):
        app.change_member_tier(pid, organisation_id=orgs[1], tier="core", actor=ACTOR)


def test_changing_a_non_members_tier_is_refused(app: PactApplication) -> None:
    """Only a member has a tier."""
    pid, _ = active_lsp(app)
    outsider = register_org(app, "Outsider")
    with refused(app, DomainRuleError, "organisation_id", pid):
        app.change_member_tier(
            pid, organisation_id=outsider, tier="associated", actor=ACTOR
        )


def test_changing_to_an_unknown_tier_is_refused(app: PactApplication) -> None:
    """The new tier is one of the vocabulary."""
    pid, orgs = active_lsp(app)
    with refused(app, InvalidValueError, "tier", pid):
        app.change_member_tier(pid, organisation_id=orgs[1], tier="gold", actor=ACTOR)


def test_changing_tier_in_a_proposed_partnership_is_refused(
    app: PactApplication,
) -> None:
    """A proposed partnership has no members."""
    pid = submit_lsp(app)
    org = register_org(app)
    with refused(app, InvalidStateError, "status", pid):
        app.change_member_tier(pid, organisation_id=org, tier="associated", actor=ACTOR)
