"""Small validators shared by value objects and aggregates (private)."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from pact_domain.errors import InvalidValueError, echo

E = TypeVar("E")

FREE_TEXT_LIMIT = 1000
"""Annex A: each free-text answer of the expression of interest form is at
most 1,000 characters."""

NAME_LIMIT = 300

INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u3164"
    "\ufeff\uffa0"
)
"""Characters that show nothing: zero-width spaces and joiners, the byte
order mark, the soft hyphen, direction and bidirectional-isolate marks
(Unicode's invisible format characters, category Cf).  They are
trimmed from both ends of a text and do not count towards "not empty"."""

_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold (C0 controls but tab, newline and carriage
return; lone surrogates; U+FFFE and U+FFFF): every text must survive the
XML-based exports (IATI, XLSX, HTML)."""

FIRST_YEAR = 1990
"""The first year of the domain's dates (baseline years, reporting periods,
effective times): before the Pact's oldest baselines."""

LAST_YEAR = 2100
"""The last year of the domain's dates: targets, deadlines and plans reach no
further."""
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s]+$")


def article(noun: object) -> str:
    """``noun`` with its indefinite article: ``an ordinal``, ``a count``."""
    word = str(noun)
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def text(
    entity: str,
    field: str,
    value: object,
    *,
    limit: int = NAME_LIMIT,
    empty: bool = False,
) -> str:
    """Return ``value`` normalised (Unicode NFC) and trimmed of white space
    and invisible characters at both ends, checking it is a string that XML
    1.0 can hold, not empty (unless ``empty``) and within ``limit``
    characters."""
    if not isinstance(value, str):
        raise InvalidValueError(entity, field, "must be text", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValueError(
            entity,
            field,
            "must be valid Unicode text (no lone surrogates)",
            value,
        ) from None
    forbidden = _XML_FORBIDDEN.search(value)
    if forbidden is not None:
        raise InvalidValueError(
            entity,
            field,
            f"must not hold the control character U+{ord(forbidden[0]):04X} at "
            f"position {forbidden.start():,} (XML 1.0 forbids it)",
            value,
        )
    normal = unicodedata.normalize("NFC", value)
    stripped = _trim(normal)
    if not stripped and not empty:
        rule = "must not be empty"
        if normal:
            rule += " (white space and invisible characters do not count)"
        raise InvalidValueError(entity, field, rule, value)
    if len(stripped) > limit:
        raise InvalidValueError(
            entity,
            field,
            f"must be at most {limit:,} characters (got {len(stripped):,})",
            value,
        )
    return stripped


def _trim(value: str) -> str:
    """``value`` without white space or invisible characters at either end."""
    start, end = 0, len(value)
    while start < end and (value[start].isspace() or value[start] in INVISIBLE):
        start += 1
    while end > start and (value[end - 1].isspace() or value[end - 1] in INVISIBLE):
        end -= 1
    return value[start:end]


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
            entity,
            field,
            f"must be one of: {allowed} (got {echo(value)})",
            value,
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


MAX_MAGNITUDE = Decimal(10) ** 15
"""No number the library stores is larger than this (in absolute value):
each measure has its own, smaller, bound (:attr:`Measure.largest`), and
sums of a million such values still fit Python's 28-digit decimal context
at four decimal places."""

MAX_PLACES = 6
"""No number the library stores has more decimal places than this."""


def decimal(
    entity: str, field: str, value: object, *, negative: bool = True
) -> Decimal:
    """Coerce ``value`` (int, str, Decimal or finite float) to a finite Decimal
    of at most 15 integer digits and :data:`MAX_PLACES` decimal places."""
    if isinstance(value, bool):
        raise InvalidValueError(entity, field, "must be a number", value)
    if isinstance(value, str) and len(value) > 100:
        raise InvalidValueError(
            entity,
            field,
            f"must be a number of at most 100 characters, not {echo(value)}",
            value,
        )
    try:
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, str):
            number = Decimal(value.strip())
        elif isinstance(value, int | Decimal):
            number = Decimal(value)
        else:
            raise InvalidValueError(entity, field, "must be a number", value)
    except (InvalidOperation, ValueError):
        raise InvalidValueError(
            entity, field, f"must be a number, not {echo(value)}", value
        ) from None
    if not number.is_finite():
        raise InvalidValueError(entity, field, "must be a finite number", value)
    if not negative and number < 0:
        raise InvalidValueError(entity, field, "must not be negative", value)
    magnitude(entity, field, number, largest=MAX_MAGNITUDE, places=MAX_PLACES)
    return number


def magnitude(
    entity: str,
    field: str,
    number: Decimal,
    *,
    largest: Decimal | int,
    places: int,
    smallest: Decimal | int | None = None,
    what: str = "a value",
) -> None:
    """Refuse ``number`` beyond ``largest`` (or below ``smallest``, by default
    ``-largest``) or with more than ``places`` decimal places."""
    low = -largest if smallest is None else smallest
    if not low <= number <= largest:
        raise InvalidValueError(
            entity,
            field,
            f"{what} must be between {_plain(low)} and {_plain(largest)} "
            f"(got {_shown(number)})",
            number,
        )
    exponent = number.as_tuple().exponent
    if (
        isinstance(exponent, int)
        and exponent < -places
        and number != round(number, places)
    ):
        unit = "a whole number" if places == 0 else f"at most {places} decimal places"
        raise InvalidValueError(
            entity, field, f"{what} must have {unit} (got {_shown(number)})", number
        )


def _shown(number: Decimal) -> str:
    """A number as given, at most 40 characters."""
    text = str(number)
    return text if len(text) <= 40 else text[:39] + "…"


def _plain(number: Decimal | int) -> str:
    """``10**12`` as ``1,000,000,000,000``."""
    return f"{Decimal(number):,f}"


def year(entity: str, field: str, value: object) -> int:
    """A calendar year from :data:`FIRST_YEAR` to :data:`LAST_YEAR`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(entity, field, "must be a year (a whole number)", value)
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise InvalidValueError(
            entity,
            field,
            f"must be a year between {FIRST_YEAR} and {LAST_YEAR} (got {value})",
            value,
        )
    return value


def in_range(entity: str, field: str, day: date) -> None:
    """Refuse a date outside the years :data:`FIRST_YEAR` to :data:`LAST_YEAR`."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidValueError(
            entity,
            field,
            f"must be a date between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31 "
            f"(got {day.isoformat()})",
            day,
        )


def aware(entity: str, field: str, value: object) -> datetime:
    """A timezone-aware datetime; a plain date means midnight UTC that day.

    ISO 8601 strings are accepted too."""
    if isinstance(value, str):
        if len(value) > 40:
            raise InvalidValueError(
                entity,
                field,
                f"must be an ISO 8601 date or datetime, not {echo(value)}",
                value,
            )
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
        in_range(entity, field, value.astimezone(UTC).date())
        return value
    if isinstance(value, date):
        in_range(entity, field, value)
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise InvalidValueError(entity, field, "must be a date or a datetime", value)


def a_date(entity: str, field: str, value: object) -> date:
    """A date (a datetime's date; an ISO 8601 string), from :data:`FIRST_YEAR`
    to :data:`LAST_YEAR`."""
    day: date | None = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str) and len(value) <= 40:
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(value)
    if day is not None:
        in_range(entity, field, day)
        return day
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
