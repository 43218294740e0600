"""Stored-event mapping with cattrs and orjson (private).

``eventsourcing``'s default mapper copies ``vars(event)`` through a JSON
transcoder that needs a registered transcoding per custom type, and snapshots
come back with lists for tuples.  Ours unstructures each event by its declared
field types with the library's converter and serialises with ``orjson``, so
value objects, tuples, decimals and enums come back exactly as they were.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from functools import cache
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import get_topic, resolve_topic

from pact_domain.serialization import _fast, converter


class OrjsonTranscoder(Transcoder):
    """Plain-data transcoder on ``orjson`` (no custom transcodings needed)."""

    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


@cache
def _unstructure_fn(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    return converter.get_unstructure_hook(cls)


_PLAIN = (str, int, bool)


@cache
def _structure_fn(cls: type[Any]) -> Callable[[dict[str, Any]], Any]:
    """Build events without calling ``__init__`` (they were valid when stored).

    cattrs' generated code cannot build dataclasses with keyword-only fields,
    and running the frozen dataclass ``__init__`` for every stored event is
    wasted work; fields missing from older stored events take their default.
    """
    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, Any, Callable[[Any, Any], Any] | None, Any]] = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        plain = hint in _PLAIN or hint is Any or isinstance(hint, typing.TypeVar)
        hook = (
            None
            if plain or f.name in _SET_BY_MAPPER
            else _fast.get_structure_hook(hint)
        )
        default = f.default if f.default is not dataclasses.MISSING else _NO_DEFAULT
        plan.append((f.name, hint, hook, default))

    def structure(state: dict[str, Any]) -> Any:
        values: dict[str, Any] = {}
        for name, hint, hook, default in plan:
            try:
                raw = state[name]
            except KeyError:
                if default is _NO_DEFAULT:
                    raise
                values[name] = default
                continue
            values[name] = raw if hook is None else hook(raw, hint)
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", values)
        return event

    return structure


_NO_DEFAULT = object()
_SET_BY_MAPPER = frozenset({"originator_id", "originator_version"})


@cache
def _topic(cls: type[Any]) -> str:
    return get_topic(cls)


class EventMapper(Mapper[UUID]):
    """Maps pact-domain events to stored events and back."""

    def __init__(
        self, compressor: Compressor | None = None, cipher: Cipher | None = None
    ) -> None:
        super().__init__(OrjsonTranscoder(), compressor=compressor, cipher=cipher)

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cls = type(domain_event)
        state = _unstructure_fn(cls)(domain_event)
        del state["originator_id"]
        del state["originator_version"]
        class_version = getattr(cls, "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        data = orjson.dumps(state, option=orjson.OPT_NON_STR_KEYS)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=_topic(cls),
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        cls = resolve_topic(stored_event.topic)
        data = stored_event.state
        try:
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            state = orjson.loads(data)
        except Exception as e:
            msg = (
                f"Failed to deserialise stored event {stored_event.topic} "
                f"{stored_event.originator_id} v{stored_event.originator_version}: {e}"
            )
            raise MapperDeserialisationError(msg) from e
        class_version = getattr(cls, "class_version", 1)
        from_version = state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        oid = stored_event.originator_id
        state["originator_id"] = oid if isinstance(oid, UUID) else UUID(str(oid))
        state["originator_version"] = stored_event.originator_version
        return _structure_fn(cls)(state)  # type: ignore[no-any-return]
