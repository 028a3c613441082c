"""The backfill spider: reads a span's pending date windows (search feeds, sitemaps, listing pages), records what
each lists before following it, and fetches every listed article once, so a killed backfill resumes."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

from pantau_configs.paths import DEFAULT_DB
from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.aggregators import search_feed
from crawler.discovery import feed_entries, listing_links, next_page_url, sitemap_entries
from crawler.items import FetchFailure
from crawler.spiders.news import NewsSpider, failure_reason
from crawler.windows import in_window, older_than, search_operators, split
from extract.canonical import canonicalize_url
from store.backfill import DONE, FULL, SPLIT, Listed, Window, finish_window, unresolved_urls, window_rows
from store.schema import open_db

Reading = tuple[str, int, list[Listed], list[Window]]  # a window's new status, items seen, URLs listed, windows next


class BackfillSpider(NewsSpider):
    """`pantau backfill`: the nightly spider's politeness and pipeline, with date windows as start points."""

    name = "pantau-backfill"

    def __init__(self, sources: str | None = None, only: str | None = None, span: str = "", since: str = "",
                 until: str = "", max_listing_pages: str = "200", **kwargs: Any) -> None:
        super().__init__(sources=sources, only=only, **kwargs)
        self.span, self.since, self.until = span, date.fromisoformat(since), date.fromisoformat(until)
        self.max_listing_pages = int(max_listing_pages)
        self.state: Any = None

    def _state(self) -> Any:
        if self.state is None:
            self.state = open_db(self.crawler.settings.get("PANTAU_DB") or DEFAULT_DB)
        return self.state

    @property
    def run_id(self) -> int:
        return self.crawler.settings.getint("PANTAU_RUN_ID", 0)

    async def start(self) -> AsyncIterator[Request]:
        db = self._state()
        for row in unresolved_urls(db, self.span):  # listed by a killed backfill, not fetched yet
            if (row["via"] or row["source"]) not in self.sources:  # a source this backfill leaves out (--only)
                continue
            for request in self.follow_listed(Listed(row["url"], row["source"], row["via"] or "", row["lastmod"])):
                yield request
        for window in window_rows(db, self.span, sources=self.sources):
            yield self.window_request(window)

    def window_request(self, window: dict[str, Any]) -> Request:
        url = window["url"]
        if window["kind"] == "search":
            search = self.sources[window["source"]].search
            assert search is not None
            operators = search_operators(date.fromisoformat(window["start"]), date.fromisoformat(window["end"]))
            url = search_feed(search, window["url"], operators)
        meta = {"pantau_window": window["id"], "pantau_kind": window["kind"], "pantau_window_row": window}
        return self._request(url, self.parse_window, window["source"], "window", meta)

    def follow_listed(self, item: Listed) -> Iterator[Request]:
        """An article request for a listed URL, marked so the pipeline records it as fetched."""
        follow = self.follow_aggregated(item.url, item.via, item.lastmod) if item.via else \
            self.follow_article(item.url, item.source, item.lastmod)
        for request in follow:
            request.meta["pantau_listed"] = item.url
            yield request

    def parse_window(self, response: Response, source: str) -> Iterator[Request]:
        window: dict[str, Any] = response.meta["pantau_window_row"]
        reader = {"search": self.read_search, "sitemap": self.read_sitemap, "listing": self.read_listing}
        status, items, listed, children = reader[window["kind"]](response, window)
        child_ids = finish_window(self._state(), window["id"], status, items, listed, children, self.run_id)
        for child, child_id in zip(children, child_ids, strict=True):
            yield self.window_request({"id": child_id, "source": child.source, "kind": child.kind, "url": child.url,
                                       "start": child.start, "end": child.end, "page": child.page})
        for item in listed:
            yield from self.follow_listed(item)

    def read_search(self, response: Response, window: dict[str, Any]) -> Reading:
        """An aggregator's window: its results, and two half windows when it came back full (the feed's cap)."""
        search = self.sources[window["source"]].search
        assert search is not None
        entries = feed_entries(response.body, response.url)
        listed = [Listed(e.url, window["source"], window["source"], e.lastmod) for e in entries]
        if len(entries) < search.cap:
            return DONE, len(entries), listed, []
        halves = split(date.fromisoformat(window["start"]), date.fromisoformat(window["end"]))
        if halves is None:
            self.logger.warning("one-day window at the cap (%s): %s", search.cap, response.url)
            return FULL, len(entries), listed, []
        children = [Window(window["source"], "search", window["url"], a.isoformat(), b.isoformat())
                    for a, b in halves]
        return SPLIT, len(entries), listed, children

    def read_sitemap(self, response: Response, window: dict[str, Any]) -> Reading:
        """A sitemap index: its child sitemaps dated in the span; a urlset: its articles dated in the span."""
        kind, entries = sitemap_entries(response.body)
        inside = [e for e in entries if in_window(e.url, e.lastmod, self.since, self.until)]
        if kind == "index":
            return DONE, len(entries), [], [Window(window["source"], "sitemap", e.url) for e in inside]
        pattern = self.article_patterns[window["source"]]
        listed = [Listed(e.url, window["source"], "", e.lastmod) for e in inside if self._is_article(pattern, e.url)]
        return DONE, len(entries), listed, []

    def read_listing(self, response: Response, window: dict[str, Any]) -> Reading:
        """A listing page: its article links dated in the span, and the next page unless every link on this one
        is older than the span, the page has none, or the backfill's page limit is reached."""
        source = self.sources[window["source"]]
        config = next((x for x in source.listings if window["url"].startswith(x.url)), None)
        pattern = re.compile(config.link_pattern) if config and config.link_pattern else self.article_patterns[source.name]
        links = [url for url in listing_links(response.body, response.url) if self._is_article(pattern, url)]
        listed = [Listed(url, source.name) for url in links if in_window(url, None, self.since, self.until)]
        page = int(window.get("page") or 1)
        next_url = next_page_url(response.body, response.url, config.next_css) if config and config.next_css else None
        ended = not links or all(older_than(url, self.since) for url in links) or page >= self.max_listing_pages
        children = [] if ended or not next_url else [Window(source.name, "listing", next_url, page=page + 1)]
        return DONE, len(links), listed, children

    @staticmethod
    def _is_article(pattern: re.Pattern[str], url: str) -> bool:
        return bool(pattern.search(canonicalize_url(url)))

    def on_error(self, failure: Failure) -> Iterator[FetchFailure]:
        """A window that could not be read stays pending for the next backfill; its error is logged like a start
        point's (stage feed, sitemap or listing), so the source counts as failed."""
        request = failure.request  # type: ignore[attr-defined]
        if request.meta.get("pantau_stage") != "window":
            yield from super().on_error(failure)
            return
        reason = failure_reason(failure)
        kind = request.meta.get("pantau_kind")
        self.logger.warning("window failed: %s (%s)", request.url, reason)
        yield FetchFailure(url=request.url, source=request.meta.get("pantau_source", ""),
                           stage="feed" if kind == "search" else str(kind), reason=reason)

    def closed(self, reason: str) -> None:
        if self.state is not None:
            self.state.close()
