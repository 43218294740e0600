"""Deterministic partnership histories, and the drivers that record them.

One :class:`Plan` describes a partnership's history as a list of operations
(submit, assess, members joining, an agreement, commitments with KPIs, then
KPI reports, corrections and activities).  Three drivers record the same plan:

* :func:`run_ours` through :class:`~pact_domain.application.PactApplication`
  (typed commands, optionally inside ``app.batch()``);
* :mod:`benchmarks._plain` through a hand-written ``eventsourcing`` aggregate;
* :mod:`benchmarks._raw` as JSON rows written with ``sqlite3`` directly.

All inputs (ids, value objects, JSON payloads) are built before timing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from pact_domain.application import PactApplication
from pact_domain.partnership import KpiDefinition
from pact_domain.values import (
    AgreementContent,
    Baseline,
    BreakdownValue,
    ContactPerson,
    CurrentPartner,
    ReportingPeriod,
    Target,
)

ACTOR = "bench@pact.example"
START = datetime(2031, 1, 1, tzinfo=UTC)
"""The first reading of the benchmark clock (each command one second later)."""
FIRST_DAY = date(2001, 1, 1)
MEMBERS = 20
KPIS = 4
COUNTRIES = ("DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "PT", "GR", "IE")
TYPES = ("vet_provider", "company", "public_authority_regional", "chamber", "ngo_cso")
SIZES = ("micro", "small", "medium", "large")

Op = tuple[Any, ...]


class Clock:
    """A deterministic recording clock: one second per reading."""

    def __init__(self, start: datetime = START) -> None:
        self.next = start

    def __call__(self) -> datetime:
        reading = self.next
        self.next = reading + timedelta(seconds=1)
        return reading


def ids(seed: int) -> Iterator[UUID]:
    """Deterministic random (version 4) UUIDs."""
    rng = random.Random(seed)
    while True:
        yield UUID(int=rng.getrandbits(128), version=4)


@dataclass
class Plan:
    """One partnership's history, as operations with prebuilt inputs."""

    index: int
    events: int
    partnership_id: UUID
    org_ids: list[UUID]
    commitment_ids: list[UUID]
    kpi_ids: list[UUID]
    ops: list[Op] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The partnership's name."""
        return f"Benchmark skills partnership {self.index}"


def _report_values(i: int) -> tuple[int, int]:
    return 5 + i % 47, 3 + (i * 7) % 41


