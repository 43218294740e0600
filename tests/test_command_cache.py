"""The command cache: a command reuses the aggregate the previous command on
it saved, brought up to date with what other writers stored meanwhile; an
aggregate whose command or save failed is never reused."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _helpers import ACTOR, Clock, active_lsp, new_app, pledge, refused
from pact_domain.application import PactApplication
from pact_domain.errors import DomainRuleError
from pact_domain.events import state_types
from pact_domain.partnership import Partnership
from pact_domain.values import ReportingPeriod


def _state(p: Partnership) -> dict[str, Any]:
    """The aggregate's declared state, id and version."""
    state = {name: getattr(p, name) for name in state_types(type(p))}
    return {**state, "id": p.id, "version": p.version}


def _report(app: PactApplication, pid: UUID, kpi: UUID, year: int) -> UUID:
    return app.report_kpi(
        pid,
        kpi_id=kpi,
        period=ReportingPeriod.year(year),
        value=year,
        actor=ACTOR,
    )


def test_a_command_keeps_the_saved_aggregate_for_the_next() -> None:
    app = new_app()
    pid, _ = active_lsp(app)
    _, (kpi,) = pledge(app, pid)
    _report(app, pid, kpi, 2025)
    cached = app._command_cache[pid]
    assert cached.version == app.get_partnership(pid).version
    _report(app, pid, kpi, 2026)
    assert app._command_cache[pid] is cached  # the same object, one version on
    assert _state(cached) == _state(app.get_partnership(pid))


def test_a_cached_aggregate_catches_up_with_another_writer(tmp_path: Path) -> None:
    """Two applications on one SQLite file: each sees the other's reports."""
    store = f"sqlite:///{tmp_path / 'pact.db'}"
    first = new_app(store, Clock())
    pid, _ = active_lsp(first)
    _, (kpi,) = pledge(first, pid)
    _report(first, pid, kpi, 2025)  # first caches the partnership
    second = new_app(store, Clock())
    _report(second, pid, kpi, 2026)
    # first's cached aggregate is behind; the duplicate check still sees 2026.
    with refused(first, DomainRuleError, "period", pid):
        _report(first, pid, kpi, 2026)
    _report(first, pid, kpi, 2027)
    assert _state(first._command_cache[pid]) == _state(second.get_partnership(pid))
    first.close()
    second.close()


def test_a_refused_command_drops_the_cached_aggregate() -> None:
    app = new_app()
    pid, _ = active_lsp(app)
    _, (kpi,) = pledge(app, pid)
    _report(app, pid, kpi, 2025)
    with refused(app, DomainRuleError, "period", pid):
        _report(app, pid, kpi, 2025)
    assert pid not in app._command_cache
    _report(app, pid, kpi, 2026)
    assert _state(app._command_cache[pid]) == _state(app.get_partnership(pid))


def test_the_cache_is_bounded_and_can_be_turned_off() -> None:
    class Small(PactApplication):
        command_cache_size = 2

    class Off(PactApplication):
        command_cache_size = 0

    small = Small(store="memory:", clock=Clock())
    ids = [active_lsp(small)[0] for _ in range(3)]
    assert list(small._command_cache) == ids[1:]  # least recently used gone
    off = Off(store="memory:", clock=Clock())
    active_lsp(off)
    assert not off._command_cache


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["first", "second"]), st.integers(2020, 2030)),
        max_size=12,
    )
)
def test_cached_and_loaded_aggregates_agree(writes: list[tuple[str, int]]) -> None:
    """Whatever the interleaving of two writers (refusals included), each
    writer's cached partnership equals the one loaded from the store."""
    with tempfile.TemporaryDirectory() as tmp:
        store = f"sqlite:///{Path(tmp) / 'pact.db'}"
        first = new_app(store, Clock())
        pid, _ = active_lsp(first)
        _, (kpi,) = pledge(first, pid)
        second = new_app(store, Clock())
        apps = {"first": first, "second": second}
        for who, year in writes:
            app = apps[who]
            try:
                _report(app, pid, kpi, year)
            except DomainRuleError:
                assert pid not in app._command_cache
        loaded = _state(first.get_partnership(pid))
        for app in apps.values():
            cached = app._command_cache.get(pid)
            if cached is not None:
                # Up to date once fast-forwarded, as the next command does.
                assert app._checkout(Partnership, pid) is cached
                assert _state(cached) == loaded
            app.close()


@pytest.mark.parametrize("size", [1, 64])
def test_commands_through_the_cache_store_what_reloading_stores(size: int) -> None:
    """The same commands with and without the cache record the same events."""

    class Sized(PactApplication):
        command_cache_size = size

    class Off(PactApplication):
        command_cache_size = 0

    histories = []
    for cls in (Sized, Off):
        app = cls(store="memory:", clock=Clock())
        pid, _ = active_lsp(app)
        _, (kpi,) = pledge(app, pid)
        for year in range(2020, 2030):
            _report(app, pid, kpi, year)
        histories.append(
            [
                (type(e).__name__, e.originator_version, e.timestamp)
                for e in app.history(pid)
            ]
        )
    assert histories[0] == histories[1]
