"""`pantau writer`: the single process that stores what the workers pushed to Redis into SQLite."""

from __future__ import annotations

import logging
import pickle
import time
from pathlib import Path
from typing import Any

from crawler.distributed.scheduler import ITEMS, PROCESSING, connect, work_pending
from crawler.runs.process import StageCounts, store_outcomes
from crawler.runs.stream import StreamResult, refresh_finished
from store.facts import Touched
from store.schema import open_db
from store.writes import finish_run, record_error, start_run

log = logging.getLogger(__name__)


BATCH = 32  # items stored per transaction: whatever is waiting, up to this many


def _store(db: Any, run_id: int, item: dict[str, Any], counts: StageCounts, stored: set[str],
           touched: Touched) -> None:
    if item["kind"] == "stats":  # a worker's discovery counters, sent when it stops
        for source, values in item["per_source"].items():
            for key, value in values.items():
                counts.add(source, key, value)
        return
    if item["kind"] == "failure":
        record_error(db, run_id, item["source"], item["url"], item["stage"], item["reason"])
        counts.add(item["source"], "errors")
        return
    outcome = item["outcome"]
    store_outcomes(db, run_id, item["warc_file"], [outcome], stored, touched, counts)


def _take_batch(server: Any, first: bytes) -> list[bytes]:
    """The item just taken and whatever else is waiting (up to BATCH), each moved to the processing list."""
    batch = [first]
    while len(batch) < BATCH:
        raw = server.lmove(ITEMS, PROCESSING, "LEFT", "RIGHT")
        if raw is None:
            break
        batch.append(raw if isinstance(raw, bytes) else str(raw).encode())
    return batch


def run_writer(db_path: Path | str, redis_url: str, idle_s: float = 30.0, sources_file: str | None = None) -> int:
    """Store items until none came for idle_s seconds and no work is pending anywhere (0: forever); return the run id.

    A dead worker's held requests count as pending until a live worker queues them again (or a new worker starts).
    """
    server = connect(redis_url)
    while server.lmove(PROCESSING, ITEMS, "RIGHT", "LEFT"):  # a writer that died mid-item: those come first
        pass
    db = open_db(db_path)
    if sources_file:
        from pantau_configs.models import load_sources

        from store.writes import sync_sources

        sync_sources(db, load_sources(sources_file).sources)
    run_id = start_run(db, sources_file or "", "", kind="distributed")
    counts, idle_since, stored, touched = StageCounts(), time.monotonic(), set[str](), Touched()
    changed = 0
    try:
        while True:
            raw = server.blmove(ITEMS, PROCESSING, 1, "LEFT", "RIGHT")
            if raw is None:
                if idle_s > 0 and time.monotonic() - idle_since > idle_s and not work_pending(server):
                    break
                continue
            idle_since = time.monotonic()
            batch = _take_batch(server, raw if isinstance(raw, bytes) else str(raw).encode())
            before = counts.total["stored"] + counts.total["updated"]
            with db.atomic():  # one transaction per batch; each item is a savepoint inside it
                for data in batch:
                    _store(db, run_id, pickle.loads(data), counts, stored, touched)
            changed += counts.total["stored"] + counts.total["updated"] - before
            for data in batch:  # only once the batch's transaction has committed
                server.lrem(PROCESSING, 1, data)  # type: ignore[arg-type]
    finally:
        refresh_finished(db, StreamResult(counts, touched, changed))
        finish_run(db, run_id, "finished" if not counts.total["errors"] else "finished_with_errors", counts.total,
                   {k: dict(v) for k, v in counts.per_source.items()})
        db.close()
    return run_id
