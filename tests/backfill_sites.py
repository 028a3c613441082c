"""Loopback sites for the aggregator and backfill tests: news sites of our own on 127.0.0.2-6 (one host each, so
each is its own domain) and a fake Google-News-like aggregator on 127.0.0.1 with date operators and a cap."""

from __future__ import annotations

import random
import re
import shlex
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from crawler.sites.load import article_text
from crawler.sites.serving import LoopbackServer, PageHandler

WIB = "+07:00"
OFF_TOPIC = [  # our own off-topic paragraphs: regional news that an IKM search might still bring up
    ("Harga Cabai Rawit di Pasar {city} Naik Lagi",
     ["{city} - Harga cabai rawit di pasar tradisional {city} kembali naik menjelang akhir pekan ini.",
      "Pedagang menyebut pasokan dari petani berkurang karena hujan deras yang turun sejak awal bulan.",
      "Dinas terkait berjanji memantau harga bahan pokok agar tetap terjangkau bagi warga {city}."]),
    ("Persiapan Laga Kandang Tim Sepak Bola {city}",
     ["{city} - Tim sepak bola kebanggaan warga {city} menggelar latihan tertutup jelang laga kandang.",
      "Pelatih kepala mengatakan seluruh pemain dalam kondisi bugar dan siap tampil penuh semangat.",
      "Panitia pelaksana memperkirakan stadion akan dipadati ribuan penonton pada akhir pekan nanti."]),
]
CITIES = ["Klaten", "Jepara", "Garut", "Gianyar", "Padang", "Kediri"]


