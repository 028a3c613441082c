"""`pantau backfill`: history by date windows, locked with the nightly run, resumable, with a progress bar."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from pantau_configs.models import NightlyConfig, Source, load_sources

from crawler.runs.nightly import (
    EXIT_CANNOT_START,
    EXIT_OK,
    EXIT_SOURCES_FAILED,
    NightlyResult,
    _record_exit,
    _resolve,
    logging_to,
    recover_interrupted,
    rotate_log,
    run_lock,
)
from crawler.runs.run import run_crawl
from store.backfill import PENDING, Window, add_windows, progress, span_key, window_rows
from store.schema import open_db
from store.writes import start_run

log = logging.getLogger("pantau.backfill")


def root_windows(source: Source, since: date, until: date) -> list[Window]:
    """A source's first windows: each search query over the whole span (halved while full), each sitemap, each
    listing's first page."""
    windows: list[Window] = []
    if source.search:
        from crawler.aggregators import search_queries

        end = (until + timedelta(days=1)).isoformat()
        windows += [Window(source.name, "search", q, since.isoformat(), end) for q in search_queries(source.search)]
    windows += [Window(source.name, "sitemap", url) for url in source.sitemaps]
    windows += [Window(source.name, "listing", listing.url) for listing in source.listings]
    return windows


def plan(db_path: Path, sources: list[Source], since: date, until: date) -> str:
    """Record a span's first windows (those planned by an earlier backfill keep their state); return its key."""
    span = span_key(since.isoformat(), until.isoformat())
    db = open_db(db_path)
    try:
        with db.atomic():
            for source in sources:
                add_windows(db, span, root_windows(source, since, until))
    finally:
        db.close()
    return span


class ProgressBar:
    """One line, redrawn: a bar over windows and listed articles, the window being read, and an ETA."""

    def __init__(self, db_path: Path, span: str, out: TextIO | None = None, width: int = 30) -> None:
        self.db_path, self.span, self.out, self.width = db_path, span, out or sys.stderr, width
        self.started = time.monotonic()
        self.first: float | None = None
        self.last = ""

    def line(self) -> str:
        db = open_db(self.db_path)
        try:
            state = progress(db, self.span)
        finally:
            db.close()
        fraction = state.fraction
        if self.first is None:
            self.first = fraction
        done = int(fraction * self.width)
        elapsed = time.monotonic() - self.started
        gained = fraction - self.first
        eta = "--:--" if gained <= 0 else _clock(elapsed / gained * (1 - fraction))
        return (f"[{'#' * done}{'-' * (self.width - done)}] {fraction:4.0%}  windows {state.windows_done}/"
                f"{state.windows}  articles {state.urls_done}/{state.urls}  ETA {eta}  {state.current[:60]}")

    def __call__(self) -> None:
        line = self.line()
        if self.out.isatty():
            self.out.write(line + "\r")
        elif line.split("ETA")[0] != self.last.split("ETA")[0]:  # a log file gets a line when something moved
            self.out.write(line + "\n")
        self.last = line
        self.out.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def run_backfill(config: NightlyConfig, since: date, until: date, base: Path | str = ".", only: str | None = None,
                 settings: dict[str, Any] | None = None, max_listing_pages: int = 200,
                 progress_bar: Callable[[Path, str], Callable[[], None]] | None = None) -> NightlyResult:
    """Lock (shared with `pantau nightly`), store what a killed run had fetched, plan the span's windows and crawl
    what is left of them, with the nightly run's politeness and run record (kind `backfill`)."""
    if since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    base = Path(base)
    db_path, sources = _resolve(base, config.db), _resolve(base, config.sources)
    log_file, warc_dir = _resolve(base, config.log_file), _resolve(base, config.warc_dir)
    assert db_path and sources and log_file
    wanted = set(only.split(",")) if only else None
    selected = [s for s in load_sources(sources).enabled() if wanted is None or s.name in wanted]
    with run_lock(db_path), logging_to(log_file):
        rotate_log(log_file, config.log_max_bytes, config.log_backups)
        db = open_db(db_path)
        run_id = start_run(db, str(sources), "", kind="backfill")
        db.close()
        log.info("backfill run %s: %s to %s", run_id, since, until)
        recovered = recover_interrupted(db_path, sources, run_id, config.workers or None)
        span = plan(db_path, selected, since, until)
        crawl_settings = {"PANTAU_INCREMENTAL": True, "PANTAU_MAX_PAGES_PER_SOURCE": 0,
                          "PANTAU_RETRY_AFTER_MAX": config.retry_after_max, **(settings or {})}
        summary = run_crawl(sources, db_path, run_id=run_id, warc_dir=warc_dir, only=only,
                            workers=config.workers or None, log_level="INFO", log_file=log_file,
                            settings=crawl_settings, spider="pantau-backfill",
                            spider_args={"span": span, "since": since.isoformat(), "until": until.isoformat(),
                                         "max_listing_pages": max_listing_pages},
                            progress=progress_bar(db_path, span) if progress_bar else None)
        db = open_db(db_path)
        left = len(window_rows(db, span, PENDING, [s.name for s in selected]))
        db.close()
        failed = summary.failed_sources
        code = EXIT_CANNOT_START if summary.status.startswith("failed") else \
            EXIT_SOURCES_FAILED if failed or left or summary.interrupted else EXIT_OK
        _record_exit(db_path, run_id, code)
        log.info("backfill run %s %s, exit %s; windows left: %s", run_id, summary.status, code, left)
        return NightlyResult(code, summary, recovered, message=f"{left} windows left" if left else "")
