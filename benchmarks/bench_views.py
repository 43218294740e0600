"""Benchmark: the cost of applying one new event to the monitoring views does
not grow with the length of the history.

For histories of 10^3, 10^4 and 10^5 events (organisations, members, KPIs,
KPI reports, corrections, reviews, activities), the views are first caught up;
then new events are recorded one at a time and each is applied with
``MonitoringViews.catch_up()`` — one notification read, one batch committed
with its tracking position — and timed.  Printed: the median and 90th
percentile per-event apply time for the in-memory and the SQLite view store,
and their ratio to the 10^3 history.  Not a timed test; run it by hand::

    python benchmarks/bench_views.py            # 10^3, 10^4, 10^5
    python benchmarks/bench_views.py --quick    # 10^3, 10^4
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from pact_adapters.stores import open_application
from pact_domain.application import PactApplication
from pact_domain.monitoring import MonitoringViews
from pact_domain.organisation import OrganisationRegistered
from pact_domain.partnership import (
    CommitmentPledged,
    ExpressionOfInterestSubmitted,
    KpiDefined,
    KpiReportApproved,
    KpiReportCorrected,
    KpiReported,
    MemberJoined,
)
from pact_domain.partnership.activities import ActivityHeld
from pact_domain.values import ContactPerson, ReportingPeriod
from pact_domain.vocabularies import (
    ActivityType,
    CalculationMethod,
    CharterPrinciple,
    CommitmentCategory,
    CommitmentKind,
    CommitmentScope,
    DataSource,
    Ecosystem,
    KpiCategory,
    Measure,
    MembershipTier,
    OrganisationSize,
    PartnershipKind,
    Periodicity,
    StakeholderType,
)

T0 = datetime(2024, 1, 1, tzinfo=UTC)
PARTNERSHIPS = 10
KPIS_PER_PARTNERSHIP = 20
NEW_EVENTS = 300


class Generator:
    """Makes valid-looking stored events directly (no aggregate loading), so
    that building 10^5 events takes seconds."""

    def __init__(self, app: PactApplication) -> None:
        self.app = app
        self.versions: dict[UUID, int] = {}
        self.clock = T0
        self.partnerships: list[UUID] = []
        self.orgs: list[UUID] = []
        self.kpis: dict[UUID, list[UUID]] = {}
        self.reports: dict[UUID, list[UUID]] = {}
        self.count = 0

    def event(self, cls: type[Any], originator: UUID, **fields: Any) -> Any:
        version = self.versions.get(originator, 0) + 1
        self.versions[originator] = version
        self.clock += timedelta(seconds=7)
        self.count += 1
        extra: dict[str, Any] = {}
        if version == 1:
            extra["originator_topic"] = (
                "pact_domain.organisation:Organisation"
                if cls is OrganisationRegistered
                else "pact_domain.partnership._aggregate:Partnership"
            )
        return cls(
            originator_id=originator,
            originator_version=version,
            timestamp=self.clock,
            actor="bench",
            effective_at=self.clock,
            **extra,
            **fields,
        )

    def setup(self) -> Iterator[Any]:
        for i in range(PARTNERSHIPS):
            pid = uuid4()
            self.partnerships.append(pid)
            self.kpis[pid] = []
            self.reports[pid] = []
            yield self.event(
                ExpressionOfInterestSubmitted,
                pid,
                name=f"LSP {i}",
                kind=PartnershipKind.LARGE_SCALE,
                countries=(),
                regions=(),
                regional_scope=None,
                ecosystems=(Ecosystem.TOURISM,),
                contact=ContactPerson("Ana Lopes", "ana@example.eu"),
                description="LSP",
                current_partners=(),
                objectives="",
                support_needed="",
                current_activities="",
                linked_lsp_id=None,
            )
            cid = uuid4()
            yield self.event(
                CommitmentPledged,
                pid,
                commitment_id=cid,
                kind=CommitmentKind.IMPACT,
                category=CommitmentCategory.TRAINING_AND_DEVELOPMENT,
                scope=CommitmentScope.PARTNERSHIP,
                member_id=None,
                statement="Train people.",
                principles=(CharterPrinciple.LEARNING_CULTURE,),
                target=None,
            )
            for k in range(KPIS_PER_PARTNERSHIP):
                kid = uuid4()
                self.kpis[pid].append(kid)
                yield self.event(
                    KpiDefined,
                    pid,
                    kpi_id=kid,
                    commitment_id=cid,
                    name=f"KPI {k}",
                    category=KpiCategory.SKILLING_TRAINING_OUTPUTS,
                    measure=Measure.COUNT,
                    unit="people",
                    ascending=True,
                    baseline=None,
                    target=None,
                    periodicity=Periodicity.QUARTERLY,
                    calculation=CalculationMethod.SUM,
                    dimensions=(),
                    data_source=DataSource.SURVEY,
                )

    def next_event(self, n: int) -> Any:
        """The n-th event of the steady stream: a mix of facts."""
        pid = self.partnerships[n % PARTNERSHIPS]
        kind = n % 10
        if kind == 0 or not self.orgs:
            oid = uuid4()
            self.orgs.append(oid)
            return self.event(
                OrganisationRegistered,
                oid,
                name=f"Org {n}",
                stakeholder_type=StakeholderType.COMPANY,
                size=OrganisationSize.SMALL,
                country="DE",
                region=None,
                ecosystems=(),
                contact=None,
            )
        if kind == 1:
            return self.event(
                MemberJoined,
                pid,
                organisation_id=self.orgs[-1],
                tier=MembershipTier.CORE,
            )
        if kind == 2:
            return self.event(
                ActivityHeld,
                pid,
                activity_id=uuid4(),
                type=ActivityType.WORKSHOP,
                title="Workshop",
                held_on=self.clock.date(),
                participants=20,
                organisation_ids=(),
                other_organisations=3,
                working_group_id=None,
            )
        reports = self.reports[pid]
        if kind == 3 and reports:
            new = uuid4()
            old = reports.pop()
            reports.append(new)
            return self.event(
                KpiReportCorrected,
                pid,
                report_id=new,
                corrects=old,
                value=Decimal(n % 97),
                text="",
                breakdowns=(),
                source=DataSource.SURVEY,
                reason="Fix.",
            )
        if kind == 4 and reports:
            return self.event(
                KpiReportApproved, pid, report_id=reports[-1], reviewer_id=self.orgs[0]
            )
        rid = uuid4()
        reports.append(rid)
        quarter = n // 10 % 40
        start = date(2020 + quarter // 4, quarter % 4 * 3 + 1, 1)
        return self.event(
            KpiReported,
            pid,
            report_id=rid,
            kpi_id=self.kpis[pid][n % KPIS_PER_PARTNERSHIP],
            period=ReportingPeriod(start, start + timedelta(days=80)),
            value=Decimal(n % 101),
            text="",
            breakdowns=(),
            reported_by=None,
            source=DataSource.SURVEY,
        )

    def record(self, events: list[Any]) -> None:
        mapper = self.app.mapper
        self.app.recorder.insert_events([mapper.to_stored_event(e) for e in events])

    def build(self, total: int) -> None:
        batch = list(self.setup())
        n = 0
        while self.count < total:
            batch.append(self.next_event(n))
            n += 1
            if len(batch) >= 2000:
                self.record(batch)
                batch = []
        if batch:
            self.record(batch)
        self.n = n


def measure(store: str, total: int) -> dict[str, float]:
    app = open_application(store)
    gen = Generator(app)
    started = time.perf_counter()
    gen.build(total)
    built = time.perf_counter() - started
    views = MonitoringViews(app)
    started = time.perf_counter()
    views.catch_up()
    caught_up = time.perf_counter() - started
    times = []
    for i in range(NEW_EVENTS):
        gen.record([gen.next_event(gen.n + i)])
        started = time.perf_counter()
        applied = views.catch_up()
        times.append(time.perf_counter() - started)
        assert applied == 1
    times.sort()
    return {
        "events": float(total),
        "build_s": built,
        "catch_up_s": caught_up,
        "median_us": statistics.median(times) * 1e6,
        "p90_us": times[int(len(times) * 0.9)] * 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10^3 and 10^4 only")
    args = parser.parse_args(argv)
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    print(
        f"Per-event apply time of MonitoringViews.catch_up(), {NEW_EVENTS} new events"
    )
    print(f"python {sys.version.split()[0]}")
    for kind in ("memory", "sqlite"):
        base = None
        print(f"\n{kind} store")
        print(
            f"{'history':>9} {'catch-up':>10} {'median':>10} {'p90':>10} {'ratio':>7}"
        )
        for total in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                store = "memory:" if kind == "memory" else str(Path(tmp) / "b.db")
                r = measure(store, total)
            base = base or r["median_us"]
            print(
                f"{total:>9,} {r['catch_up_s']:>9.2f}s {r['median_us']:>8.0f}us "
                f"{r['p90_us']:>8.0f}us {r['median_us'] / base:>7.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
