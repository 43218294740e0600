"""JSON Schema (draft 2020-12) of the library's plain-data forms, generated
from the declared field types (private).

One vocabulary for both the commands' JSON form and the stored form of
events: UUIDs, dates and datetimes are ISO strings, decimals are strings,
vocabulary codes are strings (an ``enum`` of the codes), tuples are arrays,
value objects (``attrs`` classes) and events (dataclasses) are objects of
their fields.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import re
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

__all__ = ["field_docs", "is_union", "object_schema", "schema_of"]

DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"


def is_union(hint: Any) -> bool:
    """Whether ``hint`` is a union (``X | Y`` or ``Optional[X]``)."""
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def schema_of(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one declared type; object types go into ``defs``."""
    if is_union(hint):
        members = list(typing.get_args(hint))
        enums = [m for m in members if isinstance(m, type) and issubclass(m, enum.Enum)]
        if enums and str in members:
            # A vocabulary code: the enum's codes (another string is refused
            # by the domain's own check).
            members = [m for m in members if m is not str]
        if Decimal in members:
            members = [m for m in members if m not in (int, str)]
        schemas = [schema_of(m, defs) for m in members]
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    if hint is type(None):
        return {"type": "null"}
    if typing.get_origin(hint) is tuple:
        return {"type": "array", "items": schema_of(typing.get_args(hint)[0], defs)}
    simple: dict[Any, dict[str, Any]] = {
        UUID: {"type": "string", "format": "uuid"},
        str: {"type": "string"},
        bool: {"type": "boolean"},
        int: {"type": "integer"},
        Decimal: {"type": "string", "pattern": DECIMAL_PATTERN},
        datetime: {"type": "string", "format": "date-time"},
        date: {"type": "string", "format": "date"},
    }
    if hint in simple:
        return dict(simple[hint])
    if hint is Any:
        return {}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [m.value for m in hint]}
    if isinstance(hint, type) and (attrs.has(hint) or dataclasses.is_dataclass(hint)):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = object_schema(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {hint!r}")


_ARGS = re.compile(r"^\s*(?P<name>\w+)(?: \([^)]*\))?:\s*(?P<doc>.*)$")


def field_docs(cls: type) -> dict[str, str]:
    """Each field's description from the ``Args:`` sections of the class and
    its bases (Google style, as the rest of the library documents)."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        doc = klass.__dict__.get("__doc__") or ""
        lines = inspect.cleandoc(doc).splitlines()
        inside, current = False, None
        for line in lines:
            if line.strip() in ("Args:", "Attributes:"):
                inside, current = True, None
                continue
            if not inside:
                continue
            if line and not line.startswith(" "):
                inside = False
                continue
            match = _ARGS.match(line)
            if match and line.startswith("    ") and not line.startswith("     "):
                current = match["name"]
                docs[current] = match["doc"].strip()
            elif current and line.strip():
                docs[current] += " " + line.strip()
    return docs


def _fields(cls: type) -> list[tuple[str, bool]]:
    """(name, required) of an attrs class's or a dataclass's fields."""
    if attrs.has(cls):
        return [(f.name, f.default is attrs.NOTHING) for f in attrs.fields(cls)]
    return [
        (
            f.name,
            f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    ]


def object_schema(
    cls: type,
    defs: dict[str, Any],
    docs: Mapping[str, str] | None = None,
    *,
    leave_out: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The schema of an object of ``cls``'s fields (all but ``leave_out``),
    each described by ``docs`` where it has an entry."""
    hints = typing.get_type_hints(cls)
    described = dict(docs) if docs is not None else field_docs(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, needed in _fields(cls):
        if name in leave_out:
            continue
        schema = dict(schema_of(hints[name], defs))
        if described.get(name):
            schema["description"] = described[name]
        properties[name] = schema
        if needed:
            required.append(name)
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    summary = (inspect.getdoc(cls) or "").split("\n\n", 1)[0].strip()
    if summary:
        out["description"] = summary
    return out
