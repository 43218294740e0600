"""What every ``pact`` subcommand shares: the ``--store`` and ``--debug``
options, option types with their ranges, opening the store, finding a
partnership, an organisation or a KPI by id or exact name, the errors
:func:`pact_adapters.cli.main` reports, and plain-text formatting (private)."""

from __future__ import annotations

import argparse
import errno
import math
import textwrap
import typing
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import NoReturn, TypeAlias
from uuid import UUID

from pact_adapters.stores import (
    DEFAULT_STORE,
    STORE_ENV_VAR,
    open_application,
    resolve_store,
    store_env,
    store_spec_for_url,
)
from pact_domain.application import MEMORY, PactApplication
from pact_domain.commands import field_types
from pact_domain.errors import InvalidValueError, NotFoundError, echo
from pact_domain.organisation import Organisation
from pact_domain.partnership import Partnership

__all__ = [
    "DEBUG_HELP",
    "ORGANISATION_FIELDS",
    "PARTNERSHIP_FIELDS",
    "PARTS",
    "PART_FIELDS",
    "STORE_HELP",
    "CommandParser",
    "Handler",
    "InputError",
    "Names",
    "OutputFileError",
    "Subparsers",
    "UsageError",
    "add_command",
    "add_global_options",
    "as_of_option",
    "find_aggregate",
    "find_organisation",
    "find_partnership",
    "int_option",
    "last_notification_id",
    "names_an_aggregate",
    "number",
    "open_store",
    "resolve_names",
    "result_json",
    "result_text",
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
    if store_spec_for_url(name).name != "sqlite":
        return None
    env = store_env(name)
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


# -- input refused on the command line, and parsers that raise -------------------


class InputError(InvalidValueError):
    """A value given on the command line or in a commands file is refused,
    before anything is stored (exit status 2).

    An :class:`~pact_domain.errors.InvalidValueError` whose message names
    where the value was given (``do report-kpi: --value``, ``data.jsonl:3:
    report-kpi: value``) rather than the Python field.

    Attributes:
        where: where the value was given, in the command line's words.
    """

    def __init__(
        self,
        where: str,
        rule: str,
        *,
        entity: str = "Command",
        field: str | None = None,
        value: object = None,
    ) -> None:
        self.where = where
        super().__init__(entity, field, rule, value)

    def _message(self) -> str:
        return f"{self.where}: {self.rule}" if self.where else self.rule

    def __reduce__(self) -> tuple[object, ...]:  # pragma: no cover - pickling
        return (_rebuild_input_error, (self.where, self.rule, self.entity, self.field))


def _rebuild_input_error(
    where: str, rule: str, entity: str, field: str | None
) -> InputError:  # pragma: no cover - pickling
    return InputError(where, rule, entity=entity, field=field)


class CommandParser(argparse.ArgumentParser):
    """An argument parser built inside a subcommand (``pact do NAME``) that
    raises :class:`UsageError` instead of printing the usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


# -- ids or exact names ------------------------------------------------------------


def _ambiguous(
    kind: str, ref: str, ids: Sequence[UUID], field: str
) -> InvalidValueError:
    listed = ", ".join(str(i) for i in ids[:5])
    return InvalidValueError(
        kind,
        field,
        f"{len(ids)} {kind.lower()}s are named {ref!r} ({listed}); give the id",
        ref,
    )


def find_organisation(app: PactApplication, ref: str) -> Organisation:
    """The organisation whose id or exact name is ``ref``.

    Raises:
        NotFoundError: no organisation has this id or name.
        InvalidValueError: several organisations have this name.
    """
    organisation_id = Names(app).organisation(ref)
    return app.get_organisation(organisation_id)


def find_aggregate(app: PactApplication, ref: str) -> UUID:
    """The id of the partnership or organisation whose id or exact name is
    ``ref`` (an id is returned as it is, whatever it names).

    Raises:
        NotFoundError: no partnership or organisation has this name.
        InvalidValueError: several of them have this name.
    """
    try:
        return UUID(ref)
    except ValueError:
        pass
    names = Names(app)
    found = [
        *names.ids("Partnership", ref),
        *names.ids("Organisation", ref),
    ]
    if not found:
        raise NotFoundError(
            "Aggregate",
            "name",
            f"no partnership or organisation has the id or exact name {ref!r}; "
            "`pact partnerships` and `pact organisations` list them",
        )
    if len(found) > 1:
        raise _ambiguous("Aggregate", ref, found, "name")
    return found[0]


_LISTS = {"Partnership": "`pact partnerships`", "Organisation": "`pact organisations`"}


class Names:
    """Ids found by exact name: partnerships and organisations of the store
    (each read once, on first use), and the things of one partnership (its
    KPIs, working groups, work packages and deliverables).

    :meth:`learn` adds a name recorded meanwhile (by an earlier command of
    the same batch, which the store's lists do not show yet).
    """

    def __init__(self, app: PactApplication) -> None:
        self.app = app
        self._index: dict[str, dict[str, list[UUID]]] = {}

    def _names(self, kind: str) -> dict[str, list[UUID]]:
        if kind not in self._index:
            index: dict[str, list[UUID]] = {}
            if kind == "Partnership":
                for i in self.app.partnership_ids():
                    index.setdefault(self.app.get_partnership(i).name, []).append(i)
            else:
                for i in self.app.organisation_ids():
                    index.setdefault(self.app.get_organisation(i).name, []).append(i)
            self._index[kind] = index
        return self._index[kind]

    def ids(self, kind: str, name: str) -> list[UUID]:
        """The ids of the partnerships or organisations (``kind``) named ``name``."""
        return list(self._names(kind).get(name, []))

    def learn(self, kind: str, name: str, aggregate_id: UUID) -> None:
        """Remember that ``aggregate_id`` is a ``kind`` named ``name``."""
        ids = self._names(kind).setdefault(name, [])
        if aggregate_id not in ids:
            ids.append(aggregate_id)

    def find(self, kind: str, ref: str, field: str = "name") -> UUID:
        """The id of the partnership or organisation whose id or exact name
        is ``ref`` (an id is returned as it is).

        Raises:
            NotFoundError: none has this name.
            InvalidValueError: several have this name.
        """
        try:
            return UUID(ref)
        except ValueError:
            pass
        found = self.ids(kind, ref)
        if not found:
            raise NotFoundError(
                kind,
                field,
                f"no {kind.lower()} has the id or exact name {ref!r}; "
                f"{_LISTS[kind]} lists them",
            )
        if len(found) > 1:
            raise _ambiguous(kind, ref, found, field)
        return found[0]

    def partnership(self, ref: str, field: str = "name") -> UUID:
        """The id of the partnership whose id or exact name is ``ref``."""
        return self.find("Partnership", ref, field)

    def organisation(self, ref: str, field: str = "name") -> UUID:
        """The id of the organisation whose id or exact name is ``ref``."""
        return self.find("Organisation", ref, field)

    def within(
        self, partnership_id: UUID, part: str, ref: str, field: str = "name"
    ) -> UUID:
        """The id of one of the partnership's ``part`` (:data:`PARTS`: its
        KPIs, working groups...) whose id or exact name (or title) is ``ref``.

        Raises:
            NotFoundError: the partnership does not exist, or has none of
                this name.
            InvalidValueError: it has several of this name.
        """
        try:
            return UUID(ref)
        except ValueError:
            pass
        attribute, label, noun = PARTS[part]
        partnership = self.app.load(Partnership, partnership_id, field)
        found: list[UUID] = [
            i
            for i, thing in getattr(partnership, attribute).items()
            if getattr(thing, label) == ref
        ]
        if not found:
            raise NotFoundError(
                noun,
                field,
                f"partnership {partnership.name!r} has no {noun} with the id or "
                f"exact {label} {ref!r}; `pact show` lists them",
            )
        if len(found) > 1:
            raise _ambiguous(noun, ref, found, field)
        return found[0]


PARTS: dict[str, tuple[str, str, str]] = {
    "kpi": ("kpis", "name", "KPI"),
    "working_group": ("working_groups", "name", "working group"),
    "work_package": ("work_packages", "title", "work package"),
    "deliverable": ("deliverables", "title", "deliverable"),
}
"""The things of a partnership found by exact name: part → (the
partnership's attribute, the name attribute, the noun)."""


# -- commands given as JSON: names for ids, and what running one returned --------

PARTNERSHIP_FIELDS = frozenset(
    {"partnership_id", "lsp_id", "regional_partnership_id", "linked_lsp_id"}
)
"""Command fields naming partnerships (an id or an exact name)."""
ORGANISATION_FIELDS = frozenset(
    {
        "organisation_id",
        "organisation_ids",
        "member_id",
        "reported_by",
        "reviewer_id",
        "from_organisation_id",
        "to_organisation_id",
        "lead_organisation_id",
        "signatories",
        "joined",
        "left",
    }
)
"""Command fields naming organisations (ids or exact names)."""
PART_FIELDS: dict[str, str] = {
    "kpi_id": "kpi",
    "working_group_id": "working_group",
    "parent_id": "working_group",
    "work_package_id": "work_package",
    "deliverable_id": "deliverable",
}
"""Command fields naming a thing of the command's partnership (by id, or by
exact name or title within the partnership): field → :data:`PARTS` key."""


def names_an_aggregate(field: str) -> str | None:
    """What the command field ``field`` names by exact name, if anything:
    ``"partnership"``, ``"organisation"``, or a :data:`PARTS` key."""
    if field in PARTNERSHIP_FIELDS:
        return "partnership"
    if field in ORGANISATION_FIELDS:
        return "organisation"
    return PART_FIELDS.get(field)


def _is_uuid_field(hint: object) -> bool:
    """Whether the type is a UUID, an optional one, or a tuple of them."""
    return hint is UUID or any(_is_uuid_field(a) for a in typing.get_args(hint))


def resolve_names(
    cls: type,
    data: dict[str, object],
    names: Names,
    where: Callable[[str], str],
) -> dict[str, object]:
    """``data`` (a command's JSON form) with every exact name given for an
    id replaced by the id (see :func:`names_an_aggregate`).

    Args:
        cls: the command class.
        where: how to name a field in an error (``--partnership``, ``line 3:
            partnership_id``).

    Raises:
        InputError: a name matches nothing, or several things.
    """
    hints = field_types(cls)
    out = dict(data)
    context: UUID | None = None

    def one(field: str, value: object) -> object:
        nonlocal context
        kind = names_an_aggregate(field)
        if kind is None or not isinstance(value, str):
            return value
        try:
            UUID(value)
        except ValueError:
            pass
        else:
            return value
        try:
            if kind == "partnership":
                return str(names.partnership(value, field))
            if kind == "organisation":
                return str(names.organisation(value, field))
            if context is None:
                return value  # no partnership to look in: the id check refuses it
            return str(names.within(context, kind, value, field))
        except (NotFoundError, InvalidValueError) as error:
            raise InputError(
                where(field),
                error.rule,
                entity=getattr(cls, "__name__", "Command"),
                field=field,
                value=value,
            ) from None

    # The partnership first: the names of its KPIs are looked up in it.
    order = sorted(out, key=lambda f: f != "partnership_id")
    for field in order:
        if field not in hints or not _is_uuid_field(hints[field]):
            continue
        value = out[field]
        if isinstance(value, list):
            out[field] = [one(field, item) for item in value]
        else:
            out[field] = one(field, value)
        if field == "partnership_id" and isinstance(out[field], str):
            try:
                context = UUID(str(out[field]))
            except ValueError:
                context = None
    return out


def result_json(value: object) -> object:
    """What a command returned, as JSON (ids as strings, tuples as lists)."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, tuple | list):
        return [result_json(v) for v in value]
    return value


def result_text(value: object) -> str:
    """What a command returned, in words: its ids separated by spaces."""
    if isinstance(value, tuple | list):
        return " ".join(result_text(v) for v in value)
    return str(value)


def last_notification_id(app: PactApplication) -> int:
    """The id of the store's last notification (0 for an empty store)."""
    return app.recorder.max_notification_id() or 0
