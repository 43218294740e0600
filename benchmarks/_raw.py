"""The physical reference: ``sqlite3`` and a JSON codec with nothing between.

The same rows (aggregate id, version, topic, JSON state of about the same
size as ours) in a table like ``eventsourcing``'s, on a WAL-mode file with
``synchronous=FULL``, as our stores use.  Every function takes the codec:
the standard library's ``json`` (what plain ``eventsourcing`` uses) or
``orjson`` (what the library uses), so that the reference is not slower than
the library merely by its encoder (:data:`CODECS`).

:func:`view_floor` is the physical floor of the monitoring views' catch-up:
the same log read in the same pages, and one row written per event into a
table of the view store's layout, committed with a tracking row every 5,000
notifications, as the views do.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any, NamedTuple

import orjson

from benchmarks._history import ACTOR, START, Plan


class Codec(NamedTuple):
    """A JSON encoder to bytes and a decoder from bytes."""

    name: str
    dumps: Callable[[Any], bytes]
    loads: Callable[[bytes | str], Any]


def _json_dumps(obj: Any, _dumps: Callable[[Any], str] = json.dumps) -> bytes:
    return _dumps(obj).encode()


JSON = Codec("json", _json_dumps, json.loads)
ORJSON = Codec("orjson", orjson.dumps, orjson.loads)
CODECS = (JSON, ORJSON)

TABLE = (
    "CREATE TABLE IF NOT EXISTS raw_events (originator_id TEXT, "
    "originator_version INTEGER, topic TEXT, state BLOB, "
    "PRIMARY KEY (originator_id, originator_version))"
)
INSERT = "INSERT INTO raw_events VALUES (?,?,?,?)"
Row = tuple[str, int, str, dict[str, Any]]


def connect(path: str) -> sqlite3.Connection:
    """A connection as ``eventsourcing`` opens one (autocommit, WAL)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(TABLE)
    return conn


def raw_rows(plan: Plan) -> list[Row]:
    """The plan's events as rows with plain JSON-ready states (before timing)."""
    oid = plan.partnership_id.hex
    rows: list[Row] = []
    t = START
    pid = str(plan.partnership_id)
    for version, op in enumerate(_expanded(plan), start=1):
        t += timedelta(seconds=1)
        stamp = t.isoformat()
        state: dict[str, Any] = {
            "timestamp": stamp,
            "actor": ACTOR,
            "effective_at": stamp,
        }
        kind = op[0]
        if kind == "report":
            _, kpi, day, reporter, women, men, rid = op
            iso = day.isoformat()
            state.update(
                report_id=str(rid),
                kpi_id=str(plan.kpi_ids[kpi]),
                period={"start": iso, "end": iso},
                value=str(women + men),
                text="",
                breakdowns=[
                    {"dimension": "gender", "category": "women", "value": str(women)},
                    {"dimension": "gender", "category": "men", "value": str(men)},
                ],
                reported_by=str(plan.org_ids[reporter]),
                source="administrative",
            )
        elif kind == "correct":
            _, rid, women, men, cid = op
            state.update(
                report_id=str(cid),
                corrects=str(rid),
                value=str(women + men),
                text="",
                breakdowns=[
                    {"dimension": "gender", "category": "women", "value": str(women)},
                    {"dimension": "gender", "category": "men", "value": str(men)},
                ],
                source="administrative",
                reason="Late survey returns.",
            )
        elif kind == "activity":
            _, day, participants, present, aid = op
            state.update(
                activity_id=str(aid),
                type="workshop",
                title="Regional skills workshop",
                held_on=day.isoformat(),
                participants=participants,
                organisation_ids=[str(o) for o in present],
                other_organisations=0,
                working_group_id=None,
            )
        else:
            state.update(partnership=pid, kind=kind, detail=list(map(str, op[1:])))
        rows.append((oid, version, f"raw:{kind}", state))
    return rows


def _expanded(plan: Plan) -> Iterator[tuple[Any, ...]]:
    # A pledge records two events (the commitment and its KPI).
    for op in plan.ops:
        yield op
        if op[0] == "pledge":
            yield ("kpi", op[1])


def write_batch(conn: sqlite3.Connection, rows: list[Row], codec: Codec = JSON) -> None:
    """Encode every state and insert all rows in one transaction."""
    dumps = codec.dumps
    conn.execute("BEGIN")
    conn.executemany(INSERT, [(o, v, t, dumps(s)) for o, v, t, s in rows])
    conn.execute("COMMIT")


