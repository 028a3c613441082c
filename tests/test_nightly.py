"""`pantau nightly` over the demo site on loopback: incremental, locked, resumable after kill -9, archived."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner
from pantau_configs.models import NightlyConfig

from crawler.cli import main
from crawler.runs.demo import DEMO_SETTINGS, rebased_sources
from crawler.runs.nightly import EXIT_LOCKED, EXIT_OK, prune_archives, rotate_log, run_lock, run_nightly
from crawler.sites.demo import DemoSite

REPO = Path(__file__).resolve().parent.parent
# What must come out the same whether or not a run was killed on the way (ids and timestamps aside).
SNAPSHOT = {
    "articles": "SELECT url, source, title, author, published_at, text, content_hash, relevance, extractor_version "
                "FROM articles",
    "irrelevant": "SELECT url, relevance FROM skipped WHERE reason = 'irrelevant'",
    "officials": "SELECT key, name, position_normalized, organization, mentions FROM officials",
    "official_mentions": "SELECT a.url, o.key, m.char_start, m.char_end, m.rule FROM official_mentions m "
                         "JOIN articles a ON a.id = m.article_id JOIN officials o ON o.id = m.official_id",
    "programs": "SELECT canonical_id, name, mentions FROM programs",
    "facts": "SELECT a.url, f.kind, f.text, f.value, f.unit, f.start_date, f.end_date, f.char_start, f.rule "
             "FROM facts f JOIN articles a ON a.id = f.article_id",
    "quotes": "SELECT a.url, q.quote, q.verb, q.char_start FROM quotes q JOIN articles a ON a.id = q.article_id",
    "entities": "SELECT a.url, e.kind, e.name, e.char_start FROM entities e JOIN articles a ON a.id = e.article_id",
}


def snapshot(db_path: Path) -> dict[str, list[tuple]]:
    db = sqlite_utils.Database(db_path)
    return {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in SNAPSHOT.items()}


def write_config(folder: Path, sources: Path, **extra: object) -> Path:
    config = {"sources": str(sources), "db": str(folder / "pantau.db"), "log_file": str(folder / "logs" / "nightly.log"),
              "workers": 2, **extra}
    path = folder / "nightly.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def slow_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoSite, Path]]:
    """The demo site answering each request after 0.3 s, so a run can be caught in the middle."""
    with DemoSite(port=0, delay=0.3) as site:
        yield site, rebased_sources(int(site.base_url.rsplit(":", 1)[1]), tmp_path_factory.mktemp("slow"))


@pytest.fixture(scope="module")
def uninterrupted(slow_site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """What one nightly run that nobody kills leaves in the database."""
    whole = tmp_path_factory.mktemp("whole")
    done = subprocess.run([sys.executable, "-m", "crawler.cli", "nightly", "--config",
                           str(write_config(whole, slow_site[1]))], cwd=REPO, capture_output=True)
    assert done.returncode == EXIT_OK, done.stdout
    return snapshot(whole / "pantau.db")


def nightly_process(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "nightly", "--config", str(config)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def stored_count(db_path: Path) -> int:
    """Articles stored so far, read-only: probing must not create an empty file the run would refuse as --db."""
    try:
        with sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # the database or its tables do not exist yet
        return 0


def test_second_run_over_unchanged_sources_fetches_only_the_start_points(demo_site: DemoSite, tmp_path: Path) -> None:
    sources = rebased_sources(int(demo_site.base_url.rsplit(":", 1)[1]), tmp_path)
    config = NightlyConfig(sources=str(sources), db=str(tmp_path / "p.db"), log_file=str(tmp_path / "n.log"))
    before = len(demo_site.requests)
    first = run_nightly(config, settings=DEMO_SETTINGS)
    middle = len(demo_site.requests)
    rows = snapshot(tmp_path / "p.db")
    second = run_nightly(config, settings=DEMO_SETTINGS)
    second_requests = demo_site.requests[middle:]
    assert first.exit_code == second.exit_code == EXIT_OK
    assert middle - before > 40  # the first run fetched the articles
    starts = {"/robots.txt", "/warta/rss.xml", "/kabar/indeks", "/ekonomi/sitemap.xml"}
    assert sorted(second_requests) == sorted(starts)
    assert second.summary is not None and second.summary.counts["not_modified"] == 3
    assert second.summary.requests == 4
    assert snapshot(tmp_path / "p.db") == rows  # idempotent: nothing added, nothing changed


def test_known_articles_are_not_fetched_again_when_a_feed_changes(demo_site: DemoSite, tmp_path: Path) -> None:
    sources = rebased_sources(int(demo_site.base_url.rsplit(":", 1)[1]), tmp_path)
    config = NightlyConfig(sources=str(sources), db=str(tmp_path / "p.db"), log_file=str(tmp_path / "n.log"))
    run_nightly(config, settings=DEMO_SETTINGS)
    db = sqlite_utils.Database(tmp_path / "p.db")
    db.execute("DELETE FROM http_validators")  # as if every start point had changed
    db.conn.commit()
    middle = len(demo_site.requests)
    again = run_nightly(config, settings=DEMO_SETTINGS)
    fetched = [p for p in demo_site.requests[middle:] if not p.endswith((".xml", ".txt", "/indeks"))]
    assert fetched == []
    assert again.summary is not None and again.summary.counts["known"] >= 30
    assert again.summary.counts["fetched"] == 0


def test_refresh_fetches_every_article_again(demo_site: DemoSite, tmp_path: Path) -> None:
    sources = rebased_sources(int(demo_site.base_url.rsplit(":", 1)[1]), tmp_path)
    config = NightlyConfig(sources=str(sources), db=str(tmp_path / "p.db"), log_file=str(tmp_path / "n.log"))
    first = run_nightly(config, settings=DEMO_SETTINGS)
    refreshed = run_nightly(config, refresh=True, settings=DEMO_SETTINGS)
    assert first.summary is not None and refreshed.summary is not None
    assert refreshed.summary.counts["fetched"] == first.summary.counts["fetched"]
    assert refreshed.summary.counts["unchanged"] == first.summary.counts["stored"]


def test_max_pages_per_source_defers_the_rest_to_the_next_run(demo_site: DemoSite, tmp_path: Path) -> None:
    sources = rebased_sources(int(demo_site.base_url.rsplit(":", 1)[1]), tmp_path)
    config = NightlyConfig(sources=str(sources), db=str(tmp_path / "p.db"), log_file=str(tmp_path / "n.log"),
                           max_pages_per_source=5)
    first = run_nightly(config, settings=DEMO_SETTINGS)
    assert first.summary is not None
    assert all(counts["fetched"] <= 5 for counts in first.summary.per_source.values())
    assert first.summary.counts["over_limit"] > 0
    unlimited = config.model_copy(update={"max_pages_per_source": 0})
    db = sqlite_utils.Database(tmp_path / "p.db")
    db.execute("DELETE FROM http_validators")  # the feeds are unchanged, but the deferred links must be reached
    db.conn.commit()
    run_nightly(unlimited, settings=DEMO_SETTINGS)
    assert stored_count(tmp_path / "p.db") == 28


@pytest.mark.parametrize("moment", ["fetching", "storing"])
def test_a_run_killed_with_sigkill_is_finished_by_the_next(slow_site, uninterrupted, tmp_path: Path,
                                                           moment: str) -> None:
    site, sources = slow_site
    expected = uninterrupted

    killed = tmp_path / "killed"
    killed.mkdir()
    config = write_config(killed, sources)
    site.requests.clear()
    process = nightly_process(config)
    if moment == "fetching":
        wait_for(lambda: sum("/" in p and p.count("/") > 2 for p in site.requests) >= 10)
    else:
        wait_for(lambda: stored_count(killed / "pantau.db") > 0)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    at_kill = stored_count(killed / "pantau.db")
    assert at_kill < len(expected["articles"]), "the run finished before it was killed"
    time.sleep(0.5)
    leftover = subprocess.run(["pgrep", "-f", str(killed / "pantau.db")], capture_output=True, text=True).stdout
    assert leftover == "", "the crawl process outlived the killed run"

    started = time.monotonic()
    resumed = subprocess.run([sys.executable, "-m", "crawler.cli", "nightly", "--config", str(config)], cwd=REPO,
                             capture_output=True, text=True)
    print(f"resume after a kill while {moment}: {time.monotonic() - started:.1f}s")
    assert resumed.returncode == EXIT_OK, resumed.stdout
    assert "recovered killed runs: 1" in resumed.stdout
    assert snapshot(killed / "pantau.db") == expected
    statuses = sqlite_utils.Database(killed / "pantau.db").execute("SELECT status FROM crawl_runs ORDER BY id")
    assert [s for (s,) in statuses] == ["killed (recovered)", "finished"]


def test_a_second_run_at_once_exits_with_the_lock_code(slow_site, tmp_path: Path) -> None:
    site, sources = slow_site
    config = write_config(tmp_path, sources)
    first = nightly_process(config)
    lock = tmp_path / "pantau.db.lock"
    wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid))
    second = subprocess.run([sys.executable, "-m", "crawler.cli", "nightly", "--config", str(config)], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    out, _ = first.communicate(timeout=120)
    assert second.returncode == EXIT_LOCKED
    assert "another run holds" in second.stderr and "nothing was done" in second.stderr
    assert first.returncode == EXIT_OK, out.decode()
    db = sqlite_utils.Database(tmp_path / "pantau.db")
    assert db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0] == 1
    urls = [u for (u,) in db.execute("SELECT url FROM articles")]
    assert len(urls) == len(set(urls)) == 28


def test_the_cli_refuses_to_start_while_the_lock_is_held(tmp_path: Path) -> None:
    sources = tmp_path / "s.yaml"
    sources.write_text("sources:\n  - name: a\n    domains: [a.example]\n    article_pattern: x\n"
                       "    feeds: ['http://127.0.0.1:9/rss']\n", encoding="utf-8")
    config = write_config(tmp_path, sources)
    with run_lock(tmp_path / "pantau.db"):
        result = CliRunner().invoke(main, ["nightly", "--config", str(config)])
    assert result.exit_code == EXIT_LOCKED
    assert not (tmp_path / "pantau.db").exists()


def test_a_bad_nightly_config_cannot_start(tmp_path: Path) -> None:
    config = tmp_path / "nightly.yaml"
    config.write_text("db: x.db\nmax_pages_per_sorce: 3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["nightly", "--config", str(config)])
    assert result.exit_code == 2
    assert "nightly.yaml" in result.output and "max_pages_per_sorce" in result.output


def test_reextract_from_the_archive_reproduces_the_stored_text(crawled, crawl_sources: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copy(crawled.db_path, copy)
    before = sqlite_utils.Database(copy).execute("SELECT url, title, text, content_hash FROM articles").fetchall()
    sqlite_utils.Database(copy).execute("UPDATE articles SET text = 'rusak'").connection.commit()
    result = CliRunner().invoke(main, ["reextract", "--from-archive", "--db", str(copy), "--sources", str(crawl_sources)])
    assert result.exit_code == 0, result.output
    after = sqlite_utils.Database(copy).execute("SELECT url, title, text, content_hash FROM articles").fetchall()
    assert sorted(after) == sorted(before)


def test_rebuild_keeps_an_article_the_current_rules_find_irrelevant_and_says_so(crawled, crawl_sources: Path,
                                                                             tmp_path: Path) -> None:
    import shutil

    from crawler.archive import index_pages

    copy = tmp_path / "rescore.db"
    shutil.copy(crawled.db_path, copy)
    db = sqlite_utils.Database(copy)
    url, warc_file = db.execute("SELECT s.url, r.warc_file FROM skipped s JOIN crawl_runs r ON r.id = s.crawl_run "
                                "WHERE s.reason = 'irrelevant' ORDER BY s.url LIMIT 1").fetchone()
    offset = next(e.offset for e in index_pages(warc_file) if e.url == url)
    # stored under older rules: the page is in the archive, the row says it was relevant
    db["articles"].insert({"url": url, "source": "kabarjateng", "title": "Lama", "text": "teks lama", "relevance": 9.0,
                           "content_hash": "lama", "warc_file": warc_file, "warc_offset": offset})
    db.conn.commit()
    result = CliRunner().invoke(main, ["reextract", "--from-archive", "--db", str(copy), "--sources", str(crawl_sources)])
    assert result.exit_code == 0, result.output
    assert "1 no longer relevant under the current rules" in result.output and "0 failed" in result.output
    row = sqlite_utils.Database(copy).execute("SELECT text, relevance, relevance_reasons FROM articles WHERE url = ?",
                                              [url]).fetchone()
    assert row[0] == "teks lama" and row[1] < 9.0 and json.loads(row[2])["decided_by"]


def test_old_archives_are_pruned_only_when_no_article_needs_them(crawled, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "p.db"
    shutil.copy(crawled.db_path, db)
    warc_dir = tmp_path / "warc"
    warc_dir.mkdir()
    referenced = warc_dir / "p-run-000001.warc.gz"
    unreferenced = warc_dir / "p-run-000002.warc.gz"
    fresh = warc_dir / "p-run-000003.warc.gz"
    other_database = warc_dir / "demo-run-000002.warc.gz"
    for path in (referenced, unreferenced, fresh, other_database):
        path.write_bytes(b"x")
    old = time.time() - 40 * 86400
    for path in (referenced, unreferenced, other_database):
        os.utime(path, (old, old))
    handle = sqlite_utils.Database(db)
    handle.execute("UPDATE articles SET warc_file = ? WHERE id = (SELECT min(id) FROM articles)", [str(referenced)])
    handle.conn.commit()
    assert prune_archives(db, warc_dir, days=30) == [unreferenced]
    assert referenced.exists() and fresh.exists() and other_database.exists() and not unreferenced.exists()
    assert prune_archives(db, warc_dir, days=0) == []


def test_the_log_is_rotated_at_the_start_of_a_run(tmp_path: Path) -> None:
    log = tmp_path / "nightly.log"
    log.write_text("x" * 2000)
    (tmp_path / "nightly.log.1").write_text("older")
    rotate_log(log, max_bytes=1000, backups=3)
    assert not log.exists()
    assert (tmp_path / "nightly.log.1").read_text() == "x" * 2000
    assert (tmp_path / "nightly.log.2").read_text() == "older"
    small = tmp_path / "small.log"
    small.write_text("y")
    rotate_log(small, max_bytes=1000, backups=3)
    assert small.read_text() == "y"


def test_status_lists_the_runs(crawled) -> None:
    result = CliRunner().invoke(main, ["status", "--db", str(crawled.db_path), "--errors"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["run", "kind", "started", "(UTC)"]
    assert sum(line.split()[1] == "crawl" for line in lines[1:3]) == 2
