"""The run log: failures by source and reason, which sources failed, and the last runs for `pantau status`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

START_STAGES = ("feed", "sitemap", "listing")


def failures_by_source(db: sqlite_utils.Database, run_id: int) -> dict[str, dict[str, int]]:
    """{source: {"stage: reason": count}} of one run's recorded errors."""
    rows = db.execute("SELECT source, stage, reason, count(*) FROM crawl_errors WHERE crawl_run = ? "
                      "GROUP BY source, stage, reason ORDER BY source, count(*) DESC", [run_id]).fetchall()
    failures: dict[str, dict[str, int]] = {}
    for source, stage, reason, count in rows:
        failures.setdefault(source or "", {})[f"{stage}: {reason}"] = int(count)
    return failures


def failed_sources(db: sqlite_utils.Database, run_id: int, per_source: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Sources with a start point that could not be fetched, or whose every article fetch failed."""
    marks = ",".join("?" * len(START_STAGES))
    broken = {source for (source,) in db.execute(
        f"SELECT DISTINCT source FROM crawl_errors WHERE crawl_run = ? AND stage IN ({marks})",
        [run_id, *START_STAGES]).fetchall()}
    for source, counts in per_source.items():
        stored = sum(counts.get(k, 0) for k in ("stored", "updated", "unchanged", "irrelevant", "duplicates"))
        if counts.get("errors", 0) and not stored:
            broken.add(source)
    return sorted(broken)


def interrupted_runs(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Runs still marked running: with the lock held by the caller, these are runs that were killed."""
    return [dict(r) for r in db.query("SELECT * FROM crawl_runs WHERE status = 'running' ORDER BY id")]


def recent_runs(db: sqlite_utils.Database, limit: int = 10) -> list[dict[str, Any]]:
    rows = [dict(r) for r in db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit])]
    for row in rows:
        row["failed_sources"] = json.loads(row.get("failed_sources") or "[]")
    return rows


def format_runs(rows: list[dict[str, Any]]) -> str:
    """The last runs as a table, newest first."""
    columns = ("found", "known", "fetched", "stored", "updated", "unchanged", "irrelevant", "errors", "requests")
    header = f"{'run':>5} {'kind':<8} {'started (UTC)':<20} {'status':<22} {'secs':>7}" + "".join(
        f"{c:>11}" for c in columns) + "  failed sources"
    lines = [header]
    for row in rows:
        lines.append(
            f"{row['id']:>5} {(row.get('kind') or 'crawl'):<8} {(row['started_at'] or '')[:19]:<20} "
            f"{(row['status'] or '')[:22]:<22} {float(row.get('duration_s') or 0):>7.1f}"
            + "".join(f"{int(row.get(c) or 0):>11}" for c in columns)
            + "  " + (", ".join(row["failed_sources"]) or "-"))
    return "\n".join(lines)


def last_errors(db: sqlite_utils.Database, run_id: int, limit: int = 20) -> list[tuple[str, str, str, str]]:
    """(source, stage, reason, url) of one run's errors, most common reasons first."""
    return [tuple(r) for r in db.execute(
        "SELECT source, stage, reason, url FROM crawl_errors WHERE crawl_run = ? ORDER BY source, stage, id LIMIT ?",
        [run_id, limit]).fetchall()]
