"""Writing long histories fast, to have something to load and to follow.

Scenario (a) measures recording histories with commands.  The load and
catch-up scenarios need histories of 10^5 events and logs of 10^6 events,
built in seconds whatever the speed of the commands: the setup of each
partnership is recorded with commands, and its bulk events (KPI reports,
corrections, activities) are built as the events those commands record —
same classes, same field values, same recording clock — and stored with the
application's event store, then snapshotted as a save would.
``tests/test_perf_paths.py`` checks that both ways store the same events.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from benchmarks._history import ACTOR, Op, Plan, our_inputs, run_ours
from pact_domain.application import PactApplication
from pact_domain.events import PactEvent, PactSnapshot, project
from pact_domain.partnership import KpiReportCorrected, KpiReported
from pact_domain.partnership.activities import ActivityHeld
from pact_domain.values import BreakdownValue, ReportingPeriod
from pact_domain.vocabularies import ActivityType, DataSource

CHUNK = 20_000
"""Events stored per transaction."""


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def bulk_events(
    plan: Plan, first_version: int, clock: Callable[[], datetime]
) -> list[PactEvent]:
    """The events the plan's bulk operations record, from ``first_version``."""
    pid = plan.partnership_id
    version = first_version
    out: list[PactEvent] = []
    for op in plan.ops:
        kind = op[0]
        if kind not in ("report", "correct", "activity"):
            continue
        ts = clock()
        common: dict[str, Any] = {
            "originator_id": pid,
            "originator_version": version,
            "timestamp": ts,
            "actor": ACTOR,
        }
        if kind == "report":
            _, kpi, day, reporter, women, men, rid = op
            event: PactEvent = KpiReported(
                **common,
                effective_at=_midnight(day),
                report_id=rid,
                kpi_id=plan.kpi_ids[kpi],
                period=ReportingPeriod(day, day),
                value=Decimal(women + men),
                text="",
                breakdowns=_gender(women, men),
                reported_by=plan.org_ids[reporter],
                source=DataSource.ADMINISTRATIVE,
            )
        elif kind == "correct":
            _, rid, women, men, cid = op
            event = KpiReportCorrected(
                **common,
                effective_at=ts,
                report_id=cid,
                corrects=rid,
                value=Decimal(women + men),
                text="",
                breakdowns=_gender(women, men),
                source=DataSource.ADMINISTRATIVE,
                reason="Late survey returns.",
            )
        else:
            _, day, participants, present, aid = op
            event = ActivityHeld(
                **common,
                effective_at=_midnight(day),
                activity_id=aid,
                type=ActivityType.WORKSHOP,
                title="Regional skills workshop",
                held_on=day,
                participants=participants,
                organisation_ids=present,
                other_organisations=0,
                working_group_id=None,
            )
        out.append(event)
        version += 1
    return out


@functools.lru_cache(maxsize=4096)
def _gender(women: int, men: int) -> tuple[BreakdownValue, ...]:
    # Shared (immutable values), as the mapper shares them when reading.
    return (
        BreakdownValue("gender", "women", Decimal(women)),
        BreakdownValue("gender", "men", Decimal(men)),
    )


def write_history(app: PactApplication, plan: Plan, *, snapshot: bool = True) -> None:
    """Store the plan: setup by commands, bulk as stored events, then one
    snapshot at the last version (as a batch import takes)."""
    inputs = our_inputs(plan)
    setup: list[Op] = [op for op in inputs if op[0] not in _BULK]
    with app.batch():
        run_ours(app, plan, setup)
    setup_state = app.get_partnership(plan.partnership_id)
    events = bulk_events(plan, setup_state.version + 1, app.clock)
    for start in range(0, len(events), CHUNK):
        app.events.put(events[start : start + CHUNK])
    if snapshot and app.snapshots is not None and plan.events >= 200:
        # The aggregate in memory, brought forward by the same events (no
        # reload): what a batch import's save snapshots.
        aggregate = project(setup_state, events)
        app.snapshots.put([PactSnapshot.take(aggregate)])


_BULK = frozenset({"report", "correct", "activity"})
