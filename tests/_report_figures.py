"""The figures of a report model, derived from its ``attrs`` classes, and a
check that a rendered report holds each of them where a person reads it
(used by ``tests/test_report_figures.py``).

A *figure* is a leaf of the report with a value: walking the attrs classes
recursively, every field that is not itself an attrs object, a tuple or a
dict.  Each element of a tuple or dict is a figure of its own (a country, a
stakeholder type's count); a tuple of identifiers counts as one figure, its
length.  Identifiers (UUIDs), ``None``, ``False`` and empty collections are
not figures.  A figure is held by an output when one *row* of it (a line of
text or Markdown, a table row or paragraph of HTML, a row of a sheet) holds
the figure's context — the name of the KPI or partnership it belongs to, the
label of the category it counts, or, for a figure of the report itself (not
of a row of a table), a word of its field's name (not needed for texts,
labels, instants, dates and years, which name themselves) — and its value
formatted for display: a label rather than a code, a share as a percentage,
a number with at most two decimals, an instant to the minute.
"""

from __future__ import annotations

import html as html_module
import io
import re
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import attrs

from pact_domain.monitoring import TimeAxis
from pact_domain.vocabularies import _Vocabulary

__all__ = ["Figure", "figures", "missing", "overprecise", "rows", "stray_codes"]

_SHARE_FIELDS = re.compile(r"(^|_)(share|progress|completeness|timeliness)($|_)")
_COUNTRY_FIELDS = {"countries", "all_countries"}
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")
_VOCABULARIES: list[type[_Vocabulary]] = list(_Vocabulary.__subclasses__())


@attrs.frozen
class Figure:
    """One leaf of a report: where it is, what a row holding it must say,
    and its value."""

    path: str
    context: tuple[str, ...]
    """Texts the row must hold (each one of several spellings)."""
    words: tuple[str, ...]
    """Stems of the field's name: the row must hold one of them (if any)."""
    value: object
    share: bool = False


def _labels(code: str) -> tuple[str, ...]:
    """The display labels of a vocabulary code (every vocabulary that has it)."""
    out = []
    for vocabulary in _VOCABULARIES:
        try:
            label = vocabulary(code).label
        except ValueError:
            continue
        out += [label, label.split(" (")[0]]
    return tuple(dict.fromkeys(out)) or (code,)


def _stems(name: str) -> tuple[str, ...]:
    return tuple(w[:4] for w in name.split("_") if len(w) > 2 and w != "eur")


def _key(obj: Any) -> tuple[str, ...]:
    """What names an element of a tuple: its first text field (not an id)."""
    for a in attrs.fields(type(obj)):
        value = getattr(obj, a.name)
        if isinstance(value, Enum) and not isinstance(value, _Vocabulary):
            continue
        if isinstance(value, _Vocabulary):
            return (value.label.split(" (")[0],)
        if isinstance(value, str):
            return _labels(value)
    return ()


def _shared(obj: Any, seen: Counter[type], root: bool = True) -> Counter[type]:
    """How often each attrs class occurs as a (non-tuple) field."""
    for a in attrs.fields(type(obj)):
        value = getattr(obj, a.name)
        if attrs.has(type(value)):
            seen[type(value)] += 1
            _shared(value, seen, False)
    return seen


def figures(report: Any) -> list[Figure]:
    """Every figure of ``report``, in the order of its fields."""
    shared = _shared(report, Counter())
    out: list[Figure] = []

    def walk(obj: Any, path: str, context: tuple[str, ...], parent: str) -> None:
        for a in attrs.fields(type(obj)):
            value = getattr(obj, a.name)
            here = f"{path}.{a.name}" if path else a.name
            # In a table row the column's header names the value: a word of
            # the field's name is wanted only where no name of a KPI,
            # partnership or category gives the context.
            words = () if context else _stems(a.name)
            if parent and shared[type(obj)] > 1:
                words = tuple(f"{p}+{w}" for p in _stems(parent) for w in words)
            leaf(value, here, context, words, a.name)

    def leaf(
        value: Any, path: str, context: tuple[str, ...], words: Any, name: str
    ) -> None:
        if value is None or value is False or isinstance(value, UUID):
            return
        if attrs.has(type(value)):
            walk(value, path, context, name)
        elif isinstance(value, tuple):
            if value and all(isinstance(v, UUID) for v in value):
                out.append(Figure(path, context, words, len(value)))
                return
            for i, item in enumerate(value):
                if attrs.has(type(item)):
                    key = "|".join(_key(item))
                    walk(item, f"{path}[{i}]", (*context, key) if key else context, "")
                elif name in _COUNTRY_FIELDS:
                    out.append(Figure(f"{path}[{i}]", context, (), ("country", item)))
                else:
                    out.append(Figure(f"{path}[{i}]", context, (), ("label", item)))
        elif isinstance(value, dict):
            for key, count in value.items():
                label = "|".join(_labels(key))
                share = bool(_SHARE_FIELDS.search(name))
                out.append(
                    Figure(f"{path}[{key}]", (*context, label), (), count, share)
                )
        else:
            share = isinstance(value, Decimal) and bool(_SHARE_FIELDS.search(name))
            if isinstance(value, _Vocabulary | TimeAxis | str | bool | date):
                words = ()  # the value names itself
            if name == "year":
                words = ()
            out.append(Figure(path, context, words, value, share))

    walk(report, "", (), "")
    return out


