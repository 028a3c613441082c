"""URL canonicalisation: one article, one URL."""

import pytest

from extract.canonical import canonicalize_url, fetchable_url, registrable_domain
from extract.clean import choose_canonical


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://example.id/berita/1/judul?utm_source=rss&utm_medium=feed", "https://example.id/berita/1/judul"),
        ("https://example.id/berita/1/judul#komentar", "https://example.id/berita/1/judul"),
        ("https://example.id/berita/1/judul?fbclid=abc&gclid=x", "https://example.id/berita/1/judul"),
        ("https://example.id/amp/berita/1/judul", "https://example.id/berita/1/judul"),
        ("https://example.id/berita/1/judul/amp", "https://example.id/berita/1/judul"),
        ("https://example.id/berita/1/judul?amp=1", "https://example.id/berita/1/judul"),
        ("https://m.example.co.id/berita/1", "https://www.example.co.id/berita/1"),
        ("HTTPS://Example.ID:443/a//b?b=2&a=1", "https://example.id/a/b?a=1&b=2"),
        ("http://127.0.0.1:8765/kabar/indeks?page=2", "http://127.0.0.1:8765/kabar/indeks?page=2"),
        ("https://example.id/read/2024/09/03/ampera-bridge", "https://example.id/read/2024/09/03/ampera-bridge"),
        # mobile hosts mirror www; an AMP host may serve several section hosts, so it is kept, never guessed
        ("https://mobile.kabarkita.co.id/berita/7/judul", "https://www.kabarkita.co.id/berita/7/judul"),
        ("https://amp.warta.co.id/news/pelatihan-ikm-batik", "https://amp.warta.co.id/news/pelatihan-ikm-batik"),
        ("https://amp.warta.co.id/news/pelatihan-ikm-batik/amp?amp=1", "https://amp.warta.co.id/news/pelatihan-ikm-batik"),
        # okezone's AMP form puts "amp" where "read" was; other outlets' "/amp/<date>" is a plain prefix
        ("https://economy.okezone.com/amp/2023/05/17/320/2815001/ikm-naik-kelas",
         "https://economy.okezone.com/read/2023/05/17/320/2815001/ikm-naik-kelas"),
        ("https://jabar.okezone.com/amp/2021/01/02/525/2001/pelatihan", "https://jabar.okezone.com/read/2021/01/02/525/2001/pelatihan"),
        ("https://jateng.kabarkita.com/amp/2024/02/11/ikm-tahu-kudus", "https://jateng.kabarkita.com/2024/02/11/ikm-tahu-kudus"),
        ("https://www.kabarkita.com/amp/bisnis/2024/02/11/ikm-tahu", "https://www.kabarkita.com/bisnis/2024/02/11/ikm-tahu"),
        ("https://kabarkita.id/berita/ikm-rotan.amp.html", "https://kabarkita.id/berita/ikm-rotan.html"),
        ("https://kabarkita.id/amp/", "https://kabarkita.id/"),
        # pages of an article stay apart; "amp" inside a word is not a marker
        ("https://kabarkita.id/berita/12/ikm-rotan?page=2", "https://kabarkita.id/berita/12/ikm-rotan?page=2"),
        ("https://kabarkita.id/berita/12/sampah-plastik-jadi-kerajinan", "https://kabarkita.id/berita/12/sampah-plastik-jadi-kerajinan"),
        ("https://kabarkita.id/amplop/12", "https://kabarkita.id/amplop/12"),
    ],
)
def test_canonicalize(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical


def test_fetchable_keeps_host_and_path() -> None:
    assert fetchable_url("https://m.example.id/amp/x?utm_campaign=a&id=3#top") == "https://m.example.id/amp/x?id=3"


@pytest.mark.parametrize(
    ("host", "site"),
    [("amp.kontan.co.id", "kontan.co.id"), ("jabar.antaranews.com", "antaranews.com"), ("kabarkita.id", "kabarkita.id"),
     ("disperindag.jatimprov.go.id", "jatimprov.go.id"), ("127.0.0.1", "127.0.0.1")],
)
def test_registrable_domain(host: str, site: str) -> None:
    assert registrable_domain(host) == site


def test_amp_page_keeps_its_declared_section_host() -> None:
    """Fetched from the shared AMP host, the article is stored under the section host its page declares."""
    assert choose_canonical("https://amp.warta.co.id/news/pelatihan-ikm", "https://industri.warta.co.id/news/pelatihan-ikm") \
        == "https://industri.warta.co.id/news/pelatihan-ikm"
    assert choose_canonical("https://amp.warta.co.id/news/pelatihan-ikm", "https://lain.example.id/news/pelatihan-ikm") \
        == "https://amp.warta.co.id/news/pelatihan-ikm"
