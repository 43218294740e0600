"""Stored-event mapping with compiled per-class functions and orjson (private).

``eventsourcing``'s default mapper copies ``vars(event)`` through a JSON
transcoder that needs a registered transcoding per custom type, and snapshots
come back with lists for tuples.  Ours turns each event into plain data by its
declared field types and serialises it with ``orjson``, so value objects,
tuples, decimals and enums come back exactly as they were.

The stored format is the one :data:`pact_domain.serialization.converter`
produces (datetimes and dates ISO 8601, decimals and UUIDs strings, vocabulary
members their codes, tuples lists, value objects objects of their fields), but
the hot paths do not go through ``cattrs``: for each event class a function is
generated once, with one expression per field, and

* unstructuring reads the fields directly and formats the built-in types
  itself (a type the compiler does not know, or an ``attrs`` class with a hook
  registered on the converter, goes through the converter's hook);
* structuring builds events, value objects and records *without* running their
  ``__init__``: stored events were valid when they were recorded, and their
  validators and converters would only check them again.

:func:`unstructure_fn` and :func:`structure_fn` give the compiled functions for
any type, e.g. to snapshot an aggregate's state.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import linecache
import re
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any
from uuid import UUID, SafeUUID

import attrs
import orjson
from eventsourcing.domain import DomainEventProtocol, Snapshot
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    Mapper,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import TopicError, get_topic, resolve_topic

from pact_domain.errors import StoredEventError
from pact_domain.serialization import _fast, converter

__all__ = [
    "EventMapper",
    "OrjsonTranscoder",
    "json_ready_fn",
    "structure_fn",
    "unstructure_fn",
]


class OrjsonTranscoder(Transcoder):
    """Plain-data transcoder on ``orjson`` (no custom transcodings needed)."""

    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


# -- leaf conversions ----------------------------------------------------------

_new = object.__new__
_setattr = object.__setattr__
_SAFE_UNKNOWN = SafeUUID.unknown


_UUIDS: dict[str, UUID] = {}
_UUIDS_MAX = 16_384


def _uuid(value: Any) -> UUID:
    """A UUID from its canonical string (faster than ``UUID(s)``).

    Recently built UUIDs are shared (they are immutable): a history names the
    same KPIs, members and reporters again and again.
    """
    found = _UUIDS.get(value)
    if found is not None:
        return found
    if type(value) is str and len(value) == 36:
        u = _new(UUID)
        _setattr(u, "int", int(value.replace("-", ""), 16))
        _setattr(u, "is_safe", _SAFE_UNKNOWN)
        if len(_UUIDS) >= _UUIDS_MAX:
            _UUIDS.clear()
        _UUIDS[value] = u
        return u
    return value if isinstance(value, UUID) else UUID(value)


def _decimal(value: Any) -> Decimal:
    return Decimal(value) if type(value) is str else Decimal(str(value))


def _datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


_PLAIN = (str, int, bool, float, type(None))
_LEAF_UNSTRUCTURE = {
    UUID: "str({})",
    Decimal: "str({})",
    datetime: "{}.isoformat()",
    date: "{}.isoformat()",
}
_LEAF_STRUCTURE: dict[type[Any], Callable[[Any], Any]] = {
    UUID: _uuid,
    Decimal: _decimal,
    datetime: _datetime,
    date: _date,
}
_LEAF_FROM_JSON: dict[type[Any], Callable[[Any], Any]] = {
    # Stored events come from orjson.loads: always the strings we wrote.
    UUID: _uuid,
    Decimal: Decimal,
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
}
_SET_BY_MAPPER = frozenset({"originator_id", "originator_version"})
_MISSING = object()


def _is_optional(hint: Any) -> Any:
    """``X`` for ``X | None`` (one other type), else ``None``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0]
    return None


def _has_direct_hook(dispatch: Any, cls: type[Any]) -> bool:
    """Whether a hook was registered on a converter for exactly ``cls``.

    (``register_unstructure_hook(cls, fn)`` and ``register_structure_hook``;
    hooks registered with a predicate are not seen.)
    """
    if cls in getattr(dispatch, "_direct_dispatch", {}):
        return True
    single = getattr(dispatch, "_single_dispatch", None)
    return cls in getattr(single, "registry", {})


