"""The physical reference: ``sqlite3`` and ``json`` with nothing in between.

The same rows (aggregate id, version, topic, JSON state of about the same
size as ours) in a table like ``eventsourcing``'s, on a WAL-mode file with
SQLite's default durability (``synchronous=FULL``), as our stores use.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from benchmarks._history import ACTOR, START, Plan

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


def write_batch(conn: sqlite3.Connection, rows: list[Row]) -> None:
    """``json.dumps`` every state and insert all rows in one transaction."""
    dumps = json.dumps
    conn.execute("BEGIN")
    conn.executemany(INSERT, [(o, v, t, dumps(s).encode()) for o, v, t, s in rows])
    conn.execute("COMMIT")


def write_each(conn: sqlite3.Connection, rows: list[Row]) -> None:
    """One transaction per row (read the last version, insert, commit)."""
    dumps = json.dumps
    for o, v, t, s in rows:
        conn.execute("BEGIN")
        conn.execute(
            "SELECT MAX(originator_version) FROM raw_events WHERE originator_id=?",
            (o,),
        ).fetchone()
        conn.execute(INSERT, (o, v, t, dumps(s).encode()))
        conn.execute("COMMIT")


def read_aggregate(conn: sqlite3.Connection, table: str, oid_hex: str) -> int:
    """Read one aggregate's rows and ``json.loads`` each; return the count."""
    loads = json.loads
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


def read_log(conn: sqlite3.Connection, table: str, page: int = 500) -> int:
    """Read the whole table in rowid pages and ``json.loads`` every state."""
    loads = json.loads
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
