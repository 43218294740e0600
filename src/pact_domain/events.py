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
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID

import attrs
from eventsourcing.domain import (
    Aggregate,
    AggregateCreated,
    AggregateEvent,
    CanMutateAggregate,
    DomainEvent,
    OriginatorIDError,
    OriginatorVersionError,
    Snapshot,
)
from eventsourcing.utils import get_topic, resolve_topic

from pact_domain import _validation as v
from pact_domain.errors import Entity

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
            lambda x: v.text("EventMeta", "actor", x, limit=200)
        )
    )
    effective_at: datetime | None = attrs.field(
        default=None,
        converter=attrs.Converter(  # type: ignore[misc]
            lambda x: None if x is None else v.aware("EventMeta", "effective_at", x)
        ),
    )
    recorded_at: datetime | None = attrs.field(
        default=None,
        converter=attrs.Converter(  # type: ignore[misc]
            lambda x: None if x is None else v.aware("EventMeta", "recorded_at", x)
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
        """Trigger an event of ``event_class`` with ``fields`` and ``meta``.

        Builds the event without the frozen dataclass ``__init__`` (its field
        names are checked once per class, here), applies it with
        :func:`project` and keeps it pending; what it stores is what
        ``eventsourcing``'s ``trigger_event`` would store.
        """
        plan = _TRIGGER_PLANS.get(event_class)
        if plan is None:
            plan = _TRIGGER_PLANS[event_class] = _trigger_plan(event_class)
        names, required, defaults = plan
        ts = meta.recorded_at or now()
        effective_at = meta.effective_at or ts
        if plan is _SLOW or not (required <= fields.keys() <= names):
            # Not one of ours, or wrong fields: the standard path (and error).
            self.trigger_event(
                event_class,
                timestamp=ts,
                actor=meta.actor,
                effective_at=effective_at,
                **fields,
            )
            return
        state = self.__dict__
        values = {**defaults, **fields}
        values["originator_id"] = state["_id"]
        values["originator_version"] = state["_version"] + 1
        values["timestamp"] = ts
        values["actor"] = meta.actor
        values["effective_at"] = effective_at
        event = _new(event_class)
        _setattr(event, "__dict__", values)
        project(self, (event,))
        state["_pending_events"].append(event)

    def collect_events(self) -> list[PactEvent]:
        """Take the pending events (``eventsourcing`` pops them one by one from
        the front of a list, which is quadratic for a large batch)."""
        collected: list[PactEvent] = self.__dict__["_pending_events"]
        self.__dict__["_pending_events"] = []
        return collected

    @property
    def entity(self) -> str:
        """This aggregate's name for error messages: its class name, carrying
        its id (an :class:`~pact_domain.errors.Entity`)."""
        return Entity(self.ENTITY, self.id)


class PactSnapshot(Snapshot):
    """A snapshot whose state is the aggregate's typed state, unstructured.

    The default snapshot stores ``vars(aggregate)`` through the transcoder; ours
    unstructures each declared attribute (by functions generated once per
    type: the JSON is the library's ``cattrs`` converter's, with UUIDs, dates,
    UTC datetimes and vocabulary members left in ``state`` for the mapper's
    ``orjson`` to write) and structures it back on restore, so value objects,
    tuples and decimals come back as they were.
    """

    @classmethod
    def take(cls, aggregate: Any) -> PactSnapshot:
        state = {
            name: unstructure(getattr(aggregate, name))
            for name, unstructure, _ in _snapshot_plan(type(aggregate))
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
        agg_cls = resolve_topic(self.topic)
        state = self.state
        values = {
            name: structure(state[name])
            for name, _, structure in _snapshot_plan(agg_cls)
        }
        values.update(
            _id=self.originator_id,
            _version=self.originator_version,
            _created_on=datetime.fromisoformat(state["_created_on"]),
            _modified_on=datetime.fromisoformat(state["_modified_on"]),
            _pending_events=[],
        )
        agg = object.__new__(agg_cls)
        agg.__dict__.update(values)
        return agg


_Fn = Callable[[Any], Any]
_SNAPSHOT_PLANS: dict[type[Any], list[tuple[str, _Fn, _Fn]]] = {}


def _snapshot_plan(agg_cls: type[Any]) -> list[tuple[str, _Fn, _Fn]]:
    """Per declared state attribute: its name, and the generated functions
    that unstructure and structure it."""
    plan = _SNAPSHOT_PLANS.get(agg_cls)
    if plan is None:
        from pact_domain._mapper import json_ready_fn, structure_fn

        # The state is written by orjson with the rest of the snapshot: UUIDs,
        # dates and UTC datetimes are left for it to format (the same JSON).
        plan = _SNAPSHOT_PLANS[agg_cls] = [
            (name, json_ready_fn(hint), structure_fn(hint))
            for name, hint in state_types(agg_cls).items()
        ]
    return plan


PactAggregate.Snapshot = PactSnapshot

_new = object.__new__
_setattr = object.__setattr__
_TRIGGER_SET = frozenset(
    {"originator_id", "originator_version", "timestamp", "actor", "effective_at"}
)
# DomainEvent's own __post_init__ only checks that the originator id is a UUID,
# which an aggregate's id is.
_ID_CHECK = DomainEvent.__post_init__
_Plan = tuple[frozenset[str], frozenset[str], dict[str, Any]]
_SLOW: _Plan = (frozenset(), frozenset(), {})
_TRIGGER_PLANS: dict[type[Any], _Plan] = {}


def _trigger_plan(event_class: type[Any]) -> _Plan:
    """The field names of an event class (all, and those without a default)
    and its plain defaults, or ``_SLOW``
    when its instances need the dataclass ``__init__`` (``__post_init__``,
    default factories, slots, or a ``mutate`` of its own)."""
    if (
        not dataclasses.is_dataclass(event_class)
        or getattr(event_class, "__post_init__", _ID_CHECK) is not _ID_CHECK
        or "__slots__" in vars(event_class)
        or getattr(event_class, "mutate", None) is not _STANDARD_MUTATE
    ):
        return _SLOW
    defaults: dict[str, Any] = {}
    for f in dataclasses.fields(event_class):
        if f.default_factory is not dataclasses.MISSING:
            return _SLOW
        if f.default is not dataclasses.MISSING and f.name not in _TRIGGER_SET:
            defaults[f.name] = f.default
    names = frozenset(f.name for f in dataclasses.fields(event_class)) - _TRIGGER_SET
    return names, names - defaults.keys(), defaults


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
