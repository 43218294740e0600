"""The benchmark scenarios; each runs in its own process (see ``run.py``).

``python -m benchmarks.scenarios NAME MODE WORKDIR`` runs one scenario and
prints one ``RESULT {...}`` JSON line: its rows (case, variant, events,
median seconds) and facts (peak memory, notes).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from benchmarks import _plain, _raw
from benchmarks._common import (
    FLOOR,
    OURS,
    PLAIN,
    RAW,
    RAW_ORJSON,
    Row,
    current_rss_mb,
    measure,
    peak_rss_mb,
    timed,
)
from benchmarks._history import (
    ACTOR,
    KPIS,
    MEMBERS,
    START,
    Clock,
    Plan,
    make_plan,
    our_inputs,
    register_orgs,
    run_ours,
)
from benchmarks._stored import write_history
from pact_adapters.stores import open_application
from pact_domain.application import PactApplication

SETUP_OPS = 2 + MEMBERS + 2 + KPIS
SETUP_EVENTS = 2 + MEMBERS + 2 + 2 * KPIS


@dataclass(frozen=True)
class Config:
    """Sizes and repetitions of one mode."""

    one: int
    batch: int
    loads: tuple[int, ...]
    partnerships: int
    per_partnership: int
    plain_partnerships: int
    report_partnerships: int
    report_per_partnership: int
    reps: int
    budget: float
    pg_batch: int
    pg_one: int
    pg_partnerships: int
    commands: int


MODES = {
    "smoke": Config(
        one=10,
        batch=200,
        loads=(100, 500),
        partnerships=10,
        per_partnership=100,
        plain_partnerships=5,
        report_partnerships=4,
        report_per_partnership=100,
        reps=1,
        budget=5,
        pg_batch=200,
        pg_one=5,
        pg_partnerships=3,
        commands=50,
    ),
    "quick": Config(
        one=200,
        batch=5_000,
        loads=(100, 10_000),
        partnerships=100,
        per_partnership=1_000,
        plain_partnerships=20,
        report_partnerships=20,
        report_per_partnership=500,
        reps=3,
        budget=20,
        pg_batch=5_000,
        pg_one=100,
        pg_partnerships=20,
        commands=2_000,
    ),
    "full": Config(
        one=500,
        batch=20_000,
        loads=(100, 10_000, 100_000),
        partnerships=1_000,
        per_partnership=1_000,
        plain_partnerships=200,
        report_partnerships=100,
        report_per_partnership=1_000,
        reps=5,
        budget=8,
        pg_batch=20_000,
        pg_one=300,
        pg_partnerships=50,
        commands=5_000,
    ),
}


def _catch_up_partnerships(cfg: Config) -> int:
    """The catch-up portfolio's partnerships: the mode's, unless
    ``PACT_BENCH_CATCH_UP_PARTNERSHIPS`` (``--catch-up-partnerships``) says."""
    given = os.environ.get("PACT_BENCH_CATCH_UP_PARTNERSHIPS")
    return int(given) if given else cfg.partnerships


def _plain_partnerships(cfg: Config) -> int:
    # The plain store holds the first fifth of the portfolio (at most the
    # mode's plain_partnerships): the same events, fewer of them.
    return max(1, min(cfg.plain_partnerships, _catch_up_partnerships(cfg) // 5))


def _fresh(work: str, name: str) -> str:
    return os.path.join(work, f"{name}-{uuid.uuid4().hex[:8]}.db")


def _cleanup(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path + suffix)


def _ours(path: str, **env: str) -> PactApplication:
    return open_application(path, env=env or None, clock=Clock())


# -- (a) writes ------------------------------------------------------------------------


def write_one(cfg: Config, work: str) -> tuple[list[Row], dict[str, Any]]:
    """Commands one transaction each, after a partnership's setup."""
    n = cfg.one
    plan = make_plan(1, SETUP_EVENTS + n)
    inputs = our_inputs(plan)
    plain_in = _plain.plain_inputs(plan)
    rows = _raw.raw_rows(plan)

    def ours() -> tuple[int, float]:
        path = _fresh(work, "one-ours")
        app = _ours(path)
        register_orgs(app, plan.org_ids)
        with app.batch():
            run_ours(app, plan, inputs[:SETUP_OPS])
        seconds = timed(lambda: run_ours(app, plan, inputs[SETUP_OPS:]))
        app.close()
        _cleanup(path)
        return n, seconds

    def plain(cache: bool, deepcopy: bool = True) -> Callable[[], tuple[int, float]]:
        def run() -> tuple[int, float]:
            path = _fresh(work, "one-plain")
            env = _plain.plain_env(path)
            if cache:
                env["AGGREGATE_CACHE_MAXSIZE"] = "100"
                env["DEEPCOPY_FROM_AGGREGATE_CACHE"] = "y" if deepcopy else "n"
            app = _plain.PlainSnapshottingApp(env)
            p = _plain.new_plain(plan)
            for op in plain_in[1:SETUP_OPS]:
                _plain.apply_op(p, op, plan)
            app.save(p)
            seconds = timed(
                lambda: _plain.run_plain_commands(app, p.id, plan, plain_in[SETUP_OPS:])
            )
            app.close()
            _cleanup(path)
            return n, seconds

        return run

    def raw(codec: _raw.Codec) -> Callable[[], tuple[int, float]]:
        def run() -> tuple[int, float]:
            path = _fresh(work, "one-raw")
            conn = _raw.connect(path)
            _raw.write_batch(conn, rows[:SETUP_EVENTS], codec)
            seconds = timed(lambda: _raw.write_each(conn, rows[SETUP_EVENTS:], codec))
            conn.close()
            _cleanup(path)
            return n, seconds

        return run

    case = f"a1. write, one command per transaction ({n:,} commands)"
    no_cache = f"{PLAIN}, cache off"
    no_copy = f"{PLAIN}, cache on, no deep copy"
    result = measure(
        case,
        {
            OURS: ours,
            PLAIN: plain(cache=True),
            no_copy: plain(cache=True, deepcopy=False),
            no_cache: plain(cache=False),
            RAW: raw(_raw.JSON),
            RAW_ORJSON: raw(_raw.ORJSON),
        },
        reps=cfg.reps,
        budget=cfg.budget,
        notes={
            OURS: "app.report_kpi(...) etc.: load, check, save (command cache)",
            PLAIN: "repository.get, @event method, save; snapshots every 200; "
            "AGGREGATE_CACHE_MAXSIZE=100 (its own cache, deep copies)",
            no_copy: "the same with DEEPCOPY_FROM_AGGREGATE_CACHE=n (its "
            "fastest cache setting)",
            no_cache: "the same without the aggregate cache (the old baseline)",
            RAW: "BEGIN; SELECT max(version); INSERT; COMMIT; json",
            RAW_ORJSON: "the same with orjson",
        },
    )
    return result, {}


