"""``pact apply``: run the commands of a JSON Lines file in one transaction.

Each line is one command in its JSON form (``{"command": "report-kpi",
...}``; see docs/commands.md), ids given as ids or exact names (as with
``pact do``).  Every line is checked and run against the state the lines
before it left, inside one batch (:meth:`PactApplication.batch`): either
every line is valid and all are stored in one transaction, or nothing is
stored and every refusal is reported with its line, field and rule.  With
``--accept-valid``, the valid lines are stored (in one transaction) and the
refused ones are written to a rejects file.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pact_adapters.cli._common import (
    InputError,
    Names,
    Subparsers,
    add_command,
    last_notification_id,
    open_store,
    result_json,
    result_text,
    write_output,
)
from pact_adapters.cli.do import run_command
from pact_domain.commands import COMMANDS
from pact_domain.commands._json import NAME_KEY
from pact_domain.errors import PactError, StoredEventError, StoreError

__all__ = ["Refusal", "register", "rejects_path", "run"]


def register(subparsers: Subparsers) -> None:
    """Add ``pact apply``."""
    parser = add_command(
        subparsers,
        "apply",
        summary="run the commands of a JSON Lines file in one transaction",
        description=(
            "Run the commands of FILE, one JSON object per line in the form "
            "`pact do --json` takes (blank lines are skipped), each checked "
            "against what the lines before it recorded. If every line is valid, "
            "all are stored in one transaction; otherwise nothing is stored and "
            "each refused line is reported with its line number, field and rule "
            "(exit status 2). With --accept-valid the valid lines are stored and "
            "the refused ones are written, with their errors, to the rejects "
            "file.\n\n"
            "Prints what each line did (the ids it returned) and a summary; with "
            "--json, one JSON object."
        ),
        examples="""
            pact apply commands.jsonl
            pact apply commands.jsonl --accept-valid
            pact apply - --accept-valid --rejects refused.jsonl < commands.jsonl
            pact apply commands.jsonl --json
        """,
        handler=run,
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the JSON Lines file of commands (`-`: standard input)",
    )
    parser.add_argument(
        "--accept-valid",
        action="store_true",
        help=(
            "store the valid lines (in one transaction) even if some are "
            "refused, and write the refused ones to the rejects file"
        ),
    )
    parser.add_argument(
        "--rejects",
        metavar="REJECTS",
        help=(
            "with --accept-valid: the file for the refused lines (default: "
            "FILE's name with .rejects.jsonl, next to it; rejects.jsonl for "
            "standard input)"
        ),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the outcome as one JSON object (each line's result or error)",
    )


@dataclass
class Refusal:
    """A refused line.

    Attributes:
        line: its number in the file, from 1.
        command: the command's name, if it has one.
        field: the field concerned, if the error names one.
        rule: the rule broken.
        message: the whole message (with the line).
        text: the line as it was read.
    """

    line: int
    command: str | None
    field: str | None
    rule: str
    message: str
    text: str

    def record(self) -> dict[str, Any]:
        """The refusal as plain data (the rejects file and ``--json``)."""
        try:
            given: Any = json.loads(self.text)
        except json.JSONDecodeError:
            given = self.text
        return {
            "line": self.line,
            "command": self.command,
            "field": self.field,
            "rule": self.rule,
            "error": self.message,
            "input": given,
        }


@dataclass
class _Outcome:
    done: list[dict[str, Any]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


class _Discard(Exception):
    """Raised inside the batch so that nothing of it is stored."""


def rejects_path(source: str) -> str:
    """The default rejects file of an input file: ``data.jsonl`` →
    ``data.rejects.jsonl`` beside it; ``rejects.jsonl`` for standard input."""
    if source == "-":
        return "rejects.jsonl"
    path = Path(source)
    stem = path.name.removesuffix(".jsonl").removesuffix(".json")
    return str(path.with_name(f"{stem}.rejects.jsonl"))


def _read(path: str) -> list[str]:
    try:
        if path == "-":
            return sys.stdin.read().splitlines()
        return Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise InputError(
            f"apply {path}", f"is not UTF-8 text (byte {error.start})"
        ) from None
    except FileNotFoundError:
        raise InputError(f"apply {path}", "there is no such file") from None


def _name(text: str) -> str | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    name = data.get(NAME_KEY) if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


def _creates(lines: list[str]) -> bool:
    """Whether some line names a command that creates an aggregate."""
    for text in lines:
        cls = COMMANDS.get(_name(text) or "")
        if cls is not None and cls.spec().target_field is None:
            return True
    return False


def _apply_line(
    app: Any, names: Names, source: str, number: int, text: str
) -> dict[str, Any]:
    where = f"{source}:{number}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            where, f"is not JSON: {error.msg} (column {error.colno})"
        ) from None
    if not isinstance(data, dict):
        raise InputError(where, f"must be a JSON object, not {type(data).__name__}")
    name = data.get(NAME_KEY)
    label = f"{where}: {name}" if isinstance(name, str) else where
    try:
        command, result = run_command(
            app, data, names, lambda f: f"{label}: {f}" if f != NAME_KEY else where
        )
    except (InputError, StoreError, StoredEventError):
        raise  # bad input already named; the store's faults and damage stop all
    except PactError as error:  # the domain refused it
        raise InputError(
            label, str(error), entity=error.entity, field=error.field
        ) from None
    return {
        "line": number,
        "command": type(command).spec().name,
        "result": result_json(result),
    }


def _run_lines(app: Any, source: str, lines: list[str]) -> _Outcome:
    outcome = _Outcome()
    names = Names(app)
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            outcome.done.append(_apply_line(app, names, source, number, text))
        except InputError as error:
            outcome.refused.append(
                Refusal(
                    line=number,
                    command=_name(text),
                    field=error.field,
                    rule=error.rule,
                    message=str(error),
                    text=text,
                )
            )
    return outcome


def run(args: argparse.Namespace) -> int:
    """Run the file's commands; store all, the valid ones, or nothing."""
    if args.rejects is not None and not args.accept_valid:
        raise InputError("apply", "--rejects goes with --accept-valid")
    lines = _read(args.file)
    source = "<stdin>" if args.file == "-" else args.file
    app = open_store(args, must_exist=not _creates(lines))
    before = last_notification_id(app)
    rejects = (args.rejects or rejects_path(args.file)) if args.accept_valid else None
    outcome = _Outcome()
    try:
        with app.batch():
            outcome = _run_lines(app, source, lines)
            if outcome.refused and not args.accept_valid:
                raise _Discard
            if rejects is not None:
                data = "".join(
                    json.dumps(r.record(), ensure_ascii=False) + "\n"
                    for r in outcome.refused
                )
                write_output(rejects, data.encode("utf-8"))
    except _Discard:
        pass
    after = last_notification_id(app)
    stored = [] if outcome.refused and not args.accept_valid else outcome.done
    if args.json:
        print(
            json.dumps(
                {
                    "file": source,
                    "stored": len(stored),
                    "refused": len(outcome.refused),
                    "events": after - before,
                    "notifications": [before + 1, after] if after > before else [],
                    "rejects": rejects,
                    "lines": stored,
                    "refusals": [r.record() for r in outcome.refused],
                },
                ensure_ascii=False,
            )
        )
    else:
        _print_text(source, stored, outcome.refused, before, after, rejects)
    if outcome.refused and not args.accept_valid:
        if len(outcome.refused) == 1:
            raise InputError(
                "",
                f"{outcome.refused[0].message}; nothing was stored",
                field=outcome.refused[0].field,
            )
        raise InputError(
            f"apply {source}",
            f"{len(outcome.refused)} of {len(outcome.refused) + len(outcome.done)} "
            "command(s) refused (listed above); nothing was stored "
            "(--accept-valid stores the valid ones)",
        )
    return 0


def _print_text(
    source: str,
    stored: list[dict[str, Any]],
    refused: list[Refusal],
    before: int,
    after: int,
    rejects: str | None,
) -> None:
    for done in stored:
        returned = (
            f" -> {result_text(done['result'])}" if done["result"] is not None else ""
        )
        print(f"line {done['line']}: {done['command']}{returned}")
    if rejects is None and len(refused) > 1:
        for r in refused:
            print(f"refused: {r.message}", file=sys.stderr)
    if rejects is None and refused:
        return
    span = f" (notifications {before + 1} to {after})" if after > before else ""
    print(
        f"Applied {len(stored)} command(s) from {source} in one transaction: "
        f"{after - before} event(s) recorded{span}."
    )
    if rejects is not None:
        print(f"Refused {len(refused)} line(s), written to {rejects}.")
