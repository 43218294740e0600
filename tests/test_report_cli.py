"""``pact report --format … -o FILE``: the report formats from the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from pact_adapters.cli import main
from pact_adapters.demo import TOURISM_ID, load_demo
from pact_adapters.stores import open_application

IATI_SCHEMA = (
    Path(__file__).parent / "data" / "iati-2.03" / "iati-activities-schema.xsd"
)
TOURISM = "Skills Partnership for the Tourism Ecosystem"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("demo") / "pact.db")
    load_demo(open_application(path))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_stays_the_default_and_json_the_same_as_format_json(
    demo_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("report", TOURISM, "--year", "2024")
    code, text, _ = _run(capsys, *base, "--store", demo_store)
    assert code == 0
    assert text.startswith(f"Annual monitoring report 2024: {TOURISM}")
    code, same, _ = _run(capsys, *base, "--format", "text", "--store", demo_store)
    assert same == text
    _, legacy, _ = _run(capsys, *base, "--json", "--store", demo_store)
    _, chosen, _ = _run(capsys, *base, "--format", "json", "--store", demo_store)
    first, second = json.loads(legacy), json.loads(chosen)
    assert first.pop("as_of") <= second.pop("as_of")  # "now", a moment apart
    assert first == second
    assert second["partnership_id"] == str(TOURISM_ID)


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "iati"])
def test_text_formats_print_to_stdout(
    demo_store: str, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, _ = _run(
        capsys, "report", str(TOURISM_ID), "--format", fmt, "--store", demo_store
    )
    assert code == 0
    assert out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows
        assert {"target", "actual", "progress"} <= set(rows[0])
    elif fmt == "md":
        assert out.startswith("# Annual monitoring report")
        assert "## Against the portfolio" in out  # the CLI gives the context
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>")
        assert out.count("<svg") == 5
    else:
        assert out.startswith("<?xml")


@pytest.mark.parametrize("portfolio", [False, True], ids=["partnership", "portfolio"])
def test_every_format_writes_a_file(
    demo_store: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    portfolio: bool,
) -> None:
    who = ["--portfolio"] if portfolio else [str(TOURISM_ID)]
    for fmt in ("text", "json", "csv", "md", "html", "xlsx", "iati"):
        target = tmp_path / f"report.{fmt}"
        code, out, err = _run(
            capsys,
            "report",
            *who,
            "--year",
            "2025",
            "--format",
            fmt,
            "-o",
            str(target),
            "--store",
            demo_store,
        )
        assert code == 0, err
        assert out == ""
        assert f"wrote {fmt} report to {target}" in err
        assert target.stat().st_size > 0


def test_xlsx_needs_an_output_file(
    demo_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, "report", "--portfolio", "--format", "xlsx", "--store", demo_store
    )
    assert code == 2
    assert out == ""
    assert "binary" in err
    assert "-o FILE" in err


def test_unknown_format_and_conflicting_options_are_refused(
    demo_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        capsys, "report", "--portfolio", "--format", "pdf", "--store", demo_store
    )
    assert code == 2
    assert "unknown report format" in err
    assert "xlsx" in err
    code, _, err = _run(
        capsys,
        "report",
        "--portfolio",
        "--json",
        "--format",
        "csv",
        "--store",
        demo_store,
    )
    assert code == 2
    assert "not both" in err


def test_iati_of_the_demo_validates(
    demo_store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The demo's partnership and portfolio export as valid IATI 2.03."""
    etree: Any = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(IATI_SCHEMA)))
    for who in ([str(TOURISM_ID)], ["--portfolio"]):
        target = tmp_path / "iati.xml"
        code, _, err = _run(
            capsys,
            "report",
            *who,
            "--format",
            "iati",
            "-o",
            str(target),
            "--store",
            demo_store,
        )
        assert code == 0, err
        doc = etree.parse(str(target))
        schema.assertValid(doc)
    code, out, _ = _run(
        capsys, "report", str(TOURISM_ID), "--format", "json", "--store", demo_store
    )
    kpis = json.loads(out)["kpis"]
    code, out, _ = _run(
        capsys, "report", str(TOURISM_ID), "--format", "iati", "--store", demo_store
    )
    doc = etree.fromstring(out.encode())
    titles = doc.xpath("//indicator/title/narrative/text()")
    assert sorted(titles) == sorted(k["name"] for k in kpis)
