"""The Scrapy item pipeline of a run: archive each page to WARC, then clean and store it while the crawl goes on."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

from pantau_configs.models import load_topics
from pantau_configs.paths import DEFAULT_DB, DEFAULT_TOPICS
from scrapy.crawler import Crawler
from twisted.internet import task

from crawler.archive import WarcArchive
from crawler.items import FetchedPage, FetchFailure
from crawler.runs.process import StageCounts
from crawler.runs.stream import CleaningStream
from crawler.spiders.news import NewsSpider
from store.backfill import mark_fetched
from store.schema import open_db
from store.writes import finish_run, record_error, start_run, sync_sources

log = logging.getLogger(__name__)


COLLECT_EVERY_S = 0.5  # how often finished pages are stored while no new page arrives


class PantauPipeline:
    """Opens the run record, the WARC file and the cleaning pool; archives each page and hands it to the pool at
    once; stores what comes back in batches while the crawl goes on, and the rest on close."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.db_path = Path(settings.get("PANTAU_DB") or DEFAULT_DB)
        self.warc_dir = Path(settings.get("PANTAU_WARC_DIR") or self.db_path.parent / "warc")
        self.topics = load_topics(settings.get("PANTAU_TOPICS") or DEFAULT_TOPICS)
        self.workers = settings.getint("PANTAU_WORKERS", 0) or None
        self.run_id = settings.getint("PANTAU_RUN_ID", 0)
        self.fetch_errors: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PantauPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self._spider()
        self.db = open_db(self.db_path)
        sync_sources(self.db, {s.name: s for s in [*spider.direct_sources, *spider.sources.values()]}.values())
        sources_file = spider.sources_file
        if not self.run_id:
            self.run_id = start_run(self.db, sources_file, "")
        # Named after the database too: two databases in one folder must never share (or append to) an archive.
        self.warc_file = self.warc_dir / f"{self.db_path.stem}-run-{self.run_id:06d}.warc.gz"
        with self.db.atomic():
            self.db.table("crawl_runs").update(self.run_id, {"warc_file": str(self.warc_file)})
        self.archive = WarcArchive(self.warc_file)
        # aggregated results are credited to any direct source, so every direct source's quirks are known
        quirks = {s.name: s.quirks for s in [*spider.direct_sources, *spider.sources.values()]}
        self.stream = CleaningStream(self.db, self.run_id, str(self.warc_file), self.topics, quirks, self.workers)
        self.parts: dict[str, list[tuple[int, int]]] = {}  # articles split over pages, until their last page
        self.collector = task.LoopingCall(self.stream.collect)
        self.collector.start(COLLECT_EVERY_S, now=False)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, FetchedPage):
            offset = self.archive.write(item)
            key = item.article or item.url
            parts = self.parts.pop(key, []) + [(item.part, offset)]
            if item.more:
                self.parts[key] = parts
            else:
                self.stream.submit((str(self.warc_file), [o for _, o in sorted(parts)]))
        elif isinstance(item, FetchFailure):
            record_error(self.db, self.run_id, item.source, item.url, item.stage, item.reason)
            self.fetch_errors[item.source] += 1
        if getattr(item, "listed", ""):  # after the archive write: a kill in between costs one fetch again, never an article
            mark_fetched(self.db, item.listed, self.run_id)
        return item

    def _spider(self) -> NewsSpider:
        spider = self.crawler.spider
        if not isinstance(spider, NewsSpider):
            raise TypeError("PantauPipeline runs with the pantau spider")
        return spider

    def close_spider(self) -> None:
        spider = self._spider()
        if self.collector.running:
            self.collector.stop()
        self.archive.close()
        for parts in self.parts.values():  # a later page failed: the article is what its pages so far hold
            self.stream.submit((str(self.warc_file), [o for _, o in sorted(parts)]))
        counts = self.stream.finish().counts
        self._add_crawl_counts(counts, spider)
        reason = self._close_reason()
        status = "finished" if not counts.total["errors"] else "finished_with_errors"
        if reason not in ("finished", "closespider_pagecount", "closespider_itemcount"):
            status = f"interrupted ({reason})"
        per_source = {name: dict(c) for name, c in counts.per_source.items()}
        requests = int(self.crawler.stats.get_value("downloader/request_count", 0))
        run = finish_run(self.db, self.run_id, status, counts.total, per_source, requests=requests)
        log.info("pantau run %s %s: %s", self.run_id, status, {k: run[k] for k in counts.total})
        self.db.close()

    def _close_reason(self) -> str:
        """Why the spider closes. Scrapy records finish_reason only after the pipelines have closed; a stop (SIGTERM,
        Ctrl-C) is told apart by the engine, which no longer runs while it closes the spider."""
        engine = self.crawler.engine
        if engine is not None and not engine.running:
            return "shutdown"
        return str(self.crawler.stats.get_value("finish_reason") or "finished")

    def _add_crawl_counts(self, counts: StageCounts, spider: NewsSpider) -> None:
        stats = self.crawler.stats
        for source in spider.sources:
            for key in ("found", "duplicates", "known", "not_modified", "over_limit"):
                counts.add(source, key, int(stats.get_value(f"pantau/{key}/{source}", 0)))
            counts.add(source, "errors", self.fetch_errors[source])
