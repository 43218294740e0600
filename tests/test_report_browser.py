"""The HTML reports in a real browser (Debian's Chromium, driven by
Selenium through ``chromedriver``): they render without console errors,
every chart and section is drawn, and they print to a sane number of pages.

Without ``chromium`` and ``chromedriver`` on the PATH the tests skip, unless
``PACT_REQUIRE_BROWSER=1`` (set by ``.ci/run`` after installing them), when
a missing browser fails."""

from __future__ import annotations

import base64
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
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1200,900",
)


def _unavailable(reason: str) -> None:
    reason += (
        " (Debian: apt-get install chromium chromium-driver; pip install "
        '-e ".[tests]"); PACT_REQUIRE_BROWSER=1 makes this a failure'
    )
    if REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium with a fresh profile, driven by chromedriver."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    missing = [
        n for n, p in (("chromium", chromium), ("chromedriver", driver)) if not p
    ]
    if missing:
        _unavailable(f"no {' or '.join(missing)} on the PATH")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("the selenium package is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(str(driver)))
    try:
        yield session
    finally:
        session.quit()


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


def _open(browser: Any, page: Path) -> None:
    browser.get_log("browser")  # drop what an earlier page logged
    browser.get(page.as_uri())


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
    from selenium.webdriver.common.by import By

    _open(browser, pages[name])
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    svgs = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(svgs) == charts
    for svg in svgs:
        assert svg.size["width"] > 100
        assert svg.size["height"] > 20
        assert svg.find_element(By.TAG_NAME, "title").get_attribute("textContent")
        browser.execute_script("arguments[0].scrollIntoView()", svg)
        assert _ink(_png(svg.screenshot_as_png)) > 0.02, svg.get_attribute(
            "aria-labelledby"
        )


@pytest.mark.parametrize("name", ["annual", "portfolio"])
def test_every_section_and_table_has_content(
    browser: Any, pages: dict[str, Path], name: str
) -> None:
    """Each heading is followed by content, and each table has rows."""
    from selenium.webdriver.common.by import By

    _open(browser, pages[name])
    empty = browser.execute_script(
        """return [...document.querySelectorAll('h2, h3')].filter(h => {
             const next = h.nextElementSibling;
             return !next || (!next.textContent.trim() && !next.querySelector('svg'));
           }).map(h => h.textContent);"""
    )
    assert empty == []
    tables = browser.find_elements(By.TAG_NAME, "table")
    assert len(tables) >= 3
    for table in tables:
        assert table.find_elements(By.CSS_SELECTOR, "tbody tr")
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert "All figures" in headings


@pytest.mark.parametrize(("name", "most"), [("annual", 8), ("portfolio", 8)])
def test_the_report_prints_to_a_sane_number_of_a4_pages(
    browser: Any, pages: dict[str, Path], name: str, most: int
) -> None:
    """Printed to PDF on A4, the report takes a few pages, not dozens."""
    import pypdf
    from selenium.webdriver.common.print_page_options import PrintOptions

    _open(browser, pages[name])
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = pypdf.PdfReader(io.BytesIO(base64.b64decode(browser.print_page(options))))
    assert 1 <= len(pdf.pages) <= most
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages))
    assert "All figures" in text


@pytest.mark.parametrize("name", ["annual", "portfolio"])
def test_a_screenshot_is_not_blank(
    browser: Any, pages: dict[str, Path], name: str
) -> None:
    """The first screen shows the title, the cards and a chart: many
    colours and a fair share of ink."""
    _open(browser, pages[name])
    image = _png(browser.get_screenshot_as_png())
    assert image.size[0] >= 800
    assert len(image.getcolors(1 << 24)) > 20
    assert _ink(image, image.getpixel((2, 2))) > 0.1
