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


def _m002_facts(db: sqlite_utils.Database) -> None:
    db.table("articles").add_column("extractor_version", str)
    db.table("officials").create(
        {"id": int, "key": str, "name": str, "position": str, "position_normalized": str, "organization": str,
         "mentions": int, "first_seen": str, "last_seen": str},
        pk="id", not_null={"key", "name"},
    )
    db.table("officials").create_index(["key"], unique=True)
    db.table("programs").create(
        {"id": int, "canonical_id": str, "name": str, "known": int, "mentions": int, "first_seen": str},
        pk="id", not_null={"canonical_id", "name"},
    )
    db.table("programs").create_index(["canonical_id"], unique=True)
    provenance = {"sentence": str, "char_start": int, "char_end": int, "rule": str, "extractor_version": str}
    db.table("official_mentions").create(
        {"id": int, "official_id": int, "article_id": int, "name": str, "position": str, "organization": str,
         "text": str, **provenance},
        pk="id", foreign_keys=[("official_id", "officials", "id"), ("article_id", "articles", "id")],
    )
    db.table("program_mentions").create(
        {"id": int, "program_id": int, "article_id": int, "text": str, **provenance},
        pk="id", foreign_keys=[("program_id", "programs", "id"), ("article_id", "articles", "id")],
    )
    db.table("quotes").create(
        {"id": int, "official_id": int, "article_id": int, "quote": str, "verb": str, **provenance},
        pk="id", foreign_keys=[("official_id", "officials", "id"), ("article_id", "articles", "id")],
    )
    db.table("facts").create(
        {"id": int, "article_id": int, "kind": str, "text": str, "value": float, "unit": str, "figure_type": str,
         "start_date": str, "end_date": str, "program_id": int, **provenance},
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("program_id", "programs", "id")],
    )
    db.table("entities").create(
        {"id": int, "article_id": int, "kind": str, "name": str, "text": str, **provenance},
        pk="id", foreign_keys=[("article_id", "articles", "id")],
    )
    for table, columns in (("official_mentions", ["official_id"]), ("official_mentions", ["article_id"]),
                           ("program_mentions", ["program_id"]), ("program_mentions", ["article_id"]),
                           ("quotes", ["official_id"]), ("quotes", ["article_id"]), ("facts", ["article_id"]),
                           ("facts", ["program_id", "kind"]), ("facts", ["kind", "unit"]), ("entities", ["article_id"]),
                           ("entities", ["kind", "name"])):
        db.table(table).create_index(columns)


def _m003_operations(db: sqlite_utils.Database) -> None:
    """Nightly operations: run kind, request and skip counters, failures by reason, conditional-request validators."""
    runs = db.table("crawl_runs")
    for column, kind in (("kind", str), ("known", int), ("not_modified", int), ("over_limit", int),
                         ("requests", int), ("failures", str), ("failed_sources", str), ("exit_code", int),
                         ("recovered_by", int)):  # recovered_by: the run that stored what a killed run had fetched
        runs.add_column(column, kind)
    db.table("http_validators").create(
        {"url": str, "source": str, "etag": str, "last_modified": str, "checked_at": str, "crawl_run": int},
        pk="url",
    )
    db.table("crawl_errors").create_index(["source", "stage"])
    db.table("articles").create_index(["warc_file"])
    db.table("articles").create_index(["fetched_url"])


MIGRATIONS: list[Migration] = [_m001_foundation, _m002_facts, _m003_operations]


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database) -> int:
    """Apply pending migrations, each in its own transaction; return the resulting version."""
    version = schema_version(db)
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        with db.atomic():
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
