"""Structuring and unstructuring at the boundaries, with ``cattrs``.

One converter, :data:`converter`, turns domain events, value objects and query
results into plain JSON-ready data and back.  It is what the store uses for
every event and snapshot, and what the CLI and the report outputs use.

Rules: datetimes are ISO 8601 strings with their offset, dates ``YYYY-MM-DD``,
decimals are strings (no float rounding), UUIDs are canonical strings,
vocabulary members their codes, tuples and frozensets lists.
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn

from pact_domain.errors import InvalidValueError, PactError, ValidationErrors

__all__ = ["converter", "structure", "unstructure"]

T = TypeVar("T")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(date, lambda d: d.isoformat())
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Decimal, _structure_decimal)
    # Loose vocabulary fields (``KpiCategory | str``): keep the code; the
    # value object or command checks it against its vocabulary.
    conv.register_structure_hook_func(_is_code_union, lambda s, _: s)
    conv.register_unstructure_hook(UUID, str)
    conv.register_structure_hook(
        UUID, lambda s, _: s if isinstance(s, UUID) else UUID(s)
    )
    return conv


def _structure_datetime(value: Any, _: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError("must be an ISO 8601 datetime") from None


def _structure_date(value: Any, _: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError("must be a date (YYYY-MM-DD)") from None


def _structure_decimal(value: Any, _: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("must be a number")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise ValueError("must be a number") from None
    if not number.is_finite():
        raise ValueError("must be a finite number")
    return number


def _is_code_union(tp: Any) -> bool:
    args = typing.get_args(tp)
    if typing.get_origin(tp) not in (typing.Union, types.UnionType) or len(args) != 2:
        return False
    return str in args and any(
        isinstance(a, type) and issubclass(a, enum.Enum) for a in args
    )


converter: cattrs.Converter = _make_converter()
"""The library's converter.  Register hooks on it for your own types."""

_fast: cattrs.Converter = converter.copy(detailed_validation=False)
"""Same hooks without per-field error collection, for trusted stored data."""


def unstructure(obj: Any, as_type: Any = None) -> Any:
    """Turn ``obj`` into plain data (dicts, lists, strings, numbers)."""
    return converter.unstructure(obj, unstructure_as=as_type)


def structure(data: Any, cls: type[T], *, entity: str | None = None) -> T:
    """Build a ``cls`` from plain data, collecting every problem in one error.

    Raises:
        ValidationErrors: naming each field that could not be structured.
    """
    name: str = entity or str(getattr(cls, "__name__", cls))
    try:
        return converter.structure(data, cls)
    except PactError:
        raise
    except (ClassValidationError, IterableValidationError) as group:
        errors: list[InvalidValueError] = []
        for exc, note in _flatten(group):
            if isinstance(exc, InvalidValueError):
                errors.append(exc)
            else:
                errors.append(
                    InvalidValueError(name, note, str(exc) or type(exc).__name__)
                )
        raise ValidationErrors(name, errors) from None
    except (TypeError, ValueError, KeyError) as exc:
        raise ValidationErrors(
            name, [InvalidValueError(name, None, str(exc) or type(exc).__name__)]
        ) from None


def _flatten(group: BaseException, path: str = "") -> list[tuple[BaseException, str]]:
    out: list[tuple[BaseException, str]] = []
    if isinstance(group, BaseExceptionGroup):
        for exc in group.exceptions:
            notes = getattr(exc, "__notes__", [])
            name = path
            for note in notes:
                if hasattr(note, "name"):
                    name = f"{path}.{note.name}" if path else str(note.name)
                elif hasattr(note, "index"):
                    name = f"{path}[{note.index}]"
            out.extend(_flatten(exc, name))
    else:
        out.append((group, path))
    return out


def make_fast_structure(cls: type[T]) -> Any:
    """A structuring function for trusted data (stored events)."""
    return make_dict_structure_fn(cls, _fast)