def write_batch(cfg: Config, work: str) -> tuple[list[Row], dict[str, Any]]:
    """A partnership's whole history imported in one transaction."""
    plan = make_plan(2, cfg.batch)
    n = plan.events
    inputs = our_inputs(plan)
    plain_in = _plain.plain_inputs(plan)
    rows = _raw.raw_rows(plan)

    def ours() -> tuple[int, float]:
        path = _fresh(work, "batch-ours")
        app = _ours(path)
        register_orgs(app, plan.org_ids)

        def run() -> None:
            with app.batch():
                run_ours(app, plan, inputs)

        seconds = timed(run)
        app.close()
        _cleanup(path)
        return n, seconds

    def plain() -> tuple[int, float]:
        path = _fresh(work, "batch-plain")
        app = _plain.PlainApp(_plain.plain_env(path))
        seconds = timed(lambda: _plain.run_plain_batch(app, plan, plain_in))
        app.close()
        _cleanup(path)
        return n, seconds

    def raw(codec: _raw.Codec) -> Callable[[], tuple[int, float]]:
        def run() -> tuple[int, float]:
            path = _fresh(work, "batch-raw")
            conn = _raw.connect(path)
            seconds = timed(lambda: _raw.write_batch(conn, rows, codec))
            conn.close()
            _cleanup(path)
            return n, seconds

        return run

    case = f"a2. write, history imported in one batch ({n:,} events)"
    result = measure(
        case,
        {OURS: ours, PLAIN: plain, RAW: raw(_raw.JSON), RAW_ORJSON: raw(_raw.ORJSON)},
        reps=cfg.reps,
        budget=cfg.budget,
        notes={
            OURS: "with app.batch(): typed commands; one snapshot",
            PLAIN: "@event methods, one app.save(); no snapshots",
            RAW: "json.dumps + executemany, one transaction",
            RAW_ORJSON: "orjson.dumps + executemany, one transaction",
        },
    )
    return result, {}


# -- (b) loads and (e) as-of -----------------------------------------------------------


def _plain_history(path: str, plan: Plan) -> UUID:
    app = _plain.PlainApp(_plain.plain_env(path))
    pid = _plain.run_plain_batch(app, plan, _plain.plain_inputs(plan))
    app.close()
    return pid


