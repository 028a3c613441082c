"""The one generic news spider: discovers article URLs from each outlet's feeds, sitemaps and listings."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from pantau_configs.models import Listing, Quirks, Source, load_sources
from pantau_configs.paths import DEFAULT_SOURCES
from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.aggregators import decode_google_news, open_web_name, search_feeds
from crawler.discovery import article_next_page, feed_entries, listing_links, next_page_url, sitemap_entries
from crawler.items import FetchedPage, FetchFailure
from extract.canonical import canonicalize_url, fetchable_url

# Stable reasons for the failures operations see most, so the run log can count them.
KNOWN_FAILURES = [(re.compile(p, re.IGNORECASE), reason) for p, reason in (
    (r"robots\.txt", "robots.txt disallows"),
    (r"took longer than|timeout", "timeout"),
    (r"data ?loss", "truncated body (data loss)"),
    (r"larger than download max size", "larger than the size cap"),
    (r"connection( to the other side)? was lost|connection ?lost|connection reset", "connection lost or reset"),
    (r"connection (was )?refused", "connection refused"),
    (r"max redirections", "redirect loop (too many redirects)"),
    (r"dns lookup failed|no address associated", "DNS lookup failed"),
)]


def failure_reason(failure: Failure) -> str:
    """A short, stable reason for a failed request ("HTTP 404", "robots.txt disallows", "timeout")."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    message, kind = str(error), type(error).__name__
    text = f"{kind}: {message}" if message else kind
    return next((reason for pattern, reason in KNOWN_FAILURES if pattern.search(text)), text[:300])


