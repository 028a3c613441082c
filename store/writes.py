"""Idempotent writes: sources, crawl runs, articles (upserted by canonical URL), skips and errors."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from store.rows import insert_row, update_row, upsert_row
from store.runs import failed_sources, failures_by_source

RUN_COUNTERS = ("found", "known", "not_modified", "over_limit", "fetched", "stored", "updated", "unchanged",
                "irrelevant", "duplicates", "errors")


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sync_sources(db: sqlite_utils.Database, sources: Iterable[Any]) -> None:
    """Upsert the configured outlets so articles can reference them."""
    rows = [
        {"name": s.name, "title": s.title or s.name, "domains": json.dumps(s.domains),
         "article_pattern": s.article_pattern, "updated_at": utc_now()}
        for s in sources
    ]
    with db.atomic():
        db.table("sources").upsert_all(rows, pk="name")


def ensure_open_web_source(db: sqlite_utils.Database, name: str) -> None:
    """A source row for an article an aggregator led to on a site no configured source holds ("open web"),
    named after its domain, so the dashboards show it; configured sources already have theirs."""
    if db.execute("SELECT 1 FROM sources WHERE name = ?", [name]).fetchone():
        return
    with db.atomic():
        db.table("sources").insert({"name": name, "title": f"{name} (open web)", "domains": json.dumps([name]),
                                    "article_pattern": "", "updated_at": utc_now()}, pk="name")


def start_run(db: sqlite_utils.Database, sources_file: str, warc_file: str, kind: str = "crawl") -> int:
    with db.atomic():
        table = db.table("crawl_runs").insert(
            {"started_at": utc_now(), "status": "running", "sources_file": sources_file, "kind": kind,
             "warc_file": warc_file, **{c: 0 for c in RUN_COUNTERS}},
        )
    return int(str(table.last_pk))


def finish_run(
    db: sqlite_utils.Database, run_id: int, status: str, counts: Mapping[str, int],
    per_source: Mapping[str, Mapping[str, int]], **extra: Any,
) -> dict[str, Any]:
    """Close a run with its totals, per-outlet counts and failures by reason; return the stored row."""

    run = db.table("crawl_runs").get(run_id)
    finished = datetime.now(UTC)
    started = datetime.fromisoformat(run["started_at"])
    update: dict[str, Any] = {c: int(counts.get(c, 0)) for c in RUN_COUNTERS}
    update.update(
        status=status, finished_at=finished.isoformat(timespec="seconds"),
        per_source=json.dumps(per_source, sort_keys=True),
        duration_s=round((finished - started).total_seconds(), 2),
        failures=json.dumps(failures_by_source(db, run_id), sort_keys=True),
        failed_sources=json.dumps(failed_sources(db, run_id, per_source)), **extra,
    )
    with db.atomic():
        db.table("crawl_runs").update(run_id, update)
    return dict(db.table("crawl_runs").get(run_id))


def record_error(db: sqlite_utils.Database, run_id: int, source: str, url: str, stage: str, reason: str) -> None:
    insert_row(db, "crawl_errors", {"crawl_run": run_id, "source": source, "url": url, "stage": stage,
                                    "reason": reason[:2000], "at": utc_now()})


def record_skip(
    db: sqlite_utils.Database, run_id: int, url: str, source: str, reason: str, relevance: float | None,
    detail: str = "", reasons: Mapping[str, Any] | None = None,
) -> None:
    """Remember a fetched page that was not stored as an article (irrelevant, duplicate), with the relevance reasons;
    a page skipped again keeps the time it was first seen."""
    now = utc_now()
    upsert_row(db, "skipped", {
        "url": url, "source": source, "reason": reason, "relevance": relevance, "detail": detail,
        "relevance_reasons": json.dumps(reasons, ensure_ascii=False) if reasons is not None else None,
        "first_seen": now, "last_seen": now, "crawl_run": run_id}, key="url", keep=("first_seen",))


def article_exists(db: sqlite_utils.Database, url: str) -> bool:
    return db.execute("SELECT 1 FROM articles WHERE url = ?", [url]).fetchone() is not None


def save_signature(db: sqlite_utils.Database, article_id: int, content_hash: str, signature: bytes | None) -> None:
    """Keep an article's story signature beside the content hash it was made from (a text without words has none)."""
    if signature is None:
        db.execute("DELETE FROM story_signatures WHERE article_id = ?", [article_id])
    else:
        db.execute("INSERT OR REPLACE INTO story_signatures (article_id, content_hash, signature) VALUES (?, ?, ?)",
                   [article_id, content_hash, signature])


def save_article(db: sqlite_utils.Database, article: Mapping[str, Any], run_id: int) -> tuple[str, int]:
    """Insert or update one article by canonical URL: ('stored' | 'updated' | 'unchanged', article id)."""
    now = utc_now()
    row = db.execute("SELECT id, content_hash FROM articles WHERE url = ?", [article["url"]]).fetchone()
    with db.atomic():
        if row is None:
            return "stored", insert_row(db, "articles", {**article, "first_seen": now, "last_seen": now,
                                                         "crawl_run": run_id})
        if row[1] == article["content_hash"]:
            update_row(db, "articles", row[0], {"last_seen": now})
            return "unchanged", int(row[0])
        update_row(db, "articles", row[0], {**article, "last_seen": now, "crawl_run": run_id})
        return "updated", int(row[0])
