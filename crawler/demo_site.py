"""The bundled demo site: three fictional Indonesian outlets rendered from configs/demo/site, on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape

from crawler.paths import DEMO_SITE_DIR

SITE_DIR = DEMO_SITE_DIR
DEFAULT_PORT = 8765
HTML, RSS, XML, TEXT = ("text/html; charset=utf-8", "application/rss+xml; charset=utf-8",
                        "application/xml; charset=utf-8", "text/plain; charset=utf-8")
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
EDITORS = ["Rudi Hartono", "Sri Wahyuni", "Agus Salim Nugroho"]
ROBOTS = "User-agent: *\nDisallow: /kabar/cari\nDisallow: /ekonomi/admin/\n"


@dataclass
class DemoArticle:
    """One demo article as written in configs/demo/site/articles/<outlet>.yaml."""

    outlet: str
    id: int
    slug: str
    title: str
    author: str
    published: str
    section: str
    tags: list[str]
    description: str
    dateline: str
    paragraphs: list[str]
    relevant: bool
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.published)

    def path(self, amp: bool = False) -> str:
        w = self.when
        if self.outlet == "warta":
            return f"/warta/berita/{self.id}/{self.slug}"
        if self.outlet == "kabar":
            return f"/kabar/read/{w:%Y/%m/%d}/{self.id}/{self.slug}"
        return f"/ekonomi/{'amp/' if amp else ''}{w:%Y/%m/%d}/{self.slug}-{self.id}"

    @property
    def date_line(self) -> str:
        w = self.when
        return f"{DAYS[w.weekday()]}, {w.day} {MONTHS[w.month - 1]} {w.year} {w:%H:%M} WIB"


def load_articles(site_dir: Path = SITE_DIR) -> dict[str, list[DemoArticle]]:
    """Outlet key → its articles, newest first."""
    outlets = yaml.safe_load((site_dir / "outlets.yaml").read_text(encoding="utf-8"))
    result = {}
    for key in outlets:
        path = site_dir / "articles" / f"{key}.yaml"
        rows = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
        articles = [DemoArticle(outlet=key, **{k: row[k] for k in DemoArticle.__dataclass_fields__
                                               if k in row and k not in ("outlet", "extra")}) for row in rows or []]
        result[key] = sorted(articles, key=lambda a: a.published, reverse=True)
    return result


class Renderer:
    """Renders every page of the site for one base URL."""

    def __init__(self, base_url: str, site_dir: Path) -> None:
        self.base = base_url.rstrip("/")
        self.outlets = yaml.safe_load((site_dir / "outlets.yaml").read_text(encoding="utf-8"))
        self.articles = load_articles(site_dir)
        self.env = Environment(loader=FileSystemLoader(site_dir / "templates"), autoescape=select_autoescape())

    def url(self, article: DemoArticle, amp: bool = False, query: str = "") -> str:
        return f"{self.base}{article.path(amp)}{query}"

    def _view(self, article: DemoArticle) -> dict[str, Any]:
        codes = self.outlets[article.outlet].get("editor_codes") or ["red"]
        json_ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
                   "datePublished": article.published, "author": {"@type": "Person", "name": article.author}}
        return {**article.__dict__, "url": self.url(article), "date_line": article.date_line,
                "editor_code": codes[article.id % len(codes)], "editor": EDITORS[article.id % len(EDITORS)],
                "json_ld": json.dumps(json_ld, ensure_ascii=False)}

    def _related(self, article: DemoArticle) -> list[dict[str, str]]:
        others = [a for a in self.articles[article.outlet] if a.id != article.id][:3]
        return [{"url": self.url(a), "title": a.title} for a in others]

    def page(self, template: str, key: str, **context: Any) -> bytes:
        html = self.env.get_template(template).render(base=self.base, key=key, outlet=self.outlets[key], **context)
        return html.encode("utf-8")

    def article_pages(self) -> dict[str, tuple[str, bytes]]:
        pages = {}
        for key, articles in self.articles.items():
            for article in articles:
                view, related = self._view(article), self._related(article)
                body = self.page(f"{key}/article.html", key, a=view, related=related)
                pages[article.path()] = (HTML, body)
                if key == "ekonomi":
                    pages[article.path(amp=True)] = (HTML, self.page("ekonomi/amp.html", key, a=view))
            if key == "kabar" and articles:
                oldest = articles[-1]
                pages[f"/kabar/berita/{oldest.id}"] = pages[oldest.path()]
        return pages

    def _listing(self, key: str, heading: str, items: list[DemoArticle], **extra: Any) -> bytes:
        rows = [{**self._view(a), "link": extra.pop("link", None) or self.url(a)} for a in items]
        return self.page("listing.html", key, heading=heading, items=rows, **extra)

    def listing_pages(self) -> dict[str, tuple[str, bytes]]:
        pages = {f"/{key}/": (HTML, self._listing(key, "Berita Terbaru", arts[:10]))
                 for key, arts in self.articles.items()}
        kabar = self.articles.get("kabar", [])
        per_page = int(self.outlets["kabar"].get("per_page", 5))
        chunks = [kabar[i : i + per_page] for i in range(0, len(kabar), per_page)] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            boxes = []
            if number == 1 and kabar:
                popular = [{"href": self.url(a, query="?utm_campaign=populer#komentar"), "title": a.title}
                           for a in kabar[:2]]
                boxes = [{"css": "terpopuler", "title": "Terpopuler", "links": popular},
                    {"css": "pilihan", "title": "Pilihan Redaksi", "links": [
                        {"href": f"{self.base}/kabar/berita/{kabar[-1].id}", "title": kabar[-1].title}]}]
            next_url = f"{self.base}/kabar/indeks?page={number + 1}" if number < len(chunks) else None
            body = self._listing("kabar", f"Indeks Berita - Halaman {number}", chunk, boxes=boxes, next_url=next_url)
            pages["/kabar/indeks" if number == 1 else f"/kabar/indeks?page={number}"] = (HTML, body)
        pages["/kabar/cari"] = (HTML, self._listing("kabar", "Hasil Pencarian", kabar[:3]))
        return pages

    def feeds(self) -> dict[str, tuple[str, bytes]]:
        tracking = "?utm_source=rss&utm_medium=feed"
        items = "".join(
            f"<item><title>{escape(a.title)}</title><link>{escape(self.url(a, query=tracking))}</link>"
            f"<guid isPermaLink=\"false\">warta-{a.id}</guid><description>{escape(a.description)}</description>"
            f"<pubDate>{a.when:%a, %d %b %Y %H:%M:%S %z}</pubDate></item>"
            for a in self.articles.get("warta", []))
        rss = (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Warta Perindustrian</title>'
               f"<link>{self.base}/warta/</link><description>Berita terbaru</description>{items}</channel></rss>")
        ekonomi = self.articles.get("ekonomi", [])
        urls = [(self.url(a), a) for a in ekonomi] + [(self.url(a, amp=True), a) for a in ekonomi[:2]]
        entries = "".join(
            f"<url><loc>{escape(u)}</loc><lastmod>{a.published}</lastmod><news:news><news:publication>"
            f"<news:name>Ekonomi Nusantara</news:name><news:language>id</news:language></news:publication>"
            f"<news:publication_date>{a.published}</news:publication_date><news:title>{escape(a.title)}</news:title>"
            f"</news:news></url>" for u, a in urls)
        news = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>')
        index = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 f"<sitemap><loc>{self.base}/ekonomi/sitemap-news.xml</loc></sitemap></sitemapindex>")
        return {"/warta/rss.xml": (RSS, rss.encode()), "/ekonomi/sitemap-news.xml": (XML, news.encode()),
                "/ekonomi/sitemap.xml": (XML, index.encode()), "/robots.txt": (TEXT, ROBOTS.encode())}


def render_site(base_url: str, site_dir: Path = SITE_DIR) -> dict[str, tuple[str, bytes]]:
    """Every page of the site, pre-rendered: path (with query where it matters) → (content type, body)."""
    renderer = Renderer(base_url, site_dir)
    return {**renderer.article_pages(), **renderer.listing_pages(), **renderer.feeds()}


def _handler(pages: dict[str, tuple[str, bytes]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _lookup(self) -> tuple[int, str, bytes]:
            parts = urlsplit(self.path)
            key = f"{parts.path}?{parts.query}" if parts.query else parts.path
            found = pages.get(key) or pages.get(parts.path)
            if found:
                return 200, *found
            return 404, HTML, b"<html><body><h1>404</h1><p>Halaman tidak ditemukan.</p></body></html>"

        def _respond(self, with_body: bool) -> None:
            status, content_type, body = self._lookup()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            self._respond(True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(False)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


class DemoSite:
    """The demo site served by a ThreadingHTTPServer in a daemon thread (a context manager)."""

    def __init__(self, port: int = 0, site_dir: Path = SITE_DIR, host: str = "127.0.0.1") -> None:
        self.site_dir, self.host, self.port = site_dir, host, port
        self.server: ThreadingHTTPServer | None = None
        self.base_url = ""

    def start(self) -> DemoSite:
        self.server = ThreadingHTTPServer((self.host, self.port), _handler({}))
        self.base_url = f"http://{self.host}:{self.server.server_address[1]}"
        self.server.RequestHandlerClass = _handler(render_site(self.base_url, self.site_dir))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def serve_forever(self) -> None:
        """Block until interrupted (the server already runs in its thread)."""
        threading.Event().wait()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
