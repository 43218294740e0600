"""Commands as JSON: one ``cattrs`` converter for both directions, and the
JSON Schema of every command, generated from its class.

The JSON form of a command is an object with its name under ``"command"``
and its fields by name: UUIDs, dates and datetimes as ISO strings, decimals
as strings (exact), vocabulary codes as strings, tuples as arrays and value
objects (a contact person, a KPI definition...) as objects of their fields::

    {"command": "join-partnership", "partnership_id": "…",
     "organisation_id": "…", "tier": "core", "actor": "coordinator@…"}
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import cattrs
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)

from pact_domain._jsonschema import is_union, object_schema
from pact_domain.commands._base import COMMANDS, Command, field_types, shorten
from pact_domain.errors import InvalidValueError, PactError

__all__ = [
    "command_from_json",
    "command_json_schema",
    "command_reference",
    "command_to_json",
    "converter",
]

NAME_KEY = "command"


def _unstructure_any(value: Any) -> Any:
    return converter.unstructure(value, unstructure_as=type(value))


def _structure_date(value: Any, _cls: Any) -> date:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{shorten(value)} is not an ISO date") from None
        if "T" in value or " " in value.strip():
            raise ValueError(f"{shorten(value)} is a datetime, not a date")
        return parsed.date()
    raise ValueError(f"must be an ISO date string, not {type(value).__name__}")


def _structure_datetime(value: Any, _cls: Any) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{shorten(value)} is not an ISO datetime") from None
    raise ValueError(f"must be an ISO datetime string, not {type(value).__name__}")


def _structure_when(value: Any, _cls: Any) -> datetime | date | None:
    if value is None:
        return None
    if isinstance(value, str) and ("T" in value or " " in value.strip()):
        return _structure_datetime(value, datetime)
    return _structure_date(value, date)


def _structure_uuid(value: Any, _cls: Any) -> UUID:
    if isinstance(value, str):
        try:
            return UUID(value)
        except ValueError:
            raise ValueError(f"{shorten(value)} is not a UUID") from None
    raise ValueError(f"must be a UUID string, not {type(value).__name__}")


def _structure_decimal(value: Any, _cls: Any) -> Decimal:
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            number = Decimal(value)
        except ArithmeticError:  # decimal.InvalidOperation
            raise ValueError(f"{shorten(value)} is not a number") from None
        if not number.is_finite():
            raise ValueError("must be a finite number")
        return number
    raise ValueError(f"must be a decimal string, not {type(value).__name__}")


def _json_type(value: Any) -> str:
    names = {str: "a string", bool: "true/false", int: "a number", float: "a number"}
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return names.get(type(value), type(value).__name__)


def _kind(hint: Any) -> str:
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return f"a {hint.__name__} code"
    if typing.get_origin(hint) is tuple:
        return "a list"
    if isinstance(hint, type) and attrs.has(hint):
        return f"a {hint.__name__} object"
    return {
        str: "a string",
        int: "an integer",
        bool: "true/false",
        UUID: "a UUID string",
        Decimal: "a decimal string",
        date: "an ISO date",
        datetime: "an ISO datetime",
    }.get(hint, getattr(hint, "__name__", str(hint)))


def _reason(error: BaseException) -> str:
    """The innermost cause of a structuring failure, with where it is
    (``item 1: category: ...``)."""
    if isinstance(error, ClassValidationError | IterableValidationError):
        noted, bare = error.group_exceptions()
        if noted:
            inner, note = noted[0]
            where = (
                f"item {note.index}"
                if isinstance(note, IterableValidationNote)
                else note.name
            )
            return f"{where}: {_reason(inner)}"
        if bare:
            return _reason(bare[0])
    return str(error) or type(error).__name__


def _structure_union(hint: Any) -> Any:
    members = [a for a in typing.get_args(hint) if a is not type(None)]
    optional = type(None) in typing.get_args(hint)
    if set(members) == {datetime, date}:
        return _structure_when

    def structure(value: Any, _cls: Any) -> Any:
        if value is None and optional:
            return None
        errors: list[Exception] = []
        for member in members:
            if member is str and not isinstance(value, str):
                continue
            try:
                return converter.structure(value, member)
            except (ValueError, TypeError, BaseValidationError) as error:
                errors.append(error)
        names = " or ".join(_kind(m) for m in members)
        if len(errors) == 1:
            raise ValueError(_reason(errors[0])) from None
        raise ValueError(f"must be {names}, not {_json_type(value)}")

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(UUID, str)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_unstructure_hook(tuple, lambda t: [_unstructure_any(x) for x in t])
    conv.register_structure_hook(UUID, _structure_uuid)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook_factory(is_union, _structure_union)
    return conv


def _strict_str(value: Any, _cls: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"must be a string, not {type(value).__name__}")


def _strict_int(value: Any, _cls: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"must be an integer, not {type(value).__name__}")


def _strict_bool(value: Any, _cls: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"must be true or false, not {type(value).__name__}")


converter = _make_converter()
"""The ``cattrs`` converter of commands and the value objects they carry."""


def command_to_json(command: Command[Any]) -> dict[str, Any]:
    """The JSON form of a command (a dict of JSON values)."""
    data: dict[str, Any] = {NAME_KEY: type(command).spec().name}
    cls = type(command)
    for field in attrs.fields(cls):
        value = getattr(command, field.name)
        data[field.name] = converter.unstructure(value, unstructure_as=type(value))
    return data


def command_from_json(data: Mapping[str, Any]) -> Command[Any]:
    """Build a command from its JSON form, every field checked.

    Raises:
        InvalidValueError: an unknown command, an unknown or missing field, or
            a value of the wrong type; ``entity`` is the command's class name
            and ``field`` the field's name (``"command"`` for the name).
    """
    if not isinstance(data, Mapping):
        raise InvalidValueError(
            "Command", None, f"must be a JSON object, not {type(data).__name__}"
        )
    name = data.get(NAME_KEY)
    cls = COMMANDS.get(name) if isinstance(name, str) else None
    if cls is None:
        raise InvalidValueError(
            "Command",
            NAME_KEY,
            f"{shorten(name)} is not a command; see `pact commands`",
            shorten(name),
        )
    fields = {f.name: f for f in attrs.fields(cls)}
    entity = cls.__name__
    unknown = [k for k in data if k != NAME_KEY and k not in fields]
    if unknown:
        raise InvalidValueError(
            entity, unknown[0], "is not a field of this command", shorten(unknown[0])
        )
    hints = field_types(cls)
    kwargs: dict[str, Any] = {}
    for field_name, field in fields.items():
        if field_name not in data:
            if field.default is attrs.NOTHING:
                raise InvalidValueError(entity, field_name, "is required")
            continue
        raw = data[field_name]
        try:
            kwargs[field_name] = converter.structure(raw, hints[field_name])
        except PactError:
            raise
        except (ValueError, TypeError, KeyError, BaseValidationError) as error:
            raise InvalidValueError(
                entity, field_name, _reason(error), shorten(raw)
            ) from None
    return cls(**kwargs)


# -- JSON Schema ----------------------------------------------------------------


def command_json_schema(cls: type[Command[Any]]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one command's JSON form."""
    defs: dict[str, Any] = {}
    schema = object_schema(cls, defs, dict(cls.spec().field_docs))
    schema["properties"] = {
        NAME_KEY: {"const": cls.spec().name, "description": "The command's name."},
        **schema["properties"],
    }
    schema["required"] = [NAME_KEY, *schema.get("required", [])]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": cls.__name__,
        **schema,
    }
    if defs:
        schema["$defs"] = defs
    return schema


