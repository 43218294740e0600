"""What the built-in report formats share: argument checks, tables, numbers,
and the helpers that keep an output safe for its readers (see "Safe outputs"
in ``docs/reports.md``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal, NamedTuple, TypeAlias

import iso3166

from pact_adapters.errors import PactAdapterError
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    KpiLine,
    PartnershipLine,
    Portfolio,
    PortfolioReport,
)
from pact_domain.monitoring.progress import KpiStatus
from pact_domain.vocabularies import (
    Ecosystem,
    FundingProgramme,
    Measure,
    OutputType,
    PartnershipKind,
    PartnershipStatus,
    StakeholderType,
    _Vocabulary,
)

__all__ = [
    "FORMULA_PREFIXES",
    "KPI_COLUMNS",
    "PARTNERSHIP_COLUMNS",
    "Cell",
    "Figure",
    "FigureKind",
    "MalformedReportError",
    "Report",
    "as_report",
    "context_portfolio",
    "country_name",
    "display",
    "kpi_number",
    "label",
    "labels",
    "number",
    "percent",
    "plain",
    "report_figures",
    "short",
    "spreadsheet_cell",
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


def number(value: Decimal | int | None, places: int = 2) -> str:
    """A number for people: rounded to at most ``places`` decimals (half
    even), thousands separated, no trailing zeros, ``-`` for nothing."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    value = value.quantize(Decimal(1).scaleb(-places))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def kpi_number(k: KpiLine, value: Decimal | None) -> str:
    """A value of a KPI for people: whole for a count (an expectation of
    29,958.9041 people reads 29,959), else at most two decimals."""
    return number(value, 0 if k.measure is Measure.COUNT else 2)


def label(code: str, vocabulary: type[_Vocabulary]) -> str:
    """The display label of ``code`` in ``vocabulary`` (the code itself when
    it is not one, e.g. ``unknown``)."""
    try:
        return vocabulary(code).label
    except ValueError:
        return code


def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 country code (the code when
    it is none)."""
    try:
        return str(iso3166.countries.get(code).name)
    except KeyError:
        return code


def labels(codes: Iterable[str], vocabulary: type[_Vocabulary]) -> str:
    """The labels of ``codes``, comma separated (``-`` for none)."""
    return ", ".join(label(c, vocabulary) for c in codes) or "-"


def short(status: KpiStatus) -> str:
    """A KPI status's label without its explanation (``On track``)."""
    return status.label.split(" (")[0]


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


FigureKind: TypeAlias = Literal["count", "share", "number", "text", "instant", "year"]
"""How a figure's value reads: a whole number, a share (a fraction shown as a
percentage), a decimal, text, an instant (UTC), or a year."""


class Figure(NamedTuple):
    """One headline figure of a report: its section, its label for people,
    its value and how the value reads."""

    section: str
    label: str
    value: Cell | datetime
    kind: FigureKind


def _each(
    section: str, values: Mapping[str, int | Decimal], vocabulary: type[_Vocabulary]
) -> list[Figure]:
    return [
        Figure(
            section,
            label(code, vocabulary),
            n,
            "count" if isinstance(n, int) else "number",
        )
        for code, n in values.items()
    ]


def _listed(codes: Sequence[str]) -> str:
    return ", ".join(codes) or "-"


