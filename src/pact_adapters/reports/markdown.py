"""The ``md`` report format: the report as Markdown with tables.

An annual report gives a summary table, the membership by stakeholder type,
the KPI table (target, actual, progress, status), the breakdowns and the
reporting discipline; with a portfolio as context, a comparison with the
portfolio's spreads.  A portfolio report gives the portfolio, one line per
partnership and the Pact-wide core indicators.

Every piece of text (table cells and the heading) is escaped: ``&``, ``<``
and ``>`` become character references, so raw HTML in a name is shown and
never rendered; ``\\``, `` ` ``, ``*``, ``_``, ``[``, ``]``, ``|`` and ``~``
get a backslash, so a name makes no link, emphasis, code or extra table
column; line breaks become spaces; characters XML 1.0 forbids become U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.reports._common import (
    Cell,
    as_report,
    context_portfolio,
    number,
    percent,
    summary_rows,
    when,
    xml_safe,
)
from pact_domain.monitoring import AnnualMonitoringReport, Portfolio, PortfolioReport

__all__ = ["MARKDOWN", "escape", "pact_register_report_formats", "render", "table"]

_SHARES = {
    "SME share",
    "Share satisfied",
    "Share using outputs",
    "Reporting completeness",
    "Reporting timeliness",
}


_ACTIVE = re.compile(r"([\\`*_\[\]|~])")
_LINE_BREAKS = re.compile(r"[\r\n\x85\u2028\u2029]+")


def escape(text: str) -> str:
    """``text`` as inert Markdown on one line: HTML's ``&``, ``<``, ``>`` as
    character references, Markdown's active characters backslash-escaped,
    line breaks as spaces, XML-forbidden characters as U+FFFD."""
    text = xml_safe(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LINE_BREAKS.sub(" ", text)
    return _ACTIVE.sub(r"\\\1", text)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown (GitHub) table; numbers right-aligned when the header
    ends with ``:``.  Every header and cell goes through :func:`escape`."""
    heads = [h.rstrip(":") for h in headers]
    align = ["---:" if h.endswith(":") else "---" for h in headers]
    out = [
        "| " + " | ".join(escape(h) for h in heads) + " |",
        "| " + " | ".join(align) + " |",
    ]
    out += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return out


def _cell(label: str, value: Cell) -> str:
    if label == "Year":
        return str(value)
    if isinstance(value, Decimal) and label in _SHARES:
        return percent(value)
    if isinstance(value, Decimal | int):
        return number(value)
    return "-" if value is None or value == "" else str(value)


def _annual(r: AnnualMonitoringReport, folio: Portfolio | None) -> list[str]:
    out = [
        f"# Annual monitoring report {r.year}: {escape(r.name)}",
        "",
        f"{r.kind.label}, {r.status.label}. As of {when(r.as_of)} ({r.axis} time); "
        f"figures at {when(r.evaluated_at)}.",
        "",
        "## Summary",
        "",
        *table(["Figure", "Value"], ((k, _cell(k, v)) for k, v in summary_rows(r))),
        "",
        "## Members by stakeholder type",
        "",
        *table(
            ["Stakeholder type", "Members:"],
            ((t, number(n)) for t, n in r.by_stakeholder_type.items()),
        ),
        "",
        f"## KPIs ({len(r.kpis)})",
        "",
    ]
    unit = {k.kpi_id: f" {k.unit}" if k.unit else "" for k in r.kpis}
    out += table(
        [
            "KPI",
            "Baseline:",
            "Target:",
            "Deadline",
            f"In {r.year}:",
            "Actual:",
            "Expected:",
            "Progress:",
            "Status",
        ],
        (
            (
                k.name + (" (retired)" if k.retired else ""),
                "-"
                if k.baseline is None
                else f"{number(k.baseline.value)} ({k.baseline.year})",
                "-" if k.target is None else number(k.target.value) + unit[k.kpi_id],
                "-"
                if k.target is None or k.target.deadline is None
                else k.target.deadline.isoformat(),
                number(k.value_in_year),
                number(k.value_to_date),
                number(k.expected),
                percent(k.progress),
                k.status.label
                + (f" ({k.pending_reports} pending)" if k.pending_reports else ""),
            )
            for k in r.kpis
        ),
    )
    shares = [(k, b) for k in r.kpis for b in k.breakdowns]
    if shares:
        out += ["", "### Breakdowns", ""]
        out += table(
            ["KPI", "Dimension", "Category", "Value:", "Share:"],
            (
                (
                    k.name,
                    b.dimension.label,
                    b.category,
                    number(b.value),
                    percent(b.share),
                )
                for k, b in shares
            ),
        )
    if folio is not None:
        out += [
            "",
            "## Against the portfolio",
            "",
            *table(
                ["Per partnership", "This partnership:", "Average:", "Min:", "Max:"],
                [
                    (
                        "Members",
                        number(r.members),
                        number(folio.members.average),
                        number(folio.members.minimum),
                        number(folio.members.maximum),
                    ),
                    (
                        "Countries",
                        number(len(r.countries)),
                        number(folio.countries.average),
                        number(folio.countries.minimum),
                        number(folio.countries.maximum),
                    ),
                ],
            ),
        ]
    return out


def _portfolio(r: PortfolioReport) -> list[str]:
    out = [
        f"# Portfolio report {r.year}",
        "",
        f"As of {when(r.as_of)} ({r.axis} time); figures at {when(r.evaluated_at)}.",
        "",
        "## Portfolio",
        "",
        *table(["Figure", "Value"], ((k, _cell(k, v)) for k, v in summary_rows(r))),
        "",
        f"## Partnerships ({len(r.partnerships)})",
        "",
        *table(
            [
                "Partnership",
                "Kind",
                "Members:",
                "Countries:",
                "Meetings:",
                "Reach:",
                "KPIs:",
                "Achieved or on track:",
                "Completeness:",
            ],
            (
                (
                    p.name,
                    p.kind.label,
                    number(p.members),
                    number(p.countries),
                    number(p.meetings),
                    number(p.communication_reach),
                    number(p.kpis),
                    number(p.kpis_achieved_or_on_track),
                    percent(p.completeness),
                )
                for p in r.partnerships
            ),
        ),
        "",
        "## Core indicators (Pact-wide)",
        "",
        *table(
            ["Indicator", "Value:", "Including pending:", "KPIs:"],
            (
                (
                    t.indicator.label,
                    number(t.value),
                    number(t.including_pending),
                    number(t.kpis),
                )
                for t in r.roll_up.pact
            ),
        ),
    ]
    if r.roll_up.principles:
        out += [
            "",
            "## Charter principles",
            "",
            *table(
                ["Principle", "Commitments:", "KPIs:", "Average progress:"],
                (
                    (
                        p.principle.label,
                        number(p.commitments),
                        number(p.kpis),
                        percent(p.average_progress),
                    )
                    for p in r.roll_up.principles
                ),
            ),
        ]
    return out


def render(report: Any, portfolio: Any = None) -> bytes:
    """The report as UTF-8 Markdown."""
    r = as_report(report)
    if isinstance(r, PortfolioReport):
        lines = _portfolio(r)
    else:
        lines = _annual(r, context_portfolio(portfolio))
    return ("\n".join(lines) + "\n").encode("utf-8")


MARKDOWN = ReportFormatSpec(
    name="md",
    extension="md",
    media_type="text/markdown; charset=utf-8",
    description="the report as Markdown with tables",
    render=render,
)


@hookimpl
def pact_register_report_formats() -> list[ReportFormatSpec]:
    """Contribute the ``md`` format."""
    return [MARKDOWN]
