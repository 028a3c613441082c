"""Meta-refresh redirects still work when the middleware skips the decode of pages that declare none."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares import DeclaredMetaRefreshMiddleware

URL = "http://127.0.0.1:8000/berita/lama.html"


def _response(head: str) -> HtmlResponse:
    body = f"<html><head>{head}<title>Perajin tenun</title></head><body>{'<p>Perajin tenun ikat.</p>' * 4000}</body></html>"
    return HtmlResponse(URL, body=body.encode("utf-8"), encoding="utf-8", request=Request(URL))


def test_a_declared_refresh_still_redirects() -> None:
    middleware = DeclaredMetaRefreshMiddleware.from_crawler(get_crawler())
    response = _response('<meta http-equiv="Refresh" content="0; url=/berita/baru.html">')
    redirected = middleware.process_response(response.request, response)
    assert isinstance(redirected, Request) and redirected.url == "http://127.0.0.1:8000/berita/baru.html"


def test_a_page_without_refresh_passes_through_undecoded() -> None:
    middleware = DeclaredMetaRefreshMiddleware.from_crawler(get_crawler())
    response = _response('<meta name="description" content="Perajin tenun ikat di Sikka">')
    assert middleware.process_response(response.request, response) is response
    assert getattr(response, "_cached_ubody", None) is None  # Scrapy never decoded the 100 KB body