# -- what a row of an output holds -------------------------------------------------


@attrs.frozen
class Row:
    """One row of an output: its text and the values of its cells."""

    text: str
    cells: tuple[object, ...] = ()


def _spellings(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple) and value[0] == "country":
        return (value[1],)
    if isinstance(value, tuple) and value[0] == "label":
        return _labels(value[1])
    if isinstance(value, _Vocabulary):
        return (value.label, value.label.split(" (")[0])
    if isinstance(value, TimeAxis):
        return (str(value),)
    if isinstance(value, bool):
        return ("yes", "retired")
    if isinstance(value, datetime):
        return (value.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),)
    if isinstance(value, date):
        return (value.isoformat(), f"{value:%d %b %Y}".lstrip("0"))
    if isinstance(value, str):
        return _labels(value)
    return ()


def _numbers(text: str) -> list[tuple[Decimal, bool]]:
    found = []
    for token in _NUMBER.findall(text):
        try:
            found.append((Decimal(token.rstrip("%").replace(",", "")), "%" in token))
        except ArithmeticError:
            continue
    return found


def _number_held(value: Decimal | int, share: bool, row: Row) -> bool:
    v = Decimal(value)
    if share:
        wanted = {(v * 100).quantize(Decimal("0.1")), (v * 100).quantize(Decimal(1))}
        if any(n in wanted for n, pct in _numbers(row.text) if pct):
            return True
        return any(
            isinstance(c, float | int) and abs(c - float(v)) < 1e-9 for c in row.cells
        )
    wanted = {v.quantize(Decimal(1) / 10**p) for p in range(3)} | {v}
    if any(n in wanted and not pct for n, pct in _numbers(row.text)):
        return True
    return any(
        isinstance(c, float | int)
        and not isinstance(c, bool)
        and abs(c - float(v)) < 1e-6
        for c in row.cells
    )


def _holds(figure: Figure, row: Row, *, codes: bool) -> bool:
    text = row.text.casefold()
    for options in figure.context:
        choices = (
            options.split("|")
            if not codes
            else [options.split("|")[-1], *options.split("|")]
        )
        if not any(c.casefold() in text for c in choices if c):
            return False
    if figure.words and not any(
        all(part in text for part in w.split("+")) for w in figure.words
    ):
        return False
    value = figure.value
    if isinstance(value, datetime | date) and any(
        isinstance(c, datetime | date) and _same(c, value) for c in row.cells
    ):
        return True
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return _number_held(value, figure.share, row)
    spellings = _spellings(value)
    if codes:
        spellings = (*spellings, str(value[1] if isinstance(value, tuple) else value))
    return any(s.casefold() in text for s in spellings)


def _same(cell: datetime | date, value: datetime | date) -> bool:
    if isinstance(value, datetime):
        moment = value.astimezone(UTC).replace(tzinfo=None)
        if not isinstance(cell, datetime):
            return False
        return abs((cell.replace(tzinfo=None) - moment).total_seconds()) < 60
    return (cell.date() if isinstance(cell, datetime) else cell) == value


def missing(
    figures: Sequence[Figure], rows: Sequence[Row], *, codes: bool = False
) -> list[str]:
    """The paths of the figures no row holds (``codes``: a code will do)."""
    return [f.path for f in figures if not any(_holds(f, r, codes=codes) for r in rows)]


def overprecise(rows: Sequence[Row]) -> list[str]:
    """Numbers shown with more than two decimals (not formatted for display)."""
    return [t for r in rows for t in re.findall(r"\d\.\d{3,}", r.text)]


def stray_codes(rows: Sequence[Row]) -> list[str]:
    """Vocabulary codes (``business_association``) shown where a label should be."""
    codes = {str(m) for v in _VOCABULARIES for m in v if "_" in str(m)}
    found = set()
    for r in rows:
        for word in re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", r.text):
            if word in codes:
                found.add(word)
    return sorted(found)


def rows(fmt: str, output: bytes) -> list[Row]:
    """The rows of ``output`` in the format ``fmt`` (text, json, md, html, xlsx)."""
    if fmt in ("text", "json"):
        return [Row(line) for line in output.decode("utf-8").splitlines()]
    if fmt == "md":
        text = html_module.unescape(output.decode("utf-8"))
        return [Row(re.sub(r"\\(.)", r"\1", line)) for line in text.splitlines()]
    if fmt == "html":
        from lxml import html as lxml_html

        doc = lxml_html.document_fromstring(output.decode("utf-8"))
        for style in doc.iter("style"):
            style.drop_tree()
        wanted = ("tr", "p", "li", "h1", "h2", "h3", "figcaption", "caption", "dd")
        out = []
        for e in doc.iter(*wanted):
            cells = e.findall("td") + e.findall("th") if e.tag == "tr" else [e]
            text = " | ".join(" ".join(c.text_content().split()) for c in cells)
            out.append(Row(text))
        return out
    if fmt == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(output))
        out = []
        for ws in wb:
            for values in ws.iter_rows(values_only=True):
                cells = tuple(v for v in values if v is not None)
                text = " | ".join(str(v) for v in cells if isinstance(v, str))
                out.append(Row(f"{ws.title} | {text}", cells))
        return out
    raise ValueError(fmt)
