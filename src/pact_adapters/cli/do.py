"""``pact do``: run any command of the system of record from the command line.

Nothing here is written per command: ``pact do NAME`` builds its options from
the command class registered under ``NAME`` in
:data:`pact_domain.commands.COMMANDS` (its fields, their types and their
descriptions), turns the options into the command's JSON form, and builds the
command with :func:`~pact_domain.commands.command_from_json`, so the command
line checks exactly what a JSON file does.

How a field becomes an option (see :func:`field_options`):

* every field is ``--FIELD-NAME`` (dashes for underscores); ``actor`` is also
  ``--as``; a field ending in ``_id`` (``_ids``) is also ``--NAME`` without
  it (``--partnership``, ``--kpi``), and a list field also has its singular
  (``--breakdown``, ``--country``), where that names no other field;
* ids of partnerships, organisations and a partnership's KPIs, working
  groups, work packages and deliverables may be given by exact name;
* a list is the option repeated or a comma-separated list;
* a value object (a contact person, a KPI definition...) is a JSON object (a
  list of them: the option repeated, or a JSON array), with shorthands for
  the commonest: a reporting period ``2025`` (the calendar year) or
  ``2025-01-01/2025-06-30``, breakdowns ``gender=women:600,men:600``, a
  contact ``"Name <email>"``, a target ``"700000 employees by 2030-12-31"``.
"""

from __future__ import annotations

import argparse
import difflib
import enum
import json
import re
import sys
import textwrap
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
from cattrs.errors import AttributeValidationNote, IterableValidationNote

from pact_adapters.cli._common import (
    CommandParser,
    InputError,
    Names,
    Subparsers,
    UsageError,
    add_command,
    add_global_options,
    last_notification_id,
    names_an_aggregate,
    open_store,
    resolve_names,
    result_json,
    result_text,
)
from pact_domain.commands import (
    COMMANDS,
    Command,
    command_from_json,
    converter,
    field_types,
)
from pact_domain.commands._json import NAME_KEY
from pact_domain.errors import InvalidValueError
from pact_domain.values import BreakdownValue, ContactPerson, ReportingPeriod, Target

__all__ = [
    "FieldOption",
    "command_parser",
    "field_options",
    "options_to_json",
    "register",
    "run",
    "run_command",
]

_BASE = ("actor", "effective_at")


def register(subparsers: Subparsers) -> None:
    """Add ``pact do``."""
    parser = add_command(
        subparsers,
        "do",
        summary="run one command: register, submit, join, pledge, report...",
        description=(
            "Run one command of the system of record (any of those listed below; "
            "docs/commands.md describes them), with its fields as options, or "
            "given as a JSON object with --json. `pact do COMMAND --help` lists "
            "the command's options, what each means and the codes it accepts. "
            "Ids of partnerships, organisations and a partnership's KPIs, working "
            "groups, work packages and deliverables may be given by exact name. "
            "A refused command stores nothing.\n\n"
            "Prints the command's name, the events it recorded and what it "
            "returned (a new id, a version); with --json, a JSON object."
        ),
        examples="""
            pact do register-organisation --name "Istituto Tecnico Turistico" \\
                --stakeholder-type vet_provider --size small --country IT --as admin
            pact do report-kpi --partnership "Automotive Skills Alliance" \\
                --kpi "Employees upskilled or reskilled in the year" --period 2025 \\
                --value 1200 --breakdown gender=women:600,men:600 --as coordinator
            pact do report-kpi --help
            pact do --json command.json
        """,
        handler=run,
    )
    parser.add_argument(
        "--json",
        metavar="FILE",
        dest="json_file",
        help=(
            "run the command given as one JSON object in FILE (`-`: standard "
            'input), its name under "command"; print the outcome as JSON'
        ),
    )
    parser.add_argument(
        "name",
        metavar="COMMAND",
        nargs="?",
        help="the command to run, e.g. report-kpi (listed below)",
    )
    parser.add_argument(
        "arguments",
        metavar="OPTION",
        nargs=argparse.REMAINDER,
        help="the command's options (see `pact do COMMAND --help`)",
    )
    listing = "\n".join(
        f"  {name:<31} {cls.spec().doc}"
        if len(name) < 32
        else f"  {name}\n  {'':<31} {cls.spec().doc}"
        for name, cls in sorted(COMMANDS.items())
    )
    parser.epilog = f"commands:\n{listing}\n\n{parser.epilog}"


# -- fields as options ------------------------------------------------------------


