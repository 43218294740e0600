"""What every Pact-wide catalogue entry shares: withdrawal, keyword search and
multi-option filters (§5.1-§5.4) (private)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

from pact_domain import _validation as v
from pact_domain.errors import InvalidStateError, InvalidValueError
from pact_domain.events import EventMeta, PactAggregate, PactEvent
from pact_domain.reference import EU_MEMBER_STATES, country
from pact_domain.vocabularies_catalogues import NON_EU

E = TypeVar("E")

__all__ = [
    "CatalogueEntry",
    "EntryWithdrawn",
    "any_of",
    "country_options",
    "eu_countries",
    "geographical_scope",
    "keyword_matches",
    "normalise",
    "options",
    "scope_options",
]

SUMMARY_LIMIT = 4000
"""Summaries, objectives and descriptions of catalogue entries: at most
4,000 characters."""


def normalise(text: str) -> str:
    """Text folded for searching: case-folded, without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def keyword_matches(keyword: str | None, texts: Iterable[str]) -> bool:
    """Whether every word of ``keyword`` occurs in one of ``texts``.

    Case- and accent-insensitive; an empty or ``None`` keyword matches
    everything.  Words are separated by white space; a word matches any part
    of a word ("upskill" finds "upskilling").
    """
    if keyword is None:
        return True
    words = normalise(keyword).split()
    if not words:
        return True
    haystack = "\n".join(normalise(t) for t in texts)
    return all(w in haystack for w in words)


def any_of(selected: Iterable[Any] | None, values: Iterable[Any]) -> bool:
    """One filter: ``True`` when nothing is selected, or when an entry's
    values include at least one selected option (options within a filter
    are alternatives, §5.3 footnote 3)."""
    if selected is None:
        return True
    wanted = set(selected)
    if not wanted:
        return True
    return not wanted.isdisjoint(values)


def options(
    field: str, values: Iterable[Any] | None, enum_cls: type[E]
) -> tuple[E, ...] | None:
    """The options selected in one search filter, checked against the vocabulary."""
    if values is None:
        return None
    return v.members_of("Search", field, values, enum_cls)


def scope_options(field: str, values: Iterable[str] | None) -> tuple[str, ...] | None:
    """Geographical-scope options selected in a search filter."""
    return None if values is None else geographical_scope("Search", field, values)


def country_options(field: str, values: Iterable[str] | None) -> tuple[str, ...] | None:
    """Country options selected in a search filter (ISO codes, EL is GR)."""
    if values is None:
        return None
    if isinstance(values, str):
        raise InvalidValueError("Search", field, "must be a list of codes", values)
    out: list[str] = []
    for code in values:
        try:
            out.append(country(code).code)
        except InvalidValueError as e:
            raise InvalidValueError("Search", field, e.rule, code) from None
    return tuple(out)


def eu_countries(entity: str, field: str, codes: Iterable[str]) -> tuple[str, ...]:
    """ISO codes of EU member states, duplicate-free (Eurostat's EL is GR)."""
    if isinstance(codes, str):
        raise InvalidValueError(entity, field, "must be a list of country codes", codes)
    out: list[str] = []
    for code in codes:
        try:
            iso = country(code).code
        except InvalidValueError as e:
            raise InvalidValueError(entity, field, e.rule, code) from None
        if iso not in EU_MEMBER_STATES:
            raise InvalidValueError(
                entity, field, f"{iso} is not an EU member state", code
            )
        if iso not in out:
            out.append(iso)
    return tuple(out)


def geographical_scope(
    entity: str, field: str, codes: Iterable[str]
) -> tuple[str, ...]:
    """EU member states and the 'non-EU' category of the online library (Box 39).

    'non-EU' may be written ``non_eu``, ``non-EU`` or ``Non-EU``.
    """
    if isinstance(codes, str):
        raise InvalidValueError(entity, field, "must be a list of codes", codes)
    out: list[str] = []
    for code in codes:
        if (
            isinstance(code, str)
            and code.strip().casefold().replace("-", "_") == NON_EU
        ):
            if NON_EU not in out:
                out.append(NON_EU)
            continue
        for iso in eu_countries(entity, field, (code,)):
            if iso not in out:
                out.append(iso)
    return tuple(out)


def year(entity: str, field: str, value: object) -> int:
    """A publication year between 1950 and 2100."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(entity, field, "must be a year", value)
    if not 1950 <= value <= 2100:
        raise InvalidValueError(entity, field, "must be between 1950 and 2100", value)
    return value


def long_text(entity: str, field: str, value: object, *, empty: bool = True) -> str:
    """Text of at most 4,000 characters (summaries, objectives...)."""
    return v.text(entity, field, value, limit=SUMMARY_LIMIT, empty=empty)


class EntryWithdrawn(PactEvent):
    """Base class of the events that withdraw a catalogue entry."""

    reason: str

    def apply(self, aggregate: CatalogueEntry) -> None:
        aggregate.withdrawn = True
        aggregate.withdrawal_reason = self.reason


class CatalogueEntry(PactAggregate):
    """Base class of the entries of a Pact-wide catalogue (§5).

    An entry is registered, updated, and withdrawn when it leaves the
    catalogue; withdrawn entries stay in the history and no search finds
    them.
    """

    ENTITY: ClassVar[str] = "CatalogueEntry"
    Withdrawn: ClassVar[type[EntryWithdrawn]]

    withdrawn: bool
    withdrawal_reason: str

    def _init_entry(self) -> None:
        self.withdrawn = False
        self.withdrawal_reason = ""

    def _require_listed(self, command: str) -> None:
        if self.withdrawn:
            raise InvalidStateError(
                self.entity,
                "withdrawn",
                f"{command}: the entry was withdrawn from the catalogue",
                "withdrawn",
            )

    def withdraw(self, *, reason: str, meta: EventMeta) -> None:
        """Withdraw the entry from the catalogue (it stays in the history)."""
        self._require_listed("withdraw")
        self._trigger(
            self.Withdrawn,
            meta,
            reason=v.free_text(self.ENTITY, "reason", reason, empty=False),
        )
