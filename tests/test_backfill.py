"""Backfill over loopback sites of our own: a fake aggregator with date operators and a cap, two years of monthly
sitemaps, a listing deeper than a night goes; every article of the window stored once, and a backfill killed with
SIGKILL then resumed leaves the same database as one nobody killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner
from pantau_configs.models import NightlyConfig, load_sources

from crawler.aggregators import search_queries
from crawler.archive import index_pages
from crawler.cli import main
from crawler.runs.backfill import run_backfill
from crawler.runs.demo import DEMO_SETTINGS
from crawler.runs.nightly import EXIT_LOCKED, EXIT_OK, run_lock, run_nightly
from crawler.windows import in_window, split, url_period
from extract.canonical import canonicalize_url
from tests.backfill_sites import Sites, start_sites

REPO = Path(__file__).resolve().parent.parent
SINCE, UNTIL = date(2025, 4, 1), date(2025, 4, 30)
SNAPSHOT = {
    "articles": "SELECT url, source, via, title, published_at, text, content_hash, relevance FROM articles",
    "irrelevant": "SELECT url, source, relevance FROM skipped WHERE reason = 'irrelevant'",
    "sources": "SELECT name, title, domains FROM sources",
    "windows": "SELECT source, kind, url, start, \"end\", page, status, items FROM backfill_windows",
    "facts": "SELECT a.url, f.kind, f.text, f.char_start, f.rule FROM facts f JOIN articles a ON a.id = f.article_id",
}


def snapshot(db_path: Path) -> dict[str, list[tuple]]:
    db = sqlite_utils.Database(db_path)
    return {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in SNAPSHOT.items()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Sites, Path]]:
    running = start_sites()
    path = tmp_path_factory.mktemp("backfill") / "sources.yaml"
    path.write_text(running.sources_yaml(), encoding="utf-8")
    yield running, path
    running.stop()


def config_for(folder: Path, sources: Path) -> Path:
    path = folder / "nightly.yaml"
    path.write_text(yaml.safe_dump({"sources": str(sources), "db": str(folder / "pantau.db"), "workers": 1,
                                    "log_file": str(folder / "logs" / "nightly.log")}), encoding="utf-8")
    return path


def backfill_command(config: Path) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "backfill", "--config", str(config), "--since", SINCE.isoformat(),
            "--until", UNTIL.isoformat()]


def expected_urls(running: Sites) -> set[str]:
    """Every relevant article of every site published in the window."""
    return {canonicalize_url(site.url(a)) for site in running.all for a in site.articles
            if a.relevant and SINCE <= a.when.date() <= UNTIL}


def article_paths(running: Sites) -> Counter[str]:
    return Counter(f"{site.host}{p}" for site in running.all for p in site.requests if p in site.by_path)


def test_dates_in_urls_and_windows() -> None:
    assert url_period("https://kabar.example/read/2024/05/17/123/judul") == (date(2024, 5, 17), date(2024, 5, 17))
    assert url_period("https://kabar.example/sitemap-2024-02.xml") == (date(2024, 2, 1), date(2024, 2, 29))
    assert url_period("https://kabar.example/sitemap.xml?yyyy=2023&mm=11") == (date(2023, 11, 1), date(2023, 11, 30))
    assert url_period("https://kabar.example/berita/d-7345678/judul-2024-ikm") is None
    assert in_window("https://kabar.example/sitemap-2024-02.xml", None, date(2024, 2, 20), date(2024, 3, 5))
    assert not in_window("https://kabar.example/sitemap-2024-01.xml", "2024-05-01", date(2024, 2, 1), date(2024, 3, 1))
    assert not in_window("https://kabar.example/sitemap-7.xml", "2024-01-31T23:00:00+07:00", date(2024, 2, 1),
                         date(2024, 3, 1))  # modified last before the window: nothing in it is newer
    assert in_window("https://kabar.example/sitemap-7.xml", None, date(2024, 2, 1), date(2024, 3, 1))
    halves = split(date(2024, 1, 1), date(2024, 3, 1))
    assert halves == [(date(2024, 1, 1), date(2024, 1, 31)), (date(2024, 1, 31), date(2024, 3, 1))]
    assert split(date(2024, 1, 1), date(2024, 1, 2)) is None


def test_a_night_searches_each_query_once_and_credits_every_result(sites, tmp_path: Path) -> None:
    running, sources = sites
    running.aggregator.today = date(2025, 1, 14)  # its when:7d then holds one article of each aggregated site
    running.aggregator.queries.clear()
    for site in running.all:
        site.requests.clear()
    result = run_nightly(NightlyConfig(sources=str(sources), db=str(tmp_path / "p.db"), workers=1,
                                       log_file=str(tmp_path / "n.log")), only="gnews", settings=DEMO_SETTINGS)
    assert result.exit_code == EXIT_OK
    search = load_sources(sources).by_name("gnews").search
    assert search is not None
    assert sorted(running.aggregator.queries) == sorted(search_queries(search))  # each its own feed
    assert set(running.aggregator.queries.values()) == {1}
    paths = article_paths(running)
    assert len(paths) == 3 and set(paths.values()) == {1}  # found by several queries, fetched once
    assert any(p.startswith("/rss/articles/") for p in running.aggregator.requests)  # an opaque link followed
    db = sqlite_utils.Database(tmp_path / "p.db")
    rows = sorted(tuple(r) for r in db.execute("SELECT source, via FROM articles"))
    assert rows == [("127.0.0.3", "gnews"), ("127.0.0.4", "gnews"), ("kabar", "gnews")]
    outlets = {r[0] for r in db.execute("SELECT outlet FROM coverage_per_outlet")}
    assert outlets == {"127.0.0.3", "127.0.0.4", "kabar"}  # the dashboards show the open-web sources
    assert db.execute("SELECT title FROM sources WHERE name = '127.0.0.4'").fetchone()[0] == "127.0.0.4 (open web)"
    assert "Spider error" not in (tmp_path / "n.log").read_text(encoding="utf-8")


@dataclass
class Backfilled:
    db_path: Path
    rows: dict[str, list[tuple]]
    requests: Counter[str]
    sitemaps: list[str]
    listing_pages: list[str]
    exit_code: int


@pytest.fixture(scope="module")
def uninterrupted(sites, tmp_path_factory: pytest.TempPathFactory) -> Backfilled:
    running, sources = sites
    folder = tmp_path_factory.mktemp("whole")
    for site in running.all:
        site.requests.clear()
    result = run_backfill(NightlyConfig(sources=str(sources), db=str(folder / "pantau.db"), workers=1,
                                        log_file=str(folder / "n.log")), SINCE, UNTIL, settings=DEMO_SETTINGS)
    assert "Spider error" not in (folder / "n.log").read_text(encoding="utf-8")
    return Backfilled(folder / "pantau.db", snapshot(folder / "pantau.db"), article_paths(running),
                      [p for p in running.arsip.requests if p.startswith("/sitemap")],
                      [p for p in running.indeks.requests if p.startswith("/indeks")], result.exit_code)


def test_every_article_of_the_window_is_stored_once(sites, uninterrupted: Backfilled) -> None:
    running, _ = sites
    assert uninterrupted.exit_code == EXIT_OK
    stored = [row[0] for row in uninterrupted.rows["articles"]]
    assert len(stored) == len(set(stored))
    assert set(stored) == expected_urls(running)
    assert len(stored) >= 8
    assert all(count == 1 for count in uninterrupted.requests.values())  # nothing fetched twice
    credited = {row[0]: (row[1], row[2]) for row in uninterrupted.rows["articles"]}
    for article in running.portal.articles:
        if canonicalize_url(running.portal.url(article)) in credited:
            assert credited[canonicalize_url(running.portal.url(article))] == ("127.0.0.3", "gnews")
    kabar = [c for url, c in credited.items() if url.startswith(running.kabar.base_url)]
    assert kabar and all(c == ("kabar", "gnews") for c in kabar)  # a configured outlet keeps its results
    arsip = [c for url, c in credited.items() if url.startswith(running.arsip.base_url)]
    assert arsip and all(c == ("arsip", None) for c in arsip)
    assert ("127.0.0.3", "127.0.0.3 (open web)", '["127.0.0.3"]') in uninterrupted.rows["sources"]


def test_search_windows_split_when_they_come_back_full(uninterrupted: Backfilled) -> None:
    searches = [w for w in uninterrupted.rows["windows"] if w[1] == "search"]
    split = [w for w in searches if w[6] == "split"]
    assert split, "no window came back full"
    assert all(w[7] == 5 for w in split)  # the aggregator's cap
    spelling = sorted((w[3], w[4], w[6]) for w in searches if w[2] == '"industri kecil dan menengah"')
    assert ("2025-04-01", "2025-05-01", "split") in spelling  # the whole window first, then its halves
    leaves = [w for w in spelling if w[2] == "done"]
    days = sum((date.fromisoformat(end) - date.fromisoformat(start)).days for start, end, _ in leaves)
    assert days == 30  # the leaves cover the window exactly once


def test_dated_sitemaps_and_deep_listing_pages(uninterrupted: Backfilled) -> None:
    assert uninterrupted.sitemaps[0] == "/sitemap.xml"
    assert sorted(uninterrupted.sitemaps[1:]) == ["/sitemap-2025-04.xml"]  # 23 other months never fetched
    pages = {int(p.rsplit("=", 1)[1]) if "=" in p else 1 for p in uninterrupted.listing_pages}
    assert max(pages) > 2  # past the nightly max_pages
    assert max(pages) < 8  # and it stopped once a page held only older articles


def test_a_second_backfill_of_the_same_window_fetches_nothing(sites, uninterrupted: Backfilled, tmp_path: Path) -> None:
    running, sources = sites
    before = article_paths(running)
    window_requests = len(running.aggregator.requests)
    result = run_backfill(NightlyConfig(sources=str(sources), db=str(uninterrupted.db_path), workers=1,
                                        log_file=str(tmp_path / "n.log")), SINCE, UNTIL, settings=DEMO_SETTINGS)
    assert result.exit_code == EXIT_OK
    assert article_paths(running) == before
    assert len(running.aggregator.requests) - window_requests <= 1  # robots.txt at most
    assert snapshot(uninterrupted.db_path)["articles"] == uninterrupted.rows["articles"]


def stored_count(db_path: Path) -> int:
    try:
        return sqlite_utils.Database(db_path).execute("SELECT count(*) FROM backfill_urls").fetchone()[0]
    except Exception:  # not created yet
        return 0


def test_a_killed_backfill_resumes_to_the_same_database(sites, uninterrupted: Backfilled, tmp_path: Path) -> None:
    running, sources = sites
    config = config_for(tmp_path, sources)
    running.aggregator.requests.clear()
    for site in running.all:
        site.requests.clear()
        site.delay = 0.3
    try:
        process = subprocess.Popen(backfill_command(config) + ["--no-progress"], cwd=REPO, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while sum(article_paths(running).values()) < 4:
            assert time.monotonic() < deadline and process.poll() is None, "the backfill never fetched articles"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        for site in running.all:
            site.delay = 0.0
    before_resume = article_paths(running)
    read_at_kill = sqlite_utils.Database(tmp_path / "pantau.db").execute(
        "SELECT url, start, \"end\" FROM backfill_windows WHERE kind = 'search' AND status != 'pending'").fetchall()
    killed_warc = next((tmp_path / "warc").glob("*.warc.gz"))
    archived = {canonicalize_url(entry.url) for entry in index_pages(killed_warc)}
    assert 0 < len(archived) < len(uninterrupted.rows["articles"]) + len(uninterrupted.rows["irrelevant"])
    time.sleep(0.3)
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path / "pantau.db")], capture_output=True, text=True).stdout
    assert leftover == "", "the crawl process outlived the killed backfill"

    resumed = subprocess.run(backfill_command(config), cwd=REPO, capture_output=True, text=True)
    assert resumed.returncode == EXIT_OK, resumed.stdout + resumed.stderr
    assert "recovered killed runs: 1" in resumed.stdout
    assert "windows" in resumed.stderr and "ETA" in resumed.stderr  # the progress bar
    assert snapshot(tmp_path / "pantau.db") == uninterrupted.rows
    after = article_paths(running)
    again = {path for path in after if after[path] > before_resume.get(path, 0) and before_resume.get(path)}
    assert not {p for p in again if canonicalize_url(f"http://{p}") in archived}  # archived pages not fetched again
    searched = Counter(parse_qs(urlsplit(p).query)["q"][0] for p in running.aggregator.requests if "q=" in p)
    assert read_at_kill and all(searched[f"{q} after:{a} before:{b}"] == 1 for q, a, b in read_at_kill)
    runs = sqlite_utils.Database(tmp_path / "pantau.db").execute("SELECT kind, status FROM crawl_runs ORDER BY id")
    assert [tuple(r) for r in runs] == [("backfill", "killed (recovered)"), ("backfill", "finished")]


def test_backfill_waits_for_no_one_holding_the_nightly_lock(sites, tmp_path: Path) -> None:
    _, sources = sites
    config = config_for(tmp_path, sources)
    with run_lock(tmp_path / "pantau.db"):
        result = CliRunner().invoke(main, ["backfill", "--config", str(config), "--since", "2025-04-01"])
    assert result.exit_code == EXIT_LOCKED
    assert not (tmp_path / "pantau.db").exists()


def test_backfill_dates_are_checked(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["backfill", "--since", "2025-13-01"])
    assert result.exit_code == 2 and "--since" in result.output
    result = CliRunner().invoke(main, ["backfill", "--since", "2025-05-01", "--until", "2025-04-01", "--config",
                                       str(config_for(tmp_path, tmp_path / "none.yaml"))])
    assert result.exit_code == 2 and "could not start" in result.output


def test_suggest_offers_ready_entries_for_aggregated_domains(sites, uninterrupted: Backfilled) -> None:
    running, sources = sites
    result = CliRunner().invoke(main, ["sources", "suggest", "--db", str(uninterrupted.db_path), "--sources",
                                       str(sources), "--min", "2"])
    assert result.exit_code == 0, result.output
    entries = yaml.safe_load(result.output)
    assert sorted(e["domains"][0] for e in entries) == ["127.0.0.3", "127.0.0.4"]  # kabar has its direct source
    by_domain = {e["domains"][0]: e for e in entries}
    assert by_domain["127.0.0.3"]["sitemaps"] == [f"{running.portal.base_url}/sitemap.xml"]  # from robots.txt
    assert by_domain["127.0.0.4"]["feeds"] == [f"{running.warta.base_url}/rss.xml"]  # the home page's alternate
    path = Path(uninterrupted.db_path).with_name("suggested.yaml")
    path.write_text("sources:\n" + result.output, encoding="utf-8")
    loaded = load_sources(path)  # ready to paste: it validates
    import re

    for source, site in zip(loaded.sources, [running.warta, running.portal] if entries[0]["domains"][0] ==
                            "127.0.0.4" else [running.portal, running.warta], strict=True):
        pattern = re.compile(source.article_pattern)
        assert all(pattern.search(canonicalize_url(site.url(a))) for a in site.articles)
        assert not any(pattern.search(site.base_url + p) for p in ("/", "/kategori/ekonomi", "/indeks", "/rss.xml"))
    none = CliRunner().invoke(main, ["sources", "suggest", "--db", str(uninterrupted.db_path), "--sources",
                                     str(sources), "--min", "50"])
    assert none.exit_code == 0 and none.stdout.strip() == ""


@pytest.mark.parametrize("command", [["backfill"], ["sources", "suggest"]])
def test_the_commands_have_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