def write_each(conn: sqlite3.Connection, rows: list[Row], codec: Codec = JSON) -> None:
    """One transaction per row (read the last version, insert, commit)."""
    dumps = codec.dumps
    for o, v, t, s in rows:
        conn.execute("BEGIN")
        conn.execute(
            "SELECT MAX(originator_version) FROM raw_events WHERE originator_id=?",
            (o,),
        ).fetchone()
        conn.execute(INSERT, (o, v, t, dumps(s)))
        conn.execute("COMMIT")


def read_aggregate(
    conn: sqlite3.Connection, table: str, oid_hex: str, codec: Codec = JSON
) -> int:
    """Read one aggregate's rows and decode each; return the count."""
    loads = codec.loads
    rows = conn.execute(
        f"SELECT originator_version, topic, state FROM {table} "
        "WHERE originator_id=? ORDER BY originator_version",
        (oid_hex,),
    ).fetchall()
    n = 0
    for _version, _topic, state in rows:
        loads(state)
        n += 1
    return n


def read_log(
    conn: sqlite3.Connection, table: str, page: int = 500, codec: Codec = JSON
) -> int:
    """Read the whole table in rowid pages and decode every state."""
    loads = codec.loads
    start = 1
    n = 0
    statement = (
        f"SELECT rowid, originator_id, originator_version, topic, state FROM {table} "
        "WHERE rowid>=? ORDER BY rowid LIMIT ?"
    )
    while True:
        rows = conn.execute(statement, (start, page)).fetchall()
        if not rows:
            return n
        for _rowid, _oid, _version, _topic, state in rows:
            loads(state)
        n += len(rows)
        start = rows[-1][0] + 1


def last_rowid_of(conn: sqlite3.Connection, oid: Any) -> int:
    """The notification id of an aggregate's last event in our store."""
    row = conn.execute(
        "SELECT MAX(rowid) FROM stored_events WHERE originator_id=?", (oid.hex,)
    ).fetchone()
    return int(row[0])


FLOOR_TABLE = "floor_view_rows"
FLOOR_BATCH = 5_000
"""Notifications per committed batch (the views' default page size)."""


def view_floor(
    conn: sqlite3.Connection,
    table: str = "stored_events",
    *,
    page: int = 500,
    batch: int = FLOOR_BATCH,
    stop: int | None = None,
) -> int:
    """The views' physical work and nothing else; return the events read.

    Pages of ``page`` notifications are read and each state decoded with
    ``orjson``; each event gives one row in a table of the SQLite view
    store's layout (``tbl``, ``grp``, ``key`` text, ``data`` blob, primary
    key ``(tbl, grp, key)``, ``WITHOUT ROWID``): grouped by the aggregate,
    keyed by the report's, correction's or activity's id (UUID text, as the
    views key their rows) or else by the aggregate's version, its data the
    decoded state encoded again.  Every ``batch`` notifications the rows are
    written with ``INSERT OR REPLACE`` and a tracking row, in one
    transaction.  The table is made fresh by :func:`reset_floor`.
    """
    loads, dumps = orjson.loads, orjson.dumps
    statement = (
        f"SELECT rowid, originator_id, originator_version, topic, state FROM {table} "
        "WHERE rowid>=? ORDER BY rowid LIMIT ?"
    )
    insert = f"INSERT OR REPLACE INTO {FLOOR_TABLE} VALUES (?, ?, ?, ?)"
    start = 1
    n = 0
    pending: list[tuple[str, str, str, bytes]] = []
    since = 0
    last = 0
    while True:
        size = page if stop is None else min(page, stop - start + 1)
        rows = conn.execute(statement, (start, size)).fetchall() if size > 0 else []
        for rowid, oid, version, topic, state in rows:
            data = loads(state)
            key = data.get("report_id") or data.get("activity_id") or str(version)
            pending.append((topic.rsplit(":", 1)[-1], oid, key, dumps(data)))
            last = rowid
        n += len(rows)
        since += len(rows)
        done = len(rows) < size or size <= 0
        if pending and (since >= batch or done):
            conn.execute("BEGIN")
            conn.executemany(insert, pending)
            conn.execute(
                "INSERT OR REPLACE INTO floor_tracking VALUES ('floor', ?)", (last,)
            )
            conn.execute("COMMIT")
            pending = []
            since = 0
        if done:
            return n
        start = rows[-1][0] + 1


def reset_floor(conn: sqlite3.Connection) -> None:
    """(Re)create the floor's empty row and tracking tables."""
    conn.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
    conn.execute("DROP TABLE IF EXISTS floor_tracking")
    conn.execute(
        f"CREATE TABLE {FLOOR_TABLE} (tbl TEXT NOT NULL, grp TEXT NOT NULL, "
        "key TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (tbl, grp, key)) "
        "WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE floor_tracking (name TEXT PRIMARY KEY, position INTEGER)"
    )
