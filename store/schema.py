"""The database schema as code: ordered migrations tracked in PRAGMA user_version."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def _m001_foundation(db: sqlite_utils.Database) -> None:
    db.table("sources").create(
        {"name": str, "title": str, "domains": str, "article_pattern": str, "updated_at": str},
        pk="name",
    )
    db.table("crawl_runs").create(
        {
            "id": int, "started_at": str, "finished_at": str, "status": str, "sources_file": str,
            "warc_file": str, "found": int, "fetched": int, "stored": int, "updated": int,
            "unchanged": int, "irrelevant": int, "duplicates": int, "errors": int,
            "per_source": str, "duration_s": float,
        },
        pk="id",
    )
    db.table("articles").create(
        {
            "id": int, "url": str, "source": str, "title": str, "author": str, "published_at": str,
            "published_month": str,
            "description": str, "text": str, "lang": str, "sitename": str, "tags": str,
            "relevance": float, "matched_terms": str, "content_hash": str, "fetched_url": str,
            "first_seen": str, "last_seen": str, "crawl_run": int, "warc_file": str, "warc_offset": int,
        },
        pk="id",
        not_null={"url", "source", "content_hash"},
        foreign_keys=[("source", "sources", "name"), ("crawl_run", "crawl_runs", "id")],
    )
    db.table("articles").create_index(["url"], unique=True)
    db.table("articles").create_index(["published_at"])
    db.table("articles").create_index(["source", "published_at"])
    db.table("articles").create_index(["content_hash"])
    db.table("articles").enable_fts(["title", "text"], create_triggers=True)
    db.table("skipped").create(
        {"url": str, "source": str, "reason": str, "relevance": float, "detail": str,
         "first_seen": str, "last_seen": str, "crawl_run": int},
        pk="url",
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )
    db.table("crawl_errors").create(
        {"id": int, "crawl_run": int, "source": str, "url": str, "stage": str, "reason": str, "at": str},
        pk="id",
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )
    db.table("crawl_errors").create_index(["crawl_run"])


MIGRATIONS: list[Migration] = [_m001_foundation]


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database) -> int:
    """Apply pending migrations, each in its own transaction; return the resulting version."""
    version = schema_version(db)
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        with db.conn:
            migration(db)
            db.execute(f"PRAGMA user_version = {number}")
    return schema_version(db)


def open_db(path: Path | str | None = None) -> sqlite_utils.Database:
    """Open (creating folders as needed) and migrate a Pantau database; None means in memory."""
    if path is None or str(path) == ":memory:":
        db = sqlite_utils.Database(memory=True)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    migrate(db)
    return db
