"""The ``md`` report format: the report as Markdown with tables.

An annual report gives every figure of the report (section, figure,
value: the membership by stakeholder type, governance, recruitment, skills
needs, funding by programme, the reporting discipline...), the KPI table
(target, actual, expected, progress, status), the KPI definitions with
their review counts, and the breakdowns; with a portfolio as context, a
comparison with the portfolio's spreads.  A portfolio report gives its
figures, one line per partnership, the member countries, the core
indicators Pact-wide, by partnership and by ecosystem, and the Charter
principles.  Codes are shown by their labels; numbers are rounded for
display.

Every piece of text (table cells and the heading) is escaped: ``&``, ``<``
and ``>`` become character references, so raw HTML in a name is shown and
never rendered; ``\\``, `` ` ``, ``*``, ``_``, ``[``, ``]``, ``|`` and ``~``
get a backslash, so a name makes no link, emphasis, code or extra table
column; line breaks become spaces; characters XML 1.0 forbids become U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.reports._common import (
    as_report,
    context_portfolio,
    display,
    number,
    report_figures,
    when,
    xml_safe,
)
from pact_adapters.reports._tables import Table, annual_tables, portfolio_tables
from pact_domain.monitoring import AnnualMonitoringReport, Portfolio, PortfolioReport

__all__ = ["MARKDOWN", "escape", "pact_register_report_formats", "render", "table"]

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


def _figures(r: AnnualMonitoringReport | PortfolioReport) -> list[str]:
    return table(
        ["Section", "Figure", "Value:"],
        ((f.section, f.label, display(f)) for f in report_figures(r)),
    )


def _tables(tables: Sequence[Table]) -> list[str]:
    out: list[str] = []
    for t in tables:
        heads = [h + (":" if i in t.numeric else "") for i, h in enumerate(t.headers)]
        out += ["", f"## {escape(t.title)}", "", *table(heads, t.rows)]
    return out


def _annual(r: AnnualMonitoringReport, folio: Portfolio | None) -> list[str]:
    out = [
        f"# Annual monitoring report {r.year}: {escape(r.name)}",
        "",
        f"{r.kind.label}, {r.status.label}. As of {when(r.as_of)} ({r.axis} time); "
        f"figures at {when(r.evaluated_at)}.",
        "",
        "## All figures",
        "",
        *_figures(r),
        *_tables(annual_tables(r)),
    ]
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
    return [
        f"# Portfolio report {r.year}",
        "",
        f"As of {when(r.as_of)} ({r.axis} time); figures at {when(r.evaluated_at)}.",
        "",
        "## All figures",
        "",
        *_figures(r),
        *_tables(portfolio_tables(r)),
    ]


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
