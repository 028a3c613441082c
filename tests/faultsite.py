"""A loopback site whose article links each misbehave in one way (errors, stalls, resets, traps), for fault tests."""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter

from crawler.sites.serving import LoopbackServer, PageHandler

ARTICLE = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2024-10-0{day}T09:00:00+07:00"></head><body>
<article><h1>{title}</h1>
<p>SURAKARTA – Dinas Perindustrian dan Perdagangan Kota Surakarta menggelar pelatihan bagi {n} pelaku industri kecil
dan menengah (IKM) {topic} pada pekan ini. Kegiatan tersebut merupakan bagian dari program pembinaan IKM daerah.</p>
<p>Kepala Bidang Perindustrian, Wahyu Nugroho, mengatakan pelatihan diikuti pelaku IKM dari lima kecamatan. Para
peserta mendapat materi desain produk, pengemasan, dan pemasaran daring dari para instruktur Kemenperin.</p>
<p>Menurut dia, IKM {topic} di Surakarta terus tumbuh dan membutuhkan pendampingan agar produknya mampu bersaing di
pasar nasional maupun ekspor. {extra}</p>
</article><footer>Hak Cipta © 2024 Kabar Uji</footer></body></html>"""

# name → what the page does; the listing links every one of them.
FAULTS = ("ok1", "ok2", "ok3", "flaky", "ratelimit", "gone404", "gone410", "slow", "truncated", "reset", "loop",
          "huge", "pdf", "mojibake", "empty", "private")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def article_html(name: str, extra: str = "") -> str:
    topics = {"flaky": "batik", "ratelimit": "mebel", "mojibake": "kuliner"}
    return ARTICLE.format(title=f"Pelatihan IKM {name.capitalize()} di Surakarta", day=(len(name) % 9) + 1,
                          n=20 + len(name), topic=topics.get(name, "kerajinan"), extra=extra)


def _path(name: str) -> str:
    return f"/private/{name}.html" if name == "private" else f"/berita/{name}.html"


def listing_html(page: int | None = None) -> bytes:
    if page is None:
        links = "".join(f'<li><a href="{_path(n)}">{n}</a></li>' for n in FAULTS)
        return f"<html><body><ul>{links}</ul><a href='/kalender?page=1'>Kalender</a></body></html>".encode()
    # a crawl trap: every calendar page links the next one, forever
    return (f"<html><body><a href='/berita/ok1.html'>ok1</a><a class='next' href='/kalender?page={page + 1}'>"
            f"Berikutnya</a></body></html>").encode()


class FaultHandler(PageHandler):
    hits: Counter[str]
    times: dict[str, list[float]]

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_page(status, content_type, body, headers, length)

    def _reset(self) -> None:
        """Close with a TCP RST instead of a response."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path
        self.hits[path] += 1
        self.times.setdefault(path, []).append(time.monotonic())
        if path == "/robots.txt":
            return self._send(200, ROBOTS, "text/plain")
        if path == "/index.html":
            return self._send(200, listing_html())
        if path.startswith("/kalender?page="):
            return self._send(200, listing_html(int(path.rsplit("=", 1)[1])))
        name = path.rsplit("/", 1)[-1].removesuffix(".html")
        return self._fault(name, self.hits[path])

    def _fault(self, name: str, hit: int) -> None:  # noqa: C901 - one branch per fault is the point
        body = article_html(name).encode("utf-8")
        if name.startswith("ok") or name == "private":
            self._send(200, body)
        elif name == "flaky":
            self._send(500 if hit <= 2 else 200, b"server error" if hit <= 2 else body)
        elif name == "ratelimit":
            self._send(429, b"slow down", headers={"Retry-After": "1"}) if hit == 1 else self._send(200, body)
        elif name in ("gone404", "gone410"):
            self._send(int(name[-3:]), b"gone")
        elif name == "slow":
            time.sleep(3)
            self._send(200, body)
        elif name == "truncated":
            self._send(200, body[:200], length=len(body))
            self.close_connection = True
        elif name == "reset":
            self._reset()
        elif name == "loop":
            self._send(302, b"", headers={"Location": "/berita/loop2.html"})
        elif name == "loop2":
            self._send(302, b"", headers={"Location": "/berita/loop.html"})
        elif name == "huge":
            self._send(200, article_html(name, "Pameran IKM. " * 40_000).encode("utf-8"))
        elif name == "pdf":
            self._send(200, b"%PDF-1.4 not a page", "application/pdf")
        elif name == "mojibake":
            text = article_html(name, "Omzet naik menjadi Rp1,5 miliar – “rekor baru”, ujar perajin asal Laweyan.")
            self._send(200, text.encode("cp1252"), "text/html; charset=utf-8")
        elif name == "empty":
            self._send(200, b"")
        else:
            self._send(404, b"not found")


class FaultSite:
    """The fault site on a free loopback port, in a daemon thread; hits counts requests per path."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        handler = type("Handler", (FaultHandler,), {"hits": self.hits, "times": self.times})
        self.server = LoopbackServer(("127.0.0.1", 0), handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def sources_yaml(self) -> str:
        escaped = self.base_url.replace(".", r"\.")
        return (
            "sources:\n  - name: uji\n    title: Kabar Uji (fault site)\n    domains: ['127.0.0.1']\n"
            f"    article_pattern: '^{escaped}/(berita|private)/\\w+\\.html$'\n"
            f"    listings:\n      - url: '{self.base_url}/index.html'\n"
            f"      - url: '{self.base_url}/kalender?page=1'\n        link_pattern: '/berita/'\n"
            "        next_css: 'a.next'\n        max_pages: 4\n"
        )

    def __enter__(self) -> FaultSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
