"""The toolkit's stateful lifecycle test, run as it ships, and the checks that
make it trustworthy: a subclass's rules and invariants run with the base
ones, a wrong prediction fails, and a refusal that stored something fails."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from pact_domain.application import PactApplication
from pact_domain.commands import RegisterOrganisation
from pact_domain.errors import InvalidValueError
from pact_domain.testing import PartnershipLifecycle
from pact_domain.testing import strategies as ps

LIFECYCLE_SETTINGS = settings(
    max_examples=60,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TestPartnershipLifecycle = PartnershipLifecycle.TestCase
TestPartnershipLifecycle.settings = LIFECYCLE_SETTINGS

# The machines below that must fail do the wrong thing in an ``@initialize``
# step: Hypothesis runs every initialize step once at the start of every run,
# whereas a ``@rule`` is drawn at random among the base class's two dozen
# rules (and swarm testing disables a random share of them in each example),
# so a rule can go unpicked in every example of a run.
FIND_FAILURE = settings(
    LIFECYCLE_SETTINGS,
    max_examples=20,
    stateful_step_count=10,
    phases=[Phase.generate],  # a failure is expected: do not shrink it
    database=None,
)


class _Counting(PartnershipLifecycle):
    """A subclass with one more rule and one more invariant."""

    runs: list[int] = []  # class-level: how often the extra invariant ran

    @precondition(lambda self: self.model.organisations)
    @rule(data=st.data())
    def update_an_organisation(self, data: st.DataObject) -> None:
        """Organisations may update their details at any time."""
        oid = self.pick_organisation(data)
        command = data.draw(ps.update_organisation_commands(oid))
        self.execute(command, expect_accepted=True)

    @invariant()
    def organisations_are_all_registered(self) -> None:
        """The application lists exactly the organisations the model knows."""
        type(self).runs.append(1)
        assert self.app.organisation_ids() == self.model.organisations


def test_subclasses_add_rules_and_invariants() -> None:
    """A subclass's rule and invariant run alongside the base class's."""
    _Counting.runs.clear()
    run_state_machine_as_test(
        _Counting,
        settings=settings(LIFECYCLE_SETTINGS, max_examples=5, stateful_step_count=15),
    )
    assert _Counting.runs


class _WrongModel(PartnershipLifecycle):
    """Predicts that registering an organisation is refused, at the start of
    every run."""

    @initialize(data=st.data())
    def register_expecting_refusal(self, data: st.DataObject) -> None:
        """A valid command that the (wrong) model thinks is refused."""
        command = data.draw(ps.register_organisation_commands())
        self.execute(command, expect_accepted=False)


def test_a_wrong_prediction_fails_the_run() -> None:
    """When the application accepts what the model says it refuses, the run
    fails."""
    with pytest.raises(AssertionError, match=r"expected .* to be refused"):
        run_state_machine_as_test(
            _WrongModel,
            settings=FIND_FAILURE,
        )


class _Leaky(PartnershipLifecycle):
    """Runs a command that stores an event and then raises, at the start of
    every run."""

    @initialize()
    def leak(self) -> None:
        """Store something, then claim the command was refused."""

        def leaky(app: PactApplication) -> Any:
            app.handle(
                RegisterOrganisation(
                    id=uuid4(),
                    name="Leak",
                    stakeholder_type="other",
                    size="micro",
                    country="MT",
                    actor="test",
                )
            )
            raise InvalidValueError("Organisation", "name", "refused too late")

        self.execute(leaky, watch=self.model.organisations)


def test_a_refusal_that_stored_something_fails_the_run() -> None:
    """``execute`` notices a refused command that changed the store."""
    with pytest.raises(AssertionError, match="changed the store"):
        run_state_machine_as_test(
            _Leaky,
            settings=FIND_FAILURE,
        )
