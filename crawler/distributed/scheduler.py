"""Distributed crawling on scrapy-redis: a scheduler that keeps what a worker holds, acks, heartbeats, seeding."""

from __future__ import annotations

import logging
import os
import pickle
import socket
import uuid
from dataclasses import dataclass
from typing import Any

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

log = logging.getLogger(__name__)

QUEUE = "pantau:requests"  # scrapy-redis's priority queue (the spider is named pantau)
DUPEFILTER = "pantau:dupefilter"
ITEMS = "pantau:items"  # what workers finished, for the single writer
PROCESSING = "pantau:items:processing"  # items the writer took but has not committed yet
WORKERS = "pantau:workers"
HEARTBEAT_S = 30  # a worker cleaning a batch of pages blocks its reactor for seconds: be generous
BEAT_EVERY_S = 5


def inflight_key(worker: str) -> str:
    return f"pantau:inflight:{worker}"


def heartbeat_key(worker: str) -> str:
    return f"pantau:worker:{worker}"


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


# Pop the best request and remember it as this worker's in one step, so a kill between the two loses nothing.
POP_SCRIPT = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return nil end
redis.call('ZREM', KEYS[1], found[1])
redis.call('HSET', KEYS[2], ARGV[1] .. ':' .. redis.sha1hex(found[1]), found[1] .. '\\n' .. found[2])
return {found[1], ARGV[1] .. ':' .. redis.sha1hex(found[1])}
"""
# Mark a request seen and queue it in one step: a kill between the two would lose it for good.
PUSH_SCRIPT = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
return 1
"""


def reclaim_dead_workers(server: redis.Redis) -> int:
    """Put back into the queue every request held by a worker whose heartbeat has stopped."""
    returned = 0
    for raw in server.smembers(WORKERS):
        worker = raw.decode() if isinstance(raw, bytes) else str(raw)
        if server.exists(heartbeat_key(worker)):
            continue
        held = server.hgetall(inflight_key(worker))
        for value in held.values():
            data, _, score = (value if isinstance(value, bytes) else str(value).encode()).rpartition(b"\n")
            server.execute_command("ZADD", QUEUE, float(score), data)
            returned += 1
        server.delete(inflight_key(worker))
        server.srem(WORKERS, worker)
        if held:
            log.warning("worker %s stopped; %d requests it held are queued again", worker, len(held))
    return returned