def load(cfg: Config, work: str) -> tuple[list[Row], dict[str, Any]]:
    """Load partnerships of several sizes, replaying or from a snapshot."""
    from pact_domain._asof import partnership_as_of, version_at

    out: list[Row] = []
    facts: dict[str, Any] = {}
    for size in cfg.loads:
        plan = make_plan(100 + size, size)
        pid = plan.partnership_id
        ours_path = _fresh(work, f"load-{size}")
        app = _ours(ours_path)
        register_orgs(app, plan.org_ids)
        built = timed(lambda plan=plan, app=app: write_history(app, plan))
        facts[f"build {size}"] = round(built, 2)
        plain_path = _fresh(work, f"load-plain-{size}")
        plain_pid = _plain_history(plain_path, plan)
        plain_replay = _plain.PlainApp(_plain.plain_env(plain_path))
        plain_snap = _plain.PlainApp(
            {**_plain.plain_env(plain_path), "IS_SNAPSHOTTING_ENABLED": "y"}
        )
        if size >= 200:
            plain_snap.take_snapshot(plain_pid)
        replay_app = _ours(ours_path, IS_SNAPSHOTTING_ENABLED="n")
        conn = _raw.connect(ours_path)
        loops = max(1, 2_000 // size)

        def looped(
            fn: Callable[[], Any], loops: int = loops, size: int = size
        ) -> Callable[[], Any]:
            def run() -> tuple[int, float]:
                started = time.perf_counter()
                for _ in range(loops):
                    fn()
                return size, (time.perf_counter() - started) / loops

            return run

        reps = cfg.reps if size < 50_000 else min(cfg.reps, 3)
        out += measure(
            f"b. load {size:,} events, replay (no snapshot)",
            {
                OURS: looped(lambda a=replay_app, p=pid: a.get_partnership(p)),
                PLAIN: looped(lambda a=plain_replay, p=plain_pid: a.repository.get(p)),
                RAW: looped(
                    lambda c=conn, p=pid: _raw.read_aggregate(c, "stored_events", p.hex)
                ),
                RAW_ORJSON: looped(
                    lambda c=conn, p=pid: _raw.read_aggregate(
                        c, "stored_events", p.hex, _raw.ORJSON
                    )
                ),
            },
            reps=reps,
            budget=cfg.budget,
            notes={
                OURS: "get_partnership, snapshots off",
                PLAIN: "repository.get, default projector",
                RAW: "SELECT rows + json.loads",
                RAW_ORJSON: "SELECT rows + orjson.loads",
            },
        )
        facts[f"snapshot bytes {size}"] = _snapshot_bytes(conn, pid)
        out += measure(
            f"b. load {size:,} events, with snapshots",
            {
                OURS: looped(lambda a=app, p=pid: a.get_partnership(p)),
                PLAIN: looped(lambda a=plain_snap, p=plain_pid: a.repository.get(p)),
            },
            reps=reps,
            budget=cfg.budget,
            notes={
                OURS: "snapshot at the last version" if size >= 200 else "no snapshot",
                PLAIN: "snapshot at the last version" if size >= 200 else "no snapshot",
            },
        )
        # (e) as of a past instant: the middle of the recorded history.
        if size >= 1_000:
            middle = START + timedelta(seconds=size // 2 + MEMBERS)
            version = version_at(app, pid, middle)
            out += measure(
                f"e. as-of {size:,}-event partnership (version {version:,})",
                {
                    f"{OURS} as of": looped(
                        lambda a=app, p=pid, m=middle: partnership_as_of(a, p, m)
                    ),
                    f"{OURS} current": looped(
                        lambda a=app, p=pid: a.get_partnership(p)
                    ),
                },
                reps=reps,
                budget=cfg.budget,
                notes={
                    f"{OURS} as of": "version_at (binary search) + get(version=N)",
                    f"{OURS} current": "get_partnership (latest snapshot)",
                },
            )
        for a in (app, replay_app, plain_replay, plain_snap):
            a.close()
        conn.close()
        _cleanup(ours_path)
        _cleanup(plain_path)
    return out, facts


def _snapshot_bytes(conn: Any, pid: UUID) -> int | None:
    """The size of the aggregate's latest stored snapshot (``None``: none)."""
    row = conn.execute(
        "SELECT length(state) FROM stored_snapshots WHERE originator_id=? "
        "ORDER BY originator_version DESC LIMIT 1",
        (pid.hex,),
    ).fetchone()
    return None if row is None else int(row[0])


# -- (c) catch-up ----------------------------------------------------------------------


def _portfolio_plan(i: int, partnerships: int, per: int) -> Plan:
    """The plan of partnership ``i`` of a portfolio (members from a pool)."""
    pool = _pool(partnerships)
    orgs = [pool[(i * 7 + k) % len(pool)] for k in range(MEMBERS)]
    return make_plan(10_000 + i, per, orgs)


def _pool(partnerships: int) -> list[UUID]:
    return [
        UUID(int=k + 1, version=4) for k in range(max(MEMBERS * 5, partnerships * 2))
    ]


def _portfolio(work: str, name: str, partnerships: int, per: int) -> str:
    """A store of ``partnerships`` histories of ``per`` events each (built
    once per run; plans are made one at a time to keep memory small)."""
    path = os.path.join(work, f"{name}-{partnerships}x{per}.db")
    if os.path.exists(path):
        return path
    building = path + ".building"
    _cleanup(building)
    app = open_application(building, clock=Clock())
    register_orgs(app, _pool(partnerships))
    for i in range(partnerships):
        write_history(app, _portfolio_plan(i, partnerships, per))
    app.close()
    os.replace(building, path)
    return path


def prepare(cfg: Config, work: str) -> tuple[list[Row], dict[str, Any]]:
    """Build the catch-up stores (ours and the plain baseline's), so that the
    catch-up process starts with nothing in memory."""
    started = time.perf_counter()
    _portfolio(work, "portfolio", _catch_up_partnerships(cfg), cfg.per_partnership)
    _plain_portfolio(work, cfg)
    return [], {"build seconds": round(time.perf_counter() - started, 1)}


def _plain_portfolio(work: str, cfg: Config) -> str:
    partnerships = _catch_up_partnerships(cfg)
    plain = _plain_partnerships(cfg)
    path = os.path.join(work, f"plain-portfolio-{partnerships}-{plain}.db")
    if not os.path.exists(path):
        building = path + ".building"
        _cleanup(building)
        for i in range(plain):
            plan = _portfolio_plan(i, partnerships, cfg.per_partnership)
            _plain_history(building, plan)
        os.replace(building, path)
    return path


def catch_up(cfg: Config, work: str) -> tuple[list[Row], dict[str, Any]]:
    """Follow the whole notification log, every variant interleaved: the
    monitoring views (the first of all runs, with this process's memory
    before and at its peak), their physical floor, the mapper alone, the raw
    references and the plain baseline."""
    facts: dict[str, Any] = {}
    partnerships = _catch_up_partnerships(cfg)
    plain_count = _plain_partnerships(cfg)
    path = _portfolio(work, "portfolio", partnerships, cfg.per_partnership)
    plain_path = _plain_portfolio(work, cfg)
    app = open_application(path, clock=Clock())
    total = app.recorder.max_notification_id()
    facts["events"] = total
    case = f"c. catch-up, {partnerships:,} partnerships, {total:,} events"
    plain_app = _plain.PlainApp(_plain.plain_env(plain_path))
    conn = _raw.connect(path)
    floor_conn = _raw.connect(path)
    # The plain store holds the first partnerships of ours: the same events.
    same = _raw.last_rowid_of(
        conn,
        _portfolio_plan(
            plain_count - 1, partnerships, cfg.per_partnership
        ).partnership_id,
    )

    def views() -> tuple[int, float]:
        memory = _views_catch_up(app, 0)
        if "views memory" not in facts:  # the process's first run
            facts["views memory"] = memory
        facts["view rows per event"] = round(memory["rows"] / memory["events"], 3)
        return memory["events"], memory["seconds"]

    def floor() -> tuple[int, float]:
        _raw.reset_floor(floor_conn)
        result = _timed_count(lambda: _raw.view_floor(floor_conn))
        _raw.reset_floor(floor_conn)
        return result

    mapper_same = f"{OURS} mapper, same events as plain"
    rows = measure(
        case,
        {
            f"{OURS} views": views,
            FLOOR: floor,
            f"{OURS} mapper": lambda: _timed_count(lambda: _mapper_pages(app)),
            mapper_same: lambda: _timed_count(lambda: _mapper_pages(app, stop=same)),
            PLAIN: lambda: _timed_count(lambda: _plain_fold(plain_app)),
            RAW: lambda: _timed_count(lambda: _raw.read_log(conn, "stored_events")),
            RAW_ORJSON: lambda: _timed_count(
                lambda: _raw.read_log(conn, "stored_events", codec=_raw.ORJSON)
            ),
        },
        reps=cfg.reps,
        budget=cfg.budget,
        notes={
            f"{OURS} views": "MonitoringViews.catch_up() from 0: every view, "
            "SQLite store, fresh table each run",
            FLOOR: "pages of 500 + orjson.loads; one row per event written "
            "(view store layout, UUID text keys), 5,000 per commit + tracking",
            f"{OURS} mapper": "pages of 500: select_notifications + to_domain_event",
            mapper_same: f"the same, over the first {plain_count} partnerships",
            PLAIN: (
                f"the first {plain_count} partnerships' log: default "
                "mapper + a small dict fold"
            ),
            RAW: "pages of 500: SELECT + json.loads",
            RAW_ORJSON: "pages of 500: SELECT + orjson.loads",
        },
    )
    app.close()
    plain_app.close()
    conn.close()
    floor_conn.close()
    return rows, facts


def _views_catch_up(app: PactApplication, limit: int) -> dict[str, Any]:
    """The views catching up from nothing on ``limit`` events (0: all), into a
    fresh view store; this process's memory before and at its peak, and the
    rows the views hold at the end."""
    from pact_adapters.storage.sqlite_views import SQLiteViewStore
    from pact_domain.monitoring import MonitoringViews

    datastore = app.recorder.datastore  # type: ignore[attr-defined]
    name = f"bench_{uuid.uuid4().hex[:8]}"
    store = SQLiteViewStore(datastore, name)
    store.create_table()
    views = MonitoringViews(app, store=store)
    before = current_rss_mb()
    started = time.perf_counter()
    n = views.catch_up(limit=limit or None)
    seconds = time.perf_counter() - started
    with datastore.transaction(commit=True) as c:
        c.execute(f"SELECT count(*) FROM {store.rows_table}")
        held = int(c.fetchone()[0])
        c.execute(f"DROP TABLE IF EXISTS {store.rows_table}")
        c.execute("DELETE FROM tracking WHERE application_name=?", (name,))
    return {
        "events": n,
        "seconds": seconds,
        "rows": held,
        "rss_before_mb": round(before, 1),
        "peak_mb": round(peak_rss_mb(), 1),
    }


def _mapper_pages(app: Any, page: int = 500, stop: int | None = None) -> int:
    recorder = app.recorder
    to_event = app.mapper.to_domain_event
    start = 1
    n = 0
    while True:
        notifications = recorder.select_notifications(start, page, stop=stop)
        if not notifications:
            return n
        for notification in notifications:
            to_event(notification)
        n += len(notifications)
        start = notifications[-1].id + 1


def _plain_fold(app: Any, page: int = 500) -> int:
    recorder = app.recorder
    to_event = app.mapper.to_domain_event
    counts: dict[str, int] = {}
    latest: dict[str, Any] = {}
    start = 1
    n = 0
    while True:
        notifications = recorder.select_notifications(start, page)
        if not notifications:
            return n
        for notification in notifications:
            e = to_event(notification)
            name = type(e).__name__
            counts[name] = counts.get(name, 0) + 1
            if name == "KpiReported":
                latest[e.kpi_id] = e.value
        n += len(notifications)
        start = notifications[-1].id + 1


def catch_up_memory(cfg: Config, work: str, limit: int) -> dict[str, Any]:
    """Peak memory of the views catching up on ``limit`` events (0: all)."""
    path = _portfolio(
        work, "portfolio", _catch_up_partnerships(cfg), cfg.per_partnership
    )
    app = open_application(path, clock=Clock())
    try:
        return _views_catch_up(app, limit)
    finally:
        app.close()


# -- (d) reports -----------------------------------------------------------------------


def reports(cfg: Config, work: str) -> tuple[list[Row], dict[str, Any]]:
    """The annual monitoring report, current and as of a past date."""
    from pact_domain.monitoring import (
        MonitoringViews,
        annual_report,
        portfolio_report,
    )

    facts: dict[str, Any] = {}
    n, per = cfg.report_partnerships, cfg.report_per_partnership
    path = _portfolio(work, "reports", n, per)
    app = open_application(path, clock=Clock())
    app.clock = lambda: START + timedelta(days=3650)  # type: ignore[method-assign]
    views = MonitoringViews(app)
    facts["views build seconds"] = round(timed(views.catch_up), 2)
    total = app.recorder.max_notification_id()
    facts["events"] = total
    pid = _portfolio_plan(n // 2, n, per).partnership_id
    # The middle of that partnership's recorded history.
    from pact_domain._asof import _recorded

    past = _recorded(app, pid, cfg.report_per_partnership // 2)
    year = past.year
    out = measure(
        f"d. annual report, one partnership ({total:,} events in the log)",
        {
            f"{OURS} current": lambda: (
                1,
                timed(lambda: annual_report(views, pid, year=year)),
            ),
            f"{OURS} as of": lambda: (
                1,
                timed(lambda: annual_report(views, pid, year=year, as_of=past)),
            ),
        },
        reps=cfg.reps,
        budget=cfg.budget,
        notes={
            f"{OURS} current": "caught-up views",
            f"{OURS} as of": "views.as_of(): folds the log up to the date",
        },
    )
    out += measure(
        f"d. portfolio report ({n} partnerships)",
        {
            f"{OURS} current": lambda: (
                1,
                timed(lambda: portfolio_report(views, year=year)),
            ),
            f"{OURS} as of": lambda: (
                1,
                timed(lambda: portfolio_report(views, year=year, as_of=past)),
            ),
        },
        reps=max(1, cfg.reps - 2),
        budget=cfg.budget,
        notes={
            f"{OURS} current": "caught-up views",
            f"{OURS} as of": "views.as_of(): folds the log up to the date",
        },
    )
    app.close()
    return out, facts


# -- (g) the command layer -------------------------------------------------------------


class _Discard(Exception):
    """Raised to leave a batch without storing it."""


def commands(cfg: Config, work: str) -> tuple[list[Row], dict[str, Any]]:
    """The price of the command boundary, per ``ReportKpi``, in memory: the
    aggregate method called directly, the command built (fields checked and
    normalised) alone, both, and the whole handler path inside a batch (no
    storage: the batch is discarded)."""
    from pact_domain.commands import ReportKpi
    from pact_domain.events import EventMeta
    from pact_domain.partnership import Partnership

    n = cfg.commands
    plan = make_plan(5, SETUP_EVENTS + n * 5 // 4 + 20)
    inputs = our_inputs(plan)
    reports = [op for op in inputs if op[0] == "report"][:n]
    n = len(reports)
    pid = plan.partnership_id
    path = _fresh(work, "commands")
    app = _ours(path)
    register_orgs(app, plan.org_ids)
    with app.batch():
        run_ours(app, plan, inputs[:SETUP_OPS])
    clock = Clock()

    def direct() -> tuple[int, float]:
        p = app.load(Partnership, pid)
        started = time.perf_counter()
        for _, kpi_id, period, breakdowns, value, reporter, rid in reports:
            p.report_kpi(
                kpi_id=kpi_id,
                period=period,
                value=value,
                breakdowns=breakdowns,
                reported_by=reporter,
                report_id=rid,
                meta=EventMeta(ACTOR, period.end, clock()),
            )
        return n, time.perf_counter() - started

    def build() -> list[Any]:
        return [
            ReportKpi(
                pid,
                kpi_id=kpi_id,
                period=period,
                value=value,
                breakdowns=breakdowns,
                reported_by=reporter,
                actor=ACTOR,
                report_id=rid,
            )
            for _, kpi_id, period, breakdowns, value, reporter, rid in reports
        ]

    def built() -> tuple[int, float]:
        return n, timed(build)

    def built_and_called() -> tuple[int, float]:
        p = app.load(Partnership, pid)
        started = time.perf_counter()
        for command in build():
            p.report_kpi(
                **command.arguments(),
                meta=EventMeta(
                    command.actor,
                    command.effective_at or command.default_effective_at(),
                    clock(),
                ),
            )
        return n, time.perf_counter() - started

    def in_batch(
        run: Callable[[tuple[Any, ...]], Any],
    ) -> Callable[[], tuple[int, float]]:
        def timed_batch() -> tuple[int, float]:
            seconds = 0.0
            with contextlib.suppress(_Discard), app.batch():
                app.load(Partnership, pid)  # into the batch, before timing
                started = time.perf_counter()
                for report in reports:
                    run(report)
                seconds = time.perf_counter() - started
                raise _Discard
            return n, seconds

        return timed_batch

    def method(report: tuple[Any, ...]) -> Any:
        _, kpi_id, period, breakdowns, value, reporter, rid = report
        return app.report_kpi(
            pid,
            kpi_id=kpi_id,
            period=period,
            value=value,
            breakdowns=breakdowns,
            reported_by=reporter,
            actor=ACTOR,
            report_id=rid,
        )

    def handle(report: tuple[Any, ...]) -> Any:
        _, kpi_id, period, breakdowns, value, reporter, rid = report
        return app.handle(
            ReportKpi(
                pid,
                kpi_id=kpi_id,
                period=period,
                value=value,
                breakdowns=breakdowns,
                reported_by=reporter,
                actor=ACTOR,
                report_id=rid,
            )
        )

    names = {
        "direct": f"{OURS}: aggregate method",
        "built": f"{OURS}: ReportKpi built",
        "both": f"{OURS}: ReportKpi built + aggregate method",
        "handle": f"{OURS}: app.handle(ReportKpi(...)) in a batch",
        "handled": f"{OURS}: app.report_kpi in a batch",
    }
    rows = measure(
        f"g. command layer, ReportKpi in memory ({n:,} commands)",
        {
            names["direct"]: direct,
            names["built"]: built,
            names["both"]: built_and_called,
            names["handle"]: in_batch(handle),
            names["handled"]: in_batch(method),
        },
        reps=cfg.reps,
        budget=cfg.budget,
        notes={
            names["direct"]: "partnership.report_kpi(..., meta=EventMeta(...)): "
            "the rules, the event, no command",
            names["built"]: "ReportKpi(pid, ...): fields checked and normalised",
            names["both"]: "the command built, then its arguments to the method",
            names["handle"]: "the handler path: references, check, meta, "
            "load, method, save into the batch (discarded)",
            names["handled"]: "the same through the generated method "
            "(what app.report_kpi costs)",
        },
    )
    app.close()
    _cleanup(path)
    per = {r.variant: r.seconds / r.events * 1e6 for r in rows}
    facts = {
        "us per command": {k: round(per[v], 2) for k, v in names.items()},
        "command boundary us": round(per[names["built"]], 2),
        "handler path over direct us": round(
            per[names["handled"]] - per[names["direct"]], 2
        ),
    }
    return rows, facts


# -- (f) PostgreSQL --------------------------------------------------------------------


PG = {
    "POSTGRES_DBNAME": "test",
    "POSTGRES_HOST": "127.0.0.1",
    "POSTGRES_PORT": "5432",
    "POSTGRES_USER": "postgres",
    "POSTGRES_PASSWORD": "",
}


def postgres(cfg: Config, work: str) -> tuple[list[Row], dict[str, Any]]:
    """Batched and one-per-transaction writes, and a catch-up, on PostgreSQL."""
    import psycopg
    from eventsourcing.utils import get_topic

    from pact_adapters.storage.postgres import PactPostgresApplicationRecorder

    dsn = "host=127.0.0.1 port=5432 dbname=test user=postgres"
    try:
        admin = psycopg.connect(dsn, autocommit=True, connect_timeout=3)
    except psycopg.Error as e:
        return [], {"skipped": f"PostgreSQL not reachable: {e}"}
    schemas: list[str] = []

    run = os.environ.get("PACT_BENCH_RUN", uuid.uuid4().hex[:8])

    def schema() -> str:
        name = f"bench_{run}_{len(schemas)}"
        admin.execute(f"CREATE SCHEMA {name}")
        schemas.append(name)
        return name

    def env(name: str) -> dict[str, str]:
        # Ours: the recorder of pact_adapters' PostgreSQL store.
        return {
            **PG,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_SCHEMA": name,
            "APPLICATION_RECORDER_TOPIC": get_topic(PactPostgresApplicationRecorder),
        }

    def plain_env(name: str) -> dict[str, str]:
        # eventsourcing 9.5.6's pipelined insert never returns from one save
        # of ~16,000 events or more (psycopg 3.3); its database function
        # (which takes no table lock) does.
        return {
            **PG,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_SCHEMA": name,
            "POSTGRES_ENABLE_DB_FUNCTIONS": "y",
        }

    out: list[Row] = []
    try:
        plan = make_plan(3, cfg.pg_batch)
        n = plan.events
        inputs = our_inputs(plan)
        plain_in = _plain.plain_inputs(plan)
        rows = _raw.raw_rows(plan)

        def ours() -> tuple[int, float]:
            app = PactApplication(env=env(schema()), clock=Clock())
            register_orgs(app, plan.org_ids)

            def run() -> None:
                with app.batch():
                    run_ours(app, plan, inputs)

            seconds = timed(run)
            app.close()
            return n, seconds

        def plain() -> tuple[int, float]:
            app = _plain.PlainApp(plain_env(schema()))
            seconds = timed(lambda: _plain.run_plain_batch(app, plan, plain_in))
            app.close()
            return n, seconds

        def raw_table(conn: Any) -> str:
            name = schema()
            conn.execute(
                f"CREATE TABLE {name}.raw_events (originator_id uuid, "
                "originator_version bigint, topic text, state bytea, "
                "PRIMARY KEY (originator_id, originator_version))"
            )
            conn.commit()
            return name

        def raw(codec: _raw.Codec) -> Callable[[], tuple[int, float]]:
            def run() -> tuple[int, float]:
                with psycopg.connect(dsn) as conn:
                    name = raw_table(conn)
                    seconds = timed(lambda: _pg_raw_batch(conn, name, rows, codec))
                return n, seconds

            return run

        out += measure(
            f"f. PostgreSQL write, one batch ({n:,} events)",
            {
                OURS: ours,
                PLAIN: plain,
                RAW: raw(_raw.JSON),
                RAW_ORJSON: raw(_raw.ORJSON),
            },
            reps=cfg.reps,
            budget=cfg.budget,
            notes={
                OURS: "with app.batch(): typed commands",
                PLAIN: "@event methods, one app.save()",
                RAW: "psycopg: json.dumps + executemany, one transaction",
                RAW_ORJSON: "psycopg: orjson.dumps + executemany, one transaction",
            },
        )
        one = cfg.pg_one
        plan1 = make_plan(4, SETUP_EVENTS + one)
        inputs1 = our_inputs(plan1)
        plain1 = _plain.plain_inputs(plan1)
        rows1 = _raw.raw_rows(plan1)

        def ours_one() -> tuple[int, float]:
            app = PactApplication(env=env(schema()), clock=Clock())
            register_orgs(app, plan1.org_ids)
            with app.batch():
                run_ours(app, plan1, inputs1[:SETUP_OPS])
            seconds = timed(lambda: run_ours(app, plan1, inputs1[SETUP_OPS:]))
            app.close()
            return one, seconds

        def plain_one() -> tuple[int, float]:
            app = _plain.PlainSnapshottingApp(
                {**plain_env(schema()), "AGGREGATE_CACHE_MAXSIZE": "100"}
            )
            p = _plain.new_plain(plan1)
            for op in plain1[1:SETUP_OPS]:
                _plain.apply_op(p, op, plan1)
            app.save(p)
            seconds = timed(
                lambda: _plain.run_plain_commands(app, p.id, plan1, plain1[SETUP_OPS:])
            )
            app.close()
            return one, seconds

        def raw_one(codec: _raw.Codec) -> Callable[[], tuple[int, float]]:
            def run() -> tuple[int, float]:
                with psycopg.connect(dsn) as conn:
                    name = raw_table(conn)
                    _pg_raw_batch(conn, name, rows1[:SETUP_EVENTS], codec)
                    seconds = timed(
                        lambda: _pg_raw_each(conn, name, rows1[SETUP_EVENTS:], codec)
                    )
                return one, seconds

            return run

        out += measure(
            f"f. PostgreSQL write, one command per transaction ({one:,} commands)",
            {
                OURS: ours_one,
                PLAIN: plain_one,
                RAW: raw_one(_raw.JSON),
                RAW_ORJSON: raw_one(_raw.ORJSON),
            },
            reps=cfg.reps,
            budget=cfg.budget,
            notes={
                OURS: "app.report_kpi(...) etc.: load, check, save (command cache)",
                PLAIN: "repository.get, @event method, save; snapshots every 200; "
                "AGGREGATE_CACHE_MAXSIZE=100",
                RAW: "psycopg: BEGIN; SELECT max(version); INSERT; COMMIT; json",
                RAW_ORJSON: "the same with orjson",
            },
        )
        # Catch-up of a small portfolio written with our store.
        name = schema()
        app = PactApplication(env=env(name), clock=Clock())
        pool = [UUID(int=k + 1, version=4) for k in range(MEMBERS * 5)]
        register_orgs(app, pool)
        for i in range(cfg.pg_partnerships):
            orgs = [pool[(i * 7 + k) % len(pool)] for k in range(MEMBERS)]
            write_history(app, make_plan(20_000 + i, cfg.per_partnership, orgs))
        total = app.recorder.max_notification_id() or 0
        pname = schema()
        plain_app = _plain.PlainApp(plain_env(pname))
        for i in range(max(1, cfg.pg_partnerships // 5)):
            plan_i = make_plan(20_000 + i, cfg.per_partnership)
            _plain.run_plain_batch(plain_app, plan_i, _plain.plain_inputs(plan_i))
        with psycopg.connect(dsn) as conn:
            table = f"{name}.{app.recorder.events_table_name}"  # type: ignore[attr-defined]

            def raw_read(codec: _raw.Codec) -> Callable[[], tuple[int, float]]:
                def run() -> tuple[int, float]:
                    started = time.perf_counter()
                    count = _pg_raw_read(conn, table, codec=codec)
                    return count, time.perf_counter() - started

                return run

            variants: dict[str, Callable[[], tuple[int, float]]] = {}
            notes = {
                f"{OURS} mapper": "pages of 500: select_notifications + "
                "to_domain_event",
                RAW: "pages of 500: SELECT + json.loads (psycopg)",
                RAW_ORJSON: "pages of 500: SELECT + orjson.loads (psycopg)",
            }
            views = _pg_views(app)
            if views is not None:
                variants[f"{OURS} views"] = lambda: _timed_count(views.rebuild)
                notes[f"{OURS} views"] = "MonitoringViews.rebuild(), PostgresViewStore"
            variants[f"{OURS} mapper"] = lambda: _timed_count(
                lambda: _mapper_pages(app)
            )
            variants[PLAIN] = lambda: _timed_count(lambda: _plain_fold(plain_app))
            variants[RAW] = raw_read(_raw.JSON)
            variants[RAW_ORJSON] = raw_read(_raw.ORJSON)
            out += measure(
                f"f. PostgreSQL catch-up ({total:,} events)",
                variants,
                reps=cfg.reps,
                budget=cfg.budget,
                notes=notes,
            )
        app.close()
        plain_app.close()
    finally:
        for name in schemas:
            admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        admin.close()
    return out, {"schemas created and dropped": len(schemas)}


def _pg_views(app: PactApplication) -> Any:
    """The monitoring views in the PostgreSQL view store, if it is there."""
    try:
        from pact_adapters.storage.postgres_views import postgres_view_store
        from pact_domain.monitoring import MonitoringViews

        return MonitoringViews(app, store=postgres_view_store(app, "bench_views"))
    except Exception:  # built by another engineer: report, do not fail
        traceback.print_exc()
        return None


def drop_schemas(run: str) -> list[str]:
    """Drop the schemas of one run (``bench_<run>_<n>``), e.g. after a crash."""
    import psycopg

    dsn = "host=127.0.0.1 port=5432 dbname=test user=postgres"
    with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as admin:
        names = [
            r[0]
            for r in admin.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s",
                (f"bench\\_{run}\\_%",),
            ).fetchall()
        ]
        for name in names:
            admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
    return names


def _timed_count(fn: Callable[[], int]) -> tuple[int, float]:
    started = time.perf_counter()
    n = fn()
    return n, time.perf_counter() - started


def _pg_raw_batch(
    conn: Any, schema: str, rows: list[_raw.Row], codec: _raw.Codec
) -> None:
    dumps = codec.dumps
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {schema}.raw_events VALUES (%s, %s, %s, %s)",
            [(UUID(hex=o), v, t, dumps(s)) for o, v, t, s in rows],
        )
    conn.commit()


def _pg_raw_each(
    conn: Any, schema: str, rows: list[_raw.Row], codec: _raw.Codec
) -> None:
    """One transaction per row: read the last version, insert, commit."""
    dumps = codec.dumps
    select = (
        f"SELECT MAX(originator_version) FROM {schema}.raw_events "
        "WHERE originator_id=%s"
    )
    insert = f"INSERT INTO {schema}.raw_events VALUES (%s, %s, %s, %s)"
    for o, v, t, s in rows:
        oid = UUID(hex=o)
        conn.execute(select, (oid,)).fetchone()
        conn.execute(insert, (oid, v, t, dumps(s)))
        conn.commit()


def _pg_raw_read(
    conn: Any, table: str, page: int = 500, codec: _raw.Codec = _raw.JSON
) -> int:
    loads = codec.loads
    start = 0
    n = 0
    while True:
        rows = conn.execute(
            f"SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {table} WHERE notification_id>%s "
            "ORDER BY notification_id LIMIT %s",
            (start, page),
        ).fetchall()
        if not rows:
            return n
        for row in rows:
            loads(row[4])
        n += len(rows)
        start = rows[-1][0]


SCENARIOS: dict[str, Callable[[Config, str], tuple[list[Row], dict[str, Any]]]] = {
    "prepare": prepare,
    "write_one": write_one,
    "write_batch": write_batch,
    "load": load,
    "catch_up": catch_up,
    "reports": reports,
    "postgres": postgres,
    "commands": commands,
}


def main(argv: list[str]) -> int:
    """Run one scenario and print its ``RESULT`` line."""
    name, mode, work = argv[:3]
    cfg = MODES[mode]
    if name == "catch_up_memory":
        facts = catch_up_memory(cfg, work, int(argv[3]))
        print("RESULT " + json.dumps({"rows": [], "facts": facts}), flush=True)
        return 0
    rows, facts = SCENARIOS[name](cfg, work)
    facts["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(
        "RESULT " + json.dumps({"rows": [r.as_dict() for r in rows], "facts": facts}),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
