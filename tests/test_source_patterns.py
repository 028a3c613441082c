"""Every configured source's pattern on URLs of its own shape: article URLs it must reach, index pages it must not.

The examples live beside each source in configs/sources.yaml (`examples: {accept: [...], reject: [...]}`); they are
URLs of our own making in the outlet's shape. An accepted URL must be credited to that very source by
`pantau sources which` (canonicalised, domain held, pattern accepting, regional entries before national ones); a
rejected one must be reached by no source at all.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pantau_configs.models import PROVINCES, Source, load_sources
from pantau_configs.paths import CONFIG_DIR, DEFAULT_SOURCES

from crawler.source_match import SourceMatcher
from extract.canonical import canonicalize_url

CONFIG = load_sources(DEFAULT_SOURCES)
MATCHER = SourceMatcher(CONFIG)
DIRECT = [s for s in CONFIG.sources if not s.quirks.aggregator]


@pytest.mark.parametrize("source", DIRECT, ids=[s.name for s in DIRECT])
def test_pattern_on_its_examples(source: Source) -> None:
    """Every example article URL is credited to this source; every example index page to none (all misses listed)."""
    assert source.province and source.kind, "every direct source names its province (or national) and kind"
    assert source.examples and source.examples.accept and source.examples.reject
    wrong = [f"accept {m.url} -> {m.canonical}: {m.source or m.reason}"
             for m in map(MATCHER.which, source.examples.accept) if m.source != source.name]
    wrong += [f"reject {m.url} -> {m.canonical}: accepted by {m.source}"
              for m in map(MATCHER.which, source.examples.reject) if m.source is not None]
    assert not wrong, "\n".join(wrong)


def test_enough_sources_and_every_province_has_press_and_government() -> None:
    assert len(DIRECT) >= 150
    for province in PROVINCES:
        kinds = {s.kind for s in DIRECT if s.province == province}
        assert {"regional", "government"} <= kinds, f"{province} lacks {({'regional', 'government'} - kinds)}"


def test_ministry_units_are_configured() -> None:
    hosts = ["kemenperin.go.id/artikel/1/x", "ikm.kemenperin.go.id/berita/pelatihan-desain-kemasan-bagi-ikm",
             "bbkb.kemenperin.go.id/berita/bimtek-pewarnaan-alami-batik-untuk-ikm"]
    assert [MATCHER.which("https://" + h).source for h in hosts] == ["kemenperin", "ditjenikma", "kemenperinbalai"]


def test_provinces_follow_the_gazetteer() -> None:
    gazetteer = yaml.safe_load(Path(CONFIG_DIR / "gazetteers" / "regions.yaml").read_text(encoding="utf-8"))
    assert sorted(PROVINCES) == sorted(gazetteer["provinces"])


def test_aggregators_never_count(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "  - name: agg\n    domains: [kabar.example.id]\n    article_pattern: '.'\n    quirks: {aggregator: true}\n"
        "    feeds: ['https://kabar.example.id/rss']\n", encoding="utf-8")
    assert SourceMatcher(load_sources(path)).which("https://kabar.example.id/berita/1/x").source is None


SHARED = Counter(s.article_pattern for s in DIRECT).most_common(1)[0][0]  # the pattern of outlets without a network shape


@pytest.mark.parametrize("path", [
    "/2024/05/14/ikm-gula-semut/", "/2023/11/bimtek-kemasan/", "/berita/ratusan-perajin-ikut-kurasi-produk-unggulan",
    "/ekonomi/dinas-bagikan-mesin-jahit-untuk-ikm/", "/read/87/kopi-robusta-lokal", "/berita/4512/rumah-kemasan",
    "/news/12/sentra-tenun", "/?p=51234", "/index.php?option=com_content&view=article&id=88", "/daerah/ikm-rotan.html",
    "/umkm/perajin-batik-tulis-12345", "/berita/123456", "/detail/2024/05/ikm-mebel-jepara"])
def test_shared_pattern_takes_common_article_shapes(path: str) -> None:
    assert re.search(SHARED, canonicalize_url("https://kabar.contoh.id" + path)), path


@pytest.mark.parametrize("path", [
    "/", "/ekonomi", "/ekonomi-dan-bisnis", "/tag/ikm-pangan-lokal-unggulan", "/kategori/berita-ikm-dan-umkm",
    "/category/ekonomi/page/2/", "/page/3/", "/author/redaksi-kabar-contoh", "/penulis/nama-penulis-kita-sendiri",
    "/indeks?page=2", "/berita?page=2", "/2024/05/", "/search?q=ikm-batik-tulis-lokal", "/rubrik/ekonomi-bisnis",
    "/feed/", "/wp-content/uploads/2024/05/pelatihan-ikm-batik-tulis-lokal.jpg", "/files/laporan-kinerja-ikm-2024.pdf"])
def test_shared_pattern_rejects_index_and_file_paths(path: str) -> None:
    assert not re.search(SHARED, canonicalize_url("https://kabar.contoh.id" + path)), path
