"""A stateful test of governance, work plan, activities, regional links and
monitoring exercises (§2.4, §3.5, §4, §4.6, §6.2), with the toolkit's
:class:`~pact_domain.testing.PartnershipActivities` machine.

Random sequences of valid and deliberately invalid commands — the lifecycle
commands of :class:`~pact_domain.testing.PartnershipLifecycle` and the
issue-3 commands — run against an in-memory application and a small model of
what it should hold.  After each command: the application accepted it
exactly when the model said so, a refused command stored nothing, and the
invariants hold — the steering group and every lead are members, an open
sub-group has an open parent, at most one monitoring exercise is open, each
member answers a survey once, regional links are symmetric, and overdue
deliverables are those the model derives.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from pact_domain.testing import PartnershipActivities


class ActivitiesMachine(PartnershipActivities):
    """The toolkit's machine, with refusals of every kind counted."""


ActivitiesMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestActivities = ActivitiesMachine.TestCase
