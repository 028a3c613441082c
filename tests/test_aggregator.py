"""Aggregator feeds: Google News links resolved to the publishers' URLs and credited to the configured outlet."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pantau_configs.models import ConfigError, Search, load_sources
from scrapy import Request
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from crawler.aggregators import decode_google_news, encode_google_news, search_feeds, search_queries
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


def test_search_queries_come_from_the_configs() -> None:
    search = Search(url="https://agregator.example/rss/search?q={query}&hl=id")
    queries = search_queries(search)
    assert len(queries) == len(set(queries))
    gazetteers = Path(__file__).resolve().parent.parent / "configs" / "gazetteers"
    programmes = yaml.safe_load((gazetteers / "programs.yaml").read_text(encoding="utf-8"))["programs"]
    for programme in programmes:
        name = programme["name"].split(" (")[0]
        assert any(f'"{name}"' in q for q in queries), name
    provinces = yaml.safe_load((gazetteers / "regions.yaml").read_text(encoding="utf-8"))["provinces"]
    assert len(provinces) == 38
    assert all(f'IKM "{p}"' in queries for p in provinces)
    assert '"industri kecil menengah"' in queries and '"industri kecil dan menengah"' in queries
    assert '"Direktorat Jenderal Industri Kecil, Menengah dan Aneka"' in queries and '"Ditjen IKMA"' in queries
    assert '"Kementerian Perindustrian" IKM' in queries
    assert '"Dana Alokasi Khusus" IKM' in queries  # a programme without IKM in its name is searched with IKM
    feeds = search_feeds(search)
    assert len(feeds) == len(set(feeds)) == len(queries)
    assert all("when%3A7d" in f and f.endswith("&hl=id") for f in feeds)
    windowed = search_feeds(search, "after:2024-01-01 before:2024-02-01")
    assert all("after%3A2024-01-01+before%3A2024-02-01" in f for f in windowed)
    only_mine = Search(url=search.url, generate=False, queries=['"sentra IKM"'])
    assert search_queries(only_mine) == ['"sentra IKM"']


def test_a_search_url_without_its_placeholder_is_named(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SOURCES.replace("    feeds: ['https://news.google.com/rss/search?q=IKM']\n",
                                    "    search: {url: 'https://news.google.com/rss/search?q=IKM'}\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"googlenews.*search\.url.*\{query\}"):
        load_sources(path)