def report_figures(report: Report) -> list[Figure]:
    """Every headline figure of the report, in order, labelled for people:
    what the "All figures" table of HTML and Markdown and the ``Summary``
    sheet of XLSX show.  The KPIs, breakdowns, partnerships and roll-ups
    are tables of their own."""
    if isinstance(report, PortfolioReport):
        return _portfolio_figures(report)
    r = report
    d = r.reporting
    head = "Report"
    act = "LSP activities"
    res = "LSP outputs and results"
    gov = "Governance and regional dimension"
    rep = "Reporting discipline"
    return [
        Figure(head, "Partnership", r.name, "text"),
        Figure(head, "Kind", r.kind.label, "text"),
        Figure(head, "Status", r.status.label, "text"),
        Figure(head, "Year", r.year, "year"),
        Figure(head, "As of (UTC)", r.as_of, "instant"),
        Figure(head, "Time axis", str(r.axis), "text"),
        Figure(head, "Figures evaluated at (UTC)", r.evaluated_at, "instant"),
        Figure(act, "Members", r.members, "count"),
        Figure(act, f"Members joined in {r.year}", r.members_joined, "count"),
        Figure(act, f"Members left in {r.year}", r.members_left, "count"),
        Figure(act, "SME share", r.sme_share, "share"),
        Figure(act, f"Countries ({len(r.countries)})", _listed(r.countries), "text"),
        Figure(act, f"Regions ({len(r.regions)})", _listed(r.regions), "text"),
        Figure(act, "Ecosystems", labels(r.ecosystems, Ecosystem), "text"),
        Figure(act, "Communications", r.communications, "count"),
        Figure(act, "Communication reach", r.communication_reach, "count"),
        Figure(act, "Meetings held", r.meetings, "count"),
        Figure(
            act,
            "Average meeting participants",
            r.average_meeting_participants,
            "number",
        ),
        Figure(act, "Activities (all types)", r.activities, "count"),
        *_each("Members by stakeholder type", r.by_stakeholder_type, StakeholderType),
        Figure(res, "Deliverables due", r.deliverables_due, "count"),
        Figure(res, "Deliverables delivered", r.deliverables_delivered, "count"),
        Figure(res, "Deliverables overdue", r.deliverables_overdue, "count"),
        Figure(res, "Survey responses", r.survey_responses, "count"),
        Figure(res, "Share satisfied", r.share_satisfied, "share"),
        Figure(res, "Share using outputs", r.share_using_outputs, "share"),
        Figure(res, "Funding secured (EUR)", r.funding_eur, "number"),
        Figure(res, "Skills needs assessments", r.skills_assessments, "count"),
        Figure(res, "Skills gaps found", r.skills_gaps, "count"),
        Figure(res, "Prospects contacted", r.prospects_contacted, "count"),
        Figure(res, "Prospects joined", r.prospects_joined, "count"),
        *_each("Outputs developed", r.outputs, OutputType),
        *_each("Funding by programme (EUR)", r.funding_by_programme, FundingProgramme),
        Figure(gov, "Steering group size (members)", r.steering_group_size, "count"),
        Figure(gov, "Working groups open", r.working_groups_open, "count"),
        Figure(
            gov, f"Working groups formed in {r.year}", r.working_groups_formed, "count"
        ),
        Figure(
            gov, f"Working groups closed in {r.year}", r.working_groups_closed, "count"
        ),
        Figure(
            gov, "Linked partnerships (regional links)", len(r.regional_links), "count"
        ),
        Figure(rep, "KPIs", len(r.kpis), "count"),
        Figure(rep, "Reports expected", d.expected, "count"),
        Figure(rep, "Reports received", d.received, "count"),
        Figure(rep, "Reports on time", d.on_time, "count"),
        Figure(rep, "Reports late", d.late, "count"),
        Figure(rep, "Reports awaiting", d.awaiting, "count"),
        Figure(rep, "Reports overdue", d.overdue, "count"),
        Figure(rep, "Reporting completeness", d.completeness, "share"),
        Figure(rep, "Reporting timeliness", d.timeliness, "share"),
    ]


def _portfolio_figures(report: PortfolioReport) -> list[Figure]:
    p = report.portfolio
    head = "Report"
    folio = "Portfolio"
    return [
        Figure(head, "Year", report.year, "year"),
        Figure(head, "As of (UTC)", report.as_of, "instant"),
        Figure(head, "Time axis", str(report.axis), "text"),
        Figure(head, "Figures evaluated at (UTC)", report.evaluated_at, "instant"),
        Figure(folio, "Partnerships", p.partnerships, "count"),
        Figure(folio, "Distinct organisations", p.organisations, "count"),
        Figure(
            folio, "Stakeholders in partnerships", report.roll_up.stakeholders, "count"
        ),
        Figure(
            folio,
            f"Countries ({len(p.all_countries)})",
            _listed(p.all_countries),
            "text",
        ),
        Figure(folio, "Members per partnership (average)", p.members.average, "number"),
        Figure(folio, "Members per partnership (minimum)", p.members.minimum, "count"),
        Figure(folio, "Members per partnership (maximum)", p.members.maximum, "count"),
        Figure(
            folio, "Countries per partnership (average)", p.countries.average, "number"
        ),
        Figure(
            folio, "Countries per partnership (minimum)", p.countries.minimum, "count"
        ),
        Figure(
            folio, "Countries per partnership (maximum)", p.countries.maximum, "count"
        ),
        *_each("Partnerships by kind", p.by_kind, PartnershipKind),
        *_each("Partnerships by status", p.by_status, PartnershipStatus),
        *_each("Partnerships by ecosystem", p.by_ecosystem, Ecosystem),
    ]


def display(figure: Figure) -> str:
    """A figure's value as people read it."""
    value = figure.value
    if value is None or value == "":
        return "-"
    if isinstance(value, datetime):
        return when(value)
    if figure.kind == "share" and isinstance(value, Decimal):
        return percent(value)
    if figure.kind == "year" or isinstance(value, str):
        return str(value)
    return number(value)
