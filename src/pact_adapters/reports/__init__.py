"""Built-in output formats of monitoring reports (``pact report --format``).

Each module here is a plugin registered through pact-domain's own
``pact_adapters`` entry points, exactly as a third party's format would be:
it implements :func:`~pact_adapters.hookspecs.pact_register_report_formats`
and contributes one :class:`~pact_adapters.hookspecs.ReportFormatSpec`.

=========  ===========================================  ==========================
name       module                                       output
=========  ===========================================  ==========================
text       :mod:`pact_adapters.reports.text`            the plain-text report
json       :mod:`pact_adapters.reports.json_report`     the report as JSON data
csv        :mod:`pact_adapters.reports.csv_report`      one row per KPI/partnership
md         :mod:`pact_adapters.reports.markdown`        Markdown with tables
html       :mod:`pact_adapters.reports.html`            one self-contained page
xlsx       :mod:`pact_adapters.reports.xlsx`            an Excel workbook
iati       :mod:`pact_adapters.reports.iati`            IATI 2.03 activity results
=========  ===========================================  ==========================

Every ``render(report, portfolio)`` takes an
:class:`~pact_domain.monitoring.AnnualMonitoringReport` or a
:class:`~pact_domain.monitoring.PortfolioReport` and, for the annual report,
optionally the portfolio it belongs to (a
:class:`~pact_domain.monitoring.Portfolio` or a ``PortfolioReport``) for
context; ``portfolio`` may be ``None``.  A format that checks its own output
(``iati``) raises :class:`MalformedReportError` rather than return a broken
file.  See ``docs/reports.md``.
"""

from pact_adapters.reports._common import MalformedReportError

__all__ = ["MalformedReportError"]
