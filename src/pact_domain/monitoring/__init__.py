"""Monitoring views and the annual monitoring report (§3.4, §6, Box 40).

Views are derived from events only.  :class:`MonitoringViews` follows the
application's notification log and keeps a small read model in a
:class:`ViewStore` — in memory for ``memory:``, beside the events in the
stores of ``pact_adapters`` (the same SQLite file, the same PostgreSQL
schema) — committing every batch of changes with the tracked
position, so a restart neither skips nor repeats an event::

    views = MonitoringViews(app)
    views.catch_up()                      # after commands (or update_after_save)
    now = views.current()
    now.coverage(partnership_id).members
    views.as_of("2025-12-31", "recorded").kpi_progress(partnership_id)
    annual_report(views, partnership_id, year=2025)

See ``docs/monitoring.md`` for each view's definition and the as-of semantics.
"""

from pact_domain.monitoring.activity import (
    ActivitySummary,
    SurveySummary,
    WorkPlanStatus,
)
from pact_domain.monitoring.axis import TimeAxis
from pact_domain.monitoring.calendar import (
    DEFAULT_GRACE_DAYS,
    ExpectedReport,
    ExpectedStatus,
    MemberDiscipline,
    ReportingCalendar,
    ReportingDiscipline,
)
from pact_domain.monitoring.follower import (
    MonitoringViews,
    ViewsStatus,
    ViewStoreFactory,
    default_view_store,
)
from pact_domain.monitoring.governance import (
    GovernanceSummary,
    RecruitmentSummary,
    SkillsNeedsSummary,
)
from pact_domain.monitoring.membership import (
    Coverage,
    GrowthPoint,
    MemberEntry,
    MembershipRegister,
)
from pact_domain.monitoring.portfolio import Portfolio, PortfolioEntry, Spread
from pact_domain.monitoring.progress import (
    BreakdownShare,
    KpiFigures,
    KpiProgress,
    KpiStatus,
)
from pact_domain.monitoring.report import (
    AnnualMonitoringReport,
    KpiLine,
    PartnershipLine,
    PortfolioReport,
    annual_report,
    format_annual_report,
    format_portfolio_report,
    partnership_report,
    portfolio_report,
    portfolio_report_of,
)
from pact_domain.monitoring.rollup import (
    CoreIndicator,
    EcosystemRollUp,
    IndicatorTotal,
    MemberRollUp,
    PartnershipRollUp,
    PrincipleProgress,
    RollUp,
)
from pact_domain.monitoring.state import MonitoringState
from pact_domain.monitoring.store import MemoryViewStore, ViewStore

__all__ = [
    "DEFAULT_GRACE_DAYS",
    "ActivitySummary",
    "AnnualMonitoringReport",
    "BreakdownShare",
    "CoreIndicator",
    "Coverage",
    "EcosystemRollUp",
    "ExpectedReport",
    "ExpectedStatus",
    "GovernanceSummary",
    "GrowthPoint",
    "IndicatorTotal",
    "KpiFigures",
    "KpiLine",
    "KpiProgress",
    "KpiStatus",
    "MemberDiscipline",
    "MemberEntry",
    "MemberRollUp",
    "MembershipRegister",
    "MemoryViewStore",
    "MonitoringState",
    "MonitoringViews",
    "PartnershipLine",
    "PartnershipRollUp",
    "Portfolio",
    "PortfolioEntry",
    "PortfolioReport",
    "PrincipleProgress",
    "RecruitmentSummary",
    "ReportingCalendar",
    "ReportingDiscipline",
    "RollUp",
    "SkillsNeedsSummary",
    "Spread",
    "SurveySummary",
    "TimeAxis",
    "ViewStore",
    "ViewStoreFactory",
    "ViewsStatus",
    "WorkPlanStatus",
    "annual_report",
    "default_view_store",
    "format_annual_report",
    "format_portfolio_report",
    "partnership_report",
    "portfolio_report",
    "portfolio_report_of",
]
