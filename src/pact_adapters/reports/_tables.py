"""The tables of a report as people read them, shared by the Markdown and
HTML formats: every cell is display text (labels for codes, numbers rounded
and thousands-separated, shares as percentages)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from pact_adapters.reports._common import (
    kpi_number,
    label,
    labels,
    number,
    percent,
    short,
)
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    IndicatorTotal,
    KpiLine,
    KpiStatus,
    PortfolioReport,
)
from pact_domain.vocabularies import Ecosystem

__all__ = ["Table", "annual_tables", "portfolio_tables"]


@attrs.frozen
class Table:
    """A titled table of display text; ``numeric`` columns align right."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int]
    section: str = ""
    """The heading the table belongs under (``KPIs``, ``Membership``...)."""


def _table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int],
    section: str,
) -> Table:
    return Table(
        title,
        tuple(headers),
        tuple(tuple(r) for r in rows),
        frozenset(numeric),
        section,
    )


def kpi_name(k: KpiLine) -> str:
    """The KPI's name, marked when retired."""
    return k.name + (" (retired)" if k.retired else "")


def _status(k: KpiLine) -> str:
    return short(k.status) + (
        f" ({k.pending_reports} pending review)" if k.pending_reports else ""
    )


def annual_tables(r: AnnualMonitoringReport) -> list[Table]:
    """The KPI table, the KPI definitions and review counts, and the
    breakdowns of an annual report."""
    tables = [
        _table(
            f"KPIs ({len(r.kpis)})",
            [
                "KPI",
                "Target",
                "Deadline",
                f"In {r.year}",
                "Actual",
                "Expected",
                "Progress",
                "Status",
            ],
            [
                [
                    kpi_name(k),
                    "-"
                    if k.target is None
                    else f"{kpi_number(k, k.target.value)} {k.unit}".strip(),
                    "-"
                    if k.target is None or k.target.deadline is None
                    else k.target.deadline.isoformat(),
                    kpi_number(k, k.value_in_year),
                    kpi_number(k, k.value_to_date),
                    kpi_number(k, k.expected),
                    percent(k.progress),
                    _status(k),
                ]
                for k in r.kpis
            ],
            [1, 3, 4, 5, 6],
            "KPIs",
        ),
        _table(
            "KPI definitions and review",
            [
                "KPI",
                "Unit",
                "Measure",
                "Calculation",
                "Baseline",
                "Baseline year",
                "Pending review",
                "Returned",
            ],
            [
                [
                    kpi_name(k),
                    k.unit or "-",
                    k.measure.label,
                    k.calculation.label,
                    "-" if k.baseline is None else kpi_number(k, k.baseline.value),
                    "-" if k.baseline is None else str(k.baseline.year),
                    number(k.pending_reports),
                    number(k.returned_reports),
                ]
                for k in r.kpis
            ],
            [4, 5, 6, 7],
            "KPIs",
        ),
    ]
    shares = [(k, b) for k in r.kpis for b in k.breakdowns]
    if shares:
        tables.append(
            _table(
                "Breakdowns",
                ["KPI", "Dimension", "Category", "Value", "Share"],
                [
                    [
                        k.name,
                        b.dimension.label,
                        b.category,
                        kpi_number(k, b.value),
                        percent(b.share),
                    ]
                    for k, b in shares
                ],
                [3, 4],
                "KPIs",
            )
        )
    return tables


def _totals(t: IndicatorTotal) -> list[str]:
    return [number(t.value), number(t.including_pending), number(t.kpis)]


def _by_status(counts: dict[str, int]) -> str:
    return ", ".join(f"{label(s, KpiStatus)} {n}" for s, n in counts.items()) or "-"


def portfolio_tables(r: PortfolioReport) -> list[Table]:
    """The partnerships, their member countries, the core indicators
    (Pact-wide, per partnership, per ecosystem) and the Charter principles
    of a portfolio report."""
    entries = {e.partnership_id: e for e in r.portfolio.entries}
    lines = []
    for line in r.partnerships:
        e = entries.get(line.partnership_id)
        lines.append(
            [
                line.name,
                line.kind.label,
                "-" if e is None else e.status.label,
                "-" if e is None else labels(e.ecosystems, Ecosystem),
                number(line.members if e is None else e.members),
                number(line.countries),
                number(line.meetings),
                number(line.communication_reach),
                number(line.kpis),
                number(line.kpis_achieved_or_on_track),
                percent(line.completeness),
                number(line.regional_links),
            ]
        )
    per_partnership = [
        [p.name, t.indicator.label, *_totals(t), *_totals(own)]
        for p in r.roll_up.partnerships
        for t, own in zip(p.indicators, p.own, strict=True)
    ]
    per_member = [
        [p.name, str(m.organisation_id), t.indicator.label, *_totals(t)]
        for p in r.roll_up.partnerships
        for m in p.members
        for t in m.indicators
    ]
    tables = [
        _table(
            f"Partnerships ({len(r.partnerships)})",
            [
                "Partnership",
                "Kind",
                "Status",
                "Ecosystems",
                "Members",
                "Countries",
                "Meetings",
                "Reach",
                "KPIs",
                "Achieved or on track",
                "Reporting completeness",
                "Regional links",
            ],
            lines,
            range(4, 12),
            "Partnerships",
        ),
        _table(
            "Member countries",
            ["Partnership", "Countries"],
            [[e.name, ", ".join(e.countries) or "-"] for e in r.portfolio.entries],
            [],
            "Partnerships",
        ),
        _table(
            "Core indicators (Pact-wide)",
            ["Indicator", "Value", "Including pending", "KPIs"],
            [[t.indicator.label, *_totals(t)] for t in r.roll_up.pact],
            [1, 2, 3],
            "Core indicators",
        ),
        _table(
            "Core indicators by partnership",
            [
                "Partnership",
                "Indicator",
                "Value",
                "Including pending",
                "KPIs",
                "Own KPIs: value",
                "Own: including pending",
                "Own KPIs",
            ],
            per_partnership,
            range(2, 8),
            "Core indicators",
        ),
    ]
    if per_member:
        tables.append(
            _table(
                "Core indicators by member organisation",
                [
                    "Partnership",
                    "Organisation",
                    "Indicator",
                    "Value",
                    "Including pending",
                    "KPIs",
                ],
                per_member,
                [3, 4, 5],
                "Core indicators",
            )
        )
    tables += [
        _table(
            "Core indicators by ecosystem",
            [
                "Ecosystem",
                "Partnerships",
                "Indicator",
                "Value",
                "Including pending",
                "KPIs",
            ],
            [
                [
                    label(e.ecosystem, Ecosystem),
                    number(e.partnerships),
                    t.indicator.label,
                    *_totals(t),
                ]
                for e in r.roll_up.ecosystems
                for t in e.indicators
            ],
            [1, 3, 4, 5],
            "Core indicators",
        ),
        _table(
            "Charter principles",
            ["Principle", "Commitments", "KPIs", "Average progress", "KPIs by status"],
            [
                [
                    p.principle.label,
                    number(p.commitments),
                    number(p.kpis),
                    percent(p.average_progress),
                    _by_status(p.by_status),
                ]
                for p in r.roll_up.principles
            ],
            [1, 2, 3],
            "Core indicators",
        ),
    ]
    return tables
