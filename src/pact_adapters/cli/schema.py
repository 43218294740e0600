"""``pact schema``: the event schema catalogue (every stored event class, its
version and the JSON Schema of its stored form)."""

from __future__ import annotations

import argparse
import json

import attrs

from pact_adapters.cli._common import Subparsers, UsageError, add_command, table
from pact_domain.schema import event_catalogue

__all__ = ["register", "run"]


def register(subparsers: Subparsers) -> None:
    """Add ``pact schema``."""
    parser = add_command(
        subparsers,
        "schema",
        summary="the stored event classes and their JSON Schemas",
        description=(
            "List every event class the store records, with its version and "
            "topic; with an event name (or topic), print the JSON Schema of its "
            "stored form. --json prints the whole catalogue. The store is not "
            "opened."
        ),
        examples="""
            pact schema
            pact schema KpiReported
            pact schema --json > events.schema.json
        """,
        handler=run,
    )
    parser.add_argument(
        "event", nargs="?", help="an event class name or topic, e.g. KpiReported"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the whole catalogue as JSON"
    )


def run(args: argparse.Namespace) -> int:
    """Print the catalogue, or one event's schema."""
    catalogue = event_catalogue()
    if args.event:
        found = [e for e in catalogue if args.event in (e.name, e.topic)]
        if not found:
            raise UsageError(
                f"there is no stored event class {args.event[:80]!r}; "
                "`pact schema` lists them",
                "pact schema",
            )
        print(json.dumps(found[0].schema, indent=2))
        return 0
    if args.json:
        print(json.dumps([attrs.asdict(e) for e in catalogue], indent=2))
        return 0
    rows = [[e.name, e.version, e.topic] for e in catalogue]
    print("\n".join(table(["event", "version", "topic"], rows)))
    return 0
