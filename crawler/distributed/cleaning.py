"""A distributed worker's cleaning pool: archived pages are cleaned in other processes while the reactor fetches."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from pantau_configs.models import Quirks, TopicsConfig
from scrapy.utils.asyncio import is_asyncio_available
from twisted.internet.defer import Deferred

from crawler.runs.forkserver import worker_context
from crawler.runs.process import Outcome, _clean_at, _init_worker

log = logging.getLogger(__name__)
T = TypeVar("T")


def pool_size(setting: int | None) -> int:
    """Cleaning processes of one worker: the setting, else one per core; 1 cleans inline in the reactor."""
    return max(1, setting or os.cpu_count() or 1)


class CleaningPool:
    """Clean archived pages on a fork-server pool, as many at once as the worker has them, each awaited without
    holding the reactor (with one process, inline as before). A page is read back from the WARC file, so it must
    be archived first."""

    def __init__(self, topics: TopicsConfig, quirks: dict[str, Quirks], size: int) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.started: Future[None] = Future()  # every worker is up
        _init_worker(topics, quirks)  # inline cleaning: with one process, and if the pool breaks
        if size > 1:
            self.pool = ProcessPoolExecutor(size, mp_context=worker_context(), initializer=_init_worker,
                                            initargs=(topics, quirks, True, os.getpid()))
            threading.Thread(target=self._start_workers, args=(size,), name="start-workers", daemon=True).start()
        else:
            self.started.set_result(None)

    def _start_workers(self, size: int) -> None:
        """Start every worker off the reactor's thread: the pool spawns on demand, and a spawn waits for the fork
        server's imports (about a second), during which the worker's downloads would stall."""
        try:
            assert self.pool is not None
            for _ in range(size):
                self.pool.submit(time.sleep, 0)
        except RuntimeError:  # closed (or the interpreter is exiting) before the workers were up
            pass
        finally:
            self.started.set_result(None)

    async def clean(self, warc_file: str, offset: int) -> Outcome:
        """The outcome of cleaning the page archived at `offset`; the reactor goes on fetching meanwhile."""
        group = (warc_file, [offset])
        if self.pool is None:
            return _clean_at(group)
        if not self.started.done():  # pages that come while the workers start wait here, not in a blocking submit
            await _awaited(self.started)
        try:
            return await _awaited(self.pool.submit(_clean_at, group))
        except (BrokenProcessPool, RuntimeError) as exc:  # a cleaning process died (OOM?): clean here instead
            log.warning("cleaning pool failed (%s): cleaning %s inline", exc, group)
            return _clean_at(group)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


async def _awaited(future: Future[T]) -> T:
    """Await a pool's future from the reactor's thread: through asyncio's loop when Scrapy runs on asyncio (its
    default), else through a Deferred fired by the reactor."""
    if is_asyncio_available():
        return await asyncio.wrap_future(future)
    return await _deferred(future)


def _deferred(future: Future[T]) -> Deferred[T]:
    from twisted.internet import reactor

    deferred: Deferred[T] = Deferred()

    def done(finished: Future[T]) -> None:
        try:
            result = finished.result()
        except BaseException as exc:  # noqa: BLE001 - handed to the reactor's thread, raised there
            reactor.callFromThread(deferred.errback, exc)
        else:
            reactor.callFromThread(deferred.callback, result)

    future.add_done_callback(done)
    return deferred