class QuietServer(LoopbackServer):
    """A threading server that does not print the broken pipes of a crawler killed mid-request."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@dataclass(frozen=True)
class Article:
    """One article of a site: its number, publication time, and whether it is about IKM."""

    number: int
    when: datetime
    relevant: bool

    def headline_and_text(self) -> tuple[str, list[str]]:
        if self.relevant:
            return article_text(self.number)
        title, paragraphs = OFF_TOPIC[self.number % len(OFF_TOPIC)]
        city = CITIES[self.number % len(CITIES)]
        return (f"{title.format(city=city)} (Edisi {self.number})",
                [p.format(city=city) + f" Laporan nomor {self.number}." for p in paragraphs])


@dataclass
class NewsSite:
    """A news site on its own loopback address: dated or plain article URLs, an RSS feed, a home page (with
    `<link rel="alternate">` if asked), a monthly sitemap index (named in robots.txt if asked), an index listing."""

    host: str
    name: str
    articles: list[Article]
    dated_urls: bool = True
    robots_sitemap: bool = False
    alternate_link: bool = False
    per_page: int = 5
    delay: float = 0.0
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_path = {self.path(a): a for a in self.articles}
        self.server = QuietServer((self.host, 0), _handler(self))
        self.base_url = f"http://{self.host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def path(self, article: Article) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", article.headline_and_text()[0].lower()).strip("-")[:60]
        if self.dated_urls:
            return f"/berita/{article.when:%Y/%m/%d}/{article.number}/{slug}"
        return f"/read/{article.number}-{slug}"

    def url(self, article: Article) -> str:
        return self.base_url + self.path(article)

    def newest_first(self) -> list[Article]:
        return sorted(self.articles, key=lambda a: a.when, reverse=True)

    def page(self, target: str) -> tuple[int, str, bytes]:
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/robots.txt":
            line = f"Sitemap: {self.base_url}/sitemap.xml\n" if self.robots_sitemap else ""
            return 200, "text/plain", f"User-agent: *\nDisallow: /cari\n{line}".encode()
        if path == "/":
            return 200, "text/html; charset=utf-8", self.home()
        if path == "/rss.xml":
            return 200, "application/rss+xml", rss([(a.headline_and_text()[0], self.url(a), a.when)
                                                    for a in self.newest_first()[:10]])
        if path == "/sitemap.xml":
            months = sorted({(a.when.year, a.when.month) for a in self.articles})
            children = "".join(f"<sitemap><loc>{self.base_url}/sitemap-{y}-{m:02d}.xml</loc></sitemap>"
                               for y, m in months)
            return 200, "application/xml", _xml(f'<sitemapindex xmlns="{SITEMAP_NS}">{children}</sitemapindex>')
        found = re.fullmatch(r"/sitemap-(\d{4})-(\d{2})\.xml", path)
        if found:
            return 200, "application/xml", self.month_sitemap(int(found.group(1)), int(found.group(2)))
        if path == "/indeks":
            return 200, "text/html; charset=utf-8", self.listing(int(query.get("page", ["1"])[0]))
        if path in self.by_path:
            return 200, "text/html; charset=utf-8", self.article_html(self.by_path[path])
        return 404, "text/html", b"<html><body><h1>404</h1></body></html>"

    def home(self) -> bytes:
        alternate = '<link rel="alternate" type="application/rss+xml" href="/rss.xml">' if self.alternate_link else ""
        links = "".join(f'<li><a href="{self.path(a)}">{escape(a.headline_and_text()[0])}</a></li>'
                        for a in self.newest_first()[:8])
        return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{self.name}</title>{alternate}'
                f'</head><body><nav><a href="/">Beranda</a> <a href="/kategori/ekonomi">Ekonomi</a> '
                f'<a href="/indeks">Indeks</a></nav><ul>{links}</ul></body></html>').encode()

    def month_sitemap(self, year: int, month: int) -> bytes:
        urls = "".join(f"<url><loc>{self.url(a)}</loc><lastmod>{a.when.isoformat()}</lastmod></url>"
                       for a in self.articles if (a.when.year, a.when.month) == (year, month))
        return _xml(f'<urlset xmlns="{SITEMAP_NS}">{urls}</urlset>')

    def listing(self, page: int) -> bytes:
        ordered = self.newest_first()
        chunk = ordered[(page - 1) * self.per_page: page * self.per_page]
        links = "".join(f'<li><a href="{self.path(a)}">{escape(a.headline_and_text()[0])}</a></li>' for a in chunk)
        more = f'<a class="next" href="/indeks?page={page + 1}">Berikutnya</a>' if page * self.per_page < len(
            ordered) else ""
        return f'<html><body><ul class="indeks">{links}</ul>{more}</body></html>'.encode()

    def article_html(self, article: Article) -> bytes:
        title, paragraphs = article.headline_and_text()
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{escape(title)} - {self.name}'
                f'</title><meta property="article:published_time" content="{article.when.isoformat()}"></head>'
                f'<body><nav><a href="/">Beranda</a></nav><article><h1>{escape(title)}</h1>{body}</article>'
                f"<footer>Hak Cipta {self.name}</footer></body></html>").encode()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _xml(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'.encode()


def rss(items: list[tuple[str, str, datetime]]) -> bytes:
    entries = "".join(f"<item><title>{escape(t)}</title><link>{escape(u)}</link>"
                      f"<pubDate>{format_datetime(w)}</pubDate></item>" for t, u, w in items)
    return _xml(f'<rss version="2.0"><channel><title>umpan</title>{entries}</channel></rss>')


def _handler(site: Any) -> type[BaseHTTPRequestHandler]:
    class Handler(PageHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            site.requests.append(self.path)
            if site.delay and self.path != "/robots.txt":
                time.sleep(site.delay)
            status, content_type, body = site.page(self.path)
            if status == 302:  # the body names where to
                self.send_page(status, content_type, b"", {"Location": body.decode()})
            else:
                self.send_page(status, content_type, body)

    return Handler


class FakeAggregator:
    """A Google-News-like search feed on 127.0.0.1: /rss/search?q= with quoted phrases, words, when:Nd, after: and
    before: (after included, before excluded); newest first, at most `cap` items; every other result is an opaque
    /rss/articles/N link that redirects to the publisher."""

    def __init__(self, sites: list[NewsSite], today: date, cap: int = 5) -> None:
        self.sites, self.today, self.cap = sites, today, cap
        self.requests: list[str] = []
        self.queries: Counter[str] = Counter()
        self.delay = 0.0
        self.results = [(site, a) for site in sites for a in site.articles]
        self.server = QuietServer(("127.0.0.1", 0), _handler(self))
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def search(self, query: str) -> list[tuple[NewsSite, Article]]:
        terms, start, end = [], date.min, date.max
        for token in shlex.split(query):
            key, _, value = token.partition(":")
            if key == "after" and value:
                start = date.fromisoformat(value)
            elif key == "before" and value:
                end = date.fromisoformat(value)
            elif key == "when" and value.endswith("d"):
                start, end = self.today - timedelta(days=int(value[:-1])), self.today + timedelta(days=1)
            else:
                terms.append(token.lower())
        found = []
        for site, article in self.results:
            title, paragraphs = article.headline_and_text()
            text = (title + " " + " ".join(paragraphs)).lower()
            if start <= article.when.date() < end and all(term in text for term in terms):
                found.append((site, article))
        return sorted(found, key=lambda pair: pair[1].when, reverse=True)[: self.cap]

    def link(self, site: NewsSite, article: Article) -> str:
        index = self.results.index((site, article))
        return f"{self.base_url}/rss/articles/{index}" if index % 2 else site.url(article)

    def page(self, target: str) -> tuple[int, str, bytes]:
        parts = urlsplit(target)
        if parts.path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if parts.path == "/rss/search":
            query = parse_qs(parts.query).get("q", [""])[0]
            self.queries[re.sub(r"\s*(after|before|when):\S+", "", query)] += 1
            items = [(a.headline_and_text()[0], self.link(s, a), a.when) for s, a in self.search(query)]
            return 200, "application/rss+xml", rss(items)
        found = re.fullmatch(r"/rss/articles/(\d+)", parts.path)
        if found and int(found.group(1)) < len(self.results):
            site, article = self.results[int(found.group(1))]
            return 302, "text/html", site.url(article).encode()
        return 404, "text/html", b"404"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def dated_articles(first: date, last: date, every_days: float, start_number: int, off_topic_every: int = 4,
                   seed: int = 0) -> list[Article]:
    """Articles from first to last, one every `every_days`, every `off_topic_every`-th off topic."""
    rng = random.Random(seed)
    articles, moment, number = [], datetime.fromisoformat(f"{first}T08:00:00{WIB}"), start_number
    while moment.date() <= last:
        articles.append(Article(number, moment + timedelta(minutes=rng.randint(0, 600)),
                                relevant=(number - start_number) % off_topic_every != off_topic_every - 1))
        moment += timedelta(days=every_days)
        number += 1
    return articles


@dataclass
class Sites:
    """The aggregator, the sites its results lead to, and two configured sites with history."""

    aggregator: FakeAggregator
    kabar: NewsSite  # configured (feed only): its history reaches Pantau through the aggregator
    portal: NewsSite  # not configured, plain URLs, sitemap named in robots.txt
    warta: NewsSite  # not configured, dated URLs, feed named in the home page
    arsip: NewsSite  # configured, two years of monthly sitemaps
    indeks: NewsSite  # configured, an index listing only (two pages a night)

    @property
    def all(self) -> list[NewsSite]:
        return [self.kabar, self.portal, self.warta, self.arsip, self.indeks]

    def stop(self) -> None:
        self.aggregator.stop()
        for site in self.all:
            site.stop()

    def sources_yaml(self, cap: int = 5) -> str:
        def pattern(site: NewsSite) -> str:
            return "^" + re.escape(site.base_url) + (r"/berita/\d{4}/\d{2}/\d{2}/\d+/" if site.dated_urls
                                                      else r"/read/\d+-")
        return f"""sources:
  - name: kabar
    domains: ['{self.kabar.host}']
    article_pattern: '{pattern(self.kabar)}'
    feeds: ['{self.kabar.base_url}/rss.xml']
  - name: arsip
    domains: ['{self.arsip.host}']
    article_pattern: '{pattern(self.arsip)}'
    sitemaps: ['{self.arsip.base_url}/sitemap.xml']
  - name: indeks
    domains: ['{self.indeks.host}']
    article_pattern: '{pattern(self.indeks)}'
    listings:
      - url: '{self.indeks.base_url}/indeks'
        next_css: 'a.next'
        max_pages: 2
  - name: gnews
    domains: ['127.0.0.1']
    article_pattern: '^{re.escape(self.aggregator.base_url)}/rss/articles/'
    quirks: {{aggregator: true}}
    search:
      url: '{self.aggregator.base_url}/rss/search?q={{query}}&hl=id'
      cap: {cap}
