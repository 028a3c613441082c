"""Stream a run's archived pages through one cleaning pool and store the results in batched transactions."""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, field

import sqlite_utils
from pantau_configs.models import Quirks, TopicsConfig

from crawler.runs.forkserver import worker_context
from crawler.runs.process import Outcome, StageCounts, _clean_all, _clean_at, _init_worker, store_outcomes
from store.facts import Touched, refresh_counts
from store.summaries import refresh_derived

Group = tuple[str, list[int]]  # (WARC file, offsets of one article's pages in page order)


@dataclass
class StreamResult:
    """What a stream stored: counters, and what the derived tables must refresh."""

    counts: StageCounts = field(default_factory=StageCounts)
    touched: Touched = field(default_factory=Touched)
    changed: int = 0  # articles stored or updated


class CleaningStream:
    """Pages go to the pool as they are archived; finished ones are stored in archive order, a batch per
    transaction. The pool starts once, when the stream opens; with one worker the pages are cleaned inline.

    A page goes to the pool at once while a worker could be idle; while every worker is busy, pages wait and go
    `chunk_size` to a task: a task's hand-off (pickling, the pool's queue threads, waking a worker) costs about
    as much CPU as a short article's facts, and costs it once per chunk instead of once per page.

    A batch holds up to `batch_size` articles (or what came within `max_wait_s`): each commit writes every page the
    batch changed (the articles' ten indexes, the full-text index's new segment), so a commit of 16 cost 115-130 µs
    an article and one of 64 cost 72-75 (storing 2,000 generated articles)."""

    def __init__(self, db: sqlite_utils.Database, run_id: int, warc_file: str, topics: TopicsConfig,
                 quirks: dict[str, Quirks] | None = None, workers: int | None = None, batch_size: int = 64,
                 max_wait_s: float = 1.0, chunk_size: int = 8) -> None:
        self.db, self.run_id, self.warc_file = db, run_id, warc_file
        self.batch_size, self.max_wait_s, self.chunk_size = batch_size, max_wait_s, chunk_size
        self.result = StreamResult()
        self.stored_this_run: set[str] = set()
        self.pending: deque[Future[list[Outcome]]] = deque()
        self.sent = self.done = 0  # tasks handed to the pool and tasks finished (each counter has one writer)
        self.waiting: deque[Group] = deque()  # archived, not yet sent: the workers are starting, or all busy
        self.ready: list[Outcome] = []
        self.oldest_ready = 0.0
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.pool: ProcessPoolExecutor | None = None
        self.started = threading.Event()  # set once every worker is up (at once when cleaning inline)
        self.sending = threading.Lock()
        if self.workers == 1:
            _init_worker(topics, quirks)
            self.started.set()
        else:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=worker_context(),
                                            initializer=_init_worker, initargs=(topics, quirks, True, os.getpid()))
            threading.Thread(target=self._start_workers, name="start-workers", daemon=True).start()

    def _start_workers(self) -> None:
        """Start every worker now (the pool spawns on demand), off the crawl's thread: a spawn waits for the fork
        server's imports (about a second), which held back the first requests when done inline. Then import what
        the run's end needs (stories) while the crawl still waits on the network."""
        try:
            for _ in range(self.workers):
                assert self.pool is not None
                self.pool.submit(time.sleep, 0)
        except RuntimeError:  # the stream finished (or the interpreter is exiting) before the workers were up
            return
        finally:
            self.started.set()
        self._send_waiting()  # the pages archived meanwhile go now, not at the crawl's next page or collect
        import store.stories  # noqa: F401

    def submit(self, group: Group) -> None:
        """Clean one archived article (its pages are already on disk, so a kill from here on loses nothing)."""
        if self.pool is None:
            self._ready(_clean_at(group))
        else:
            self.waiting.append(group)
        self.collect()

    def _send_waiting(self, block: bool = False) -> None:
        """Hand the waiting pages to the pool once its workers are up: a submit while they start would hold the
        crawl's thread until the fork server is ready, and its downloads would time out meanwhile."""
        if self.pool is None or not self.waiting or not self.started.wait(None if block else 0):
            return
        with self.sending:  # the start-workers thread sends too: pending must stay in archive order
            while self.waiting and (block or len(self.waiting) >= self.chunk_size
                                    or self.sent - self.done <= self.workers):
                chunk = [self.waiting.popleft() for _ in range(min(self.chunk_size, len(self.waiting)))]
                future = self.pool.submit(_clean_all, chunk)
                self.sent += 1
                future.add_done_callback(self._task_done)
                self.pending.append(future)

    def _task_done(self, _future: Future[list[Outcome]]) -> None:
        self.done += 1

    def _ready(self, outcome: Outcome) -> None:
        if not self.ready:
            self.oldest_ready = time.monotonic()
        self.ready.append(outcome)

    def collect(self, wait: bool = False) -> None:
        """Take finished outcomes off the head of the queue (archive order) and store a batch when it is full or
        its oldest outcome has waited long enough; with `wait`, block until every page is stored."""
        self._send_waiting(block=wait)
        while True:
            while self.pending and self.pending[0].done():
                for outcome in self.pending.popleft().result():
                    self._ready(outcome)
                    if len(self.ready) >= self.batch_size:
                        self.flush()
            if self.ready and (wait and not self.pending or time.monotonic() - self.oldest_ready >= self.max_wait_s):
                self.flush()
            if not wait or not self.pending:
                return
            wait_for([self.pending[0]], timeout=self.max_wait_s, return_when=FIRST_COMPLETED)

    def flush(self) -> None:
        """Store the outcomes taken so far in one transaction."""
        batch, self.ready = self.ready, []
        if not batch:
            return
        counts = StageCounts()
        with self.db.atomic():
            store_outcomes(self.db, self.run_id, self.warc_file, batch, self.stored_this_run, self.result.touched,
                           counts)
        for source, values in counts.per_source.items():
            for key, value in values.items():
                self.result.counts.add(source, key, value)
        self.result.changed += counts.total["stored"] + counts.total["updated"]

    def finish(self, refresh: bool = True) -> StreamResult:
        """Wait for every page, store the rest, stop the pool, and refresh counts and derived tables."""
        try:
            self.collect(wait=True)
        finally:
            if self.pool is not None:  # idle now: the workers exit while the run refreshes and closes
                self.pool.shutdown(wait=False, cancel_futures=True)
        if refresh:
            refresh_finished(self.db, self.result)
        return self.result


def refresh_finished(db: sqlite_utils.Database, result: StreamResult) -> None:
    """Mention counts and summary rows of what the run touched; stories when it stored or changed articles."""
    refresh_counts(db, result.touched)
    refresh_derived(db, result.touched, changed=bool(result.changed or result.touched.officials
                                                              or result.touched.programs))
