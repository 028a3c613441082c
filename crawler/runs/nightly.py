"""`pantau nightly`: one locked, incremental, resumable run with a rotated log and archive retention."""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pantau_configs.models import NightlyConfig, load_sources, load_topics
from pantau_configs.paths import DEFAULT_TOPICS

from crawler.runs.process import article_groups
from crawler.runs.run import RunSummary, preflight, run_crawl
from crawler.runs.stream import CleaningStream
from store.dbfile import check_writable_location
from store.facts import refresh_counts
from store.runs import interrupted_runs
from store.schema import open_db
from store.summaries import refresh_derived
from store.writes import finish_run, start_run

log = logging.getLogger("pantau.nightly")

EXIT_OK = 0  # every source fine
EXIT_SOURCES_FAILED = 1  # some sources failed (their start points, or all their articles); the others are stored
EXIT_CANNOT_START = 2  # bad config, unreadable database, the crawl process could not run
EXIT_LOCKED = 3  # another run holds the lock on this database


class RunLocked(RuntimeError):
    """Another crawl of the same database is running."""


def lock_path(db_path: Path | str) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def run_lock(db_path: Path | str) -> Iterator[Path]:
    """Hold an exclusive flock next to the database for the run; the kernel drops it when the process dies."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = open(path, "a+")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RunLocked(f"another run holds {path} (pid {holder}); nothing was done") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield path
    finally:
        handle.close()


def rotate_log(path: Path | str, max_bytes: int, backups: int) -> None:
    """Shift nightly.log → nightly.log.1 → … when it has grown past max_bytes (one writer: the lock holder)."""
    path = Path(path)
    if not path.exists() or path.stat().st_size < max_bytes:
        return
    if backups == 0:
        path.unlink()
        return
    for index in range(backups - 1, 0, -1):
        older = path.with_name(f"{path.name}.{index}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{index + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


@contextmanager
def logging_to(path: Path | str) -> Iterator[None]:
    """Append this process's pantau.* log lines to the run's log file (Scrapy's child appends there too)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    root = logging.getLogger("pantau")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield
    finally:
        root.removeHandler(handler)
        handler.close()


def recover_interrupted(db_path: Path, sources_file: Path, recovered_by: int, workers: int | None = None) -> list[int]:
    """Finish the runs a kill left 'running': clean and store what their WARC archives hold, then close them."""
    db = open_db(db_path)
    topics = load_topics(DEFAULT_TOPICS)
    quirks = {s.name: s.quirks for s in load_sources(sources_file).sources}
    recovered = []
    try:
        for run in interrupted_runs(db):
            if run["id"] == recovered_by:
                continue
            warc = Path(run["warc_file"] or "")
            counts = None
            if warc.is_file():
                stream = CleaningStream(db, run["id"], str(warc), topics, quirks, workers)
                for group in article_groups(warc):
                    stream.submit(group)
                # the killed run's own changes were never counted: the full refresh below covers them
                counts = stream.finish(refresh=False).counts
            total = dict(counts.total) if counts else {}
            per_source = {k: dict(v) for k, v in counts.per_source.items()} if counts else {}
            finish_run(db, run["id"], "killed (recovered)", total, per_source, recovered_by=recovered_by)
            log.warning("run %s had been killed; stored what its archive %s held: %s", run["id"], warc, total)
            recovered.append(run["id"])
        if recovered:
            refresh_counts(db)
            refresh_derived(db)
    finally:
        db.close()
    return recovered


def prune_archives(db_path: Path, warc_dir: Path, days: int, now: float | None = None) -> list[Path]:
    """Delete run archives older than `days` that no stored article points to and no running run writes."""
    if days <= 0 or not warc_dir.is_dir():
        return []
    cutoff = (now or time.time()) - days * 86400
    db = open_db(db_path)
    deleted = []
    try:
        running = {r["warc_file"] for r in interrupted_runs(db)}
        for path in sorted(warc_dir.glob(f"{db_path.stem}-run-*.warc.gz")):
            referenced = db.execute("SELECT 1 FROM articles WHERE warc_file = ? LIMIT 1", [str(path)]).fetchone()
            if path.stat().st_mtime < cutoff and not referenced and str(path) not in running:
                path.unlink()
                deleted.append(path)
                log.info("pruned archive %s (older than %s days, no stored article in it)", path, days)
    finally:
        db.close()
    return deleted


@dataclass
class NightlyResult:
    """What a nightly run did and the exit code it ends with."""

    exit_code: int
    summary: RunSummary | None = None
    recovered: list[int] = field(default_factory=list)
    pruned: list[Path] = field(default_factory=list)
    message: str = ""


def _resolve(base: Path, value: str | None) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    return path if path.is_absolute() else base / path


def run_nightly(config: NightlyConfig, base: Path | str = ".", refresh: bool = False, only: str | None = None,
                settings: dict[str, Any] | None = None) -> NightlyResult:
    """Lock, recover killed runs, crawl incrementally, prune archives; the result carries the exit code."""
    base = Path(base)
    db_path, sources = _resolve(base, config.db), _resolve(base, config.sources)
    log_file, warc_dir = _resolve(base, config.log_file), _resolve(base, config.warc_dir)
    assert db_path and sources and log_file
    preflight(sources, db_path, None, only)  # before the lock, the log or any folder is created
    check_writable_location(log_file, "log file")
    with run_lock(db_path), logging_to(log_file):
        rotate_log(log_file, config.log_max_bytes, config.log_backups)
        db = open_db(db_path)
        run_id = start_run(db, str(sources), "", kind="nightly")
        db.close()
        log.info("nightly run %s starts (%s)", run_id, "refresh" if refresh else "incremental")
        recovered = recover_interrupted(db_path, sources, run_id, config.workers or None)
        crawl_settings = {"PANTAU_INCREMENTAL": not refresh, "PANTAU_MAX_PAGES_PER_SOURCE": config.max_pages_per_source,
                          "PANTAU_RETRY_AFTER_MAX": config.retry_after_max, **(settings or {})}
        summary = run_crawl(sources, db_path, run_id=run_id, warc_dir=warc_dir, only=only, workers=config.workers or None,
                            log_level="INFO", log_file=log_file, settings=crawl_settings)
        pruned = prune_archives(db_path, warc_dir or db_path.parent / "warc", config.archive_retention_days)
        failed = summary.failed_sources
        code = EXIT_CANNOT_START if summary.status.startswith("failed") else \
            EXIT_SOURCES_FAILED if failed or summary.interrupted else EXIT_OK
        _record_exit(db_path, run_id, code)
        log.info("nightly run %s %s, exit %s; failed sources: %s", run_id, summary.status, code, failed or "none")
        return NightlyResult(code, summary, recovered, pruned)


def _record_exit(db_path: Path, run_id: int, code: int) -> None:
    db = open_db(db_path)
    with db.atomic():
        db.table("crawl_runs").update(run_id, {"exit_code": code})
    db.close()
