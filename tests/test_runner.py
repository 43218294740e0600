"""The follower runner: one runner for the views and every notification
channel, surviving transient store faults, fair between channels."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from _helpers import register_org
from pact_adapters.errors import ConfigError
from pact_adapters.notifications import NotificationFollower, RoutingConfig
from pact_adapters.runner import (
    Backoff,
    ChannelFollower,
    FollowerRunner,
    ViewsFollower,
    is_transient,
)
from pact_adapters.stores import open_application
from pact_adapters.testing import WebhookReceiver
from pact_adapters.views import open_views
from pact_domain.errors import StoreError
from pact_domain.monitoring import MemoryViewStore, MonitoringViews


def _rows(views: MonitoringViews) -> dict[str, list[Any]]:
    return {t: views.store.rows(t) for t in ("member", "organisation")}


def test_backoff_grows_to_its_bound_and_jitters_below_it() -> None:
    """Waits are at most initial * factor ** (n - 1), capped at the maximum."""
    backoff = Backoff(initial=0.1, factor=2, maximum=1.0)
    assert [backoff.bound(n) for n in (1, 2, 3, 4, 5)] == [0.1, 0.2, 0.4, 0.8, 1.0]
    waits = [backoff.delay(3) for _ in range(200)]
    assert all(0 <= w <= 0.4 for w in waits)
    assert len(set(waits)) > 100


def test_a_negative_backoff_is_refused() -> None:
    """A negative delay is a ValueError naming the rule."""
    with pytest.raises(ValueError, match="must not be negative"):
        Backoff(initial=-1)


def test_locks_and_dropped_connections_are_transient_other_faults_not() -> None:
    """SQLite locked and connection errors are retried; a full disk is not."""
    from eventsourcing.persistence import OperationalError

    assert is_transient(StoreError("s.db", "locked", "another writer"))
    assert is_transient(OperationalError("server closed the connection"))
    assert is_transient(ConnectionResetError())
    assert not is_transient(StoreError("s.db", "disk full", "free some space"))
    assert not is_transient(ValueError("a bug"))


def test_the_views_survive_a_write_lock_held_by_another_process(
    tmp_path: Path,
) -> None:
    """Another process holds the SQLite write lock for 5 s while the views
    follow with a 1 s lock timeout: the runner retries, keeps running, and
    ends equal to a full rebuild."""
    path = tmp_path / "pact.db"
    writer = open_application(path)
    for i in range(20):
        register_org(writer, f"Org {i}")
    env = {"SQLITE_LOCK_TIMEOUT": "1"}
    app = open_application(path, env=env)
    views = open_views(app)
    views.catch_up(limit=5)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sqlite3, sys, time
                c = sqlite3.connect({str(path)!r}, isolation_level=None)
                c.execute("BEGIN IMMEDIATE")
                print("locked", flush=True)
                time.sleep(5)
                c.execute("ROLLBACK")
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    stop = threading.Event()
    runner = FollowerRunner(
        [ViewsFollower(views, page_size=2)],
        poll_interval=0.05,
        backoff=Backoff(initial=0.05, maximum=0.5),
        stop=stop,
    )
    thread = threading.Thread(target=runner.run)
    started = time.monotonic()
    thread.start()
    assert holder.wait(timeout=30) == 0
    deadline = time.monotonic() + 30
    while views.status().lag and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert runner.report.retries["monitoring"] >= 1
    assert time.monotonic() - started >= 5
    assert views.status().lag == 0
    rebuilt = MonitoringViews(app, store=MemoryViewStore())
    rebuilt.rebuild()
    assert _rows(views) == _rows(rebuilt)


def test_a_log_channel_without_a_handler_fails_at_start_up(tmp_path: Path) -> None:
    """A configuration mistake is a ConfigError before anything runs, not a
    fault retried forever."""
    logger = logging.getLogger("pact.test.unhandled")
    logger.propagate = False
    app = open_application("memory:")
    register_org(app)
    config = RoutingConfig.from_dict(
        {
            "notifiers": {"audit": {"type": "log", "logger": "pact.test.unhandled"}},
            "routes": [{"events": ["*"], "notify": ["audit"]}],
        }
    )
    follower = NotificationFollower(app, config)
    runner = FollowerRunner([ChannelFollower(follower, "audit")], max_polls=1)
    with pytest.raises(ConfigError, match="no handler") as raised:
        runner.run()
    assert raised.value.location == "notifiers.audit"
    assert follower.position("audit") is None


DOWN_SECONDS = 30.0


def test_a_channel_whose_receiver_is_down_never_delays_another(
    tmp_path: Path,
) -> None:
    """One webhook receiver answers 500 for 30 s; the other channel's lag stays
    under 2 s while events keep being recorded, then the first catches up."""
    app = open_application(tmp_path / "pact.db")
    with WebhookReceiver() as down, WebhookReceiver() as up:
        config = RoutingConfig.from_dict(
            {
                "notifiers": {
                    "down": {
                        "type": "webhook",
                        "url": down.url,
                        "secret": "s3cret",
                        "retry": {
                            "initial_delay": 0.5,
                            "max_delay": 2,
                            "attempts": 1000,
                        },
                    },
                    "up": {"type": "webhook", "url": up.url, "secret": "s3cret"},
                },
                "routes": [{"events": ["*"], "notify": ["down", "up"]}],
            }
        )
        follower = NotificationFollower(app, config)
        stop = threading.Event()
        follower.stop_event = stop
        channels = [ChannelFollower(follower, n) for n in follower.channels]
        runner = FollowerRunner(channels, poll_interval=0.05, stop=stop)
        thread = threading.Thread(target=runner.run)
        down.fail()
        thread.start()
        lags: list[float] = []
        started = time.monotonic()
        i = 0
        while time.monotonic() - started < DOWN_SECONDS:
            register_org(app, f"Org {i}")
            recorded = time.monotonic()
            key = app.recorder.max_notification_id()
            while follower.position("up") != key and time.monotonic() - recorded < 5:
                time.sleep(0.01)
            lags.append(time.monotonic() - recorded)
            i += 1
            time.sleep(0.2)
        down.recover()
        head = app.recorder.max_notification_id()
        deadline = time.monotonic() + 30
        while follower.position("down") != head and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        thread.join(timeout=30)
        print(f"up-channel lag: max {max(lags):.3f}s over {len(lags)} events")
        assert max(lags) < 2.0
        assert follower.position("down") == head
        assert len(up.accepted()) == i
        assert len({r.body for r in down.accepted()}) == i


def test_the_views_survive_20_terminations_of_their_postgresql_connections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another connection terminates the follower's PostgreSQL connections
    20 times (``pg_terminate_backend``) while it follows a page at a time: it
    keeps running and ends equal to a full rebuild."""
    import os
    import uuid

    import psycopg

    from pact_adapters.testing import postgres_store

    base = os.environ.get(
        "PACT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
    )
    with postgres_store(base, prefix="pact_runner") as url:
        writer = open_application(url)
        for i in range(60):
            register_org(writer, f"Org {i}")
        writer.close()
        name = f"pact-follower-{uuid.uuid4().hex[:12]}"
        monkeypatch.setenv("PGAPPNAME", name)
        app = open_application(url)
        views = open_views(app)
        stop = threading.Event()
        runner = FollowerRunner(
            [ViewsFollower(views, page_size=1)],
            poll_interval=0.05,
            backoff=Backoff(initial=0.02, maximum=0.3),
            stop=stop,
        )
        thread = threading.Thread(target=runner.run)
        thread.start()
        kills = 0
        with psycopg.connect(
            base, autocommit=True, application_name="pact-killer"
        ) as killer:
            deadline = time.monotonic() + 60
            while kills < 20 and time.monotonic() < deadline:
                found = killer.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = %s AND pid <> pg_backend_pid()",
                    (name,),
                ).fetchone()
                kills += 1 if found and found[0] else 0
                time.sleep(0.1)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if views.status().lag == 0:
                    break
            except Exception:  # the probe's own connection may be the one killed
                pass
            time.sleep(0.05)
        stop.set()
        thread.join(timeout=60)
        assert kills == 20
        assert not thread.is_alive()
        print(f"retries after 20 kills: {runner.report.retries['monitoring']}")
        assert runner.report.retries["monitoring"] >= 1
        rebuilt = MonitoringViews(app, store=MemoryViewStore())
        rebuilt.rebuild()
        assert views.status().lag == 0
        assert _rows(views) == _rows(rebuilt)
        app.close()
