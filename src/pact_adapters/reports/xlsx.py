"""The ``xlsx`` report format: an Excel workbook (written with openpyxl).

An annual report gives the sheets ``Summary`` (figure, value), ``KPIs`` (the
columns of the CSV format), ``Breakdowns``, ``Membership`` (members by
stakeholder type) and ``Countries``; with a portfolio as context, also
``Portfolio`` (this partnership against the portfolio's spreads).  A
portfolio report gives ``Summary``, ``Partnerships``, ``Core indicators``,
``Principles`` and ``Countries`` (partnerships per country).  Numbers are
numbers; shares are fractions shown as percentages.  Text is always a string
cell, never a formula: text beginning with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading ``'``
(:func:`~pact_adapters.reports._common.spreadsheet_cell`), and characters an
XML file cannot hold are replaced by U+FFFD.

The file is reproducible: its document properties carry the report's as-of
instant and the archive's entries a fixed date.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooterItem, _HeaderFooterPart
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.reports._common import (
    Cell,
    as_report,
    context_portfolio,
    country_name,
    label,
    labels,
    report_figures,
    short,
    spreadsheet_cell,
    when,
    xml_safe,
)
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    IndicatorTotal,
    KpiLine,
    KpiStatus,
    Portfolio,
    PortfolioReport,
)
from pact_domain.vocabularies import Ecosystem, StakeholderType

__all__ = ["XLSX", "pact_register_report_formats", "render"]

_FORMAT: dict[str, str] = {
    "count": "#,##0",
    "number": "#,##0.00",
    "share": "0.0%",
    "instant": "yyyy-mm-dd hh:mm",
    "date": "yyyy-mm-dd",
    "year": "0",
    "text": "@",
}
"""The number format of each kind of value: thousands separated, shares as
percentages, instants to the minute (UTC)."""

_FIXED = (1980, 1, 1, 0, 0, 0)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2EC")

Value = Cell | datetime | date
Column = tuple[str, str]
"""A column: its header and the kind of its values (a key of ``_FORMAT``)."""


def _safe(value: Value) -> Value:
    if isinstance(value, str):
        return spreadsheet_cell(xml_safe(value))
    if isinstance(value, datetime):  # Excel has no time zones: UTC, whole seconds
        return value.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    return value


def _append(ws: Worksheet, row: Sequence[Value]) -> None:
    """Append a row; every text cell is a string cell (data type ``s``), so
    that openpyxl never writes it as a formula."""
    ws.append([_safe(value) for value in row])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _part(text: str, *, raw: bool = False) -> _HeaderFooterPart:
    """A part of a page header or footer; unless ``raw``, ``&`` (which
    starts a code there) becomes the fullwidth ampersand and the text is cut
    to 100 characters.

    Excel reads ``&&`` as one ampersand, but readers disagree on ``&&`` before
    a digit (openpyxl takes ``&0`` for a font size), so a name's ``&`` is
    written as U+FF06, which no reader takes for a code."""
    if not raw:
        text = xml_safe(text).replace("&", "\uff06")
        text = text if len(text) <= 100 else text[:99] + "\u2026"
    return _HeaderFooterPart(text=text)


class _Book:
    """A workbook whose sheets share a title and an as-of instant for their
    page headers and footers."""

    def __init__(self, title: str, as_of: datetime) -> None:
        self.wb = Workbook()
        self.wb.remove(self.wb.active)  # type: ignore[arg-type]
        self.title = title
        self.as_of = as_of

    def sheet(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Value]],
        *,
        kinds: Sequence[str] | None = None,
        kind_column: int | None = None,
    ) -> Worksheet:
        """A sheet with a header row, one row per item, number formats by
        column (or, with ``kinds``, by row in ``kind_column``), frozen
        header, autofilter, column widths and a printable page setup."""
        ws: Worksheet = self.wb.create_sheet(title)
        _append(ws, [h for h, _ in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for n, row in enumerate(rows):
            _append(ws, row)
            for i, (_, kind) in enumerate(columns):
                if kinds is not None and i == kind_column:
                    kind = kinds[n]
                cell = ws.cell(ws.max_row, i + 1)
                if kind != "text" and not isinstance(cell.value, str):
                    cell.number_format = _FORMAT[kind]
                if kind in ("count", "number", "share", "year"):
                    cell.alignment = Alignment(horizontal="right")
        ws.freeze_panes = "B2" if len(columns) > 2 else "A2"
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
        for i, (header, kind) in enumerate(columns, start=1):
            letter = get_column_letter(i)
            widths = [len(_shown(c.value, kind)) for c in ws[letter][1:]]
            ws.column_dimensions[letter].width = min(
                max([min(len(header), 24), *widths]) + 2, 60
            )
        self._print_setup(ws, title)
        return ws

    def _print_setup(self, ws: Worksheet, title: str) -> None:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = "1:1"
        ws.print_options.gridLines = True
        ws.oddHeader = HeaderFooterItem(left=_part(self.title), right=_part(title))
        ws.oddFooter = HeaderFooterItem(
            left=_part(f"As of {when(self.as_of)}"),
            right=_part("Page &P of &N", raw=True),
        )


def _shown(value: object, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "2025-12-31 23:59"
    if isinstance(value, date):
        return "2025-12-31"
    if isinstance(value, Decimal | int) and kind == "share":
        return "100.0%"
    if isinstance(value, Decimal | int):
        return f"{value:,.2f}" if kind == "number" else f"{value:,}"
    return str(value)


def _summary(book: _Book, r: AnnualMonitoringReport | PortfolioReport) -> None:
    figures = report_figures(r)
    book.sheet(
        "Summary",
        [("Section", "text"), ("Figure", "text"), ("Value", "text")],
        ([f.section, f.label, f.value] for f in figures),
        kinds=[f.kind for f in figures],
        kind_column=2,
    )


def _deadline(k: KpiLine) -> date | None:
    return None if k.target is None else k.target.deadline


def _annual(book: _Book, r: AnnualMonitoringReport, folio: Portfolio | None) -> None:
    _summary(book, r)
    book.sheet(
        "KPIs",
        [
            ("KPI id", "text"),
            ("Commitment id", "text"),
            ("Member id", "text"),
            ("KPI", "text"),
            ("Unit", "text"),
            ("Measure", "text"),
            ("Calculation", "text"),
            ("Baseline", "number"),
            ("Baseline year", "year"),
            ("Target", "number"),
            ("Deadline", "date"),
            (f"In {r.year}", "number"),
            ("Actual", "number"),
            ("Expected", "number"),
            ("Progress", "share"),
            ("Status", "text"),
            ("Pending review", "count"),
            ("Returned", "count"),
            ("Retired", "text"),
        ],
        (
            [
                str(k.kpi_id),
                str(k.commitment_id),
                None if k.member_id is None else str(k.member_id),
                k.name,
                k.unit,
                k.measure.label,
                k.calculation.label,
                None if k.baseline is None else k.baseline.value,
                None if k.baseline is None else k.baseline.year,
                None if k.target is None else k.target.value,
                _deadline(k),
                k.value_in_year,
                k.value_to_date,
                k.expected,
                k.progress,
                short(k.status),
                k.pending_reports,
                k.returned_reports,
                "yes" if k.retired else "no",
            ]
            for k in r.kpis
        ),
    )
    book.sheet(
        "Breakdowns",
        [
            ("KPI id", "text"),
            ("KPI", "text"),
            ("Dimension", "text"),
            ("Category", "text"),
            ("Value", "number"),
            ("Share", "share"),
        ],
        (
            [str(k.kpi_id), k.name, b.dimension.label, b.category, b.value, b.share]
            for k in r.kpis
            for b in k.breakdowns
        ),
    )
    book.sheet(
        "Membership",
        [("Stakeholder type", "text"), ("Members", "count")],
        [[label(t, StakeholderType), n] for t, n in r.by_stakeholder_type.items()],
    )
    book.sheet(
        "Countries",
        [("Country code", "text"), ("Country", "text")],
        ([c, country_name(c)] for c in r.countries),
    )
    if folio is not None:
        book.sheet(
            "Portfolio",
            [
                ("Per partnership", "text"),
                ("This partnership", "count"),
                ("Portfolio average", "number"),
                ("Portfolio minimum", "count"),
                ("Portfolio maximum", "count"),
            ],
            [
                [
                    "Members",
                    r.members,
                    folio.members.average,
                    folio.members.minimum,
                    folio.members.maximum,
                ],
                [
                    "Countries",
                    len(r.countries),
                    folio.countries.average,
                    folio.countries.minimum,
                    folio.countries.maximum,
                ],
            ],
        )


_TOTALS: list[Column] = [
    ("Value", "number"),
    ("Including pending", "number"),
    ("KPIs", "count"),
]


def _totals(t: IndicatorTotal) -> list[Value]:
    return [t.value, t.including_pending, t.kpis]


def _portfolio(book: _Book, r: PortfolioReport) -> None:
    _summary(book, r)
    entries = {e.partnership_id: e for e in r.portfolio.entries}
    book.sheet(
        "Partnerships",
        [
            ("Partnership id", "text"),
            ("Partnership", "text"),
            ("Kind", "text"),
            ("Status", "text"),
            ("Ecosystems", "text"),
            ("Members", "count"),
            ("Countries", "count"),
            ("Member countries", "text"),
            ("Meetings", "count"),
            ("Communication reach", "count"),
            ("KPIs", "count"),
            ("KPIs achieved or on track", "count"),
            ("Reporting completeness", "share"),
            ("Regional links", "count"),
        ],
        (
            [
                str(p.partnership_id),
                p.name,
                p.kind.label,
                None if e is None else e.status.label,
                None if e is None else labels(e.ecosystems, Ecosystem),
                p.members,
                p.countries,
                None if e is None else ", ".join(e.countries),
                p.meetings,
                p.communication_reach,
                p.kpis,
                p.kpis_achieved_or_on_track,
                p.completeness,
                p.regional_links,
            ]
            for p in r.partnerships
            for e in [entries.get(p.partnership_id)]
        ),
    )
    book.sheet(
        "Core indicators",
        [("Indicator", "text"), *_TOTALS],
        ([t.indicator.label, *_totals(t)] for t in r.roll_up.pact),
    )
    book.sheet(
        "By partnership",
        [
            ("Partnership", "text"),
            ("Member organisation id", "text"),
            ("Indicator", "text"),
            *_TOTALS,
            ("Own KPIs: value", "number"),
            ("Own: including pending", "number"),
            ("Own KPIs", "count"),
        ],
        [
            [p.name, None, t.indicator.label, *_totals(t), *_totals(own)]
            for p in r.roll_up.partnerships
            for t, own in zip(p.indicators, p.own, strict=True)
        ]
        + [
            [p.name, str(m.organisation_id), t.indicator.label, *_totals(t)]
            for p in r.roll_up.partnerships
            for m in p.members
            for t in m.indicators
        ],
    )
    book.sheet(
        "By ecosystem",
        [
            ("Ecosystem", "text"),
            ("Partnerships", "count"),
            ("Indicator", "text"),
            *_TOTALS,
        ],
        (
            [
                label(e.ecosystem, Ecosystem),
                e.partnerships,
                t.indicator.label,
                *_totals(t),
            ]
            for e in r.roll_up.ecosystems
            for t in e.indicators
        ),
    )
    book.sheet(
        "Principles",
        [
            ("Charter principle", "text"),
            ("Commitments", "count"),
            ("KPIs", "count"),
            ("Average progress", "share"),
            ("KPIs by status", "text"),
        ],
        (
            [
                p.principle.label,
                p.commitments,
                p.kpis,
                p.average_progress,
                ", ".join(f"{label(s, KpiStatus)} {n}" for s, n in p.by_status.items())
                or "-",
            ]
            for p in r.roll_up.principles
        ),
    )
    per_country = Counter(c for e in r.portfolio.entries for c in e.countries)
    book.sheet(
        "Countries",
        [("Country code", "text"), ("Country", "text"), ("Partnerships", "count")],
        ([c, country_name(c), n] for c, n in sorted(per_country.items())),
    )


def _reproducible(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render(report: Any, portfolio: Any = None) -> bytes:
    """The report as the bytes of an ``.xlsx`` workbook."""
    r = as_report(report)
    if isinstance(r, PortfolioReport):
        book = _Book(f"Portfolio report {r.year}", r.as_of)
        _portfolio(book, r)
    else:
        book = _Book(f"Annual monitoring report {r.year}: {r.name}", r.as_of)
        _annual(book, r, context_portfolio(portfolio))
    wb = book.wb
    wb.properties.title = xml_safe(book.title)
    moment = r.as_of.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    wb.properties.creator = "pact-domain"
    wb.properties.created = moment
    wb.properties.modified = moment
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _reproducible(buffer.getvalue())


XLSX = ReportFormatSpec(
    name="xlsx",
    extension="xlsx",
    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    description="an Excel workbook: summary, KPIs, breakdowns, membership",
    render=render,
)


@hookimpl
def pact_register_report_formats() -> list[ReportFormatSpec]:
    """Contribute the ``xlsx`` format."""
    return [XLSX]
