"""Every human-readable report format holds every figure of the report model
(Box 40), derived from the model's attrs classes, for the demo's history."""

from __future__ import annotations

from typing import Any

import pytest

from _report_figures import figures, missing, overprecise, rows, stray_codes
from pact_adapters.demo import TOURISM_ID, load_demo
from pact_adapters.plugins import report_formats
from pact_domain.application import PactApplication
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    MonitoringViews,
    PortfolioReport,
    annual_report,
    portfolio_report,
)
from pact_domain.monitoring.store import MemoryViewStore

YEAR = 2025
FORMATS = ["text", "md", "html", "xlsx"]


@pytest.fixture(scope="module")
def demo_reports() -> tuple[AnnualMonitoringReport, PortfolioReport]:
    """The Tourism partnership's annual report and the portfolio report of
    the demo history, for 2025."""
    app = PactApplication(store="memory:")
    load_demo(app)
    views = MonitoringViews(app, store=MemoryViewStore())
    return (
        annual_report(views, TOURISM_ID, year=YEAR),
        portfolio_report(views, year=YEAR),
    )


def _render(fmt: str, report: Any, context: Any) -> bytes:
    return report_formats()[fmt].render(report, context)


def test_the_walk_finds_the_figures_of_every_part_of_the_model(
    demo_reports: tuple[AnnualMonitoringReport, PortfolioReport],
) -> None:
    """The derived figures reach into the KPIs, the reporting discipline,
    the governance fields and the portfolio's roll-up."""
    annual, folio = demo_reports
    paths = [f.path for f in figures(annual)]
    assert "members" in paths
    assert "steering_group_size" in paths
    assert "reporting.completeness" in paths
    assert any(p.startswith("kpis[0].target.") for p in paths)
    assert any(p.startswith("by_stakeholder_type[") for p in paths)
    folio_paths = [f.path for f in figures(folio)]
    assert "portfolio.members.average" in folio_paths
    assert any(p.startswith("roll_up.principles[") for p in folio_paths)
    assert len(paths) > 60
    assert len(folio_paths) > 60


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("which", ["annual", "portfolio"])
def test_every_format_holds_every_figure_of_the_model(
    demo_reports: tuple[AnnualMonitoringReport, PortfolioReport], fmt: str, which: str
) -> None:
    """Each figure of the model is in a row of the output, with its context
    and its value formatted for display, and labels stand for codes."""
    annual, folio = demo_reports
    report = annual if which == "annual" else folio
    context = folio.portfolio if which == "annual" else None
    out = rows(fmt, _render(fmt, report, context))
    assert missing(figures(report), out) == []
    assert overprecise(out) == []
    assert stray_codes(out) == []
