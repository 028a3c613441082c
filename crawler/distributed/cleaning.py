"""A distributed worker's cleaning pool: archived pages are cleaned in other processes while the reactor fetches."""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pantau_configs.models import Quirks, TopicsConfig
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler.runs.process import Outcome, _clean_at, _init_worker
from crawler.runs.stream import _worker_context

log = logging.getLogger(__name__)


def pool_size(setting: int | None) -> int:
    """Cleaning processes of one worker: the setting, else one per core; 1 cleans inline in the reactor."""
    return max(1, setting or os.cpu_count() or 1)


class CleaningPool:
    """Clean one archived page at a time on a fork-server pool and await the outcome without holding the reactor
    (with one process, inline as before). A page is read back from the WARC file, so it is archived already."""

    def __init__(self, topics: TopicsConfig, quirks: dict[str, Quirks], size: int) -> None:
        self.topics, self.quirks = topics, quirks
        self.pool: ProcessPoolExecutor | None = None
        self.started = False
        self.waiting: list[Deferred[None]] = []  # pages that came while the workers were starting
        _init_worker(topics, quirks)  # inline cleaning: with one process, and if the pool breaks
        if size > 1:
            self.pool = ProcessPoolExecutor(size, mp_context=_worker_context(), initializer=_init_worker,
                                            initargs=(topics, quirks, True, os.getpid()))
            threading.Thread(target=self._start_workers, args=(size,), name="start-workers", daemon=True).start()
        else:
            self.started = True

    def _start_workers(self, size: int) -> None:
        """Start every worker off the reactor's thread: the pool spawns on demand, and a spawn waits for the fork
        server's imports (about a second), during which the worker's downloads would stall."""
        from twisted.internet import reactor

        try:
            assert self.pool is not None
            for _ in range(size):
                self.pool.submit(time.sleep, 0)
        except RuntimeError:  # closed (or the interpreter is exiting) before the workers were up
            pass
        reactor.callFromThread(self._workers_started)

    def _workers_started(self) -> None:
        self.started = True
        waiting, self.waiting = self.waiting, []
        for deferred in waiting:
            deferred.callback(None)

    async def clean(self, warc_file: str, offset: int) -> Outcome:
        """The outcome of cleaning the page archived at `offset`; the reactor goes on fetching meanwhile."""
        group = (warc_file, [offset])
        if self.pool is None:
            return _clean_at(group)
        if not self.started:
            started: Deferred[None] = Deferred()
            self.waiting.append(started)
            await maybe_deferred_to_future(started)
        try:
            return await maybe_deferred_to_future(_deferred(self.pool.submit(_clean_at, group)))
        except (BrokenProcessPool, RuntimeError) as exc:  # a cleaning process died (OOM?): clean here instead
            log.warning("cleaning pool failed (%s): cleaning %s inline", exc, group)
            return _clean_at(group)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


def _deferred(future: Future[Outcome]) -> Deferred[Outcome]:
    """A Deferred that fires in the reactor's thread when the pool's future is done."""
    from twisted.internet import reactor

    deferred: Deferred[Outcome] = Deferred()

    def done(finished: Future[Outcome]) -> None:
        try:
            outcome = finished.result()
        except BaseException as exc:  # noqa: BLE001 - handed to the reactor's thread, raised there
            reactor.callFromThread(deferred.errback, exc)
        else:
            reactor.callFromThread(deferred.callback, outcome)

    future.add_done_callback(done)
    return deferred
