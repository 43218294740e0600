"""The annual monitoring report of a partnership, and of the portfolio (§6, Box 40).

§6.1: the Support Services conduct "an annual monitoring exercise, including a
survey, desk review and tailored report for each LSP that covers the LSP's
activities, feedback and progress made"; §6.2: the report "should consider the
specific context of the LSP and be compared against the partnership's own KPIs
and work programme".

:class:`AnnualMonitoringReport` holds Box 40's core framework for a reporting
year — members, geographic and sectoral coverage, reach of communications,
meetings and their average participants, work programme delivered, outputs
developed, shares of members satisfied and using outputs — and every KPI of
the partnership against its target, plus the reporting discipline.  Flows
(meetings, communications, deliveries, KPI values *in the year*) count what
happened within the year; stocks (members, coverage, KPI values *to date*) are
taken at the end of the year, or at the as-of instant if that is earlier.

Build one with :func:`annual_report` (from :class:`MonitoringViews`, as of any
instant on either time axis) or :func:`partnership_report` (from a
:class:`MonitoringState`).  Both reports are frozen ``attrs`` objects; the
library's converter serialises them (``pact_domain.serialization.unstructure``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain import _validation as v
from pact_domain.monitoring.axis import TimeAxis, end_of
from pact_domain.monitoring.calendar import DEFAULT_GRACE_DAYS, ReportingDiscipline
from pact_domain.monitoring.portfolio import Portfolio
from pact_domain.monitoring.progress import BreakdownShare, KpiStatus
from pact_domain.monitoring.rollup import CoreIndicator, IndicatorTotal, RollUp
from pact_domain.values import Baseline, Target
from pact_domain.vocabularies import (
    CalculationMethod,
    Ecosystem,
    FundingProgramme,
    Measure,
    OutputType,
    PartnershipKind,
    PartnershipStatus,
    StakeholderType,
    _Vocabulary,
)

if TYPE_CHECKING:
    from pact_domain.monitoring.follower import MonitoringViews
    from pact_domain.monitoring.state import MonitoringState

__all__ = [
    "AnnualMonitoringReport",
    "KpiLine",
    "PartnershipLine",
    "PortfolioReport",
    "annual_report",
    "format_annual_report",
    "format_portfolio_report",
    "partnership_report",
    "portfolio_report",
    "portfolio_report_of",
]


@attrs.frozen
class KpiLine:
    """One KPI of the partnership against its target, for the year.

    ``value_in_year`` counts the approved reports for periods ending in the
    year; ``value_to_date`` those ending by the year's end.  Both follow the
    KPI's calculation method.
    """

    kpi_id: UUID
    commitment_id: UUID
    member_id: UUID | None
    name: str
    unit: str
    measure: Measure
    calculation: CalculationMethod
    baseline: Baseline | None
    target: Target | None
    value_in_year: Decimal | None
    value_to_date: Decimal | None
    expected: Decimal | None
    progress: Decimal | None
    status: KpiStatus
    pending_reports: int
    returned_reports: int
    breakdowns: tuple[BreakdownShare, ...]
    retired: bool


@attrs.frozen
class AnnualMonitoringReport:
    """The annual monitoring report of one partnership (Box 40 + own KPIs)."""

    partnership_id: UUID
    name: str
    kind: PartnershipKind
    status: PartnershipStatus
    year: int
    as_of: datetime
    axis: TimeAxis
    evaluated_at: datetime
    # LSP activities (Box 40)
    members: int
    members_joined: int
    members_left: int
    by_stakeholder_type: dict[str, int]
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    ecosystems: tuple[str, ...]
    sme_share: Decimal | None
    communications: int
    communication_reach: int
    meetings: int
    average_meeting_participants: Decimal | None
    activities: int
    # LSP outputs and results (Box 40)
    deliverables_due: int
    deliverables_delivered: int
    deliverables_overdue: int
    outputs: dict[str, int]
    survey_responses: int
    share_satisfied: Decimal | None
    share_using_outputs: Decimal | None
    funding_eur: Decimal
    # The partnership's own KPIs (§3.4, §6.2)
    kpis: tuple[KpiLine, ...]
    reporting: ReportingDiscipline
    # Added later, with defaults so that reports serialised before still load.
    # Regional dimension (§4.6): the partnerships linked at the evaluation
    # instant (an LSP's regional partnerships; a regional partnership's LSP)
    regional_links: tuple[UUID, ...] = ()
    # Skills intelligence (§4.3): assessments in the year, skills gaps found
    skills_assessments: int = 0
    skills_gaps: int = 0
    # Membership recruitment (§4.1, §4.2): campaigns ended in the year
    prospects_contacted: int = 0
    prospects_joined: int = 0
    # Governance (§2.4, §3.5): steering group and working groups
    steering_group_size: int = 0
    working_groups_open: int = 0
    working_groups_formed: int = 0
    working_groups_closed: int = 0
    # Funding secured in the year by programme (§5.3), in euros
    funding_by_programme: dict[str, Decimal] = attrs.field(factory=dict)


def _evaluated(state: MonitoringState, year: int) -> MonitoringState:
    year_end = end_of(date(year, 12, 31))
    return state.evaluated_at(min(state.at, year_end))


def partnership_report(
    state: MonitoringState,
    partnership_id: UUID,
    *,
    year: int | None = None,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> AnnualMonitoringReport:
    """The annual monitoring report for ``year`` (default: the state's year).

    Raises:
        NotFoundError: no such partnership in the views.
        InvalidValueError: a year outside 1990-2100, or a grace period
            outside 0-3660 days.
    """
    year = v.year(
        "AnnualMonitoringReport", "year", state.at.year if year is None else year
    )
    state = state.cached()
    partnership = state.partnership(partnership_id)
    s = _evaluated(state, year)
    first = date(year, 1, 1)
    last = date(year, 12, 31)
    day = s.at.date()
    cov = s.coverage(partnership_id)
    this_year = [g for g in cov.growth if g.on.year == year]
    act = s.activity(partnership_id, start=first, end=day)
    plan = s.work_plan(partnership_id, start=first, on=day)
    answers = s.survey(partnership_id, year)
    skills = s.skills_needs(partnership_id, start=first, end=day)
    recruited = s.recruitment(partnership_id, start=first, end=day)
    gov = s.governance(partnership_id, start=first, end=day)
    to_date = s.kpi_progress(partnership_id, period_to=last)
    in_year = {
        k.kpi_id: k
        for k in s.kpi_progress(partnership_id, period_from=first, period_to=last)
    }
    lines = tuple(
        KpiLine(
            kpi_id=k.kpi_id,
            commitment_id=k.commitment_id,
            member_id=k.member_id,
            name=k.name,
            unit=k.unit,
            measure=k.measure,
            calculation=k.calculation,
            baseline=k.baseline,
            target=k.target,
            value_in_year=in_year[k.kpi_id].approved.value,
            value_to_date=k.approved.value,
            expected=k.expected,
            progress=k.progress,
            status=k.status,
            pending_reports=k.pending,
            returned_reports=k.returned,
            breakdowns=k.breakdowns,
            retired=k.retired,
        )
        for k in to_date
    )
    return AnnualMonitoringReport(
        partnership_id=partnership_id,
        name=partnership.name,
        kind=partnership.kind,
        status=partnership.status,
        year=year,
        as_of=state.at,
        axis=state.axis,
        evaluated_at=s.at,
        members=cov.members,
        members_joined=sum(g.joined for g in this_year),
        members_left=sum(g.left for g in this_year),
        by_stakeholder_type=cov.by_stakeholder_type,
        countries=cov.countries,
        regions=cov.regions,
        ecosystems=tuple(
            sorted({*cov.ecosystems, *(str(e) for e in partnership.ecosystems)})
        ),
        sme_share=cov.sme_share,
        communications=act.communications,
        communication_reach=act.communication_reach,
        meetings=act.meetings,
        average_meeting_participants=act.average_meeting_participants,
        activities=act.activities,
        deliverables_due=plan.due,
        deliverables_delivered=plan.delivered,
        deliverables_overdue=plan.overdue,
        outputs=plan.outputs,
        survey_responses=0 if answers is None else answers.responses,
        share_satisfied=None if answers is None else answers.share_satisfied,
        share_using_outputs=None if answers is None else answers.share_using_outputs,
        funding_eur=act.funding_eur,
        kpis=lines,
        reporting=s.reporting_calendar(partnership_id, grace_days=grace_days).overall,
        regional_links=s.regional_links(partnership_id),
        skills_assessments=skills.assessments,
        skills_gaps=skills.skills_gaps,
        prospects_contacted=recruited.prospects_contacted,
        prospects_joined=recruited.joined,
        steering_group_size=gov.steering_group_size,
        working_groups_open=gov.working_groups_open,
        working_groups_formed=gov.working_groups_formed,
        working_groups_closed=gov.working_groups_closed,
        funding_by_programme=act.funding_by_programme,
    )


def _state(
    views: MonitoringViews,
    as_of: datetime | date | str | None,
    axis: TimeAxis | str,
    partnership_id: UUID | None = None,
) -> MonitoringState:
    if as_of is None:
        views.catch_up()
        return views.current()
    if partnership_id is not None:
        return views.as_of(as_of, axis, partnerships=(partnership_id,))
    return views.as_of(as_of, axis)


def annual_report(
    views: MonitoringViews,
    partnership_id: UUID,
    *,
    year: int | None = None,
    as_of: datetime | date | str | None = None,
    axis: TimeAxis | str = TimeAxis.RECORDED,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> AnnualMonitoringReport:
    """The annual monitoring report of a partnership.

    Args:
        year: the reporting year (default: the as-of instant's year).
        as_of: report as things stood then (default: now, from the
            caught-up views).  Only this partnership's events and those of
            its member organisations are folded
            (``views.as_of(as_of, axis, partnerships=[partnership_id])``),
            so the cost follows this partnership's history, not the log's.
        axis: ``recorded`` ("what did we know then") or ``effective``.
    """
    state = _state(views, as_of, axis, partnership_id)
    return partnership_report(state, partnership_id, year=year, grace_days=grace_days)


@attrs.frozen
class PartnershipLine:
    """One partnership's line in the portfolio report."""

    partnership_id: UUID
    name: str
    kind: PartnershipKind
    members: int
    countries: int
    meetings: int
    communication_reach: int
    kpis: int
    kpis_achieved_or_on_track: int
    completeness: Decimal | None
    regional_links: int = 0
    """For an LSP, its linked regional partnerships; for a regional
    partnership, 1 when linked to an LSP (§4.6)."""


@attrs.frozen
class PortfolioReport:
    """The annual report across partnerships: the portfolio, one line per
    partnership, and the roll-up to the Pact-wide core indicators."""

    year: int
    as_of: datetime
    axis: TimeAxis
    evaluated_at: datetime
    portfolio: Portfolio
    partnerships: tuple[PartnershipLine, ...]
    roll_up: RollUp


def portfolio_report_of(
    state: MonitoringState,
    *,
    year: int | None = None,
    indicators: Mapping[UUID, CoreIndicator | str] | None = None,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> PortfolioReport:
    """The portfolio report for ``year`` from a state.

    Raises:
        InvalidValueError: a year outside 1990-2100.
    """
    year = v.year("PortfolioReport", "year", state.at.year if year is None else year)
    state = state.cached()
    s = _evaluated(state, year)
    folio = s.portfolio()
    lines = []
    for e in folio.entries:
        report = partnership_report(
            s, e.partnership_id, year=year, grace_days=grace_days
        )
        lines.append(
            PartnershipLine(
                partnership_id=e.partnership_id,
                name=e.name,
                kind=e.kind,
                members=e.members,
                countries=len(e.countries),
                meetings=report.meetings,
                communication_reach=report.communication_reach,
                kpis=len(report.kpis),
                kpis_achieved_or_on_track=sum(
                    1
                    for k in report.kpis
                    if k.status in (KpiStatus.ACHIEVED, KpiStatus.ON_TRACK)
                ),
                completeness=report.reporting.completeness,
                regional_links=len(report.regional_links),
            )
        )
    return PortfolioReport(
        year=year,
        as_of=state.at,
        axis=state.axis,
        evaluated_at=s.at,
        portfolio=folio,
        partnerships=tuple(lines),
        roll_up=s.roll_up(indicators or {}),
    )


def portfolio_report(
    views: MonitoringViews,
    *,
    year: int | None = None,
    as_of: datetime | date | str | None = None,
    axis: TimeAxis | str = TimeAxis.RECORDED,
    indicators: Mapping[UUID, CoreIndicator | str] | None = None,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> PortfolioReport:
    """The portfolio report, as of any instant on either axis."""
    return portfolio_report_of(
        _state(views, as_of, axis),
        year=year,
        indicators=indicators,
        grace_days=grace_days,
    )


# -- plain-text rendering ---------------------------------------------------------


def _num(value: Decimal | int | None, places: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    value = value.quantize(Decimal(1).scaleb(-places))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{(value * 100).quantize(Decimal('0.1'))}%"


def _counts(
    values: Mapping[str, int | Decimal], vocabulary: type[_Vocabulary] | None = None
) -> str:
    return (
        ", ".join(f"{_label(k, vocabulary)} {_num(v)}" for k, v in values.items())
        or "-"
    )


def _label(code: str, vocabulary: type[_Vocabulary] | None) -> str:
    if vocabulary is None:
        return code
    try:
        return vocabulary(code).label
    except ValueError:
        return code


def _labels(codes: Iterable[str], vocabulary: type[_Vocabulary]) -> str:
    return ", ".join(_label(c, vocabulary) for c in codes) or "-"


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def format_annual_report(report: AnnualMonitoringReport) -> str:
    """The report as readable plain text."""
    r = report
    out = [
        f"Annual monitoring report {r.year}: {r.name}",
        f"{r.kind.label}, {r.status.label}",
        f"As of {_when(r.as_of)} ({r.axis} time); figures at {_when(r.evaluated_at)}",
        "",
        "LSP activities",
        f"  Members: {r.members} (joined {r.members_joined}, left {r.members_left})",
        f"  By stakeholder type: {_counts(r.by_stakeholder_type, StakeholderType)}",
        f"  Countries ({len(r.countries)}): {', '.join(r.countries) or '-'}",
        f"  Regions ({len(r.regions)}): {', '.join(r.regions) or '-'}",
        f"  Ecosystems: {_labels(r.ecosystems, Ecosystem)}",
        f"  SME share: {_pct(r.sme_share)}",
        f"  Communications: {r.communications}, reach {_num(r.communication_reach)}",
        f"  Meetings held: {r.meetings}, average participants "
        f"{_num(r.average_meeting_participants)}",
        f"  Activities (all types): {r.activities}",
        "",
        "LSP outputs and results",
        f"  Work programme: {r.deliverables_delivered} delivered, "
        f"{r.deliverables_due} due, {r.deliverables_overdue} overdue",
        f"  Outputs developed: {_counts(r.outputs, OutputType)}",
        f"  Survey: {r.survey_responses} responses, satisfied "
        f"{_pct(r.share_satisfied)}, using outputs {_pct(r.share_using_outputs)}",
        f"  Funding secured: EUR {_num(r.funding_eur)}"
        + (
            " (" + _counts(r.funding_by_programme, FundingProgramme) + ")"
            if r.funding_by_programme
            else ""
        ),
        f"  Recruitment: {r.prospects_contacted} prospects contacted, "
        f"{r.prospects_joined} joined",
        f"  Skills needs: {r.skills_assessments} assessments, "
        f"{r.skills_gaps} skills gaps found",
        "",
        "Governance and regional dimension",
        f"  Steering group: {r.steering_group_size} members",
        f"  Working groups: {r.working_groups_open} open (formed "
        f"{r.working_groups_formed}, closed {r.working_groups_closed} in {r.year})",
        f"  Linked partnerships: {len(r.regional_links)}",
        "",
        f"KPIs ({len(r.kpis)})",
    ]
    for k in r.kpis:
        target = (
            "no target"
            if k.target is None
            else f"target {_num(k.target.value)}"
            + (f" by {k.target.deadline}" if k.target.deadline else "")
        )
        unit = f" {k.unit}" if k.unit else ""
        out.append(
            f"  - {k.name}{' (retired)' if k.retired else ''}: "
            f"{_num(k.value_in_year)}{unit} in {r.year}, {_num(k.value_to_date)} to "
            f"date ({k.calculation.label.lower()}); {target}; progress "
            f"{_pct(k.progress)}; {k.status.label}"
            + (f"; {k.pending_reports} pending review" if k.pending_reports else "")
        )
        baseline = (
            "no baseline"
            if k.baseline is None
            else f"baseline {_num(k.baseline.value)} ({k.baseline.year})"
        )
        out.append(
            f"      {k.name}: {k.measure.label}; {baseline}; expected "
            f"{_num(k.expected, 0 if k.measure is Measure.COUNT else 2)}; "
            f"{k.pending_reports} pending, {k.returned_reports} returned"
        )
        for b in k.breakdowns:
            out.append(
                f"      {k.name}: {b.dimension.label} {b.category} "
                f"{_num(b.value)}, {_pct(b.share)}"
            )
    d = r.reporting
    out += [
        "",
        "Reporting discipline",
        f"  Expected {d.expected}, received {d.received} (on time {d.on_time}, "
        f"late {d.late}), awaiting {d.awaiting}, overdue {d.overdue}",
        f"  Completeness {_pct(d.completeness)}, timeliness {_pct(d.timeliness)}",
    ]
    return "\n".join(out) + "\n"


def _totals(t: IndicatorTotal) -> str:
    return (
        f"{t.indicator.label}: {_num(t.value)} (including pending "
        f"{_num(t.including_pending)}; {t.kpis} KPIs)"
    )


def format_portfolio_report(report: PortfolioReport) -> str:
    """The portfolio report as readable plain text."""
    p = report.portfolio
    out = [
        f"Portfolio report {report.year}",
        f"As of {_when(report.as_of)} ({report.axis} time); figures at "
        f"{_when(report.evaluated_at)}",
        "",
        f"Partnerships: {p.partnerships} ({_counts(p.by_kind, PartnershipKind)})",
        f"By status: {_counts(p.by_status, PartnershipStatus)}",
        f"By ecosystem: {_counts(p.by_ecosystem, Ecosystem)}",
        f"Members per partnership: average {_num(p.members.average)}, "
        f"minimum {_num(p.members.minimum)}, maximum {_num(p.members.maximum)}",
        f"Countries per partnership: average {_num(p.countries.average)}, "
        f"minimum {_num(p.countries.minimum)}, maximum {_num(p.countries.maximum)}",
        f"Distinct organisations: {p.organisations}; countries: {len(p.all_countries)}",
        f"Countries ({len(p.all_countries)}): {', '.join(p.all_countries) or '-'}",
        "",
    ]
    entries = {e.partnership_id: e for e in p.entries}
    for line in report.partnerships:
        out.append(
            f"  - {line.name}: {line.members} members, {line.countries} countries, "
            f"{line.meetings} meetings, {line.regional_links} regional links, "
            f"{line.kpis_achieved_or_on_track}/{line.kpis} "
            f"KPIs achieved or on track, reporting completeness "
            f"{_pct(line.completeness)}"
        )
        e = entries.get(line.partnership_id)
        out.append(
            f"      {line.name}: {line.kind.label}"
            + ("" if e is None else f", {e.status.label}")
            + f"; reach {_num(line.communication_reach)}"
            + ("" if e is None else f"; {_labels(e.ecosystems, Ecosystem)}")
        )
        if e is not None:
            out.append(f"      {line.name}: countries {', '.join(e.countries) or '-'}")
    roll = report.roll_up
    out += ["", "Core indicators (Pact-wide)"]
    for t in roll.pact:
        out.append(f"  {t.indicator.label}: {_num(t.value)} ({t.kpis} KPIs)")
    out.append(f"  Stakeholders in partnerships: {roll.stakeholders}")
    for pr in roll.principles:
        out.append(
            f"  {pr.principle.label}: {pr.commitments} commitments, {pr.kpis} KPIs, "
            f"average progress {_pct(pr.average_progress)}"
            + (f"; {_counts(pr.by_status, KpiStatus)}" if pr.by_status else "")
        )
    out += ["", "Core indicators by partnership (total; own KPIs)"]
    for pr_ in roll.partnerships:
        for t, own in zip(pr_.indicators, pr_.own, strict=True):
            out.append(
                f"  {pr_.name}: {_totals(t)}; own {_num(own.value)} "
                f"(including pending {_num(own.including_pending)}; {own.kpis} KPIs)"
            )
        for m in pr_.members:
            for t in m.indicators:
                out.append(f"  {pr_.name}, member {m.organisation_id}: {_totals(t)}")
    out += ["", "Core indicators by ecosystem"]
    for eco in roll.ecosystems:
        for t in eco.indicators:
            out.append(
                f"  {_label(eco.ecosystem, Ecosystem)} ({eco.partnerships} "
                f"partnerships): {_totals(t)}"
            )
    return "\n".join(out) + "\n"
