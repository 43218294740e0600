"""``pact plugins``: the adapters loaded, where they come from, what they do."""

from __future__ import annotations

import argparse
import json

from pact_adapters.cli._common import Subparsers, add_command, table
from pact_adapters.plugins import (
    loaded_plugins,
    notifier_specs,
    report_formats,
    store_specs,
)

__all__ = ["register", "run"]


def register(subparsers: Subparsers) -> None:
    """Add ``pact plugins``."""
    parser = add_command(
        subparsers,
        "plugins",
        summary="list the loaded adapter plugins",
        description=(
            "List every loaded plugin (entry-point group pact_adapters): its "
            "name, the distribution and version that installed it, and the hooks "
            "it implements; then the stores, notifier types and report formats "
            "they provide. PACT_PLUGINS (a comma-separated allow-list) and "
            "PACT_DISABLE_PLUGIN_AUTOLOAD=1 choose which third-party plugins load; "
            "built-in plugins always do."
        ),
        examples="""
            pact plugins
            pact plugins --json
            PACT_PLUGINS=file pact plugins
        """,
        handler=run,
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object per plugin"
    )


def run(args: argparse.Namespace) -> int:
    """Print the plugins and what they provide."""
    plugins = loaded_plugins()
    stores = store_specs()
    notifiers = notifier_specs()
    formats = report_formats()
    if args.json:
        for info in plugins:
            print(json.dumps(info.to_dict(), ensure_ascii=False))
        return 0
    rows = [
        (
            info.name,
            info.distribution or "(registered in code)",
            info.version or "-",
            "built-in" if info.builtin else "third-party",
            ", ".join(h.removeprefix("pact_") for h in info.hooks) or "-",
        )
        for info in plugins
    ]
    print(
        "\n".join(table(("PLUGIN", "DISTRIBUTION", "VERSION", "KIND", "HOOKS"), rows))
    )
    print()
    schemes = ", ".join(f"{scheme}:" for scheme in stores) or "-"
    print(f"stores:          {schemes}")
    print(f"notifier types:  {', '.join(notifiers) or '-'}")
    print(f"report formats:  {', '.join(formats) or '-'}")
    return 0