"""


def start_sites(delay: float = 0.0) -> Sites:
    """History 2024-2025 on the configured sites, 2025 on the aggregated ones; the aggregator's today 2025-08-31."""
    kabar = NewsSite("127.0.0.2", "Kabar Lereng", dated_articles(date(2025, 1, 3), date(2025, 8, 30), 9, 1000, seed=1),
                     delay=delay)
    portal = NewsSite("127.0.0.3", "Portal Pesisir", dated_articles(date(2025, 1, 5), date(2025, 8, 30), 9, 2000, seed=2),
                      dated_urls=False, robots_sitemap=True, delay=delay)
    warta = NewsSite("127.0.0.4", "Warta Lembah", dated_articles(date(2025, 1, 7), date(2025, 8, 30), 9, 3000, seed=3),
                     alternate_link=True, delay=delay)
    arsip = NewsSite("127.0.0.5", "Arsip Kriya", dated_articles(date(2024, 1, 2), date(2025, 12, 28), 10, 4000, seed=4),
                     delay=delay)
    indeks = NewsSite("127.0.0.6", "Indeks Niaga", dated_articles(date(2024, 1, 4), date(2025, 12, 28), 15, 5000,
                                                                 seed=5), delay=delay)
    aggregator = FakeAggregator([kabar, portal, warta], today=date(2025, 8, 31))
    return Sites(aggregator, kabar, portal, warta, arsip, indeks)
