"""A deterministic recording clock for tests, and applications on it
(private; see the package)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pact_domain.application import PactApplication

__all__ = ["StepClock", "new_application"]


class StepClock:
    """A clock that advances by a fixed step each time it is read.

    Give it to :class:`~pact_domain.application.PactApplication` so recording
    times are predictable and strictly increasing::

        app = PactApplication(store="memory:", clock=StepClock())

    Args:
        start: the first time returned (must be timezone-aware).
        step: how much each reading advances the clock.

    :attr:`readings` lists the times it returned; :attr:`next` is the time
    the next reading returns, and may be set to jump to a given moment.
    """

    def __init__(
        self,
        start: datetime = datetime(2024, 1, 1, tzinfo=UTC),
        step: timedelta = timedelta(seconds=1),
    ) -> None:
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("StepClock needs a timezone-aware start")
        if step <= timedelta(0):
            raise ValueError("StepClock needs a positive step")
        self._step = step
        # (base, counter): reading i of this state is base + i * step.
        # ``next()`` on the counter is atomic under the interpreter's lock, so
        # threads sharing the clock get distinct, increasing readings without
        # a lock; setting or advancing the clock swaps the whole tuple.
        self._state = (start, itertools.count())
        self._taken = 0
        self._readings: list[datetime] = []

    def __call__(self) -> datetime:
        """Return the current time and advance the clock by one step."""
        base, counter = self._state
        index = next(counter)
        self._taken = index + 1
        now = base + index * self._step
        self._readings.append(now)
        return now

    @property
    def readings(self) -> list[datetime]:
        """Every time the clock returned, in the order they were taken (a copy)."""
        return list(self._readings)

    @property
    def next(self) -> datetime:
        """The time the next reading will return (same as :meth:`peek`)."""
        return self.peek()

    @next.setter
    def next(self, when: datetime) -> None:
        """Make the next reading return ``when`` (timezone-aware), e.g. to
        record a fact on a given day.  Unlike :meth:`advance`, this may move
        the clock back: a test replaying facts out of order does so on
        purpose."""
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError("StepClock needs a timezone-aware time")
        self._taken = 0
        self._state = (when, itertools.count())

    def peek(self) -> datetime:
        """The time the next reading will return, without advancing (while
        no other thread reads the clock)."""
        return self._state[0] + self._taken * self._step

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta`` (e.g. to simulate a month)."""
        if delta < timedelta(0):
            raise ValueError("a clock does not go backwards")
        base, counter = self._state
        self._state = (base + delta, counter)

    def __repr__(self) -> str:
        return f"StepClock(next={self.peek().isoformat()}, step={self._step})"


def new_application(
    store: str | Path = "memory:",
    *,
    clock: StepClock | None = None,
    env: Mapping[str, str] | None = None,
) -> PactApplication:
    """A :class:`~pact_domain.application.PactApplication` for tests: on
    ``store`` (in memory by default) with a deterministic clock (a fresh
    :class:`StepClock` unless ``clock`` is given).

    ``store`` is ``"memory:"`` or the path of an SQLite file, which is
    opened with ``eventsourcing``'s own SQLite module (the core does no I/O
    of its own; the library's tuned SQLite store, with its views and delivery
    state in the file, is ``pact_adapters.open_application(path)``).

    This is how the ``pact_app`` and ``pact_sqlite_app`` fixtures build
    theirs; close it with ``app.close()`` when it is on a file.
    """
    settings = dict(env or {})
    name = str(store).strip()
    if name not in ("memory:", ":memory:"):
        settings = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": name,
            "SQLITE_LOCK_TIMEOUT": "10",
            **settings,
        }
        return PactApplication(settings, clock=StepClock() if clock is None else clock)
    return PactApplication(
        settings, store=store, clock=StepClock() if clock is None else clock
    )
