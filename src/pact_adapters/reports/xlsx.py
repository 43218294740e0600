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
from datetime import UTC
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.reports._common import (
    KPI_COLUMNS,
    PARTNERSHIP_COLUMNS,
    Cell,
    as_report,
    context_portfolio,
    spreadsheet_cell,
    summary_rows,
    xml_safe,
)
from pact_domain.monitoring import AnnualMonitoringReport, Portfolio, PortfolioReport

__all__ = ["XLSX", "pact_register_report_formats", "render"]

_PERCENT = "0.0%"
_SHARE_COLUMNS = {"progress", "completeness", "share"}
_SHARE_LABELS = {
    "SME share",
    "Share satisfied",
    "Share using outputs",
    "Reporting completeness",
    "Reporting timeliness",
}
_FIXED = (1980, 1, 1, 0, 0, 0)


def _safe(value: Cell) -> Cell:
    if isinstance(value, str):
        return spreadsheet_cell(xml_safe(value))
    return value


def _append(ws: Worksheet, row: Sequence[Cell]) -> None:
    """Append a row; every text cell is a string cell (data type ``s``), so
    that openpyxl never writes it as a formula."""
    ws.append([_safe(value) for value in row])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    shares: Iterable[int] = (),
) -> Worksheet:
    ws: Worksheet = wb.create_sheet(title)
    _append(ws, headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    share_columns = set(shares)
    for row in rows:
        _append(ws, row)
        for i in share_columns:
            if isinstance(row[i], Decimal):
                ws.cell(ws.max_row, i + 1).number_format = _PERCENT
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        values = [len(str(c.value)) for c in ws[get_column_letter(i)] if c.value]
        ws.column_dimensions[get_column_letter(i)].width = min(
            max([len(header), *values]) + 2, 60
        )
    return ws


def _summary(wb: Workbook, rows: list[tuple[str, Cell]]) -> None:
    ws = _sheet(wb, "Summary", ["Figure", "Value"], rows)
    for row in ws.iter_rows(min_row=2):
        if row[0].value in _SHARE_LABELS and isinstance(row[1].value, Decimal):
            row[1].number_format = _PERCENT


def _annual(wb: Workbook, r: AnnualMonitoringReport, folio: Portfolio | None) -> None:
    _summary(wb, summary_rows(r))
    headers = [h for h, _ in KPI_COLUMNS]
    _sheet(
        wb,
        "KPIs",
        headers,
        ([get(k) for _, get in KPI_COLUMNS] for k in r.kpis),
        shares=[headers.index("progress")],
    )
    _sheet(
        wb,
        "Breakdowns",
        ["kpi_id", "kpi", "dimension", "category", "value", "share"],
        (
            [str(k.kpi_id), k.name, str(b.dimension), b.category, b.value, b.share]
            for k in r.kpis
            for b in k.breakdowns
        ),
        shares=[5],
    )
    _sheet(
        wb,
        "Membership",
        ["stakeholder_type", "members"],
        list(r.by_stakeholder_type.items()),
    )
    _sheet(wb, "Countries", ["country"], ([c] for c in r.countries))
    if folio is not None:
        _sheet(
            wb,
            "Portfolio",
            ["per_partnership", "this_partnership", "average", "minimum", "maximum"],
            [
                [
                    "members",
                    r.members,
                    folio.members.average,
                    folio.members.minimum,
                    folio.members.maximum,
                ],
                [
                    "countries",
                    len(r.countries),
                    folio.countries.average,
                    folio.countries.minimum,
                    folio.countries.maximum,
                ],
            ],
        )


def _portfolio(wb: Workbook, r: PortfolioReport) -> None:
    _summary(wb, summary_rows(r))
    headers = [h for h, _ in PARTNERSHIP_COLUMNS]
    _sheet(
        wb,
        "Partnerships",
        headers,
        ([get(p) for _, get in PARTNERSHIP_COLUMNS] for p in r.partnerships),
        shares=[headers.index("completeness")],
    )
    _sheet(
        wb,
        "Core indicators",
        ["indicator", "label", "value", "including_pending", "kpis"],
        (
            [str(t.indicator), t.indicator.label, t.value, t.including_pending, t.kpis]
            for t in r.roll_up.pact
        ),
    )
    _sheet(
        wb,
        "Principles",
        ["principle", "commitments", "kpis", "average_progress"],
        (
            [str(p.principle), p.commitments, p.kpis, p.average_progress]
            for p in r.roll_up.principles
        ),
        shares=[3],
    )
    per_country = Counter(c for e in r.portfolio.entries for c in e.countries)
    _sheet(
        wb,
        "Countries",
        ["country", "partnerships"],
        sorted(per_country.items()),
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
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    if isinstance(r, PortfolioReport):
        _portfolio(wb, r)
        wb.properties.title = f"Portfolio report {r.year}"
    else:
        _annual(wb, r, context_portfolio(portfolio))
        wb.properties.title = xml_safe(f"Annual monitoring report {r.year}: {r.name}")
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
