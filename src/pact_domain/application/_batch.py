"""Batches of commands saved in one transaction, and snapshots taken from
memory (private; see :meth:`ApplicationBase.batch`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import IntegrityError

from pact_domain.errors import ConcurrencyError
from pact_domain.events import project

if TYPE_CHECKING:
    from pact_domain.application._base import ApplicationBase
    from pact_domain.events import PactAggregate

__all__ = ["Batch", "current_batch", "open_batch", "take_snapshots_from_memory"]


class Batch:
    """Commands collected by :meth:`ApplicationBase.batch`, not yet stored.

    Each command still checks its rules against the state left by the
    commands before it (the batch keeps every aggregate it touched in memory),
    so a refused command raises at once and changes nothing.
    """

    def __init__(self, app: ApplicationBase) -> None:
        self.app = app
        self._aggregates: dict[UUID, PactAggregate] = {}

    @property
    def pending(self) -> int:
        """How many events the batch will store."""
        return sum(len(a.pending_events) for a in self._aggregates.values())

    def get(self, aggregate_id: UUID) -> PactAggregate | None:
        """The batch's aggregate with this id, if the batch touched it."""
        return self._aggregates.get(aggregate_id)

    def collect(self, *objs: Any) -> None:
        """Keep aggregates to store when the batch ends."""
        for obj in objs:
            if obj is None:
                continue
            known = self._aggregates.get(obj.id)
            if known is not None and known is not obj:
                raise ConcurrencyError(
                    obj.entity,
                    "id",
                    "another aggregate with this id is in the batch",
                )
            self._aggregates[obj.id] = obj

    def flush(self) -> None:
        """Store every event collected so far, in one transaction.

        The batch goes on: later commands continue from the same state.

        Raises:
            ConcurrencyError: another writer changed an aggregate of the batch
                (or created one with the same id) meanwhile; nothing of the
                batch is stored.
        """
        aggregates = [a for a in self._aggregates.values() if a.pending_events]
        if not aggregates:
            return
        token = _CURRENT.set(None)
        try:
            self.app.save(*aggregates)
        except IntegrityError:
            self._aggregates.clear()
            names = ", ".join(f"{a.ENTITY} {a.id}" for a in aggregates[:3])
            raise ConcurrencyError(
                aggregates[0].entity,
                None,
                f"another writer changed {names} while the batch was open; "
                "nothing of the batch was stored",
            ) from None
        finally:
            _CURRENT.reset(token)


_CURRENT: ContextVar[Batch | None] = ContextVar("pact_batch", default=None)


def current_batch(app: ApplicationBase) -> Batch | None:
    """The batch open on ``app`` in this thread or task, if any."""
    batch = _CURRENT.get()
    return batch if batch is not None and batch.app is app else None


@contextmanager
def open_batch(app: ApplicationBase) -> Iterator[Batch]:
    """Collect the commands run in the block; store them when it ends."""
    outer = current_batch(app)
    if outer is not None:  # nested: join the outer batch
        yield outer
        return
    batch = Batch(app)
    token = _CURRENT.set(batch)
    try:
        yield batch
    finally:
        _CURRENT.reset(token)
    batch.flush()


def take_snapshots_from_memory(
    app: ApplicationBase, processing_event: ProcessingEvent[UUID]
) -> None:
    """Snapshot each saved aggregate whose new events crossed a multiple of
    its snapshotting interval: once, at its new version, from the aggregate
    in memory (``eventsourcing`` reloads it from the store for each multiple).
    """
    snapshots = app.snapshots
    if snapshots is None or not app.snapshotting_intervals:
        return
    versions: dict[UUID, tuple[int, int]] = {}
    for event in processing_event.events:
        oid = event.originator_id
        version = event.originator_version
        low, high = versions.get(oid, (version, version))
        versions[oid] = (min(low, version), max(high, version))
    taken = []
    for oid, (low, high) in versions.items():
        aggregate = processing_event.aggregates.get(oid)
        if aggregate is None:
            continue
        interval = app.snapshotting_intervals.get(type(aggregate))
        if not interval or high // interval == (low - 1) // interval:
            continue
        if aggregate.version != high:  # pragma: no cover - not from our commands
            app.take_snapshot(
                oid,
                version=high,
                projector_func=app.snapshotting_projectors.get(
                    type(aggregate), project
                ),
            )
            continue
        snapshot_class = getattr(type(aggregate), "Snapshot", app.snapshot_class)
        taken.append(snapshot_class.take(aggregate))
    if taken:
        snapshots.put(taken)
