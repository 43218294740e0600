"""The in-memory store: ``memory:`` (nothing is written anywhere).

For tests, demonstrations and throw-away work.  Notification positions and
dead letters are kept in memory beside the events, for as long as the
application object lives.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, cast
from weakref import WeakKeyDictionary

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from pact_adapters.errors import StoreURLError
from pact_adapters.hookspecs import DeadLetter, DeliveryRecorder, StoreSpec, hookimpl
from pact_adapters.stores import split_store_url
from pact_domain.monitoring import MemoryViewStore, ViewStore

__all__ = ["MemoryDeliveryRecorder", "memory_env", "pact_register_stores"]


class MemoryDeliveryRecorder(POPOTrackingRecorder):
    """Notification positions and dead letters in memory."""

    def __init__(self) -> None:
        super().__init__()
        self._letters: dict[int, DeadLetter] = {}
        self._next_id = 1

    def insert_dead_letter(self, letter: DeadLetter, tracking: Tracking) -> int:
        """Record a dead letter and the new position together."""
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            letter_id = self._next_id
            self._next_id += 1
            self._letters[letter_id] = attrs.evolve(letter, id=letter_id)
            self._insert_tracking(tracking)
            return letter_id

    def select_dead_letters(self, channel: str | None = None) -> list[DeadLetter]:
        """The dead letters (of one channel, or all), oldest first."""
        with self._database_lock:
            return [
                letter
                for _, letter in sorted(self._letters.items())
                if channel is None or letter.channel == channel
            ]

    def delete_dead_letter(self, letter_id: int) -> bool:
        """Remove a dead letter; return whether it existed."""
        with self._database_lock:
            return self._letters.pop(letter_id, None) is not None


_lock = threading.Lock()
_recorders: WeakKeyDictionary[Application[Any], MemoryDeliveryRecorder] = (
    WeakKeyDictionary()
)
_view_stores: WeakKeyDictionary[Application[Any], MemoryViewStore] = WeakKeyDictionary()


def memory_env(url: str) -> dict[str, str]:
    """The ``eventsourcing`` settings of the in-memory store."""
    scheme, rest = split_store_url(url)
    if scheme is None and url.strip() == ":memory:":
        rest = ""
    if rest.strip("/"):
        raise StoreURLError(url, "write just 'memory:' for the in-memory store")
    return {"PERSISTENCE_MODULE": "eventsourcing.popo"}


def _delivery_recorder(app: Application[Any]) -> DeliveryRecorder:
    with _lock:
        recorder = _recorders.get(app)
        if recorder is None:
            recorder = cast(
                MemoryDeliveryRecorder,
                app.factory.tracking_recorder(MemoryDeliveryRecorder),
            )
            _recorders[app] = recorder
        return recorder


def _view_store(app: Application[Any]) -> ViewStore:
    """One in-memory view store per application object (as its events)."""
    with _lock:
        store = _view_stores.get(app)
        if store is None:
            store = _view_stores[app] = MemoryViewStore()
        return store


@hookimpl
def pact_register_stores() -> Iterable[StoreSpec]:
    """The in-memory store."""
    return [
        StoreSpec(
            name="memory",
            schemes=("memory",),
            description="in memory, gone when the process ends (tests, demos)",
            env=memory_env,
            persistence_module="eventsourcing.popo",
            example="memory:",
            persistent=False,
            delivery_recorder=_delivery_recorder,
            view_store=_view_store,
        )
    ]