class ReliableScheduler(Scheduler):
    """scrapy-redis's scheduler (shared priority queue and dupefilter) whose pops are kept per worker until acked."""

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.worker = spider.settings.get("PANTAU_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}"
        self.pop_script = self.server.register_script(POP_SCRIPT)
        self.push_script = self.server.register_script(PUSH_SCRIPT)
        self.server.sadd(WORKERS, self.worker)
        self.beat()
        reclaim_dead_workers(self.server)

    def beat(self) -> None:
        self.server.sadd(WORKERS, self.worker)  # again: a worker once taken for dead rejoins
        self.server.set(heartbeat_key(self.worker), "1", ex=HEARTBEAT_S)

    def _fingerprint(self, request: Request) -> str:
        """'' to queue unfiltered: retries and redirects (their first request was filtered), and dont_filter
        requests other than articles; articles by canonical URL, so AMP or tracking variants are fetched once."""
        meta = request.meta
        if "retry_times" in meta or "redirect_times" in meta:
            return ""
        if meta.get("pantau_stage") == "article" and meta.get("pantau_part", 1) == 1 and meta.get("pantau_key"):
            return f"article:{meta['pantau_key']}"
        return "" if request.dont_filter else self.df.request_fingerprint(request)

    def enqueue_request(self, request: Request) -> bool:
        data = self.queue._encode_request(request)
        queued = self.push_script(keys=[self.queue.key, self.df.key],
                                  args=[self._fingerprint(request), -request.priority, data])
        if queued and self.stats:
            self.stats.inc_value("scheduler/enqueued/redis", spider=self.spider)
        return bool(queued)

    def next_request(self) -> Request | None:
        popped = self.pop_script(keys=[self.queue.key, inflight_key(self.worker)], args=[self.worker])
        if not popped:
            return None
        request = self.queue._decode_request(popped[0])
        request.meta["pantau_ack"] = popped[1].decode()
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis", spider=self.spider)
        return request

    def close(self, reason: str) -> None:
        self.server.delete(heartbeat_key(self.worker))
        if not self.server.hlen(inflight_key(self.worker)):
            self.server.srem(WORKERS, self.worker)  # else a live worker queues what this one still held


def _scheduler(crawler: Crawler) -> ReliableScheduler | None:
    engine = crawler.engine
    scheduler = getattr(engine, "_slot", None) and engine._slot.scheduler  # type: ignore[union-attr]
    return scheduler if isinstance(scheduler, ReliableScheduler) else None


class AckMiddleware:
    """Spider middleware: a request is done (acked) once its callback's output has all been scheduled or stored."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.idle_limit = crawler.settings.getfloat("PANTAU_WORKER_IDLE_S", 30.0)
        self.idle_for = 0.0
        self.heartbeat = task.LoopingCall(self._beat)
        crawler.signals.connect(self._opened, signal=signals.spider_opened)
        crawler.signals.connect(self._idle, signal=signals.spider_idle)
        crawler.signals.connect(self._closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AckMiddleware:
        return cls(crawler)

    def _opened(self, spider: Spider) -> None:
        self.heartbeat.start(BEAT_EVERY_S, now=False)

    def _closed(self, spider: Spider) -> None:
        if self.heartbeat.running:
            self.heartbeat.stop()

    def _beat(self) -> None:
        scheduler = _scheduler(self.crawler)
        if scheduler is not None:
            scheduler.beat()
            reclaim_dead_workers(scheduler.server)

    def _idle(self, spider: Spider) -> None:
        """Keep a worker waiting for work while other workers may still queue some (up to PANTAU_WORKER_IDLE_S)."""
        scheduler = _scheduler(self.crawler)
        if scheduler is None:
            return
        busy = any(scheduler.server.hlen(inflight_key(w.decode())) for w in scheduler.server.smembers(WORKERS))
        self.idle_for = 0.0 if busy else self.idle_for + 5.0
        if self.idle_limit <= 0 or self.idle_for < self.idle_limit:
            raise DontCloseSpider

    # Scrapy hands a callback's output to the item pipeline through a small queue, so the generator ends before
    # its last items are processed: the ack travels behind them as an item, and the worker pipeline (one output at
    # a time, in order) releases the request when it gets there.
    def process_spider_output(self, response: Any, result: Any, spider: Spider | None = None) -> Any:
        yield from result
        yield AckMarker(response.request.meta.get("pantau_ack", ""))

    async def process_spider_output_async(self, response: Any, result: Any, spider: Spider | None = None) -> Any:
        async for item in result:
            yield item
        yield AckMarker(response.request.meta.get("pantau_ack", ""))


@dataclass(frozen=True)
class AckMarker:
    """The end of one request's output: the worker pipeline acks the request when it reaches this."""

    token: str


def seed(redis_url: str, sources_file: str, only: str | None = None, fresh: bool = False) -> int:
    """Push every start point of the configured sources into the shared queue; return how many were pushed."""
    from scrapy_redis import picklecompat
    from scrapy_redis.queue import PriorityQueue

    from crawler.spiders.news import NewsSpider

    server = connect(redis_url)
    if fresh:
        server.delete(QUEUE, DUPEFILTER)
    spider = NewsSpider(sources=sources_file, only=only)
    queue = PriorityQueue(server, spider, QUEUE, picklecompat)
    count = 0
    for request in spider.start_points():
        queue.push(request)
        count += 1
    return count


def push_item(server: redis.Redis, item: dict[str, Any]) -> None:
    server.rpush(ITEMS, pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))


def work_pending(server: redis.Redis) -> bool:
    """Anything still queued, held by a worker, or waiting for the writer."""
    if server.zcard(QUEUE) or server.llen(ITEMS):
        return True
    for raw in server.smembers(WORKERS):
        worker = raw.decode() if isinstance(raw, bytes) else str(raw)
        if server.exists(heartbeat_key(worker)) or server.hlen(inflight_key(worker)):
            return True  # a live worker may still queue or push; a dead one's requests wait to be queued again
    return False


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
