"""The ``pact`` command line never shows a traceback: every error is one line
on standard error, ``pact: error: ...``, with a documented exit status (1 the
store or a file failed, 2 bad input, 3 a damaged store); ``--debug`` shows the
traceback too.

Most cases run in-process through ``main``; a representative set runs as
processes (started at once, to keep the suite fast), including a closed pipe.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import orjson
import pytest

import pact_adapters.cli.plugins
from pact_adapters.cli import (
    EXIT_DAMAGED,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    SUBCOMMANDS,
    main,
)
from pact_adapters.demo import TOURISM_ID, load_demo
from pact_adapters.stores import open_application
from pact_domain.errors import StoreError

T = str(TOURISM_ID)
POSTGRES_URL = os.environ.get(
    "PACT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``pact argv`` in-process; return the status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(err: str) -> str:
    """No traceback, and exactly one ``pact: error:`` line; return it."""
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("pact: error:")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(autouse=True)
def _no_store_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PACT_STORE", raising=False)
    monkeypatch.delenv("PACT_NOTIFY_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)


# -- the stores: the sample, and damaged copies of it ----------------------------


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the sample store ``demo.db``, a routing file, and the
    damaged stores, each made from a copy of the sample."""
    folder = tmp_path_factory.mktemp("stores")
    demo = folder / "demo.db"
    app = open_application(str(demo))
    load_demo(app)
    app.close()
    (folder / "notify.toml").write_text(
        '[[routes]]\nevents = ["*"]\nnotify = ["log"]\n'
    )
    (folder / "commands.jsonl").write_text(
        orjson.dumps(
            {
                "command": "close-partnership",
                "partnership_id": T,
                "reason": "x",
                "closed_on": "2030-01-01",
                "actor": "a",
            }
        ).decode()
        + "\n"
    )
    (folder / "text.db").write_text("partnership, members, commitments\n")
    whole = demo.read_bytes()
    (folder / "truncated.db").write_bytes(whole[: len(whole) // 3])
    for name in ("cut-json", "unknown-topic", "wrong-type"):
        copy(demo, folder / f"{name}.db")
    damage(folder / "cut-json.db", 18, lambda state: state[: len(state) // 2])
    damage(folder / "unknown-topic.db", 18, topic="pact_domain.partnership:NoSuch")
    damage(
        folder / "wrong-type.db",
        2,
        lambda state: orjson.dumps({**orjson.loads(state), "effective_at": 20220214}),
    )
    return folder


def copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def damage(
    path: Path, version: int, state: Any = None, topic: str | None = None
) -> None:
    """Edit the Tourism partnership's event ``version`` in the file."""
    where = "WHERE originator_id = ? AND originator_version = ?"
    key = (TOURISM_ID.hex, version)
    with sqlite3.connect(path) as db:
        (old,) = db.execute(f"SELECT state FROM stored_events {where}", key).fetchone()
        if state is not None:
            db.execute(
                f"UPDATE stored_events SET state = ? {where}", (state(old), *key)
            )
        if topic is not None:
            db.execute(f"UPDATE stored_events SET topic = ? {where}", (topic, *key))
    db.close()


def events_in(path: Path) -> int | None:
    """How many events the store holds (``None``: not an SQLite file)."""
    try:
        with sqlite3.connect(path) as db:
            count: int = db.execute("SELECT count(*) FROM stored_events").fetchone()[0]
        db.close()
    except sqlite3.DatabaseError:
        return None
    return count


# Every subcommand and action, as a command line after `pact`.
COMMANDS: list[tuple[str, ...]] = [
    ("demo",),
    ("partnerships",),
    ("show", T),
    ("history", T),
    ("organisations",),
    ("do", "appoint-coordinator", "--partnership", T, "--organisation", T, "--as", "a"),
    ("apply", "commands.jsonl"),
    ("report", T),
    ("report", "--portfolio"),
    ("views", "status"),
    ("views", "rebuild"),
    ("views", "follow", "--once"),
    ("notify", "run", "--once", "--config", "notify.toml"),
    ("notify", "status", "--config", "notify.toml"),
    ("notify", "dead-letters"),
    ("notify", "redeliver", "--all", "--config", "notify.toml"),
    ("plugins",),
    ("schema",),
]

# What reads no stored event: positions, dead letters, the plugins.
READS_NO_EVENT = {
    ("views", "status"),
    ("notify", "status", "--config", "notify.toml"),
    ("notify", "dead-letters"),
    ("notify", "redeliver", "--all", "--config", "notify.toml"),
    ("plugins",),
    ("schema",),
}
# The monitoring views follow only the topics they know: an unknown one is
# never read (the portfolio report reads the views, not the aggregates).
SKIPS_UNKNOWN_TOPICS = {
    ("report", "--portfolio"),
    ("views", "rebuild"),
    ("views", "follow", "--once"),
}


def expected(store: str, command: tuple[str, ...]) -> int:
    if command in (("plugins",), ("schema",)):  # they open no store
        return EXIT_OK
    if store in ("text", "truncated"):
        return EXIT_FAILURE
    if command in READS_NO_EVENT:
        return EXIT_OK
    if store == "unknown-topic" and command in SKIPS_UNKNOWN_TOPICS:
        return EXIT_OK
    return EXIT_DAMAGED


def test_every_subcommand_is_in_the_matrix() -> None:
    """COMMANDS covers every subcommand of `pact --help` and every action."""
    assert {c[0] for c in COMMANDS} == set(SUBCOMMANDS)
    actions = {c[1] for c in COMMANDS if c[0] in ("views", "notify")}
    assert actions == {
        "status",
        "rebuild",
        "follow",
        "run",
        "dead-letters",
        "redeliver",
    }


@pytest.mark.parametrize(
    "store", ["text", "truncated", "cut-json", "unknown-topic", "wrong-type"]
)
def test_every_subcommand_on_a_damaged_store(
    capsys: pytest.CaptureFixture[str], stores: Path, tmp_path: Path, store: str
) -> None:
    """Each command gives its status and one line; a damaged event is named
    (aggregate, version) with `pact verify`; no event is written."""
    path = tmp_path / f"{store}.db"
    shutil.copy(stores / f"{store}.db", path)
    shutil.copy(stores / "notify.toml", tmp_path / "notify.toml")
    shutil.copy(stores / "commands.jsonl", tmp_path / "commands.jsonl")
    before = path.read_bytes() if store in ("text", "truncated") else None
    events = events_in(path)
    for command in COMMANDS:
        code, _, err = run(capsys, *command, "--store", str(path))
        want = expected(store, command)
        assert code == want, (command, err)
        if want == EXIT_OK:
            assert "pact: error:" not in err
            continue
        line = assert_one_error_line(err)
        if store in ("text", "truncated"):
            assert "the file is not a pact store" in line, line
            assert path.read_bytes() == before
        else:
            version = 2 if store == "wrong-type" else 18
            assert f"Stored event {T} v{version} " in line, line
            assert "is damaged; `pact verify` lists what is wrong" in line
        assert events_in(path) == events, command


def test_a_damaged_event_read_from_the_log_names_its_position(
    capsys: pytest.CaptureFixture[str], stores: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(stores / "cut-json.db") as db:
        (position,) = db.execute(
            "SELECT rowid FROM stored_events "
            "WHERE originator_id = ? AND originator_version = 18",
            (TOURISM_ID.hex,),
        ).fetchone()
    db.close()
    path = tmp_path / "store.db"
    shutil.copy(stores / "cut-json.db", path)
    code, _, err = run(capsys, "views", "rebuild", "--store", str(path))
    assert code == EXIT_DAMAGED
    line = assert_one_error_line(err)
    assert f"(notification {position}, topic " in line
    assert "undecodable JSON" in line


@pytest.mark.parametrize(
    ("store", "reason"),
    [
        ("unknown-topic", "unknown event topic"),
        ("wrong-type", "field 'effective_at' has the wrong type or value"),
    ],
)
def test_the_reason_is_said(
    capsys: pytest.CaptureFixture[str], stores: Path, store: str, reason: str
) -> None:
    code, _, err = run(capsys, "show", T, "--store", str(stores / f"{store}.db"))
    assert code == EXIT_DAMAGED
    assert reason in assert_one_error_line(err)


# -- bad arguments --------------------------------------------------------------

BAD_ARGUMENTS: list[tuple[tuple[str, ...], str]] = [
    (("report", T, "--year", "0"), "argument --year: 0 is out of range"),
    (("report", T, "--year", "99999"), "give a year from 1990 to 2100"),
    (("report", T, "--year", "next"), "argument --year: 'next' is not a year"),
    (("report", "--portfolio", "--year", "0"), "argument --year"),
    (("report", T, "--as-of", "9999-12-31"), "from 1990-01-01 to 2100-12-31"),
    (("report", T, "--as-of", "0001-01-01"), "argument --as-of"),
    (("report", "--portfolio", "--as-of", "9999-12-31"), "argument --as-of"),
    (("report", T, "--as-of", "yesterday"), "is not an ISO 8601 date or datetime"),
    (("report", T, "--as-of", "2024-06-30T12:00"), "As of.when: must be an aware"),
    (("report", T, "--grace-days", "-1"), "argument --grace-days"),
    (("report", T, "--grace-days", "999999999999"), "from 0 to 3,660"),
    (("report", T, "--format", "pdf"), "unknown report format"),
    (("report", T, "--json", "--format", "csv"), "not both"),
    (("report", T, "--format", "xlsx"), "the xlsx format is binary"),
    (("report",), "give one PARTNERSHIP, or --portfolio"),
    (("views", "follow", "--poll-interval", "nan"), "argument --poll-interval"),
    (("views", "follow", "--poll-interval", "inf"), "from 0 to 86,400"),
    (("views", "follow", "--poll-interval", "-1"), "argument --poll-interval"),
    (("views", "follow", "--max-iterations", "0"), "argument --max-iterations"),
    (("views", "compact"), "argument action: invalid choice: 'compact'"),
    (("notify", "run", "--poll", "-1"), "notify run: argument --poll"),
    (("notify", "redeliver", "0"), "argument ID: '0' is not a whole number"),
    (("notify", "run", "--once"), "--config: give a routing file"),
    (("notify", "status", "--config", "missing.toml"), "missing.toml"),
    (("show",), "the following arguments are required: PARTNERSHIP"),
    (("show", str(uuid4())), "Partnership.id: "),
    (("show", "No such partnership"), "Partnership.name: "),
    (("history", str(uuid4())), "Aggregate.id: "),
    (("compact",), "argument COMMAND: invalid choice: 'compact'"),
    (("partnerships", "--colour"), "unrecognized arguments: --colour"),
    (("partnerships", "--store", "nosuch://x"), "no store plugin handles"),
    (("partnerships", "--store", "postgresql://db/a/b"), "contains '/'"),
]


@pytest.mark.parametrize(
    ("argv", "says"), BAD_ARGUMENTS, ids=[" ".join(a[:4]) for a, _ in BAD_ARGUMENTS]
)
def test_bad_arguments_are_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    stores: Path,
    argv: tuple[str, ...],
    says: str,
) -> None:
    """Exit status 2 and one line naming the option (and the accepted range)."""
    demo = stores / "demo.db"
    events = events_in(demo)
    store = () if "--store" in argv else ("--store", str(demo))
    code, out, err = run(capsys, *argv, *store)
    assert code == EXIT_USAGE, err
    assert out == ""
    assert says in assert_one_error_line(err)
    assert events_in(demo) == events


def test_a_refused_read_creates_no_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for argv in (("partnerships",), ("report", "--portfolio"), ("demo", "--bogus")):
        code, _, err = run(capsys, *argv, "--store", "typo.db")
        assert code == EXIT_USAGE
        assert_one_error_line(err)
        assert not (tmp_path / "typo.db").exists()


# -- output files and standard output ------------------------------------------------


def test_report_to_a_missing_folder_names_the_output_file(
    capsys: pytest.CaptureFixture[str], stores: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "tourism.html"
    demo = str(stores / "demo.db")
    argv = ("report", T, "--format", "html", "-o", str(target), "--store", demo)
    code, _, err = run(capsys, *argv)
    assert code == EXIT_FAILURE
    line = assert_one_error_line(err)
    assert line.startswith(f"pact: error: output file {str(target)!r}: ")
    assert f"the folder {str(target.parent)!r} does not exist" in line
    assert "store" not in line
    assert not target.parent.exists()


def test_report_onto_a_folder_names_the_output_file(
    capsys: pytest.CaptureFixture[str], stores: Path, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "report", T, "-o", str(tmp_path), "--store", str(stores / "demo.db")
    )
    assert code == EXIT_FAILURE
    assert "output file" in assert_one_error_line(err)


def test_output_dash_is_standard_output(
    capsys: pytest.CaptureFixture[str], stores: Path, tmp_path: Path
) -> None:
    demo = str(stores / "demo.db")
    code, out, err = run(
        capsys, "report", T, "--format", "csv", "-o", "-", "--store", demo
    )
    assert code == EXIT_OK, err
    assert "Skills Partnership for the Tourism Ecosystem" in out
    assert not (tmp_path / "-").exists()


def test_output_dash_writes_a_binary_format_to_stdout(
    capsysbinary: pytest.CaptureFixture[bytes], stores: Path, tmp_path: Path
) -> None:
    code = main(
        ["report", T, "--format", "xlsx", "-o", "-", "--store", str(stores / "demo.db")]
    )
    out, err = capsysbinary.readouterr()
    assert code == EXIT_OK, err
    assert out.startswith(b"PK")  # a zip: the xlsx workbook
    assert not (tmp_path / "-").exists()


class _ClosedPipe:
    """A standard output whose reader has gone away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise OSError("no file descriptor")


def test_a_closed_pipe_exits_quietly_with_0(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stores: Path,
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    code = main(["history", T, "--store", str(stores / "demo.db")])
    monkeypatch.undo()
    assert code == EXIT_OK
    assert capsys.readouterr().err == ""


# -- unexpected errors and --debug ---------------------------------------------------


def _boom() -> Any:
    raise RuntimeError("the plugin registry is on fire")


def test_an_unexpected_error_is_one_line_naming_its_type(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pact_adapters.cli.plugins, "loaded_plugins", _boom)
    code, _, err = run(capsys, "plugins")
    assert code == EXIT_FAILURE
    line = assert_one_error_line(err)
    assert "unexpected RuntimeError: the plugin registry is on fire" in line
    assert "--debug" in line


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """`pact --debug plugins` and `pact plugins --debug`."""
    monkeypatch.setattr(pact_adapters.cli.plugins, "loaded_plugins", _boom)
    argv = ["--debug", "plugins"] if where == "before" else ["plugins", "--debug"]
    code, _, err = run(capsys, *argv)
    assert code == EXIT_FAILURE
    assert err.startswith("Traceback (most recent call last):")
    assert "RuntimeError: the plugin registry is on fire" in err
    assert err.splitlines()[-1].startswith("pact: error: unexpected RuntimeError")


@pytest.mark.parametrize(
    ("cause", "status"),
    [("disk full", EXIT_FAILURE), ("locked", EXIT_FAILURE), ("corrupt", EXIT_DAMAGED)],
)
def test_a_store_fault_while_reading(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cause: str,
    status: int,
) -> None:
    """A StoreError (the machine's fault) is status 1; a corrupt file is 3."""

    def fault() -> Any:
        raise StoreError("pact.db", cause, "what SQLite said")

    monkeypatch.setattr(pact_adapters.cli.plugins, "loaded_plugins", fault)
    code, _, err = run(capsys, "plugins")
    assert code == status
    line = assert_one_error_line(err)
    assert line.startswith(f"pact: error: Store 'pact.db': {cause}: what SQLite said")
    assert ("`pact verify`" in line) == (status == EXIT_DAMAGED)


def test_interrupted(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt() -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(pact_adapters.cli.plugins, "loaded_plugins", interrupt)
    code, _, err = run(capsys, "plugins")
    assert code == 130
    assert err == "pact: error: interrupted\n"


# -- PostgreSQL: why the server cannot be used, at once ------------------------------


def _unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.mark.parametrize("case", ["missing database", "connection refused"])
def test_postgresql_errors_are_told_apart_quickly(
    capsys: pytest.CaptureFixture[str], case: str
) -> None:
    parts = urlsplit(POSTGRES_URL)
    if case == "missing database":
        url = urlunsplit(parts._replace(path="/pact_no_such_database"))
        says = 'database "pact_no_such_database" does not exist'
    else:
        port = _unused_port()
        url = urlunsplit(parts._replace(netloc=f"postgres@127.0.0.1:{port}"))
        says = f"connection refused by 127.0.0.1:{port}"
    started = time.monotonic()
    code, _, err = run(capsys, "partnerships", "--store", url)
    assert time.monotonic() - started < 3
    assert code == EXIT_FAILURE
    assert says in assert_one_error_line(err)


# -- as processes ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def processes(stores: Path) -> dict[str, subprocess.CompletedProcess[bytes]]:
    """A representative set of command lines run as processes, all at once."""
    lines = {
        "text store": ["partnerships", "--store", "text.db"],
        "cut JSON": ["history", T, "--store", "cut-json.db"],
        "bad year": ["report", T, "--year", "0", "--store", "demo.db"],
        "debug": ["--debug", "show", T, "--store", "unknown-topic.db"],
        "closed pipe": ["history", T, "--store", "demo.db"],
    }
    env = {**os.environ, "PACT_STORE": "demo.db"}
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", "pact_adapters.cli", *argv],
            cwd=stores,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name, argv in lines.items()
    }
    pipe = started["closed pipe"]
    assert pipe.stdout is not None
    pipe.stdout.close()  # the reader is gone before anything is written
    done = {}
    for name, process in started.items():
        if name == "closed pipe":
            assert process.stderr is not None
            err = process.stderr.read()
            done[name] = subprocess.CompletedProcess(
                process.args, process.wait(30), b"", err
            )
        else:
            out, err = process.communicate(timeout=60)
            done[name] = subprocess.CompletedProcess(
                process.args, process.returncode, out, err
            )
    return done


@pytest.mark.parametrize(
    ("name", "status", "says"),
    [
        ("text store", EXIT_FAILURE, "the file is not a pact store"),
        ("cut JSON", EXIT_DAMAGED, "`pact verify` lists what is wrong"),
        ("bad year", EXIT_USAGE, "argument --year"),
    ],
)
def test_as_a_process_one_line_and_the_status(
    processes: dict[str, subprocess.CompletedProcess[bytes]],
    name: str,
    status: int,
    says: str,
) -> None:
    result = processes[name]
    assert result.returncode == status
    assert result.stdout == b""
    assert says in assert_one_error_line(result.stderr.decode())


def test_as_a_process_debug_shows_the_traceback(
    processes: dict[str, subprocess.CompletedProcess[bytes]],
) -> None:
    result = processes["debug"]
    assert result.returncode == EXIT_DAMAGED
    err = result.stderr.decode()
    assert "Traceback (most recent call last):" in err
    assert "pact_domain.errors.StoredEventError: " in err
    assert err.splitlines()[-1].startswith("pact: error: Stored event ")


def test_as_a_process_a_closed_pipe_exits_0_without_a_word(
    processes: dict[str, subprocess.CompletedProcess[bytes]],
) -> None:
    result = processes["closed pipe"]
    assert result.returncode == EXIT_OK
    assert result.stderr == b""
