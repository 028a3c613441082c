"""URL canonicalisation: one article, one URL."""

import pytest

from extract.canonical import canonicalize_url, fetchable_url


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
    ],
)
def test_canonicalize(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical


def test_fetchable_keeps_host_and_path() -> None:
    assert fetchable_url("https://m.example.id/amp/x?utm_campaign=a&id=3#top") == "https://m.example.id/amp/x?id=3"
