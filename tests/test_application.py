"""The application service: stores, SQLite round trip, snapshots, optimistic
concurrency, queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from _helpers import (
    ACTOR,
    Clock,
    accepted_lsp,
    active_lsp,
    agreement,
    kpi_def,
    new_app,
    pledge,
    refused,
    register_org,
    state,
    submit_lsp,
    submit_regional,
)
from pact_adapters.stores import open_application
from pact_adapters.stores import store_env as adapter_store_env
from pact_domain.application import MEMORY, PactApplication, store_env
from pact_domain.errors import (
    ConcurrencyError,
    DomainRuleError,
    InvalidValueError,
    NotFoundError,
)
from pact_domain.events import project
from pact_domain.organisation import OrganisationRegistered
from pact_domain.partnership import (
    AgreementDrafted,
    AgreementSigned,
    ExpressionOfInterestAssessed,
    ExpressionOfInterestSubmitted,
    MemberJoined,
)
from pact_domain.values import BreakdownValue, ReportingPeriod, Target
from pact_domain.vocabularies import MembershipTier, PartnershipStatus

SNAPSHOT_INTERVAL = 200


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The path of a temporary SQLite file."""
    return str(tmp_path / "pact.db")


def _populate(app: PactApplication) -> dict[str, Any]:
    """Record a varied history: organisations, an active LSP with commitments,
    reports and a correction, a regional partnership and a declined one."""
    pid, orgs = active_lsp(app, members=3)
    app.sign_charter(orgs[0], signed_on=date(2025, 1, 10), actor=ACTOR)
    app.update_organisation(orgs[1], region="DE21", actor=ACTOR)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    app.change_member_tier(pid, organisation_id=orgs[2], tier="associated", actor=ACTOR)
    cid, (kid,) = pledge(app, pid, target=Target(500, "people", date(2027, 1, 1)))
    member_cid, _ = pledge(app, pid, member_id=orgs[1], category="committing_resources")
    app.define_kpi(
        pid, commitment_id=cid, definition=kpi_def(name="Second"), actor=ACTOR
    )
    rid = app.report_kpi(
        pid,
        kpi_id=kid,
        period=ReportingPeriod.year(2025),
        value=10,
        breakdowns=(
            BreakdownValue("gender", "women", 6),
            BreakdownValue("gender", "men", 4),
            BreakdownValue("eqf_level", 5, 3),
        ),
        reported_by=orgs[0],
        actor=ACTOR,
    )
    app.correct_kpi_report(
        pid, report_id=rid, text="Audited.", reason="Audit.", actor=ACTOR
    )
    app.revise_commitment(
        pid, commitment_id=member_cid, statement="More.", reason="r", actor=ACTOR
    )
    app.draft_agreement(pid, content=agreement("Amendment"), actor=ACTOR)
    regional = submit_regional(app, linked_lsp_id=pid)
    declined = submit_lsp(app, name="Declined LSP")
    app.assess_expression_of_interest(
        declined, outcome="declined", reasons="No.", actor=ACTOR
    )
    return {"pid": pid, "orgs": orgs, "partnerships": [pid, regional, declined]}


# ------------------------------------------------------- SQLite round trip


def test_sqlite_round_trip_sees_the_same_state(db: str) -> None:
    """A new application object over the same SQLite file sees the same state
    of every partnership and organisation, and the same histories."""
    writer = new_app(store=db)
    world = _populate(writer)
    reader = open_application(db)
    assert reader.partnership_ids() == writer.partnership_ids() == world["partnerships"]
    assert reader.organisation_ids() == writer.organisation_ids() == world["orgs"]
    for pid in world["partnerships"]:
        assert state(reader.get_partnership(pid)) == state(writer.get_partnership(pid))
        assert reader.history(pid) == writer.history(pid)
    for oid in world["orgs"]:
        assert state(reader.get_organisation(oid)) == state(
            writer.get_organisation(oid)
        )
        assert reader.history(oid) == writer.history(oid)
    p = reader.get_partnership(world["pid"])
    assert p.status is PartnershipStatus.ACTIVE
    assert p.members[world["orgs"][2]].tier is MembershipTier.ASSOCIATED
    assert isinstance(next(iter(p.members)), UUID)
    writer.close()
    reader.close()


