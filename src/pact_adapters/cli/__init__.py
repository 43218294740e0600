"""The ``pact`` command line.

Each subcommand is a module of this package with a ``register(subparsers)``
function that adds its parser (see :func:`._common.add_command`).  To add a
subcommand, write the module and add its name to :data:`SUBCOMMANDS`.

Every subcommand takes ``--store`` (default ``$PACT_STORE``, else ``pact.db``
in the current directory).  :func:`main` turns every error into one line on
standard error, ``pact: error: ...``, and an exit status (:data:`EXIT_FAILURE`,
:data:`EXIT_USAGE`, :data:`EXIT_DAMAGED`); ``--debug`` prints the traceback
too.  A handler raises; it does not print errors itself.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import NoReturn

from eventsourcing.persistence import MapperDeserialisationError, PersistenceError

from pact_adapters.cli._common import (
    DEBUG_HELP,
    STORE_HELP,
    OutputFileError,
    UsageError,
    store_name,
)
from pact_adapters.errors import PactAdapterError
from pact_domain.errors import PactError, StoreError

__all__ = [
    "EXIT_DAMAGED",
    "EXIT_FAILURE",
    "EXIT_OK",
    "EXIT_USAGE",
    "SUBCOMMANDS",
    "build_parser",
    "main",
]

SUBCOMMANDS: list[str] = [
    "demo",
    "partnerships",
    "organisations",
    "show",
    "history",
    "do",
    "apply",
    "report",
    "views",
    "notify",
    "plugins",
    "schema",
]
"""Modules of this package that define a subcommand, in the order of ``--help``."""

EXIT_OK = 0
"""Success (also when standard output was closed early, e.g. by ``head``)."""
EXIT_FAILURE = 1
"""The store could not be opened, read or written, an output file could not
be written, or something unexpected failed."""
EXIT_USAGE = 2
"""Bad input: a refused command, an unknown id, a bad option or store URL."""
EXIT_DAMAGED = 3
"""The store is damaged: a stored event cannot be read back."""
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C (128 + SIGINT)."""

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


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises :class:`UsageError` instead of printing
    the usage and exiting, so that :func:`main` reports it in one line."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


def build_parser() -> argparse.ArgumentParser:
    """The ``pact`` argument parser with every subcommand of :data:`SUBCOMMANDS`."""
    parser = _Parser(
        prog="pact",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--store", metavar="STORE", default=None, help=STORE_HELP)
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", dest="command"
    )
    for name in SUBCOMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def _error(message: str) -> None:
    print(f"pact: error: {' '.join(message.split())}", file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at the null device so that exiting does not fail again
    (as the Python documentation recommends for ``SIGPIPE``)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file
        pass


def _failure(error: Exception, args: argparse.Namespace) -> tuple[int, str]:
    """The exit status and the one-line message for an error of a command."""
    if isinstance(error, MapperDeserialisationError):  # StoredEventError too
        return EXIT_DAMAGED, (
            f"{error}; the store {store_name(args)!r} is damaged; "
            "`pact verify` lists what is wrong"
        )
    if isinstance(error, StoreError):  # the machine's fault (disk full...)
        if error.cause == "corrupt":
            return EXIT_DAMAGED, (
                f"{error}; the store is damaged; `pact verify` lists what is wrong"
            )
        return EXIT_FAILURE, str(error)
    if isinstance(error, PactError | UsageError):
        return EXIT_USAGE, str(error)
    if isinstance(error, PactAdapterError):  # a bad store URL is bad input
        return (EXIT_USAGE if isinstance(error, ValueError) else EXIT_FAILURE), str(
            error
        )
    if isinstance(error, OutputFileError):
        return EXIT_FAILURE, str(error)
    if isinstance(error, (PersistenceError, sqlite3.Error)):
        return EXIT_FAILURE, f"store {store_name(args)!r}: {error}"
    if isinstance(error, OSError):
        if error.filename is not None:
            return EXIT_FAILURE, f"{error.filename!r}: {error.strerror or error}"
        return EXIT_FAILURE, f"{type(error).__name__}: {error}"
    return EXIT_FAILURE, (
        f"unexpected {type(error).__name__}: {error} "
        "(run again with `pact --debug ...` to see where)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pact`` with ``argv`` (default: the process arguments).

    Every error becomes one line on standard error, ``pact: error: ...``
    (with ``--debug``, after its traceback), and an exit status.

    Returns:
        The exit status: 0 on success (and when standard output is closed
        early, e.g. by ``head``); 1 when the store cannot be opened, read or
        written, an output file cannot be written, or something unexpected
        fails; 2 for bad input (a command the domain refuses, an unknown id,
        a bad option or store URL); 3 when the store is damaged (a stored
        event cannot be read back); 130 when interrupted.
    """
    try:
        status = _run(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except BrokenPipeError:  # e.g. `pact history ID | head -1`: stop quietly
        _silence_stdout()
        return EXIT_OK
    return status


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version
        code = stop.code
        return code if isinstance(code, int) else EXIT_USAGE
    except UsageError as e:
        _error(str(e))
        return EXIT_USAGE
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(handler(args))
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except Exception as e:
        status, message = _failure(e, args)
        if getattr(args, "debug", False):
            traceback.print_exception(e, file=sys.stderr)
        _error(message)
        return status
