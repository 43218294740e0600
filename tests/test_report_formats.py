"""The built-in report formats (``pact_adapters.reports``): each passes the
conformance kit, and each one's content is checked."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import pytest

from pact_adapters.hookspecs import ReportFormatSpec
from pact_adapters.plugins import report_formats
from pact_adapters.reports.csv_report import CSV
from pact_adapters.reports.html import HTML
from pact_adapters.reports.iati import IATI
from pact_adapters.reports.json_report import JSON
from pact_adapters.reports.markdown import MARKDOWN
from pact_adapters.reports.text import TEXT
from pact_adapters.reports.xlsx import XLSX
from pact_adapters.testing import ReportFormatConformance
from pact_domain.monitoring import (
    AnnualMonitoringReport,
    BreakdownShare,
    CoreIndicator,
    IndicatorTotal,
    KpiLine,
    KpiStatus,
    PartnershipLine,
    PartnershipRollUp,
    Portfolio,
    PortfolioEntry,
    PortfolioReport,
    PrincipleProgress,
    ReportingDiscipline,
    RollUp,
    Spread,
    TimeAxis,
)
from pact_domain.serialization import structure
from pact_domain.values import Baseline, Target
from pact_domain.vocabularies import (
    CalculationMethod,
    CharterPrinciple,
    Dimension,
    Measure,
    PartnershipKind,
    PartnershipStatus,
)

IATI_SCHEMA = (
    Path(__file__).parent / "data" / "iati-2.03" / "iati-activities-schema.xsd"
)
AS_OF = datetime(2026, 1, 31, 12, tzinfo=UTC)
YEAR_END = datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
PID = UUID(int=0xA1)


def _kpi(
    n: int,
    name: str,
    status: KpiStatus,
    *,
    target: str | None = "1000",
    actual: str | None = None,
    progress: str | None = None,
    expected: str | None = None,
    baseline: Baseline | None = None,
    measure: Measure = Measure.COUNT,
    unit: str = "people",
    breakdowns: tuple[BreakdownShare, ...] = (),
) -> KpiLine:
    return KpiLine(
        kpi_id=UUID(int=0x100 + n),
        commitment_id=UUID(int=0x200 + n // 2),
        member_id=None,
        name=name,
        unit=unit,
        measure=measure,
        calculation=CalculationMethod.SUM,
        baseline=baseline,
        target=None
        if target is None
        else Target(Decimal(target), unit, date(2026, 12, 31)),
        value_in_year=None if actual is None else Decimal(actual) / 2,
        value_to_date=None if actual is None else Decimal(actual),
        expected=None if expected is None else Decimal(expected),
        progress=None if progress is None else Decimal(progress),
        status=status,
        pending_reports=1 if status is KpiStatus.NO_DATA else 0,
        returned_reports=0,
        breakdowns=breakdowns,
        retired=False,
    )


def annual() -> AnnualMonitoringReport:
    """A partnership's report for 2025 with a KPI in every status."""
    gender = (
        BreakdownShare(Dimension.GENDER, "women", Decimal(330), Decimal("0.5156")),
        BreakdownShare(Dimension.GENDER, "men", Decimal(310), Decimal("0.4844")),
    )
    kpis = (
        _kpi(
            0,
            "People trained in green skills",
            KpiStatus.ON_TRACK,
            actual="640",
            progress="0.6400",
            expected="600",
            breakdowns=gender,
        ),
        _kpi(
            1,
            "Training courses offered",
            KpiStatus.ACHIEVED,
            target="40",
            actual="52",
            progress="1.3000",
            expected="37",
            unit="courses",
        ),
        _kpi(
            2,
            "Share of SMEs reached",
            KpiStatus.BEHIND,
            target="60",
            actual="35",
            progress="0.2500",
            expected="55",
            baseline=Baseline(Decimal(25), 2022),
            measure=Measure.PERCENTAGE,
            unit="%",
        ),
        _kpi(3, "Apprenticeships & <traineeships>", KpiStatus.NO_DATA),
        _kpi(4, "Regional skills groups", KpiStatus.NO_TARGET, target=None),
    )
    return AnnualMonitoringReport(
        partnership_id=PID,
        name="Skills Partnership for Green Construction",
        kind=PartnershipKind.LARGE_SCALE,
        status=PartnershipStatus.ACTIVE,
        year=2025,
        as_of=AS_OF,
        axis=TimeAxis.RECORDED,
        evaluated_at=YEAR_END,
        members=21,
        members_joined=4,
        members_left=1,
        by_stakeholder_type={
            "company": 6,
            "vet_provider": 5,
            "higher_education": 3,
            "public_authority_regional": 4,
            "social_partner": 3,
        },
        countries=("BE", "DE", "DK", "ES", "FR", "IT", "NL", "PL", "UA"),
        regions=("BE10", "DE30"),
        ecosystems=("construction",),
        sme_share=Decimal("0.2857"),
        communications=12,
        communication_reach=45000,
        meetings=4,
        average_meeting_participants=Decimal("17.5"),
        activities=20,
        deliverables_due=6,
        deliverables_delivered=5,
        deliverables_overdue=1,
        outputs={"curriculum": 2, "database": 1},
        survey_responses=15,
        share_satisfied=Decimal("0.8000"),
        share_using_outputs=Decimal("0.6000"),
        funding_eur=Decimal("250000"),
        kpis=kpis,
        reporting=ReportingDiscipline(
            expected=10,
            received=8,
            on_time=6,
            late=2,
            awaiting=1,
            overdue=1,
            completeness=Decimal("0.8000"),
            timeliness=Decimal("0.7500"),
        ),
    )