@dataclass(frozen=True)
class FieldOption:
    """How one command field is given on the command line.

    Attributes:
        field: the command field.
        flags: its option strings, the friendliest first.
        kind: what one value is: ``text``, ``int``, ``bool``, ``number``,
            ``date``, ``when`` (a date or datetime), ``id``, ``code`` (a
            vocabulary code) or ``object`` (a value object, as JSON).
        many: the field is a list (the option repeats).
        required: the command has no default for it.
        item: the vocabulary (``code``) or value-object class (``object``).
        help: the option's help text.
    """

    field: str
    flags: tuple[str, ...]
    kind: str
    many: bool
    required: bool
    item: Any
    help: str


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """The type without ``None``, and whether ``None`` was allowed."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        members = tuple(a for a in args if a is not type(None))
        optional = len(members) < len(args)
        if len(members) == 1:
            return members[0], optional
        return typing.Union[members], optional  # noqa: UP007 - built at run time
    return hint, False


def _kind(hint: Any) -> tuple[str, Any]:
    """What one value of this (non-list) type is, and its class."""
    members = (
        typing.get_args(hint)
        if typing.get_origin(hint) in (typing.Union, types.UnionType)
        else (hint,)
    )
    enums = [m for m in members if isinstance(m, type) and issubclass(m, enum.Enum)]
    if enums:
        return "code", enums[0]
    if Decimal in members:
        return "number", Decimal
    if set(members) == {datetime, date}:
        return "when", None
    simple = {
        str: "text",
        int: "int",
        bool: "bool",
        UUID: "id",
        date: "date",
        datetime: "when",
    }
    if len(members) == 1 and members[0] in simple:
        return simple[members[0]], members[0]
    if len(members) == 1 and attrs.has(members[0]):
        return "object", members[0]
    raise TypeError(f"no command-line form for {hint!r}")  # pragma: no cover


def _singular(name: str) -> str | None:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return None


def _dashed(name: str) -> str:
    return "--" + name.replace("_", "-")


_SHORTHANDS: dict[type, str] = {
    ReportingPeriod: (
        "YEAR (the calendar year, e.g. 2025), START/END (e.g. "
        "2025-01-01/2025-06-30) or JSON"
    ),
    BreakdownValue: (
        "DIMENSION=CATEGORY:VALUE,CATEGORY:VALUE... (e.g. "
        "gender=women:600,men:600; one option per dimension) or JSON"
    ),
    ContactPerson: '"FULL NAME <EMAIL>" or JSON',
    Target: '"VALUE [UNIT] [by YYYY-MM-DD]" (e.g. "700000 employees by 2030-12-31") '
    "or JSON",
}
"""Short forms of the commonest value objects, for their options' help."""


def _codes(cls: type[enum.Enum]) -> str:
    return ", ".join(str(m.value) for m in cls)


def _help(
    doc: str, kind: str, item: Any, many: bool, required: bool, field: str
) -> str:
    parts = [doc[:1].upper() + doc[1:].rstrip(".") + "."]
    if kind == "code":
        parts.append(f"One of: {_codes(item)}.")
    elif kind == "object":
        keys = ", ".join(f.name for f in attrs.fields(item))
        shorthand = _SHORTHANDS.get(item)
        parts.append(
            f"{shorthand} (a JSON object with the keys {keys})."
            if shorthand
            else f"A JSON object with the keys {keys}."
        )
    else:
        parts.append(
            {
                "text": "",
                "int": "A whole number.",
                "bool": "yes or no.",
                "number": "A number (e.g. 1200 or 12.5).",
                "date": "An ISO date (YYYY-MM-DD).",
                "when": "An ISO date, or an ISO datetime with a UTC offset.",
                "id": "An id"
                + (" or an exact name." if names_an_aggregate(field) else "."),
            }[kind]
        )
    if many:
        parts.append(
            "Repeat the option, or give a JSON array."
            if kind == "object"
            else "Repeat the option, or separate values with commas."
        )
    if required:
        parts.append("Required.")
    return " ".join(p for p in parts if p).replace("%", "%%")


