"""The event schema catalogue and schema evolution: every stored event class
has a version and a JSON Schema of its stored form; an old stored version is
upcast on every read path."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from _helpers import ACTOR, Clock, active_lsp
from pact_adapters.cli import main
from pact_adapters.demo import load_demo
from pact_adapters.stores import open_application
from pact_domain import _mapper
from pact_domain.monitoring import MonitoringViews
from pact_domain.partnership import ActivityHeld
from pact_domain.schema import (
    catalogue_markdown,
    event_catalogue,
    event_classes,
    event_schema,
)
from pact_domain.vocabularies import ActivityType

PAGE = Path(__file__).parents[1] / "docs" / "events-schema.md"
BEGIN = "<!-- catalogue: begin -->"
END = "<!-- catalogue: end -->"


# -- a validator for the subset of JSON Schema the catalogue uses --------------

_FORMATS = {
    "uuid": lambda s: bool(
        re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", s)
    ),
    "date": lambda s: bool(date.fromisoformat(s)) and len(s) == 10,
    "date-time": lambda s: datetime.fromisoformat(s).tzinfo is not None,
}


def _errors(
    value: Any, schema: dict[str, Any], root: dict[str, Any], at: str
) -> Iterator[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from _errors(value, root["$defs"][name], root, at)
        return
    if "anyOf" in schema:
        if not any(not list(_errors(value, s, root, at)) for s in schema["anyOf"]):
            yield f"{at}: matches none of anyOf"
        return
    if "const" in schema and value != schema["const"]:
        yield f"{at}: is not {schema['const']!r}"
    if "enum" in schema and value not in schema["enum"]:
        yield f"{at}: {value!r} is not a code"
    kind = schema.get("type")
    types = {
        "string": str,
        "integer": int,
        "boolean": bool,
        "null": type(None),
        "array": list,
        "object": dict,
    }
    if kind is not None:
        expected = types[kind]
        if not isinstance(value, expected) or (
            kind == "integer" and isinstance(value, bool)
        ):
            yield f"{at}: {type(value).__name__} is not {kind}"
            return
    if kind == "string":
        if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
            yield f"{at}: {value!r} does not match {schema['pattern']}"
        if "format" in schema and not _FORMATS[schema["format"]](value):
            yield f"{at}: {value!r} is not a {schema['format']}"
    if kind == "array":
        for i, item in enumerate(value):
            yield from _errors(item, schema["items"], root, f"{at}[{i}]")
    if kind == "object":
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                yield f"{at}.{name}: missing"
        for name, item in value.items():
            if name not in props:
                if schema.get("additionalProperties") is False:
                    yield f"{at}.{name}: not allowed"
                continue
            yield from _errors(item, props[name], root, f"{at}.{name}")


def validate(value: Any, schema: dict[str, Any]) -> list[str]:
    return list(_errors(value, schema, schema, "$"))


# -- the catalogue ----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "pact.db"
    load_demo(open_application(str(path)))
    return path


def _rows(path: Path) -> list[tuple[str, bytes]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT topic, state FROM stored_events").fetchall()


def test_every_stored_event_of_the_demo_is_in_the_catalogue_and_valid(
    demo_store: Path,
) -> None:
    """Each event the handbook sample stores has a catalogue entry, and its
    stored state validates against that entry's schema."""
    schemas = {e.topic: e.schema for e in event_catalogue()}
    rows = _rows(demo_store)
    assert len(rows) > 500
    for topic, state in rows:
        assert topic in schemas, topic
        problems = validate(json.loads(state), schemas[topic])
        assert problems == [], (topic, problems)


def test_the_validator_can_fail() -> None:
    """A state with a wrong type, a missing field or an extra field fails its
    schema (so the test above checks something)."""
    schema = event_schema(ActivityHeld)
    good = {
        "timestamp": "2024-01-01T00:00:00+00:00",
        "actor": "a",
        "effective_at": "2024-01-01T00:00:00+00:00",
        "activity_id": "00000000-0000-4000-8000-000000000001",
        "type": "general_meeting",
        "title": "t",
        "held_on": "2024-01-01",
        "participants": 3,
        "organisation_ids": [],
        "other_organisations": 0,
        "working_group_id": None,
    }
    assert validate(good, schema) == []
    assert validate({**good, "participants": "3"}, schema)
    assert validate({k: v for k, v in good.items() if k != "title"}, schema)
    assert validate({**good, "colour": "blue"}, schema)
    assert validate({**good, "type": "party"}, schema)


def test_every_event_class_has_a_version_and_a_schema() -> None:
    """Each stored class has a positive version, a topic and a schema of its
    stored fields, without the row's own id and version."""
    entries = event_catalogue()
    assert len(entries) == len(event_classes()) >= 60
    for entry in entries:
        assert entry.version >= 1
        assert entry.doc, entry.name
        props = entry.schema["properties"]
        assert {"timestamp", "actor", "effective_at"} <= set(props)
        assert not {"originator_id", "originator_version"} & set(props)
        json.dumps(entry.schema)


