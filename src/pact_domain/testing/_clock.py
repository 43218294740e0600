"""A deterministic recording clock for tests (private; see the package)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

__all__ = ["StepClock"]


class StepClock:
    """A clock that advances by a fixed step each time it is read.

    Give it to :class:`~pact_domain.application.PactApplication` so recording
    times are predictable and strictly increasing::

        app = PactApplication(store="memory:", clock=StepClock())

    Args:
        start: the first time returned (must be timezone-aware).
        step: how much each reading advances the clock.
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
        self._next = start
        self._step = step
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        """Return the current time and advance the clock by one step."""
        with self._lock:
            now = self._next
            self._next = now + self._step
            return now

    def peek(self) -> datetime:
        """The time the next reading will return, without advancing."""
        return self._next

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta`` (e.g. to simulate a month)."""
        if delta < timedelta(0):
            raise ValueError("a clock does not go backwards")
        with self._lock:
            self._next += delta

    def __repr__(self) -> str:
        return f"StepClock(next={self._next.isoformat()}, step={self._step})"