def folio() -> PortfolioReport:
    """A portfolio report for 2025 with three partnerships."""
    entries = (
        PortfolioEntry(
            UUID(int=0xA2),
            "Automotive Skills Alliance",
            PartnershipKind.LARGE_SCALE,
            PartnershipStatus.ACTIVE,
            ("mobility_transport_automotive",),
            17,
            ("CZ", "DE", "IT"),
        ),
        PortfolioEntry(
            PID,
            "Skills Partnership for Green Construction",
            PartnershipKind.LARGE_SCALE,
            PartnershipStatus.ACTIVE,
            ("construction",),
            21,
            ("BE", "DE", "DK", "ES", "FR", "IT", "NL", "PL", "UA"),
        ),
        PortfolioEntry(
            UUID(int=0xA3),
            "Puglia tourism skills",
            PartnershipKind.REGIONAL,
            PartnershipStatus.ACTIVE,
            ("tourism",),
            10,
            ("IT",),
        ),
    )
    portfolio = Portfolio(
        on=YEAR_END,
        partnerships=3,
        by_kind={"large_scale": 2, "regional": 1},
        by_status={"active": 3},
        by_ecosystem={
            "construction": 1,
            "mobility_transport_automotive": 1,
            "tourism": 1,
        },
        members=Spread(Decimal("16.0000"), 10, 21),
        countries=Spread(Decimal("4.3333"), 1, 9),
        organisations=46,
        all_countries=("BE", "CZ", "DE", "DK", "ES", "FR", "IT", "NL", "PL", "UA"),
        entries=entries,
    )
    lines = tuple(
        PartnershipLine(
            e.partnership_id,
            e.name,
            e.kind,
            e.members,
            len(e.countries),
            i + 2,
            1000 * (i + 1),
            5 - i,
            3 - i,
            Decimal("0.8000"),
        )
        for i, e in enumerate(entries)
    )
    totals = (
        IndicatorTotal(CoreIndicator.PEOPLE_UPSKILLED, Decimal(640), Decimal(700), 1),
        IndicatorTotal(
            CoreIndicator.EUROS_INVESTED, Decimal(250000), Decimal(250000), 1
        ),
    )
    roll = RollUp(
        on=YEAR_END,
        partnerships=(),
        ecosystems=(),
        pact=totals,
        stakeholders=46,
        principles=(
            PrincipleProgress(
                CharterPrinciple.LEARNING_CULTURE,
                3,
                5,
                {"on_track": 2},
                Decimal("0.55"),
            ),
        ),
    )
    return PortfolioReport(
        year=2025,
        as_of=AS_OF,
        axis=TimeAxis.RECORDED,
        evaluated_at=YEAR_END,
        portfolio=portfolio,
        partnerships=lines,
        roll_up=roll,
    )


BUILTINS = [TEXT, JSON, CSV, MARKDOWN, HTML, XLSX, IATI]


class _Conformance(ReportFormatConformance):
    @pytest.fixture
    def sample_report(self) -> Any:
        return annual()

    @pytest.fixture
    def sample_portfolio(self) -> Any:
        return folio()


class TestText(_Conformance):
    @pytest.fixture
    def report_format(self) -> ReportFormatSpec:
        return TEXT


