"""``pact do`` and ``pact apply``: every command of the registry runs from
the command line through options generated from its class, or from JSON
lines in one transaction; a refusal names the option (or the line and the
field) and the rule, and stores nothing."""

from __future__ import annotations

import io
import json
import typing
from pathlib import Path
from uuid import UUID

import attrs
import pytest

from pact_adapters.cli import EXIT_OK, EXIT_USAGE, main
from pact_adapters.cli.do import field_options
from pact_adapters.stores import open_application
from pact_domain.commands import COMMANDS, Command
from pact_domain.partnership import Partnership
from pact_domain.values import BreakdownValue, ReportingPeriod
from pact_domain.vocabularies import MembershipTier

PARTNERSHIP = "Green Tourism Skills Puglia"
SCHOOL = "Istituto Tecnico Turistico Bari"
REGION = "Regione Puglia"
KPI = "Tourism workers trained in green skills"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``pact argv`` in-process; return the status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error(err: str) -> str:
    """The one ``pact: error:`` line of ``err`` (no traceback)."""
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("pact: error:")]
    assert len(lines) == 1, err
    return lines[0]


def notifications(store: Path) -> list[int]:
    """The ids of every notification of the store, in order."""
    app = open_application(str(store))
    try:
        return [n.id for n in app.recorder.select_notifications(start=1, limit=10**6)]
    finally:
        app.close()


def load(store: Path, partnership: str) -> Partnership:
    """The partnership named ``partnership`` in the store."""
    app = open_application(str(store))
    try:
        (found,) = [
            p
            for p in (app.get_partnership(i) for i in app.partnership_ids())
            if p.name == partnership
        ]
        return found
    finally:
        app.close()


@pytest.fixture(autouse=True)
def _in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PACT_STORE", raising=False)
    monkeypatch.chdir(tmp_path)