def make_plan(index: int, events: int, org_ids: list[UUID] | None = None) -> Plan:
    """A plan of about ``events`` partnership events (at least the setup's).

    The setup (submit, assess, ``MEMBERS`` joins, draft, sign, ``KPIS``
    commitments each with one KPI) takes 32 events; the rest are KPI reports
    (about 85%), corrections (5%) and activities (10%).
    """
    gen = ids(index * 7919 + 17)
    pid = next(gen)
    orgs = org_ids if org_ids is not None else [next(gen) for _ in range(MEMBERS)]
    plan = Plan(
        index=index,
        events=0,
        partnership_id=pid,
        org_ids=orgs[:MEMBERS],
        commitment_ids=[next(gen) for _ in range(KPIS)],
        kpi_ids=[next(gen) for _ in range(KPIS)],
    )
    ops = plan.ops
    ops.append(("submit",))
    ops.append(("assess",))
    ops.extend(("join", m) for m in range(MEMBERS))
    ops.append(("draft",))
    ops.append(("sign",))
    ops.extend(("pledge", c) for c in range(KPIS))
    count = 2 + MEMBERS + 2 + 2 * KPIS
    reports: list[UUID] = []
    corrected: set[int] = set()
    i = 0
    while count < events:
        i += 1
        if i % 20 == 0 and reports:
            j = (i * 13) % len(reports)
            if j not in corrected:
                corrected.add(j)
                women, men = _report_values(i)
                ops.append(("correct", reports[j], women, men, next(gen)))
                count += 1
                continue
        if i % 10 == 5:
            day = FIRST_DAY + timedelta(days=i % 3000)
            present = tuple(plan.org_ids[(i + k) % MEMBERS] for k in range(3))
            ops.append(("activity", day, 10 + i % 90, present, next(gen)))
            count += 1
            continue
        n = len(reports)
        kpi = n % KPIS
        reporter = (n // KPIS) % MEMBERS
        day = FIRST_DAY + timedelta(days=n // (KPIS * MEMBERS))
        women, men = _report_values(n)
        rid = next(gen)
        reports.append(rid)
        ops.append(("report", kpi, day, reporter, women, men, rid))
        count += 1
    plan.events = count
    return plan


# -- prebuilt inputs of our library ---------------------------------------------

CONTACT = ContactPerson(
    full_name="Dr Ana Lopes", email="ana.lopes@example.eu", organisation="Agency"
)
AGREEMENT = AgreementContent(
    challenge="Skills gaps in the sector.",
    ambition="Every worker skilled for the twin transition.",
    strategic_themes=("sustainability", "digital_transition"),
)
KPI = KpiDefinition(
    name="People trained in LLL courses",
    category="skilling_training_outputs",
    measure="count",
    unit="people",
    baseline=Baseline(0, 2024),
    target=Target(100_000, "people", date(2035, 12, 31)),
    dimensions=("gender",),
)


def our_inputs(plan: Plan) -> list[Op]:
    """The plan's operations with value objects built (outside timing)."""
    out: list[Op] = []
    for op in plan.ops:
        if op[0] == "report":
            _, kpi, day, reporter, women, men, rid = op
            out.append(
                (
                    "report",
                    plan.kpi_ids[kpi],
                    ReportingPeriod(day, day),
                    (
                        BreakdownValue("gender", "women", women),
                        BreakdownValue("gender", "men", men),
                    ),
                    women + men,
                    plan.org_ids[reporter],
                    rid,
                )
            )
        elif op[0] == "correct":
            _, rid, women, men, cid = op
            out.append(
                (
                    "correct",
                    rid,
                    (
                        BreakdownValue("gender", "women", women),
                        BreakdownValue("gender", "men", men),
                    ),
                    women + men,
                    cid,
                )
            )
        else:
            out.append(op)
    return out


def register_orgs(app: PactApplication, org_ids: list[UUID]) -> None:
    """Register the organisations a plan's members are (one batch)."""
    with app.batch():
        for k, oid in enumerate(org_ids):
            if app.exists(oid):
                continue
            app.register_organisation(
                name=f"Organisation {oid.hex[:8]}",
                stakeholder_type=TYPES[k % len(TYPES)],
                size=SIZES[k % len(SIZES)],
                country=COUNTRIES[k % len(COUNTRIES)],
                actor=ACTOR,
                id=oid,
            )


def run_ours(app: PactApplication, plan: Plan, inputs: list[Op]) -> None:
    """Record a plan's operations with the application's typed commands."""
    pid = plan.partnership_id
    for op in inputs:
        kind = op[0]
        if kind == "report":
            _, kpi_id, period, breakdowns, value, reporter, rid = op
            app.report_kpi(
                pid,
                kpi_id=kpi_id,
                period=period,
                value=value,
                breakdowns=breakdowns,
                reported_by=reporter,
                actor=ACTOR,
                report_id=rid,
            )
        elif kind == "correct":
            _, rid, breakdowns, value, cid = op
            app.correct_kpi_report(
                pid,
                report_id=rid,
                reason="Late survey returns.",
                value=value,
                breakdowns=breakdowns,
                actor=ACTOR,
                correction_id=cid,
            )
        elif kind == "activity":
            _, day, participants, present, aid = op
            app.record_activity(
                pid,
                type="workshop",
                title="Regional skills workshop",
                held_on=day,
                participants=participants,
                organisation_ids=present,
                actor=ACTOR,
                activity_id=aid,
            )
        else:
            _SETUP[kind](app, plan, op)


def _submit(app: PactApplication, plan: Plan, _: Op) -> None:
    app.submit_expression_of_interest(
        name=plan.name,
        kind="large_scale",
        contact=CONTACT,
        description="A benchmark partnership.",
        countries=("DE", "FR", "IT"),
        ecosystems=("renewable_energy",),
        current_partners=(CurrentPartner("WindEurope", "coordinator"),),
        actor=ACTOR,
        id=plan.partnership_id,
    )


def _assess(app: PactApplication, plan: Plan, _: Op) -> None:
    app.assess_expression_of_interest(
        plan.partnership_id, outcome="accepted", actor=ACTOR
    )


def _join(app: PactApplication, plan: Plan, op: Op) -> None:
    app.join_partnership(
        plan.partnership_id, organisation_id=plan.org_ids[op[1]], actor=ACTOR
    )


def _draft(app: PactApplication, plan: Plan, _: Op) -> None:
    app.draft_agreement(plan.partnership_id, content=AGREEMENT, actor=ACTOR)


def _sign(app: PactApplication, plan: Plan, _: Op) -> None:
    app.sign_agreement(
        plan.partnership_id,
        version=1,
        signatories=(plan.org_ids[0],),
        signed_on=date(2000, 12, 31),
        actor=ACTOR,
    )


def _pledge(app: PactApplication, plan: Plan, op: Op) -> None:
    c = op[1]
    app.pledge_commitment(
        plan.partnership_id,
        category="training_and_development",
        statement="Train people in lifelong-learning courses.",
        principles=("learning_culture",),
        kpis=(KPI,),
        actor=ACTOR,
        commitment_id=plan.commitment_ids[c],
        kpi_ids=(plan.kpi_ids[c],),
    )


_SETUP: dict[str, Callable[[PactApplication, Plan, Op], None]] = {
    "submit": _submit,
    "assess": _assess,
    "join": _join,
    "draft": _draft,
    "sign": _sign,
    "pledge": _pledge,
}
