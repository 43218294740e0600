"""``pact views``: rebuild, inspect or follow the monitoring views of a store."""

from __future__ import annotations

import argparse
import json
import threading

import attrs

from pact_adapters.cli._common import (
    Subparsers,
    add_command,
    int_option,
    open_store,
    seconds_option,
)
from pact_adapters.runner import FollowerRunner, ViewsFollower, stop_on_signals
from pact_adapters.views import open_views
from pact_domain.errors import InvalidValueError

__all__ = ["register", "run"]


def register(subparsers: Subparsers) -> None:
    """Add ``pact views``."""
    parser = add_command(
        subparsers,
        "views",
        summary="rebuild, inspect or follow the monitoring views",
        description=(
            "The monitoring views live in the store beside the events (for "
            "SQLite, tables in the same file) and follow its notification log "
            "with a tracked position. 'status' shows how far behind they are; "
            "'rebuild' recomputes them from the first event; 'follow' keeps "
            "them up to date, polling the log and retrying transient store "
            "faults (a lock, a dropped connection) with back-off (stop it with "
            "Ctrl-C or SIGTERM: a restart neither skips nor repeats an event)."
        ),
        examples="""
            pact views status
            pact views status --json
            pact views rebuild --store /srv/pact.db
            pact views follow --store /srv/pact.db --poll-interval 2
            pact views follow --once
        """,
        handler=run,
    )
    parser.add_argument("action", choices=["status", "rebuild", "follow"])
    parser.add_argument(
        "--poll-interval",
        type=seconds_option,
        default=1.0,
        metavar="SECONDS",
        help="follow: seconds between polls, 0 to 86400 (default 1)",
    )
    parser.add_argument(
        "--max-iterations",
        type=int_option(1),
        default=None,
        metavar="N",
        help="follow: stop after N polls (default: until interrupted)",
    )
    parser.add_argument(
        "--once", action="store_true", help="follow: catch up once and stop"
    )
    parser.add_argument("--json", action="store_true", help="status: one JSON object")


def run(args: argparse.Namespace) -> int:
    """Run the action."""
    if args.poll_interval < 0:
        raise InvalidValueError(
            "views", "poll_interval", "must not be negative", args.poll_interval
        )
    app = open_store(args, must_exist=args.action != "follow")
    views = open_views(app)
    if args.action == "status":
        s = views.status()
        if args.json:
            print(json.dumps(attrs.asdict(s)))
            return 0
        behind = f"{s.lag} notification(s) behind" if s.lag else "up to date"
        print(
            f"views {s.name!r} ({s.store}): position {s.position} of {s.head}, {behind}"
        )
        return 0
    if args.action == "rebuild":
        consumed = views.rebuild()
        print(f"rebuilt the views from {consumed} notification(s)")
        return 0
    follower = ViewsFollower(views)
    with stop_on_signals(threading.Event()) as stop:
        runner = FollowerRunner(
            [follower],
            poll_interval=args.poll_interval,
            max_polls=1 if args.once else args.max_iterations,
            stop=stop,
        )
        report = runner.run()
    s = views.status()
    print(
        f"applied {report.handled[follower.name]} notification(s); "
        f"position {s.position} of {s.head}"
    )
    return 0
