"""``pact report``: the annual monitoring report of a partnership or the portfolio."""

from __future__ import annotations

import argparse
import json

from pact_adapters.cli._common import (
    Subparsers,
    add_command,
    find_partnership,
    open_store,
)
from pact_domain.errors import InvalidValueError
from pact_domain.monitoring import (
    MemoryViewStore,
    MonitoringViews,
    TimeAxis,
    ViewStore,
    annual_report,
    default_view_store,
    format_annual_report,
    format_portfolio_report,
    portfolio_report,
)
from pact_domain.serialization import unstructure

__all__ = ["register", "run"]


def register(subparsers: Subparsers) -> None:
    """Add ``pact report``."""
    parser = add_command(
        subparsers,
        "report",
        summary="print the annual monitoring report of a partnership or the portfolio",
        description=(
            "Print the annual monitoring report (handbook §6, Box 40): members, "
            "geographic and sectoral coverage, reach of communications, meetings "
            "and average participants, work programme delivered, outputs, survey "
            "shares, and every KPI against its target, for a reporting year — as "
            "things stand now, or as they stood at a past date on either time "
            "axis: 'recorded' (what was known then) or 'effective' (what was true "
            "then, as known now)."
        ),
        examples="""
            pact report "Skills Partnership for the Tourism Ecosystem" --year 2024
            pact report TOURISM-ID --as-of 2024-12-31 --axis recorded
            pact report --portfolio --year 2024
            pact report TOURISM-ID --json
        """,
        handler=run,
    )
    parser.add_argument(
        "partnership",
        metavar="PARTNERSHIP",
        nargs="?",
        help="the partnership's id or exact name (omit with --portfolio)",
    )
    parser.add_argument(
        "--portfolio",
        action="store_true",
        help="report on every established partnership instead of one",
    )
    parser.add_argument(
        "--year", type=int, default=None, help="the reporting year (default: as-of's)"
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help="report as of this date or ISO datetime (default: now)",
    )
    parser.add_argument(
        "--axis",
        choices=[a.value for a in TimeAxis],
        default=TimeAxis.RECORDED.value,
        help="the time axis of --as-of (default: recorded)",
    )
    parser.add_argument(
        "--grace-days",
        type=int,
        default=90,
        help="days after a period's end for a KPI report to be on time (default 90)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report as JSON data"
    )


def run(args: argparse.Namespace) -> int:
    """Print the report."""
    if args.portfolio == (args.partnership is not None):
        raise InvalidValueError(
            "report",
            "partnership",
            "give one PARTNERSHIP, or --portfolio (not both)",
        )
    app = open_store(args, must_exist=True)
    try:
        store: ViewStore = default_view_store(app)
    except InvalidValueError:  # no persistent view store for this kind of store
        store = MemoryViewStore()
    views = MonitoringViews(app, store=store)
    if args.portfolio:
        folio = portfolio_report(
            views,
            year=args.year,
            as_of=args.as_of,
            axis=args.axis,
            grace_days=args.grace_days,
        )
        text = format_portfolio_report(folio)
        data = unstructure(folio)
    else:
        partnership = find_partnership(app, args.partnership)
        report = annual_report(
            views,
            partnership.id,
            year=args.year,
            as_of=args.as_of,
            axis=args.axis,
            grace_days=args.grace_days,
        )
        text = format_annual_report(report)
        data = unstructure(report)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(text, end="")
    return 0
