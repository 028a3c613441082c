"""A real Chromium (Debian's chromium + chromium-driver, installed by scripts/system-deps.sh) opens the served
Datasette on 127.0.0.1: the dashboard with its charts, a full-text search with highlights, and a canned query."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.servers import start_serve, stop_serve

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium") or "/usr/bin/chromium", shutil.which("chromedriver")


@pytest.fixture(scope="module")
def served(crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = start_serve(crawled.db_path, tmp_path_factory.mktemp("serve-tmp"))
    try:
        yield server.base
    finally:
        assert stop_serve(server) == 0  # SIGTERM reaches Datasette through `pantau serve`; nothing is left


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    assert CHROMEDRIVER, "chromium-driver is not installed: run scripts/system-deps.sh (make test does)"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1600"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def svg_titles(browser: webdriver.Chrome, chart: str, kind: str) -> list[str]:
    return browser.execute_script(
        f"return [...document.querySelectorAll('#chart-{chart} g.{kind} > title')].map(t => t.textContent)")


def check_dashboard_reads_well(browser: webdriver.Chrome, crawled) -> None:
    """A continuous week axis with years, outlets by name, dates as dates, every label whole inside its chart."""
    db = sqlite3.connect(crawled.db_path)
    weeks = [title.split(":")[0] for title in svg_titles(browser, "coverage", "column")]
    assert weeks and all(re.fullmatch(r"\d{4}-W\d{2}", week) for week in weeks)
    mondays = [date.fromisocalendar(int(w[:4]), int(w[6:]), 1) for w in weeks]
    assert all((b - a).days == 7 for a, b in zip(mondays, mondays[1:], strict=False)), "weeks missing from the axis"
    newest = db.execute("SELECT max(substr(published_at, 1, 10)) FROM articles").fetchone()[0]
    assert weeks[-1] == "{}-W{:02d}".format(*date.fromisoformat(newest).isocalendar()[:2])
    outlets = {title.rsplit(":", 1)[0] for title in svg_titles(browser, "outlets", "row")}
    titles = dict(db.execute("SELECT name, title FROM sources").fetchall())
    assert outlets and outlets <= set(titles.values()) and not outlets & set(titles)
    programmes = {title.rsplit(":", 1)[0] for title in svg_titles(browser, "programmes", "row")}
    assert programmes <= {row[0] for row in db.execute("SELECT name FROM programs")}  # whole names on hover
    boxes = browser.execute_script(
        "return [...document.querySelectorAll('.pantau-chart svg')].flatMap(svg => [...svg.querySelectorAll('text')]"
        ".map(t => { const b = t.getBBox(); return [t.textContent, b.x, b.x + b.width, svg.width.baseVal.value]; }))")
    clipped = [text for text, left, right, width in boxes if left < -0.5 or right > width + 0.5]
    assert not clipped, f"labels cut off at the chart's edge: {clipped}"
    first_seen = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td time")]
    assert first_seen and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", day) for day in first_seen)
    db.close()


def test_dashboard_search_and_canned_query_in_chromium(served: str, crawled, browser: webdriver.Chrome) -> None:
    name = crawled.db_path.stem
    browser.get(f"{served}/-/dashboard")
    assert "Dasbor" in browser.title
    for chart in ("coverage", "outlets", "programmes", "officials"):
        figure = browser.find_element(By.ID, f"chart-{chart}")
        assert figure.find_elements(By.CSS_SELECTOR, "svg rect"), f"chart {chart} has no bars"
    assert "Bimtek Desain Kemasan" in browser.find_element(By.TAG_NAME, "table").text
    check_dashboard_reads_well(browser, crawled)
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "dashboard.png"
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000

    box = browser.find_element(By.ID, "pantau-q")
    box.send_keys("batik")
    box.submit()
    # submit() returns before the results page has loaded: wait for it (up to 20 s)
    WebDriverWait(browser, 20).until(lambda driver: "/search_articles" in driver.current_url and
                                     driver.find_elements(By.CSS_SELECTOR, "td.col-snippet"))
    marks = browser.find_elements(By.CSS_SELECTOR, "td.col-snippet mark")
    assert marks and all(m.text.lower() == "batik" for m in marks)
    assert "/search_articles" in browser.current_url
    browser.save_screenshot(str(ARTIFACTS / "search.png"))

    browser.get(f"{served}/{name}/stories_by_pickup_query")
    WebDriverWait(browser, 20).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns"))
    rows = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    assert len(rows) == crawled.rows_after_first - 1  # one story holds two articles
    assert "warta" in rows[0].find_element(By.CSS_SELECTOR, "td.col-origin_source").text


def test_dashboard_shows_the_province_map_with_the_demo_counts(served: str, crawled, browser: webdriver.Chrome) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(crawled.db_path)
    expected = {row[0]: row[1] for row in db.execute(
        "SELECT province_code, count(DISTINCT article_id) FROM article_regions GROUP BY province_code")}
    regencies = db.execute("SELECT count(DISTINCT code) FROM article_regions WHERE level != 'province'").fetchone()[0]
    assert expected.get("33", 0) >= 3 and regencies >= 3  # the demo's Central Java outlet places its stories
    browser.get(f"{served}/-/dashboard")
    tiles = browser.find_elements(By.CSS_SELECTOR, "#province-map g.pantau-tile")
    assert len(tiles) == 38
    shown = {tile.get_attribute("data-code"): int(tile.get_attribute("data-count")) for tile in tiles}
    assert {code: count for code, count in shown.items() if count} == expected
    jateng = browser.find_element(By.CSS_SELECTOR, '#province-map g.pantau-tile[data-code="33"]')
    drawn = [t.text for t in jateng.find_elements(By.TAG_NAME, "text")]
    assert drawn == ["Jateng", str(expected["33"])]  # the label and the count are drawn on the tile
    rows = browser.find_elements(By.CSS_SELECTOR, "#regency-table tbody tr")
    assert len(rows) == regencies and "Kabupaten" in browser.find_element(By.ID, "regency-table").text
    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script("document.getElementById('chart-provinces').scrollIntoView()")
    browser.save_screenshot(str(ARTIFACTS / "province_map.png"))
