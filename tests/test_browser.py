"""A real Chromium (Debian's chromium + chromium-driver, installed by scripts/system-deps.sh) opens the served
Datasette on 127.0.0.1: the dashboard with its charts, a full-text search with highlights, and a canned query."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium") or "/usr/bin/chromium", shutil.which("chromedriver")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(crawled) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "crawler.cli", "serve", "--db", str(crawled.db_path),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


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


def test_dashboard_search_and_canned_query_in_chromium(served: str, crawled, browser: webdriver.Chrome) -> None:
    name = crawled.db_path.stem
    browser.get(f"{served}/-/dashboard")
    assert "Dasbor" in browser.title
    for chart in ("coverage", "outlets", "programmes", "officials"):
        figure = browser.find_element(By.ID, f"chart-{chart}")
        assert figure.find_elements(By.CSS_SELECTOR, "svg rect"), f"chart {chart} has no bars"
    assert "Bimtek Desain Kemasan" in browser.find_element(By.TAG_NAME, "table").text
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
