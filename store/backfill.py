"""Backfill state: each date window of a span, what it listed, and how far the span has got (for resuming)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from store.writes import utc_now

PENDING, DONE, SPLIT, FULL = "pending", "done", "split", "full"  # FULL: a one-day window at the aggregator's cap


@dataclass(frozen=True)
class Window:
    """One unit of a backfill: a search feed over [start, end), a sitemap, or a page of a listing."""

    source: str
    kind: str  # search, sitemap, listing
    url: str  # a search window's query
    start: str = ""
    end: str = ""
    page: int = 1


@dataclass(frozen=True)
class Listed:
    """An article URL a window listed: under its outlet, or under the aggregator (`via`) that led to it."""

    url: str
    source: str
    via: str = ""
    lastmod: str | None = None


def span_key(since: str, until: str) -> str:
    return f"{since}..{until}"


def add_windows(db: sqlite_utils.Database, span: str, windows: Iterable[Window], parent: int | None = None) -> list[int]:
    """Plan windows (each once per span; a window planned before keeps its state); return their ids."""
    ids = []
    for window in windows:
        db.execute("INSERT OR IGNORE INTO backfill_windows (span, source, kind, url, start, \"end\", page, parent, "
                   "status, items, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                   [span, window.source, window.kind, window.url, window.start, window.end, window.page, parent,
                    PENDING, utc_now()])
        ids.append(db.execute("SELECT id FROM backfill_windows WHERE span = ? AND source = ? AND url = ? AND start = ? "
                              "AND \"end\" = ?", [span, window.source, window.url, window.start, window.end]
                              ).fetchone()[0])
    return ids


def finish_window(db: sqlite_utils.Database, window_id: int, status: str, items: int, listed: Iterable[Listed],
                  children: Iterable[Window], run_id: int) -> list[int]:
    """In one transaction: the URLs a window listed, the windows it leads to, and its new status."""
    with db.atomic():
        row = db.execute("SELECT span FROM backfill_windows WHERE id = ?", [window_id]).fetchone()
        span = row[0]
        db.conn.executemany("INSERT OR IGNORE INTO backfill_urls (span, url, source, via, lastmod, window) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       [(span, item.url, item.source, item.via or None, item.lastmod, window_id) for item in listed])
        child_ids = add_windows(db, span, children, parent=window_id)
        db.execute("UPDATE backfill_windows SET status = ?, items = ?, crawl_run = ?, updated_at = ? WHERE id = ?",
                   [status, items, run_id, utc_now(), window_id])
    return child_ids


def window_rows(db: sqlite_utils.Database, span: str, status: str = PENDING,
                sources: Iterable[str] | None = None) -> list[dict[str, Any]]:
    rows = [dict(r) for r in db.query("SELECT * FROM backfill_windows WHERE span = ? AND status = ? ORDER BY id",
                                      [span, status])]
    wanted = set(sources) if sources is not None else None
    return [r for r in rows if wanted is None or r["source"] in wanted]


UNRESOLVED = ("u.span = ? AND u.fetched_run IS NULL AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = u.url "
              "OR a.fetched_url = u.url) AND NOT EXISTS (SELECT 1 FROM skipped s WHERE s.url = u.url)")


def unresolved_urls(db: sqlite_utils.Database, span: str) -> list[dict[str, Any]]:
    """Listed URLs not yet fetched by a backfill nor stored or skipped by any run (a killed backfill's remainder)."""
    return [dict(r) for r in db.query(f"SELECT u.* FROM backfill_urls u WHERE {UNRESOLVED} ORDER BY u.rowid", [span])]


def mark_fetched(db: sqlite_utils.Database, url: str, run_id: int) -> None:
    """A listed URL's page is archived (or its fetch failed): a resumed backfill does not ask for it again."""
    with db.atomic():
        db.execute("UPDATE backfill_urls SET fetched_run = ? WHERE url = ? AND fetched_run IS NULL", [run_id, url])


@dataclass
class Progress:
    """How far a span has got: windows read of those planned, listed URLs resolved, the window being read."""

    windows_done: int
    windows: int
    urls_done: int
    urls: int
    current: str

    @property
    def fraction(self) -> float:
        total = self.windows + self.urls
        return (self.windows_done + self.urls_done) / total if total else 0.0


def progress(db: sqlite_utils.Database, span: str) -> Progress:
    counts = dict(db.execute("SELECT status = 'pending', count(*) FROM backfill_windows WHERE span = ? GROUP BY 1",
                             [span]).fetchall())
    urls = db.execute("SELECT count(*) FROM backfill_urls WHERE span = ?", [span]).fetchone()[0]
    resolved = urls - db.execute(f"SELECT count(*) FROM backfill_urls u WHERE {UNRESOLVED}", [span]).fetchone()[0]
    pending = db.execute("SELECT source, kind, start, \"end\", url FROM backfill_windows WHERE span = ? AND status = ? "
                         "ORDER BY id LIMIT 1", [span, PENDING]).fetchone()
    current = ""
    if pending:
        source, kind, start, end, url = pending
        current = f"{source} {start}..{end}" if kind == "search" else f"{source} {url}"
    done = int(counts.get(0, 0))
    return Progress(done, done + int(counts.get(1, 0)), int(resolved), int(urls), current)
