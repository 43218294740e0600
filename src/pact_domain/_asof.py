"""Aggregates as they stood at a past instant (private: the public API is
``app.version_at`` and ``get_partnership``/``get_organisation(..., as_of=...)``).

``version_at`` finds the last version of an aggregate recorded at or before an
instant with a binary search over its versions (each probe reads one event by
the primary key, so a 10^5-event history takes 17 probes), and
``aggregate_as_of`` reconstructs that version from the nearest earlier
snapshot.  Recording times of one aggregate's events never decrease when they
are recorded by commands (each command reads the clock after the previous
one was saved); imports that set ``recorded_at`` by hand must keep that order.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import Application

from pact_domain.errors import InvalidValueError, NotFoundError

__all__ = ["aggregate_as_of", "partnership_as_of", "version_at"]

A = TypeVar("A")


def _instant(
    when: datetime | date, entity: str = "As of", field: str = "when"
) -> datetime:
    if isinstance(when, datetime):
        if when.tzinfo is None or when.utcoffset() is None:
            raise InvalidValueError(entity, field, "must be timezone-aware", when)
        return when
    if isinstance(when, date):
        return datetime.combine(when, time.max, tzinfo=UTC)
    raise InvalidValueError(entity, field, "must be a datetime or a date", when)


def _recorded(app: Application[UUID], aggregate_id: UUID, version: int) -> datetime:
    stored = app.recorder.select_events(aggregate_id, gt=version - 1, lte=version)
    event = app.mapper.to_domain_event(stored[0])
    moment: datetime = event.timestamp  # type: ignore[attr-defined]
    return moment


def version_at(
    app: Application[UUID],
    aggregate_id: UUID,
    when: datetime | date,
    *,
    entity: str = "As of",
    field: str = "when",
) -> int | None:
    """The aggregate's last version recorded at or before ``when`` (a date
    means the end of that day, UTC), or ``None`` if it did not exist yet.
    ``entity`` and ``field`` name ``when`` in the error for a bad value.

    Raises:
        NotFoundError: nothing is recorded under ``aggregate_id``.
    """
    moment = _instant(when, entity, field)
    last = app.recorder.select_events(aggregate_id, desc=True, limit=1)
    if not last:
        raise NotFoundError(
            "Aggregate", "id", f"nothing is recorded under {aggregate_id}"
        )
    high = last[0].originator_version
    if _recorded(app, aggregate_id, high) <= moment:
        return high
    low = 0  # invariant: version ``low`` is at or before, ``high`` after
    while high - low > 1:
        middle = (low + high) // 2
        if _recorded(app, aggregate_id, middle) <= moment:
            low = middle
        else:
            high = middle
    return low or None


def aggregate_as_of(
    app: Any, cls: type[A], aggregate_id: UUID, when: datetime | date
) -> A | None:
    """The aggregate as it stood at ``when``, or ``None`` if it did not exist.

    ``app`` is a :class:`~pact_domain.application.PactApplication` (its
    ``_get`` reconstructs a version from the nearest earlier snapshot).
    """
    version = version_at(app, aggregate_id, when)
    if version is None:
        return None
    aggregate: A = app._get(cls, aggregate_id, version)
    return aggregate


def partnership_as_of(app: Any, partnership_id: UUID, when: datetime | date) -> Any:
    """The partnership as it stood at ``when`` (``None``: not yet submitted)."""
    from pact_domain.partnership import Partnership

    return aggregate_as_of(app, Partnership, partnership_id, when)
