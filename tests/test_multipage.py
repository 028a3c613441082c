"""Articles split over pages, joined without outlet quirks: next-page links known by their words and their URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import sqlite_utils

from crawler.discovery import article_next_page
from crawler.runs.demo import DEMO_SETTINGS
from crawler.runs.run import run_crawl
from crawler.sites.serving import LoopbackServer

PAGES = Path(__file__).parent / "pages" / "multipage"
ROUTES = {
    "/index.html": "index.html",
    "/berita/2024/11/kopi-gayo-ikm": "kopi-1.html",
    "/berita/2024/11/kopi-gayo-ikm/2": "kopi-2.html",
    "/berita/2024/11/kopi-gayo-ikm/3": "kopi-3.html",
    "/berita/2024/11/rotan-cirebon-ikm": "rotan-1.html",
    "/berita/2024/11/rotan-cirebon-ikm?page=1": "rotan-1.html",
    "/berita/2024/11/rotan-cirebon-ikm?page=2": "rotan-2.html",
    "/berita/2024/11/batik-lasem-ikm": "batik.html",
    "/berita/2024/11/tenun-troso-ikm": "tenun.html",
}
BASE = "https://suaralembah.example"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.mark.parametrize(("name", "url", "expected"), [
    ("kopi-1.html", "/berita/2024/11/kopi-gayo-ikm", "/berita/2024/11/kopi-gayo-ikm/2"),
    ("kopi-2.html", "/berita/2024/11/kopi-gayo-ikm/2", "/berita/2024/11/kopi-gayo-ikm/3"),
    ("kopi-3.html", "/berita/2024/11/kopi-gayo-ikm/3", None),
    ("rotan-1.html", "/berita/2024/11/rotan-cirebon-ikm", "/berita/2024/11/rotan-cirebon-ikm?page=2"),
    ("rotan-2.html", "/berita/2024/11/rotan-cirebon-ikm?page=2", None),
    ("batik.html", "/berita/2024/11/batik-lasem-ikm", None),  # "Selanjutnya" leads to another article
])
def test_next_page_is_this_articles_next_page(name: str, url: str, expected: str | None) -> None:
    assert article_next_page(page(name), BASE + url) == (BASE + expected if expected else None)


def test_numbered_link_and_rel_next_count_as_next() -> None:
    body = (b'<a href="/read/2024/05/01/77/slug/2">2</a>'
            b'<link rel="next"><a rel="next" href="/read/2024/05/01/77/slug?x=1">lanjut</a>')
    assert article_next_page(body, BASE + "/read/2024/05/01/77/slug") == BASE + "/read/2024/05/01/77/slug/2"


@pytest.mark.parametrize(("href", "expected"), [
    ("?page=2", "/berita/2024/11/sapu-ijuk?page=2"),  # a query of its own, relative
    ("sapu-ijuk/2", "/berita/2024/11/sapu-ijuk/2"),  # relative to the folder
    ("/berita/2024/11/sapu-ijuk/2", "/berita/2024/11/sapu-ijuk/2"),
])
def test_next_page_href_forms(href: str, expected: str | None) -> None:
    body = (f'<footer><a href="/info/2">2</a><a href="/kanal/ekonomi?page=2">Berikutnya</a></footer>'
            f'<div class="pages"><a href="{href}">Halaman selanjutnya</a></div>').encode()
    assert article_next_page(body, BASE + "/berita/2024/11/sapu-ijuk") == (BASE + expected if expected else None)


def test_links_to_other_paths_numbered_2_are_not_next_pages() -> None:
    """A footer's "/info/2" or a section's "?page=2" on another path: the page is not split (and is not parsed)."""
    body = (b'<article><p>Perajin sapu ijuk di Garut menambah mesin.</p></article>'
            b'<footer><a href="/info/2">2</a><a href="https://lain.example/kanal/2">Selanjutnya</a></footer>')
    assert article_next_page(body, BASE + "/berita/2024/11/sapu-ijuk") is None


class Routes(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        name = ROUTES.get(self.path)
        if name is None:
            self.send_error(404)
            return
        body = page(name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = LoopbackServer(("127.0.0.1", 0), Routes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def stored(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One real crawl over loopback of a source with no quirks; article URL -> stored text."""
    folder = tmp_path_factory.mktemp("multipage")
    sources = folder / "sources.yaml"
    escaped = site.replace(".", r"\.")
    sources.write_text(
        "sources:\n  - name: lembah\n    domains: ['127.0.0.1']\n"
        f"    article_pattern: '^{escaped}/berita/2024/11/[a-z-]+$'\n"
        f"    listings:\n      - url: '{site}/index.html'\n", encoding="utf-8")
    run_crawl(sources, folder / "pantau.db", workers=1, settings=DEMO_SETTINGS)
    rows = sqlite_utils.Database(folder / "pantau.db").execute("select url, text from articles").fetchall()
    return {url.removeprefix(site): text for url, text in rows}


def test_pages_linked_by_path_are_joined_in_order(stored: dict[str, str]) -> None:
    text = stored["/berita/2024/11/kopi-gayo-ikm"]
    firsts = ("Sebanyak 35 industri kecil", "Program sertifikasi itu mencakup", "Dinas Perindustrian menargetkan 50")
    positions = [text.index(first) for first in firsts]
    assert positions == sorted(positions)
    assert text.count("Program sertifikasi itu mencakup") == 1


def test_pages_linked_by_page_parameter_are_joined(stored: dict[str, str]) -> None:
    text = stored["/berita/2024/11/rotan-cirebon-ikm"]
    assert "Kementerian Perindustrian menyerahkan bantuan" in text and "bahan baku dari Kalimantan" in text
    assert not any("?page=" in url for url in stored)


def test_next_article_link_is_not_joined(stored: dict[str, str]) -> None:
    assert "tenun ikat Troso" not in stored["/berita/2024/11/batik-lasem-ikm"]
    assert "/berita/2024/11/tenun-troso-ikm" not in stored
