"""What every ``pact`` subcommand shares: the ``--store`` and ``--debug``
options, option types with their ranges, opening the store, finding a
partnership, the errors :func:`pact_adapters.cli.main` reports, and plain-text
formatting (private)."""

from __future__ import annotations

import argparse
import errno
import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeAlias
from uuid import UUID

from pact_adapters.stores import (
    DEFAULT_STORE,
    STORE_ENV_VAR,
    open_application,
    resolve_store,
    store_env,
)
from pact_domain.application import MEMORY, PactApplication
from pact_domain.errors import InvalidValueError, NotFoundError, echo
from pact_domain.partnership import Partnership

__all__ = [
    "DEBUG_HELP",
    "STORE_HELP",
    "Handler",
    "OutputFileError",
    "Subparsers",
    "UsageError",
    "add_command",
    "add_global_options",
    "as_of_option",
    "find_partnership",
    "int_option",
    "number",
    "open_store",
    "seconds_option",
    "store_name",
    "table",
    "when",
    "wrap",
    "write_output",
    "year_option",
]

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""The type of the object ``add_subparsers`` returns."""
Handler = Callable[[argparse.Namespace], int]
"""A subcommand: takes the parsed arguments, prints, returns the exit status."""

STORE_HELP = (
    f"the event store: an SQLite file path or sqlite:///path, {MEMORY}, "
    "postgresql://user@host/db, or a scheme a storage plugin adds "
    f"(default: ${STORE_ENV_VAR}, else {DEFAULT_STORE} in the current directory)"
)

DEBUG_HELP = "on an error, print the traceback as well as the one-line message"

FIRST_YEAR = 1990
LAST_YEAR = 2100
"""The years ``--year`` and ``--as-of`` accept (those of the domain's dates:
KPI baselines, targets, reporting periods)."""


class UsageError(Exception):
    """A command line that does not parse: a missing argument, an unknown
    option, an option value out of range (exit status 2).

    Attributes:
        message: what argparse says is wrong, naming the argument.
        prog: the command it is about, e.g. ``"pact report"``.
    """

    def __init__(self, message: str, prog: str) -> None:
        self.message = message
        self.prog = prog
        command = prog.removeprefix("pact").strip()
        where = f"{command}: " if command else ""
        super().__init__(f"{where}{message} (see `{prog} --help`)")


class OutputFileError(Exception):
    """An output file (``-o FILE``) could not be written (exit status 1).

    Attributes:
        path: the file as given.
        reason: why, in words.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"output file {path!r}: {reason}")


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--store`` and ``--debug`` to a subcommand's parser; given before
    the subcommand, they are kept (``argparse.SUPPRESS``)."""
    parser.add_argument(
        "--store",
        metavar="STORE",
        default=argparse.SUPPRESS,  # keep a --store given before the subcommand
        help=STORE_HELP,
    )
    parser.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP
    )


def year_option(text: str) -> int:
    """``--year``: a year from :data:`FIRST_YEAR` to :data:`LAST_YEAR`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year; give one from {FIRST_YEAR} to {LAST_YEAR}"
        ) from None
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{value} is out of range; give a year from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return value


def as_of_option(text: str) -> str:
    """``--as-of``: an ISO 8601 date or datetime in the years of
    :func:`year_option` (returned as given: the domain reads it)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date or datetime "
            "(e.g. 2024-12-31 or 2024-12-31T17:00+01:00)"
        ) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range; give a date from {FIRST_YEAR}-01-01 to "
            f"{LAST_YEAR}-12-31"
        )
    return text


def int_option(low: int, high: int | None = None) -> Callable[[str], int]:
    """An option type for a whole number from ``low`` (to ``high``)."""
    accepted = f"from {low:,} to {high:,}" if high is not None else f"of at least {low}"

    def parse(text: str) -> int:
        try:
            value: int | None = int(text)
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a whole number {accepted}"
            )
        return value

    return parse


def seconds_option(text: str) -> float:
    """An option type for a number of seconds from 0 to a day."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 86_400:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds from 0 to 86,400"
        )
    return value


def write_output(path: str, data: bytes) -> None:
    """Write ``data`` to the file ``path`` (``-o FILE``).

    Raises:
        OutputFileError: the file could not be written, saying why.
    """
    try:
        Path(path).write_bytes(data)
    except OSError as e:
        parent = Path(path).parent
        if e.errno == errno.ENOENT and not parent.is_dir():
            reason = f"the folder {str(parent)!r} does not exist"
        elif e.errno in (errno.EACCES, errno.EPERM):
            reason = "permission denied"
        elif e.errno == errno.EISDIR:
            reason = "is a folder; give a file name"
        else:
            reason = e.strerror or str(e)
        raise OutputFileError(path, reason) from e


