"""Small arithmetic shared by the views (private)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal

FOUR_PLACES = Decimal("0.0001")


def rounded(value: Decimal) -> Decimal:
    """``value`` to four decimal places (half to even)."""
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_EVEN)


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part / whole`` to four places, or ``None`` when ``whole`` is zero."""
    if not whole:
        return None
    return rounded(Decimal(part) / Decimal(whole))


def mean(values: Iterable[int | Decimal]) -> Decimal | None:
    """The arithmetic mean to four places, or ``None`` for no values."""
    items = [Decimal(v) for v in values]
    if not items:
        return None
    return rounded(sum(items, Decimal(0)) / len(items))


def counts(keys: Iterable[str]) -> dict[str, int]:
    """How often each key occurs, sorted by key."""
    found: dict[str, int] = {}
    for k in keys:
        found[k] = found.get(k, 0) + 1
    return dict(sorted(found.items()))
