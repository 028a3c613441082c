"""Aggregator feeds: Google News links resolved to the publishers' URLs and credited to the configured outlet."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from crawler.aggregators import decode_google_news, encode_google_news
from crawler.spiders.news import NewsSpider

SOURCES = """
sources:
  - name: kabarjateng
    domains: [kabarjateng.example]
    article_pattern: '^https://kabarjateng\\.example/read/\\d+'
    feeds: [https://kabarjateng.example/rss]
  - name: googlenews
    domains: [news.google.com]
    article_pattern: '^https://news\\.google\\.com/rss/articles/'
    feeds: ['https://news.google.com/rss/search?q=IKM']
    quirks: {aggregator: true}
"""


def test_decode_roundtrip_and_opaque_tokens() -> None:
    url = "https://kabarjateng.example/read/2024/09/03/101/perajin-lurik"
    assert decode_google_news(encode_google_news(url)) == url
    assert decode_google_news("https://news.google.com/rss/articles/CBMiWkFVX3lxTE1abc?oc=5") is None
    assert decode_google_news("https://kabarjateng.example/read/1") is None


def test_aggregator_feed_yields_publisher_requests(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, encoding="utf-8")
    crawler = get_crawler(NewsSpider)
    spider = crawler._create_spider(sources=str(path))
    known = "https://kabarjateng.example/read/101/perajin-lurik?utm_source=gn"
    other = "https://portal-lain.example/berita/ikm-naik-kelas"
    opaque = "https://news.google.com/rss/articles/CBMiWkFVX3lxTE1abc?oc=5"
    items = "".join(f"<item><title>t</title><link>{link}</link></item>"
                    for link in (encode_google_news(known), encode_google_news(other), opaque, encode_google_news(known)))
    body = f'<?xml version="1.0"?><rss><channel>{items}</channel></rss>'.encode()
    response = XmlResponse("https://news.google.com/rss/search?q=IKM", body=body)
    requests = [r for r in spider.parse_feed(response, "googlenews") if isinstance(r, Request)]
    assert [(r.url, r.meta["pantau_source"]) for r in requests] == [
        ("https://kabarjateng.example/read/101/perajin-lurik", "kabarjateng"),
        (other, "googlenews"),
        (opaque, "googlenews"),
    ]
    assert all(r.meta["allow_offsite"] for r in requests)