def _fields(cls: type[Any]) -> list[tuple[str, Any, Any]]:
    """(name, resolved hint, default or factory) of an attrs class or dataclass."""
    hints = typing.get_type_hints(cls)
    out: list[tuple[str, Any, Any]] = []
    default: Any
    if attrs.has(cls):
        for a in attrs.fields(cls):
            default = _MISSING if a.default is attrs.NOTHING else a.default
            out.append((a.name, hints.get(a.name, a.type), default))
    else:
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                default = f.default
            elif f.default_factory is not dataclasses.MISSING:
                default = attrs.Factory(f.default_factory)
            else:
                default = _MISSING
            out.append((f.name, hints[f.name], default))
    return out


_GENERATED = "<pact mapper"
_BUILDS = itertools.count()


class _Compiler:
    """Generates Python source for one family of (un)structuring functions.

    With ``for_json`` the unstructuring leaves UUIDs, dates and UTC datetimes
    as they are, for ``orjson`` to format them (identically, and faster).
    """

    def __init__(self, *, for_json: bool = False, from_json: bool = False) -> None:
        self.for_json = for_json
        self.from_json = from_json
        self.namespace: dict[str, Any] = {
            "_new": _new,
            "_setattr": _setattr,
            "_MISSING": _MISSING,
            "_UTC": UTC,
        }
        self.sources: list[str] = []
        self._names: dict[tuple[str, Any], str] = {}
        self._count = itertools.count()

    def ref(self, obj: Any) -> str:
        """A name for ``obj`` in the generated code's namespace."""
        name = f"_g{next(self._count)}"
        self.namespace[name] = obj
        return name

    def build(self, name: str) -> Callable[..., Any]:
        """Compile the generated source and return the function ``name``."""
        code = "\n\n".join(self.sources)
        filename = f"{_GENERATED} {name} {next(_BUILDS)}>"
        # Registered so that tracebacks show the generated line (and the
        # mapper can name the field a damaged stored event failed on).
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        exec(compile(code, filename, "exec"), self.namespace)
        fn: Callable[..., Any] = self.namespace[name]
        return fn

    # -- unstructure -----------------------------------------------------------

    def unstructure(self, hint: Any, expr: str) -> str:
        """An expression that unstructures ``expr`` (evaluated at most twice)."""
        if hint in _PLAIN:
            return expr
        if hint is Any or isinstance(hint, typing.TypeVar) or hint is object:
            return f"{self.ref(converter.unstructure)}({expr})"
        if hint in _LEAF_UNSTRUCTURE:
            if self.for_json and hint in (UUID, date):
                return expr
            if self.for_json and hint is datetime:
                # orjson writes an offset in whole minutes only.
                return f"({expr} if {expr}.tzinfo is _UTC else {expr}.isoformat())"
            return _LEAF_UNSTRUCTURE[hint].format(expr)
        inner = _is_optional(hint)
        if inner is not None:
            return f"(None if {expr} is None else {self.unstructure(inner, expr)})"
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            # orjson writes a member's value; ``_value_`` skips the property.
            return expr if self.for_json else f"{expr}._value_"
        if _is_sequence(origin, args):
            item = self.unstructure(args[0], "x") if args else "x"
            return f"list({expr})" if item == "x" else f"[{item} for x in {expr}]"
        if origin is dict and len(args) == 2:
            key = self.unstructure(args[0], "k")
            value = self.unstructure(args[1], "v")
            return f"{{{key}: {value} for k, v in {expr}.items()}}"
        if (
            isinstance(hint, type)
            and (attrs.has(hint) or dataclasses.is_dataclass(hint))
            and not _has_direct_hook(converter._unstructure_func, hint)
        ):
            return f"{self.unstructure_class(hint)}({expr})"
        hook = converter.get_unstructure_hook(hint)
        return f"{self.ref(hook)}({expr})"

    def unstructure_class(self, cls: type[Any], *, event: bool = False) -> str:
        """A function turning a ``cls`` into a dict of its fields."""
        key = ("u", cls)
        if key in self._names:
            return self._names[key]
        name = f"_u_{cls.__name__}_{next(self._count)}"
        self._names[key] = name
        plain_state = event and issubclass(cls, Snapshot)
        items = []
        for field, hint, _ in _fields(cls):
            if event and field in _SET_BY_MAPPER:
                continue
            expr = f"o.{field}"
            if plain_state and field == "state":
                value = expr
            else:
                value = self.unstructure(hint, expr)
            items.append(f"{field!r}: {value}")
        body = "".join(f"\n        {item}," for item in items)
        self.sources.append(f"def {name}(o):\n    return {{{body}\n    }}")
        return name

    # -- structure -------------------------------------------------------------

    def structure(self, hint: Any, expr: str) -> str:
        """An expression that structures ``expr`` (evaluated at most twice)."""
        if hint in _PLAIN or hint is Any or isinstance(hint, typing.TypeVar):
            return expr
        if hint is UUID:
            return f"({self.ref(_UUIDS)}.get({expr}) or {self.ref(_uuid)}({expr}))"
        if hint in _LEAF_STRUCTURE:
            leaves = _LEAF_FROM_JSON if self.from_json else _LEAF_STRUCTURE
            return f"{self.ref(leaves[hint])}({expr})"
        inner = _is_optional(hint)
        if inner is not None:
            return f"(None if {expr} is None else {self.structure(inner, expr)})"
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            members = self.ref(hint._value2member_map_)
            return f"({members}.get({expr}) or {self.ref(hint)}({expr}))"
        if _is_sequence(origin, args):
            item = self.structure(args[0], "x") if args else "x"
            make = self.ref(origin)
            if item == "x":
                return f"{make}({expr})"
            return f"{make}([{item} for x in {expr}])"
        if origin is dict and len(args) == 2:
            # JSON object keys are strings: numbers come back through int().
            key = (
                f"{self.ref(args[0])}(k)"
                if args[0] in (int, float)
                else self.structure(args[0], "k")
            )
            value = self.structure(args[1], "v")
            return f"{{{key}: {value} for k, v in {expr}.items()}}"
        if (
            isinstance(hint, type)
            and attrs.has(hint)
            and not _has_direct_hook(_fast._structure_func, hint)
        ):
            return f"{self.structure_class(hint)}({expr})"
        hook = _fast.get_structure_hook(hint)
        return f"{self.ref(hook)}({expr}, {self.ref(hint)})"

    def _field_value(self, field: str, hint: Any, default: Any) -> str:
        """An expression for one field of the dict ``d``, or its default."""
        if default is _MISSING:
            return self.structure(hint, f"d[{field!r}]")
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            fallback = f"{self.ref(default.factory)}()"
        else:
            fallback = self.ref(default)
        present = self.structure(hint, f"d[{field!r}]")
        return f"({present} if {field!r} in d else {fallback})"

    def structure_class(self, cls: type[Any], *, event: bool = False) -> str:
        """A function building a ``cls`` from a dict without its ``__init__``."""
        key = ("s", cls)
        if key in self._names:
            return self._names[key]
        name = f"_s_{cls.__name__}_{next(self._count)}"
        self._names[key] = name
        cls_ref = self.ref(cls)
        plain_state = event and issubclass(cls, Snapshot)
        values: list[tuple[str, str]] = []
        for field, hint, default in _fields(cls):
            if event and field in _SET_BY_MAPPER:
                values.append((field, field))  # given by the mapper
            elif plain_state and field == "state":
                values.append((field, f"d[{field!r}]"))
            else:
                values.append((field, self._field_value(field, hint, default)))
        params = ", originator_id, originator_version" if event else ""
        lines = [f"def {name}(d{params}):"]
        shared = not event and _shareable(cls)
        if shared:
            # Small immutable values recur (periods, breakdowns...): share one
            # instance per stored form, in a bounded table.
            table = self.ref({})
            raw = ", ".join(
                f"d.get({f!r}, _MISSING)" if default is not _MISSING else f"d[{f!r}]"
                for f, _, default in _fields(cls)
            )
            lines += [
                f"    key = ({raw},)",
                f"    o = {table}.get(key)",
                "    if o is not None:",
                "        return o",
            ]
        lines.append(f"    o = _new({cls_ref})")
        if "__slots__" in cls.__dict__ and not event:
            lines += [f"    _setattr(o, {f!r}, {v})" for f, v in values]
        else:
            body = "".join(f"\n        {f!r}: {v}," for f, v in values)
            lines.append(f"    _setattr(o, '__dict__', {{{body}\n    }})")
        if shared:
            lines += [
                f"    if len({table}) >= {_SHARED_MAX}:",
                f"        {table}.clear()",
                f"    {table}[key] = o",
            ]
        lines.append("    return o")
        self.sources.append("\n".join(lines))
        return name


