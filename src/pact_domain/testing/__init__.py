"""A toolkit for testing systems built on pact-domain.

Downstream test suites get, without touching library internals:

* :mod:`pact_domain.testing.strategies` — Hypothesis strategies for every
  value object, vocabulary, country and NUTS region, every command's
  arguments, whole valid partnership histories
  (:func:`~pact_domain.testing.strategies.valid_histories`), and deliberately
  invalid inputs for each rule (``invalid_...``, yielding
  :class:`~pact_domain.testing.strategies.InvalidCase`);
* :class:`History` and :func:`apply_history` — histories of real commands
  (:mod:`pact_domain.commands`), replayable on any
  :class:`~pact_domain.application.PactApplication` with
  :meth:`~pact_domain.application.PactApplication.handle`, and
  :func:`describe`, a command as a short ``app.handle(...)`` call;
* :class:`PartnershipLifecycle` — a Hypothesis state machine driving random
  lifecycles and checking invariants, made to be subclassed, and
  :class:`PartnershipActivities`, its subclass adding governance, work plan,
  activities, monitoring exercises and regional links;
* :class:`Scenario`, :func:`given_when_then`, :func:`event` and
  :func:`assert_refused` — given/when/then checks of the event history;
* :class:`StepClock` — a deterministic recording clock, and
  :func:`new_application` — an application on it (in memory by default);
* a pytest plugin (:mod:`pact_domain.testing.pytest_plugin`) with the
  fixtures ``pact_app``, ``pact_sqlite_app``, ``pact_sqlite_path``,
  ``pact_clock``, ``pact_scenario`` and ``given_when_then``, and the
  Hypothesis profiles ``pact-fast`` and ``pact-ci``.

Everything here needs ``hypothesis``; only the pytest plugin needs
``pytest``.  See ``docs/testing.md``.
"""

from pact_domain.testing import strategies
from pact_domain.testing._clock import StepClock, new_application
from pact_domain.testing._commands import (
    CommandLike,
    History,
    StoreWatermark,
    apply_history,
    describe,
    store_watermark,
)
from pact_domain.testing._model import (
    CommitmentModel,
    KpiModel,
    LifecycleModel,
    PartnershipModel,
    ReportModel,
)
from pact_domain.testing._profiles import (
    PROFILE_CI,
    PROFILE_FAST,
    choose_profile,
    register_profiles,
)
from pact_domain.testing.gwt import (
    ANY,
    ExpectedEvent,
    Fact,
    Scenario,
    assert_refused,
    event,
    given_when_then,
    new_events,
)
from pact_domain.testing.stateful import (
    LEGAL_TRANSITIONS,
    Outcome,
    PartnershipActivities,
    PartnershipLifecycle,
)
from pact_domain.testing.strategies import InvalidCase, invalid_cases, valid_histories

__all__ = [
    "ANY",
    "LEGAL_TRANSITIONS",
    "PROFILE_CI",
    "PROFILE_FAST",
    "CommandLike",
    "CommitmentModel",
    "ExpectedEvent",
    "Fact",
    "History",
    "InvalidCase",
    "KpiModel",
    "LifecycleModel",
    "Outcome",
    "PartnershipActivities",
    "PartnershipLifecycle",
    "PartnershipModel",
    "ReportModel",
    "Scenario",
    "StepClock",
    "StoreWatermark",
    "apply_history",
    "assert_refused",
    "choose_profile",
    "describe",
    "event",
    "given_when_then",
    "invalid_cases",
    "new_application",
    "new_events",
    "register_profiles",
    "store_watermark",
    "strategies",
    "valid_histories",
]
