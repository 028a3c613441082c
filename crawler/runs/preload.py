"""Imported by the cleaning pool's fork server: what every worker needs, loaded once before the workers fork."""

from __future__ import annotations

import gc
import logging

from pantau_configs.models import load_topics
from pantau_configs.paths import DEFAULT_TOPICS

from crawler.archive import ArchivedPage
from crawler.runs.process import clean_page
from extract.dates import parse_textual_date

# A short page of our own that passes every stage (cleaning, relevance, officials, programmes, dates, figures,
# regions), so that each stage compiles its rules and gazetteer patterns here rather than in every worker.
WARM_UP_PAGE = b"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Perajin Anyaman Kabupaten Tasikmalaya Ikut Pelatihan IKM - Kabar Pantau</title>
<meta property="article:published_time" content="2024-03-12T09:30:00+07:00"></head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/ekonomi">Ekonomi</a></li>
<li><a href="/daerah">Daerah</a></li></ul></nav>
<article><h1>Perajin Anyaman Kabupaten Tasikmalaya Ikut Pelatihan IKM</h1>
<p>TASIKMALAYA - Dinas Perindustrian dan Perdagangan Kabupaten Tasikmalaya melatih 40 perajin anyaman pandan
dalam program Gerakan Nasional Bangga Buatan Indonesia pada Selasa (12/3/2024).</p>
<p>Kepala Dinas Perindustrian dan Perdagangan Kabupaten Tasikmalaya, Budi Santoso, mengatakan anggaran pelatihan
industri kecil dan menengah (IKM) tahun ini mencapai Rp 1,2 miliar.</p>
<p>"Kami ingin produk anyaman perajin desa masuk pasar ekspor," kata Budi di Singaparna.</p>
<p>Pelatihan berlangsung hingga 15 Maret 2024 dan diikuti perwakilan 12 kecamatan.</p></article>
<footer><a href="/redaksi">Redaksi</a> <a href="/pedoman">Pedoman Media Siber</a></footer></body></html>
"""


def warm_up() -> None:
    """Clean and extract the page above once (a worker that misses it still loads everything on its first page)."""
    try:
        parse_textual_date("Selasa, 12 Maret 2024")  # dateparser loads its languages on first use (0.14 s)
        clean_page(ArchivedPage(url="http://127.0.0.1/warm-up.html", source="", status=200, headers=[],
                                body=WARM_UP_PAGE), load_topics(DEFAULT_TOPICS))
    except Exception:  # an optimisation only: never let it stop the pool
        logging.getLogger(__name__).debug("warm-up failed", exc_info=True)


warm_up()
# Everything the fork server has loaded lives as long as the workers: out of the collector's sight (frozen), the
# workers' collections no longer walk it, nor write to the pages they share with the server copy-on-write. The
# warm-up's garbage is collected first, so none of it is kept for good.
gc.collect()
gc.freeze()
