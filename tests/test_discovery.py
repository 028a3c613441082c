"""Link discovery from feeds, sitemaps and listings (own small fixtures)."""

from crawler.discovery import feed_entries, html_links, listing_links, next_page_url, sitemap_entries

RSS = b"""

  <?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Warta</title>
<item><title>Satu</title><link>https://x.example/berita/1/satu</link><pubDate>Tue, 03 Sep 2024 10:15:00 +0700</pubDate></item>
<item><title>Dua &amp; Tiga</title><guid isPermaLink="true">https://x.example/berita/2/dua</guid></item>
</channel></rss>"""

RDF = b"""<?xml version="1.0" encoding="iso-8859-1"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<item rdf:about="https://x.example/3"><title>Caf\xe9</title><link>https://x.example/3</link></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>A</title><link rel="alternate" href="/berita/4"/><link rel="enclosure" href="/img.jpg"/>
<updated>2024-09-03T10:00:00+07:00</updated></entry></feed>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://x.example/sitemap-news.xml</loc><lastmod>2024-09-03</lastmod></sitemap></sitemapindex>"""

NEWS = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://x.example/2024/09/03/a-1</loc><news:news><news:publication_date>2024-09-03T10:00:00+07:00</news:publication_date>
<news:title>Judul A</news:title></news:news></url>
<url><loc>https://x.example/2024/09/02/b-2</loc><lastmod>2024-09-02</lastmod></url></urlset>"""


def test_rss_with_leading_whitespace_and_guid_links() -> None:
    entries = feed_entries(RSS)
    assert [e.url for e in entries] == ["https://x.example/berita/1/satu", "https://x.example/berita/2/dua"]
    assert entries[0].lastmod == "Tue, 03 Sep 2024 10:15:00 +0700"
    assert entries[1].title == "Dua & Tiga"


def test_rdf_feed_in_latin1() -> None:
    entries = feed_entries(RDF)
    assert [(e.url, e.title) for e in entries] == [("https://x.example/3", "Café")]


def test_atom_relative_alternate_links() -> None:
    assert [e.url for e in feed_entries(ATOM, "https://x.example/feed")] == ["https://x.example/berita/4"]


def test_sitemap_index_and_news_sitemap() -> None:
    kind, entries = sitemap_entries(INDEX)
    assert kind == "index" and [e.url for e in entries] == ["https://x.example/sitemap-news.xml"]
    kind, entries = sitemap_entries(NEWS)
    assert kind == "urlset"
    assert [(e.url, e.lastmod, e.title) for e in entries] == [
        ("https://x.example/2024/09/03/a-1", "2024-09-03T10:00:00+07:00", "Judul A"),
        ("https://x.example/2024/09/02/b-2", "2024-09-02", None),
    ]


def test_html_listing_links_and_pagination() -> None:
    page = b"""<html><body><a href="/berita/1">1</a><a href="berita/2#x">2</a><a href="/berita/1">again</a>
    <a href="mailto:redaksi@x.example">mail</a><a class="next" href="?page=3">Selanjutnya</a></body></html>"""
    assert html_links(page, "https://x.example/indeks?page=2") == [
        "https://x.example/berita/1", "https://x.example/berita/2#x", "https://x.example/indeks?page=3"]
    assert next_page_url(page, "https://x.example/indeks?page=2", "a.next") == "https://x.example/indeks?page=3"
    assert next_page_url(page, "https://x.example/indeks", "a.prev") is None


def test_listing_that_is_really_a_feed() -> None:
    assert listing_links(RSS, "https://x.example/") == ["https://x.example/berita/1/satu", "https://x.example/berita/2/dua"]


def test_garbage_is_not_an_error() -> None:
    assert feed_entries(b"\x00\xff not xml") == []
    assert sitemap_entries(b"") == ("urlset", [])
