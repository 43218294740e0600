"""The ``pact`` command line.

Each subcommand is a module of this package with a ``register(subparsers)``
function that adds its parser (see :func:`._common.add_command`).  To add a
subcommand, write the module and add its name to :data:`SUBCOMMANDS`.

Every subcommand takes ``--store`` (default ``$PACT_STORE``, else ``pact.db``
in the current directory).  A command the domain refuses prints one line on
standard error, naming the field and the rule, and exits with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from eventsourcing.persistence import PersistenceError

from pact_adapters.cli._common import STORE_HELP, store_name
from pact_adapters.errors import PactAdapterError
from pact_domain.errors import PactError, StoreError

__all__ = ["SUBCOMMANDS", "build_parser", "main"]

SUBCOMMANDS: list[str] = [
    "demo",
    "partnerships",
    "show",
    "history",
    "report",
    "views",
    "notify",
    "plugins",
]
"""Modules of this package that define a subcommand, in the order of ``--help``."""

EXIT_OK = 0
EXIT_FAILURE = 1
"""The store could not be read or written."""
EXIT_USAGE = 2
"""Bad input: a refused command, an unknown id, a bad option."""

DESCRIPTION = """\
Record and inspect EU Pact for Skills partnerships: Large Scale Partnerships and
regional skills partnerships, their members, agreements, commitments and KPIs,
kept as an append-only history of events."""

EPILOG = """\
examples:
  pact demo                          load the handbook sample into ./pact.db
  pact partnerships                  list the partnerships
  pact show "Automotive Skills Alliance"
  pact history 2f482ae5-49c8-59d9-920f-e5943fc6048e
  PACT_STORE=/tmp/pact.db pact partnerships

Run `pact COMMAND --help` for the options of a command."""


def _version() -> str:
    try:
        return version("pact-domain")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The ``pact`` argument parser with every subcommand of :data:`SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="pact",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--store", metavar="STORE", default=None, help=STORE_HELP)
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", dest="command"
    )
    for name in SUBCOMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def _error(message: str) -> None:
    print(f"pact: error: {' '.join(message.split())}", file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at the null device so that exiting does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pact`` with ``argv`` (default: the process arguments).

    Returns:
        The exit status: 0 on success; 2 for bad input (a command the domain
        refuses, an unknown id, a bad option or store URL), with one line on
        stderr naming the field and the rule; 1 when the store fails.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error
        code = stop.code
        return code if isinstance(code, int) else EXIT_USAGE
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(handler(args))
    except StoreError as e:  # the machine's fault (disk full, read-only...)
        _error(str(e))
        return EXIT_FAILURE
    except PactError as e:
        _error(str(e))
        return EXIT_USAGE
    except PactAdapterError as e:  # a bad store URL is bad input; the rest fails
        _error(str(e))
        return EXIT_USAGE if isinstance(e, ValueError) else EXIT_FAILURE
    except BrokenPipeError:  # e.g. `pact history ID | head`: stop quietly
        _silence_stdout()
        return EXIT_FAILURE
    except (PersistenceError, OSError) as e:
        _error(f"store {store_name(args)!r}: {e}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
