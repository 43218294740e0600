"""The ``iati`` report format: the results of an IATI 2.03 activity file.

An annual report becomes one ``iati-activity`` (the partnership) whose
``result`` elements are the partnership's commitments and whose
``indicator`` elements are their KPIs::

    iati-activities/iati-activity
      result (one per commitment, type 9 "other")
        indicator (one per KPI; measure from Measure.iati_code, ascending)
          baseline (year, value)
          period (the reporting year: period-start, period-end)
            target (value: the KPI's target; comment: its deadline)
            actual (value: the approved value to date)
            actual (one per breakdown category, with a dimension element)

A portfolio report becomes one activity per partnership, each with one
result holding the Pact-wide core indicators of that partnership's roll-up.

The reporting organisation is the publisher's own: set
``PACT_IATI_REPORTING_ORG`` (its IATI organisation identifier, which also
prefixes every ``iati-identifier``), ``PACT_IATI_REPORTING_ORG_NAME`` and
``PACT_IATI_REPORTING_ORG_TYPE`` (an IATI OrganisationType code), or register
a format of your own built with :func:`iati_format`.  The output validates
against the IATI 2.03 activity schema (see ``docs/reports.md``).

Characters XML 1.0 forbids (a control character in a name, say) are replaced
by U+FFFD in every text and attribute, and every file is parsed back before
it is returned: one that is not well-formed raises
:class:`~pact_adapters.reports._common.MalformedReportError` instead of
reaching its reader.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID
from xml.etree import ElementTree as ET

from pact_adapters.hookspecs import ReportFormatSpec, hookimpl
from pact_adapters.reports._common import MalformedReportError, as_report, xml_safe
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    KpiLine,
    PortfolioReport,
)
from pact_domain.monitoring.rollup import IndicatorTotal
from pact_domain.vocabularies import PartnershipStatus

__all__ = [
    "DEFAULT_REPORTING_ORG",
    "IATI",
    "IATI_VERSION",
    "ReportingOrg",
    "iati_format",
    "pact_register_report_formats",
    "render",
]

IATI_VERSION = "2.03"
"""The version of the IATI standard written."""

ReportingOrg = tuple[str, str, str]
"""The reporting organisation: (IATI identifier, name, OrganisationType code)."""

DEFAULT_REPORTING_ORG: ReportingOrg = (
    "XX-PACT-FOR-SKILLS",
    "Pact for Skills Support Services",
    "90",
)
"""Used when the ``PACT_IATI_REPORTING_ORG*`` variables are not set.  The
identifier is a placeholder: publish with your own."""

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_STATUS = {
    PartnershipStatus.PROPOSED: "1",
    PartnershipStatus.MORE_INFORMATION_NEEDED: "1",
    PartnershipStatus.ACCEPTED: "1",
    PartnershipStatus.DECLINED: "5",
    PartnershipStatus.ACTIVE: "2",
    PartnershipStatus.CLOSED: "4",
}
"""Partnership status → IATI ActivityStatus (1 pipeline, 2 implementation,
4 closed, 5 cancelled)."""


def _value(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _narrative(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    ET.SubElement(element, "narrative").text = text
    return element


def _comment(parent: ET.Element, text: str) -> None:
    _narrative(parent, "comment", text)


def _activity(
    root: ET.Element,
    org: ReportingOrg,
    *,
    partnership_id: UUID,
    name: str,
    description: str,
    status: PartnershipStatus | None,
    year: int,
    updated: datetime,
) -> ET.Element:
    ref, org_name, org_type = org
    activity = ET.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": _stamp(updated),
            _XML_LANG: "en",
            "default-currency": "EUR",
        },
    )
    ET.SubElement(activity, "iati-identifier").text = f"{ref}-{partnership_id}"
    reporting = ET.SubElement(activity, "reporting-org", {"ref": ref, "type": org_type})
    ET.SubElement(reporting, "narrative").text = org_name
    _narrative(activity, "title", name)
    _narrative(activity, "description", description).set("type", "1")
    _narrative(activity, "participating-org", name).set("role", "4")
    ET.SubElement(
        activity,
        "activity-status",
        {"code": "2" if status is None else _STATUS.get(status, "2")},
    )
    date = ET.SubElement(
        activity, "activity-date", {"type": "1", "iso-date": f"{year}-01-01"}
    )
    ET.SubElement(date, "narrative").text = f"Start of the reporting year {year}"
    return activity


def _period(indicator: ET.Element, year: int) -> ET.Element:
    period = ET.SubElement(indicator, "period")
    ET.SubElement(period, "period-start", {"iso-date": f"{year}-01-01"})
    ET.SubElement(period, "period-end", {"iso-date": f"{year}-12-31"})
    return period


def _ascending(k: KpiLine) -> bool:
    if k.baseline is not None and k.target is not None:
        return k.target.value >= k.baseline.value
    return True


def _kpi(result: ET.Element, k: KpiLine, year: int) -> None:
    indicator = ET.SubElement(
        result,
        "indicator",
        {
            "measure": str(k.measure.iati_code),
            "ascending": "1" if _ascending(k) else "0",
        },
    )
    _narrative(indicator, "title", k.name + (" (retired)" if k.retired else ""))
    unit = f"unit: {k.unit}; " if k.unit else ""
    _narrative(
        indicator,
        "description",
        f"{unit}measure: {k.measure.label}; calculation: {k.calculation.label}; "
        f"status: {k.status.label}; KPI id {k.kpi_id}",
    )
    if k.baseline is not None:
        ET.SubElement(
            indicator,
            "baseline",
            {"year": str(k.baseline.year), "value": _value(k.baseline.value)},
        )
    period = _period(indicator, year)
    if k.target is not None:
        target = ET.SubElement(period, "target", {"value": _value(k.target.value)})
        if k.target.deadline is not None:
            _comment(target, f"Target due by {k.target.deadline.isoformat()}")
    if k.value_to_date is not None:
        actual = ET.SubElement(period, "actual", {"value": _value(k.value_to_date)})
        in_year = (
            "" if k.value_in_year is None else f"; {_value(k.value_in_year)} in {year}"
        )
        _comment(actual, f"Approved value to the end of {year}{in_year}")
        for b in k.breakdowns:
            part = ET.SubElement(period, "actual", {"value": _value(b.value)})
            ET.SubElement(
                part, "dimension", {"name": str(b.dimension), "value": b.category}
            )


def _annual(root: ET.Element, r: AnnualMonitoringReport, org: ReportingOrg) -> None:
    activity = _activity(
        root,
        org,
        partnership_id=r.partnership_id,
        name=r.name,
        description=(
            f"{r.kind.label}: annual monitoring report {r.year} "
            f"({r.members} members in {len(r.countries)} countries)"
        ),
        status=r.status,
        year=r.year,
        updated=r.as_of,
    )
    commitments: dict[UUID, list[KpiLine]] = {}
    for k in r.kpis:
        commitments.setdefault(k.commitment_id, []).append(k)
    for n, (cid, kpis) in enumerate(commitments.items(), start=1):
        result = ET.SubElement(activity, "result", {"type": "9"})
        _narrative(result, "title", f"Commitment {n}")
        _narrative(result, "description", f"Commitment {cid} of {r.name}")
        for k in kpis:
            _kpi(result, k, r.year)


def _portfolio(root: ET.Element, r: PortfolioReport, org: ReportingOrg) -> None:
    rolled: Mapping[UUID, tuple[IndicatorTotal, ...]] = {
        p.partnership_id: p.indicators for p in r.roll_up.partnerships
    }
    statuses = {e.partnership_id: e.status for e in r.portfolio.entries}
    for line in r.partnerships:
        activity = _activity(
            root,
            org,
            partnership_id=line.partnership_id,
            name=line.name,
            description=(
                f"{line.kind.label}: portfolio report {r.year} ({line.members} "
                f"members, {line.kpis_achieved_or_on_track} of {line.kpis} KPIs "
                "achieved or on track)"
            ),
            status=statuses.get(line.partnership_id),
            year=r.year,
            updated=r.as_of,
        )
        totals = rolled.get(line.partnership_id, ())
        if not totals:
            continue
        result = ET.SubElement(activity, "result", {"type": "9"})
        _narrative(result, "title", "Pact for Skills core indicators")
        for t in totals:
            indicator = ET.SubElement(
                result, "indicator", {"measure": "1", "ascending": "1"}
            )
            _narrative(indicator, "title", t.indicator.label)
            period = _period(indicator, r.year)
            actual = ET.SubElement(period, "actual", {"value": _value(t.value)})
            _comment(
                actual,
                f"{t.kpis} KPIs; {_value(t.including_pending)} including reports "
                "pending review",
            )


def _org_from_env() -> ReportingOrg:
    ref, name, kind = DEFAULT_REPORTING_ORG
    return (
        os.environ.get("PACT_IATI_REPORTING_ORG") or ref,
        os.environ.get("PACT_IATI_REPORTING_ORG_NAME") or name,
        os.environ.get("PACT_IATI_REPORTING_ORG_TYPE") or kind,
    )


def _scrub(root: ET.Element) -> None:
    """Replace the characters XML 1.0 forbids in every text and attribute."""
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        if element.tail:
            element.tail = xml_safe(element.tail)
        for key, value in element.attrib.items():
            element.set(key, xml_safe(value))


def _well_formed(data: bytes, name: str) -> bytes:
    """``data`` if it parses as XML."""
    try:
        ET.fromstring(data)
    except ET.ParseError as error:
        raise MalformedReportError(name, str(error)) from None
    return data


def _render(report: Any, org: ReportingOrg, name: str = "iati") -> bytes:
    r = as_report(report)
    root = ET.Element(
        "iati-activities",
        {"version": IATI_VERSION, "generated-datetime": _stamp(r.as_of)},
    )
    if isinstance(r, PortfolioReport):
        _portfolio(root, r, org)
    else:
        _annual(root, r, org)
    _scrub(root)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return _well_formed(data + b"\n", name)


def render(report: Any, portfolio: Any = None) -> bytes:
    """The report's results as an IATI 2.03 activity file (UTF-8 XML);
    ``portfolio`` is not used."""
    return _render(report, _org_from_env())


def iati_format(reporting_org: ReportingOrg, *, name: str = "iati") -> ReportFormatSpec:
    """An IATI format with a fixed reporting organisation, for a plugin of
    your own (``name`` may replace the built-in ``iati``)."""

    def render_with(report: Any, portfolio: Any = None) -> bytes:
        return _render(report, reporting_org, name)

    return ReportFormatSpec(
        name=name,
        extension="xml",
        media_type="application/xml",
        description=f"IATI {IATI_VERSION} activity results (by {reporting_org[1]})",
        render=render_with,
    )


IATI = ReportFormatSpec(
    name="iati",
    extension="xml",
    media_type="application/xml",
    description=f"IATI {IATI_VERSION} activity results: commitments, KPIs, periods",
    render=render,
)


@hookimpl
def pact_register_report_formats() -> list[ReportFormatSpec]:
    """Contribute the ``iati`` format."""
    return [IATI]
