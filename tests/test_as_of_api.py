"""The public as-of queries: ``app.version_at`` and ``get_partnership`` /
``get_organisation`` with ``as_of``, on the recording-time axis."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _helpers import ACTOR, T0, active_lsp, new_app, register_org
from pact_domain.errors import InvalidValueError, NotFoundError
from pact_domain.events import state_types
from pact_domain.vocabularies import PartnershipStatus


def _state(aggregate: Any) -> dict[str, Any]:
    names = state_types(type(aggregate))
    return {n: getattr(aggregate, n) for n in names} | {"version": aggregate.version}


def test_version_at_each_recorded_event() -> None:
    app = new_app()
    pid, _ = active_lsp(app)
    events = app.history(pid)
    for event in events:
        assert app.version_at(pid, event.recorded_at) == event.originator_version
    assert app.version_at(pid, T0 - timedelta(seconds=1)) is None
    assert app.version_at(pid, date(2999, 1, 1)) == len(events)


def test_get_partnership_as_of_a_past_instant() -> None:
    app = new_app()
    pid, _ = active_lsp(app)
    events = app.history(pid)
    signed = next(e for e in events if type(e).__name__ == "AgreementSigned")
    before = events[signed.originator_version - 2]
    past = app.get_partnership(pid, as_of=before.recorded_at)
    assert past.version == before.originator_version
    assert past.status is PartnershipStatus.ACCEPTED
    now = app.get_partnership(pid, as_of=signed.recorded_at)
    assert now.status is PartnershipStatus.ACTIVE
    assert _state(app.get_partnership(pid, as_of=date(2999, 1, 1))) == _state(
        app.get_partnership(pid)
    )


def test_get_organisation_as_of_before_an_update() -> None:
    app = new_app()
    org = register_org(app, "Old Name")
    registered = app.history(org)[0].recorded_at
    app.update_organisation(org, name="New Name", actor=ACTOR)
    assert app.get_organisation(org, as_of=registered).name == "Old Name"
    assert app.get_organisation(org).name == "New Name"


def test_as_of_errors_name_the_field() -> None:
    app = new_app()
    pid, _ = active_lsp(app)
    with pytest.raises(NotFoundError) as info:
        app.get_partnership(pid, as_of=T0 - timedelta(days=1))
    assert info.value.field == "as_of"
    with pytest.raises(NotFoundError) as info:
        app.get_partnership(uuid4(), as_of=T0)
    assert info.value.field == "id"
    with pytest.raises(InvalidValueError) as bad:
        app.get_partnership(pid, as_of=datetime(2025, 1, 1))  # naive
    assert bad.value.field == "as_of"
    with pytest.raises(InvalidValueError) as bad:
        app.get_partnership(pid, as_of="2025-01-01")  # type: ignore[arg-type]
    assert bad.value.field == "as_of"
    # Nothing was recorded by the refusals.
    assert app.history(pid)[-1].originator_version == app.get_partnership(pid).version
    with pytest.raises(NotFoundError):
        app.get_organisation(pid, as_of=date(2999, 1, 1))  # not an organisation


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=10**6))
def test_as_of_equals_the_replay_of_the_events_recorded_by_then(seconds: int) -> None:
    app = new_app()
    pid, _ = active_lsp(app)
    when = T0.astimezone(UTC) + timedelta(seconds=seconds % 3600)
    recorded = [e for e in app.history(pid) if e.recorded_at <= when]
    if not recorded:
        with pytest.raises(NotFoundError):
            app.get_partnership(pid, as_of=when)
        return
    expected = app.repository.get(pid, version=recorded[-1].originator_version)
    assert _state(app.get_partnership(pid, as_of=when)) == _state(expected)
