"""``pact notify``: deliver notifications of stored events; inspect and
redeliver dead letters."""

from __future__ import annotations

import argparse
import json
import logging
import os
import threading

from pact_adapters.cli._common import (
    Subparsers,
    add_command,
    add_global_options,
    int_option,
    open_store,
    seconds_option,
)
from pact_adapters.errors import ConfigError
from pact_adapters.notifications import (
    NotificationFollower,
    RoutingConfig,
    delivery_recorder,
)
from pact_adapters.runner import ChannelFollower, FollowerRunner, stop_on_signals

__all__ = ["CONFIG_ENV_VAR", "register", "run"]

CONFIG_ENV_VAR = "PACT_NOTIFY_CONFIG"
"""Environment variable naming the routing configuration file."""


def register(subparsers: Subparsers) -> None:
    """Add ``pact notify`` and its actions."""
    parser = add_command(
        subparsers,
        "notify",
        summary="deliver notifications of events; list and redeliver dead letters",
        description=(
            "Deliver a notification for each stored event that the routing "
            "configuration (a TOML or JSON file) sends to a notifier: log, "
            "webhook, e-mail, or a plugin's. Each notifier's position is kept in "
            "the store, so a restart neither skips nor loses an event (delivery "
            "is at least once; the message id is the idempotency key). Each "
            "notifier runs on its own, so one that is slow or failing never "
            "delays another; transient store faults are retried with back-off. "
            "Messages that fail after the last retry become dead letters."
        ),
        examples="""
            pact notify run --config notify.toml --once
            pact notify run --config notify.toml --store postgresql://db/pact
            pact notify status --config notify.toml
            pact notify status --config notify.toml --json
            pact notify dead-letters
            pact notify redeliver --config notify.toml --all
        """,
        handler=lambda args: _usage(parser),
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION")

    def action(name: str, summary: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(
            name, help=summary, description=summary
        )
        add_global_options(sub)
        return sub

    def config_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--config",
            metavar="FILE",
            default=None,
            help=f"the routing configuration (default: ${CONFIG_ENV_VAR})",
        )

    run_parser = action("run", "deliver notifications (until stopped, or --once)")
    config_option(run_parser)
    run_parser.add_argument(
        "--once",
        action="store_true",
        help="deliver what is recorded now, then exit",
    )
    run_parser.add_argument(
        "--poll",
        metavar="SECONDS",
        type=seconds_option,
        default=1.0,
        help="how often to look for new events, 0 to 86400 (default: 1)",
    )
    run_parser.set_defaults(handler=run)

    status_parser = action("status", "show each notifier's position and backlog")
    config_option(status_parser)
    status_parser.add_argument(
        "--json", action="store_true", help="one JSON object per notifier"
    )
    status_parser.set_defaults(handler=status)

    dead = action("dead-letters", "list the messages that could not be delivered")
    dead.add_argument("--channel", metavar="NAME", help="only this notifier's")
    dead.add_argument("--json", action="store_true", help="one JSON object per line")
    dead.set_defaults(handler=dead_letters)

    again = action("redeliver", "try dead letters again; delivered ones are removed")
    config_option(again)
    again.add_argument(
        "ids",
        metavar="ID",
        type=int_option(1),
        nargs="*",
        help="dead letters",
    )
    again.add_argument("--all", action="store_true", help="every dead letter")
    again.set_defaults(handler=redeliver)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _config(args: argparse.Namespace) -> RoutingConfig:
    path = args.config or os.environ.get(CONFIG_ENV_VAR)
    if not path:
        raise ConfigError(
            "pact notify", "--config", f"give a routing file or set ${CONFIG_ENV_VAR}"
        )
    return RoutingConfig.load(path)


def run(args: argparse.Namespace) -> int:
    """Deliver notifications once, or until SIGINT/SIGTERM."""
    config = _config(args)
    if not logging.getLogger().hasHandlers():
        logging.basicConfig(
            level=logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    app = open_store(args, must_exist=True)
    follower = NotificationFollower(app, config)
    channels = [ChannelFollower(follower, name) for name in follower.channels]
    try:
        with stop_on_signals(threading.Event()) as stop:
            follower.stop_event = stop
            FollowerRunner(
                channels,
                poll_interval=args.poll,
                max_polls=1 if args.once else None,
                stop=stop,
            ).run()
        positions = {c.channel: follower.position(c.channel) or 0 for c in channels}
    finally:
        follower.close()
        app.close()
    for channel in channels:
        print(
            f"{channel.channel}: {channel.delivered} delivered, "
            f"{channel.dead_lettered} dead letters, "
            f"position {positions[channel.channel]}"
        )
    return 0


def status(args: argparse.Namespace) -> int:
    """Print each channel's position, backlog and dead letters."""
    config = _config(args)
    app = open_store(args, must_exist=True)
    follower = NotificationFollower(app, config)
    try:
        for channel in follower.channels:
            state = ChannelFollower(follower, channel).status()
            dead = len(follower.dead_letters(channel))
            if args.json:
                print(json.dumps({"channel": channel, **state.to_dict(), "dead": dead}))
                continue
            print(
                f"{channel}: position {state.position}, "
                f"{state.lag} pending, {dead} dead letters"
            )
    finally:
        follower.close()
        app.close()
    return 0


def dead_letters(args: argparse.Namespace) -> int:
    """List the dead letters of the store."""
    app = open_store(args, must_exist=True)
    try:
        letters = delivery_recorder(app).select_dead_letters(args.channel)
    finally:
        app.close()
    if args.json:
        for letter in letters:
            print(json.dumps(letter.to_dict(), ensure_ascii=False))
        return 0
    if not letters:
        print("No dead letters.")
        return 0
    for letter in letters:
        print(
            f"#{letter.id} {letter.channel} {letter.message.event_type} "
            f"{letter.message.id} after {letter.attempts} attempt(s) at "
            f"{letter.failed_at.isoformat()}: {letter.error}"
        )
    return 0


def redeliver(args: argparse.Namespace) -> int:
    """Deliver dead letters again; exit 1 if any failed again."""
    config = _config(args)
    app = open_store(args, must_exist=True)
    follower = NotificationFollower(app, config)
    failed = 0
    try:
        ids = (
            [x.id for x in follower.dead_letters() if x.id is not None]
            if args.all
            else list(args.ids)
        )
        if not ids:
            print("No dead letters to redeliver (give IDs or --all).")
            return 0
        for letter_id in ids:
            try:
                found = follower.redeliver(letter_id)
            except Exception as e:
                failed += 1
                print(f"#{letter_id}: failed again: {type(e).__name__}: {e}")
                continue
            print(f"#{letter_id}: {'delivered' if found else 'no such dead letter'}")
    finally:
        follower.close()
        app.close()
    return 1 if failed else 0