def field_options(cls: type[Command[Any]]) -> list[FieldOption]:
    """The options of ``pact do NAME`` for the command class ``cls``: its own
    fields in order, then ``--as``/``--actor`` and ``--effective-at``."""
    spec = cls.spec()
    hints = field_types(cls)
    fields = attrs.fields(cls)
    ordered = [f for f in fields if f.name not in _BASE] + [
        f for f in fields if f.name in _BASE
    ]
    taken = {_dashed(f.name) for f in fields} | {"--store", "--debug", "--help"}
    out = []
    for f in ordered:
        hint, _ = _unwrap(hints[f.name])
        many = typing.get_origin(hint) is tuple
        if many:
            hint, _ = _unwrap(typing.get_args(hint)[0])
        kind, item = _kind(hint)
        aliases: list[str] = []
        if f.name == "actor":
            aliases.append("--as")
        for suffix in ("_ids", "_id"):
            if f.name.endswith(suffix) and f.name != suffix.lstrip("_"):
                aliases.append(_dashed(f.name.removesuffix(suffix)))
                break
        else:
            singular = _singular(f.name) if many else None
            if singular:
                aliases.append(_dashed(singular))
        friendly = [a for a in aliases if a not in taken]
        taken.update(friendly)
        required = f.default is attrs.NOTHING
        out.append(
            FieldOption(
                field=f.name,
                flags=(*friendly, _dashed(f.name)),
                kind=kind,
                many=many,
                required=required,
                item=item,
                help=_help(spec.field_docs[f.name], kind, item, many, required, f.name),
            )
        )
    return out


def command_parser(cls: type[Command[Any]]) -> argparse.ArgumentParser:
    """The parser of ``pact do NAME`` for the command class ``cls``."""
    spec = cls.spec()
    creates = "creates" if spec.target_field is None else "acts on"
    parser = CommandParser(
        prog=f"pact do {spec.name}",
        description="\n\n".join(
            [
                textwrap.fill(
                    f"{spec.doc} ({cls.__name__}; {creates} a {spec.target.__name__}.)",
                    width=79,
                ),
                textwrap.fill(
                    "Ids may be given by exact name where the option says so. "
                    "Prints the events recorded and what the command returned; "
                    "a refused command stores nothing.",
                    width=79,
                ),
            ]
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    group = parser.add_argument_group("fields")
    for option in field_options(cls):
        first = "--actor" if option.field == "actor" else option.flags[0]
        metavar = first.removeprefix("--").upper().replace("-", "_")
        group.add_argument(
            *option.flags,
            dest=option.field,
            metavar=metavar,
            action="append" if option.many else "store",
            required=option.required,
            default=None,
            help=option.help,
        )
    add_global_options(parser)
    return parser


# -- option values to the command's JSON form --------------------------------------

_PERIOD = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*/\s*(\d{4}-\d{2}-\d{2})\s*$")
_TARGET = re.compile(
    r"^\s*(?P<value>-?\d[\d_]*(?:\.\d+)?)(?:\s+(?P<unit>.*?))?"
    r"(?:\s+by\s+(?P<deadline>\d{4}-\d{2}-\d{2}))?\s*$"
)
_CONTACT = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>]+)>\s*$")


class _Bad(Exception):
    def __init__(self, rule: str) -> None:
        self.rule = rule


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _Bad(f"{text[:40]!r} is not JSON ({error.msg})") from None


def _object(cls: Any, text: str) -> list[Any]:
    """One option value of a value-object field: the objects it gives."""
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        value = _json_value(stripped)
        return value if isinstance(value, list) else [value]
    if cls is ReportingPeriod:
        if stripped.isdigit() and len(stripped) == 4:
            return [{"start": f"{stripped}-01-01", "end": f"{stripped}-12-31"}]
        match = _PERIOD.match(stripped)
        if match:
            return [{"start": match[1], "end": match[2]}]
        raise _Bad(f"{text!r} is not a year (2025), START/END or a JSON object")
    if cls is BreakdownValue:
        dimension, equals, rest = stripped.partition("=")
        if not equals or not dimension.strip() or not rest.strip():
            raise _Bad(
                f"{text!r} is not DIMENSION=CATEGORY:VALUE,... "
                "(e.g. gender=women:600,men:600) or JSON"
            )
        items = []
        for pair in rest.split(","):
            category, colon, value = pair.rpartition(":")
            if not colon or not category.strip() or not value.strip():
                raise _Bad(f"{pair.strip()!r} is not CATEGORY:VALUE (e.g. women:600)")
            items.append(
                {
                    "dimension": dimension.strip(),
                    "category": category.strip(),
                    "value": value.strip(),
                }
            )
        return items
    if cls is ContactPerson:
        match = _CONTACT.match(stripped)
        if match:
            return [{"full_name": match["name"], "email": match["email"].strip()}]
        raise _Bad(f'{text!r} is not "FULL NAME <EMAIL>" or a JSON object')
    if cls is Target:
        match = _TARGET.match(stripped)
        if match:
            target: dict[str, Any] = {"value": match["value"].replace("_", "")}
            if match["unit"]:
                target["unit"] = match["unit"]
            if match["deadline"]:
                target["deadline"] = match["deadline"]
            return [target]
        raise _Bad(f'{text!r} is not "VALUE [UNIT] [by YYYY-MM-DD]" or JSON')
    raise _Bad(f"{text[:40]!r} is not a JSON object")


