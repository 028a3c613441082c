"""Every foreign key is indexed (Datasette's row pages count related rows through them); m010 upgrades an old file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlite_utils
from datasette.app import Datasette

from store.browse.serve import metadata_for
from store.schema import MIGRATIONS, migrate, open_db, schema_version


def count_plan(db: sqlite_utils.Database, table: str, column: str) -> str:
    """SQLite's plan for the count Datasette's row page runs for each foreign key pointing at the row."""
    rows = db.execute(f"EXPLAIN QUERY PLAN SELECT count(*) FROM [{table}] WHERE [{column}] = :id", {"id": 1})
    return " ".join(str(row[-1]) for row in rows.fetchall())


def foreign_keys(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    return [(table.name, fk.column, fk.other_table) for table in db.tables for fk in table.foreign_keys]


def fill(db: sqlite_utils.Database) -> None:
    """Two runs, three articles (two of run 1), one skipped page, programme mentions and a story."""
    db.table("sources").insert({"name": "warta", "title": "Warta"})
    db.table("crawl_runs").insert_all([{"id": 1, "status": "finished"}, {"id": 2, "status": "finished"}])
    db.table("articles").insert_all([
        {"id": n, "url": f"https://warta.example/berita/{n}", "source": "warta", "title": f"Pelatihan batik {n}",
         "text": "Perajin batik mengikuti pelatihan.", "content_hash": str(n), "crawl_run": run}
        for n, run in ((1, 1), (2, 1), (3, 2))])
    db.table("skipped").insert({"url": "https://warta.example/olahraga/9", "source": "warta", "reason": "irrelevant",
                                "crawl_run": 1})
    db.table("programs").insert({"id": 1, "canonical_id": "bimtek", "name": "Bimtek"})
    db.table("program_mentions").insert_all([{"program_id": 1, "article_id": 1, "text": "Bimtek"},
                                             {"program_id": 1, "article_id": 1, "text": "bimtek"}])
    db.table("stories").insert({"id": 1, "origin_article_id": 1, "title": "Pelatihan batik 1", "articles": 2})


def test_every_foreign_key_count_is_an_index_search(tmp_path: Path) -> None:
    db = open_db(tmp_path / "pantau.db")
    keys = foreign_keys(db)
    assert ("articles", "crawl_run", "crawl_runs") in keys and ("stories", "origin_article_id", "articles") in keys
    scans = {f"{table}.{column}": plan for table, column, _ in keys
             if not (plan := count_plan(db, table, column)).startswith("SEARCH") or "INDEX" not in plan}
    assert scans == {}


def test_m010_indexes_the_crawl_run_of_a_version_9_database(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "old.db")
    migrate(db, to=9)
    fill(db)
    assert count_plan(db, "articles", "crawl_run").startswith("SCAN")
    assert count_plan(db, "skipped", "crawl_run").startswith("SCAN")
    assert migrate(db) == len(MIGRATIONS) == schema_version(db)
    assert "idx_articles_crawl_run" in count_plan(db, "articles", "crawl_run")
    assert "idx_skipped_crawl_run" in count_plan(db, "skipped", "crawl_run")
    assert db.execute("SELECT count(*) FROM articles WHERE crawl_run = 1").fetchone()[0] == 2


def page(db_path: Path, path: str) -> str:
    ds = Datasette([str(db_path)], metadata=metadata_for(db_path))

    async def fetch() -> str:
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        return response.text

    return asyncio.run(fetch())


def test_row_pages_still_show_their_related_rows_counted_and_linked(tmp_path: Path) -> None:
    path = tmp_path / "pantau.db"
    fill(open_db(path))
    run = " ".join(page(path, "/pantau/crawl_runs/1").split())
    assert '<a href="/pantau/articles?crawl_run=1"> 2 rows</a> from crawl_run in articles' in run
    assert '<a href="/pantau/skipped?crawl_run=1"> 1 row</a> from crawl_run in skipped' in run
    article = " ".join(page(path, "/pantau/articles/1").split())
    assert '<a href="/pantau/program_mentions?article_id=1"> 2 rows</a> from article_id in program_mentions' in article
    assert '<a href="/pantau/stories?origin_article_id=1"> 1 row</a> from origin_article_id in stories' in article
    assert '<a href="/pantau/quotes?article_id=1"> 0 rows</a> from article_id in quotes' in article


def test_a_crawl_runs_page_reads_its_kept_article_count(tmp_path: Path) -> None:
    """The count of a run's articles comes from summary_run_articles (a run of a million walks a million index
    entries otherwise): a count set by hand shows on the page; the other counts stay Datasette's."""
    path = tmp_path / "pantau.db"
    db = open_db(path)
    fill(db)
    db.table("crawl_runs").insert({"id": 3, "status": "finished"})  # a run that stored nothing has no row there
    db.execute("UPDATE summary_run_articles SET articles = 99 WHERE crawl_run = 1")
    db.conn.commit()
    run = " ".join(page(path, "/pantau/crawl_runs/1").split())
    assert '<a href="/pantau/articles?crawl_run=1"> 99 rows</a> from crawl_run in articles' in run
    assert '<a href="/pantau/skipped?crawl_run=1"> 1 row</a> from crawl_run in skipped' in run
    empty = " ".join(page(path, "/pantau/crawl_runs/3").split())
    assert '<a href="/pantau/articles?crawl_run=3"> 0 rows</a> from crawl_run in articles' in empty


def test_kept_run_counts_follow_every_insert_update_and_delete(tmp_path: Path) -> None:
    db = open_db(tmp_path / "pantau.db")
    fill(db)
    db.execute("UPDATE articles SET crawl_run = 2 WHERE id = 1")
    db.execute("UPDATE articles SET crawl_run = NULL WHERE id = 2")
    db.execute("UPDATE articles SET title = 'Pelatihan tenun' WHERE id = 3")
    db.table("articles").insert({"id": 4, "url": "https://warta.example/berita/4", "source": "warta", "title": "x",
                                 "text": "Perajin.", "content_hash": "4", "crawl_run": 1})
    db.execute("UPDATE articles SET crawl_run = 1 WHERE id = 2")
    db.execute("DELETE FROM articles WHERE id = 3")
    kept = {run: n for run, n in db.execute("SELECT crawl_run, articles FROM summary_run_articles") if n}
    counted = dict(db.execute("SELECT crawl_run, count(*) FROM articles WHERE crawl_run NOTNULL GROUP BY 1").fetchall())
    assert kept == counted == {1: 2, 2: 1}


def test_m015_counts_the_articles_of_every_run_of_an_older_file(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "old.db")
    migrate(db, to=14)
    fill(db)
    assert migrate(db) == len(MIGRATIONS)
    assert dict(db.execute("SELECT crawl_run, articles FROM summary_run_articles").fetchall()) == {1: 2, 2: 1}
