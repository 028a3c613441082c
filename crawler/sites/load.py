"""A generated loopback news site of N Indonesian IKM articles, for the distributed test and the benchmarks."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler

from crawler.sites.serving import LoopbackServer, PageHandler

CITIES = ["Solo", "Jepara", "Pekalongan", "Kudus", "Bantul", "Garut", "Tasikmalaya", "Malang", "Sidoarjo", "Gianyar",
          "Padang", "Bukittinggi", "Klaten", "Magelang", "Cirebon", "Tegal", "Banyuwangi", "Kediri"]
CRAFTS = ["batik", "tenun", "mebel", "kopi", "keripik", "gerabah", "anyaman bambu", "kulit", "perak", "sambal",
          "kain songket", "kerajinan rotan"]
PROGRAMMES = ["e-Smart IKM", "Restrukturisasi Mesin dan Peralatan IKM", "Santripreneur", "IKM Go Digital",
              "Penumbuhan Wirausaha Baru", "One Village One Product"]
FIRST = ["Agus", "Dewi", "Rina", "Bambang", "Sri", "Hendra", "Yuli", "Wahyu", "Siti", "Eko", "Made", "Nyoman"]
LAST = ["Santoso", "Lestari", "Wibowo", "Rahayu", "Pratama", "Hidayat", "Kusuma", "Saputra", "Astuti", "Nugroho"]
PER_PAGE = 20


def article_text(number: int) -> tuple[str, list[str]]:
    """A reproducible headline and paragraphs for article `number`."""
    rng = random.Random(number)
    city, craft, programme = rng.choice(CITIES), rng.choice(CRAFTS), rng.choice(PROGRAMMES)
    official = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    people, money = rng.randint(20, 400), rng.randint(2, 90)
    title = f"{people} IKM {craft.title()} {city} Ikuti Program {programme} (Edisi {number})"
    paragraphs = [
        f"{city.upper()} – Dinas Perindustrian Kabupaten {city} bersama Kementerian Perindustrian melibatkan {people} "
        f"pelaku industri kecil dan menengah (IKM) {craft} dalam program {programme} tahun ini, laporan nomor {number}.",
        f"Kepala Dinas Perindustrian Kabupaten {city}, {official}, mengatakan program tersebut menyiapkan anggaran "
        f"Rp{money} miliar untuk pendampingan, pelatihan desain, dan perluasan pasar bagi para perajin.",
        f"\"IKM {craft} di {city} punya potensi ekspor yang besar, tetapi perlu pendampingan agar mutu produknya "
        f"konsisten,\" kata {official.split()[0]} di {city} pada pekan ke-{rng.randint(1, 52)} tahun ini.",
        f"Sebanyak {rng.randint(5, 60)} persen peserta tahun lalu berhasil menaikkan omzet setelah mengikuti "
        f"pelatihan pemasaran daring dan sertifikasi produk yang digelar Ditjen IKMA Kemenperin.",
        f"Para peserta berasal dari {rng.randint(3, 25)} kecamatan dan akan dinilai oleh kurator dari Balai Besar "
        f"Kerajinan dan Batik sebelum produk terbaik dipamerkan dalam pameran nasional kode {number * 7919 % 100003}.",
    ]
    return title, paragraphs


def article_html(number: int, when: datetime) -> bytes:
    title, paragraphs = article_text(number)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title} - Kabar Beban</title>'
            f'<meta property="article:published_time" content="{when.isoformat()}"></head><body>'
            f'<nav><a href="/">Beranda</a> <a href="/indeks">Indeks</a></nav><article><h1>{title}</h1>{body}'
            f'</article><aside><h3>Berita Terkait</h3><a href="/berita/{number + 1}.html">Berikutnya</a></aside>'
            f"<footer>Hak Cipta © 2024 Kabar Beban</footer></body></html>").encode()


class LoadSite:
    """N articles at /berita/N.html, linked from /indeks?page=P (20 a page, paginated) and /sitemap.xml."""

    def __init__(self, articles: int, delay: float = 0.0,
                 render: Callable[[int, datetime], bytes] = article_html) -> None:
        self.articles, self.delay, self.render = articles, delay, render
        self.hits: Counter[str] = Counter()
        self.article_times: list[float] = []  # time.monotonic() of each article request, for rates
        self.start = datetime.fromisoformat("2024-01-01T08:00:00+07:00")
        self.server = LoopbackServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def when(self, number: int) -> datetime:
        return self.start + timedelta(hours=number * 5)

    def page(self, path: str) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if path.startswith("/indeks"):
            page = int(path.rsplit("=", 1)[1]) if "page=" in path else 1
            first = (page - 1) * PER_PAGE + 1
            links = "".join(f'<li><a href="/berita/{n}.html">Artikel {n}</a></li>'
                            for n in range(first, min(first + PER_PAGE, self.articles + 1)))
            last = first + PER_PAGE > self.articles
            more = "" if last else f'<a class="next" href="/indeks?page={page + 1}">Berikutnya</a>'
            return 200, "text/html; charset=utf-8", f"<html><body><ul>{links}</ul>{more}</body></html>".encode()
        if path.startswith("/berita/") and path.endswith(".html"):
            number = int(path[len("/berita/"):-len(".html")])
            if 1 <= number <= self.articles:
                return 200, "text/html; charset=utf-8", self.render(number, self.when(number))
        return 404, "text/html", b"<html><body>404</body></html>"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(PageHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site.hits[self.path] += 1
                if self.path.startswith("/berita/"):
                    site.article_times.append(time.monotonic())
                if site.delay:
                    threading.Event().wait(site.delay)
                status, content_type, body = site.page(self.path)
                self.send_page(status, content_type, body)

        return Handler

    def sources_yaml(self, max_pages: int = 1000) -> str:
        escaped = self.base_url.replace(".", r"\.")
        return (f"sources:\n  - name: beban\n    title: Kabar Beban (generated)\n    domains: ['127.0.0.1']\n"
                f"    article_pattern: '^{escaped}/berita/\\d+\\.html$'\n"
                f"    listings:\n      - url: '{self.base_url}/indeks'\n        next_css: 'a.next'\n"
                f"        max_pages: {max_pages}\n")

    def __enter__(self) -> LoadSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
