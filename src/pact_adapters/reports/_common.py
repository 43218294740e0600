"""What the built-in report formats share: argument checks, tables, numbers,
and the helpers that keep an output safe for its readers (see "Safe outputs"
in ``docs/reports.md``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import TypeAlias

from pact_adapters.errors import PactAdapterError
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    KpiLine,
    PartnershipLine,
    Portfolio,
    PortfolioReport,
)

__all__ = [
    "FORMULA_PREFIXES",
    "KPI_COLUMNS",
    "PARTNERSHIP_COLUMNS",
    "Cell",
    "MalformedReportError",
    "Report",
    "as_report",
    "context_portfolio",
    "number",
    "percent",
    "plain",
    "spreadsheet_cell",
    "summary_rows",
    "when",
    "xml_safe",
]

Report: TypeAlias = AnnualMonitoringReport | PortfolioReport
"""What the built-in formats render."""

Cell: TypeAlias = str | int | Decimal | None
"""One value of a table: text, a whole number, a decimal, or nothing."""


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a text cell as a formula
(OWASP, "CSV Injection")."""

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class MalformedReportError(PactAdapterError, ValueError):
    """A format rendered output that does not parse as what it claims to be
    (e.g. an IATI file that is not well-formed XML); nothing is written.

    Attributes:
        format: the format's name (``"iati"``).
        reason: what the parser reported.
    """

    def __init__(self, format: str, reason: str) -> None:
        self.format = format
        self.reason = reason
        super().__init__(
            f"the {format} report is not well-formed ({reason}); nothing was "
            "written. Please report this as a bug of pact-adapters."
        )


def spreadsheet_cell(value: Cell) -> Cell:
    """``value`` made safe for a spreadsheet cell: text that begins with a
    formula character (:data:`FORMULA_PREFIXES`) gets a leading ``'`` so that
    Excel, LibreOffice and Google Sheets show it instead of evaluating it.
    Numbers and ``None`` are returned as they are (``-5`` stays a number), and
    so is a lone ``-``, the reports' mark for "nothing", which is no formula."""
    if isinstance(value, str) and value != "-" and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 forbids (C0 controls other than
    tab, newline and carriage return; U+FFFE, U+FFFF; lone surrogates)
    replaced by U+FFFD, the replacement character."""
    return _XML_FORBIDDEN.sub("\ufffd", text)


def as_report(report: object) -> Report:
    """``report`` if it is an annual or a portfolio report.

    Raises:
        TypeError: it is something else.
    """
    if isinstance(report, AnnualMonitoringReport | PortfolioReport):
        return report
    raise TypeError(
        "expected an AnnualMonitoringReport or a PortfolioReport, not "
        f"{type(report).__name__}"
    )


def context_portfolio(portfolio: object) -> Portfolio | None:
    """The :class:`Portfolio` given as context (a ``Portfolio``, a
    ``PortfolioReport`` or ``None``).

    Raises:
        TypeError: it is something else.
    """
    if portfolio is None or isinstance(portfolio, Portfolio):
        return portfolio
    if isinstance(portfolio, PortfolioReport):
        return portfolio.portfolio
    raise TypeError(
        "expected a Portfolio, a PortfolioReport or None, not "
        f"{type(portfolio).__name__}"
    )


def plain(value: Cell) -> str:
    """A cell as plain machine-readable text (``""`` for nothing)."""
    return "" if value is None else str(value)


def number(value: Decimal | int | None) -> str:
    """A number for people: thousands separated, no trailing zeros, ``-`` for
    nothing."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def percent(value: Decimal | None) -> str:
    """A share (0.64) as a percentage for people (``64.0%``)."""
    return "-" if value is None else f"{(value * 100).quantize(Decimal('0.1'))}%"


