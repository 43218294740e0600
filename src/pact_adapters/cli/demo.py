"""``pact demo``: load the handbook's sample partnerships and summarise them."""

from __future__ import annotations

import argparse

from pact_adapters.cli._common import (
    Subparsers,
    add_command,
    open_store,
    store_name,
    table,
)
from pact_adapters.demo import TOURISM_ID, DemoSummary, load_demo

__all__ = ["register", "render", "run"]


def register(subparsers: Subparsers) -> None:
    """Add ``pact demo``."""
    add_command(
        subparsers,
        "demo",
        summary="load the handbook's sample partnerships into the store",
        description=(
            "Create the store if needed and record a realistic sample built from "
            "the Pact for Skills partnership handbook: the Tourism Large Scale "
            "Partnership with its 61 members (§4.6), the Offshore Renewable "
            "Energy partnership with the commitments and KPIs of Box 13, the "
            "Automotive Skills Alliance's 5 % a year commitment (§3.1.2), and a "
            "regional partnership in Puglia taken through Annex A and Annex B. "
            "Running it again records nothing new."
        ),
        examples="""
            pact demo
            pact demo --store /tmp/pact-demo.db
            PACT_STORE=sqlite:///demo.db pact demo
        """,
        handler=run,
    )


def render(summary: DemoSummary, store: str) -> list[str]:
    """The lines ``pact demo`` prints for ``summary``."""
    if summary.events_recorded:
        head = (
            f"Loaded the Pact for Skills sample into {store}: "
            f"{summary.events_recorded} new events recorded "
            f"({summary.events_total} events in the store)."
        )
    else:
        head = (
            f"The sample is already in {store}: 0 new events recorded "
            f"({summary.events_total} events in the store)."
        )
    rows = [
        (
            p.name,
            p.kind,
            p.status,
            p.members,
            p.countries,
            p.commitments,
            p.kpis,
            p.reports,
        )
        for p in summary.partnerships
    ]
    return [
        head,
        "",
        f"Organisations: {summary.organisations}",
        f"Partnerships: {len(summary.partnerships)}",
        *(
            "  " + line
            for line in table(
                (
                    "NAME",
                    "KIND",
                    "STATUS",
                    "MEMBERS",
                    "COUNTRIES",
                    "COMMITMENTS",
                    "KPIS",
                    "REPORTS",
                ),
                rows,
            )
        ),
        "",
        "Tourism partnership members by group (handbook §4.6):",
        *(
            f"  {count:>3}  {group}"
            for group, count in summary.tourism_composition.items()
            if count or group != "other"
        ),
        "",
        "Next:",
        f"  pact partnerships --store {store}",
        f"  pact show {TOURISM_ID} --store {store}",
        f"  pact history {TOURISM_ID} --store {store}",
    ]


def run(args: argparse.Namespace) -> int:
    """Load the sample into the store and print the summary."""
    app = open_store(args, must_exist=False)
    summary = load_demo(app)
    print("\n".join(render(summary, store_name(args))))
    return 0
