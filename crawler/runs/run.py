"""Run one crawl (fetch → archive → clean → store) as a Scrapy child process and report its summary."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pantau_configs.models import SourcesConfig, UnknownName, load_sources, load_topics
from pantau_configs.paths import DEFAULT_SOURCES, DEFAULT_TOPICS

from crawler.runs.lifecycle import launcher_env, stop_child
from store.dbfile import check_for_writing
from store.schema import open_db
from store.writes import RUN_COUNTERS, finish_run, start_run

SUMMARY_KEYS = RUN_COUNTERS


@dataclass
class RunSummary:
    """The counters of one finished run, overall and per outlet."""

    run_id: int
    status: str
    counts: dict[str, int]
    per_source: dict[str, dict[str, int]] = field(default_factory=dict)
    duration_s: float = 0.0
    failed_sources: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def interrupted(self) -> bool:
        """Stopped before its end (SIGTERM or Ctrl-C to the crawl): what it had not reached waits for the next run."""
        return self.status.startswith("interrupted")

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "status": self.status, "duration_s": self.duration_s,
                **self.counts, "per_source": self.per_source, "failed_sources": self.failed_sources,
                "requests": self.requests}


def _scrapy_command(sources: Path, db: Path, run_id: int, options: dict[str, Any]) -> list[str]:
    # Scrapy's own command line, behind a start of the cleaning pool's fork server (crawler/runs/crawl_main.py)
    command = [sys.executable, "-m", "crawler.runs.crawl_main", "crawl", options.get("spider") or "pantau",
               "-a", f"sources={sources}"]
    if options.get("only"):
        command += ["-a", f"only={options['only']}"]
    for name, value in (options.get("spider_args") or {}).items():
        command += ["-a", f"{name}={value}"]
    settings = {"PANTAU_DB": db, "PANTAU_RUN_ID": run_id, "PANTAU_TOPICS": options.get("topics"),
                "PANTAU_WARC_DIR": options.get("warc_dir"), "PANTAU_WORKERS": options.get("workers"),
                "LOG_LEVEL": options.get("log_level") or "WARNING", "LOG_FILE": options.get("log_file"),
                **(options.get("settings") or {})}
    for name, value in settings.items():
        if value not in (None, ""):
            command += ["-s", f"{name}={value}"]
    return command


def read_summary(db_path: Path | str, run_id: int) -> RunSummary:
    db = open_db(db_path)
    try:
        row = db.table("crawl_runs").get(run_id)
    finally:
        db.close()
    return RunSummary(run_id, row["status"], {k: int(row[k] or 0) for k in SUMMARY_KEYS},
                      json.loads(row["per_source"] or "{}"), float(row["duration_s"] or 0),
                      json.loads(row.get("failed_sources") or "[]"), int(row.get("requests") or 0))


def check_only(config: SourcesConfig, only: str | None) -> None:
    """Refuse --only names that are not enabled sources of the config, listing the ones that are."""
    if only is None:
        return
    wanted = only.split(",")
    known = [s.name for s in config.enabled()]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        disabled = {s.name for s in config.sources} - set(known)
        raise UnknownName("--only", unknown, known, "disabled source" if set(unknown) <= disabled else "unknown source")


def preflight(sources: Path | str, db_path: Path | str, topics: Path | str | None = None,
              only: str | None = None) -> SourcesConfig:
    """Everything a crawl needs, checked before any file, folder or lock is created: configs, names, database."""
    config = load_sources(sources)
    load_topics(topics or DEFAULT_TOPICS)
    check_only(config, only)
    check_for_writing(db_path)
    return config


def run_crawl(
    sources: Path | str = DEFAULT_SOURCES, db_path: Path | str = "data/pantau.db", **options: Any
) -> RunSummary:
    """Validate the configs, open a run record, crawl in a child process, and return the run's summary.

    options: topics, warc_dir, workers, only (comma-separated source names), log_level, log_file,
    settings (extra Scrapy settings), run_id (a run record opened by the caller), kind, spider and spider_args
    (another spider of the project and its -a arguments), progress (called about twice a second while it runs).
    """
    sources, db_path = Path(sources).resolve(), Path(db_path).resolve()
    preflight(sources, db_path, options.get("topics"), options.get("only"))
    run_id = options.get("run_id")
    if not run_id:
        db = open_db(db_path)
        run_id = start_run(db, str(sources), "", kind=options.get("kind") or "crawl")
        db.close()
    env = launcher_env(SCRAPY_SETTINGS_MODULE="crawler.settings")
    # The child dies with us (crawl_main asks for it); its own session: a terminal's Ctrl-C reaches us only, and we
    # give the child one stop (Scrapy takes a second one as an unclean shutdown)
    child = subprocess.Popen(_scrapy_command(sources, db_path, run_id, options), env=env, start_new_session=True)
    try:
        returncode = _wait_for(child, options.get("progress"))
    except BaseException:  # a stop (SIGTERM as SystemExit, Ctrl-C): the crawl stops first, so nothing waits on it
        # Stopped gracefully, the child closes the run "interrupted (shutdown)"; killed, it leaves it running, and
        # the next nightly stores what its archive holds.
        stop_child(child, grace_s=20)
        raise
    summary = read_summary(db_path, run_id)
    if returncode != 0 or summary.status == "running":
        db = open_db(db_path)
        finish_run(db, run_id, f"failed (exit {returncode})", summary.counts, summary.per_source)
        db.close()
        summary = read_summary(db_path, run_id)
    return summary


def _wait_for(child: subprocess.Popen[bytes], progress: Any) -> int:
    """The child's exit code, calling progress() about twice a second until then."""
    while True:
        try:
            return child.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if progress:
                progress()


def format_summary(summary: RunSummary) -> str:
    """A short human-readable table of a run's counters."""
    lines = [f"run {summary.run_id}: {summary.status} in {summary.duration_s:.1f}s"]
    widths = {k: max(len(k) + 2, 8) for k in SUMMARY_KEYS}
    lines.append(f"{'source':<14}" + "".join(f"{k:>{widths[k]}}" for k in SUMMARY_KEYS))
    for name, counts in sorted(summary.per_source.items()):
        lines.append(f"{name:<14}" + "".join(f"{counts.get(k, 0):>{widths[k]}}" for k in SUMMARY_KEYS))
    lines.append(f"{'total':<14}" + "".join(f"{summary.counts.get(k, 0):>{widths[k]}}" for k in SUMMARY_KEYS))
    return "\n".join(lines)

