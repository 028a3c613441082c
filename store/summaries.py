"""Summary tables behind the canned queries, refreshed after every run so they stay fast at millions of articles."""

from __future__ import annotations

import sqlite_utils

from store.connections import alongside
from store.facts import Touched

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
# The dashboard's all-time sections (store/analytics.py) count only articles with a publication date in range.
DATED = "substr(a.published_at, 1, 10) BETWEEN '0000-01-01' AND '9999-12-31'"
PROGRAMME_OUTLET = f"""
        SELECT m.program_id, a.source AS outlet, count(DISTINCT a.id) AS articles
        FROM program_mentions m JOIN articles a ON a.id = m.article_id WHERE {DATED} {{only}}
        GROUP BY m.program_id, a.source"""
# quotes of dated articles; the latest quote is the one at the official's newest publication time (all articles)
OFFICIAL_QUOTES = f"""
        WITH latest AS (SELECT q.official_id, max(a.published_at) AS published_at FROM quotes q
                        JOIN articles a ON a.id = q.article_id WHERE q.official_id IS NOT NULL {{only}}
                        GROUP BY q.official_id)
        SELECT q.official_id, count(q.id) AS quotes,
               max(q.quote) FILTER (WHERE a.published_at = l.published_at) AS latest_quote
        FROM quotes q JOIN articles a ON a.id = q.article_id JOIN latest l ON l.official_id = q.official_id
        WHERE {DATED} GROUP BY q.official_id"""
SUMMARIES |= {"summary_programme_outlet": PROGRAMME_OUTLET.format(only=""),
              "summary_official_quotes": OFFICIAL_QUOTES.format(only="")}
# The same rows for some programmes or officials only (a run's changes): table → (key column, query with {ids}).
PARTIAL = {
    "summary_programme_week": ("program_id", """
        SELECT m.program_id, p.name AS programme, strftime('%Y-W%W', substr(a.published_at, 1, 10)) AS week,
               count(DISTINCT a.id) AS articles, count(DISTINCT a.source) AS outlets
        FROM program_mentions m JOIN programs p ON p.id = m.program_id JOIN articles a ON a.id = m.article_id
        WHERE a.published_at IS NOT NULL AND m.program_id IN ({ids}) GROUP BY m.program_id, week"""),
    "summary_share_of_voice": ("program_id", """
        SELECT a.source AS outlet, m.program_id, p.name AS programme, count(DISTINCT a.id) AS articles, NULL
        FROM program_mentions m JOIN programs p ON p.id = m.program_id JOIN articles a ON a.id = m.article_id
        WHERE m.program_id IN ({ids}) GROUP BY a.source, m.program_id"""),
    "summary_officials_quoted": ("official_id", """
        SELECT o.id AS official_id, o.name AS official, o.position, count(q.id) AS quotes,
               count(DISTINCT q.article_id) AS articles, max(a.published_at) AS last_quoted,
               (SELECT q2.quote FROM quotes q2 JOIN articles a2 ON a2.id = q2.article_id WHERE q2.official_id = o.id
                ORDER BY a2.published_at DESC LIMIT 1) AS latest_quote
        FROM quotes q JOIN officials o ON o.id = q.official_id JOIN articles a ON a.id = q.article_id
        WHERE q.official_id IN ({ids}) GROUP BY o.id"""),
    "summary_programme_outlet": ("program_id", PROGRAMME_OUTLET.format(only="AND m.program_id IN ({ids})")),
    "summary_official_quotes": ("official_id", OFFICIAL_QUOTES.format(only="AND q.official_id IN ({ids})")),
}
SHARE_PCT = """UPDATE summary_share_of_voice SET share_pct = round(100.0 * articles / (
            SELECT sum(articles) FROM summary_share_of_voice s WHERE s.program_id = summary_share_of_voice.program_id)
            , 1)"""
INDEXES = {
    "summary_programme_week": [["week"], ["programme"]],
    "summary_share_of_voice": [["programme"], ["outlet"]],
    "summary_officials_quoted": [["quotes"]],
}


def refresh_summaries(db: sqlite_utils.Database, only: tuple[str, ...] = ()) -> None:
    """Rebuild every summary table (or `only` these) in one transaction (readers see the old or the new, never
    half). A table a later migration creates is left to that migration."""
    existing = set(db.table_names())
    with db.atomic():
        for table, sql in SUMMARIES.items():
            if table not in existing or (only and table not in only):
                continue
            db.execute(f"DELETE FROM {table}")
            db.execute(f"INSERT INTO {table} {sql}")
        db.execute(SHARE_PCT)


def refresh_summaries_for(db: sqlite_utils.Database, programs: set[int], officials: set[int]) -> None:
    """Rebuild only the summary rows of these programmes and officials (what a run changed), in one transaction."""
    keys = {"program_id": sorted(programs), "official_id": sorted(officials)}
    existing = set(db.table_names())
    with db.atomic():
        for table, (column, sql) in PARTIAL.items():
            ids = keys[column] if table in existing else []
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
                db.execute(f"INSERT INTO {table} {sql.format(ids=marks)}", chunk)
        for start in range(0, len(keys["program_id"]), 500):
            chunk = keys["program_id"][start:start + 500]
            db.execute(f"{SHARE_PCT} WHERE program_id IN ({','.join('?' * len(chunk))})", chunk)


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


def refresh_derived(db: sqlite_utils.Database, touched: Touched | None = None, changed: bool = True) -> None:
    """What a run must rebuild once its articles are stored: stories, and the summary tables (all of them, or only
    the rows of the programmes and officials `touched`). A run that stored or changed nothing rebuilds nothing.
    Neither reads what the other writes, so the summary queries run beside the story grouping (0.15 s of the
    serial end of a 10,000-article run)."""
    from store.stories import rebuild_stories

    if not changed:
        return

    def summaries(other: sqlite_utils.Database) -> None:
        if touched is None:
            refresh_summaries(other)
        else:
            refresh_summaries_for(other, touched.programs, touched.officials)

    with alongside(db, summaries):
        rebuild_stories(db)
