"""The questions communications teams ask, as SQL over a date range and an optional programme filter."""

from __future__ import annotations

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
    "coverage_by_week": f"""SELECT strftime('%Y-W%W', substr(a.published_at, 1, 10)) AS week, count(*) AS articles
        FROM articles a {WHERE} GROUP BY week ORDER BY week""",
    "top_outlets": f"""SELECT a.source AS outlet, count(*) AS articles FROM articles a {WHERE}
        GROUP BY a.source ORDER BY articles DESC, outlet LIMIT 15""",
    "top_programmes": f"""SELECT p.name AS programme, count(DISTINCT a.id) AS articles,
        count(DISTINCT a.source) AS outlets FROM program_mentions m JOIN programs p ON p.id = m.program_id
        JOIN articles a ON a.id = m.article_id {WHERE} GROUP BY p.id ORDER BY articles DESC, programme LIMIT 15""",
    "officials_quoted": f"""SELECT o.name AS official, o.position, count(q.id) AS quotes,
        max(q.quote) FILTER (WHERE a.published_at = (SELECT max(a2.published_at) FROM quotes q2
            JOIN articles a2 ON a2.id = q2.article_id WHERE q2.official_id = o.id)) AS latest_quote
        FROM quotes q JOIN officials o ON o.id = q.official_id JOIN articles a ON a.id = q.article_id {WHERE}
        GROUP BY o.id ORDER BY quotes DESC, official LIMIT 15""",
    "top_stories": f"""SELECT s.id AS story_id, s.title, s.origin_source, s.pickup, s.articles, s.outlets,
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


def run_query(db: sqlite_utils.Database, name: str, **params: Any) -> list[dict[str, Any]]:
    values = {**ALL_TIME, **{k: v for k, v in params.items() if v is not None}}
    return [dict(row) for row in db.query(QUERIES[name], values)]
