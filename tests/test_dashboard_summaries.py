"""The dashboard reads summary tables at scale: each summary answer equals the live query's, triggers keep articles
per day and outlet exact through inserts, edits and deletes, and the plans read the summaries and indexes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlite_utils
from datasette.app import Datasette

from store.analytics import ALL_TIME, QUERIES, SUMMARY_QUERIES, TOTALS, chart_start, query_for, weekly_series
from store.browse.dashboard import WEEKS_SHOWN, weekly_coverage
from store.browse.serve import SUGGEST_FACETS_UP_TO, datasette_command, metadata_for, suggests_facets
from store.schema import MIGRATIONS, migrate, open_db, schema_version
from store.summaries import refresh_summaries, refresh_summaries_for

RANGES = [ALL_TIME, {"start": "2024-09-02", "end": "2024-09-02", "programme": ""},
          {"start": "2024-09-03", "end": "2024-12-31", "programme": ""}, {"start": "2024", "end": "2024-09-03T",
                                                                              "programme": ""}]
# (id, source, published_at): two on one day, an undated one, one with an empty date, one next week
ARTICLES = [(1, "warta", "2024-09-02T08:00:00+07:00"), (2, "warta", "2024-09-02T10:00:00+07:00"),
            (3, "kabar", "2024-09-03T09:00:00+07:00"), (4, "kabar", None), (5, "warta", "2024-09-10"),
            (6, "kabar", ""), (7, "kabar", "2024-09-10T12:00:00+07:00"), (9, "warta", "2022-01-05T08:00:00+07:00")]
MENTIONS = [(1, 1), (1, 1), (1, 3), (2, 4), (2, 5), (3, 6), (3, 7), (1, 7)]  # (programme, article)
QUOTES = [(1, 1, "Kami dampingi."), (1, 2, "Mutu harus konsisten."), (1, 2, "Anggaran naik."),
          (2, 4, "Tanpa tanggal."), (2, 3, "Pasar baru."), (3, 6, "Tanggal kosong."), (3, 7, "Ekspor naik.")]


def fill(db: sqlite_utils.Database) -> None:
    db.table("sources").insert_all([{"name": "warta", "title": "Warta Jabar"}, {"name": "kabar", "title": "Kabar"}])
    db.table("articles").insert_all([{"id": n, "url": f"https://{s}.example/{n}", "source": s, "title": f"Berita {n}",
                                      "published_at": p, "content_hash": str(n), "first_seen": "2024-09-11"}
                                     for n, s, p in ARTICLES])
    db.table("programs").insert_all([{"id": 1, "canonical_id": "bimtek", "name": "Bimtek"},
                                     {"id": 2, "canonical_id": "ovop", "name": "OVOP"},
                                     {"id": 3, "canonical_id": "e-smart", "name": "e-Smart IKM"}])
    db.table("program_mentions").insert_all([{"program_id": p, "article_id": a, "text": "x"} for p, a in MENTIONS])
    db.table("officials").insert_all([{"id": n, "key": f"o{n}", "name": f"Pejabat {n}", "position": "Kepala Dinas"}
                                      for n in (1, 2, 3)])
    db.table("quotes").insert_all([{"official_id": o, "article_id": a, "quote": q} for o, a, q in QUOTES])
    db.table("article_regions").insert_all([
        {"article_id": a, "code": c, "name": n, "level": lv, "province": "Jawa Tengah", "province_code": "33"}
        for a, c, n, lv in ((1, "33", "Jawa Tengah", "province"), (1, "33.24", "Kabupaten Kendal", "regency"),
                            (3, "33.24", "Kabupaten Kendal", "regency"), (4, "33.19", "Kabupaten Kudus", "regency"),
                            (7, "33.74", "Kota Semarang", "city"))])
    db.table("stories").insert_all([{"id": n, "origin_article_id": n, "title": f"Berita {n}", "origin_source": s,
                                     "pickup": n % 3, "articles": 1, "first_seen": p} for n, s, p in ARTICLES])
    refresh_summaries(db)


def live_and_summary(db: sqlite_utils.Database, name: str, params: dict[str, str]) -> tuple[list, list]:
    summary = query_for(name, params)
    assert summary == SUMMARY_QUERIES[name]
    return ([dict(r) for r in db.query(QUERIES[name], params)], [dict(r) for r in db.query(summary, params)])


def assert_summaries_answer_as_live(db: sqlite_utils.Database) -> None:
    for name in SUMMARY_QUERIES:
        for params in RANGES if name in ("coverage_by_day", "top_outlets") else [ALL_TIME]:
            live, summary = live_and_summary(db, name, params)
            assert summary == live, (name, params)
    live_totals = db.execute("SELECT count(*), count(DISTINCT source), (SELECT count(*) FROM stories) "
                             "FROM articles").fetchone()
    assert db.execute(TOTALS).fetchone() == live_totals


@pytest.fixture
def small(tmp_path: Path) -> sqlite_utils.Database:
    db = open_db(tmp_path / "pantau.db")
    fill(db)
    return db


def test_each_summary_answer_equals_the_live_query(small: sqlite_utils.Database) -> None:
    assert_summaries_answer_as_live(small)
    officials = [dict(r) for r in small.query(SUMMARY_QUERIES["officials_quoted"])]
    assert officials == [{"official": "Pejabat 1", "position": "Kepala Dinas", "quotes": 3,
                          "latest_quote": "Mutu harus konsisten."},  # two quotes at the latest time: max() of both
                         {"official": "Pejabat 2", "position": "Kepala Dinas", "quotes": 1, "latest_quote": "Pasar baru."},
                         {"official": "Pejabat 3", "position": "Kepala Dinas", "quotes": 1, "latest_quote": "Ekspor naik."}]
    days = [dict(r) for r in small.query(SUMMARY_QUERIES["coverage_by_day"], ALL_TIME)]
    assert days[1] == {"day": "2024-09-02", "articles": 2, "outlets": 1}


def test_articles_per_day_stay_exact_through_edits_and_deletes(small: sqlite_utils.Database) -> None:
    small.table("articles").update(2, {"published_at": "2024-09-11T07:00:00+07:00"})
    small.table("articles").update(3, {"source": "warta", "title": "Berita 3, diperbarui"})
    small.table("articles").update(4, {"published_at": "2024-09-12"})
    small.table("articles").update(1, {"title": "Judul baru"})  # no date or outlet change: counts untouched
    small.execute("DELETE FROM stories WHERE id = 5")
    small.execute("DELETE FROM program_mentions WHERE article_id = 5")
    small.execute("DELETE FROM articles WHERE id = 5")
    small.table("articles").insert({"id": 8, "url": "https://kabar.example/8", "source": "kabar", "title": "Baru",
                                    "published_at": "2024-09-02T23:59:00+07:00", "content_hash": "8"})
    by_day = "SELECT day, outlet, articles FROM summary_outlet_day ORDER BY day, outlet"
    assert small.execute(by_day).fetchall() == small.execute(
        "SELECT substr(published_at, 1, 10) AS day, source, count(*) FROM articles GROUP BY 1, 2 "
        "ORDER BY day, source").fetchall()
    assert small.execute("SELECT count(*) FROM summary_outlet_day WHERE articles <= 0").fetchone()[0] == 0
    refresh_summaries_for(small, {1, 2, 3}, {1, 2, 3})
    assert_summaries_answer_as_live(small)


def test_the_demo_dashboard_reads_summaries_with_todays_answers(crawled) -> None:
    db = sqlite_utils.Database(crawled.db_path)
    assert_summaries_answer_as_live(db)
    programmes = db.execute("SELECT name FROM programs ORDER BY id LIMIT 1").fetchone()[0]
    for name in ("officials_quoted", "top_programmes", "top_outlets"):  # with a programme: the live query
        params = {**ALL_TIME, "programme": programmes}
        assert query_for(name, params) == QUERIES[name]
    page = asyncio.run(Datasette([str(crawled.db_path)], metadata=metadata_for(crawled.db_path)).client.get(
        "/-/dashboard"))
    assert page.status_code == 200
    text = page.text
    for row in db.query(QUERIES["officials_quoted"], ALL_TIME):
        assert f"{row['official']}: {row['quotes']}" in text
    for row in db.query(QUERIES["top_programmes"], ALL_TIME):
        assert f"{row['articles']}</text>" in text and row["programme"].split()[0] in text
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert f"{total} artikel / articles" in text


def test_the_coverage_chart_reads_only_the_weeks_it_shows(small: sqlite_utils.Database, tmp_path: Path) -> None:
    database = Datasette([str(tmp_path / "pantau.db")]).get_database()
    for params in RANGES + [{"start": "2021-06-01", "end": "2024-09-05", "programme": ""}]:
        everything = weekly_series([dict(r) for r in small.query(QUERIES["coverage_by_day"], params)], WEEKS_SHOWN)
        assert asyncio.run(weekly_coverage(database, params)) == everything, params
    assert chart_start("2024-09-11T07:00:00+07:00", 52) == "2023-09-18" and chart_start(None, 52) is None
    assert everything[0][0] == "2023-W37"  # the 2022 article is more than 52 weeks before the newest one


def plan(db: sqlite_utils.Database, sql: str, params: dict[str, str] | None = None) -> str:
    return " | ".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params or ALL_TIME).fetchall())


def test_plans_read_the_summaries_and_indexes(small: sqlite_utils.Database) -> None:
    for name, sql in SUMMARY_QUERIES.items():
        if name != "top_stories":
            assert " articles" not in plan(small, sql).replace("summary_", ""), name  # never the articles table
    assert plan(small, SUMMARY_QUERIES["top_stories"]).startswith("SCAN s USING INDEX idx_stories_pickup_order |")
    for name in ("coverage_by_province", "coverage_by_regency"):
        assert plan(small, SUMMARY_QUERIES[name]).startswith("SCAN r ")  # the regions first, then their articles
    week = {"start": "2024-09-02", "end": "2024-09-08", "programme": ""}
    assert "idx_articles_published_day" in plan(small, QUERIES["top_programmes"], week)
    newest = "SELECT id FROM articles ORDER BY coalesce(published_at, first_seen) DESC LIMIT 200"
    assert plan(small, newest) == "SCAN articles USING INDEX idx_articles_newest"


def test_m011_fills_the_summaries_of_a_version_10_database(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "old.db")
    migrate(db, to=10)
    fill(db)
    assert "summary_outlet_day" not in db.table_names()
    assert migrate(db) == len(MIGRATIONS) == schema_version(db)
    assert_summaries_answer_as_live(db)


def test_canned_queries_read_the_summary_and_the_newest_index(small: sqlite_utils.Database, tmp_path: Path) -> None:
    queries = metadata_for(tmp_path / "pantau.db")["databases"]["pantau"]["queries"]
    weekly = queries["articles_per_outlet_per_week"]["sql"]
    assert "summary_outlet_day" in plan(small, weekly) and " articles" not in plan(small, weekly).replace("summary_", "")
    before = ("select strftime('%Y-W%W', substr(published_at, 1, 10)) as week, source, count(*) as articles "
              "from articles where published_at is not null group by week, source order by week desc, articles desc")
    rows = small.execute(weekly).fetchall()
    assert sorted(rows, key=repr) == sorted(small.execute(before).fetchall(), key=repr)  # ties: any order
    assert rows == sorted(rows, key=lambda row: (row[0] or "", row[2]), reverse=True)  # week desc, articles desc
    assert plan(small, queries["latest_coverage"]["sql"]) == "SCAN articles USING INDEX idx_articles_newest"


def test_facet_suggestions_stop_where_they_could_not_answer_in_time(small: sqlite_utils.Database) -> None:
    assert suggests_facets(small)
    assert datasette_command("x.db", suggest_facets=True)[-2:] == ["suggest_facets", "on"]
    small.table("articles").insert({"id": SUGGEST_FACETS_UP_TO + 1, "url": "https://warta.example/besar",
                                    "source": "warta", "content_hash": "besar"})
    assert not suggests_facets(small)
    assert datasette_command("x.db", suggest_facets=False)[-2:] == ["suggest_facets", "off"]
