"""The portal under random partnership lifecycles.

pact-domain's ``PartnershipLifecycle`` drives random commands — valid and
refused ones — and checks its invariants after every step.  This subclass
adds the portal: one more rule (an organisation signs up through it) and one
more invariant (its directory lists exactly the partnership's members).
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule
from pact_portal import MembershipPortal

from pact_domain.testing import PartnershipLifecycle
from pact_domain.testing import strategies as ps
from pact_domain.vocabularies import MembershipTier


class PortalLifecycle(PartnershipLifecycle):
    """Partnership lifecycles with sign-ups through the portal."""

    def __init__(self) -> None:
        super().__init__()
        self.portal = MembershipPortal(self.app)

    @precondition(lambda self: any(p.is_open for p in self.model.partnerships.values()))
    @rule(data=st.data())
    def sign_up_through_the_portal(self, data: st.DataObject) -> None:
        """An organisation signs up to an open partnership through the portal."""
        p = data.draw(
            st.sampled_from([p for p in self.model.partnerships.values() if p.is_open])
        )
        details = data.draw(ps.register_organisation_commands())
        tier = data.draw(ps.vocabulary(MembershipTier))
        outcome = self.execute(
            lambda app: self.portal.onboard(
                p.id,
                name=details.name,
                stakeholder_type=details.stakeholder_type,
                size=details.size,
                country=details.country,
                tier=tier,
            ),
            expect_accepted=True,
            watch=[p.id],
        )
        # A plain callable is not recorded in the model: tell it what changed.
        self.model.organisations.append(outcome.result)
        p.members[outcome.result] = tier

    @invariant()
    def directory_lists_exactly_the_members(self) -> None:
        """Each partnership's directory shows its current members, by name."""
        for pid, partnership in self.partnerships().items():
            entries = self.portal.directory(pid)
            assert {e.organisation_id for e in entries} == set(partnership.members)
            assert [e.name for e in entries] == sorted(e.name for e in entries)


TestPortalLifecycle = PortalLifecycle.TestCase
TestPortalLifecycle.settings = settings(
    max_examples=30,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
