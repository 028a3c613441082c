"""A nightly run against a loopback site where each article link fails in its own way: the run completes,
the good articles are stored, and every fault is recorded with its URL and reason."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlite_utils
from pantau_configs.models import NightlyConfig

from crawler.runs.nightly import EXIT_SOURCES_FAILED, NightlyResult, run_nightly
from tests.faultsite import FaultSite

SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_TIMEOUT": 1.5, "DOWNLOAD_MAXSIZE": 200_000,
            "DOWNLOAD_WARNSIZE": 100_000, "RETRY_TIMES": 2, "PANTAU_RETRY_AFTER_MAX": 5}


@dataclass
class FaultRun:
    site: FaultSite
    db: sqlite_utils.Database
    result: NightlyResult

    def errors(self, name: str) -> list[tuple[str, str]]:
        return self.db.execute("SELECT stage, reason FROM crawl_errors WHERE url LIKE ?", [f"%/{name}.html"]).fetchall()

    def stored(self) -> set[str]:
        return {url.rsplit("/", 1)[-1].removesuffix(".html") for (url,) in self.db.execute("SELECT url FROM articles")}


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory: pytest.TempPathFactory) -> FaultRun:
    folder = tmp_path_factory.mktemp("faults")
    with FaultSite() as site:
        dead = "  - name: mati\n    domains: ['127.0.0.1']\n    article_pattern: '^x$'\n" \
               f"    feeds: ['{site.base_url}/hilang/rss.xml']\n"
        (folder / "sources.yaml").write_text(site.sources_yaml() + dead, encoding="utf-8")
        config = NightlyConfig(sources=str(folder / "sources.yaml"), db=str(folder / "p.db"),
                               log_file=str(folder / "nightly.log"))
        result = run_nightly(config, settings=SETTINGS)
    return FaultRun(site, sqlite_utils.Database(folder / "p.db"), result)


def test_the_run_completes_and_stores_the_good_articles(fault_run: FaultRun) -> None:
    assert fault_run.result.summary is not None
    assert fault_run.result.summary.status == "finished_with_errors"
    assert fault_run.stored() == {"ok1", "ok2", "ok3", "flaky", "ratelimit", "mojibake"}


def test_a_source_whose_start_point_fails_sets_the_exit_code(fault_run: FaultRun) -> None:
    assert fault_run.result.exit_code == EXIT_SOURCES_FAILED
    assert fault_run.result.summary is not None and fault_run.result.summary.failed_sources == ["mati"]
    assert fault_run.db.execute("SELECT stage, reason FROM crawl_errors WHERE source = 'mati'").fetchall() == [
        ("feed", "HTTP 404")]


def test_server_errors_are_retried_until_the_page_comes(fault_run: FaultRun) -> None:
    assert fault_run.site.hits["/berita/flaky.html"] == 3
    assert fault_run.errors("flaky") == []


def test_429_waits_as_long_as_retry_after_says(fault_run: FaultRun) -> None:
    first, second = fault_run.site.times["/berita/ratelimit.html"]
    assert second - first >= 0.9
    assert fault_run.errors("ratelimit") == []


@pytest.mark.parametrize("name, status", [("gone404", "HTTP 404"), ("gone410", "HTTP 410")])
def test_gone_pages_are_recorded_and_not_retried(fault_run: FaultRun, name: str, status: str) -> None:
    assert fault_run.errors(name) == [("article", status)]
    assert fault_run.site.hits[f"/berita/{name}.html"] == 1


@pytest.mark.parametrize("name, reason", [
    ("slow", "timeout"),
    ("truncated", "truncated body (data loss)"),
    ("reset", "connection lost or reset"),
    ("loop", "redirect loop (too many redirects)"),
    ("huge", "larger than the size cap"),
    ("pdf", "not HTML: application/pdf"),
    ("empty", "not an article"),
    ("private", "robots.txt disallows"),
])
def test_each_fault_is_recorded_with_its_reason(fault_run: FaultRun, name: str, reason: str) -> None:
    errors = fault_run.errors(name)
    assert len(errors) == 1, errors
    assert reason in errors[0][1], errors


def test_robots_disallowed_pages_are_never_requested(fault_run: FaultRun) -> None:
    assert fault_run.site.hits["/private/private.html"] == 0


def test_a_page_declared_utf8_in_windows_1252_is_stored_without_mojibake(fault_run: FaultRun) -> None:
    (text,) = fault_run.db.execute("SELECT text FROM articles WHERE url LIKE '%mojibake.html'").fetchone()
    assert "Rp1,5 miliar – “rekor baru”" in text
    assert not any(junk in text for junk in ("Â", "â€", "\ufffd"))


def test_an_endless_calendar_is_cut_at_its_page_limit(fault_run: FaultRun) -> None:
    calendar = sum(n for path, n in fault_run.site.hits.items() if path.startswith("/kalender"))
    assert 1 <= calendar <= 4


def test_the_run_log_counts_failures_by_reason(fault_run: FaultRun) -> None:
    import json

    (failures,) = fault_run.db.execute("SELECT failures FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    by_reason = json.loads(failures)["uji"]
    assert by_reason["article: HTTP 404"] == 1 and by_reason["clean: not an article: empty page"] == 1
