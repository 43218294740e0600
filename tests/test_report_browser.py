"""The HTML reports in a real browser (Debian's Chromium, driven by
Playwright with ``executable_path``: no browser is downloaded): they render
without console errors, every chart and section is drawn, and they print to
a sane number of pages.

Without ``chromium`` on the PATH the tests skip, unless
``PACT_REQUIRE_BROWSER=1`` (set by ``.ci/run`` after installing them), when
a missing browser fails."""

from __future__ import annotations

import io
import os
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pact_adapters.demo import TOURISM_ID, load_demo
from pact_adapters.reports.html import HTML
from pact_domain.application import PactApplication
from pact_domain.monitoring import (
    MonitoringViews,
    annual_report,
    portfolio_report,
)
from pact_domain.monitoring.store import MemoryViewStore

REQUIRED = os.environ.get("PACT_REQUIRE_BROWSER") == "1"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Chromium's flags for this closed machine (headless is Playwright's own)."""


def _unavailable(reason: str) -> None:
    reason += (
        ' (Debian: apt-get install chromium; pip install -e ".[tests]"); '
        "PACT_REQUIRE_BROWSER=1 makes this a failure"
    )
    if REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium (the system's, no download) with a fresh
    profile, driven by Playwright."""
    chromium = shutil.which("chromium")
    if chromium is None:
        _unavailable("no chromium on the PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium,
            headless=True,
            args=FLAGS,
            viewport={"width": 1200, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo's Tourism annual report (with its portfolio) and the
    portfolio report, as HTML files."""
    app = PactApplication(store="memory:")
    load_demo(app)
    views = MonitoringViews(app, store=MemoryViewStore())
    folio = portfolio_report(views, year=2025)
    annual = annual_report(views, TOURISM_ID, year=2025)
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for name, data in (
        ("annual", HTML.render(annual, folio.portfolio)),
        ("portfolio", HTML.render(folio, None)),
    ):
        out[name] = folder / f"{name}.html"
        out[name].write_bytes(data)
    return out


def _open(browser: Any, path: Path) -> tuple[Any, list[str]]:
    """A new tab showing ``path``, and the errors it logs."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors


def _png(data: bytes) -> Any:
    from PIL import Image

    return Image.open(io.BytesIO(data)).convert("RGB")


def _ink(image: Any, background: tuple[int, int, int] = (255, 255, 255)) -> float:
    """The share of the image's pixels that are not the background."""
    colours = {c: n for n, c in image.getcolors(1 << 24)}
    total = image.size[0] * image.size[1]
    return 1 - colours.get(background, 0) / max(total, 1)


@pytest.mark.parametrize(("name", "charts"), [("annual", 5), ("portfolio", 3)])
def test_the_report_renders_without_console_errors_and_draws_every_chart(
    browser: Any, pages: dict[str, Path], name: str, charts: int
) -> None:
    """The page logs no error (a CSP violation would be one), and each
    chart has a size, a title and drawn marks inside its box."""
    page, errors = _open(browser, pages[name])
    svgs = page.locator("svg.chart")
    assert svgs.count() == charts
    for i in range(charts):
        svg = svgs.nth(i)
        box = svg.bounding_box()
        assert box is not None
        assert box["width"] > 100
        assert box["height"] > 20
        assert svg.locator("title").first.text_content()
        assert _ink(_png(svg.screenshot())) > 0.02, svg.get_attribute("aria-labelledby")
    assert errors == []
    page.close()


@pytest.mark.parametrize("name", ["annual", "portfolio"])
def test_every_section_and_table_has_content(
    browser: Any, pages: dict[str, Path], name: str
) -> None:
    """Each heading is followed by content, and each table has rows."""
    page, errors = _open(browser, pages[name])
    empty = page.evaluate(
        """() => [...document.querySelectorAll('h2, h3')].filter(h => {
             const next = h.nextElementSibling;
             return !next || (!next.textContent.trim() && !next.querySelector('svg'));
           }).map(h => h.textContent)"""
    )
    assert empty == []
    tables = page.locator("table")
    assert tables.count() >= 3
    for i in range(tables.count()):
        assert tables.nth(i).locator("tbody tr").count() > 0
    assert "All figures" in page.locator("h2").all_text_contents()
    assert errors == []
    page.close()


@pytest.mark.parametrize(("name", "most"), [("annual", 8), ("portfolio", 8)])
def test_the_report_prints_to_a_sane_number_of_a4_pages(
    browser: Any, pages: dict[str, Path], name: str, most: int
) -> None:
    """Printed to PDF on A4, the report takes a few pages, not dozens."""
    import pypdf

    page, _ = _open(browser, pages[name])
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert 1 <= len(pdf.pages) <= most
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages))
    assert "All figures" in text
    page.close()


@pytest.mark.parametrize("name", ["annual", "portfolio"])
def test_a_screenshot_is_not_blank(
    browser: Any, pages: dict[str, Path], name: str
) -> None:
    """The first screen shows the title, the cards and a chart: many
    colours and a fair share of ink."""
    page, _ = _open(browser, pages[name])
    image = _png(page.screenshot())
    assert image.size[0] >= 800
    assert len(image.getcolors(1 << 24)) > 20
    assert _ink(image, image.getpixel((2, 2))) > 0.1
    page.close()
