"""The two time axes of an as-of view, and turning dates into instants."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time
from typing import Any

from pact_domain.errors import InvalidValueError

__all__ = ["TimeAxis", "end_of", "event_time", "instant"]


class TimeAxis(enum.StrEnum):
    """Which time of an event an as-of view filters on.

    * ``effective`` — when the fact took effect (``effective_at``): "what was
      true on 31 December, as far as we know now";
    * ``recorded`` — when it was recorded (``timestamp``): "what did we know
      on 31 December".
    """

    EFFECTIVE = "effective"
    RECORDED = "recorded"


def end_of(day: date) -> datetime:
    """The last instant of ``day`` in UTC."""
    return datetime.combine(day, time.max, tzinfo=UTC)


def instant(value: datetime | date | str) -> datetime:
    """An aware instant from a datetime, a date (its last instant, UTC) or an
    ISO 8601 string of either.

    Raises:
        InvalidValueError: a naive datetime or an unreadable string.
    """
    if isinstance(value, str):
        try:
            value = (
                date.fromisoformat(value)
                if len(value) == 10
                else datetime.fromisoformat(value)
            )
        except ValueError:
            raise InvalidValueError(
                "As of", "when", "must be an ISO 8601 date or datetime", value
            ) from None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidValueError(
                "As of", "when", "must be an aware datetime (with a UTC offset)", value
            )
        return value
    if isinstance(value, date):
        return end_of(value)
    raise InvalidValueError("As of", "when", "must be a date or datetime", value)


def event_time(event: Any, axis: TimeAxis) -> datetime:
    """The event's time on ``axis``."""
    if axis is TimeAxis.RECORDED:
        return event.timestamp  # type: ignore[no-any-return]
    return getattr(event, "effective_at", event.timestamp)  # type: ignore[no-any-return]
