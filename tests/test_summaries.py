"""Summary tables behind the canned queries equal the views they summarise, after a crawl refreshed them."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from store.facts import delete_facts, refresh_counts
from store.schema import open_db
from store.summaries import refresh_summaries, refresh_summaries_for


def test_summaries_equal_their_views(crawled) -> None:
    db = sqlite_utils.Database(crawled.db_path)
    week = sorted(db.execute("select programme, week, articles, outlets from summary_programme_week").fetchall())
    assert week and week == sorted(db.execute(
        "select programme, week, articles, outlets from coverage_per_programme_week").fetchall())
    share = sorted(db.execute("select outlet, programme, articles, share_pct from summary_share_of_voice").fetchall())
    assert share == sorted(db.execute("select outlet, programme, articles, share_pct from share_of_voice").fetchall())
    quoted = sorted(db.execute("select official, quotes from summary_officials_quoted").fetchall())
    assert quoted == sorted(db.execute("select official, quotes from officials_quoted").fetchall())


def test_refresh_replaces_the_rows() -> None:
    db = open_db(None)
    db.execute("insert into summary_programme_week values (1, 'stale', '2020-W01', 9, 9)")
    refresh_summaries(db)
    assert db.execute("select count(*) from summary_programme_week").fetchone()[0] == 0


def _derived(db: sqlite_utils.Database) -> dict[str, list[tuple]]:
    return {table: sorted(db.execute(f"select * from {table}").fetchall(), key=repr) for table in (
        "summary_programme_week", "summary_share_of_voice", "summary_officials_quoted", "summary_programme_outlet",
        "summary_official_quotes")} | {
        "counts": sorted(db.execute("select 'o', id, mentions from officials union all "
                                    "select 'p', id, mentions from programs").fetchall())}


def test_a_refresh_of_what_changed_equals_a_full_refresh(crawled, tmp_path) -> None:
    """A run refreshes counts and summary rows only for the officials and programmes it touched."""
    copy = sqlite3.connect(tmp_path / "copy.db")
    sqlite3.connect(crawled.db_path).backup(copy)
    copy.close()
    db = sqlite_utils.Database(tmp_path / "copy.db")
    article_id = db.execute("select m.article_id from program_mentions m join quotes q using (article_id) "
                            "limit 1").fetchone()[0]
    before = _derived(db)
    with db.atomic():
        touched = delete_facts(db, article_id)  # as a re-extraction that found nothing would
    assert touched.programs and touched.officials
    refresh_counts(db, touched)
    refresh_summaries_for(db, touched.programs, touched.officials)
    incremental = _derived(db)
    assert incremental != before
    refresh_counts(db)
    refresh_summaries(db)
    assert _derived(db) == incremental


def _copy(crawled, path) -> sqlite_utils.Database:
    copy = sqlite3.connect(path)
    sqlite3.connect(crawled.db_path).backup(copy)
    copy.close()
    return sqlite_utils.Database(path)


COLUMNS = {"stories": "id, origin_article_id, title, origin_source, articles, pickup, outlets, first_seen, last_seen, "
                      "programmes, officials"}  # not updated_at: the two refreshes may run in different seconds


def test_derived_tables_refreshed_beside_the_stories_equal_one_after_the_other(crawled, tmp_path) -> None:
    """refresh_derived runs the summary queries on a second connection while the stories are grouped: the tables
    it leaves equal those of the two steps run in turn on one connection."""
    from store.stories import rebuild_stories
    from store.summaries import refresh_derived

    tables = ("stories", "story_articles", "summary_programme_week", "summary_share_of_voice",
              "summary_officials_quoted", "summary_programme_outlet", "summary_official_quotes")
    results = []
    for name, refresh in (("beside", refresh_derived), ("in turn", lambda db: (rebuild_stories(db),
                                                                               refresh_summaries(db)))):
        db = _copy(crawled, tmp_path / f"{name}.db")
        for table in tables:
            db.execute(f"DELETE FROM {table}")
        db.conn.commit()
        refresh(db)
        results.append({table: sorted(db.execute(f"SELECT {COLUMNS.get(table, '*')} FROM {table}").fetchall(), key=repr)
                        for table in tables})
        db.close()
    assert results[0]["summary_programme_week"] and results[0]["story_articles"]
    assert results[0] == results[1]