def add_command(
    subparsers: Subparsers,
    name: str,
    *,
    summary: str,
    description: str,
    examples: str,
    handler: Handler,
) -> argparse.ArgumentParser:
    """Add subcommand ``name`` with its help texts and the ``--store`` and
    ``--debug`` options.

    Args:
        subparsers: what ``add_subparsers`` returned on the ``pact`` parser.
        name: the subcommand's name.
        summary: one line for ``pact --help``.
        description: what the subcommand does, for ``pact NAME --help``
            (paragraphs separated by blank lines; wrapped here).
        examples: example command lines, one per line, shown in the epilog.
        handler: the function that runs the subcommand.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=summary,
        description="\n\n".join(
            textwrap.fill(" ".join(paragraph.split()), width=79)
            for paragraph in description.split("\n\n")
        ),
        epilog="examples:\n" + textwrap.indent(textwrap.dedent(examples).strip(), "  "),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_global_options(parser)
    parser.set_defaults(handler=handler)
    return parser


def store_name(args: argparse.Namespace) -> str:
    """The store named by ``--store``, else ``$PACT_STORE``, else ``pact.db``."""
    return resolve_store(getattr(args, "store", None))


def _sqlite_file(name: str) -> Path | None:
    """The file of an SQLite store, or ``None`` for any other store.

    Raises:
        StoreURLError: no storage plugin handles the store name.
    """
    env = store_env(name)
    if env.get("PERSISTENCE_MODULE") != "eventsourcing.sqlite":
        return None
    path = env.get("SQLITE_DBNAME", "")
    if not path or ":memory:" in path or "mode=memory" in path:
        return None
    return Path(path)


def open_store(args: argparse.Namespace, *, must_exist: bool) -> PactApplication:
    """Open the application on the store the arguments name.

    Args:
        must_exist: refuse to create a new SQLite file (for commands that
            only read: a typing mistake in ``--store`` should not create an
            empty store).

    Raises:
        NotFoundError: ``must_exist`` and the SQLite file does not exist.
        StoreURLError: no storage plugin handles the store name.
        StoreUnavailableError: the store could not be opened.
    """
    name = store_name(args)
    path = _sqlite_file(name)
    if must_exist and path is not None and not path.exists():
        raise NotFoundError(
            "Store",
            "store",
            f"there is no store file {str(path)!r}; load the sample with "
            f"`pact demo --store {name}` or give another --store",
        )
    return open_application(name)


def find_partnership(app: PactApplication, ref: str) -> Partnership:
    """The partnership whose id or exact name is ``ref``.

    Raises:
        NotFoundError: no partnership has this id or name.
        InvalidValueError: several partnerships have this name.
    """
    try:
        partnership_id = UUID(ref)
    except ValueError:
        pass
    else:
        return app.get_partnership(partnership_id)
    found = [
        p
        for p in (app.get_partnership(i) for i in app.partnership_ids())
        if p.name == ref
    ]
    if not found:
        raise NotFoundError(
            "Partnership",
            "name",
            f"no partnership has the id or exact name {echo(ref)}; "
            "`pact partnerships` lists them",
        )
    if len(found) > 1:
        ids = ", ".join(str(p.id) for p in found)
        raise InvalidValueError(
            "Partnership",
            "name",
            f"{len(found)} partnerships are named {ref!r} ({ids}); give the id",
            ref,
        )
    return found[0]


# -- formatting ----------------------------------------------------------------


def number(value: Decimal | int | None) -> str:
    """A number with thousands separators, e.g. ``700,000``; ``-`` for none."""
    if value is None:
        return "-"
    return f"{value:,}"


def when(value: datetime | date | None) -> str:
    """A date as ``YYYY-MM-DD`` (a datetime by its date); ``-`` for none."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat()


def wrap(text: str, indent: str, width: int = 88) -> str:
    """``text`` wrapped to ``width`` columns, every line indented."""
    return textwrap.fill(
        " ".join(text.split()),
        width=width,
        initial_indent=indent,
        subsequent_indent=indent,
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """Lines of a plain-text table; columns of numbers are right-aligned."""
    cells = [list(row) for row in rows]
    right = [
        bool(cells) and all(isinstance(row[i], int | Decimal) for row in cells)
        for i in range(len(headers))
    ]
    text = [[str(cell) for cell in row] for row in cells]
    widths = [
        max([len(h), *(len(row[i]) for row in text)]) for i, h in enumerate(headers)
    ]

    def line(row: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(w) if r else cell.ljust(w)
            for cell, w, r in zip(row, widths, right, strict=True)
        ).rstrip()

    return [line(headers), *(line(row) for row in text)]
