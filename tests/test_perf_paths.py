"""The fast paths behave exactly like the slow ones: the compiled mapper, the
SQLite recorder with batched inserts, snapshots taken from memory, as-of
lookups, and the benchmarks' history builder (correctness, not timing)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import attrs
import orjson
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
from hypothesis import given, settings

from _helpers import ACTOR, T0, Clock, active_lsp, new_app, pledge, state
from pact_adapters.demo import load_demo
from pact_adapters.storage._sqlite_recorder import PactSQLiteApplicationRecorder
from pact_adapters.stores import open_application
from pact_domain._asof import partnership_as_of, version_at
from pact_domain._mapper import EventMapper, structure_fn, unstructure_fn
from pact_domain.application import PactApplication
from pact_domain.errors import InvalidValueError, NotFoundError, StoredEventError
from pact_domain.events import PactSnapshot, state_types
from pact_domain.partnership import Partnership
from pact_domain.serialization import converter
from pact_domain.testing.strategies import aware_datetimes
from pact_domain.values import BreakdownValue, ReportingPeriod


@pytest.fixture(scope="module")
def demo() -> PactApplication:
    """The demo data set on the in-memory store: every kind of event."""
    app = PactApplication(store="memory:", clock=Clock())
    load_demo(app)
    return app


def _all_events(app: PactApplication) -> list[Any]:
    notifications = app.recorder.select_notifications(1, 1_000_000)
    return [app.mapper.to_domain_event(n) for n in notifications]


def _reference_state(event: Any) -> Any:
    data = converter.unstructure(event)
    del data["originator_id"], data["originator_version"]
    return orjson.loads(orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS))


# -- the compiled mapper ---------------------------------------------------------------


def test_compiled_mapper_stores_what_the_converter_stores(demo: PactApplication):
    events = _all_events(demo)
    assert len({type(e) for e in events}) > 15
    mapper = demo.mapper
    for event in events:
        stored = mapper.to_stored_event(event)
        assert orjson.loads(stored.state) == _reference_state(event), type(event)
        back = mapper.to_domain_event(stored)
        assert type(back) is type(event)
        assert vars(back) == vars(event)


def test_snapshots_round_trip_through_the_compiled_mapper(demo: PactApplication):
    for pid in demo.partnership_ids():
        partnership = demo.get_partnership(pid)
        snapshot = PactSnapshot.take(partnership)
        stored = demo.mapper.to_stored_event(snapshot)
        back = demo.mapper.to_domain_event(stored)
        assert state(back.mutate(None)) == state(partnership)


def test_state_functions_agree_with_the_converter(demo: PactApplication):
    for pid in demo.partnership_ids():
        partnership = demo.get_partnership(pid)
        for name, hint in state_types(Partnership).items():
            value = getattr(partnership, name)
            plain = unstructure_fn(hint)(value)
            assert plain == converter.unstructure(value, hint), name
            data = orjson.loads(orjson.dumps(plain, option=orjson.OPT_NON_STR_KEYS))
            assert structure_fn(hint)(data) == value, name


@settings(max_examples=60, deadline=None)
@given(aware_datetimes())
def test_any_aware_datetime_round_trips(moment: datetime):
    hint = dict[str, datetime]
    encoded = orjson.dumps(unstructure_fn(hint)({"t": moment}))
    back = structure_fn(hint)(orjson.loads(encoded))["t"]
    assert back == moment
    assert back.utcoffset() == moment.utcoffset()


def test_offsets_with_seconds_are_kept():
    app = new_app()
    odd = timezone(timedelta(hours=1, seconds=37))
    pid, _ = active_lsp(app)
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=odd)
    event = app.history(pid)[-1]
    stored = app.mapper.to_stored_event(event)
    data = orjson.loads(stored.state)
    data["timestamp"] = when.isoformat()
    replaced = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=orjson.dumps(data),
    )
    back = app.mapper.to_domain_event(replaced)
    assert back.timestamp == when
    again = app.mapper.to_stored_event(back)
    assert orjson.loads(again.state)["timestamp"] == when.isoformat()


def test_int_keys_and_nested_values_round_trip():
    hint = dict[int, tuple[ReportingPeriod, ...]]
    value = {2024: (ReportingPeriod.year(2024),), 7: ()}
    data = orjson.loads(
        orjson.dumps(unstructure_fn(hint)(value), option=orjson.OPT_NON_STR_KEYS)
    )
    assert structure_fn(hint)(data) == value


@attrs.frozen
class _Money:
    cents: int


def test_a_hook_registered_on_the_converter_is_honoured():
    converter.register_unstructure_hook(_Money, lambda m: f"{m.cents / 100:.2f}")
    assert unstructure_fn(tuple[_Money, ...])((_Money(1234),)) == ["12.34"]


def test_events_missing_a_field_with_a_default_take_it():
    app = new_app()
    pid, _ = active_lsp(app)
    stored = app.recorder.select_events(pid, desc=True, limit=1)[0]
    assert app.mapper.to_domain_event(stored).actor == ACTOR
    data = orjson.loads(stored.state)
    del data["actor"]
    broken = StoredEvent(stored.originator_id, 9, stored.topic, orjson.dumps(data))
    with pytest.raises(StoredEventError, match="field 'actor' is missing"):
        app.mapper.to_domain_event(broken)


def test_mapper_is_the_applications(demo: PactApplication):
    assert isinstance(demo.mapper, EventMapper)


# -- the SQLite recorder ---------------------------------------------------------------


def _stored(oid: UUID, version: int, topic: str = "t") -> StoredEvent:
    return StoredEvent(oid, version, topic, f'{{"v":{version}}}'.encode())


@pytest.fixture
def datastore(tmp_path: Path) -> SQLiteDatastore:
    return SQLiteDatastore(str(tmp_path / "events.db"))


def test_batched_insert_returns_the_notification_ids(datastore: SQLiteDatastore):
    ours = PactSQLiteApplicationRecorder(datastore)
    ours.create_table()
    a, b = uuid4(), uuid4()
    first = ours.insert_events([_stored(a, 1)])
    ids = ours.insert_events([_stored(a, v) for v in range(2, 60)] + [_stored(b, 1)])
    assert first == [1]
    notifications = ours.select_notifications(1, 100)
    assert [n.id for n in notifications] == [*first, *ids]
    assert [(n.originator_id, n.originator_version) for n in notifications][-2:] == [
        (a, 59),
        (b, 1),
    ]


def test_a_conflicting_batch_stores_nothing(datastore: SQLiteDatastore):
    from eventsourcing.persistence import IntegrityError

    ours = PactSQLiteApplicationRecorder(datastore)
    ours.create_table()
    a = uuid4()
    ours.insert_events([_stored(a, 1), _stored(a, 2)])
    with pytest.raises(IntegrityError):
        ours.insert_events([_stored(a, 3), _stored(a, 2), _stored(a, 4)])
    assert ours.max_notification_id() == 2


def test_reads_equal_the_base_recorders(datastore: SQLiteDatastore):
    ours = PactSQLiteApplicationRecorder(datastore)
    ours.create_table()
    base = SQLiteApplicationRecorder(datastore)
    a, b = uuid4(), uuid4()
    base.insert_events([_stored(a, v, f"t{v % 3}") for v in range(1, 30)])
    ours.insert_events([_stored(b, v, f"t{v % 3}") for v in range(1, 30)])
    for oid in (a, b, str(a)):
        for kwargs in (
            {},
            {"gt": 3},
            {"lte": 9},
            {"gt": 2, "lte": 20, "desc": True},
            {"desc": True, "limit": 1},
            {"limit": 4},
        ):
            assert ours.select_events(oid, **kwargs) == base.select_events(
                oid, **kwargs
            ), kwargs
    for args, kwargs in (
        ((1, 100), {}),
        ((5, 10), {}),
        ((5, 10), {"stop": 8}),
        ((5, 100), {"topics": ["t1", "t2"]}),
        ((5, 100), {"inclusive_of_start": False}),
        ((None, 3), {}),
    ):
        assert ours.select_notifications(*args, **kwargs) == (
            base.select_notifications(*args, **kwargs)
        ), (args, kwargs)


def test_the_application_uses_it_on_sqlite_only(tmp_path: Path):
    app = open_application(tmp_path / "a.db")
    assert type(app.recorder) is PactSQLiteApplicationRecorder
    assert type(new_app().recorder).__name__ == "POPOApplicationRecorder"
    topic = "eventsourcing.sqlite:SQLiteApplicationRecorder"
    chosen = open_application(
        tmp_path / "b.db", env={"APPLICATION_RECORDER_TOPIC": topic}
    )
    assert type(chosen.recorder) is SQLiteApplicationRecorder


def test_a_store_written_with_the_old_recorder_reads_the_same(tmp_path: Path):
    path = tmp_path / "old.db"
    topic = "eventsourcing.sqlite:SQLiteApplicationRecorder"
    old = open_application(
        path, env={"APPLICATION_RECORDER_TOPIC": topic}, clock=Clock()
    )
    pid, _ = active_lsp(old)
    before = state(old.get_partnership(pid))
    old.close()
    new = open_application(path)
    assert state(new.get_partnership(pid)) == before
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(stored_events)")]
    assert columns == ["originator_id", "originator_version", "topic", "state"]


# -- snapshots taken from memory -------------------------------------------------------


def _reports(app: PactApplication, pid: UUID, kpi: UUID, count: int, start: int = 0):
    for i in range(start, start + count):
        day = date(2001, 1, 1) + timedelta(days=i)
        app.report_kpi(
            pid,
            kpi_id=kpi,
            period=ReportingPeriod(day, day),
            value=3,
            breakdowns=(BreakdownValue("gender", "women", 3),),
            actor=ACTOR,
        )


def test_a_save_crossing_the_interval_snapshots_its_last_version():
    app = new_app()
    pid, _ = active_lsp(app)
    _, (kpi,) = pledge(app, pid)
    version = app.get_partnership(pid).version
    with app.batch():
        _reports(app, pid, kpi, 450)
    assert app.snapshots is not None
    snapshots = list(app.snapshots.get(pid))
    assert [s.originator_version for s in snapshots] == [version + 450]
    assert state(app.get_partnership(pid)) == state(_replayed(app, pid))


def test_commands_snapshot_every_interval_as_before():
    app = new_app()
    pid, _ = active_lsp(app)
    _, (kpi,) = pledge(app, pid)
    _reports(app, pid, kpi, 420)
    assert app.snapshots is not None
    versions = [s.originator_version for s in app.snapshots.get(pid)]
    assert versions == [200, 400]


def _replayed(app: PactApplication, pid: UUID) -> Any:
    """The aggregate replayed from all its events, no snapshot."""
    from pact_domain.events import project

    return project(None, app.events.get(pid))


# -- as of -----------------------------------------------------------------------------


def test_version_at_finds_the_last_version_recorded_by_then():
    clock = Clock()
    app = new_app(clock=clock)
    pid, _ = active_lsp(app)
    events = app.history(pid)
    for event in events:
        t = event.recorded_at
        assert version_at(app, pid, t) == event.originator_version
        assert version_at(app, pid, t + timedelta(seconds=30)) == (
            event.originator_version
        )
    assert version_at(app, pid, T0 - timedelta(seconds=1)) is None
    assert version_at(app, pid, date(2999, 1, 1)) == len(events)
    middle = events[len(events) // 2]
    past = partnership_as_of(app, pid, middle.recorded_at)
    assert past.version == middle.originator_version
    assert state(past) == state(
        app.repository.get(pid, version=middle.originator_version)
    )
    assert partnership_as_of(app, pid, T0 - timedelta(days=1)) is None


def test_as_of_refuses_naive_instants_and_unknown_ids():
    app = new_app()
    pid, _ = active_lsp(app)
    with pytest.raises(InvalidValueError):
        version_at(app, pid, datetime(2025, 1, 1))
    with pytest.raises(NotFoundError):
        version_at(app, uuid4(), datetime(2025, 1, 1, tzinfo=UTC))


def test_as_of_uses_the_nearest_earlier_snapshot():
    app = new_app()
    pid, _ = active_lsp(app)
    _, (kpi,) = pledge(app, pid)
    _reports(app, pid, kpi, 250)
    event = app.history(pid)[229]
    past = partnership_as_of(app, pid, event.recorded_at)
    assert past.version == 230
    reported = [e for e in app.history(pid)[:230] if type(e).__name__ == "KpiReported"]
    assert len(past.reports) == len(reported)
    assert state(past) == state(app.repository.get(pid, version=230))


# -- the benchmarks' history builder ---------------------------------------------------


def test_stored_histories_equal_command_recorded_ones():
    from benchmarks._history import Clock as BenchClock
    from benchmarks._history import make_plan, our_inputs, register_orgs, run_ours
    from benchmarks._stored import write_history

    plan = make_plan(5, 400)
    by_commands = PactApplication(store="memory:", clock=BenchClock())
    register_orgs(by_commands, plan.org_ids)
    with by_commands.batch():
        run_ours(by_commands, plan, our_inputs(plan))
    stored = PactApplication(store="memory:", clock=BenchClock())
    register_orgs(stored, plan.org_ids)
    write_history(stored, plan)
    a = by_commands.history(plan.partnership_id)
    b = stored.history(plan.partnership_id)
    assert len(a) == len(b) == plan.events
    assert [vars(e) for e in a] == [vars(e) for e in b]
    assert state(by_commands.get_partnership(plan.partnership_id)) == state(
        stored.get_partnership(plan.partnership_id)
    )


def test_decimal_values_keep_their_exponent():
    hint = tuple[Decimal, ...]
    values = (Decimal("1.50"), Decimal("1E+3"), Decimal("-0.001"))
    data = orjson.loads(orjson.dumps(unstructure_fn(hint)(values)))
    back = structure_fn(hint)(data)
    assert [str(v) for v in back] == [str(v) for v in values]
