"""Summary tables behind the canned queries equal the views they summarise, after a crawl refreshed them."""

from __future__ import annotations

import sqlite_utils

from store.schema import open_db
from store.summaries import refresh_summaries


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
