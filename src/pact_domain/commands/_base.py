"""The command base class, the per-class command specification, and the
boundary check that every command's fields pass when it is built.

A command is one frozen ``attrs`` class, defined once: its typed fields (each
documented in the class docstring's ``Args:`` section), the aggregate it acts
on, the field that names that aggregate (none for the commands that create
one), and the field whose date is the command's default effective time.

Building a command checks and normalises every field against its declared
type (a ``list`` becomes a ``tuple``, a vocabulary code becomes its enum
member, an ``int`` or a numeric string becomes a ``Decimal``); a value of the
wrong type raises :class:`~pact_domain.errors.InvalidValueError` naming the
command, the field and the rule, so nothing of the wrong type ever reaches an
aggregate.  The domain's own rules (a vocabulary's codes, a text's length, a
member being current...) are checked by the aggregates when the command runs.
"""

from __future__ import annotations

import enum
import inspect
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

import attrs

from pact_domain._jsonschema import field_docs
from pact_domain.commands._glossary import FIELD_GLOSSARY
from pact_domain.errors import InvalidValueError
from pact_domain.events import PactAggregate

__all__ = [
    "Command",
    "CommandSpec",
    "Reader",
    "command",
    "kebab_name",
    "shorten",
]

R = TypeVar("R")
C = TypeVar("C", bound="type[Command[Any]]")
G = TypeVar("G", bound=PactAggregate)

_MAX_ECHO = 60


def shorten(value: object, limit: int = _MAX_ECHO) -> str:
    """``repr(value)``, cut to ``limit`` characters (an error message never
    echoes a 10 MB input whole)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kebab_name(cls: type) -> str:
    """``ReportKpi`` → ``report-kpi``: a command's name in files and the CLI."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Reader(typing.Protocol):
    """What a command's cross-aggregate check may read: an aggregate by class
    and id (raising :class:`~pact_domain.errors.NotFoundError` naming the
    field when there is none)."""

    def load(self, cls: type[G], aggregate_id: UUID, field: str = "id") -> G:
        """The current state of one aggregate."""
        ...  # pragma: no cover


@attrs.frozen
class CommandSpec:
    """How the handler runs one command class (set by :func:`command`).

    Attributes:
        name: the command's name in files and the CLI (``"report-kpi"``).
        target: the aggregate class the command acts on.
        target_field: the field naming the aggregate, or ``None`` when the
            command creates it (the aggregate's class method of the same name
            then builds it, with the ``id`` field if given).
        method: the aggregate method (or class method) the command calls.
        effective_from: a dotted path to the field whose date is the default
            effective time (``"signed_on"``, ``"period.end"``), or ``None``
            for "when it is recorded".
        arguments: the fields passed to the aggregate method, by name.
        loads: fields naming another aggregate that the method needs loaded
            (field → (keyword, class)); it is saved with the target, at once.
        references: fields naming aggregates that must exist (field → class;
            a tuple field names several).
        doc: the command's summary line.
        field_docs: each field's description, from the ``Args:`` section.
    """

    name: str
    target: type[Any]
    target_field: str | None
    method: str
    effective_from: str | None
    arguments: tuple[str, ...]
    loads: Mapping[str, tuple[str, type[Any]]]
    references: Mapping[str, type[Any]]
    doc: str
    field_docs: Mapping[str, str]


_BASE_FIELDS = ("actor", "effective_at")