def _scalar(kind: str, text: str) -> Any:
    if kind == "int":
        try:
            return int(text.strip().replace("_", ""))
        except ValueError:
            raise _Bad(f"{text!r} is not a whole number") from None
    if kind == "bool":
        answer = text.strip().lower()
        if answer in ("yes", "true", "y", "1"):
            return True
        if answer in ("no", "false", "n", "0"):
            return False
        raise _Bad(f"{text!r} is not yes or no")
    if kind == "number":
        return text.strip().replace("_", "")
    if kind in ("id", "code", "date", "when"):
        return text.strip()
    return text


def options_to_json(
    cls: type[Command[Any]], args: argparse.Namespace
) -> dict[str, Any]:
    """The command's JSON form from the parsed options of ``pact do NAME``.

    Raises:
        InputError: an option's value is not of its form (a whole number,
            yes or no, JSON...), naming the option.
    """
    name = cls.spec().name
    data: dict[str, Any] = {NAME_KEY: name}
    for option in field_options(cls):
        given = getattr(args, option.field, None)
        if given is None:
            continue
        values = given if option.many else [given]
        try:
            if option.kind == "object":
                found = [obj for text in values for obj in _object(option.item, text)]
                data[option.field] = found if option.many else found[0]
            elif option.many:
                data[option.field] = [
                    _scalar(option.kind, part)
                    for text in values
                    for part in (text.split(",") if text.strip() else [])
                    if part.strip()
                ]
            else:
                data[option.field] = _scalar(option.kind, given)
        except _Bad as bad:
            raise InputError(
                f"do {name}: {option.flags[0]}",
                bad.rule,
                entity=cls.__name__,
                field=option.field,
                value=given,
            ) from None
    return data


# -- running ----------------------------------------------------------------------


def run_command(
    app: Any,
    data: dict[str, Any],
    names: Names,
    where: Callable[[str], str],
) -> tuple[Command[Any], Any]:
    """Build the command of a JSON form (names resolved) and run it.

    Returns:
        The command and what it returned.

    Raises:
        InputError: the JSON form is refused (naming the field by ``where``).
        PactError: the domain refused the command (nothing is stored).
    """
    name = data.get(NAME_KEY) if isinstance(data, dict) else None
    cls = COMMANDS.get(name) if isinstance(name, str) else None
    if cls is not None:
        data = resolve_names(cls, data, names, where)
        _check_numbers(cls, data, where)
    try:
        command = command_from_json(data)
    except InputError:
        raise
    except InvalidValueError as error:
        field = error.field or NAME_KEY
        rule = error.rule
        if rule.startswith("While structuring") and cls is not None:
            rule = _structuring_failure(cls, data, field) or rule
        raise InputError(
            where(field),
            rule,
            entity=error.entity,
            field=error.field,
            value=error.value,
        ) from None
    try:
        result = app.handle(command)
    except InputError:
        raise
    except InvalidValueError as error:  # a field's value, refused by its rules
        target = type(command).spec().target
        entity = getattr(target, "ENTITY", target.__name__)
        if (
            error.field not in attrs.fields_dict(type(command))
            or error.entity.split(" ")[0] != entity
        ):
            raise
        raise InputError(
            where(error.field),
            error.rule,
            entity=error.entity,
            field=error.field,
            value=error.value,
        ) from None
    spec = type(command).spec()
    if spec.target_field is None and isinstance(result, UUID):
        kind = spec.target.__name__
        if kind in ("Partnership", "Organisation"):
            names.learn(kind, getattr(command, "name", ""), result)
    return command, result