class TestJson(_Conformance):
    @pytest.fixture
    def report_format(self) -> ReportFormatSpec:
        return JSON


class TestCsv(_Conformance):
    @pytest.fixture
    def report_format(self) -> ReportFormatSpec:
        return CSV


class TestMarkdown(_Conformance):
    @pytest.fixture
    def report_format(self) -> ReportFormatSpec:
        return MARKDOWN


class TestHtml(_Conformance):
    @pytest.fixture
    def report_format(self) -> ReportFormatSpec:
        return HTML


class TestXlsx(_Conformance):
    @pytest.fixture
    def report_format(self) -> ReportFormatSpec:
        return XLSX


class TestIati(_Conformance):
    @pytest.fixture
    def report_format(self) -> ReportFormatSpec:
        return IATI


class TestPortfolioReports(_Conformance):
    """Every format also renders the portfolio report (no context)."""

    @pytest.fixture(params=BUILTINS, ids=lambda f: f.name)
    def report_format(self, request: pytest.FixtureRequest) -> ReportFormatSpec:
        spec: ReportFormatSpec = request.param
        return spec

    @pytest.fixture
    def sample_report(self) -> Any:
        return folio()


def test_the_builtin_formats_are_registered_by_their_entry_points() -> None:
    """``pact report --format`` offers every built-in format."""
    formats = report_formats()
    assert {f.name for f in BUILTINS} <= set(formats)
    for spec in BUILTINS:
        assert formats[spec.name] is spec


@pytest.mark.parametrize("spec", BUILTINS, ids=lambda f: f.name)
def test_a_format_refuses_what_is_not_a_report(spec: ReportFormatSpec) -> None:
    with pytest.raises(TypeError, match="AnnualMonitoringReport"):
        spec.render({"not": "a report"}, None)


# -- JSON ---------------------------------------------------------------------------


def test_json_round_trips_through_cattrs() -> None:
    report = annual()
    data = json.loads(JSON.render(report, folio()))
    assert structure(data, AnnualMonitoringReport) == report
    portfolio = folio()
    assert structure(json.loads(JSON.render(portfolio, None)), PortfolioReport) == (
        portfolio
    )


# -- CSV ----------------------------------------------------------------------------


def _csv(output: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output.decode("utf-8"), newline="")))


def test_csv_has_one_row_per_kpi_with_target_actual_and_progress() -> None:
    report = annual()
    rows = _csv(CSV.render(report, None))
    assert [r["name"] for r in rows] == [k.name for k in report.kpis]
    first = rows[0]
    assert first["partnership_id"] == str(PID)
    assert first["year"] == "2025"
    assert (first["target"], first["actual"], first["progress"]) == (
        "1000",
        "640",
        "0.6400",
    )
    assert first["status"] == "on_track"
    no_target = rows[4]
    assert (no_target["target"], no_target["actual"], no_target["progress"]) == (
        "",
        "",
        "",
    )
    sme = rows[2]
    assert (sme["baseline"], sme["baseline_year"]) == ("25", "2022")


def test_csv_of_the_portfolio_has_one_row_per_partnership() -> None:
    rows = _csv(CSV.render(folio(), None))
    assert [r["name"] for r in rows] == [line.name for line in folio().partnerships]
    assert rows[0]["members"] == "17"
    assert rows[0]["completeness"] == "0.8000"


# -- Markdown -------------------------------------------------------------------------


def test_markdown_has_tables_and_escapes_cells() -> None:
    """The Markdown report has its tables, labels for codes and rounded
    numbers."""
    text = MARKDOWN.render(annual(), folio()).decode()
    assert text.startswith("# Annual monitoring report 2025: ")
    assert "| KPI | Target | Deadline | In 2025 | Actual | Expected |" in text
    assert "| People trained in green skills | 1,000 people | 2026-12-31 |" in text
    assert "| KPI | Unit | Measure | Calculation | Baseline | Baseline year |" in text
    assert "| Gender | women | 330 | 51.6% |" in text
    assert "## Against the portfolio" in text
    assert "| Members | 21 | 16 | 10 | 21 |" in text
    assert "| Report | Year | 2025 |" in text
    assert "| Members by stakeholder type | Private or public company | 6 |" in text
    assert "company 6" not in text
    for line in text.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) >= 4  # a table row: | a | b |
    portfolio = MARKDOWN.render(folio(), None).decode()
    assert "| Automotive Skills Alliance | Large Scale Partnership | " in portfolio
    assert "| People who benefited from up- or reskilling | 640 | 700 | 1 |" in (
        portfolio
    )
    assert "## Charter principles" in portfolio
    assert "## Core indicators by partnership" in portfolio