def when(moment: datetime) -> str:
    """An instant as ``YYYY-MM-DD HH:MM UTC``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _target_deadline(k: KpiLine) -> Cell:
    if k.target is None or k.target.deadline is None:
        return None
    return k.target.deadline.isoformat()


KPI_COLUMNS: Sequence[tuple[str, Callable[[KpiLine], Cell]]] = (
    ("kpi_id", lambda k: str(k.kpi_id)),
    ("commitment_id", lambda k: str(k.commitment_id)),
    ("member_id", lambda k: None if k.member_id is None else str(k.member_id)),
    ("name", lambda k: k.name),
    ("unit", lambda k: k.unit),
    ("measure", lambda k: str(k.measure)),
    ("calculation", lambda k: str(k.calculation)),
    ("baseline", lambda k: None if k.baseline is None else k.baseline.value),
    ("baseline_year", lambda k: None if k.baseline is None else k.baseline.year),
    ("target", lambda k: None if k.target is None else k.target.value),
    ("target_deadline", _target_deadline),
    ("value_in_year", lambda k: k.value_in_year),
    ("actual", lambda k: k.value_to_date),
    ("expected", lambda k: k.expected),
    ("progress", lambda k: k.progress),
    ("status", lambda k: str(k.status)),
    ("pending_reports", lambda k: k.pending_reports),
    ("returned_reports", lambda k: k.returned_reports),
    ("retired", lambda k: "yes" if k.retired else "no"),
)
"""The columns of the KPI table: header and value of a :class:`KpiLine`.
``actual`` is the value to date (by the end of the reporting year)."""

PARTNERSHIP_COLUMNS: Sequence[tuple[str, Callable[[PartnershipLine], Cell]]] = (
    ("partnership_id", lambda p: str(p.partnership_id)),
    ("name", lambda p: p.name),
    ("kind", lambda p: str(p.kind)),
    ("members", lambda p: p.members),
    ("countries", lambda p: p.countries),
    ("meetings", lambda p: p.meetings),
    ("communication_reach", lambda p: p.communication_reach),
    ("kpis", lambda p: p.kpis),
    ("kpis_achieved_or_on_track", lambda p: p.kpis_achieved_or_on_track),
    ("completeness", lambda p: p.completeness),
)
"""The columns of the portfolio's partnership table."""


def _counts(values: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in values.items()) or "-"


def summary_rows(report: Report) -> list[tuple[str, Cell]]:
    """The report's headline figures as (label, value) pairs, in order."""
    if isinstance(report, PortfolioReport):
        p = report.portfolio
        return [
            ("Year", report.year),
            ("As of", report.as_of.isoformat()),
            ("Time axis", str(report.axis)),
            ("Figures at", report.evaluated_at.isoformat()),
            ("Partnerships", p.partnerships),
            ("By kind", _counts(p.by_kind)),
            ("By status", _counts(p.by_status)),
            ("By ecosystem", _counts(p.by_ecosystem)),
            ("Members per partnership (average)", p.members.average),
            ("Members per partnership (minimum)", p.members.minimum),
            ("Members per partnership (maximum)", p.members.maximum),
            ("Countries per partnership (average)", p.countries.average),
            ("Countries per partnership (minimum)", p.countries.minimum),
            ("Countries per partnership (maximum)", p.countries.maximum),
            ("Distinct organisations", p.organisations),
            ("Countries", ", ".join(p.all_countries) or "-"),
            ("Stakeholders in partnerships", report.roll_up.stakeholders),
        ]
    r = report
    d = r.reporting
    return [
        ("Partnership", r.name),
        ("Partnership id", str(r.partnership_id)),
        ("Kind", r.kind.label),
        ("Status", r.status.label),
        ("Year", r.year),
        ("As of", r.as_of.isoformat()),
        ("Time axis", str(r.axis)),
        ("Figures at", r.evaluated_at.isoformat()),
        ("Members", r.members),
        ("Members joined", r.members_joined),
        ("Members left", r.members_left),
        ("By stakeholder type", _counts(r.by_stakeholder_type)),
        ("Countries", ", ".join(r.countries) or "-"),
        ("Regions", ", ".join(r.regions) or "-"),
        ("Ecosystems", ", ".join(r.ecosystems) or "-"),
        ("SME share", r.sme_share),
        ("Communications", r.communications),
        ("Communication reach", r.communication_reach),
        ("Meetings", r.meetings),
        ("Average meeting participants", r.average_meeting_participants),
        ("Activities", r.activities),
        ("Deliverables due", r.deliverables_due),
        ("Deliverables delivered", r.deliverables_delivered),
        ("Deliverables overdue", r.deliverables_overdue),
        ("Outputs developed", _counts(r.outputs)),
        ("Survey responses", r.survey_responses),
        ("Share satisfied", r.share_satisfied),
        ("Share using outputs", r.share_using_outputs),
        ("Funding secured (EUR)", r.funding_eur),
        ("KPIs", len(r.kpis)),
        ("Reports expected", d.expected),
        ("Reports received", d.received),
        ("Reports on time", d.on_time),
        ("Reports late", d.late),
        ("Reports awaiting", d.awaiting),
        ("Reports overdue", d.overdue),
        ("Reporting completeness", d.completeness),
        ("Reporting timeliness", d.timeliness),
    ]