def test_sqlite_and_memory_stores_agree(db: str) -> None:
    """The same commands with the same ids give equal state on both stores."""
    ids = [uuid4() for _ in range(3)]
    results = []
    for store in (MEMORY, db):
        app = new_app(store=store)
        org = register_org(app, id=ids[0])
        pid = submit_lsp(app, id=ids[1])
        app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
        app.join_partnership(pid, organisation_id=org, actor=ACTOR)
        pledge(app, pid, commitment_id=ids[2], kpi_ids=(ids[0],))
        results.append((state(app.get_partnership(pid)), app.history(pid)))
    assert results[0] == results[1]


def test_refused_command_on_sqlite_stores_nothing(db: str) -> None:
    """A refused command leaves the SQLite file as it was."""
    app = new_app(store=db)
    pid = accepted_lsp(app)
    outsider = register_org(app)
    with refused(app, DomainRuleError, "organisation_id", pid):
        app.appoint_coordinator(pid, organisation_id=outsider, actor=ACTOR)
    assert len(open_application(db).history(pid)) == 2


# ---------------------------------------------------------------- snapshots


def _long_history(app: PactApplication, at_least: int) -> UUID:
    """An active LSP with more than ``at_least`` events (reports, corrections
    and tier changes)."""
    pid, orgs = active_lsp(app, members=3)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    _, (kid, pct) = pledge(
        app,
        pid,
        kpis=(kpi_def(), kpi_def(name="Share", measure="percentage", target=None)),
    )
    tiers = ["associated", "affiliated"]
    month = 0
    while app.get_partnership(pid).version <= at_least:
        month += 1
        start = date(2020 + month // 12, month % 12 + 1, 1)
        period = ReportingPeriod(start, start.replace(day=28))
        rid = app.report_kpi(
            pid,
            kpi_id=kid,
            period=period,
            value=month,
            breakdowns=(BreakdownValue("gender", "women", month),),
            reported_by=orgs[month % 3],
            actor=ACTOR,
        )
        if month % 5 == 0:
            app.correct_kpi_report(
                pid,
                report_id=rid,
                value=month + 1,
                breakdowns=(),
                reason="r",
                actor=ACTOR,
            )
        if month % 7 == 0:
            app.change_member_tier(
                pid, organisation_id=orgs[2], tier=tiers[month % 2], actor=ACTOR
            )
        if month % 9 == 0:
            app.report_kpi(pid, kpi_id=pct, period=period, value="12.5", actor=ACTOR)
    return pid


def test_snapshot_is_taken_and_equals_a_full_replay(db: str) -> None:
    """After more than 200 events a snapshot exists, and loading from it gives
    the same state as replaying every event."""
    app = new_app(store=db)
    pid = _long_history(app, SNAPSHOT_INTERVAL + 10)
    assert app.snapshots is not None
    snapshots = list(app.snapshots.get(pid))
    assert [s.originator_version for s in snapshots] == [SNAPSHOT_INTERVAL]
    loaded = app.repository.get(pid)
    replayed = project(None, app.events.get(pid))
    assert loaded.version == replayed.version > SNAPSHOT_INTERVAL
    assert state(loaded) == state(replayed)
    at_snapshot = app.repository.get(pid, version=SNAPSHOT_INTERVAL)
    replayed_to = project(None, app.events.get(pid, lte=SNAPSHOT_INTERVAL))
    assert state(at_snapshot) == state(replayed_to)
    fresh = open_application(db)
    assert state(fresh.get_partnership(pid)) == state(replayed)
    # Commands keep working on top of the snapshot.
    fresh.close_partnership(
        pid, reason="Done.", closed_on=date(2030, 1, 1), actor=ACTOR
    )
    assert fresh.get_partnership(pid).status is PartnershipStatus.CLOSED


# --------------------------------------------------- optimistic concurrency


class InterleavedApplication(PactApplication):
    """An application that lets another writer act just before its next
    ``interleave`` saves, and counts its save attempts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interleave = 0
        self.other_writer: Callable[[], Any] = lambda: None
        self.save_attempts = 0

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        self.save_attempts += 1
        if self.interleave > 0:
            self.interleave -= 1
            self.other_writer()
        return super().save(*objs, **kwargs)


def _two_writers(
    db: str, cls: type[InterleavedApplication] = InterleavedApplication
) -> tuple[InterleavedApplication, PactApplication, UUID, list[UUID]]:
    first = cls(env=adapter_store_env(db), clock=Clock())
    pid, orgs = active_lsp(first, members=4)
    second = new_app(store=db)
    tiers = iter(["associated", "affiliated"] * 10)
    first.other_writer = lambda: second.change_member_tier(
        pid, organisation_id=orgs[3], tier=next(tiers), actor="second"
    )
    first.save_attempts = 0
    return first, second, pid, orgs


def test_stale_save_is_retried_and_succeeds(db: str) -> None:
    """When another application wrote first, the command reloads and retries."""
    first, second, pid, orgs = _two_writers(db)
    first.interleave = 1
    first.change_member_tier(
        pid, organisation_id=orgs[2], tier="affiliated", actor=ACTOR
    )
    assert first.save_attempts == 2
    history = second.history(pid)
    assert [(e.actor, e.organisation_id) for e in history[-2:]] == [
        ("second", orgs[3]),
        (ACTOR, orgs[2]),
    ]
    p = second.get_partnership(pid)
    assert p.members[orgs[3]].tier is MembershipTier.ASSOCIATED
    assert p.members[orgs[2]].tier is MembershipTier.AFFILIATED


def test_retry_rechecks_the_rules_on_the_new_state(db: str) -> None:
    """A retried command is decided again on what the other writer recorded."""
    first, second, pid, _ = _two_writers(db)
    newcomer = register_org(first, "Newcomer")
    first.other_writer = lambda: second.join_partnership(
        pid, organisation_id=newcomer, actor="second"
    )
    first.interleave = 1
    with pytest.raises(DomainRuleError) as info:
        first.join_partnership(
            pid, organisation_id=newcomer, tier="affiliated", actor=ACTOR
        )
    assert info.value.field == "organisation_id"
    last = second.history(pid)[-1]
    assert isinstance(last, MemberJoined)
    assert (last.actor, last.tier) == ("second", MembershipTier.CORE)


def test_four_conflicts_are_absorbed_by_five_attempts(db: str) -> None:
    """The default five attempts outlast four concurrent writes in a row."""
    first, second, pid, orgs = _two_writers(db)
    first.interleave = first.max_attempts - 1
    first.change_member_tier(
        pid, organisation_id=orgs[2], tier="affiliated", actor=ACTOR
    )
    assert first.save_attempts == first.max_attempts
    assert (
        second.get_partnership(pid).members[orgs[2]].tier is MembershipTier.AFFILIATED
    )


def test_concurrency_error_when_attempts_are_exhausted(db: str) -> None:
    """A writer that loses every attempt raises ConcurrencyError and stores nothing."""
    first, second, pid, orgs = _two_writers(db)
    first.interleave = first.max_attempts
    before = len(second.history(pid))
    with pytest.raises(ConcurrencyError) as info:
        first.change_member_tier(
            pid, organisation_id=orgs[2], tier="affiliated", actor=ACTOR
        )
    assert info.value.entity == f"Partnership {pid}"
    assert info.value.field is None
    assert isinstance(info.value, RuntimeError)
    assert first.save_attempts == first.max_attempts
    history = second.history(pid)
    assert len(history) == before + first.max_attempts
    assert all(e.actor == "second" for e in history[before:])
    assert second.get_partnership(pid).members[orgs[2]].tier is MembershipTier.CORE


def test_concurrency_error_with_a_single_attempt(db: str) -> None:
    """With max_attempts=1 the first conflict is reported at once."""

    class OneShot(InterleavedApplication):
        max_attempts = 1

    first, second, pid, orgs = _two_writers(db, OneShot)
    first.interleave = 1
    with pytest.raises(ConcurrencyError):
        first.appoint_coordinator(pid, organisation_id=orgs[1], actor=ACTOR)
    assert first.save_attempts == 1
    assert second.get_partnership(pid).coordinators == ()


# ----------------------------------------------------------------- stores


@pytest.mark.parametrize(
    ("store", "expected"),
    [
        ("data/pact.db", "data/pact.db"),
        ("sqlite:///rel/pact.db", "rel/pact.db"),
        ("sqlite:////abs/pact.db", "/abs/pact.db"),
        ("  /abs/pact.db ", "/abs/pact.db"),
    ],
)
def test_sqlite_store_names_give_the_library_sqlite_store(
    store: str, expected: str
) -> None:
    """Plain paths and sqlite URLs (relative and absolute) name a file of the
    library's SQLite store (its factory in pact_adapters)."""
    env = adapter_store_env(store)
    assert env["SQLITE_DBNAME"] == expected
    assert env["PERSISTENCE_MODULE"] == "pact_adapters.storage.sqlite:PactSQLiteFactory"


def test_the_core_store_env_knows_the_memory_store() -> None:
    """``memory:`` and ``:memory:`` are eventsourcing's in-memory store."""
    assert store_env(MEMORY) == {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    assert store_env(":memory:") == {"PERSISTENCE_MODULE": "eventsourcing.popo"}


@pytest.mark.parametrize(
    "store", ["", "   ", "pact.db", "sqlite:///pact.db", "postgresql://u@h/pact"]
)
def test_the_core_refuses_every_other_store(store: str) -> None:
    """An empty name, a file or a server store is refused by pact_domain,
    naming the one place that opens it."""
    with pytest.raises(InvalidValueError) as info:
        PactApplication(store=store)
    assert (info.value.entity, info.value.field) == ("Store", "store")
    if store.strip():
        assert "pact_adapters.open_application" in info.value.rule


def test_sqlite_urls_open_files_where_they_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite:///rel.db is relative to the working directory, sqlite:////abs not."""
    monkeypatch.chdir(tmp_path)
    register_org(new_app(store="sqlite:///relative.db"))
    assert (tmp_path / "relative.db").exists()
    absolute = tmp_path / "sub" / "absolute.db"
    absolute.parent.mkdir()
    register_org(new_app(store=f"sqlite:///{absolute}"))
    assert absolute.exists()


def test_without_a_store_the_core_keeps_events_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a store, PactApplication writes no file (eventsourcing's default)."""
    for key in ("PERSISTENCE_MODULE", "SQLITE_DBNAME", "PACT_STORE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    app = PactApplication(clock=Clock())
    oid = register_org(app)
    assert app.get_organisation(oid).name == "Acme Training"
    assert list(tmp_path.iterdir()) == []


def test_the_adapters_default_store_is_pact_db_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """open_application without a store writes to ./pact.db."""
    monkeypatch.delenv("PACT_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    oid = register_org(open_application(clock=Clock()))
    assert (tmp_path / "pact.db").exists()
    assert open_application().get_organisation(oid).name == "Acme Training"


def test_memory_stores_are_independent() -> None:
    """Two in-memory applications share nothing."""
    first, second = new_app(), new_app()
    oid = register_org(first)
    assert second.organisation_ids() == []
    assert not second.exists(oid)


# ----------------------------------------------------------------- queries


def test_unknown_ids_are_not_found() -> None:
    """Queries for unknown ids, or another aggregate type's ids, are not found."""
    app = new_app()
    oid = register_org(app)
    pid = submit_lsp(app)
    missing = uuid4()
    for query, arg in [
        (app.get_partnership, missing),
        (app.get_organisation, missing),
        (app.get_partnership, oid),
        (app.get_organisation, pid),
        (app.history, missing),
    ]:
        with pytest.raises(NotFoundError) as info:
            query(arg)
        assert info.value.field == "id"
        assert isinstance(info.value, LookupError)
    with pytest.raises(NotFoundError) as info:
        app.get_partnership(oid)
    assert info.value.entity == "Partnership"
    assert "Organisation" in info.value.rule


def test_history_lists_every_event_oldest_first() -> None:
    """history() returns an aggregate's events in version order."""
    app = new_app()
    pid = accepted_lsp(app)
    [org] = [register_org(app)]
    app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    app.sign_agreement(
        pid, version=1, signatories=(org,), signed_on=date(2025, 5, 1), actor=ACTOR
    )
    history = app.history(pid)
    assert [type(e) for e in history] == [
        ExpressionOfInterestSubmitted,
        ExpressionOfInterestAssessed,
        MemberJoined,
        AgreementDrafted,
        AgreementSigned,
    ]
    assert [e.originator_version for e in history] == [1, 2, 3, 4, 5]
    assert all(e.originator_id == pid for e in history)
    recorded = [e.recorded_at for e in history]
    assert recorded == sorted(recorded)
    assert [type(e) for e in app.history(org)] == [OrganisationRegistered]


def test_exists_and_id_listings() -> None:
    """exists() knows any aggregate; listings give ids in creation order."""
    app = new_app()
    first = submit_lsp(app)
    org = register_org(app)
    second = submit_regional(app)
    assert app.exists(first)
    assert app.exists(org)
    assert not app.exists(uuid4())
    assert app.partnership_ids() == [first, second]
    assert app.organisation_ids() == [org]


def test_recording_time_comes_from_the_application_clock() -> None:
    """Every event's recording time is the clock's reading for its command."""
    clock = Clock()
    app = new_app(clock=clock)
    pid = accepted_lsp(app)
    assert [e.recorded_at for e in app.history(pid)] == clock.readings
