"""The questions communications teams ask, as SQL over a date range and an optional programme filter."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlite_utils

# Every query takes :start and :end (YYYY-MM-DD, inclusive, on the publication date) and :programme ('' for all).
IN_RANGE = "substr(a.published_at, 1, 10) BETWEEN :start AND :end"
ABOUT = ("(:programme = '' OR a.id IN (SELECT m.article_id FROM program_mentions m JOIN programs p "
         "ON p.id = m.program_id WHERE p.name LIKE '%' || :programme || '%' OR p.canonical_id = lower(:programme)))")
WHERE = f"WHERE {IN_RANGE} AND {ABOUT}"

QUERIES = {
    "coverage_by_day": f"""SELECT substr(a.published_at, 1, 10) AS day, count(*) AS articles,
        count(DISTINCT a.source) AS outlets FROM articles a {WHERE} GROUP BY day ORDER BY day""",
    "top_outlets": f"""SELECT a.source AS outlet, coalesce((SELECT s.title FROM sources s WHERE s.name = a.source),
        a.source) AS outlet_title, count(*) AS articles FROM articles a {WHERE}
        GROUP BY a.source ORDER BY articles DESC, outlet LIMIT 15""",
    "top_programmes": f"""SELECT p.name AS programme, count(DISTINCT a.id) AS articles,
        count(DISTINCT a.source) AS outlets FROM program_mentions m JOIN programs p ON p.id = m.program_id
        JOIN articles a ON a.id = m.article_id {WHERE} GROUP BY p.id ORDER BY articles DESC, programme LIMIT 15""",
    # the latest quote is looked up only for the 15 officials shown (per quote row it took 106 s at a million)
    "officials_quoted": f"""WITH shown AS (SELECT o.id, o.name AS official, o.position, count(q.id) AS quotes
        FROM quotes q JOIN officials o ON o.id = q.official_id JOIN articles a ON a.id = q.article_id {WHERE}
        GROUP BY o.id ORDER BY quotes DESC, official LIMIT 15)
        SELECT s.official, s.position, s.quotes, (SELECT max(q.quote) FROM quotes q JOIN articles a
            ON a.id = q.article_id {WHERE} AND q.official_id = s.id AND a.published_at = (SELECT max(a2.published_at)
            FROM quotes q2 JOIN articles a2 ON a2.id = q2.article_id WHERE q2.official_id = s.id)) AS latest_quote
        FROM shown s ORDER BY s.quotes DESC, s.official""",
    "top_stories": f"""SELECT s.id AS story_id, s.title, s.origin_source, coalesce((SELECT so.title FROM sources so
        WHERE so.name = s.origin_source), s.origin_source) AS origin_title, s.pickup, s.articles, s.outlets,
        s.first_seen, s.programmes FROM stories s JOIN articles a ON a.id = s.origin_article_id {WHERE}
        ORDER BY s.pickup DESC, s.articles DESC, s.first_seen LIMIT 15""",
    "figures": f"""SELECT p.name AS programme, f.text AS figure, f.value, f.unit, substr(a.published_at, 1, 10)
        AS published, a.source, a.title FROM facts f JOIN programs p ON p.id = f.program_id
        JOIN articles a ON a.id = f.article_id {WHERE} AND f.kind = 'figure' ORDER BY programme, published""",
    "new_programmes": f"""SELECT p.name AS programme, min(substr(a.published_at, 1, 10)) AS first_reported,
        count(DISTINCT a.id) AS articles FROM programs p JOIN program_mentions m ON m.program_id = p.id
        JOIN articles a ON a.id = m.article_id WHERE p.known = 0 AND {ABOUT} GROUP BY p.id
        HAVING first_reported BETWEEN :start AND :end ORDER BY first_reported, programme""",
}
REGION_QUERIES = {
    "coverage_by_province": f"""SELECT r.province, r.province_code, count(DISTINCT a.id) AS articles,
        count(DISTINCT a.source) AS outlets, count(DISTINCT CASE WHEN r.level != 'province' THEN r.code END)
        AS kabupaten_kota FROM article_regions r JOIN articles a ON a.id = r.article_id {WHERE}
        GROUP BY r.province_code ORDER BY articles DESC, r.province""",
    "coverage_by_regency": f"""SELECT r.name AS kabupaten_kota, r.province, r.code, count(DISTINCT a.id) AS articles,
        count(DISTINCT a.source) AS outlets FROM article_regions r JOIN articles a ON a.id = r.article_id {WHERE}
        AND r.level != 'province' GROUP BY r.code ORDER BY articles DESC, kabupaten_kota LIMIT 50""",
}
QUERIES.update(REGION_QUERIES)
ALL_TIME = {"start": "0000-01-01", "end": "9999-12-31", "programme": ""}

# The same rows from the summary tables (store/summaries.py, migration 11), when they hold the answer: articles per
# day and outlet for any date range without a programme; programmes and officials for all time only.
DAYS = "FROM summary_outlet_day s WHERE s.day BETWEEN :start AND :end"
SUMMARY_QUERIES = {
    "coverage_by_day": f"SELECT s.day, sum(s.articles) AS articles, count(*) AS outlets {DAYS} GROUP BY s.day "
                       "ORDER BY s.day",
    "top_outlets": f"""SELECT s.outlet, coalesce((SELECT so.title FROM sources so WHERE so.name = s.outlet), s.outlet)
        AS outlet_title, sum(s.articles) AS articles {DAYS} GROUP BY s.outlet ORDER BY articles DESC, outlet LIMIT 15""",
    "top_programmes": """SELECT p.name AS programme, sum(s.articles) AS articles, count(*) AS outlets
        FROM summary_programme_outlet s JOIN programs p ON p.id = s.program_id GROUP BY p.id
        ORDER BY articles DESC, programme LIMIT 15""",
    "officials_quoted": """SELECT o.name AS official, o.position, s.quotes, s.latest_quote
        FROM summary_official_quotes s JOIN officials o ON o.id = s.official_id ORDER BY s.quotes DESC, official
        LIMIT 15""",
}
# No summary for these, but all-time plans that read in a better order than the date index SQLite would walk:
# stories in the order shown (an index, m011) until 15 have a dated origin; regions first, then their articles.
FIRST = {"top_stories": "stories s", "coverage_by_province": "article_regions r", "coverage_by_regency": "article_regions r"}
SUMMARY_QUERIES |= {name: QUERIES[name].replace(f"FROM {table} JOIN", f"FROM {table} CROSS JOIN")
                    for name, table in FIRST.items()}
ANY_RANGE = {"coverage_by_day", "top_outlets"}
TOTALS = ("SELECT coalesce(sum(articles), 0), count(DISTINCT outlet), (SELECT count(*) FROM stories) "
          "FROM summary_outlet_day")


def query_for(name: str, params: dict[str, Any]) -> str:
    """The SQL that answers `name` for these parameters: a summary table's when it holds the same rows."""
    if name in SUMMARY_QUERIES and not params.get("programme") and (
            name in ANY_RANGE or (params.get("start"), params.get("end")) == (ALL_TIME["start"], ALL_TIME["end"])):
        return SUMMARY_QUERIES[name]
    return QUERIES[name]