# -- every command has generated options -------------------------------------------


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_lists_each_field_with_its_description_and_codes(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``pact do NAME --help`` exits 0 and names every field's option, the
    start of its description and every code its vocabulary accepts."""
    cls = COMMANDS[name]
    code, out, err = run(capsys, "do", name, "--help")
    assert code == EXIT_OK, err
    text = " ".join(out.split())
    assert cls.spec().doc.split(";")[0] in text
    for f in attrs.fields(cls):
        assert f"--{f.name.replace('_', '-')}" in text, f.name
        words = " ".join(cls.spec().field_docs[f.name].split()[:3])
        assert words[1:] in text, (f.name, words)
    for option in field_options(cls):
        if option.kind == "code":
            for member in option.item:
                assert str(member.value) in text, (option.field, member)


def test_field_ending_in_id_has_a_short_alias_and_lists_a_singular() -> None:
    """``partnership_id`` is also ``--partnership``, ``breakdowns`` also
    ``--breakdown``, ``actor`` also ``--as``; the friendly form comes first."""
    flags = {o.field: o.flags for o in field_options(COMMANDS["report-kpi"])}
    assert flags["partnership_id"] == ("--partnership", "--partnership-id")
    assert flags["kpi_id"] == ("--kpi", "--kpi-id")
    assert flags["breakdowns"] == ("--breakdown", "--breakdowns")
    assert flags["actor"] == ("--as", "--actor")
    assert flags["effective_at"] == ("--effective-at",)


def test_no_alias_shadows_another_field() -> None:
    """An alias is never the option of another field of the same command
    (``kpis`` and ``kpi_ids`` of pledge-commitment share no ``--kpi``)."""
    for cls in COMMANDS.values():
        seen: list[str] = [flag for o in field_options(cls) for flag in o.flags]
        assert len(seen) == len(set(seen)), cls.spec().name
    pledge = {o.field: o.flags for o in field_options(COMMANDS["pledge-commitment"])}
    assert pledge["kpis"] == ("--kpi", "--kpis")
    assert pledge["kpi_ids"] == ("--kpi-ids",)


# -- a partnership's life through `pact do` ------------------------------------------


def do(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run ``pact do argv`` on ``store.db``; it must succeed; return stdout."""
    code, out, err = run(capsys, "do", *argv, "--store", "store.db")
    assert code == EXIT_OK, err
    return out


def returned(out: str) -> list[UUID]:
    """The ids ``pact do`` printed as returned."""
    return [UUID(word) for word in out.split("returned ", 1)[1].split()]


def build_partnership(capsys: pytest.CaptureFixture[str]) -> dict[str, UUID]:
    """Register two organisations, submit and accept an expression of
    interest, join both, appoint a coordinator and pledge a commitment with a
    KPI, all through ``pact do``, by names; return the ids printed."""
    ids = {}
    out = do(
        capsys,
        "register-organisation",
        "--name",
        REGION,
        "--stakeholder-type",
        "public_authority_regional",
        "--size",
        "large",
        "--country",
        "IT",
        "--region",
        "ITF4",
        "--as",
        "Pact Support Services",
    )
    assert out.startswith("register-organisation: 1 event(s) recorded; returned ")
    ids["region"] = returned(out)[0]
    ids["school"] = returned(
        do(
            capsys,
            "register-organisation",
            "--name",
            SCHOOL,
            "--stakeholder-type",
            "vet_provider",
            "--size",
            "medium",
            "--country",
            "it",
            "--ecosystem",
            "tourism,proximity_social_economy",
            "--contact",
            "Maria Bianchi <m.bianchi@example.org>",
            "--as",
            "Pact Support Services",
        )
    )[0]
    ids["partnership"] = returned(
        do(
            capsys,
            "submit-expression-of-interest",
            "--name",
            PARTNERSHIP,
            "--kind",
            "regional",
            "--regional-scope",
            "nuts2",
            "--country",
            "IT",
            "--region",
            "ITF4",
            "--contact",
            '{"full_name": "Anna Rossi", "email": "anna@example.org"}',
            "--description",
            "Green skills for the tourism workers of Puglia.",
            "--current-partner",
            '{"name": "Regione Puglia", "role": "lead"}',
            "--as",
            REGION,
        )
    )[0]
    do(
        capsys,
        "assess-expression-of-interest",
        "--partnership",
        PARTNERSHIP,
        "--outcome",
        "accepted",
        "--reasons",
        "Complete.",
        "--as",
        "Pact Support Services",
    )
    do(
        capsys,
        "join-partnership",
        "--partnership",
        PARTNERSHIP,
        "--organisation",
        REGION,
        "--as",
        REGION,
    )
    do(
        capsys,
        "join-partnership",
        "--partnership",
        PARTNERSHIP,
        "--organisation",
        SCHOOL,
        "--tier",
        "associated",
        "--as",
        REGION,
    )
    do(
        capsys,
        "appoint-coordinator",
        "--partnership",
        PARTNERSHIP,
        "--organisation",
        REGION,
        "--as",
        "Pact Support Services",
    )
    kpi = {
        "name": KPI,
        "category": "skilling_training_outputs",
        "measure": "count",
        "unit": "people",
        "dimensions": ["gender"],
    }
    out = do(
        capsys,
        "pledge-commitment",
        "--partnership",
        PARTNERSHIP,
        "--category",
        "training_and_development",
        "--statement",
        "Train 500 tourism workers in green skills by 2027.",
        "--principle",
        "learning_culture",
        "--principle",
        "equal_opportunities",
        "--target",
        "500 people by 2027-12-31",
        "--kpi",
        json.dumps(kpi),
        "--as",
        REGION,
    )
    ids["commitment"], ids["kpi"] = returned(out)
    assert out.startswith("pledge-commitment: 2 event(s) recorded")
    return ids


def test_a_partnership_is_built_and_reported_on_through_pact_do(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Organisations, an assessed expression of interest, members, a pledged
    commitment with a KPI, a report broken down by gender and its approval,
    all through ``pact do`` with names for ids, are in the store."""
    ids = build_partnership(capsys)
    out = do(
        capsys,
        "report-kpi",
        "--partnership",
        PARTNERSHIP,
        "--kpi",
        KPI,
        "--period",
        "2025",
        "--value",
        "120",
        "--breakdown",
        "gender=women:70,men:50",
        "--reported-by",
        SCHOOL,
        "--as",
        SCHOOL,
    )
    (report_id,) = returned(out)
    out = do(
        capsys,
        "approve-kpi-report",
        "--partnership",
        str(ids["partnership"]),
        "--report",
        str(report_id),
        "--reviewer",
        REGION,
        "--as",
        REGION,
    )
    assert out == "approve-kpi-report: 1 event(s) recorded\n"

    p = load(Path("store.db"), PARTNERSHIP)
    assert p.id == ids["partnership"]
    assert p.assessment is not None
    assert str(p.assessment.outcome) == "accepted"
    assert p.members[ids["region"]].tier is MembershipTier.CORE
    assert p.members[ids["school"]].tier is MembershipTier.ASSOCIATED
    assert p.coordinators == (ids["region"],)
    commitment = p.commitments[ids["commitment"]]
    assert [str(x) for x in commitment.principles] == [
        "learning_culture",
        "equal_opportunities",
    ]
    assert commitment.target is not None
    assert commitment.target.unit == "people"
    assert p.kpis[ids["kpi"]].name == KPI
    report = p.reports[report_id]
    assert report.period == ReportingPeriod.year(2025)
    assert report.value == 120
    assert report.reported_by == ids["school"]
    assert set(report.breakdowns) == {
        BreakdownValue("gender", "women", 70),
        BreakdownValue("gender", "men", 50),
    }
    assert report.review is not None
    assert str(report.review.status) == "approved"


# -- refusals name the option and store nothing ----------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--value", "abc"], "do report-kpi: --value: must be a number, not 'abc'"),
        (["--period", "20x5"], "do report-kpi: --period: '20x5' is not a year"),
        (["--period", "2025-12-31/2025-01-01"], "do report-kpi: --period: "),
        (["--breakdown", "gender=women"], "do report-kpi: --breakdown: 'women' is not"),
        (
            ["--breakdown", "gender=wome:120"],
            "do report-kpi: --breakdown: item 0: BreakdownValue.category: 'wome'",
        ),
        (["--source", "rumour"], "do report-kpi: --source: "),
        (["--reported-by", "Nobody"], "do report-kpi: --reported-by: no organisation"),
        (["--kpi", "Trained"], "do report-kpi: --kpi: partnership 'Green Tourism"),
        (["--partnership", "Green"], "do report-kpi: --partnership: no partnership"),
        (["--as", ""], "actor"),
        (["--effective-at", "yesterday"], "do report-kpi: --effective-at: "),
    ],
)
def test_a_refused_report_names_the_option_and_stores_nothing(
    options: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad value, an unknown name or a domain refusal is one error line
    naming the option and the rule (exit status 2); nothing is stored."""
    build_partnership(capsys)
    before = notifications(Path("store.db"))
    argv = {
        "--partnership": PARTNERSHIP,
        "--kpi": KPI,
        "--period": "2025",
        "--value": "120",
        "--as": SCHOOL,
    }
    for flag, value in zip(options[::2], options[1::2], strict=True):
        argv[flag] = value
    flat = [x for pair in argv.items() for x in pair]
    code, out, err = run(capsys, "do", "report-kpi", *flat, "--store", "store.db")
    assert code == EXIT_USAGE
    assert out == ""
    assert expected in one_error(err)
    assert notifications(Path("store.db")) == before


def test_an_ambiguous_name_is_refused_with_the_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two organisations of the same name: the name is refused, listing both
    ids, and nothing is stored."""
    ids = build_partnership(capsys)
    out = do(
        capsys,
        "register-organisation",
        "--name",
        SCHOOL,
        "--stakeholder-type",
        "vet_provider",
        "--size",
        "small",
        "--country",
        "IT",
        "--as",
        "admin",
    )
    second = returned(out)[0]
    before = notifications(Path("store.db"))
    code, _, err = run(
        capsys,
        "do",
        "leave-partnership",
        "--partnership",
        PARTNERSHIP,
        "--organisation",
        SCHOOL,
        "--as",
        REGION,
        "--store",
        "store.db",
    )
    assert code == EXIT_USAGE
    line = one_error(err)
    assert "--organisation: 2 organisations are named" in line
    assert str(ids["school"]) in line
    assert str(second) in line
    assert notifications(Path("store.db")) == before


def test_usage_errors_of_pact_do_are_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A misspelt command suggests the right one; a missing option names
    it; no command at all says what to give."""
    code, _, err = run(capsys, "do", "reprot-kpi")
    assert code == EXIT_USAGE
    assert "did you mean 'report-kpi'?" in one_error(err)
    code, _, err = run(capsys, "do", "join-partnership", "--partnership", "x")
    assert code == EXIT_USAGE
    assert "the following arguments are required: --organisation" in one_error(err)
    code, _, err = run(capsys, "do")
    assert code == EXIT_USAGE
    assert "give a COMMAND" in one_error(err)
    assert not Path("pact.db").exists()


def test_a_command_that_needs_a_store_does_not_create_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only a command that creates an aggregate creates a new store file."""
    code, _, err = run(
        capsys,
        "do",
        "sign-charter",
        "--organisation",
        str(UUID(int=1)),
        "--signed-on",
        "2025-01-01",
        "--as",
        "a",
        "--store",
        "typo.db",
    )
    assert code == EXIT_USAGE
    assert "there is no store file 'typo.db'" in one_error(err)
    assert not Path("typo.db").exists()


def test_do_json_runs_one_command_from_a_file_or_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``pact do --json FILE`` (and ``-``) runs the command given as JSON and
    prints the outcome as JSON; a bad field is named."""
    command = {
        "command": "register-organisation",
        "name": "Camera di Commercio di Bari",
        "stakeholder_type": "chamber",
        "size": "medium",
        "country": "IT",
        "actor": "admin",
    }
    Path("one.json").write_text(json.dumps(command))
    code, out, err = run(capsys, "do", "--json", "one.json", "--store", "s.db")
    assert code == EXIT_OK, err
    record = json.loads(out)
    assert record["command"] == "register-organisation"
    assert record["events"] == 1
    assert record["notifications"] == [1, 1]
    assert UUID(record["result"])

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({**command, "size": "x"})))
    code, out, err = run(capsys, "do", "--json", "-", "--store", "s.db")
    assert code == EXIT_USAGE
    assert out == ""
    assert "do --json -: register-organisation: size: " in one_error(err)
    assert notifications(Path("s.db")) == [1]


