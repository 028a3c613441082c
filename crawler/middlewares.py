"""Scrapy middlewares of an incremental run: known URLs, conditional requests, per-source limits, Retry-After."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from pantau_configs.paths import DEFAULT_DB
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

from extract.dates import parse_date_value
from store.writes import utc_now

log = logging.getLogger(__name__)
START_STAGES = ("feed", "sitemap", "listing")
# Validators are trusted only when the run that saw them finished: a killed run's feeds are fetched in full again.
FINISHED = ("finished", "finished_with_errors")
REFRESH_SCAN_BYTES = 4096 * 4  # Scrapy reads a meta refresh from the first 4,096 characters: 4 bytes each at most


def _as_utc(value: str | None) -> datetime | None:
    """An ISO or sitemap date as an aware UTC datetime (naive values are taken as UTC)."""
    iso = parse_date_value(value) if value else None
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


class CrawlState:
    """What earlier runs left in the database, read-only: stored and skipped URLs, trusted validators."""

    def __init__(self, db_path: Path | str) -> None:
        uri = f"file:{Path(db_path).resolve()}?mode=ro"
        self.connection: sqlite3.Connection | None = None
        if Path(db_path).exists():
            self.connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self.connection.execute("PRAGMA busy_timeout = 30000")

    def _one(self, sql: str, params: Iterable[Any]) -> tuple[Any, ...] | None:
        if self.connection is None:
            return None
        try:
            return self.connection.execute(sql, list(params)).fetchone()
        except sqlite3.OperationalError:  # a database made before this table existed
            return None

    def last_seen(self, url: str) -> str | None:
        """When the URL was last stored as an article (under it or fetched as it), or skipped as irrelevant or as a
        duplicate of another URL; None if never."""
        row = self._one("SELECT last_seen FROM articles WHERE url = ? UNION ALL "
                        "SELECT last_seen FROM articles WHERE fetched_url = ? UNION ALL "
                        "SELECT last_seen FROM skipped WHERE url = ? LIMIT 1", (url, url, url))
        return row[0] if row else None

    def validators(self, url: str) -> tuple[str | None, str | None, str | None] | None:
        """(ETag, Last-Modified, checked_at) of a start point, as seen by a run that finished."""
        marks = ",".join("?" * len(FINISHED))
        return self._one(
            "SELECT v.etag, v.last_modified, v.checked_at FROM http_validators v JOIN crawl_runs r "
            f"ON r.id = v.crawl_run WHERE v.url = ? AND r.status IN ({marks})", (url, *FINISHED))

    def previous_run_finished(self, run_id: int) -> bool:
        """Whether the run before this one finished: a killed or interrupted run may have left listing pages unread."""
        row = self._one("SELECT status FROM crawl_runs WHERE id < ? ORDER BY id DESC LIMIT 1", (run_id or 2**62,))
        return row is None or row[0] in FINISHED

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


class IncrementalMiddleware:
    """Spider middleware: drop article requests for URLs already stored, stop paginating listings that
    bring nothing new, skip child sitemaps unchanged since they were last read, and cap pages per source."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler, self.stats = crawler, crawler.stats
        self.incremental = settings.getbool("PANTAU_INCREMENTAL", False)
        self.max_pages = settings.getint("PANTAU_MAX_PAGES_PER_SOURCE", 0)
        self.state = CrawlState(settings.get("PANTAU_DB") or DEFAULT_DB) if self.incremental else None
        # "stop paginating when a page brings nothing new" assumes the last run read every page it reached; after a
        # killed run the listings are walked to their page limit, or articles past its last page would never be found
        self.stop_pagination = self.state is not None and self.state.previous_run_finished(
            settings.getint("PANTAU_RUN_ID", 0))
        self.article_requests: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        return cls(crawler)

    def _count(self, key: str, source: str) -> None:
        assert self.stats is not None
        self.stats.inc_value(f"pantau/{key}/{source}")

    def _already_stored(self, request: Request) -> bool:
        if self.state is None or request.meta.get("pantau_part", 1) > 1:
            return False
        seen = self.state.last_seen(request.meta.get("pantau_key") or request.url)
        if seen is None:
            return False
        lastmod, seen_at = _as_utc(request.meta.get("pantau_lastmod")), _as_utc(seen)
        return not (lastmod and seen_at and lastmod > seen_at)  # a sitemap saying it changed since: fetch again

    def _over_limit(self, source: str) -> bool:
        """Past the source's max_pages (sources.yaml) or else PANTAU_MAX_PAGES_PER_SOURCE for this run."""
        configured = getattr(self.crawler.spider, "sources", {}).get(source)
        limit = (configured.max_pages if configured is not None else None) or self.max_pages
        done = self.article_requests.get(source, 0)
        if limit and done >= limit:
            return True
        self.article_requests[source] = done + 1
        return False

    def _sitemap_unchanged(self, request: Request) -> bool:
        if self.state is None or not request.meta.get("pantau_lastmod"):
            return False
        seen = self.state.validators(request.url)
        lastmod, checked = _as_utc(request.meta.get("pantau_lastmod")), _as_utc(seen[2] if seen else None)
        return bool(lastmod and checked and lastmod <= checked)

    def _keep(self, request: Request, new_articles: int) -> tuple[bool, int]:
        stage, source = request.meta.get("pantau_stage"), request.meta.get("pantau_source", "")
        if stage == "article":
            if self._already_stored(request):
                self._count("known", source)
                return False, new_articles
            if self._over_limit(source):
                self._count("over_limit", source)
                return False, new_articles
            return True, new_articles + 1
        if stage == "listing" and self.stop_pagination and request.meta.get("pantau_page", 1) > 1 and not new_articles:
            self._count("pagination_stopped", source)
            return False, new_articles
        if stage == "sitemap" and self._sitemap_unchanged(request):
            self._count("not_modified", source)
            return False, new_articles
        return True, new_articles

    def process_spider_output(self, response: Response, result: Iterable[Any], spider: Spider | None = None
                              ) -> Iterator[Any]:
        new_articles = 0
        for item in result:
            if isinstance(item, Request):
                keep, new_articles = self._keep(item, new_articles)
                if not keep:
                    continue
            yield item

    async def process_spider_output_async(self, response: Response, result: Any, spider: Spider | None = None
                                          ) -> Any:
        new_articles = 0
        async for item in result:
            if isinstance(item, Request):
                keep, new_articles = self._keep(item, new_articles)
                if not keep:
                    continue
            yield item

    def process_start_requests(self, start_requests: Iterable[Any], spider: Spider | None = None) -> Iterable[Any]:
        return start_requests

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.state is not None:
            self.state.close()


