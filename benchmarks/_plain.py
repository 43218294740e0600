"""The plain ``eventsourcing`` baseline: what a user would write instead.

A hand-written :class:`eventsourcing.domain.Aggregate` with ``@event``
methods that records the same facts with the same fields and checks the same
main rules (status, members, live KPIs, one current report per KPI, period
and reporter, breakdowns adding up), stored by a plain
:class:`eventsourcing.application.Application`: the default mapper and JSON
transcoder, the default projector, the default snapshot class.  Identifiers
are strings and dates ISO strings, since the default transcoder knows UUIDs,
decimals and datetimes only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from benchmarks._history import ACTOR, Op, Plan


class PlainError(Exception):
    """A refused command of the plain aggregate."""


class PlainPartnership(Aggregate):
    """A partnership, hand-written on ``eventsourcing``'s aggregate."""

    @event("Submitted")
    def __init__(
        self,
        name: str,
        kind: str,
        countries: list[str],
        ecosystems: list[str],
        contact: dict[str, str],
        description: str,
        current_partners: list[dict[str, str]],
        actor: str,
    ) -> None:
        self.name = name
        self.kind = kind
        self.countries = countries
        self.ecosystems = ecosystems
        self.contact = contact
        self.description = description
        self.current_partners = current_partners
        self.status = "proposed"
        self.members: dict[str, dict[str, Any]] = {}
        self.agreements: dict[str, dict[str, Any]] = {}
        self.commitments: dict[str, dict[str, Any]] = {}
        self.kpis: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        self.current: dict[str, str] = {}
        self.activities: dict[str, dict[str, Any]] = {}

    def _require(self, *statuses: str) -> None:
        if self.status not in statuses:
            raise PlainError(f"needs a {statuses} partnership, not {self.status}")

    @event("Assessed")
    def assess(self, outcome: str, reasons: str, actor: str) -> None:
        self.status = "accepted" if outcome == "accepted" else "declined"

    def join(self, organisation_id: str, tier: str, actor: str) -> None:
        self._require("accepted", "active")
        if organisation_id in self.members:
            raise PlainError("already a member")
        self._joined(organisation_id, tier, actor)

    @event("MemberJoined")
    def _joined(self, organisation_id: str, tier: str, actor: str) -> None:
        self.members[organisation_id] = {"tier": tier}

    @event("AgreementDrafted")
    def draft(self, version: int, content: dict[str, Any], actor: str) -> None:
        self.agreements[str(version)] = {"content": content, "signed_on": None}

    def sign(self, version: int, signatories: list[str], signed_on: str, actor: str):
        if any(s not in self.members for s in signatories):
            raise PlainError("a signatory is not a member")
        self._signed(version, signatories, signed_on, actor)

    @event("AgreementSigned")
    def _signed(
        self, version: int, signatories: list[str], signed_on: str, actor: str
    ) -> None:
        self.agreements[str(version)]["signed_on"] = signed_on
        self.status = "active"

    @event("CommitmentPledged")
    def pledge(
        self, commitment_id: str, category: str, statement: str, principles: list[str]
    ) -> None:
        self.commitments[commitment_id] = {"category": category, "statement": statement}

    @event("KpiDefined")
    def define_kpi(self, kpi_id: str, commitment_id: str, definition: dict[str, Any]):
        self.kpis[kpi_id] = {"commitment_id": commitment_id, **definition}

    def report(
        self,
        report_id: str,
        kpi_id: str,
        period: dict[str, str],
        value: Decimal,
        breakdowns: list[dict[str, Any]],
        reported_by: str,
        actor: str,
    ) -> None:
        self._require("accepted", "active")
        if kpi_id not in self.kpis:
            raise PlainError("no such KPI")
        if reported_by not in self.members:
            raise PlainError("the reporter is not a member")
        if sum(Decimal(b["value"]) for b in breakdowns) != value:
            raise PlainError("breakdowns do not add up")
        key = f"{kpi_id}/{period['start']}/{period['end']}/{reported_by}"
        if key in self.current:
            raise PlainError("already reported; correct it")
        self._reported(report_id, kpi_id, period, value, breakdowns, reported_by, actor)

    @event("KpiReported")
    def _reported(
        self,
        report_id: str,
        kpi_id: str,
        period: dict[str, str],
        value: Decimal,
        breakdowns: list[dict[str, Any]],
        reported_by: str,
        actor: str,
    ) -> None:
        self.reports[report_id] = {
            "kpi_id": kpi_id,
            "period": period,
            "value": value,
            "breakdowns": breakdowns,
            "reported_by": reported_by,
            "superseded_by": None,
        }
        self.current[f"{kpi_id}/{period['start']}/{period['end']}/{reported_by}"] = (
            report_id
        )

    def correct(
        self,
        report_id: str,
        corrects: str,
        value: Decimal,
        breakdowns: list[dict[str, Any]],
        reason: str,
        actor: str,
    ) -> None:
        old = self.reports.get(corrects)
        if old is None or old["superseded_by"] is not None:
            raise PlainError("no current report to correct")
        if sum(Decimal(b["value"]) for b in breakdowns) != value:
            raise PlainError("breakdowns do not add up")
        self._corrected(report_id, corrects, value, breakdowns, reason, actor)

    @event("KpiReportCorrected")
    def _corrected(
        self,
        report_id: str,
        corrects: str,
        value: Decimal,
        breakdowns: list[dict[str, Any]],
        reason: str,
        actor: str,
    ) -> None:
        old = self.reports[corrects]
        old["superseded_by"] = report_id
        self.reports[report_id] = {
            **old,
            "value": value,
            "breakdowns": breakdowns,
            "superseded_by": None,
        }

    def hold_activity(
        self,
        activity_id: str,
        type: str,
        title: str,
        held_on: str,
        participants: int,
        organisation_ids: list[str],
        actor: str,
    ) -> None:
        self._require("accepted", "active")
        if participants < len(organisation_ids):
            raise PlainError("too few participants")
        self._held(activity_id, type, title, held_on, participants, organisation_ids)

    @event("ActivityHeld")
    def _held(
        self,
        activity_id: str,
        type: str,
        title: str,
        held_on: str,
        participants: int,
        organisation_ids: list[str],
    ) -> None:
        self.activities[activity_id] = {
            "type": type,
            "held_on": held_on,
            "participants": participants,
            "organisation_ids": organisation_ids,
        }


