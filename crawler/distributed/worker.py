"""`pantau worker`: crawl from the shared Redis queue, clean and extract on its own pool, push results for the writer."""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pantau_configs.models import load_sources, load_topics
from pantau_configs.paths import DEFAULT_TOPICS
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.archive import WarcArchive
from crawler.distributed.cleaning import CleaningPool, pool_size
from crawler.distributed.scheduler import DUPEFILTER, QUEUE, AckMarker, connect, new_worker_id, push_item
from crawler.items import FetchedPage, FetchFailure

log = logging.getLogger(__name__)


class WorkerPipeline:
    """Archive each page to this worker's WARC file, clean and extract it on this worker's pool while the crawl goes
    on, and push the outcome to Redis when it is back; only then does the page's request get acked."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.server = connect(settings.get("REDIS_URL"))
        self.topics = load_topics(settings.get("PANTAU_TOPICS") or DEFAULT_TOPICS)
        self.worker = settings.get("PANTAU_WORKER_ID")
        warc_dir = Path(settings.get("PANTAU_WARC_DIR") or "data/warc")
        self.archive = WarcArchive(warc_dir / f"worker-{self.worker}.warc.gz")
        self.pool_size = pool_size(settings.getint("PANTAU_WORKER_POOL", 0))

    def open_spider(self) -> None:
        spider = self.crawler.spider
        # aggregated results are credited to any direct source, so every direct source's quirks are known
        sources = [*getattr(spider, "direct_sources", []), *getattr(spider, "sources", {}).values()]
        self.cleaning = CleaningPool(self.topics, {s.name: s.quirks for s in sources}, self.pool_size)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerPipeline:
        return cls(crawler)

    def _ack(self, token: str) -> None:
        from crawler.distributed.scheduler import inflight_key

        if token:
            self.server.hdel(inflight_key(self.worker), token)

    # Scrapy awaits this before the callback's next output (CONCURRENT_ITEMS = 1), so the AckMarker behind a page
    # is reached only once the page's outcome is pushed; other responses' pages are cleaning meanwhile.
    async def process_item(self, item: Any) -> Any:
        if isinstance(item, AckMarker):
            self._ack(item.token)
        elif isinstance(item, FetchFailure):
            push_item(self.server, {"kind": "failure", **asdict(item)})
            self._ack(item.ack)
        elif isinstance(item, FetchedPage):
            offset = self.archive.write(item)  # first: a kill from here on costs a fetch again, never the page
            outcome = await self.cleaning.clean(str(self.archive.path), offset)
            push_item(self.server, {"kind": "outcome", "outcome": outcome, "warc_file": str(self.archive.path)})
        return item

    def close_spider(self) -> None:
        self.cleaning.close()  # idle: Scrapy waited for every page's process_item
        self.archive.close()
        stats, spider = self.crawler.stats, self.crawler.spider
        names = getattr(spider, "sources", {})
        per_source = {name: {key: int(stats.get_value(f"pantau/{key}/{name}", 0)) for key in ("found", "duplicates")}
                      for name in names} if stats is not None else {}
        push_item(self.server, {"kind": "stats", "per_source": per_source})


def worker_settings(redis_url: str, worker_id: str, warc_dir: str, idle_s: float,
                    extra: dict[str, Any] | None = None, pool: int | None = None) -> dict[str, Any]:
    """Scrapy settings of a worker: scrapy-redis's queue and dupefilter, our ack and pipeline."""
    return {
        "SCHEDULER": "crawler.distributed.scheduler.ReliableScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_KEY": QUEUE,
        "SCHEDULER_DUPEFILTER_KEY": DUPEFILTER,
        "SCHEDULER_PERSIST": True,  # the queue outlives any one worker
        "REDIS_URL": redis_url,
        "ITEM_PIPELINES": {"crawler.distributed.worker.WorkerPipeline": 300},
        "SPIDER_MIDDLEWARES": {"crawler.middlewares.IncrementalMiddleware": 950,
                               "crawler.distributed.scheduler.AckMiddleware": 960},
        "PANTAU_WORKER_ID": worker_id,
        "PANTAU_WARC_DIR": warc_dir,
        "PANTAU_WORKER_IDLE_S": idle_s,
        "PANTAU_WORKER_POOL": pool or 0,  # cleaning processes (0: one per core; 1: inline in the reactor)
        # One output at a time: a callback's request is acked when its generator is done, which must mean that
        # every item it yielded is pushed and every request queued (in parallel, they could still be pending).
        "CONCURRENT_ITEMS": 1,
        **(extra or {}),
    }


def run_worker(redis_url: str, sources_file: str, warc_dir: str = "data/warc", idle_s: float = 30.0,
               worker_id: str | None = None, settings: dict[str, Any] | None = None, pool: int | None = None) -> str:
    """Crawl until the shared queue has been empty for idle_s seconds (0: forever); return the worker id.
    `pool`: processes that clean pages (default one per core; 1 cleans inline, in the crawl's thread)."""
    load_sources(sources_file)
    worker = worker_id or new_worker_id()
    project = get_project_settings()
    project.setmodule("crawler.settings", priority="project")
    project.setdict(worker_settings(redis_url, worker, warc_dir, idle_s, settings, pool), priority="cmdline")
    process = CrawlerProcess(project)
    process.crawl("pantau", sources=sources_file, redis_url=redis_url)
    process.start()
    return worker
