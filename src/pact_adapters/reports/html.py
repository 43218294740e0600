"""The ``html`` report format: one self-contained page with charts.

The page has no scripts and refers to nothing outside itself: the style is
inline and the charts are inline SVG drawn by :mod:`pact_adapters.reports._svg`.
Every piece of text is escaped, characters XML 1.0 forbids become U+FFFD, and
a Content-Security-Policy (:data:`CSP`) lets the page load nothing and run no
script, whatever a name smuggles in.
An annual report shows KPI progress against target (with the linear
expectation), members by stakeholder type, the member countries on a grid of
European countries and, with a portfolio as context, this partnership
against the portfolio's spreads; then the tables.  A portfolio report shows
members per partnership, partnerships per country and KPIs achieved or on
track per partnership, then the tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from decimal import Decimal
from html import escape
from typing import Any

import iso3166

from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.reports._common import (
    as_report,
    context_portfolio,
    display,
    label,
    number,
    percent,
    report_figures,
    short,
    when,
    xml_safe,
)
from pact_adapters.reports._svg import (
    Bar,
    ProgressBar,
    bar_chart,
    progress_chart,
    tile_chart,
)
from pact_adapters.reports._tables import Table, annual_tables, portfolio_tables
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    KpiLine,
    KpiStatus,
    Portfolio,
    PortfolioReport,
)
from pact_domain.vocabularies import StakeholderType

__all__ = ["CSP", "EUROPE", "HTML", "pact_register_report_formats", "render"]

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)
"""The page's Content-Security-Policy: nothing is fetched, no script runs, no
form is sent; only the page's own inline style (its ``<style>`` element and
the ``style`` attributes of the chart key) applies.  The charts are inline
SVG, which needs no source of its own."""

EUROPE: tuple[str, ...] = (
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
    "IS",
    "LI",
    "NO",
)
"""The countries always drawn on the country grid: the EU and the EEA."""

_STATUS_COLOUR = {
    KpiStatus.ACHIEVED: "#2e7d32",
    KpiStatus.ON_TRACK: "#43a047",
    KpiStatus.BEHIND: "#e0a100",
    KpiStatus.MISSED: "#c62828",
    KpiStatus.IN_PROGRESS: "#2f6fb0",
}

_NO_VALUE = "#9aa5b1"
"""The outline of the key's swatch for a KPI without an approved value or
without a target: its bar is the bare track, drawn in the track's colour."""
_TRACK = "#d9e2ec"

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,
sans-serif;color:#1f2933;margin:0;background:#f5f7fa;line-height:1.4}
main{max-width:1040px;margin:0 auto;padding:24px 32px;background:#fff}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 8px;
border-bottom:2px solid #d9e2ec;padding-bottom:4px}
p.meta{color:#616e7c;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{flex:1 1 150px;border:1px solid #d9e2ec;border-radius:6px;padding:10px 14px}
.card b{display:block;font-size:1.5em}.card span{color:#616e7c;font-size:.9em}
figure{margin:8px 0 16px}figcaption{color:#616e7c;font-size:.9em}
svg.chart{max-width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:8px 0}
th,td{border-bottom:1px solid #d9e2ec;padding:4px 8px;text-align:left;
vertical-align:top}th{background:#f0f4f8}td.n,th.n{text-align:right;
white-space:nowrap}
.key span{display:inline-block;width:10px;height:10px;border-radius:2px;
margin:0 4px 0 12px}
@page{size:A4;margin:12mm}
@media print{body{background:#fff;font-size:10pt}main{max-width:none;padding:0}
h2,h3{break-after:avoid}figure,tr,.cards{break-inside:avoid}
thead{display:table-header-group}}
"""


def _type_label(code: str) -> str:
    return label(code, StakeholderType)


def _country(code: str) -> str:
    try:
        return str(iso3166.countries.get(code).name)
    except KeyError:
        return code


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: AbstractSet[int]
) -> str:
    def cls(i: int) -> str:
        return ' class="n"' if i in numeric else ""

    head = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def _cards(items: Sequence[tuple[str, str]]) -> str:
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><b>{escape(v)}</b><span>{escape(k)}</span></div>'
            for k, v in items
        )
        + "</div>"
    )


def _expected_share(k: KpiLine) -> Decimal | None:
    if k.target is None or k.expected is None:
        return None
    base = Decimal(0) if k.baseline is None else k.baseline.value
    span = k.target.value - base
    return None if span == 0 else (k.expected - base) / span


def _progress_bars(kpis: Sequence[KpiLine]) -> list[ProgressBar]:
    bars: list[ProgressBar] = []
    for k in kpis:
        note = short(k.status)
        if k.pending_reports:
            note += f" \u00b7 {k.pending_reports} pending review"
        bars.append(
            (
                k.name + (" (retired)" if k.retired else ""),
                k.progress,
                _expected_share(k),
                _STATUS_COLOUR.get(k.status, _NO_VALUE),
                note,
            )
        )
    return bars


def _key() -> str:
    parts = "".join(
        f'<span style="background:{c}"></span>{escape(short(s))}'
        for s, c in _STATUS_COLOUR.items()
    )
    return (
        f'<p class="key">{parts}<span style="background:{_TRACK};'
        f'outline:1px solid {_NO_VALUE}"></span>no approved value or no target'
        " (the bare track)"
        '<span style="background:#1f2933;width:3px"></span>linear expectation</p>'
    )


def _one_place(value: Decimal | None) -> Decimal:
    return Decimal(0) if value is None else value.quantize(Decimal("0.1"))


def _annual(r: AnnualMonitoringReport, folio: Portfolio | None) -> str:
    covered = set(r.countries)
    tiles = [(c, _country(c), c in covered) for c in EUROPE]
    tiles += [(c, _country(c), True) for c in r.countries if c not in EUROPE]
    types: list[Bar] = sorted(
        ((_type_label(t), n) for t, n in r.by_stakeholder_type.items()),
        key=lambda b: (-b[1], b[0]),
    )
    parts = [
        f"<h1>Annual monitoring report {r.year}: {escape(r.name)}</h1>",
        f'<p class="meta">{escape(r.kind.label)}, {escape(r.status.label)}. '
        f"As of {escape(when(r.as_of))} ({escape(str(r.axis))} time); figures at "
        f"{escape(when(r.evaluated_at))}.</p>",
        _cards(
            [
                ("members", number(r.members)),
                ("countries", number(len(r.countries))),
                ("KPIs", number(len(r.kpis))),
                ("meetings", number(r.meetings)),
                ("reporting completeness", percent(r.reporting.completeness)),
            ]
        ),
        "<h2>KPI progress against target</h2>",
        _key(),
        _figure(
            progress_chart("KPI progress against target", _progress_bars(r.kpis), "c1"),
            "Progress is the share of the way from baseline to target of the "
            f"approved value to the end of {r.year}; the dashed line is the "
            "target, the dark tick the linear expectation.",
        ),
        "<h2>Membership</h2>",
        "<h3>Members by stakeholder type</h3>",
        _figure(
            bar_chart("Members by stakeholder type", types, "c2"),
            f"Members by stakeholder type ({number(r.members)} members).",
        ),
        "<h3>Member countries</h3>",
        _figure(
            tile_chart("Member countries", tiles, "c3"),
            f"Countries with members ({len(r.countries)}), filled; the EU and "
            "EEA countries are always shown.",
        ),
    ]
    if folio is not None:
        avg_m = folio.members.average
        avg_c = folio.countries.average
        parts += [
            "<h2>Against the portfolio</h2>",
            _figure(
                bar_chart(
                    "Members: this partnership and the portfolio",
                    [
                        ("This partnership", r.members),
                        ("Portfolio average", _one_place(avg_m)),
                        ("Portfolio maximum", folio.members.maximum or 0),
                    ],
                    "c4",
                ),
                f"Members, against the {folio.partnerships} partnerships of the "
                "portfolio.",
            ),
            _figure(
                bar_chart(
                    "Countries: this partnership and the portfolio",
                    [
                        ("This partnership", len(r.countries)),
                        ("Portfolio average", _one_place(avg_c)),
                        ("Portfolio maximum", folio.countries.maximum or 0),
                    ],
                    "c5",
                ),
                "Member countries, against the portfolio.",
            ),
        ]
    parts += _tables(annual_tables(r))
    parts += _all_figures(r)
    return "".join(parts)


def _tables(tables: Sequence[Table]) -> list[str]:
    parts: list[str] = []
    section = None
    for t in tables:
        if t.section != section:
            section = t.section
            parts.append(f"<h2>{escape(section)}</h2>")
        parts += [
            f"<h3>{escape(t.title)}</h3>",
            _table(t.headers, t.rows, t.numeric),
        ]
    return parts


def _all_figures(r: AnnualMonitoringReport | PortfolioReport) -> list[str]:
    return [
        "<h2>All figures</h2>",
        _table(
            ["Section", "Figure", "Value"],
            [[f.section, f.label, display(f)] for f in report_figures(r)],
            {2},
        ),
    ]


def _portfolio(r: PortfolioReport) -> str:
    p = r.portfolio
    per_country = Counter(c for e in p.entries for c in e.countries)
    countries: list[Bar] = sorted(
        ((f"{_country(c)} ({c})", n) for c, n in per_country.items()),
        key=lambda b: (-b[1], b[0]),
    )
    members: list[Bar] = sorted(
        ((e.name, e.members) for e in p.entries), key=lambda b: (-b[1], b[0])
    )
    on_track: list[Bar] = [
        (line.name, line.kpis_achieved_or_on_track) for line in r.partnerships
    ]
    parts = [
        f"<h1>Portfolio report {r.year}</h1>",
        f'<p class="meta">As of {escape(when(r.as_of))} ({escape(str(r.axis))} '
        f"time); figures at {escape(when(r.evaluated_at))}.</p>",
        _cards(
            [
                ("partnerships", number(p.partnerships)),
                ("organisations", number(p.organisations)),
                ("countries", number(len(p.all_countries))),
                ("average members", number(p.members.average)),
            ]
        ),
        "<h2>Membership</h2>",
        "<h3>Members per partnership</h3>",
        _figure(
            bar_chart("Members per partnership", members, "c1"),
            "Members of each partnership at the end of the year.",
        ),
        "<h3>Partnerships per country</h3>",
        _figure(
            bar_chart("Partnerships per country", countries, "c2"),
            "How many partnerships have members in each country.",
        ),
        "<h2>KPI progress</h2>",
        "<h3>KPIs achieved or on track</h3>",
        _figure(
            bar_chart(
                "KPIs achieved or on track",
                on_track,
                "c3",
                totals=[line.kpis for line in r.partnerships],
            ),
            "KPIs achieved or on track, per partnership (of all its KPIs).",
        ),
    ]
    parts += _tables(portfolio_tables(r))
    parts += _all_figures(r)
    return "".join(parts)


def render(report: Any, portfolio: Any = None) -> bytes:
    """The report as one self-contained UTF-8 HTML page."""
    r = as_report(report)
    if isinstance(r, PortfolioReport):
        title = f"Portfolio report {r.year}"
        body = _portfolio(r)
    else:
        title = f"Annual monitoring report {r.year}: {r.name}"
        body = _annual(r, context_portfolio(portfolio))
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
    return xml_safe(page).encode("utf-8")


HTML = ReportFormatSpec(
    name="html",
    extension="html",
    media_type="text/html; charset=utf-8",
    description="one self-contained HTML page with SVG charts",
    render=render,
)


@hookimpl
def pact_register_report_formats() -> list[ReportFormatSpec]:
    """Contribute the ``html`` format."""
    return [HTML]