def test_markdown_escapes_pipes() -> None:
    report = annual()
    kpis = (attrs.evolve(report.kpis[0], name="A | B"), *report.kpis[1:])
    text = MARKDOWN.render(attrs.evolve(report, kpis=kpis), None).decode()
    assert "| A \\| B |" in text


# -- HTML ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "charts"),
    [(annual(), 5), (folio(), 3)],
    ids=["annual", "portfolio"],
)
def test_html_is_self_contained_with_an_svg_per_chart(report: Any, charts: int) -> None:
    """No scripts, links, external references or fonts; one inline ``<svg>``
    per chart (KPI progress, types, countries, and two against the portfolio)."""
    page = HTML.render(report, folio()).decode()
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    assert "http://" not in lowered
    assert "https://" not in lowered
    assert "//" not in re.sub(r"<style>.*?</style>", "", lowered, flags=re.S)
    for banned in ("<script", "<link", "<img", "<iframe", "@import", "url(", "src="):
        assert banned not in lowered
    assert lowered.count("<svg") == charts
    assert lowered.count("</svg>") == charts
    assert lowered.count("<figure>") == charts


def test_html_charts_show_every_kpi_and_escape_text() -> None:
    report = annual()
    page = HTML.render(report, None).decode()
    assert page.count("<svg") == 3  # no portfolio context: no comparison charts
    for k in report.kpis:
        assert (
            k.name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            in page
        )
    assert "<traineeships>" not in page
    assert "64.0%" in page
    assert "130.0%" in page
    assert "Private or public company" in page  # stakeholder type labels
    assert ">UA<" in page  # a member country outside the EU/EEA grid


# -- XLSX ---------------------------------------------------------------------------


def _workbook(output: bytes) -> Any:
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(io.BytesIO(output))


def test_xlsx_has_the_sheets_and_values() -> None:
    """The workbook's sheets hold real numbers and dates with formats, and
    labels for codes."""
    report = annual()
    wb = _workbook(XLSX.render(report, folio()))
    assert wb.sheetnames == [
        "Summary",
        "KPIs",
        "Breakdowns",
        "Membership",
        "Countries",
        "Portfolio",
    ]
    kpis = list(wb["KPIs"].values)
    header = kpis[0]
    assert len(kpis) == 1 + len(report.kpis)
    row = dict(zip(header, kpis[1], strict=True))
    assert row["KPI"] == "People trained in green skills"
    assert (row["Target"], row["Actual"], row["Progress"]) == (1000, 640, 0.64)
    assert row["Deadline"] == datetime(2026, 12, 31)
    assert row["Measure"] == "Count"
    assert wb["KPIs"].cell(2, header.index("Progress") + 1).number_format == "0.0%"
    assert wb["KPIs"].cell(2, header.index("Target") + 1).number_format == "#,##0.00"
    summary = {r[1]: r[2] for r in wb["Summary"].values}
    assert summary["Members"] == 21
    assert summary["Funding secured (EUR)"] == 250000
    assert summary["As of (UTC)"] == datetime(2026, 1, 31, 12)
    assert list(wb["Breakdowns"].values)[1][2:] == ("Gender", "women", 330, 0.5156)
    assert ("Private or public company", 6) in list(wb["Membership"].values)
    assert [r[0] for r in wb["Countries"].values][1:] == list(report.countries)
    assert wb.properties.creator == "pact-domain"


def test_xlsx_of_the_portfolio() -> None:
    """The portfolio workbook has the partnerships, the roll-ups and the
    principles."""
    wb = _workbook(XLSX.render(folio(), None))
    assert wb.sheetnames == [
        "Summary",
        "Partnerships",
        "Core indicators",
        "By partnership",
        "By ecosystem",
        "Principles",
        "Countries",
    ]
    rows = list(wb["Partnerships"].values)
    assert [r[1] for r in rows[1:]] == [line.name for line in folio().partnerships]
    assert ("IT", "Italy", 3) in list(wb["Countries"].values)


