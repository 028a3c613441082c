"""Generated article pages sized and shaped like real Indonesian outlets' (100–300 KB): head scripts and styles,
JSON-LD, a long navigation with inline SVG icons, ad slots between paragraphs, "Baca juga" links, related and
latest-news card blocks, a popular list and a footer full of links. All text is generated here."""

from __future__ import annotations

import json
import random
from datetime import datetime

from crawler.sites.load import CITIES, CRAFTS, FIRST, LAST, article_text

SECTIONS = ["Nasional", "Ekonomi", "Bisnis", "Industri", "UMKM", "Daerah", "Jateng", "Jatim", "Jabar", "Bali",
            "Olahraga", "Teknologi", "Otomotif", "Gaya Hidup", "Kuliner", "Wisata", "Pendidikan", "Kesehatan",
            "Hukum", "Politik", "Internasional", "Opini", "Foto", "Video", "Infografis", "Indeks"]
VERBS = ["Dorong", "Latih", "Gelar", "Perluas", "Dampingi", "Siapkan", "Bina", "Pamerkan", "Tingkatkan", "Buka"]
THINGS = ["Pasar Ekspor", "Sertifikasi Halal", "Desain Kemasan", "Pemasaran Digital", "Mesin Produksi",
          "Pelatihan Vokasi", "Sentra Produksi", "Kurasi Produk", "Akses Pembiayaan", "Standar Mutu"]
EXTRA = [
    "Menurut data dinas, jumlah unit usaha {craft} di {city} tumbuh setiap tahun meski sebagian besar masih "
    "dikerjakan di rumah dengan peralatan sederhana dan tenaga kerja dari lingkungan sekitar.",
    "Pemerintah daerah juga menyiapkan ruang pamer di pusat kota agar pembeli dari luar daerah bisa melihat "
    "langsung proses pembuatan {craft} dan bertemu para perajin tanpa perantara.",
    "Sejumlah peserta mengaku kesulitan mendapatkan bahan baku dengan harga stabil, sehingga pendampingan juga "
    "mencakup pembentukan koperasi pembelian bersama untuk {craft}.",
    "Kegiatan ditutup dengan temu bisnis antara perajin dan perwakilan ritel modern yang tertarik menampung "
    "produk {craft} asal {city} di gerai mereka.",
    "Para perajin muda juga dilatih memotret produk dan menulis deskripsi yang menarik untuk lokapasar daring.",
    "Pendampingan akan berlanjut hingga akhir tahun dengan evaluasi setiap tiga bulan oleh tim dari dinas.",
]
SCRIPT_WORDS = ["slot", "targeting", "viewport", "refresh", "lazy", "consent", "render", "beacon", "queue", "push"]


def _svg(rng: random.Random) -> str:
    points = " ".join(f"{rng.randint(0, 24)}.{rng.randint(0, 99)},{rng.randint(0, 24)}.{rng.randint(0, 99)}"
                      for _ in range(rng.randint(20, 60)))
    return (f'<svg class="icon icon--{rng.randint(1, 99)}" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">'
            f'<path fill="currentColor" d="M{points} Z"/></svg>')


def _script(rng: random.Random, size: int) -> str:
    parts, total = [], 0
    while total < size:
        word, n = rng.choice(SCRIPT_WORDS), rng.randint(1, 9999)
        line = (f"window.__ads=window.__ads||[];__ads.push({{{word}:'div-gpt-{n}',sizes:[[300,250],[336,280]],"
                f"kv:{{section:'{rng.choice(SECTIONS).lower()}',pos:{n % 7}}}}});function f{n}(e){{return e&&e.{word}"
                f"?e.{word}({n}):null}}\n")
        parts.append(line)
        total += len(line)
    return f"<script>{''.join(parts)}</script>"


def _headline(rng: random.Random) -> str:
    return (f"{rng.choice(VERBS)} {rng.choice(THINGS)}, {rng.choice(CITIES)} Libatkan {rng.randint(10, 300)} "
            f"Perajin {rng.choice(CRAFTS).title()}")


def _card(rng: random.Random, kind: str, when: datetime) -> str:
    n = rng.randint(100000, 999999)
    image = f"https://cdn.kabarbeban.example/foto/{n}"
    srcset = ", ".join(f"{image}-{w}.jpg {w}w" for w in (320, 480, 640, 960))
    return (f'<article class="card card--{kind} flex items-start gap-3 py-3 border-b border-gray-100" data-id="{n}" '
            f'data-track="{kind}-{n}"><a class="card__thumb block w-28 shrink-0" href="/berita/lain/{n}.html">'
            f'<img class="rounded-md object-cover" loading="lazy" width="112" height="75" src="{image}-320.jpg" '
            f'srcset="{srcset}" sizes="(max-width: 640px) 112px, 160px" alt=""></a><div class="card__body">'
            f'<span class="card__section text-xs uppercase text-red-600">{rng.choice(SECTIONS)}</span>'
            f'<h3 class="card__title text-sm font-semibold leading-snug"><a href="/berita/lain/{n}.html">'
            f'{_headline(rng)}</a></h3><time class="card__time text-xs text-gray-500" datetime="{when.isoformat()}">'
            f'{rng.randint(1, 23)} jam lalu</time></div></article>')


def _ad(rng: random.Random) -> str:
    n = rng.randint(1000, 9999)
    return (f'<div class="ads ads--inarticle my-4 text-center" id="div-gpt-{n}"><span class="ads__label">Iklan</span>'
            f'<div class="ads__slot" style="min-height:250px">{_script(rng, rng.randint(300, 900))}</div></div>')


