"""Base classes of every domain event and aggregate, and event metadata.

Every event records one fact in the past tense and carries, besides
``eventsourcing``'s ``originator_id``, ``originator_version`` and
``timestamp``:

* ``actor`` — who caused it (a user name, an e-mail, a system name);
* ``effective_at`` — when the fact took effect (a meeting held last month is
  recorded today);
* the recording time is the event's ``timestamp`` (also ``recorded_at``).

Aggregates check every rule *before* triggering an event, so a refused command
leaves no pending event behind and stores nothing.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID

import attrs
from eventsourcing.domain import (
    Aggregate,
    AggregateCreated,
    AggregateEvent,
    CanMutateAggregate,
    OriginatorIDError,
    OriginatorVersionError,
    Snapshot,
)
from eventsourcing.utils import get_topic, resolve_topic

from pact_domain import _validation as v

__all__ = [
    "EventMeta",
    "PactAggregate",
    "PactCreated",
    "PactEvent",
    "PactSnapshot",
    "project",
]

TAggregate = TypeVar("TAggregate", bound="PactAggregate")


@attrs.frozen
class EventMeta:
    """Who causes a command's events, and when they take effect.

    Args:
        actor: who caused the events (required, at most 200 characters).
        effective_at: when the fact took effect; defaults to the recording time.
            A ``date`` means midnight UTC that day; a datetime must be aware.
        recorded_at: the recording time; leave it ``None`` to use the clock
            (set it only when importing history or in tests).
    """

    actor: str = attrs.field(
        converter=attrs.Converter(  # type: ignore[misc]
            lambda x: v.text("Event", "actor", x, limit=200)
        )
    )
    effective_at: datetime | None = attrs.field(
        default=None,
        converter=attrs.Converter(  # type: ignore[misc]
            lambda x: None if x is None else v.aware("Event", "effective_at", x)
        ),
    )
    recorded_at: datetime | None = attrs.field(
        default=None,
        converter=attrs.Converter(  # type: ignore[misc]
            lambda x: None if x is None else v.aware("Event", "recorded_at", x)
        ),
    )


class PactEvent(AggregateEvent):
    """Base class of every pact-domain event."""

    actor: str = dataclasses.field(kw_only=True)
    """Who caused the event."""
    effective_at: datetime = dataclasses.field(kw_only=True)
    """When the recorded fact took effect."""

    @property
    def recorded_at(self) -> datetime:
        """When the event was recorded (its ``timestamp``)."""
        return self.timestamp


class PactCreated(PactEvent, AggregateCreated):
    """Base class of the events that create an aggregate."""


def now() -> datetime:
    """The recording clock: the current time in UTC."""
    return datetime.now(tz=UTC)


class PactAggregate(Aggregate):
    """Base class of pact-domain aggregates.

    Subclasses declare their state as class annotations (used to snapshot and
    restore it with ``cattrs``) and set it in ``__init__`` without arguments.
    """

    ENTITY: ClassVar[str] = "Aggregate"

    def __init__(self) -> None:  # pragma: no cover - state set by created events
        pass

    @classmethod
    def _create_with(
        cls: type[TAggregate],
        event_class: type[PactCreated],
        meta: EventMeta,
        *,
        id: UUID | None = None,
        **fields: Any,
    ) -> TAggregate:
        ts = meta.recorded_at or now()
        return cls._create(
            event_class,
            id=id,
            timestamp=ts,
            actor=meta.actor,
            effective_at=meta.effective_at or ts,
            **fields,
        )

    def _trigger(
        self, event_class: type[PactEvent], meta: EventMeta, **fields: Any
    ) -> None:
        ts = meta.recorded_at or now()
        self.trigger_event(
            event_class,
            timestamp=ts,
            actor=meta.actor,
            effective_at=meta.effective_at or ts,
            **fields,
        )

    @property
    def entity(self) -> str:
        """A readable name of this aggregate for error messages."""
        return f"{self.ENTITY} {self.id}"


class PactSnapshot(Snapshot):
    """A snapshot whose state is the aggregate's typed state, unstructured.

    The default snapshot stores ``vars(aggregate)`` through the transcoder; ours
    unstructures each declared attribute with the library's converter and
    structures it back on restore, so value objects, tuples and decimals come
    back as they were.
    """

    @classmethod
    def take(cls, aggregate: Any) -> PactSnapshot:
        from pact_domain.serialization import converter

        hints = state_types(type(aggregate))
        state = {
            name: converter.unstructure(getattr(aggregate, name), hint)
            for name, hint in hints.items()
        }
        state["_created_on"] = aggregate.created_on.isoformat()
        state["_modified_on"] = aggregate.modified_on.isoformat()
        return cls(
            originator_id=aggregate.id,
            originator_version=aggregate.version,
            timestamp=now(),
            topic=get_topic(type(aggregate)),
            state=state,
        )

    def mutate(self, _: Any) -> Any:
        from pact_domain.serialization import converter

        agg_cls = resolve_topic(self.topic)
        hints = state_types(agg_cls)
        state = dict(self.state)
        created_on = datetime.fromisoformat(state.pop("_created_on"))
        modified_on = datetime.fromisoformat(state.pop("_modified_on"))
        values = {name: converter.structure(state[name], hints[name]) for name in hints}
        agg = object.__new__(agg_cls)
        agg.__dict__.update(values)
        agg.__dict__.update(
            _id=self.originator_id,
            _version=self.originator_version,
            _created_on=created_on,
            _modified_on=modified_on,
            _pending_events=[],
        )
        return agg


PactAggregate.Snapshot = PactSnapshot


def state_types(agg_cls: type[Any]) -> dict[str, Any]:
    """The declared state attributes of an aggregate class and their types."""
    try:
        return _STATE_TYPES[agg_cls]
    except KeyError:
        hints = _state_types(agg_cls)
        _STATE_TYPES[agg_cls] = hints
        return hints


_STATE_TYPES: dict[type[Any], dict[str, Any]] = {}


def _state_types(agg_cls: type[Any]) -> dict[str, Any]:
    resolved = typing.get_type_hints(agg_cls)
    hints: dict[str, Any] = {}
    for klass in reversed(agg_cls.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, PactAggregate)):
            continue
        for name in inspect.get_annotations(klass):
            hint = resolved[name]
            if typing.get_origin(hint) is not ClassVar:
                hints[name] = hint
    return hints


def project(aggregate: Any, events: Iterable[Any]) -> Any:
    """Fold events into an aggregate without per-event runtime protocol checks.

    ``eventsourcing``'s default projector checks each event against a runtime
    protocol, which costs more than half of replay time; our events are all
    :class:`CanMutateAggregate` by construction.  For events that keep
    ``eventsourcing``'s ``mutate`` (all of ours but the created events and
    snapshots) on a :class:`PactAggregate`, it does what that ``mutate`` does —
    check the aggregate id and the next version, ``apply``, set the version
    and the modification time — inline.
    """
    fast = _FAST_MUTATE
    for event in events:
        cls = type(event)
        inline = fast.get(cls)
        if inline is None:
            inline = fast[cls] = getattr(cls, "mutate", None) is _STANDARD_MUTATE
        if not inline or type(aggregate) not in _PLAIN_AGGREGATES:
            aggregate = event.mutate(aggregate)
            if type(aggregate) not in _PLAIN_AGGREGATES:
                _check_plain(type(aggregate))
            continue
        state = aggregate.__dict__
        version = event.originator_version
        if version != state["_version"] + 1:
            raise OriginatorVersionError(version, state["_version"] + 1)
        oid = event.originator_id
        if oid is not state["_id"] and oid != state["_id"]:
            raise OriginatorIDError(oid, state["_id"])
        event.apply(aggregate)
        state["_version"] = version
        state["_modified_on"] = event.timestamp
    return aggregate


_STANDARD_MUTATE = CanMutateAggregate.mutate
_FAST_MUTATE: dict[type[Any], bool] = {}
_PLAIN_AGGREGATES: set[type[Any]] = set()


def _check_plain(agg_cls: type[Any]) -> None:
    # Aggregates that keep eventsourcing's id, version and modified_on.
    if (
        isinstance(agg_cls, type)
        and issubclass(agg_cls, PactAggregate)
        and agg_cls.version is Aggregate.version
        and agg_cls.modified_on is Aggregate.modified_on
        and agg_cls.id is Aggregate.id
        and "__slots__" not in vars(agg_cls)
    ):
        _PLAIN_AGGREGATES.add(agg_cls)
