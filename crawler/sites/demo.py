"""The offline demo site: three fictional Indonesian news outlets, pre-rendered and served on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pantau_configs.paths import DEMO_SITE_DIR

from crawler.sites.serving import LoopbackServer

# <repo>/configs/demo/site in a checkout (Path(__file__).resolve().parent.parent / "configs" / "demo" / "site"),
# the pantau_configs package data in an installed wheel.
SITE_DIR: Path = DEMO_SITE_DIR
DEFAULT_PORT = 8765

Pages = dict[str, tuple[str, bytes]]
HTML, RSS, XML, TEXT, SVG = ("text/html; charset=utf-8", "application/rss+xml; charset=utf-8",
                             "application/xml; charset=utf-8", "text/plain; charset=utf-8", "image/svg+xml")
ROBOTS = "User-agent: *\nDisallow: /kabar/cari\nDisallow: /ekonomi/admin/\n"
NOT_FOUND = (b'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>404 - Halaman tidak ditemukan'
             b"</title></head>\n<body><h1>404</h1><p>Halaman tidak ditemukan.</p></body></html>\n")
PLACEHOLDER = (b'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450"><rect width="800" height="450" '
               b'fill="#d8d2c4"/></svg>')
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}
REQUIRED = ("id", "slug", "title", "author", "published", "paragraphs", "relevant")
OPTIONAL = ("section", "tags", "description", "dateline")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class DemoArticle:
    """One demo article, as written in configs/demo/site/articles/<outlet>.yaml."""

    outlet: str
    id: int
    slug: str
    title: str
    author: str
    published: str
    paragraphs: list[str]
    relevant: bool
    section: str = ""
    tags: list[str] = field(default_factory=list)
    description: str = ""
    dateline: str = ""

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.published)

    def path(self, amp: bool = False) -> str:
        """The article's own path on the demo site (the AMP variant exists for 'ekonomi' only)."""
        day = f"{self.when:%Y/%m/%d}"
        if self.outlet == "warta":
            return f"/warta/berita/{self.id}/{self.slug}"
        if self.outlet == "kabar":
            return f"/kabar/read/{day}/{self.id}/{self.slug}"
        return f"/ekonomi/{'amp/' if amp else ''}{day}/{self.slug}-{self.id}"


def indo_date(value: datetime, style: str = "long") -> str:
    """'Selasa, 3 September 2024 10:15 WIB' (long), 'Selasa, 03 Sep 2024 10:15 WIB' (short), or plain."""
    offset = value.utcoffset()
    zone = ZONES.get(int(offset.total_seconds() // 3600) if offset else 7, "WIB")
    day, month, clock = DAYS[value.weekday()], MONTHS[value.month - 1], f"{value:%H:%M} {zone}"
    if style == "short":
        return f"{day}, {value:%d} {month[:3]} {value.year} {clock}"
    if style == "plain":
        return f"{value.day} {month} {value.year}, {clock}"
    return f"{day}, {value.day} {month} {value.year} {clock}"


def load_outlets(site_dir: Path = SITE_DIR) -> dict[str, dict[str, Any]]:
    """Outlet key → its settings from outlets.yaml."""
    return yaml.safe_load((site_dir / "outlets.yaml").read_text(encoding="utf-8"))


def _article(outlet: str, row: dict[str, Any], source: Path) -> DemoArticle:
    where = f"{source}: article {row.get('id', '?')}"
    missing = [key for key in REQUIRED if key not in row]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    published = row["published"]
    published = published.isoformat() if isinstance(published, datetime) else str(published)
    if datetime.fromisoformat(published).tzinfo is None:
        raise ValueError(f"{where}: published needs a UTC offset (+07:00): {published!r}")
    if not SLUG.match(str(row["slug"])):
        raise ValueError(f"{where}: slug must be lowercase letters, digits and hyphens: {row['slug']!r}")
    values = {key: row[key] for key in REQUIRED + OPTIONAL if key in row and row[key] is not None}
    return DemoArticle(outlet=outlet, **{**values, "id": int(row["id"]), "published": published})


def load_articles(site_dir: Path = SITE_DIR) -> dict[str, list[DemoArticle]]:
    """Outlet key → its articles in file order (an outlet without an articles file has none)."""
    result: dict[str, list[DemoArticle]] = {}
    for key in load_outlets(site_dir):
        source = site_dir / "articles" / f"{key}.yaml"
        rows = yaml.safe_load(source.read_text(encoding="utf-8")) if source.exists() else None
        articles = [_article(key, row, source) for row in rows or []]
        ids = [a.id for a in articles]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{source}: duplicate article ids")
        result[key] = articles
    return result


def _json_ld(article: DemoArticle, url: str, image: str, publisher: str) -> Markup:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "mainEntityOfPage": url,
            "headline": article.title, "description": article.description, "image": [image],
            "datePublished": article.published, "dateModified": article.published,
            "author": {"@type": "Person", "name": article.author},
            "publisher": {"@type": "Organization", "name": publisher},
            "articleSection": article.section, "keywords": article.tags}
    return Markup(json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))