class PlainApp(Application[UUID]):
    """A plain ``eventsourcing`` application with default settings."""

    name = "Plain"


class PlainSnapshottingApp(PlainApp):
    """The same with snapshots every 200 events (as ours)."""

    snapshotting_intervals = {PlainPartnership: 200}


def plain_env(path: str) -> dict[str, str]:
    """The environment of a plain application on an SQLite file."""
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": path,
        "SQLITE_LOCK_TIMEOUT": "10",
    }


def plain_inputs(plan: Plan) -> list[Op]:
    """The plan's operations as the plain aggregate's arguments."""
    org = [str(o) for o in plan.org_ids]
    out: list[Op] = []
    for op in plan.ops:
        kind = op[0]
        if kind == "report":
            _, kpi, day, reporter, women, men, rid = op
            iso = day.isoformat()
            out.append(
                (
                    "report",
                    str(rid),
                    str(plan.kpi_ids[kpi]),
                    {"start": iso, "end": iso},
                    Decimal(women + men),
                    [
                        {"dimension": "gender", "category": "women", "value": women},
                        {"dimension": "gender", "category": "men", "value": men},
                    ],
                    org[reporter],
                )
            )
        elif kind == "correct":
            _, rid, women, men, cid = op
            out.append(
                (
                    "correct",
                    str(cid),
                    str(rid),
                    Decimal(women + men),
                    [
                        {"dimension": "gender", "category": "women", "value": women},
                        {"dimension": "gender", "category": "men", "value": men},
                    ],
                )
            )
        elif kind == "activity":
            _, day, participants, present, aid = op
            out.append(
                (
                    "activity",
                    str(aid),
                    day.isoformat(),
                    participants,
                    [str(o) for o in present],
                )
            )
        elif kind == "join":
            out.append(("join", org[op[1]]))
        elif kind == "pledge":
            c = op[1]
            out.append(("pledge", str(plan.commitment_ids[c]), str(plan.kpi_ids[c])))
        else:
            out.append(op)
    return out


_KPI = {
    "name": "People trained in LLL courses",
    "category": "skilling_training_outputs",
    "measure": "count",
    "unit": "people",
    "baseline": {"value": "0", "year": 2024},
    "target": {"value": "100000", "unit": "people", "deadline": "2035-12-31"},
    "dimensions": ["gender"],
}


def new_plain(plan: Plan) -> PlainPartnership:
    """The plain aggregate, created by the plan's first operation."""
    return PlainPartnership(
        name=plan.name,
        kind="large_scale",
        countries=["DE", "FR", "IT"],
        ecosystems=["renewable_energy"],
        contact={"full_name": "Dr Ana Lopes", "email": "ana.lopes@example.eu"},
        description="A benchmark partnership.",
        current_partners=[{"name": "WindEurope", "role": "coordinator"}],
        actor=ACTOR,
    )


def apply_op(p: PlainPartnership, op: Op, plan: Plan) -> None:
    """Run one operation (but ``submit``) on the plain aggregate."""
    kind = op[0]
    if kind == "report":
        _, rid, kpi, period, value, breakdowns, reporter = op
        p.report(rid, kpi, period, value, breakdowns, reporter, ACTOR)
    elif kind == "correct":
        _, cid, rid, value, breakdowns = op
        p.correct(cid, rid, value, breakdowns, "Late survey returns.", ACTOR)
    elif kind == "activity":
        _, aid, day, participants, present = op
        p.hold_activity(
            aid,
            "workshop",
            "Regional skills workshop",
            day,
            participants,
            present,
            ACTOR,
        )
    elif kind == "assess":
        p.assess("accepted", "", ACTOR)
    elif kind == "join":
        p.join(op[1], "core", ACTOR)
    elif kind == "draft":
        p.draft(
            1,
            {"challenge": "Skills gaps in the sector.", "themes": ["sustainability"]},
            ACTOR,
        )
    elif kind == "sign":
        p.sign(1, [str(plan.org_ids[0])], "2000-12-31", ACTOR)
    elif kind == "pledge":
        _, cid, kid = op
        p.pledge(
            cid,
            "training_and_development",
            "Train people in lifelong-learning courses.",
            ["learning_culture"],
        )
        p.define_kpi(kid, cid, _KPI)


def run_plain_batch(app: PlainApp, plan: Plan, inputs: list[Op]) -> UUID:
    """Record the whole plan with one save; return the aggregate id."""
    p = new_plain(plan)
    for op in inputs[1:]:
        apply_op(p, op, plan)
    app.save(p)
    return p.id


def run_plain_commands(app: PlainApp, pid: UUID, plan: Plan, ops: list[Op]) -> None:
    """Record operations one command (load, run, save) at a time."""
    for op in ops:
        p: PlainPartnership = app.repository.get(pid)
        apply_op(p, op, plan)
        app.save(p)