class ConditionalRequestMiddleware:
    """Downloader middleware: ask feeds, sitemaps and listings with If-None-Match / If-Modified-Since, and
    remember the validators they answer with (trusted next time only if this run finishes)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.enabled = settings.getbool("PANTAU_INCREMENTAL", False)
        self.db_path = Path(settings.get("PANTAU_DB") or DEFAULT_DB)
        self.run_id = settings.getint("PANTAU_RUN_ID", 0)
        self.state = CrawlState(self.db_path) if self.enabled else None
        self.writer: sqlite3.Connection | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.state is None or request.meta.get("pantau_stage") not in START_STAGES:
            return None
        if request.meta.get("pantau_page", 1) > 1:
            return None
        request.meta["handle_httpstatus_list"] = [304]
        seen = self.state.validators(request.url)
        if seen:
            etag, last_modified, _ = seen
            if etag:
                request.headers["If-None-Match"] = etag
            if last_modified:
                request.headers["If-Modified-Since"] = last_modified
        return None

    def _remember(self, request: Request, response: Response) -> None:
        etag, last_modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if not (etag or last_modified):
            return
        if self.writer is None:
            self.writer = sqlite3.connect(self.db_path, timeout=30)
        row = (request.url, request.meta.get("pantau_source", ""), etag.decode("latin-1") if etag else None,
               last_modified.decode("latin-1") if last_modified else None, utc_now(), self.run_id)
        with self.writer:
            self.writer.execute("INSERT OR REPLACE INTO http_validators (url, source, etag, last_modified, checked_at,"
                                " crawl_run) VALUES (?, ?, ?, ?, ?, ?)", row)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if self.state is None or request.meta.get("pantau_stage") not in START_STAGES:
            return response
        if response.status == 304:
            assert self.stats is not None
            self.stats.inc_value(f"pantau/not_modified/{request.meta.get('pantau_source', '')}")
        elif response.status == 200:
            self._remember(request, response)
        return response


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries, waiting as long as a 429 or 503 asks in Retry-After (up to PANTAU_RETRY_AFTER_MAX)."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("PANTAU_RETRY_AFTER_MAX", 60.0)

    async def process_response(self, request: Request, response: Response,  # type: ignore[override]
                               spider: Spider | None = None) -> Request | Response:
        wait = retry_after_seconds(response.headers.get("Retry-After")) if response.status in (429, 503) else None
        if wait is not None and wait > self.max_wait:
            log.warning("%s asks to retry after %.0fs, more than PANTAU_RETRY_AFTER_MAX", request.url, wait)
            return response
        if wait and not request.meta.get("dont_retry"):
            await asyncio.sleep(wait)
        return super().process_response(request, response)


class DeclaredMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, looked for only when the page's start mentions a refresh: Scrapy decodes
    the whole body to read its first 4,096 characters, which on a 200 KB article nothing else needs."""

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        if b"refresh" not in response.body[:REFRESH_SCAN_BYTES].lower():
            return response
        return super().process_response(request, response)
