"""``pact history``: every event recorded about one partnership or organisation."""

from __future__ import annotations

import argparse
import json
from typing import Any

from pact_adapters.cli._common import (
    Subparsers,
    add_command,
    find_aggregate,
    open_store,
)
from pact_domain.events import PactEvent
from pact_domain.serialization import unstructure

__all__ = ["event_record", "register", "run"]

_METADATA = frozenset(
    {
        "originator_id",
        "originator_version",
        "originator_topic",
        "timestamp",
        "actor",
        "effective_at",
    }
)


def register(subparsers: Subparsers) -> None:
    """Add ``pact history``."""
    parser = add_command(
        subparsers,
        "history",
        summary="list the events of one partnership or organisation",
        description=(
            "Print every event recorded about one aggregate (a partnership or an "
            "organisation), oldest first: its version, type, when it took effect, "
            "when it was recorded, who caused it, and its fields as JSON. History "
            "is never edited: a correction is a later event."
        ),
        examples="""
            pact history d1348ce4-8bc1-52f6-bc6f-396dcd02a997
            pact history "Skills partnership for sustainable tourism in Puglia"
            pact history "Regione Puglia, Department of Tourism"
            pact history d1348ce4-8bc1-52f6-bc6f-396dcd02a997 --json | head -3
        """,
        handler=run,
    )
    parser.add_argument(
        "id",
        metavar="ID",
        help="the id or exact name of a partnership or organisation",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per event (JSON Lines)",
    )


def event_record(event: PactEvent) -> dict[str, Any]:
    """An event as plain data: its metadata and its own fields."""
    data = unstructure(event)
    return {
        "version": event.originator_version,
        "type": type(event).__name__,
        "effective_at": event.effective_at.isoformat(),
        "recorded_at": event.recorded_at.isoformat(),
        "actor": event.actor,
        "fields": {k: v for k, v in data.items() if k not in _METADATA},
    }


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def run(args: argparse.Namespace) -> int:
    """Print the history."""
    app = open_store(args, must_exist=True)
    aggregate_id = find_aggregate(app, args.id)
    events = app.history(aggregate_id)
    if args.json:
        for event in events:
            print(_dumps(event_record(event)))
        return 0
    first = events[0]
    kind = str(getattr(first, "originator_topic", "")).rpartition(":")[2]
    title = getattr(first, "name", "")
    print(f"{kind or 'Aggregate'} {aggregate_id} {title!r}: {len(events)} event(s)")
    for event in events:
        r = event_record(event)
        print(f"v{r['version']}  {r['type']}")
        print(
            f"    effective_at {r['effective_at']}  recorded_at {r['recorded_at']}"
            f"  actor {r['actor']}"
        )
        print(f"    {_dumps(r['fields'])}")
    return 0