_SHARED_MAX = 4096
_SCALARS = (str, int, bool, float, type(None), UUID, Decimal, date, datetime)


def _scalar(hint: Any) -> bool:
    inner = _is_optional(hint)
    if inner is not None:
        hint = inner
    return hint in _SCALARS or (isinstance(hint, type) and issubclass(hint, enum.Enum))


def _shareable(cls: type[Any]) -> bool:
    """Whether instances can be shared: frozen attrs classes of scalars only
    (their stored forms are hashable and they cannot be changed)."""
    if not attrs.has(cls):
        return False
    setter = getattr(cls, "__setattr__", None)
    if getattr(setter, "__name__", "") != "_frozen_setattrs":
        return False
    return all(_scalar(hint) for _, hint, _ in _fields(cls))


def _is_sequence(origin: Any, args: tuple[Any, ...]) -> bool:
    """Whether a generic is a homogeneous sequence (``tuple[X, ...]``, lists...)."""
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis
    return origin in (list, frozenset, set)


@cache
def unstructure_fn(hint: Any) -> Callable[[Any], Any]:
    """A compiled function turning a value of type ``hint`` into plain data
    (the same data as :func:`pact_domain.serialization.unstructure`)."""
    compiler = _Compiler()
    compiler.sources.append(
        f"def _entry(value):\n    return {compiler.unstructure(hint, 'value')}"
    )
    return compiler.build("_entry")