def test_the_catalogue_page_is_generated_from_the_classes() -> None:
    """docs/events-schema.md holds exactly the generated catalogue."""
    page = PAGE.read_text("utf-8")
    generated = page.split(BEGIN, 1)[1].split(END, 1)[0]
    assert generated.strip() == catalogue_markdown().strip(), (
        "regenerate it: python -m pact_domain.schema --markdown"
    )


def test_pact_schema_lists_and_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """`pact schema` lists every event; with a name it prints that event's
    JSON Schema; `--json` prints the whole catalogue."""
    assert main(["schema"]) == 0
    listing = capsys.readouterr().out
    for entry in event_catalogue():
        assert entry.name in listing
    assert main(["schema", "KpiReported"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "KpiReported"
    assert main(["schema", "--json"]) == 0
    catalogue = json.loads(capsys.readouterr().out)
    assert {e["name"] for e in catalogue} == {e.name for e in event_catalogue()}


def test_pact_schema_refuses_an_unknown_event(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unknown event name is a one-line usage error."""
    assert main(["schema", "PartnershipTeleported"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pact: error:")
    assert "PartnershipTeleported" in err
    assert "Traceback" not in err


# -- schema evolution: the upcasting recipe ---------------------------------------


def _upcast_v1_v2(state: dict[str, Any]) -> None:
    """Version 1 called the head count ``attendance``."""
    state["participants"] = state.pop("attendance")


@pytest.fixture
def activity_v2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """ActivityHeld as if its version 2 had renamed ``attendance`` to
    ``participants``: the recipe of docs/events-schema.md."""
    monkeypatch.setattr(ActivityHeld, "class_version", 2, raising=False)
    monkeypatch.setattr(
        ActivityHeld, "upcast_v1_v2", staticmethod(_upcast_v1_v2), raising=False
    )
    _mapper._class_version.cache_clear()
    _mapper._READ.clear()
    _mapper._WRITE.clear()
    yield
    _mapper._class_version.cache_clear()
    _mapper._READ.clear()
    _mapper._WRITE.clear()


def _store_v1_activity(path: Path) -> tuple[UUID, datetime]:
    """A store whose ActivityHeld was written in the version 1 layout."""
    app = open_application(str(path), clock=Clock())
    pid, orgs = active_lsp(app, members=2)
    app.record_activity(
        pid,
        type=ActivityType.GENERAL_MEETING,
        title="General assembly 2024",
        held_on=date(2024, 11, 20),
        participants=48,
        organisation_ids=tuple(orgs),
        actor=ACTOR,
    )
    recorded = app.history(pid)[-1].recorded_at
    app.close()
    with sqlite3.connect(path) as db:
        topic = "pact_domain.partnership.activities:ActivityHeld"
        ((rowid, state),) = db.execute(
            "SELECT rowid, state FROM stored_events WHERE topic = ?", (topic,)
        ).fetchall()
        old = json.loads(state)
        old.pop("class_version", None)  # written before the class had versions
        old["attendance"] = old.pop("participants")
        db.execute(
            "UPDATE stored_events SET state = ? WHERE rowid = ?",
            (json.dumps(old).encode(), rowid),
        )
    return pid, recorded


def test_old_events_are_read_as_the_new_version_everywhere(
    tmp_path: Path, activity_v2: None
) -> None:
    """Events stored at version 1 come back as version 2 in the history, the
    aggregate, an as-of query and the monitoring views; new events are stored
    at version 2."""
    path = tmp_path / "pact.db"
    pid, recorded = _store_v1_activity(path)
    app = open_application(str(path))
    held = [e for e in app.history(pid) if isinstance(e, ActivityHeld)]
    assert [e.participants for e in held] == [48]
    then = app.get_partnership(pid, as_of=recorded)
    assert [a.participants for a in then.activities.values()] == [48]
    views = MonitoringViews(app)
    views.rebuild()
    summary = views.current(at=datetime(2025, 1, 1, tzinfo=UTC)).activity(pid)
    assert (summary.meetings, summary.average_meeting_participants) == (
        1,
        Decimal(48),
    )
    for when, axis in ((recorded, "recorded"), (recorded, "effective")):
        then_views = views.as_of(when, axis)
        assert then_views.activity(pid).average_meeting_participants == Decimal(48)
    app.record_activity(
        pid,
        type=ActivityType.WORKSHOP,
        title="Workshop",
        held_on=date(2024, 12, 2),
        participants=20,
        actor=ACTOR,
    )
    with sqlite3.connect(path) as db:
        states = [
            json.loads(s)
            for (s,) in db.execute(
                "SELECT state FROM stored_events WHERE topic LIKE '%ActivityHeld'"
                " ORDER BY rowid"
            )
        ]
    assert "class_version" not in states[0]
    assert states[0]["attendance"] == 48
    assert states[1]["class_version"] == 2
    assert states[1]["participants"] == 20
