"""The ``text`` report format: the plain-text report of ``pact report``."""

from __future__ import annotations

from typing import Any

from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.reports._common import as_report
from pact_domain.monitoring import (
    PortfolioReport,
    format_annual_report,
    format_portfolio_report,
)

__all__ = ["TEXT", "pact_register_report_formats", "render"]


def render(report: Any, portfolio: Any = None) -> bytes:
    """The report as readable plain text (UTF-8); ``portfolio`` is not used."""
    r = as_report(report)
    if isinstance(r, PortfolioReport):
        return format_portfolio_report(r).encode("utf-8")
    return format_annual_report(r).encode("utf-8")


TEXT = ReportFormatSpec(
    name="text",
    extension="txt",
    media_type="text/plain; charset=utf-8",
    description="the monitoring report as readable plain text (the default)",
    render=render,
)


@hookimpl
def pact_register_report_formats() -> list[ReportFormatSpec]:
    """Contribute the ``text`` format."""
    return [TEXT]
