"""Tests of the ``pact`` command line (pact_adapters.cli)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from uuid import uuid4

import pytest

from pact_adapters.cli import SUBCOMMANDS, main
from pact_adapters.demo import TOURISM_COMPOSITION, TOURISM_ID, load_demo
from pact_adapters.stores import open_application

TOURISM = "Skills Partnership for the Tourism Ecosystem"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``pact argv`` in-process; return the status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_store_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads $PACT_STORE or writes pact.db outside its temp dir."""
    monkeypatch.delenv("PACT_STORE", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A temporary SQLite store holding the sample, shared by the reading tests."""
    path = str(tmp_path_factory.mktemp("store") / "demo.db")
    load_demo(open_application(path))
    return path


def test_demo_prints_a_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`pact demo` loads the sample into a new SQLite file and summarises it."""
    path = tmp_path / "demo.db"
    code, out, err = run(capsys, "demo", "--store", str(path))
    assert code == 0, err
    assert path.exists()
    assert "new events recorded" in out
    assert TOURISM in out
    assert "Skills Partnership for Offshore Renewable Energy" in out
    assert "Automotive Skills Alliance" in out
    assert "Puglia" in out
    assert "Organisations: 106" in out


def test_demo_twice_records_nothing_new(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A second `pact demo` records 0 events and prints the same counts; the
    Tourism partnership has 61 members, 20/3/20/18 by group."""
    path = str(tmp_path / "demo.db")
    first = run(capsys, "demo", "--store", path)
    second = run(capsys, "demo", "--store", path)
    assert first[0] == second[0] == 0
    assert not re.search(r"\b0 new events recorded", first[1])
    assert "0 new events recorded" in second[1]
    assert first[1].splitlines()[1:] == second[1].splitlines()[1:]

    app = open_application(path)
    tourism = app.get_partnership(TOURISM_ID)
    assert len(tourism.members) == 61
    types = Counter(app.get_organisation(o).stakeholder_type for o in tourism.members)
    counts = [sum(types[t] for t in group) for group in TOURISM_COMPOSITION.values()]
    assert counts == [20, 3, 20, 18]
    assert all(
        f"{n:>3}  {group}" in second[1]
        for n, group in zip(counts, TOURISM_COMPOSITION, strict=True)
    )


def test_store_option_and_environment_variable(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store: str,
) -> None:
    """The store comes from --store (before or after the command) or $PACT_STORE."""
    for argv in (
        ("partnerships", "--store", store),
        ("--store", store, "partnerships"),
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0
        assert TOURISM in out
    monkeypatch.setenv("PACT_STORE", store)
    code, out, _ = run(capsys, "partnerships")
    assert code == 0
    assert TOURISM in out


def test_default_store_is_pact_db_in_the_current_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without --store or $PACT_STORE the store is ./pact.db."""
    assert run(capsys, "demo")[0] == 0
    assert (tmp_path / "pact.db").exists()
    code, out, _ = run(capsys, "show", TOURISM)
    assert code == 0
    assert "Members (61)" in out


def test_partnerships_lists_name_kind_status_members_commitments(
    capsys: pytest.CaptureFixture[str], store: str
) -> None:
    """`pact partnerships` has one row per partnership, also as JSON lines."""
    code, out, _ = run(capsys, "partnerships", "--store", store)
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["NAME", "KIND", "STATUS", "MEMBERS", "COMMITMENTS", "ID"]
    assert len(rows) == 4
    code, out, _ = run(capsys, "partnerships", "--store", store, "--json")
    records = [json.loads(line) for line in out.splitlines()]
    tourism = next(r for r in records if r["id"] == str(TOURISM_ID))
    assert tourism == {
        "id": str(TOURISM_ID),
        "name": TOURISM,
        "kind": "large_scale",
        "status": "active",
        "members": 61,
        "commitments": 3,
    }


def test_show_by_name_and_by_id(capsys: pytest.CaptureFixture[str], store: str) -> None:
    """`pact show` finds a partnership by exact name or id and prints its details."""
    by_name = run(capsys, "show", TOURISM, "--store", store)
    by_id = run(capsys, "show", str(TOURISM_ID), "--store", store)
    assert by_name == by_id
    out = by_name[1]
    for expected in (
        "Members (61)",
        "  core (",
        "  associated (",
        "  affiliated (",
        "Coordinators (2)",
        "Agreement versions (1)",
        "v1 (in force)",
        "KPI Tourism workers trained by partnership members",
        "latest: 18,450 for 2023-01-01/2023-12-31",
        "women=10,320",
    ):
        assert expected in out


def test_show_regional_partnership_names_its_lsp(
    capsys: pytest.CaptureFixture[str], store: str
) -> None:
    """A regional partnership shows its NUTS region and its linked LSP."""
    code, out, _ = run(
        capsys, "show", "Skills partnership for sustainable tourism in Puglia",
        "--store", store,
    )  # fmt: skip
    assert code == 0
    assert "ITF4 Puglia" in out
    assert f"linked LSP:   {TOURISM}" in out
    assert "v2 (in force)" in out


def test_history_prints_every_event_with_metadata(
    capsys: pytest.CaptureFixture[str], store: str
) -> None:
    """`pact history` shows version, type, dates, actor and fields as JSON."""
    code, out, _ = run(capsys, "history", str(TOURISM_ID), "--store", store)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"Partnership {TOURISM_ID}")
    assert lines[1] == "v1  ExpressionOfInterestSubmitted"
    assert "effective_at 2022-01-17T00:00:00+00:00" in lines[2]
    assert json.loads(lines[3])["kind"] == "large_scale"

    code, out, _ = run(capsys, "history", TOURISM, "--store", store, "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["version"] for r in records] == list(range(1, len(records) + 1))
    assert sum(r["type"] == "MemberJoined" for r in records) == 61
    assert set(records[0]) == {
        "version", "type", "effective_at", "recorded_at", "actor", "fields",
    }  # fmt: skip


def test_history_of_an_organisation(
    capsys: pytest.CaptureFixture[str], store: str
) -> None:
    """Organisations have a history too."""
    app = open_application(store)
    organisation_id = next(iter(app.get_partnership(TOURISM_ID).members))
    code, out, _ = run(capsys, "history", str(organisation_id), "--store", store)
    assert code == 0
    assert "OrganisationRegistered" in out
    assert "CharterSigned" in out


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (("show", str(uuid4())), "Partnership.id"),
        (("show", "No such partnership"), "Partnership.name"),
        (("history", str(uuid4())), "Aggregate.id"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    store: str,
    argv: tuple[str, ...],
    field: str,
) -> None:
    """An unknown id or name gives one line naming the field and exit status 2."""
    code, out, err = run(capsys, *argv, "--store", store)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"pact: error: {field}: ")
    assert "Traceback" not in err


def test_reading_a_missing_store_does_not_create_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A read command on a missing SQLite file fails instead of creating it."""
    path = tmp_path / "typo.db"
    code, _, err = run(capsys, "partnerships", "--store", str(path))
    assert code == 2
    assert err.startswith("pact: error: Store.store: ")
    assert not path.exists()


def test_the_console_script_exits_2_without_a_traceback(store: str) -> None:
    """Run as a process, a refused command prints one line and exits 2."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pact_adapters.cli",
            "show",
            str(uuid4()),
            "--store",
            store,
        ],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """`pact` alone prints the help on stderr."""
    code, _, err = run(capsys)
    assert code == 2
    assert "usage: pact" in err


def test_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    """`pact --help` lists every command and shows examples."""
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for name in SUBCOMMANDS:
        assert name in out
    assert "examples:" in out


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_useful_help(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """`pact COMMAND --help` exits 0 with a description, --store and examples."""
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert f"usage: pact {command}" in out
    assert "--store" in out
    assert "examples:" in out
    assert f"pact {command}" in out.split("examples:")[1]
