"""The ``csv`` report format: one row per KPI (or per partnership).

An annual report gives one row per KPI, with the partnership and year first
and then the columns of :data:`~pact_adapters.reports._common.KPI_COLUMNS`
(target, ``actual`` — the value to date — and ``progress`` among them).  A
portfolio report gives one row per partnership.  Numbers are written plainly
(``0.6400``, no thousands separators); a missing value is an empty field.
Text that a spreadsheet would take for a formula (it begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading
``'`` (:func:`~pact_adapters.reports._common.spreadsheet_cell`); numbers are
left as they are.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.reports._common import (
    KPI_COLUMNS,
    PARTNERSHIP_COLUMNS,
    Cell,
    as_report,
    plain,
    spreadsheet_cell,
)
from pact_domain.monitoring import PortfolioReport

__all__ = ["CSV", "pact_register_report_formats", "render"]


def _field(value: Cell) -> str:
    return plain(spreadsheet_cell(value))


def render(report: Any, portfolio: Any = None) -> bytes:
    """The KPI table (or partnership table) as UTF-8 CSV with a header row."""
    r = as_report(report)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    if isinstance(r, PortfolioReport):
        writer.writerow(["year", *(h for h, _ in PARTNERSHIP_COLUMNS)])
        for line in r.partnerships:
            writer.writerow(
                [r.year, *(_field(get(line)) for _, get in PARTNERSHIP_COLUMNS)]
            )
    else:
        writer.writerow(
            ["partnership_id", "partnership", "year", *(h for h, _ in KPI_COLUMNS)]
        )
        for k in r.kpis:
            writer.writerow(
                [
                    str(r.partnership_id),
                    _field(r.name),
                    r.year,
                    *(_field(get(k)) for _, get in KPI_COLUMNS),
                ]
            )
    return out.getvalue().encode("utf-8")


CSV = ReportFormatSpec(
    name="csv",
    extension="csv",
    media_type="text/csv; charset=utf-8",
    description="one row per KPI (target, actual, progress) or per partnership",
    render=render,
)


@hookimpl
def pact_register_report_formats() -> list[ReportFormatSpec]:
    """Contribute the ``csv`` format."""
    return [CSV]