# -- pact apply ------------------------------------------------------------------


def lines() -> list[dict[str, object]]:
    """A partnership's first steps as commands in JSON form, by names."""
    return [
        {
            "command": "register-organisation",
            "name": REGION,
            "stakeholder_type": "public_authority_regional",
            "size": "large",
            "country": "IT",
            "actor": "admin",
        },
        {
            "command": "register-organisation",
            "name": SCHOOL,
            "stakeholder_type": "vet_provider",
            "size": "medium",
            "country": "IT",
            "actor": "admin",
        },
        {
            "command": "submit-expression-of-interest",
            "name": PARTNERSHIP,
            "kind": "regional",
            "regional_scope": "nuts2",
            "countries": ["IT"],
            "regions": ["ITF4"],
            "description": "Green skills.",
            "contact": {"full_name": "Anna Rossi", "email": "anna@example.org"},
            "actor": REGION,
        },
        {
            "command": "assess-expression-of-interest",
            "partnership_id": PARTNERSHIP,
            "outcome": "accepted",
            "actor": "Pact Support Services",
        },
        {
            "command": "join-partnership",
            "partnership_id": PARTNERSHIP,
            "organisation_id": REGION,
            "actor": REGION,
        },
        {
            "command": "join-partnership",
            "partnership_id": PARTNERSHIP,
            "organisation_id": SCHOOL,
            "tier": "affiliated",
            "actor": REGION,
        },
    ]


