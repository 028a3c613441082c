"""trafilatura's readability comparison and date search are skipped only where they cannot change the article."""

import logging
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from trafilatura import core, external, metadata
from trafilatura.settings import Extractor

from crawler.sites.load import article_html
from extract import trafilatura_shortcuts
from extract.clean import NotAnArticle, clean_html
from extract.trafilatura_shortcuts import readability_cannot_win

PAGES = sorted((Path(__file__).parent / "pages").rglob("*.html"))
ARTICLE = ("<p>Dinas Perindustrian Kabupaten Klaten melatih dua puluh perajin lurik dalam program restrukturisasi "
           "mesin dan peralatan industri kecil dan menengah tahun ini, kata kepala bidangnya di Klaten.</p>") * 4
SCRIPT = "<script>var kanal = [" + ",".join(f'"kanal berita daerah nomor {n}"' for n in range(80)) + "];</script>"


@pytest.fixture
def readability_calls(monkeypatch):
    """How many times trafilatura ran readability on a page with text (where the shortcut fires, it gets an empty
    page)."""
    calls = []
    real = external.try_readability

    def counted(tree):
        if "".join(tree.itertext()).strip():
            calls.append(1)
        return real(tree)

    monkeypatch.setattr(external, "try_readability", counted)  # called directly where the shortcuts are off
    monkeypatch.setattr(trafilatura_shortcuts, "_READABILITY", counted)  # and through the shortcut where they are on
    return calls


def _cleaned(page: bytes, url: str, gated: bool) -> dict | str:
    with pytest.MonkeyPatch.context() as patch:
        if not gated:  # what the shortcuts do without trafilatura's hooks: nothing
            patch.setattr(trafilatura_shortcuts, "_COMPARE", None)
            patch.setattr(trafilatura_shortcuts, "_FIND_DATE", None)
            patch.setattr(trafilatura_shortcuts, "_LICENSE", None)
        try:
            return clean_html(page, url).as_dict()
        except NotAnArticle as exc:
            return str(exc)


def _page(body: str) -> bytes:
    return f'<html lang="id"><head><title>Perajin Lurik - Kabar Uji</title></head><body>{body}</body></html>'.encode()


def test_a_page_that_is_mostly_its_article_skips_readability(readability_calls, caplog) -> None:
    with caplog.at_level(logging.DEBUG, logger="trafilatura"):
        clean_html(_page(f"<article><h1>Perajin Lurik</h1>{ARTICLE}</article>"), "http://127.0.0.1/a.html")
    assert readability_calls == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # nothing failed on the way


def test_a_page_whose_text_is_no_bound_still_runs_it(readability_calls) -> None:
    """The bound counts every text node, a script's too: here it is more than twice the article."""
    clean_html(_page(f"{SCRIPT}<article>{ARTICLE}</article>"), "http://127.0.0.1/b.html")
    assert readability_calls == [1]


def test_a_video_frame_keeps_readability(readability_calls) -> None:
    """readability writes text into video frames: the page's text is then no bound on its text."""
    clean_html(_page(f'<article>{ARTICLE}<iframe src="https://video.example/embed/1"></iframe></article>'),
               "http://127.0.0.1/c.html")
    assert readability_calls == [1]


def test_recall_mode_and_empty_text_are_never_gated() -> None:
    tree = lxml.html.fromstring(_page(f"<article>{ARTICLE}</article>"))
    body = lxml.html.fromstring(f"<div>{ARTICLE}</div>")
    assert readability_cannot_win(tree, body, 2000, Extractor(precision=True))
    assert not readability_cannot_win(tree, body, 2000, Extractor(recall=True))
    assert not readability_cannot_win(tree, body, 0, Extractor(precision=True))
    assert not readability_cannot_win(tree, body, 200, Extractor(precision=True))  # the page holds 4x that


def test_a_page_of_tables_is_left_to_readability() -> None:
    """trafilatura prefers readability when its own text is mostly tables, whatever the lengths."""
    tables = "<table><tr><td>Perajin lurik Klaten menerima bantuan mesin tenun dari dinas</td></tr></table>" * 30
    tree = lxml.html.fromstring(_page(tables))
    body = lxml.html.fromstring(f"<div>{tables}</div>")
    assert not readability_cannot_win(tree, body, len(body.text_content()), Extractor(precision=True))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_our_pages_clean_the_same_with_and_without_the_shortcuts(page: Path) -> None:
    url = f"http://127.0.0.1/{page.name}"
    assert _cleaned(page.read_bytes(), url, True) == _cleaned(page.read_bytes(), url, False)


@pytest.mark.parametrize("number", [1, 17, 230, 4099])
def test_generated_articles_clean_the_same_with_and_without_the_shortcuts(number: int, readability_calls) -> None:
    page, url = article_html(number, datetime(2025, 3, 1)), f"http://127.0.0.1/berita/{number}.html"
    assert _cleaned(page, url, True) == _cleaned(page, url, False)
    assert readability_calls == [1]  # only the plain run read it


@pytest.fixture
def date_searches(monkeypatch):
    """How many times htmldate searched a page for its date."""
    calls = []
    real = metadata.find_date
    monkeypatch.setattr(metadata, "find_date", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    monkeypatch.setattr(trafilatura_shortcuts, "_FIND_DATE", metadata.find_date)
    return calls


def test_a_page_with_its_own_date_is_not_searched_for_one(date_searches) -> None:
    page = article_html(12, datetime(2025, 3, 1))  # article:published_time in its head
    assert clean_html(page, "http://127.0.0.1/berita/12.html").published.startswith("2025-03-01")
    assert date_searches == []


def test_a_page_without_a_date_of_ours_still_gets_trafilaturas(date_searches) -> None:
    page = _page(f"<article><h1>Perajin Lurik</h1>{ARTICLE}</article>")
    clean_html(page, "http://127.0.0.1/d.html")
    assert date_searches == [1]


def test_the_hooks_are_put_back() -> None:
    with trafilatura_shortcuts.only_what_can_change_the_article(date_wanted=False):
        assert metadata.find_date is not trafilatura_shortcuts._FIND_DATE
    assert metadata.find_date is trafilatura_shortcuts._FIND_DATE
    assert core.compare_extraction is trafilatura_shortcuts._COMPARE
    assert external.try_readability is trafilatura_shortcuts._READABILITY
    assert metadata.extract_catstags is trafilatura_shortcuts._CATS_AND_TAGS


def test_tags_are_still_read_and_categories_are_not() -> None:
    """(Our pages' tags, read through the shortcuts, are checked by the comparisons above: liputan6's.)"""
    tags = '<div class="tags"><a href="/tag/batik">batik</a> <a href="/tag/ikm">IKM</a></div>'
    section = '<meta property="article:section" content="Ekonomi">'
    page = _page(f"<article>{ARTICLE}{tags}</article>").replace(b"<head>", f"<head>{section}".encode())
    tree = lxml.html.fromstring(page)
    assert metadata.extract_catstags("category", tree) == ["Ekonomi"]
    with trafilatura_shortcuts.only_what_can_change_the_article(date_wanted=True):
        assert metadata.extract_catstags("category", tree) == []
        assert metadata.extract_catstags("tag", tree) == ["batik", "IKM"]
