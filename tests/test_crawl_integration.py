"""A real crawl over loopback: the demo site and a small test site, through Scrapy, into SQLite, twice."""

from __future__ import annotations

import sqlite_utils
from pantau_configs.models import load_topics
from pantau_configs.paths import DEFAULT_TOPICS

from crawler.archive import iter_pages
from crawler.sites.demo import load_articles


def rows(crawled, sql: str, params=()):
    return sqlite_utils.Database(crawled.db_path).execute(sql, params).fetchall()


def test_first_run_stores_every_relevant_article_once(crawled) -> None:
    demo = load_articles()
    relevant = {(outlet, a.title) for outlet, items in demo.items() for a in items if a.relevant}
    stored = {(source, title) for source, title in rows(crawled, "select source, title from articles")}
    assert relevant <= stored
    assert stored - relevant == {("pesisir", "Perajin Gerabah Kasongan Ikuti Pelatihan Glasir"),
                                 ("pesisir", "Koperasi Tenun Ikat Sikka Kirim 300 Kain ke Jepang")}
    assert crawled.first.counts["stored"] == len(relevant) + 2 == crawled.rows_after_first


def test_off_topic_articles_are_skipped_not_stored(crawled) -> None:
    demo = load_articles()
    off_topic = {a.title for items in demo.values() for a in items if not a.relevant}
    assert off_topic, "the demo site must have off-topic articles"
    titles = {t for (t,) in rows(crawled, "select title from articles")}
    assert not off_topic & titles
    skipped = rows(crawled, "select count(*) from skipped where reason = 'irrelevant'")[0][0]
    assert skipped == len(off_topic) == crawled.first.counts["irrelevant"]
    threshold = load_topics(DEFAULT_TOPICS).threshold
    assert rows(crawled, "select min(relevance) from articles")[0][0] >= threshold


def test_urls_are_canonical_and_unique(crawled) -> None:
    urls = [u for (u,) in rows(crawled, "select url from articles")]
    assert len(urls) == len(set(urls))
    for url in urls:
        assert "utm_" not in url and "#" not in url and "/amp/" not in url
    assert crawled.first.counts["duplicates"] >= 3  # tracking, AMP and old-URL variants of the demo site
    per_source = crawled.first.per_source
    assert per_source["kabar"]["duplicates"] >= 2 and per_source["ekonomi"]["duplicates"] >= 1


def test_stored_text_and_metadata_match_the_demo_articles(crawled) -> None:
    stored = {(source, title): (published, lang, author, text) for source, title, published, lang, author, text in
              rows(crawled, "select source, title, published_at, lang, author, text from articles")}
    for outlet, articles in load_articles().items():
        for article in (a for a in articles if a.relevant):
            published, lang, author, text = stored[(outlet, article.title)]
            assert (published, lang, author) == (article.published, "id", article.author)
            assert all(paragraph in text for paragraph in article.paragraphs), article.title
            for junk in ("ADVERTISEMENT", "Baca Juga", "Simak juga", "SCROLL TO CONTINUE", "Bagikan", "Editor:",
                         "Komentar", "Berita Terkait"):
                assert junk not in text, (article.title, junk)


def test_failures_are_recorded_with_url_and_reason(crawled) -> None:
    errors = {(url.rsplit("/", 1)[1], reason) for url, reason in rows(
        crawled, "select url, reason from crawl_errors where crawl_run = ? and source = 'pesisir'",
        [crawled.first.run_id])}
    assert ("2.html", "HTTP 404") in errors
    assert any(url == "3.html" and reason.startswith("not an article") for url, reason in errors)
    assert ("4.html", "robots.txt disallows") in errors
    assert not rows(crawled, "select 1 from crawl_errors where url like '%luar.example%'")
    assert crawled.first.status == "finished_with_errors"


def test_article_split_over_pages_is_joined_with_the_outlet_quirks(crawled) -> None:
    (text,) = rows(crawled, "select text from articles where url like '%/berita/5.html'")[0]
    assert text.startswith("Koperasi perajin tenun ikat")  # the "MAUMERE -" dateline is cut
    assert text.endswith("pada triwulan II 2025.")  # page 2, joined after page 1
    assert text.count("Sebanyak 45 penenun") == 1
    assert "Promo langganan" not in text and "Lanjut ke halaman" not in text  # drop_css, drop_lines


def test_archive_holds_every_fetched_page(crawled) -> None:
    (warc_file,) = rows(crawled, "select warc_file from crawl_runs where id = ?", [crawled.first.run_id])[0]
    pages = list(iter_pages(warc_file))
    assert len({p.article for p in pages}) == crawled.first.counts["fetched"]
    assert [p.part for p in pages if p.article.endswith("/berita/5.html")] == [1, 2]
    offsets = dict(rows(crawled, "select fetched_url, warc_offset from articles where crawl_run = ?",
                        [crawled.first.run_id]))
    assert {p.url: p.offset for p in pages if p.url in offsets} == offsets


def test_second_run_adds_nothing(crawled) -> None:
    second = crawled.second
    assert second.counts["stored"] == 0 and second.counts["updated"] == 0
    assert second.counts["unchanged"] == crawled.first.counts["stored"]
    assert rows(crawled, "select count(*) from articles")[0][0] == crawled.rows_after_first
    assert rows(crawled, "select count(*) from crawl_runs")[0][0] == 2


def test_plain_scrapy_crawl_still_runs_the_whole_pipeline(tmp_path, crawl_sources, crawled) -> None:
    """`pantau crawl` runs Scrapy behind crawler/runs/crawl_main.py; Scrapy's own command works as well."""
    import os
    import subprocess
    import sys

    db_path = tmp_path / "plain.db"
    command = [sys.executable, "-m", "scrapy", "crawl", "pantau", "-a", f"sources={crawl_sources}",
               "-s", f"PANTAU_DB={db_path}", "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "AUTOTHROTTLE_MAX_DELAY=1",
               "-s", "LOG_LEVEL=WARNING"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: a source of the test site fails on purpose
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == crawled.rows_after_first and db["crawl_runs"].count == 1
    assert db.execute("SELECT status FROM crawl_runs").fetchone()[0].startswith("finished")
