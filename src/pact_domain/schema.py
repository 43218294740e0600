"""The event schema catalogue: every stored event class, its version and the
JSON Schema of its stored form, generated from the classes.

A stored event is one row of the store: its aggregate's id and version, its
*topic* (``module:Class``, which names the class that reads it back) and its
*state*, a JSON object of the event's fields — the schema below.  The state
holds ``timestamp`` (when it was recorded), ``actor`` and ``effective_at``,
the event's own fields, ``originator_topic`` on the event that creates an
aggregate, and ``class_version`` when the class is at version 2 or later.

How an event's fields may change (schema evolution) is told in
``docs/events-schema.md``: a stored class keeps its topic; a change of its
fields raises its ``class_version`` and adds an ``upcast_vN_vN+1`` static
method that turns a stored state of version N into one of version N+1, so
events stored long ago are read as the current class everywhere (aggregates,
as-of queries, monitoring views, exports).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

import attrs
from eventsourcing.utils import get_topic

from pact_domain._jsonschema import object_schema
from pact_domain.commands._glossary import FIELD_GLOSSARY
from pact_domain.events import PactEvent

__all__ = [
    "EventSchema",
    "catalogue_markdown",
    "event_catalogue",
    "event_classes",
    "event_schema",
]

_EVENT_FIELDS = {
    "timestamp": "When the event was recorded (the recording time axis).",
    "actor": "Who caused the event.",
    "effective_at": "When the recorded fact took effect (the effective time axis).",
    "originator_topic": "The aggregate class the event creates.",
}
_LEAVE_OUT = frozenset({"originator_id", "originator_version"})
"""Stored beside the state (the row's aggregate id and version), not in it."""


@attrs.frozen
class EventSchema:
    """One stored event class in the catalogue.

    Attributes:
        topic: what the store records to name the class (``module:Class``).
        name: the class's name.
        version: the class's ``class_version`` (1 unless it was upcast).
        doc: the class's summary line.
        schema: the JSON Schema (draft 2020-12) of its stored state.
    """

    topic: str
    name: str
    version: int
    doc: str
    schema: dict[str, Any]


def _leaves(cls: type) -> Iterator[type]:
    subclasses: list[type] = cls.__subclasses__()
    if not subclasses:
        yield cls
    for sub in subclasses:
        yield from _leaves(sub)


def event_classes() -> list[type[PactEvent]]:
    """Every event class the library stores, by topic.

    These are the leaves of :class:`~pact_domain.events.PactEvent`'s class
    tree: a base such as ``PactCreated`` is never stored itself, and an event
    class named on an aggregate (``Withdrawn = LibraryResourceWithdrawn``) is
    stored as the aggregate's own subclass of it
    (``LibraryResource.Withdrawn``), as ``eventsourcing`` does.
    """
    import pact_domain.application  # noqa: F401 - imports every event module

    return sorted(set(_leaves(PactEvent)), key=get_topic)


def event_schema(cls: type[PactEvent]) -> dict[str, Any]:
    """The JSON Schema of ``cls``'s stored state."""
    hints = typing.get_type_hints(cls)
    docs = {
        name: _EVENT_FIELDS.get(name) or FIELD_GLOSSARY.get(name, "") for name in hints
    }
    defs: dict[str, Any] = {}
    body = object_schema(cls, defs, docs, leave_out=_LEAVE_OUT)
    version = int(getattr(cls, "class_version", 1))
    if version > 1:
        body["properties"]["class_version"] = {
            "const": version,
            "description": "The class version the state was stored at.",
        }
        body.setdefault("required", []).append("class_version")
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"pact-domain:event:{get_topic(cls)}:v{version}",
        "title": cls.__qualname__,
        **body,
    }
    if defs:
        schema["$defs"] = defs
    return schema


def event_catalogue() -> list[EventSchema]:
    """Every stored event class with its version and schema, by topic."""
    out = []
    for cls in event_classes():
        doc = _summary(cls)
        out.append(
            EventSchema(
                topic=get_topic(cls),
                name=cls.__qualname__,
                version=int(getattr(cls, "class_version", 1)),
                doc=" ".join(doc.split()),
                schema=event_schema(cls),
            )
        )
    return out


def _summary(cls: type) -> str:
    """The first paragraph of the nearest docstring written for the class (an
    aggregate's own subclass of an event has only dataclass's generated one)."""
    for klass in cls.__mro__:
        doc = (klass.__dict__.get("__doc__") or "").strip()
        if doc and not doc.startswith(f"{klass.__name__}("):
            return doc.split("\n\n", 1)[0]
    return ""


def _type_text(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return f"`{schema['$ref'].rsplit('/', 1)[-1]}`"
    if "anyOf" in schema:
        return " or ".join(_type_text(s) for s in schema["anyOf"])
    if "enum" in schema:
        return "code"
    if schema.get("type") == "array":
        return f"list of {_type_text(schema['items'])}"
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type", "any")
    fmt = schema.get("format")
    if kind == "string" and "pattern" in schema:
        return "decimal string"
    return f"{kind} ({fmt})" if fmt else str(kind)


def catalogue_markdown() -> str:
    """The catalogue's table of every stored event and its fields, in
    Markdown (the generated part of ``docs/events-schema.md``)."""
    lines: list[str] = []
    for entry in event_catalogue():
        props = entry.schema["properties"]
        required = set(entry.schema.get("required", []))
        lines += [
            f"### `{entry.name}` (version {entry.version})",
            "",
            f"{entry.doc}  Topic `{entry.topic}`.",
            "",
            "| field | stored as | required |",
            "|---|---|---|",
        ]
        for name, prop in props.items():
            lines.append(
                f"| `{name}` | {_type_text(prop)} | "
                f"{'yes' if name in required else 'no'} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - `python -m pact_domain.schema`
    import sys

    if sys.argv[1:] == ["--markdown"]:
        print(catalogue_markdown())
    else:
        import json

        print(json.dumps([attrs.asdict(e) for e in event_catalogue()], indent=2))
