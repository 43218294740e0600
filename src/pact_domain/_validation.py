"""Small validators shared by value objects and aggregates (private)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from pact_domain.errors import InvalidValueError

E = TypeVar("E")

FREE_TEXT_LIMIT = 1000
"""Annex A: each free-text answer of the expression of interest form is at
most 1,000 characters."""

NAME_LIMIT = 300
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s]+$")


def text(
    entity: str,
    field: str,
    value: object,
    *,
    limit: int = NAME_LIMIT,
    empty: bool = False,
) -> str:
    """Return ``value`` stripped, checking it is a string within ``limit``."""
    if not isinstance(value, str):
        raise InvalidValueError(entity, field, "must be text", value)
    stripped = value.strip()
    try:
        stripped.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValueError(
            entity, field, "must be valid Unicode text (no lone surrogates)", value
        ) from None
    if not stripped and not empty:
        raise InvalidValueError(entity, field, "must not be empty", value)
    if len(stripped) > limit:
        raise InvalidValueError(
            entity,
            field,
            f"must be at most {limit:,} characters (got {len(stripped):,})",
            value,
        )
    return stripped


def free_text(entity: str, field: str, value: object, *, empty: bool = True) -> str:
    """Free text of at most 1,000 characters (handbook Annex A)."""
    return text(entity, field, value, limit=FREE_TEXT_LIMIT, empty=empty)


def email(entity: str, field: str, value: object) -> str:
    address = text(entity, field, value, limit=254)
    if not _EMAIL.match(address):
        raise InvalidValueError(entity, field, "must be an e-mail address", value)
    return address


def url(entity: str, field: str, value: object) -> str:
    link = text(entity, field, value, limit=2000)
    if not _URL.match(link):
        raise InvalidValueError(entity, field, "must be an http(s) URL", value)
    return link


def member_of(entity: str, field: str, value: object, enum_cls: type[E]) -> E:
    """Coerce ``value`` to a member of the vocabulary ``enum_cls``."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)  # type: ignore[call-arg]
    except (ValueError, TypeError):
        allowed = ", ".join(str(m) for m in enum_cls)  # type: ignore[attr-defined]
        raise InvalidValueError(
            entity, field, f"must be one of: {allowed} (got {value!r})", value
        ) from None


def members_of(
    entity: str,
    field: str,
    values: Iterable[object],
    enum_cls: type[E],
    *,
    at_least: int = 0,
) -> tuple[E, ...]:
    """Coerce to a duplicate-free tuple of vocabulary members, in given order."""
    if isinstance(values, str | bytes):
        raise InvalidValueError(entity, field, "must be a list, not text", values)
    out: list[E] = []
    for v in values:
        m = member_of(entity, field, v, enum_cls)
        if m not in out:
            out.append(m)
    if len(out) < at_least:
        raise InvalidValueError(
            entity, field, f"must name at least {at_least} value(s)", values
        )
    return tuple(out)


def decimal(
    entity: str, field: str, value: object, *, negative: bool = True
) -> Decimal:
    """Coerce ``value`` (int, str, Decimal or finite float) to a finite Decimal."""
    if isinstance(value, bool):
        raise InvalidValueError(entity, field, "must be a number", value)
    try:
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, int | str | Decimal):
            number = Decimal(value)
        else:
            raise InvalidValueError(entity, field, "must be a number", value)
    except InvalidOperation:
        raise InvalidValueError(entity, field, "must be a number", value) from None
    if not number.is_finite():
        raise InvalidValueError(entity, field, "must be a finite number", value)
    if not negative and number < 0:
        raise InvalidValueError(entity, field, "must not be negative", value)
    return number


def aware(entity: str, field: str, value: object) -> datetime:
    """A timezone-aware datetime; a plain date means midnight UTC that day.

    ISO 8601 strings are accepted too."""
    if isinstance(value, str):
        try:
            value = (
                datetime.fromisoformat(value)
                if "T" in value
                else date.fromisoformat(value)
            )
        except ValueError:
            raise InvalidValueError(
                entity, field, "must be an ISO 8601 date or datetime", value
            ) from None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidValueError(
                entity, field, "must be timezone-aware (e.g. UTC)", value
            )
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise InvalidValueError(entity, field, "must be a date or a datetime", value)


def a_date(entity: str, field: str, value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValueError(entity, field, "must be a date (YYYY-MM-DD)", value)


def check(
    condition: bool, entity: str, field: str, rule: str, value: Any = None
) -> None:
    if not condition:
        raise InvalidValueError(entity, field, rule, value)


def attrs_validator(
    entity: str, fn: Callable[[str, str, Any], Any]
) -> Callable[[Any, Any, Any], None]:
    """Adapt one of the functions above to an ``attrs`` validator."""

    def validate(_instance: Any, attribute: Any, value: Any) -> None:
        fn(entity, attribute.name, value)

    return validate
