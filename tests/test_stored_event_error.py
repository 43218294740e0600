"""A stored event that cannot be read back raises StoredEventError, naming
the aggregate, the version, the notification and what is wrong."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path
from uuid import UUID

import orjson
import pytest
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent

from _helpers import new_app, submit_lsp
from pact_adapters.stores import open_application
from pact_domain._mapper import EventMapper
from pact_domain.errors import PactError, StoredEventError


@pytest.fixture(scope="module")
def stored() -> StoredEvent:
    """A real stored event: an LSP's expression of interest."""
    app = new_app()
    pid = submit_lsp(app)
    return app.recorder.select_events(pid, limit=1)[0]


def damaged(stored: StoredEvent, **changes: object) -> StoredEvent:
    fields = {
        "originator_id": stored.originator_id,
        "originator_version": stored.originator_version,
        "topic": stored.topic,
        "state": stored.state,
    }
    fields.update(changes)
    return StoredEvent(**fields)  # type: ignore[arg-type]


def with_field(stored: StoredEvent, name: str, value: object) -> StoredEvent:
    state = orjson.loads(stored.state)
    if value is KeyError:
        del state[name]
    else:
        state[name] = value
    return damaged(stored, state=orjson.dumps(state))


def read(event: StoredEvent) -> StoredEventError:
    with pytest.raises(StoredEventError) as info:
        EventMapper().to_domain_event(event)
    return info.value


def test_undecodable_json(stored: StoredEvent) -> None:
    """JSON cut in half: the aggregate, version and topic are named."""
    error = read(damaged(stored, state=stored.state[: len(stored.state) // 2]))
    assert error.originator_id == stored.originator_id
    assert error.originator_version == 1
    assert error.topic == stored.topic
    assert error.notification_id is None
    assert error.reason.startswith("undecodable JSON: ")
    assert f"Stored event {stored.originator_id} v1 (topic {stored.topic})" in str(
        error
    )


def test_unknown_topic(stored: StoredEvent) -> None:
    error = read(damaged(stored, topic="pact_domain.partnership:NoSuchEvent"))
    assert error.topic == "pact_domain.partnership:NoSuchEvent"
    assert error.reason.startswith("unknown event topic (")
    assert "NoSuchEvent" in error.reason


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("effective_at", 20240101, "field 'effective_at' has the wrong type or value"),
        ("kind", "no_such_kind", "field 'kind' has the wrong type or value"),
        ("name", KeyError, "field 'name' is missing"),
    ],
)
def test_a_stored_field_of_the_wrong_type_is_named(
    stored: StoredEvent, field: str, value: object, reason: str
) -> None:
    error = read(with_field(stored, field, value))
    assert error.reason.startswith(reason), error.reason


def test_it_is_a_pact_error_a_value_error_and_eventsourcings(
    stored: StoredEvent,
) -> None:
    """Callers catching PactError, ValueError or eventsourcing's
    MapperDeserialisationError (raised before for bad JSON) all catch it; it
    pickles with its attributes."""
    error = read(damaged(stored, state=b"{"))
    assert isinstance(error, PactError)
    assert isinstance(error, ValueError)
    assert isinstance(error, MapperDeserialisationError)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is StoredEventError
    assert vars(copy) == vars(error)
    assert str(copy) == str(error)


def test_an_application_on_a_damaged_sqlite_store(tmp_path: Path) -> None:
    """Reading an aggregate names it; reading the notification log names the
    notification too."""
    path = str(tmp_path / "pact.db")
    app = open_application(path)
    pid = submit_lsp(app)
    app.close()
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE stored_events SET state = substr(state, 1, 20) "
            "WHERE originator_id = ? AND originator_version = 1",
            (pid.hex,),
        )
    (position,) = (
        sqlite3.connect(path)
        .execute("SELECT rowid FROM stored_events WHERE originator_id = ?", (pid.hex,))
        .fetchone()
    )
    app = open_application(path)
    with pytest.raises(StoredEventError) as info:
        app.get_partnership(pid)
    assert UUID(str(info.value.originator_id)) == pid
    assert info.value.originator_version == 1
    notifications = app.recorder.select_notifications(start=1, limit=10)
    (notification,) = (n for n in notifications if n.originator_id == pid)
    with pytest.raises(StoredEventError) as info:
        app.mapper.to_domain_event(notification)
    assert info.value.notification_id == position
    assert f"notification {position}, " in str(info.value)
