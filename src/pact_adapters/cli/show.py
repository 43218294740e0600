"""``pact show``: one partnership in detail (``--json``: as one JSON object)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from pact_adapters.cli._common import (
    Subparsers,
    add_command,
    find_partnership,
    number,
    open_store,
    when,
    wrap,
)
from pact_domain.application import PactApplication
from pact_domain.errors import NotFoundError
from pact_domain.partnership import Kpi, KpiReport, Partnership
from pact_domain.reference import nuts_region
from pact_domain.serialization import unstructure
from pact_domain.values import BreakdownValue, Target
from pact_domain.vocabularies import MembershipTier

__all__ = ["record", "register", "render", "run"]


def register(subparsers: Subparsers) -> None:
    """Add ``pact show``."""
    parser = add_command(
        subparsers,
        "show",
        summary="show one partnership in detail",
        description=(
            "Show a partnership: its expression of interest (Annex A) and "
            "assessment, members by tier, coordinators, agreement versions, and "
            "commitments with their KPIs, targets and latest reported values."
        ),
        examples="""
            pact show "Skills Partnership for the Tourism Ecosystem"
            pact show d1348ce4-8bc1-52f6-bc6f-396dcd02a997 --store /tmp/pact-demo.db
            pact show "Automotive Skills Alliance" --json
        """,
        handler=run,
    )
    parser.add_argument(
        "partnership",
        metavar="PARTNERSHIP",
        help="the partnership's id or exact name (see `pact partnerships`)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the partnership as one JSON object",
    )


def run(args: argparse.Namespace) -> int:
    """Print the partnership."""
    app = open_store(args, must_exist=True)
    partnership = find_partnership(app, args.partnership)
    if getattr(args, "json", False):
        print(json.dumps(record(app, partnership), ensure_ascii=False))
        return 0
    print("\n".join(render(app, partnership)))
    return 0


def record(app: PactApplication, p: Partnership) -> dict[str, Any]:
    """The partnership as plain data (``pact show --json``): what
    :func:`render` prints, with ids, codes and ISO dates."""
    name = _Names(app)
    reports: dict[UUID, list[KpiReport]] = {}
    for report in p.reports.values():
        reports.setdefault(report.kpi_id, []).append(report)

    def kpi(k: Kpi) -> dict[str, Any]:
        mine = reports.get(k.id, [])
        latest = _latest(mine)
        return {
            **unstructure(k),
            "reports": len([r for r in mine if r.is_current]),
            "latest": unstructure(latest) if latest is not None else None,
        }

    return {
        "id": str(p.id),
        "name": p.name,
        "kind": str(p.kind),
        "status": str(p.status),
        "ecosystems": [str(e) for e in p.ecosystems],
        "countries": list(p.countries),
        "regions": list(p.regions),
        "regional_scope": (
            str(p.regional_scope) if p.regional_scope is not None else None
        ),
        "linked_lsp_id": str(p.linked_lsp_id) if p.linked_lsp_id else None,
        "contact": unstructure(p.contact),
        "assessment": unstructure(p.assessment) if p.assessment else None,
        "expression_of_interest": {
            "description": p.description,
            "objectives": p.objectives,
            "support_needed": p.support_needed,
            "current_activities": p.current_activities,
            "current_partners": unstructure(list(p.current_partners)),
        },
        "members": [
            {
                "organisation_id": str(m.organisation_id),
                "name": name(m.organisation_id),
                "tier": str(m.tier),
                "joined_at": m.joined_at.isoformat(),
            }
            for m in p.members.values()
        ],
        "coordinators": [
            {"organisation_id": str(c), "name": name(c)} for c in p.coordinators
        ],
        "agreements": [
            {
                **unstructure(p.agreements[v]),
                "in_force": v == p.signed_version,
            }
            for v in sorted(p.agreements)
        ],
        "commitments": [
            {
                **unstructure(c),
                "member_name": name(c.member_id) if c.member_id else None,
                "kpis": [kpi(k) for k in p.kpis.values() if k.commitment_id == c.id],
            }
            for c in p.commitments.values()
        ],
    }


class _Names:
    """Organisation names, looked up once each."""

    def __init__(self, app: PactApplication) -> None:
        self.app = app
        self.cache: dict[UUID, str] = {}

    def __call__(self, organisation_id: UUID) -> str:
        if organisation_id not in self.cache:
            try:
                name = self.app.get_organisation(organisation_id).name
            except NotFoundError:
                name = f"(unknown organisation {organisation_id})"
            self.cache[organisation_id] = name
        return self.cache[organisation_id]


def _target(target: Target | None) -> str:
    if target is None:
        return "-"
    text = f"{number(target.value)} {target.unit}".strip()
    return f"{text} by {when(target.deadline)}" if target.deadline else text


def _breakdowns(parts: Iterable[BreakdownValue]) -> str:
    by_dimension: dict[str, list[str]] = {}
    for b in parts:
        by_dimension.setdefault(str(b.dimension), []).append(
            f"{b.category}={number(b.value)}"
        )
    return "; ".join(f"{dim}: {', '.join(v)}" for dim, v in by_dimension.items())


def _latest(reports: Iterable[KpiReport]) -> KpiReport | None:
    current = [r for r in reports if r.is_current]
    if not current:
        return None
    return max(current, key=lambda r: (r.period.end, r.reported_at))


def _kpi_lines(kpi: Kpi, reports: list[KpiReport]) -> list[str]:
    flags = " (retired)" if kpi.retired else ""
    lines = [
        f"    KPI {kpi.name}{flags}",
        f"        {kpi.category.label}; {kpi.measure}"
        + (f" ({kpi.unit})" if kpi.unit else "")
        + f"; {kpi.periodicity}; {kpi.calculation}; source: {kpi.data_source}",
    ]
    if kpi.dimensions:
        lines.append(f"        broken down by: {', '.join(kpi.dimensions)}")
    if kpi.baseline is not None:
        lines.append(
            f"        baseline: {number(kpi.baseline.value)} in {kpi.baseline.year}"
        )
    lines.append(f"        target: {_target(kpi.target)}")
    latest = _latest(reports)
    if latest is None:
        lines.append("        latest: no report yet")
        return lines
    value = number(latest.value) if latest.value is not None else latest.text
    corrected = " (corrected)" if latest.corrects else ""
    lines.append(
        f"        latest: {value} for {latest.period}{corrected}"
        f" — {len([r for r in reports if r.is_current])} report(s)"
    )
    if latest.breakdowns:
        lines.append(wrap(_breakdowns(latest.breakdowns), " " * 16))
    if latest.text and latest.value is not None:
        lines.append(wrap(latest.text, " " * 16))
    return lines


def render(app: PactApplication, p: Partnership) -> list[str]:
    """The lines ``pact show`` prints for partnership ``p``."""
    name = _Names(app)
    lines = [p.name, "=" * len(p.name)]

    def field(label: str, value: object) -> None:
        lines.append(f"  {label + ':':<14}{value}")

    field("id", p.id)
    field("kind", p.kind.label)
    field("status", f"{p.status} ({p.status.label})")
    if p.ecosystems:
        field("ecosystems", ", ".join(e.label for e in p.ecosystems))
    if p.countries:
        field("countries", ", ".join(p.countries))
    if p.regional_scope is not None:
        field("scope", p.regional_scope.label)
    if p.regions:
        field(
            "regions",
            ", ".join(f"{c} {nuts_region(c).name}" for c in p.regions),
        )
    if p.linked_lsp_id is not None:
        try:
            linked = app.get_partnership(p.linked_lsp_id).name
        except NotFoundError:
            linked = "(unknown)"
        field("linked LSP", f"{linked} ({p.linked_lsp_id})")
    contact = p.contact
    who = " ".join(x for x in (contact.title, contact.full_name) if x)
    org = f", {contact.organisation}" if contact.organisation else ""
    field("contact", f"{who}{org} <{contact.email}>")
    if p.assessment is not None:
        a = p.assessment
        meeting = (
            f"; follow-up meeting {when(a.follow_up_meeting)}"
            if a.follow_up_meeting
            else ""
        )
        field("assessment", f"{a.outcome} on {when(a.assessed_at)}{meeting}")
        if a.reasons:
            lines.append(wrap(a.reasons, " " * 16))

    lines += ["", "Expression of interest (Annex A)"]
    for label, text in (
        ("description", p.description),
        ("objectives", p.objectives),
        ("support needed", p.support_needed),
        ("activities", p.current_activities),
    ):
        if text:
            lines += [f"  {label}:", wrap(text, "    ")]
    if p.current_partners:
        lines.append("  current partners:")
        lines += [
            f"    - {cp.name}" + (f": {cp.role}" if cp.role else "")
            for cp in p.current_partners
        ]

    lines += ["", f"Members ({len(p.members)})"]
    for tier in MembershipTier:
        ids = [m.organisation_id for m in p.members.values() if m.tier is tier]
        if not ids:
            continue
        lines.append(f"  {tier} ({len(ids)})")
        for organisation_id in ids:
            try:
                o = app.get_organisation(organisation_id)
            except NotFoundError:
                lines.append(f"    {name(organisation_id)}")
                continue
            place = o.country + (f" {o.region}" if o.region else "")
            lines.append(f"    {o.name} — {o.stakeholder_type}, {o.size}, {place}")

    lines += ["", f"Coordinators ({len(p.coordinators)})"]
    lines += [f"  {name(c)}" for c in p.coordinators] or ["  none yet"]

    lines += ["", f"Agreement versions ({len(p.agreements)})"]
    for version in sorted(p.agreements):
        d = p.agreements[version]
        signed = (
            f"signed {when(d.signed_on)} by {len(d.signatories)} member(s)"
            if d.signed_on
            else "not signed"
        )
        current = " (in force)" if version == p.signed_version else ""
        lines.append(f"  v{version}{current}: drafted {when(d.drafted_at)}, {signed}")
        themes = ", ".join(t.label.lower() for t in d.content.strategic_themes)
        lines.append(wrap(f"themes: {themes}", "    "))
        lines.append(wrap(f"challenge: {d.content.challenge}", "    "))
        lines.append(wrap(f"ambition: {d.content.ambition}", "    "))
    if not p.agreements:
        lines.append("  none yet")

    live = sum(1 for c in p.commitments.values() if not c.withdrawn)
    lines += ["", f"Commitments ({live} live, {len(p.commitments)} pledged)"]
    for c in p.commitments.values():
        whose = "the partnership" if c.member_id is None else name(c.member_id)
        flag = " — WITHDRAWN" if c.withdrawn else ""
        lines.append(f"  [{c.kind}] {c.category.label} — by {whose}{flag}")
        lines.append(wrap(c.statement, "    "))
        if c.target is not None:
            lines.append(f"    target: {_target(c.target)}")
        lines.append(
            wrap(
                "serves: " + ", ".join(pr.label for pr in c.principles),
                "    ",
            )
        )
        for kpi in p.kpis.values():
            if kpi.commitment_id == c.id:
                reports = [r for r in p.reports.values() if r.kpi_id == kpi.id]
                lines += _kpi_lines(kpi, reports)
    if not p.commitments:
        lines.append("  none yet")
    return lines