@pytest.mark.parametrize("report", [annual(), folio()], ids=["annual", "portfolio"])
def test_xlsx_is_ready_to_print_and_to_filter(report: Any) -> None:
    """Every sheet prints landscape, fit to one page wide, with its header
    row repeated, the title and as-of instant in its header and footer, a
    frozen header row and an autofilter over its table."""
    wb = _workbook(XLSX.render(report, folio()))
    for ws in wb:
        setup = ws.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
            "landscape",
            1,
            0,
        ), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddHeader.left.text.endswith(("report 2025", "Construction"))
        assert ws.oddHeader.right.text == ws.title
        assert ws.oddFooter.left.text == "As of 2026-01-31 12:00 UTC"
        assert ws.oddFooter.right.text == "Page &P of &N"
        assert ws.freeze_panes in ("A2", "B2")
        if ws.max_row > 1:
            assert ws.auto_filter.ref == ws.dimensions
        for letter, dimension in ws.column_dimensions.items():
            assert 4 <= dimension.width <= 62, (ws.title, letter)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                assert not (
                    isinstance(cell.value, str) and re.search(r"\d\.\d{6}", cell.value)
                ), (ws.title, cell.coordinate)  # no instant written as text


# -- IATI ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def iati_schema() -> Any:
    etree = pytest.importorskip("lxml.etree")
    return etree.XMLSchema(etree.parse(str(IATI_SCHEMA)))


def _iati(output: bytes, schema: Any) -> Any:
    from lxml import etree

    doc = etree.fromstring(output)
    schema.assertValid(doc)
    return doc


def test_iati_validates_against_the_2_03_schema_and_has_every_kpi(
    iati_schema: Any,
) -> None:
    report = annual()
    doc = _iati(IATI.render(report, folio()), iati_schema)
    assert doc.get("version") == "2.03"
    (activity,) = doc.findall("iati-activity")
    assert activity.findtext("iati-identifier").endswith(str(PID))
    indicators = activity.findall("result/indicator")
    assert [i.findtext("title/narrative") for i in indicators] == [
        k.name for k in report.kpis
    ]
    assert len(activity.findall("result")) == 3  # one per commitment
    trained = indicators[0]
    assert (trained.get("measure"), trained.get("ascending")) == ("1", "1")
    period = trained.find("period")
    assert period.find("period-start").get("iso-date") == "2025-01-01"
    assert period.find("period-end").get("iso-date") == "2025-12-31"
    assert period.find("target").get("value") == "1000"
    actuals = period.findall("actual")
    assert [a.get("value") for a in actuals] == ["640", "330", "310"]
    assert [(d.get("name"), d.get("value")) for d in period.iter("dimension")] == [
        ("gender", "women"),
        ("gender", "men"),
    ]
    sme = indicators[2]
    assert sme.get("measure") == "2"
    assert (sme.find("baseline").get("year"), sme.find("baseline").get("value")) == (
        "2022",
        "25",
    )
    assert indicators[4].find("period/target") is None  # no target set


def test_iati_of_the_portfolio_validates(iati_schema: Any) -> None:
    portfolio = folio()
    rolled = attrs.evolve(
        portfolio.roll_up,
        partnerships=(
            PartnershipRollUp(
                PID,
                "Skills Partnership for Green Construction",
                ("construction",),
                portfolio.roll_up.pact,
                portfolio.roll_up.pact,
                (),
            ),
        ),
    )
    doc = _iati(IATI.render(attrs.evolve(portfolio, roll_up=rolled), None), iati_schema)
    activities = doc.findall("iati-activity")
    assert len(activities) == 3
    indicators = doc.findall("iati-activity/result/indicator")
    assert [i.findtext("title/narrative") for i in indicators] == [
        t.indicator.label for t in portfolio.roll_up.pact
    ]


def test_iati_reporting_org_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, iati_schema: Any
) -> None:
    monkeypatch.setenv("PACT_IATI_REPORTING_ORG", "XI-IATI-EXAMPLE")
    monkeypatch.setenv("PACT_IATI_REPORTING_ORG_NAME", "Example publisher")
    doc = _iati(IATI.render(annual(), None), iati_schema)
    org = doc.find("iati-activity/reporting-org")
    assert org.get("ref") == "XI-IATI-EXAMPLE"
    assert org.findtext("narrative") == "Example publisher"
    assert doc.findtext("iati-activity/iati-identifier") == f"XI-IATI-EXAMPLE-{PID}"


def test_the_iati_schema_catches_a_broken_file(iati_schema: Any) -> None:
    """The vendored schema really validates: an indicator without its
    required measure is refused."""
    from lxml import etree

    broken = IATI.render(annual(), None).replace(b' measure="1"', b"", 1)
    assert not iati_schema.validate(etree.fromstring(broken))