@attrs.frozen(kw_only=True)
class Command(Generic[R]):
    """Base class of every command: who asks, and when the fact took effect.

    ``R`` is what running the command returns (an id, a version, or ``None``).

    Args:
        actor: who causes the command's events (at most 200 characters).
        effective_at: when the fact took effect: an aware datetime, or a date
            meaning midnight UTC; by default the command's own date where it
            has one (a signature's signing date, a KPI report's period end),
            else the recording time.
    """

    __command_spec__: ClassVar[CommandSpec]

    actor: str
    effective_at: datetime | date | None = None

    def __attrs_post_init__(self) -> None:
        _checker_of(type(self))(self)

    @classmethod
    def spec(cls) -> CommandSpec:
        """This command class's :class:`CommandSpec`."""
        try:
            return cls.__dict__["__command_spec__"]  # type: ignore[no-any-return]
        except KeyError:
            raise TypeError(f"{cls.__name__} is not a registered command") from None

    def default_effective_at(self) -> datetime | date | None:
        """The effective time when none is given: the command's own date
        (see :attr:`CommandSpec.effective_from`), else ``None``."""
        path = self.spec().effective_from
        if path is None:
            return None
        value: Any = self
        for part in path.split("."):
            value = getattr(value, part)
        return value  # type: ignore[no-any-return]

    def check(self, reader: Reader) -> None:
        """Rules that need another aggregate's current state (besides the
        existence of :attr:`CommandSpec.references`): none by default."""

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of the aggregate method."""
        return {name: getattr(self, name) for name in self.spec().arguments}


COMMANDS: dict[str, type[Command[Any]]] = {}
"""Every command class by its name (``"report-kpi"``), in definition order."""


def command(
    *,
    target: type[Any],
    creates: bool = False,
    effective_from: str | None = None,
    method: str | None = None,
    loads: Mapping[str, tuple[str, type[Any]]] | None = None,
    references: Mapping[str, type[Any]] | None = None,
) -> Callable[[C], C]:
    """Register a command class: what it acts on and how.

    The aggregate method is the command's name in snake case
    (``ReportKpi`` → ``report_kpi``), or that name without the aggregate's
    noun (``JoinPartnership`` → ``Partnership.join``), unless ``method`` says
    otherwise.  The target field is the class's first field (its only
    positional argument) unless the command ``creates`` the aggregate.
    """

    def register(cls: C) -> C:
        fields = attrs.fields(cls)
        own = [f.name for f in fields if f.name not in _BASE_FIELDS]
        target_field = None if creates else own[0]
        loaded = dict(loads or {})
        arguments = tuple(n for n in own if n != target_field and n not in loaded)
        written = field_docs(cls)
        docs = {
            f.name: written.get(f.name) or FIELD_GLOSSARY.get(f.name, "")
            for f in fields
        }
        missing = [f.name for f in fields if not docs.get(f.name)]
        if missing:
            raise TypeError(f"{cls.__name__}: fields without a description: {missing}")
        spec = CommandSpec(
            name=kebab_name(cls),
            target=target,
            target_field=target_field,
            method=method or _method_name(cls, target, creates),
            effective_from=effective_from,
            arguments=arguments,
            loads=loaded,
            references=dict(references or {}),
            doc=(inspect.getdoc(cls) or "").split("\n\n", 1)[0].strip(),
            field_docs=docs,
        )
        type.__setattr__(cls, "__command_spec__", spec)
        if spec.name in COMMANDS:
            raise TypeError(f"two commands are named {spec.name!r}")
        COMMANDS[spec.name] = cls
        return cls

    return register


def _method_name(cls: type, target: type[Any], creates: bool) -> str:
    name = _snake(cls.__name__)
    if callable(getattr(target, name, None)):
        return name
    noun = getattr(target, "COMMAND_NOUN", None) or _snake(target.__name__)
    short = name.replace(f"_{noun}", "", 1)
    if short != name and callable(getattr(target, short, None)):
        return short
    raise TypeError(
        f"{cls.__name__}: {target.__name__} has no method {name!r} or {short!r}"
    )


# -- the boundary check ---------------------------------------------------------

Check = Callable[[Any], Any]
"""Normalise one value or raise ``_Refused`` with the rule broken."""


class _Refused(Exception):
    def __init__(self, rule: str) -> None:
        self.rule = rule


def _type_name(value: object) -> str:
    return type(value).__name__


def _instance(cls: type) -> Check:
    article = "an" if cls.__name__[:1].lower() in "aeiou" else "a"

    def check(value: Any) -> Any:
        if isinstance(value, cls) and not (cls is int and isinstance(value, bool)):
            return value
        raise _Refused(f"must be {article} {cls.__name__}, not {_type_name(value)}")

    return check


def _a_date(value: Any) -> Any:
    if isinstance(value, datetime):
        raise _Refused("must be a date, not a datetime")
    if isinstance(value, date):
        return value
    raise _Refused(f"must be a date, not {_type_name(value)}")


def _a_datetime_or_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    raise _Refused(f"must be a datetime or a date, not {_type_name(value)}")


def _a_decimal(value: Any) -> Any:
    if isinstance(value, bool | float):
        raise _Refused(
            f"must be a Decimal, an int or a numeric string, not {_type_name(value)}"
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _Refused("must be a finite number")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise _Refused(f"must be a number, not {shorten(value)}") from None
        if not number.is_finite():
            raise _Refused("must be a finite number")
        return number
    raise _Refused(
        f"must be a Decimal, an int or a numeric string, not {_type_name(value)}"
    )


def _an_enum(cls: type[enum.Enum]) -> Check:
    codes = ", ".join(str(m.value) for m in cls)

    def check(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                raise _Refused(
                    f"{shorten(value)} is not one of: {shorten(codes, 400)}"
                ) from None
        raise _Refused(f"must be a {cls.__name__} code, not {_type_name(value)}")

    return check


def _a_tuple(item: Check) -> Check:
    def check(value: Any) -> Any:
        if not isinstance(value, tuple | list):
            raise _Refused(f"must be a tuple, not {_type_name(value)}")
        out = []
        for index, element in enumerate(value):
            try:
                out.append(item(element))
            except _Refused as refused:
                raise _Refused(f"item {index}: {refused.rule}") from None
        return tuple(out)

    return check


def _optional(inner: Check) -> Check:
    def check(value: Any) -> Any:
        return None if value is None else inner(value)

    return check


def _any_of(checks: list[Check], names: list[str]) -> Check:
    def check(value: Any) -> Any:
        for one in checks:
            try:
                return one(value)
            except _Refused:
                continue
        raise _Refused(f"must be one of {' | '.join(names)}, not {_type_name(value)}")

    return check


def checker_for(hint: Any) -> Check:
    """The check of one declared field type."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        if Decimal in members:
            # A number given as a Decimal, an int or a numeric string.
            members = [Decimal]
        inner = (
            checker_for(members[0])
            if len(members) == 1
            else _any_of(
                [checker_for(m) for m in members],
                [getattr(m, "__name__", str(m)) for m in members],
            )
        )
        if type(None) in typing.get_args(hint):
            return _optional(inner)
        return inner
    if origin is tuple:
        args = typing.get_args(hint)
        return _a_tuple(checker_for(args[0]))
    if hint is Any:
        return lambda value: value
    if hint is Decimal:
        return _a_decimal
    if hint is date:
        return _a_date
    if hint is datetime:
        return _instance(datetime)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _an_enum(hint)
    if isinstance(hint, type):
        return _instance(hint)
    raise TypeError(f"no boundary check for the type {hint!r}")


_CHECKERS: dict[type, Callable[[Any], None]] = {}
_HINTS: dict[type, dict[str, Any]] = {}


def field_types(cls: type) -> dict[str, Any]:
    """A command class's resolved field types (worked out once per class)."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _checker_of(cls: type) -> Callable[[Any], None]:
    try:
        return _CHECKERS[cls]
    except KeyError:
        pass
    hints = field_types(cls)
    checks: list[tuple[str, Check]] = []
    for field in attrs.fields(cls):
        hint = hints[field.name]
        if field.name == "effective_at":
            checks.append((field.name, _optional(_a_datetime_or_date)))
        else:
            checks.append((field.name, checker_for(hint)))
    entity = cls.__name__

    def check(command: Any) -> None:
        for name, one in checks:
            value = getattr(command, name)
            try:
                normal = one(value)
            except _Refused as refused:
                raise InvalidValueError(
                    entity, name, refused.rule, shorten(value)
                ) from None
            if normal is not value:
                object.__setattr__(command, name, normal)

    _CHECKERS[cls] = check
    return check