def write_lines(path: str, records: list[dict[str, object]]) -> None:
    """Write ``records`` as JSON lines, with a blank line in the middle."""
    text = [json.dumps(r) for r in records]
    text.insert(2, "")
    Path(path).write_text("\n".join(text) + "\n")


def test_apply_stores_every_line_in_one_transaction(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A valid file: every command runs against what the lines before it
    recorded (names included), and the events are stored at once: their
    notification ids follow each other with no other write between."""
    code, out, err = run(
        capsys,
        "do",
        "register-organisation",
        "--name",
        "Other",
        "--stakeholder-type",
        "ngo_cso",
        "--size",
        "micro",
        "--country",
        "BE",
        "--as",
        "a",
        "--store",
        "s.db",
    )
    assert code == EXIT_OK, err
    write_lines("steps.jsonl", lines())
    code, out, err = run(capsys, "apply", "steps.jsonl", "--store", "s.db")
    assert code == EXIT_OK, err
    assert out.splitlines()[0].startswith("line 1: register-organisation -> ")
    assert "line 7: join-partnership" in out  # line 3 is blank
    assert out.splitlines()[-1] == (
        "Applied 6 command(s) from steps.jsonl in one transaction: "
        "6 event(s) recorded (notifications 2 to 7)."
    )
    assert notifications(Path("s.db")) == [1, 2, 3, 4, 5, 6, 7]
    p = load(Path("s.db"), PARTNERSHIP)
    assert len(p.members) == 2
    assert str(p.status) == "accepted"


def test_apply_with_a_bad_line_stores_nothing_and_names_line_and_field(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One refused line: one error line naming the file, the line, the
    command, the field and the rule; nothing of the file is stored."""
    records = lines()
    records[5] = {**records[5], "tier": "gold"}
    write_lines("first.jsonl", [{**lines()[0], "name": "Other"}])
    assert run(capsys, "apply", "first.jsonl", "--store", "s.db")[0] == EXIT_OK
    write_lines("steps.jsonl", records)
    code, out, err = run(capsys, "apply", "steps.jsonl", "--store", "s.db")
    assert code == EXIT_USAGE
    assert out == ""
    line = one_error(err)
    assert line.startswith("pact: error: steps.jsonl:7: join-partnership: tier: ")
    assert "'gold'" in line
    assert line.endswith("; nothing was stored")
    assert notifications(Path("s.db")) == [1]


def test_apply_lists_every_refused_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Several refused lines (bad JSON, an unknown field, a missing one): each
    is listed with its line and field, then one error line; nothing stored."""
    records = lines()
    records[0] = {**records[0], "colour": "red"}
    del records[3]["outcome"]
    write_lines("steps.jsonl", records)
    with Path("steps.jsonl").open("a") as f:
        f.write("{not json\n")
    code, out, err = run(capsys, "apply", "steps.jsonl")
    assert code == EXIT_USAGE
    assert out == ""
    assert "refused: steps.jsonl:1: register-organisation: colour: " in err
    assert (
        "refused: steps.jsonl:5: assess-expression-of-interest: outcome: is required"
        in err
    )
    assert "refused: steps.jsonl:8: is not JSON: " in err
    assert "command(s) refused (listed above); nothing was stored" in one_error(err)
    assert notifications(Path("pact.db")) == []


def test_apply_accept_valid_stores_the_valid_lines_and_writes_the_rejects(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--accept-valid`` stores the valid lines in one transaction and
    writes each refused one, with its error, beside the input."""
    records = lines()
    records[1] = {**records[1], "size": "huge"}  # then line 7 names nobody
    write_lines("steps.jsonl", records)
    code, out, err = run(capsys, "apply", "steps.jsonl", "--accept-valid")
    assert code == EXIT_OK, err
    assert out.splitlines()[-2:] == [
        "Applied 4 command(s) from steps.jsonl in one transaction: "
        "4 event(s) recorded (notifications 1 to 4).",
        "Refused 2 line(s), written to steps.rejects.jsonl.",
    ]
    rejects = [
        json.loads(x) for x in Path("steps.rejects.jsonl").read_text().splitlines()
    ]
    assert [(r["line"], r["field"]) for r in rejects] == [
        (2, "size"),
        (7, "organisation_id"),
    ]
    assert rejects[0]["input"] == records[1]
    assert rejects[1]["error"].startswith("steps.jsonl:7: join-partnership: ")
    assert notifications(Path("pact.db")) == [1, 2, 3, 4]


def test_apply_json_reports_each_line_for_machines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--json`` prints one object: counts, the notifications written, each
    stored line's result and each refusal; ``--rejects`` names the file."""
    records = lines()
    records[4] = {**records[4], "organisation_id": "Nobody"}
    write_lines("steps.jsonl", records)
    code, out, err = run(
        capsys,
        "apply",
        "steps.jsonl",
        "--accept-valid",
        "--rejects",
        "out.jsonl",
        "--json",
    )
    assert code == EXIT_OK, err
    report = json.loads(out)
    assert (report["stored"], report["refused"], report["events"]) == (5, 1, 5)
    assert report["notifications"] == [1, 5]
    assert report["rejects"] == "out.jsonl"
    assert [x["line"] for x in report["lines"]] == [1, 2, 4, 5, 7]
    assert UUID(report["lines"][0]["result"])
    assert report["refusals"][0]["field"] == "organisation_id"
    assert len(Path("out.jsonl").read_text().splitlines()) == 1


def test_apply_refuses_rejects_without_accept_valid_and_a_missing_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--rejects`` alone, or a file that does not exist, is a usage error
    and creates no store."""
    code, _, err = run(capsys, "apply", "none.jsonl")
    assert code == EXIT_USAGE
    assert "apply none.jsonl: there is no such file" in one_error(err)
    Path("x.jsonl").write_text("")
    code, _, err = run(capsys, "apply", "x.jsonl", "--rejects", "r.jsonl")
    assert code == EXIT_USAGE
    assert "--rejects goes with --accept-valid" in one_error(err)
    assert not Path("pact.db").exists()


def test_every_command_class_field_type_has_a_command_line_form() -> None:
    """Every field of every command maps to an option kind (none is left out
    of ``pact do``)."""
    for cls in COMMANDS.values():
        options = field_options(typing.cast(type[Command[object]], cls))
        assert [o.field for o in options] == [
            *(
                f.name
                for f in attrs.fields(cls)
                if f.name not in ("actor", "effective_at")
            ),
            "actor",
            "effective_at",
        ]


# -- the transcript of docs/cli.md's `pact apply` section ---------------------------


def test_the_apply_transcript_of_the_cli_page_is_what_pact_prints(
    tmp_path: Path,
) -> None:
    """docs/cli.md's ``pact apply`` example, run on the file it shows (and
    that file with ``"tier": "gold"`` as ``steps-bad.jsonl``), prints what the
    page shows."""
    from _docs import DOCS, blocks, commands, matches, run_pact

    page = DOCS / "cli.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("## `pact apply FILE`")
    end = text.index("\n## ", start + 1)
    first = text[:start].count("\n") + 1
    last = text[:end].count("\n") + 1
    inside = [b for b in blocks(page) if first <= b.line <= last]
    (data,) = [b for b in inside if b.language == "json"]
    (transcript,) = [b for b in inside if b.language == "text"]
    Path("steps.jsonl").write_text(data.code)
    bad = data.code.replace('"tier": "core"', '"tier": "gold"')
    assert bad != data.code
    Path("steps-bad.jsonl").write_text(bad)
    ran = commands(transcript)
    assert len(ran) == 3
    for command in ran:
        actual = run_pact(command.text)
        assert matches(command.expected, actual), (command.where, actual)
    assert Path("steps-bad.rejects.jsonl").exists()