def _leaf(error: BaseException) -> str:
    """Where in a value and why ``cattrs`` failed: ``item 0: value: ...``."""
    if isinstance(error, BaseExceptionGroup):
        sub = error.exceptions[0]
        where = ""
        for note in getattr(sub, "__notes__", []):
            if isinstance(note, IterableValidationNote):
                where = f"item {note.index}: "
            elif isinstance(note, AttributeValidationNote):
                where = f"{note.name}: "
        return where + _leaf(sub)
    if isinstance(error, ArithmeticError):
        return "must be a number"
    return str(error) or type(error).__name__


def _structuring_failure(
    cls: type[Command[Any]], data: dict[str, Any], field: str
) -> str | None:
    """The first failure of structuring ``data[field]``, in words."""
    hint = field_types(cls).get(field)
    if hint is None or field not in data:
        return None
    try:
        converter.structure(data[field], hint)
    except BaseExceptionGroup as error:
        return _leaf(error)
    except Exception as error:
        return _leaf(error)
    return None


def _check_numbers(
    cls: type[Command[Any]], data: dict[str, Any], where: Callable[[str], str]
) -> None:
    """Refuse a decimal field's text that is not a number (which
    ``command_from_json`` lets through as a ``decimal`` exception)."""
    hints = field_types(cls)
    for name, value in data.items():
        if name not in hints or not isinstance(value, str):
            continue
        if Decimal not in (hints[name], *typing.get_args(hints[name])):
            continue
        try:
            finite = Decimal(value.strip()).is_finite()
        except ArithmeticError:
            finite = False
        if not finite:
            raise InputError(
                where(name),
                f"must be a number, not {value[:40]!r}",
                entity=cls.__name__,
                field=name,
                value=value,
            )


def _unknown(name: str) -> InputError:
    near = difflib.get_close_matches(name, COMMANDS, n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return InputError(
        "do",
        f"{name!r} is not a command{hint} (`pact do --help` lists them)",
        field=NAME_KEY,
        value=name,
    )


def _read_json(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"do --json {path}", "is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"do --json {path}:{error.lineno}",
            f"is not JSON: {error.msg} (column {error.colno})",
        ) from None


def run(args: argparse.Namespace) -> int:
    """Run one command given by options or as JSON."""
    if args.json_file is not None:
        if args.name is not None:
            raise InputError(
                "do",
                "give either a COMMAND with its options or --json FILE, not both",
            )
        return _run_json(args)
    if args.name is None:
        raise InputError(
            "do", "give a COMMAND (`pact do --help` lists them) or --json FILE"
        )
    cls = COMMANDS.get(args.name)
    if cls is None:
        raise _unknown(args.name)
    parser = command_parser(cls)
    try:
        parsed = parser.parse_args(args.arguments)
    except SystemExit as stop:  # --help
        return stop.code if isinstance(stop.code, int) else 2
    except UsageError as error:
        raise InputError("", str(error), entity=cls.__name__) from None
    for option in ("store", "debug"):
        if hasattr(parsed, option):
            setattr(args, option, getattr(parsed, option))
    data = options_to_json(cls, parsed)
    flags = {o.field: o.flags[0] for o in field_options(cls)}
    app = open_store(args, must_exist=cls.spec().target_field is not None)
    names = Names(app)
    before = last_notification_id(app)
    _, result = run_command(
        app,
        data,
        names,
        lambda field: f"do {cls.spec().name}: {flags.get(field, field)}",
    )
    events = last_notification_id(app) - before
    line = f"{cls.spec().name}: {events} event(s) recorded"
    if result is not None:
        line += f"; returned {result_text(result)}"
    print(line)
    return 0


def _run_json(args: argparse.Namespace) -> int:
    data = _read_json(args.json_file)
    if not isinstance(data, dict):
        raise InputError(
            f"do --json {args.json_file}",
            f"must be one JSON object, not {type(data).__name__}",
        )
    name = data.get(NAME_KEY)
    cls = COMMANDS.get(name) if isinstance(name, str) else None
    if cls is None:
        if isinstance(name, str):
            raise _unknown(name)
        raise InputError(
            f"do --json {args.json_file}",
            'has no command name (give it under "command", e.g. "report-kpi")',
            field=NAME_KEY,
        )
    app = open_store(args, must_exist=cls.spec().target_field is not None)
    names = Names(app)
    before = last_notification_id(app)
    _, result = run_command(
        app, data, names, lambda field: f"do --json {args.json_file}: {name}: {field}"
    )
    after = last_notification_id(app)
    record = {
        "command": name,
        "events": after - before,
        "notifications": [before + 1, after] if after > before else [],
        "result": result_json(result),
    }
    print(json.dumps(record, ensure_ascii=False))
    return 0