class NewsSpider(Spider):
    """Reads configs/sources.yaml (or -a sources=FILE) and yields every article page it finds."""

    name = "pantau"

    def __init__(self, sources: str | None = None, only: str | None = None, redis_url: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.distributed = bool(redis_url)  # then the shared scheduler de-duplicates articles across workers
        self.sources_file = str(sources or DEFAULT_SOURCES)
        wanted = set(only.split(",")) if only else None
        enabled = load_sources(self.sources_file).enabled()
        selected = [s for s in enabled if not wanted or s.name in wanted]
        self.sources: dict[str, Source] = {s.name: s for s in selected}
        # An aggregator's results are credited to the configured outlet holding them, selected or not.
        self.direct_sources = [s for s in enabled if not s.quirks.aggregator]
        self.allowed_domains = sorted({d for s in selected for d in s.domains})
        self.article_patterns = {s.name: re.compile(s.article_pattern) for s in selected}
        self.variants: dict[str, set[str]] = {}

    def _request(self, url: str, callback: Any, source: str, stage: str, meta: dict[str, Any] | None = None,
                 **kwargs: Any) -> Request:
        """A request tagged for the middlewares: its outlet, its stage, and what the incremental checks read."""
        tags = {"pantau_source": source, "pantau_stage": stage, "pantau_page": kwargs.get("page", 1),
                "pantau_part": kwargs.get("part", 1), **(meta or {})}
        # Articles are de-duplicated here by canonical URL; Scrapy's own filter would silently drop a redirect loop.
        return Request(url, callback=callback, errback=self.on_error, cb_kwargs={"source": source, **kwargs},
                       meta=tags, dont_filter=stage == "article")

    async def start(self) -> AsyncIterator[Request]:
        if self.distributed:  # workers take their start points from the shared queue (`pantau seed`)
            return
        for request in self.start_points():
            yield request

    def start_points(self) -> Iterator[Request]:
        """One request per configured feed, sitemap and listing."""
        for source in self.sources.values():
            for url in [*source.feeds, *(search_feeds(source.search) if source.search else [])]:
                yield self._request(url, self.parse_feed, source.name, "feed")
            for url in source.sitemaps:
                yield self._request(url, self.parse_sitemap, source.name, "sitemap")
            for index, listing in enumerate(source.listings):
                yield self._request(listing.url, self.parse_listing, source.name, "listing", listing=index, page=1)

    def parse_feed(self, response: Response, source: str) -> Iterator[Request]:
        if response.status == 304:  # not modified since the last finished run
            return
        aggregator = self.sources[source].quirks.aggregator
        for entry in feed_entries(response.body, response.url):
            if aggregator:
                yield from self.follow_aggregated(entry.url, source)
            else:
                yield from self.follow_article(entry.url, source)

    def source_for_url(self, url: str) -> str | None:
        """The configured outlet whose domains hold the URL's host (aggregators never count)."""
        host = (urlsplit(url).hostname or "").lower()
        return next((s.name for s in self.direct_sources
                     if any(host == d or host.endswith("." + d) for d in s.domains)), None)

    def quirks_of(self, name: str) -> Quirks:
        """A source's quirks (an open-web source has none: its pages are cleaned generically)."""
        source = self.sources.get(name) or next((s for s in self.direct_sources if s.name == name), None)
        return source.quirks if source else Quirks()

    def credit(self, url: str) -> str:
        """Who an aggregated article is stored under: its configured outlet, else an open-web source named after
        its domain."""
        return self.source_for_url(url) or open_web_name(url)

    def follow_aggregated(self, url: str, aggregator: str, lastmod: str | None = None) -> Iterator[Request]:
        """An aggregator's link, followed to any domain: to the publisher's URL it carries or is, or, for an opaque
        link on the aggregator's own domain, to its redirect; credited when the page comes back."""
        publisher = decode_google_news(url)
        host = (urlsplit(url).hostname or "").lower()
        opaque = not publisher and any(host == d or host.endswith("." + d)
                                       for d in self.sources[aggregator].domains)
        target = publisher or url
        key = canonicalize_url(target)
        if key in self.variants:
            return
        self.variants[key] = {target}
        credited = None if opaque else self.source_for_url(target)
        source = credited if credited and credited in self.sources else aggregator  # its start points, quirks
        self.crawler.stats.inc_value(f"pantau/found/{aggregator}")
        meta = {"pantau_via": aggregator, "allow_offsite": True, "pantau_lastmod": lastmod,
                **({} if opaque else {"pantau_key": key})}
        yield self._request(fetchable_url(target), self.parse_article, source, "article", meta)

    def parse_sitemap(self, response: Response, source: str) -> Iterator[Request]:
        if response.status == 304:
            return
        kind, entries = sitemap_entries(response.body)
        for entry in entries:
            if kind == "index":
                yield self._request(entry.url, self.parse_sitemap, source, "sitemap", {"pantau_lastmod": entry.lastmod})
            else:
                yield from self.follow_article(entry.url, source, entry.lastmod)

    def parse_listing(self, response: Response, source: str, listing: int, page: int) -> Iterator[Request]:
        if response.status == 304:
            return
        config: Listing = self.sources[source].listings[listing]
        pattern = re.compile(config.link_pattern) if config.link_pattern else None
        for url in listing_links(response.body, response.url):
            if pattern is None or pattern.search(url):
                yield from self.follow_article(url, source)
        if config.next_css and page < config.max_pages:
            next_url = next_page_url(response.body, response.url, config.next_css)
            if next_url:
                yield self._request(next_url, self.parse_listing, source, "listing", listing=listing, page=page + 1)

    def follow_article(self, url: str, source: str, lastmod: str | None = None) -> Iterator[Request]:
        """Request an article URL once per canonical form; count the other variants as duplicates."""
        key = canonicalize_url(url)
        if not self.article_patterns[source].search(key):
            return
        linked_as = url.split("#")[0]
        stats = self.crawler.stats
        if key in self.variants:
            if linked_as not in self.variants[key]:
                self.variants[key].add(linked_as)
                stats.inc_value(f"pantau/duplicates/{source}")
            return
        self.variants[key] = {linked_as}
        stats.inc_value(f"pantau/found/{source}")
        yield self._request(fetchable_url(url), self.parse_article, source, "article",
                            {"pantau_key": key, "pantau_lastmod": lastmod})

    def parse_article(self, response: Response, source: str, article: str = "", part: int = 1,
                      ) -> Iterator[FetchedPage | FetchFailure | Request]:
        """Yield the page; for outlets that split articles, also request the next page of the same article."""
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()
        if content_type and "html" not in content_type and "xml" not in content_type:
            yield FetchFailure(url=response.url, source=source, stage="article", reason=f"not HTML: {content_type}")
            return
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs]
        via = response.meta.get("pantau_via") or ""
        credited = self.credit(response.url) if via else source
        quirks, next_url = self.quirks_of(credited), None
        if part < quirks.max_article_pages:
            if quirks.next_page_css:
                href = response.css(quirks.next_page_css).attrib.get("href") if response.css(quirks.next_page_css) else None
                next_url = response.urljoin(href) if href else None
            else:  # no quirk: a next-page link recognised by its words and its URL (crawler/discovery.py)
                next_url = article_next_page(response.body, response.url)
        # `more` tells the pipeline to wait for the next page before cleaning the article
        yield FetchedPage(url=response.url, source=credited, status=response.status, headers=headers,
                          body=response.body, article=article or response.url, part=part, via=via,
                          listed=response.meta.get("pantau_listed") or "", more=bool(next_url))
        if next_url:
            meta = {"pantau_via": via, "allow_offsite": True} if via else None
            yield self._request(next_url, self.parse_article, source, "article", meta,
                                article=article or response.url, part=part + 1)

    def on_error(self, failure: Failure) -> Iterator[FetchFailure]:
        request = failure.request  # type: ignore[attr-defined]
        reason = failure_reason(failure)
        url = (request.meta.get("redirect_urls") or [request.url])[0]  # the URL as linked, before redirects
        self.logger.warning("fetch failed: %s (%s)", url, reason)
        yield FetchFailure(url=url, source=request.meta.get("pantau_source", ""),
                           stage=request.meta.get("pantau_stage", "fetch"), reason=reason,
                           ack=request.meta.get("pantau_ack", ""), listed=request.meta.get("pantau_listed") or "")