@cache
def json_ready_fn(hint: Any) -> Callable[[Any], Any]:
    """Like :func:`unstructure_fn`, for data serialised by ``orjson`` at once:
    UUIDs, dates, UTC datetimes and vocabulary members are left for
    ``orjson`` to write (the same JSON, faster)."""
    compiler = _Compiler(for_json=True)
    compiler.sources.append(
        f"def _entry(value):\n    return {compiler.unstructure(hint, 'value')}"
    )
    return compiler.build("_entry")


@cache
def structure_fn(hint: Any) -> Callable[[Any], Any]:
    """A compiled function building a value of type ``hint`` from trusted plain
    data (stored by :func:`unstructure_fn`), without running ``__init__``."""
    compiler = _Compiler()
    compiler.sources.append(
        f"def _entry(value):\n    return {compiler.structure(hint, 'value')}"
    )
    return compiler.build("_entry")


@cache
def _event_unstructure_fn(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    compiler = _Compiler(for_json=True)
    return compiler.build(compiler.unstructure_class(cls, event=True))


@cache
def _event_structure_fn(cls: type[Any]) -> Callable[..., Any]:
    compiler = _Compiler(from_json=True)
    return compiler.build(compiler.structure_class(cls, event=True))


@cache
def _class_version(cls: type[Any]) -> int:
    return int(getattr(cls, "class_version", 1))


class EventMapper(Mapper[UUID]):
    """Maps pact-domain events to stored events and back."""

    def __init__(
        self, compressor: Compressor | None = None, cipher: Cipher | None = None
    ) -> None:
        super().__init__(OrjsonTranscoder(), compressor=compressor, cipher=cipher)

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cls = type(domain_event)
        plan = _WRITE.get(cls)
        if plan is None:
            plan = _WRITE[cls] = (
                _event_unstructure_fn(cls),
                get_topic(cls),
                _class_version(cls),
            )
        unstructure, topic, class_version = plan
        state = unstructure(domain_event)
        if class_version > 1:
            state["class_version"] = class_version
        data = orjson.dumps(state, option=orjson.OPT_NON_STR_KEYS)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        stored = _new(StoredEvent)
        _setattr(
            stored,
            "__dict__",
            {
                "originator_id": domain_event.originator_id,
                "originator_version": domain_event.originator_version,
                "topic": topic,
                "state": data,
            },
        )
        return stored

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        """The domain event of a stored event.

        Raises:
            StoredEventError: the stored event cannot be read (undecodable
                JSON, an unknown topic, a stored field of the wrong type).
        """
        try:
            topic = stored_event.topic
            plan = _READ.get(topic)
            if plan is None:
                cls = resolve_topic(topic)
                plan = _READ[topic] = (
                    cls,
                    _event_structure_fn(cls),
                    _class_version(cls),
                )
            cls, structure, class_version = plan
            data = stored_event.state
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            state = orjson.loads(data)
            oid = stored_event.originator_id
            if type(oid) is not UUID:
                oid = oid if isinstance(oid, UUID) else UUID(str(oid))
            version = stored_event.originator_version
            if class_version > 1 or "class_version" in state:
                state["originator_id"] = oid
                state["originator_version"] = version
                from_version = state.pop("class_version", 1)
                while from_version < class_version:
                    getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
                    from_version += 1
            return structure(state, oid, version)  # type: ignore[no-any-return]
        except Exception as e:
            # Only here, once reading failed, is the cause looked into.
            raise self._unreadable(stored_event, e) from e

    def _unreadable(self, stored: StoredEvent, error: Exception) -> StoredEventError:
        """The error for a stored event that could not be read, with why."""
        name = type(error).__name__
        if isinstance(error, TopicError):
            detail = str(error).partition("': ")[2] or str(error)
            reason = f"unknown event topic ({detail})"
        elif self.cipher and _fails(self.cipher.decrypt, stored.state):
            reason = f"cannot be decrypted (is the cipher key right?): {name}: {error}"
        elif isinstance(error, orjson.JSONDecodeError):
            reason = f"undecodable JSON: {error}"
        elif self.compressor and _fails(
            self.compressor.decompress,
            self.cipher.decrypt(stored.state) if self.cipher else stored.state,
        ):
            reason = f"cannot be decompressed: {name}: {error}"
        else:
            field = _failed_field(error)
            if field is None:
                reason = f"{name}: {error}"
            elif isinstance(error, KeyError) and error.args == (field,):
                reason = f"field {field!r} is missing"
            else:
                reason = f"field {field!r} has the wrong type or value: {name}: {error}"
        return StoredEventError(
            stored.originator_id,
            stored.originator_version,
            stored.topic,
            reason,
            getattr(stored, "id", None),
        )


def _fails(step: Callable[[bytes], Any], data: bytes) -> bool:
    try:
        step(data)
    except Exception:
        return True
    return False


_FIELD_LINE = re.compile(r"""^\s*'(\w+)':|_setattr\(o, '(\w+)',""")


def _failed_field(error: BaseException) -> str | None:
    """The field whose generated line raised ``error``: the innermost one
    (a value object's field rather than the event's), or ``None``."""
    field = None
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.startswith(_GENERATED):
            line = linecache.getline(code.co_filename, tb.tb_lineno)
            found = _FIELD_LINE.search(line)
            if found:
                field = found.group(1) or found.group(2)
        tb = tb.tb_next
    return field


_WRITE: dict[type[Any], tuple[Callable[[Any], dict[str, Any]], str, int]] = {}
_READ: dict[str, tuple[type[Any], Callable[..., Any], int]] = {}
