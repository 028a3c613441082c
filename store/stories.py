"""Stories in the database: rebuilt from the stored articles after each run, with pickup, outlets and facts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from extract.stories import StoryInput, group_stories, signatures_of, usable_signature
from store.rows import insert_row, insert_rows
from store.writes import save_signature, utc_now


def _names(db: sqlite_utils.Database, sql: str, ids: list[int]) -> list[str]:
    marks = ",".join("?" * len(ids))
    return [name for (name,) in db.execute(sql.format(marks=marks), ids).fetchall()]


def _story_row(db: sqlite_utils.Database, ids: list[int], origin: int, now: str) -> dict[str, Any]:
    marks = ",".join("?" * len(ids))
    first, last, outlets = db.execute(
        f"SELECT min(coalesce(published_at, first_seen)), max(coalesce(published_at, first_seen)), "
        f"json_group_array(DISTINCT source) FROM articles WHERE id IN ({marks})", ids).fetchone()
    title, origin_source = db.execute("SELECT title, source FROM articles WHERE id = ?", [origin]).fetchone()
    programmes = _names(db, "SELECT DISTINCT p.name FROM program_mentions m JOIN programs p ON p.id = m.program_id "
                            "WHERE m.article_id IN ({marks}) ORDER BY p.name", ids)
    officials = _names(db, "SELECT DISTINCT o.name FROM official_mentions m JOIN officials o ON o.id = m.official_id "
                           "WHERE m.article_id IN ({marks}) ORDER BY o.name", ids)
    outlet_list = sorted(json.loads(outlets))
    return {"origin_article_id": origin, "title": title, "origin_source": origin_source, "articles": len(ids),
            "pickup": len(outlet_list) - 1, "outlets": json.dumps(outlet_list), "first_seen": first,
            "last_seen": last, "programmes": json.dumps(programmes, ensure_ascii=False),
            "officials": json.dumps(officials, ensure_ascii=False), "updated_at": now}


WINDOW_DAYS = 60  # republications are stored within days of a release; older stories are settled and kept


def _window_start(db: sqlite_utils.Database, days: int) -> str:
    newest = db.execute("SELECT max(first_seen) FROM articles").fetchone()[0] or ""
    if not newest:
        return ""
    return (datetime.fromisoformat(newest) - timedelta(days=days)).isoformat(timespec="seconds")


def _window_articles(db: sqlite_utils.Database, since: str) -> tuple[list[StoryInput], dict[int, str]]:
    """The window's articles with the signatures stored for their current text, and the content hash of each
    article whose signature is missing or stale."""
    articles, unsigned = [], {}
    for article_id, text, published, source, content_hash, signature in db.execute(
            "SELECT a.id, a.text, coalesce(a.published_at, a.first_seen), a.source, a.content_hash, "
            "CASE WHEN s.content_hash = a.content_hash THEN s.signature END FROM articles a "
            "LEFT JOIN story_signatures s ON s.article_id = a.id WHERE a.first_seen >= ?", [since]):
        articles.append(StoryInput(article_id, text or "", published, source, signature))
        if not usable_signature(signature):
            unsigned[article_id] = content_hash
    return articles, unsigned


def rebuild_stories(db: sqlite_utils.Database, window_days: int = WINDOW_DAYS) -> int:
    """Group the articles stored in the last `window_days` (up to the newest one) into stories, replacing their
    earlier stories, in one transaction; return how many stories were written. A first crawl of an archive groups
    everything it stored; a nightly run at millions of articles regroups only the recent ones."""
    since = _window_start(db, window_days)
    articles, unsigned = _window_articles(db, since)
    made = signatures_of([a for a in articles if a.article_id in unsigned])  # older articles: kept for next time
    articles = [StoryInput(a.article_id, a.text, a.published, a.source, made.get(a.article_id, a.signature))
                for a in articles]
    stories = group_stories(articles)
    now = utc_now()
    with db.atomic():
        for article_id, content_hash in unsigned.items():
            save_signature(db, article_id, content_hash, made.get(article_id))
        ids = [a.article_id for a in articles]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM story_articles WHERE article_id IN ({marks})", chunk)
        db.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")
        members = []
        for story in stories:
            story_id = insert_row(db, "stories", _story_row(db, story.article_ids, story.origin, now))
            members += [{"story_id": story_id, "article_id": a, "is_origin": int(a == story.origin),
                         "similarity": story.similarity.get(a)} for a in story.article_ids]
        insert_rows(db, "story_articles", members)  # one statement for all: a night's window holds thousands
    return len(stories)
