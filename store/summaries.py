"""Summary tables behind the canned queries, refreshed after every run so they stay fast at millions of articles."""

from __future__ import annotations

import sqlite_utils

# table → the query that fills it (over the views in store/schema.py)
SUMMARIES = {
    "summary_programme_week": """
        SELECT m.program_id, p.name AS programme, strftime('%Y-W%W', substr(a.published_at, 1, 10)) AS week,
               count(DISTINCT a.id) AS articles, count(DISTINCT a.source) AS outlets
        FROM program_mentions m JOIN programs p ON p.id = m.program_id JOIN articles a ON a.id = m.article_id
        WHERE a.published_at IS NOT NULL GROUP BY m.program_id, week""",
    "summary_share_of_voice": """
        SELECT a.source AS outlet, m.program_id, p.name AS programme, count(DISTINCT a.id) AS articles, NULL
        FROM program_mentions m JOIN programs p ON p.id = m.program_id JOIN articles a ON a.id = m.article_id
        GROUP BY a.source, m.program_id""",
    "summary_officials_quoted": "SELECT * FROM officials_quoted",
}
INDEXES = {
    "summary_programme_week": [["week"], ["programme"]],
    "summary_share_of_voice": [["programme"], ["outlet"]],
    "summary_officials_quoted": [["quotes"]],
}


def refresh_summaries(db: sqlite_utils.Database) -> None:
    """Rebuild every summary table in one transaction (readers see the old or the new, never half)."""
    with db.atomic():
        for table, sql in SUMMARIES.items():
            db.execute(f"DELETE FROM {table}")
            db.execute(f"INSERT INTO {table} {sql}")
        db.execute("""UPDATE summary_share_of_voice SET share_pct = round(100.0 * articles / (
            SELECT sum(articles) FROM summary_share_of_voice s WHERE s.program_id = summary_share_of_voice.program_id)
            , 1)""")


def create_summaries(db: sqlite_utils.Database) -> None:
    """The empty summary tables and their indexes (migration 5)."""
    db.execute("CREATE TABLE summary_programme_week (program_id INTEGER, programme TEXT, week TEXT, articles INTEGER,"
               " outlets INTEGER)")
    db.execute("CREATE TABLE summary_share_of_voice (outlet TEXT, program_id INTEGER, programme TEXT, articles INTEGER,"
               " share_pct REAL)")
    db.execute("CREATE TABLE summary_officials_quoted (official_id INTEGER, official TEXT, position TEXT, quotes INTEGER,"
               " articles INTEGER, last_quoted TEXT, latest_quote TEXT)")
    for table, indexes in INDEXES.items():
        for columns in indexes:
            db.table(table).create_index(columns)


def refresh_derived(db: sqlite_utils.Database) -> None:
    """What a run must rebuild once its articles are stored: stories, then the summary tables."""
    from store.stories import rebuild_stories

    rebuild_stories(db)
    refresh_summaries(db)
