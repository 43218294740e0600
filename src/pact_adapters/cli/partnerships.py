"""``pact partnerships``: list the partnerships of the store."""

from __future__ import annotations

import argparse
import json

from pact_adapters.cli._common import Subparsers, add_command, open_store, table

__all__ = ["register", "run"]


def register(subparsers: Subparsers) -> None:
    """Add ``pact partnerships``."""
    parser = add_command(
        subparsers,
        "partnerships",
        summary="list the partnerships",
        description=(
            "List every partnership in order of submission: name, kind (large "
            "scale or regional), lifecycle status, current members, commitments "
            "(withdrawn ones excluded) and id."
        ),
        examples="""
            pact partnerships
            pact partnerships --store /tmp/pact-demo.db
            pact partnerships --json
        """,
        handler=run,
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object per line"
    )


def run(args: argparse.Namespace) -> int:
    """Print the partnerships as a table (or JSON lines)."""
    app = open_store(args, must_exist=True)
    rows = []
    for partnership_id in app.partnership_ids():
        p = app.get_partnership(partnership_id)
        live = sum(1 for c in p.commitments.values() if not c.withdrawn)
        rows.append((p.name, p.kind, p.status, len(p.members), live, str(p.id)))
    if args.json:
        for name, kind, status, members, commitments, pid in rows:
            record = {
                "id": pid,
                "name": name,
                "kind": str(kind),
                "status": str(status),
                "members": members,
                "commitments": commitments,
            }
            print(json.dumps(record, ensure_ascii=False))
        return 0
    if not rows:
        print("No partnerships yet. `pact demo` loads a sample.")
        return 0
    headers = ("NAME", "KIND", "STATUS", "MEMBERS", "COMMITMENTS", "ID")
    print("\n".join(table(headers, rows)))
    return 0