# -- the command reference --------------------------------------------------------


def _type_text(hint: Any) -> str:
    if is_union(hint):
        members = list(typing.get_args(hint))
        enums = [m for m in members if isinstance(m, type) and issubclass(m, enum.Enum)]
        if enums and str in members:
            members = [m for m in members if m is not str]
        if Decimal in members:
            members = [m for m in members if m not in (int, str)]
        return " or ".join(_type_text(m) for m in members)
    if hint is type(None):
        return "none"
    if typing.get_origin(hint) is tuple:
        return f"list of {_type_text(typing.get_args(hint)[0])}"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return f"`{hint.__name__}` code"
    names = {UUID: "UUID", str: "text", int: "integer", bool: "true/false"}
    if hint in names:
        return names[hint]
    if hint is Decimal:
        return "decimal"
    if hint is datetime:
        return "datetime"
    if hint is date:
        return "date"
    return f"`{getattr(hint, '__name__', hint)}`"


def command_reference() -> str:
    """The command reference in Markdown (``docs/commands.md``), generated
    from the command classes: every command, its fields, types, defaults and
    descriptions, and the codes each vocabulary field accepts."""
    out = [
        "# Command reference",
        "",
        "<!-- Generated from the command classes by",
        "     `python -m pact_domain.commands > docs/commands.md`;",
        "     tests/test_commands.py fails when this page differs. -->",
        "",
        "Every change to the system of record is one of these commands.  In",
        "Python, build the class from `pact_domain.commands` and run it with",
        "`app.handle(command)`, or call the application method of the same",
        "name in snake case (`app.report_kpi(...)` builds `ReportKpi`).  In a",
        'file, a command is one JSON object with its name under `"command"`',
        "(see [the JSON form](#the-json-form)).  Every command also takes",
        "`actor` (who causes it) and `effective_at` (when the fact took",
        "effect; by default the command's own date, else the recording time).",
        "",
        "## The JSON form",
        "",
        "UUIDs, dates and datetimes are ISO strings, decimals are strings,",
        "vocabulary codes are strings, lists are arrays and value objects are",
        "objects of their fields.  `pact_domain.commands.command_json_schema`",
        "gives each command's JSON Schema.",
        "",
    ]
    for cls in sorted(COMMANDS.values(), key=lambda c: c.spec().name):
        spec = cls.spec()
        hints = field_types(cls)
        target = spec.target.__name__
        acts = "creates a" if spec.target_field is None else "acts on a"
        out += [f"## `{spec.name}`", "", f"`{cls.__name__}` — {spec.doc}", ""]
        effective = (
            f"; takes effect at `{spec.effective_from}` unless `effective_at` says"
            if spec.effective_from
            else ""
        )
        out += [f"It {acts} `{target}`{effective}.", ""]
        out += ["| field | type | default | meaning |", "|---|---|---|---|"]
        for field in attrs.fields(cls):
            if field.name in ("actor", "effective_at"):
                continue
            default = (
                "required"
                if field.default is attrs.NOTHING
                else f"`{_default_text(field.default)}`"
            )
            doc = spec.field_docs[field.name].replace("|", "\\|")
            out.append(
                f"| `{field.name}` | {_type_text(hints[field.name])} | {default} "
                f"| {doc} |"
            )
        out.append("")
    return "\n".join(out)


def _default_text(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple):
        if value and all(isinstance(v, enum.Enum) for v in value):
            return "all"
        return "[]" if not value else repr(list(value))
    return "none" if value is None else repr(value)