class Renderer:
    """Renders every page of the demo site for one base URL into a path → (content type, body) map."""

    def __init__(self, base_url: str, site_dir: Path) -> None:
        self.base = base_url.rstrip("/")
        self.outlets = load_outlets(site_dir)
        self.articles = load_articles(site_dir)
        self.newest = {k: sorted(v, key=lambda a: a.when, reverse=True) for k, v in self.articles.items()}
        self.env = Environment(loader=FileSystemLoader(site_dir / "templates"), autoescape=select_autoescape(),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters.update(tanggal=indo_date, rfc822=format_datetime)
        self.pages: Pages = {}

    def url(self, article: DemoArticle, amp: bool = False, query: str = "") -> str:
        return f"{self.base}{article.path(amp)}{query}"

    def add(self, path: str, template: str, key: str, content_type: str = HTML, **context: Any) -> None:
        """Render one template into the page map under path (which may carry a query)."""
        outlet = self.outlets.get(key, {})
        text = self.env.get_template(template).render(base=self.base, key=key, outlet=outlet, **context)
        self.pages[path] = (content_type, text.encode("utf-8"))

    def card(self, article: DemoArticle, query: str = "") -> dict[str, Any]:
        """What listings, feeds and link boxes show of an article."""
        return {**vars(article), "when": article.when, "url": self.url(article, query=query)}

    def _related(self, article: DemoArticle) -> list[dict[str, Any]]:
        ring = self.newest[article.outlet]
        count = min(int(self.outlets[article.outlet].get("related", 3)), len(ring) - 1)
        start = ring.index(article)
        return [self.card(ring[(start + step) % len(ring)]) for step in range(1, count + 1)]

    def _pick(self, article: DemoArticle, name: str, count: int = 1) -> list[Any]:
        pool = self.outlets[article.outlet].get(name) or []
        return [pool[(article.id + i) % len(pool)] for i in range(min(count, len(pool)))]

    def _comments(self, article: DemoArticle) -> list[dict[str, str]]:
        picked = self._pick(article, "comments", 2 + article.id % 2)
        times = [article.when + timedelta(hours=2 + 3 * i, minutes=7 * i) for i in range(len(picked))]
        return [{**c, "time": f"{t:%d/%m/%Y %H:%M}"} for c, t in zip(picked, times, strict=True)]

    def view(self, article: DemoArticle) -> dict[str, Any]:
        """Everything an article template needs."""
        view = {**self.card(article), "related": self._related(article), "amp_url": None, "image": None}
        if article.outlet == "kabar":
            code, editor = self._pick(article, "editor_codes") or ["red"], self._pick(article, "editors") or ["Redaksi"]
            view.update(editor_code=code[0], editor=editor[0], comments=self._comments(article))
        if article.outlet == "ekonomi":
            image = f"{self.base}/ekonomi/img/{article.id}.svg"
            view.update(amp_url=self.url(article, amp=True), image=image,
                        json_ld=_json_ld(article, view["url"], image, self.outlets["ekonomi"]["name"]))
        return view

    def home(self, key: str) -> None:
        count = int(self.outlets[key].get("home_count", 10))
        self.add(f"/{key}/", f"{key}/home.html", key, items=[self.card(a) for a in self.newest[key][:count]])

    def warta(self) -> None:
        for article in self.articles["warta"]:
            self.add(article.path(), "warta/article.html", "warta", a=self.view(article))
        items = [self.card(a) for a in self.newest["warta"]]
        self.add("/warta/rss.xml", "warta/rss.xml", "warta", RSS, items=items,
                 tracking=self.outlets["warta"].get("tracking", ""))

    def kabar(self) -> None:
        articles = self.articles["kabar"]
        for article in articles:
            self.add(article.path(), "kabar/article.html", "kabar", a=self.view(article))
        if articles:  # the first article in the file also lives at its old short URL, same HTML
            self.pages[f"/kabar/berita/{articles[0].id}"] = self.pages[articles[0].path()]
        self._kabar_index()
        self.add("/kabar/cari", "kabar/cari.html", "kabar", items=[self.card(a) for a in self.newest["kabar"][:3]])

    def _kabar_boxes(self) -> list[dict[str, Any]]:
        newest, query = self.newest["kabar"], self.outlets["kabar"].get("popular_query", "")
        if not newest:
            return []
        first = self.articles["kabar"][0]
        old = {"url": f"{self.base}/kabar/berita/{first.id}", "title": first.title}
        return [{"css": "terpopuler", "title": "Terpopuler", "links": [self.card(a, query) for a in newest[:2]]},
                {"css": "pilihan-redaksi", "title": "Pilihan Redaksi", "links": [old]}]

    def _kabar_index(self) -> None:
        newest, per_page = self.newest["kabar"], int(self.outlets["kabar"].get("per_page", 5))
        chunks = [newest[i : i + per_page] for i in range(0, len(newest), per_page)] or [[]]
        hrefs = [f"{self.base}/kabar/indeks" + (f"?page={n}" if n > 1 else "") for n in range(1, len(chunks) + 1)]
        for number, chunk in enumerate(chunks, start=1):
            self.add(hrefs[number - 1].removeprefix(self.base), "kabar/indeks.html", "kabar", page=number,
                     items=[self.card(a) for a in chunk], numbers=list(enumerate(hrefs, start=1)),
                     prev_url=hrefs[number - 2] if number > 1 else None,
                     next_url=hrefs[number] if number < len(chunks) else None,
                     boxes=self._kabar_boxes() if number == 1 else [])

    def ekonomi(self) -> None:
        for article in self.articles["ekonomi"]:
            view = self.view(article)
            self.add(article.path(), "ekonomi/article.html", "ekonomi", a=view)
            self.add(article.path(amp=True), "ekonomi/amp.html", "ekonomi", a=view)
            self.pages[f"/ekonomi/img/{article.id}.svg"] = (SVG, PLACEHOLDER)
        newest = self.newest["ekonomi"]
        amp = newest[: int(self.outlets["ekonomi"].get("amp_in_sitemap", 2))]
        entries = [{"loc": self.url(a), "a": a} for a in newest] + [{"loc": self.url(a, amp=True), "a": a} for a in amp]
        self.add("/ekonomi/sitemap-news.xml", "ekonomi/sitemap-news.xml", "ekonomi", XML, entries=entries)
        self.add("/ekonomi/sitemap.xml", "ekonomi/sitemap.xml", "ekonomi", XML,
                 lastmod=newest[0].published if newest else None)

    def render(self) -> Pages:
        for key in ("warta", "kabar", "ekonomi"):
            self.home(key)
            getattr(self, key)()
        starts = {"warta": "/warta/rss.xml", "kabar": "/kabar/indeks", "ekonomi": "/ekonomi/sitemap.xml"}
        outlets = [{"key": k, "name": o["name"], "start": starts[k]} for k, o in self.outlets.items()]
        self.add("/", "common/index.html", "demo", outlets=outlets)
        self.pages["/robots.txt"] = (TEXT, ROBOTS.encode("utf-8"))
        return self.pages


def render_site(base_url: str, site_dir: Path = SITE_DIR) -> Pages:
    """Every page of the site, pre-rendered: path (with its query where it has one) → (content type, body)."""
    return Renderer(base_url, site_dir).render()


def _not_modified(headers: Any, etag: str, last_modified: str) -> bool:
    """A conditional request whose validators still match the page (If-None-Match wins over If-Modified-Since)."""
    if headers.get("If-None-Match"):
        return etag in [tag.strip() for tag in headers["If-None-Match"].split(",")]
    return headers.get("If-Modified-Since") == last_modified


def make_handler(pages: Pages, requests: list[str] | None = None, last_modified: str = "",
                 delay: float = 0.0) -> type[BaseHTTPRequestHandler]:
    """A request handler answering GET and HEAD from the pre-rendered pages, silently, with ETag and
    Last-Modified validators and 304 answers to conditional requests; each request path is appended to requests."""
    log = requests if requests is not None else []
    modified = last_modified or format_datetime(datetime.now(UTC), usegmt=True)

    class Handler(BaseHTTPRequestHandler):
        def _respond(self, with_body: bool) -> None:
            parts = urlsplit(self.path)
            log.append(self.path)
            if delay:  # a slow server, for tests that must catch a run in the middle
                time.sleep(delay)
            found = pages.get(f"{parts.path}?{parts.query}") or pages.get(parts.path)
            status, (content_type, body) = (200, found) if found else (404, (HTML, NOT_FOUND))
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
            if found and _not_modified(self.headers, etag, modified):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if found:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._respond(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(with_body=False)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            pass

    return Handler


class DemoSite:
    """The demo site on a threaded loopback server: start()/stop() run it in a daemon thread; a context manager."""

    def __init__(self, port: int = 0, site_dir: Path = SITE_DIR, host: str = "127.0.0.1", delay: float = 0.0) -> None:
        self.port, self.site_dir, self.host, self.delay = port, site_dir, host, delay
        self.base_url = ""
        self.requests: list[str] = []  # every request path served, in order (tests count them)
        self._server: LoopbackServer | None = None
        self._thread: threading.Thread | None = None

    def _bind(self) -> LoopbackServer:
        server = LoopbackServer((self.host, self.port), BaseHTTPRequestHandler)
        self.base_url = f"http://{self.host}:{server.server_address[1]}"
        try:
            server.RequestHandlerClass = make_handler(render_site(self.base_url, self.site_dir), self.requests,
                                                      delay=self.delay)
        except Exception:
            server.server_close()
            raise
        self._server = server
        return server

    def start(self) -> DemoSite:
        """Bind (OSError when the port is taken), render every page, serve in a daemon thread."""
        if self._server is None:
            server = self._bind()
            self._thread = threading.Thread(target=server.serve_forever, name="pantau-demo-site", daemon=True)
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Block while the site is served: wait for the thread start() began, or serve in this thread."""
        if self._thread is not None:
            while self._thread.is_alive():
                self._thread.join(0.5)
            return
        server = self._server or self._bind()
        try:
            server.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        server, thread, self._server, self._thread = self._server, self._thread, None, None
        if server is not None:
            if thread is not None:
                server.shutdown()
                thread.join()
            server.server_close()

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