def run_query(db: sqlite_utils.Database, name: str, **params: Any) -> list[dict[str, Any]]:
    values = {**ALL_TIME, **{k: v for k, v in params.items() if v is not None}}
    return [dict(row) for row in db.query(query_for(name, values), values)]


def iso_week(day: str) -> str:
    """The ISO week of a YYYY-MM-DD day, with its ISO year: 2024-12-30 → 2025-W01 (SQLite's strftime has no %V)."""
    year, week, _ = date.fromisoformat(day[:10]).isocalendar()
    return f"{year}-W{week:02d}"


NEWEST_DAY = "SELECT max(day) FROM summary_outlet_day WHERE day BETWEEN :start AND :end"
BEFORE_DAY = NEWEST_DAY + " AND day < :first"


def chart_start(newest: Any, last: int) -> str | None:
    """The Monday `last` weeks back from the week of `newest` (an ISO day): where weekly_series(…, last) starts.
    None when newest is no day."""
    try:
        day = date.fromisoformat(str(newest)[:10])
    except ValueError:
        return None
    return (day - timedelta(days=day.weekday(), weeks=last - 1)).isoformat()


def weekly_series(days: list[dict[str, Any]], last: int = 52) -> list[tuple[str, int]]:
    """Articles per ISO week from coverage_by_day rows, every week from the first to the last (empty ones as 0);
    only the `last` weeks when there are more."""
    counts: dict[date, int] = {}
    for row in days:
        try:
            day = date.fromisoformat(str(row["day"])[:10])
        except ValueError:
            continue
        monday = day - timedelta(days=day.weekday())
        counts[monday] = counts.get(monday, 0) + int(row["articles"])
    if not counts:
        return []
    first, newest = min(counts), max(counts)
    first = max(first, newest - timedelta(weeks=last - 1))
    weeks = [first + timedelta(weeks=n) for n in range((newest - first).days // 7 + 1)]
    return [(iso_week(monday.isoformat()), counts.get(monday, 0)) for monday in weeks]
