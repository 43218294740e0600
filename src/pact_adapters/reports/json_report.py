"""The ``json`` report format: the report object as JSON data.

The output is the report unstructured by the library's converter
(``pact_domain.serialization.unstructure``), so it structures back into the
same object with ``structure(data, AnnualMonitoringReport)`` (or
``PortfolioReport``).  It is what ``pact report --json`` printed.
"""

from __future__ import annotations

import json
from typing import Any

from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.reports._common import as_report
from pact_domain.serialization import unstructure

__all__ = ["JSON", "pact_register_report_formats", "render"]


def render(report: Any, portfolio: Any = None) -> bytes:
    """The report as indented UTF-8 JSON; ``portfolio`` is not included."""
    data = unstructure(as_report(report))
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


JSON = ReportFormatSpec(
    name="json",
    extension="json",
    media_type="application/json",
    description="the report as JSON data (structures back with cattrs)",
    render=render,
)


@hookimpl
def pact_register_report_formats() -> list[ReportFormatSpec]:
    """Contribute the ``json`` format."""
    return [JSON]