def _head(rng: random.Random, title: str, when: datetime, url: str) -> str:
    metas = "".join(f'<meta name="x-meta-{i}" content="{rng.choice(SECTIONS)} {rng.randint(1, 99999)}">'
                    for i in range(rng.randint(15, 30)))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": when.isoformat(), "author": {"@type": "Person", "name": "Redaksi Kabar Beban"},
                     "publisher": {"@type": "Organization", "name": "Kabar Beban"},
                     "keywords": [rng.choice(CRAFTS) for _ in range(8)]}, ensure_ascii=False)
    style = "".join(f".c{i}{{margin:{i % 9}px;padding:{i % 7}px;color:#{rng.randint(0, 0xFFFFFF):06x}}}"
                    for i in range(rng.randint(150, 400)))
    scripts = "".join(_script(rng, rng.randint(1000, 4000)) for _ in range(rng.randint(5, 12)))
    return (f'<head><meta charset="utf-8"><title>{title} - Kabar Beban</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta property="og:title" content="{title}"><meta property="og:url" content="{url}">'
            f'<meta property="article:published_time" content="{when.isoformat()}"><link rel="canonical" href="{url}">'
            f'{metas}<script type="application/ld+json">{ld}</script><style>{style}</style>{scripts}</head>')


def _nav(rng: random.Random) -> str:
    items = "".join(f'<li class="nav__item"><a class="nav__link px-2 py-1 hover:text-red-600" '
                    f'href="/kanal/{s.lower().replace(" ", "-")}">{_svg(rng) if rng.random() < 0.3 else ""}{s}</a>'
                    f'<ul class="nav__sub hidden">' + "".join(
                        f'<li><a href="/kanal/{s.lower()}/{c.lower()}">{c}</a></li>' for c in rng.sample(CITIES, 6))
                    + "</ul></li>" for s in SECTIONS)
    trending = "".join(f'<a class="tag" href="/tag/{c.replace(" ", "-")}">#{c}</a>' for c in rng.sample(CRAFTS, 8))
    return (f'<header class="site-header sticky top-0 bg-white shadow"><div class="logo">{_svg(rng)}'
            f'<a href="/">Kabar Beban</a></div><nav class="nav"><ul class="nav__list flex">{items}</ul></nav>'
            f'<div class="trending">Trending: {trending}</div></header>')


def _body(number: int, rng: random.Random) -> tuple[str, str]:
    title, paragraphs = article_text(number)
    city, craft = rng.choice(CITIES), rng.choice(CRAFTS)
    paragraphs = paragraphs + [rng.choice(EXTRA).format(city=city, craft=craft) for _ in range(rng.randint(3, 8))]
    parts = []
    for index, paragraph in enumerate(paragraphs):
        parts.append(f"<p>{paragraph}</p>")
        if index in (1, 4):
            parts.append(f'<p class="baca-juga"><strong>Baca juga:</strong> <a href="/berita/lain/{number + index}.html">'
                         f"{_headline(rng)}</a></p>")
        if index in (2, 5, 8):
            parts.append(_ad(rng))
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return title, (f'<div class="article__byline">Penulis: <a rel="author" href="/penulis/{author}">{author}</a>'
                   f'</div><figure class="article__image"><img src="https://cdn.kabarbeban.example/foto/{number}.jpg" '
                   f'alt=""><figcaption>Perajin {craft} di {city}. (Foto: Dok. Kabar Beban)</figcaption></figure>'
                   f'<div class="article__content" itemprop="articleBody">{"".join(parts)}</div>')


def outlet_page(number: int, when: datetime, url: str = "") -> bytes:
    """Article `number` in a heavy outlet layout; the page's size is drawn between 100 and 300 KB."""
    rng = random.Random(number * 31 + 7)
    target = rng.randint(100, 300) * 1024
    title, body = _body(number, rng)
    head, nav = _head(rng, title, when, url), _nav(rng)
    related = "".join(_card(rng, "related", when) for _ in range(rng.randint(8, 16)))
    popular = "".join(f'<li class="popular__item"><span class="rank">{i}</span><a href="/berita/lain/{i}.html">'
                      f"{_headline(rng)}</a></li>" for i in range(1, 11))
    footer_links = "".join(f'<a class="footer__link" href="/info/{i}">{rng.choice(SECTIONS)} {i}</a>'
                           for i in range(rng.randint(40, 80)))
    tail = "".join(_script(rng, rng.randint(800, 3000)) for _ in range(rng.randint(10, 20)))
    footer = (f'<footer class="site-footer">{"".join(_svg(rng) for _ in range(6))}{footer_links}'
              f"<p>Hak Cipta © 2024 Kabar Beban. Seluruh hak dilindungi.</p></footer>{tail}")
    top = (f'<!DOCTYPE html><html lang="id">{head}<body class="page page--article">{nav}'
           f'<main class="container grid grid-cols-12 gap-6"><div class="col-span-8">'
           f'<nav class="breadcrumb"><a href="/">Beranda</a> › <a href="/kanal/industri">Industri</a></nav>'
           f'<article class="article"><h1 class="article__title">{title}</h1>'
           f'<time class="article__date" datetime="{when.isoformat()}">{when:%d/%m/%Y %H:%M} WIB</time>{body}'
           f'<div class="share">{"".join(_svg(rng) for _ in range(5))}</div></article>'
           f'<section class="related"><h2>Berita Terkait</h2>{related}</section></div>'
           f'<aside class="col-span-4"><section class="popular"><h2>Terpopuler</h2><ol>{popular}</ol></section>'
           f'{_ad(rng)}<section class="latest"><h2>Berita Terkini</h2>')
    latest = []
    size = len(top) + len(footer)
    while size < target:
        card = _card(rng, "latest", when)
        latest.append(card)
        size += len(card)
    return f'{top}{"".join(latest)}</section></aside></main>{footer}</body></html>'.encode()
