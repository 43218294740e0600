"""``pact report``: the annual monitoring report of a partnership or the portfolio."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pact_adapters.cli._common import (
    FIRST_YEAR,
    LAST_YEAR,
    Subparsers,
    add_command,
    as_of_option,
    find_partnership,
    int_option,
    open_store,
    write_output,
    year_option,
)
from pact_adapters.hookspecs import ReportFormatSpec
from pact_adapters.plugins import report_formats
from pact_adapters.views import open_views
from pact_domain.errors import InvalidValueError
from pact_domain.monitoring import (
    MemoryViewStore,
    MonitoringViews,
    TimeAxis,
    annual_report,
    portfolio_report,
)

__all__ = ["register", "run"]

GRACE_DAYS_MAX = 3660
"""The longest ``--grace-days`` (about ten years)."""


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
            pact report TOURISM-ID --format html -o tourism-2024.html
            pact report --portfolio --format xlsx -o portfolio.xlsx
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
        "--year",
        type=year_option,
        default=None,
        help=f"the reporting year, {FIRST_YEAR} to {LAST_YEAR} (default: as-of's)",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=as_of_option,
        default=None,
        help="report as of this ISO 8601 date or datetime with a UTC offset "
        f"(years {FIRST_YEAR} to {LAST_YEAR}; default: now)",
    )
    parser.add_argument(
        "--axis",
        choices=[a.value for a in TimeAxis],
        default=TimeAxis.RECORDED.value,
        help="the time axis of --as-of (default: recorded)",
    )
    parser.add_argument(
        "--grace-days",
        type=int_option(0, GRACE_DAYS_MAX),
        default=90,
        help="days after a period's end for a KPI report to be on time, 0 to "
        f"{GRACE_DAYS_MAX} (default 90)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report as JSON data"
    )
    parser.add_argument(
        "--format",
        metavar="FORMAT",
        default=None,
        help="output format: text (default), json, csv, md, html, xlsx, iati, or "
        "one a plugin adds (see pact plugins)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write the report to FILE, or to standard output for '-' (required "
        "for binary formats such as xlsx)",
    )


def _report_format(args: argparse.Namespace) -> ReportFormatSpec:
    name = args.format or ("json" if args.json else "text")
    if args.json and name != "json":
        raise InvalidValueError(
            "report", "format", "give --json or --format, not both", name
        )
    formats = report_formats()
    if name not in formats:
        raise InvalidValueError(
            "report",
            "format",
            f"unknown report format (known: {', '.join(sorted(formats))})",
            name,
        )
    return formats[name]


def _is_text(spec: ReportFormatSpec) -> bool:
    media = spec.media_type.split(";")[0].strip().lower()
    return media.startswith("text/") or media.endswith(("json", "xml", "csv"))


def _write(spec: ReportFormatSpec, output: bytes, path: str | None) -> None:
    if path == "-":  # asked for: binary formats too
        sys.stdout.flush()
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.flush()
    elif path is not None:
        write_output(path, output)
        print(f"wrote {spec.name} report to {path}", file=sys.stderr)
    elif _is_text(spec):
        sys.stdout.write(output.decode("utf-8"))
    else:
        raise InvalidValueError(
            "report",
            "output",
            f"the {spec.name} format is binary: give -o FILE (or -o - for "
            "standard output)",
            spec.media_type,
        )


def run(args: argparse.Namespace) -> int:
    """Print the report (or write it to ``--output``) in the chosen format."""
    spec = _report_format(args)
    if args.portfolio == (args.partnership is not None):
        raise InvalidValueError(
            "report",
            "partnership",
            "give one PARTNERSHIP, or --portfolio (not both)",
        )
    app = open_store(args, must_exist=True)
    try:
        views = open_views(app)
    except InvalidValueError:  # the store's plugin keeps no view store
        views = MonitoringViews(app, store=MemoryViewStore())
    if args.portfolio:
        folio = portfolio_report(
            views,
            year=args.year,
            as_of=args.as_of,
            axis=args.axis,
            grace_days=args.grace_days,
        )
        output = spec.render(folio, None)
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
        context: Any = None
        if spec.name not in ("text", "json"):  # the portfolio, for comparison
            context = portfolio_report(
                views,
                year=report.year,
                as_of=args.as_of,
                axis=args.axis,
                grace_days=args.grace_days,
            ).portfolio
        output = spec.render(report, context)
    _write(spec, output, args.output)
    return 0
