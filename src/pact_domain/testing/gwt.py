"""Given / when / then: specification-style tests against the event history.

A :class:`Scenario` applies some facts to an application (commands, or
events taken from another store), runs one command, and checks what it
recorded::

    scenario = Scenario(app)
    scenario.given(register, submit, accept).when(join)
    scenario.then(event(MemberJoined, organisation_id=oid, tier="core"))

or that it was refused — with the error class and field — and stored
nothing (the notification log's last id and every aggregate's version are
unchanged)::

    scenario.given(register, submit, decline).when(join)
    scenario.then_error(InvalidStateError, field="status")

:func:`given_when_then` does the same in one call, and :func:`assert_refused`
checks an :class:`~pact_domain.testing.strategies.InvalidCase`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, TypeAlias

import attrs

from pact_domain.application import PactApplication
from pact_domain.commands import Command
from pact_domain.errors import PactError
from pact_domain.events import PactEvent
from pact_domain.testing._commands import (
    CommandLike,
    StoreWatermark,
    describe,
    run,
    store_watermark,
)
from pact_domain.testing.strategies import InvalidCase

__all__ = [
    "ANY",
    "ExpectedEvent",
    "Fact",
    "Scenario",
    "assert_refused",
    "event",
    "given_when_then",
    "new_events",
]


class _Any:
    """Matches any value (and any field, for :meth:`Scenario.then_error`)."""

    _instance: _Any | None = None

    def __new__(cls) -> _Any:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "ANY"


ANY: Final[Any] = _Any()
"""A wildcard: as an expected field value it matches anything."""

Fact: TypeAlias = CommandLike | PactEvent
"""What :meth:`Scenario.given` accepts: a command of :mod:`pact_domain.commands`
(or any callable taking the application), or a stored event (e.g. from another
application's history)."""


@attrs.frozen
class ExpectedEvent:
    """An event type and the values some of its fields must have.

    Build one with :func:`event`.
    """

    type: type[PactEvent]
    fields: Mapping[str, Any] = attrs.field(factory=dict)

    def mismatches(self, actual: PactEvent) -> list[str]:
        """What differs between the expectation and ``actual`` (empty if it
        matches)."""
        if not isinstance(actual, self.type):
            return [f"expected {self.type.__name__}, got {type(actual).__name__}"]
        problems = []
        for name, wanted in self.fields.items():
            if not hasattr(actual, name):
                problems.append(f"{self.type.__name__} has no field {name!r}")
                continue
            got = getattr(actual, name)
            if wanted != got:
                problems.append(
                    f"{self.type.__name__}.{name}: expected {wanted!r}, got {got!r}"
                )
        return problems


def event(type_: type[PactEvent], /, **fields: Any) -> ExpectedEvent:
    """Expect an event of ``type_`` whose listed fields equal these values.

    Values are compared with ``==``; vocabulary members equal their codes
    (``tier="core"``), and :data:`ANY` matches anything.
    """
    return ExpectedEvent(type_, fields)


Expectation: TypeAlias = type[PactEvent] | ExpectedEvent


def new_events(app: PactApplication, after: int) -> list[PactEvent]:
    """Every event recorded in ``app`` after notification id ``after``."""
    events: list[PactEvent] = []
    start = after + 1
    while True:
        page = app.recorder.select_notifications(start, 500)
        if not page:
            return events
        events += [app.mapper.to_domain_event(n) for n in page]  # type: ignore[misc]
        start = page[-1].id + 1


class Scenario:
    """Given these facts, when this command, then these events — or this
    error, and nothing stored.

    Args:
        app: the application to run on (e.g. the ``pact_app`` fixture).

    Attributes:
        app: the application.
        results: what each ``given`` command returned, in order.
        result: what the ``when`` command returned (if it was accepted).
        error: the :class:`~pact_domain.errors.PactError` it raised, if any.
    """

    def __init__(self, app: PactApplication) -> None:
        self.app = app
        self.results: list[Any] = []
        self.result: Any = None
        self.error: PactError | None = None
        self._ran = False
        self._before: StoreWatermark | None = None

    def given(self, *facts: Fact | Iterable[Fact]) -> Scenario:
        """Apply facts in order: commands are run (and must be accepted);
        events are stored as they are.  Iterables of facts are flattened, so
        a whole history can be given."""
        pending: list[PactEvent] = []
        for fact in _flatten(facts):
            if isinstance(fact, PactEvent):
                pending.append(fact)
                continue
            self._store(pending)
            try:
                self.results.append(run(self.app, fact))
            except PactError as error:
                error.add_note(f"while applying a given command: {describe(fact)}")
                raise
        self._store(pending)
        return self

    def _store(self, pending: list[PactEvent]) -> None:
        if pending:
            self.app.events.put(pending)
            pending.clear()

    def when(self, command: CommandLike) -> Scenario:
        """Run the command under test; a refusal is kept for
        :meth:`then_error`."""
        self._before = store_watermark(self.app)
        self._ran = True
        try:
            self.result = run(self.app, command)
        except PactError as error:
            self.error = error
        return self

    def _require_when(self) -> StoreWatermark:
        if not self._ran or self._before is None:
            raise AssertionError("call .when(command) before .then(...)")
        return self._before

    def new_events(self) -> list[PactEvent]:
        """The events the ``when`` command recorded."""
        before = self._require_when()
        return new_events(self.app, before.max_notification_id)

    def then(self, *expected: Expectation) -> list[PactEvent]:
        """Assert the command was accepted and recorded exactly these events,
        in this order; return them.

        Each expectation is an event class, or :func:`event` with the values
        some fields must have.
        """
        self._require_when()
        if self.error is not None:
            raise AssertionError(
                f"expected events, but the command was refused: {self.error!r}"
            ) from self.error
        actual = self.new_events()
        wanted = [
            e if isinstance(e, ExpectedEvent) else ExpectedEvent(e) for e in expected
        ]
        problems: list[str] = []
        if len(actual) != len(wanted):
            problems.append(
                f"expected {len(wanted)} event(s), got {len(actual)}: "
                f"{[type(a).__name__ for a in actual]}"
            )
        for index, (want, got) in enumerate(zip(wanted, actual, strict=False)):
            problems += [f"event #{index}: {p}" for p in want.mismatches(got)]
        if problems:
            raise AssertionError("\n".join(problems))
        return actual

    def then_error(
        self,
        error: type[PactError],
        field: str | None = ANY,
        *,
        rule_contains: str | None = None,
        exact: bool = False,
    ) -> PactError:
        """Assert the command was refused with ``error`` (a subclass too,
        unless ``exact``) naming ``field``, and that nothing was stored.

        Returns the error for further checks.
        """
        before = self._require_when()
        if self.error is None:
            raise AssertionError(
                f"expected {error.__name__}, but the command was accepted and "
                f"recorded {[type(e).__name__ for e in self.new_events()]}"
            )
        raised = self.error
        if (type(raised) is not error) if exact else not isinstance(raised, error):
            raise AssertionError(
                f"expected {error.__name__}, got {type(raised).__name__}: {raised}"
            ) from raised
        if field != raised.field:
            raise AssertionError(
                f"expected an error about field {field!r}, got {raised.field!r}: "
                f"{raised}"
            ) from raised
        if rule_contains is not None and rule_contains not in raised.rule:
            raise AssertionError(
                f"expected the rule to mention {rule_contains!r}: {raised.rule!r}"
            ) from raised
        self.then_nothing_stored(before)
        return raised

    def then_nothing_stored(self, before: StoreWatermark | None = None) -> None:
        """Assert the store is as it was before ``when``."""
        before = before or self._require_when()
        after = store_watermark(self.app)
        if after != before:
            raise AssertionError(
                f"a refused command stored something: notification log "
                f"{before.max_notification_id} -> {after.max_notification_id}, "
                f"{len(new_events(self.app, before.max_notification_id))} new "
                "event(s)"
            )


def _flatten(facts: Iterable[Any]) -> Iterable[Fact]:
    for fact in facts:
        if isinstance(fact, PactEvent | Command) or callable(fact):
            yield fact
        elif isinstance(fact, Iterable) and not isinstance(fact, str | bytes):
            yield from _flatten(fact)
        else:
            raise TypeError(f"not a command or an event: {fact!r}")


def given_when_then(
    app: PactApplication,
    *,
    given: Sequence[Fact | Iterable[Fact]] = (),
    when: CommandLike,
    then: Sequence[Expectation] | None = None,
    error: type[PactError] | None = None,
    field: str | None = ANY,
    rule_contains: str | None = None,
) -> list[PactEvent] | PactError:
    """Run one scenario: ``then`` (the events expected) or ``error`` (and
    ``field``) — exactly one of them.

    Returns the new events, or the error.
    """
    if (then is None) == (error is None):
        raise TypeError("give exactly one of then= and error=")
    scenario = Scenario(app).given(*given).when(when)
    if error is not None:
        return scenario.then_error(error, field, rule_contains=rule_contains)
    assert then is not None
    return scenario.then(*then)


def assert_refused(app: PactApplication, case: InvalidCase) -> PactError:
    """Check an :class:`~pact_domain.testing.strategies.InvalidCase`: apply
    its ``given`` commands, then assert its ``when`` raises exactly
    ``case.error`` naming ``case.field``, and that nothing was stored."""
    scenario = Scenario(app).given(*case.given).when(case.when)
    return scenario.then_error(
        case.error, case.field, rule_contains=case.rule_contains, exact=True
    )
