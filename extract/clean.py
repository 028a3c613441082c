"""Clean a fetched page into an article: trafilatura text and metadata, then Pantau's own fixes."""

from __future__ import annotations

import hashlib
import re
import threading
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector
from pantau_configs.models import Quirks
from trafilatura import bare_extraction
from trafilatura.settings import Document, Extractor

from extract.boilerplate import drop_boilerplate_lines, opening_dateline
from extract.byline import choose_author, page_authors, shown_time, with_shown_time
from extract.canonical import canonicalize_url, registrable_domain
from extract.dates import find_published, parse_date_value
from extract.encoding import decode_html
from extract.lang import detect_language
from extract.sniff import binary_kind
from extract.structure import drop_link_lists, drop_page_chrome, drop_teaser_cards, wrap_loose_text
from extract.trafilatura_shortcuts import only_what_can_change_the_article

CLEANER_VERSION = "clean-1"
TITLE_SUFFIX = re.compile(r"^(.+?)\s+(?:[-|–—]|::)\s+([^|–—:]+?)$")
PAGE_SUFFIX = re.compile(r"\s+(?:Halaman|Hal\.?|Page)\s+(?:all|semua|\d{1,2})(?=\s*(?:[-|–—:]|$))", re.IGNORECASE)
TITLE_PREFIX = re.compile(r"^([^-|–—:]+?)\s*(?:[|:]|\s[-–—])\s+(.+)$")


@dataclass
class CleanedArticle:
    """One article as Pantau stores it."""

    url: str
    fetched_url: str
    title: str
    text: str
    published: str | None = None
    author: str | None = None
    sitename: str | None = None
    description: str | None = None
    lang: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    dateline: str | None = None  # the place line cut from the text's start, kept as a cue for the event's region

    @property
    def content_hash(self) -> str:
        normalised = " ".join(f"{self.title}\n{self.text}".split()).lower()
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        """The fields (what dataclasses.asdict gives, without its deep copy of each value: 20 → 8 µs) and the hash."""
        return {**vars(self), "tags": list(self.tags), "content_hash": self.content_hash}


class NotAnArticle(ValueError):
    """The page has no main text to speak of (an index, an error page, a media-only page)."""


def _same_site(a: str, b: str) -> bool:
    """Both URLs on one registered site (an AMP host's page may name its section host: amp.x.id -> industri.x.id)."""
    host_a, host_b = (urlsplit(u).hostname or "" for u in (a, b))
    return registrable_domain(host_a.lower()) == registrable_domain(host_b.lower())


def choose_canonical(fetched_url: str, declared: str | None) -> str:
    """The page's own canonical link when it is a plausible article URL on the same site."""
    plausible = declared and declared.startswith(("http://", "https://")) and urlsplit(declared).path.strip("/")
    if plausible and declared and _same_site(fetched_url, declared):
        return canonicalize_url(declared)
    return canonicalize_url(fetched_url)


def _looks_like_site(part: str, sitename: str | None) -> bool:
    site_words = {w for w in re.split(r"\W+", (sitename or "").lower()) if w}
    words = {w for w in re.split(r"\W+", part.lower()) if w}
    return len(part) < 40 and (bool(words & site_words) or bool(re.search(r"\.(com|id|co|net)\b", part)))


def clean_title(title: str, sitename: str | None) -> str:
    """Remove a trailing or leading site name (" - Kompas.com", "Detik | ", "Warta Kota: ")."""
    title = PAGE_SUFFIX.sub("", " ".join(title.split()))
    suffix = TITLE_SUFFIX.match(title)
    if suffix and _looks_like_site(suffix.group(2), sitename):
        return suffix.group(1)
    prefix = TITLE_PREFIX.match(title)
    if prefix and _looks_like_site(prefix.group(1), sitename):
        return prefix.group(2)
    return title


# compiled once (a string query is compiled again on every call)
META_TITLES, HEADINGS = etree.XPath("//meta[@property='og:title' or @name='twitter:title']/@content"), etree.XPath("//h1")


def headlines(tree: lxml.html.HtmlElement) -> list[str]:
    """Headline candidates besides <title>: og:title / twitter:title and the page's <h1>s."""
    metas = META_TITLES(tree)
    return [" ".join(str(t).split()) for t in metas] + [" ".join(h.text_content().split()) for h in HEADINGS(tree)]


def prefer_headline(title: str, candidates: list[str], sitename: str | None) -> str:
    """Strip what the <title> adds (a section, the site), or restore what it dropped, using the other headlines."""
    site_words = {w for w in re.split(r"\W+", (sitename or "").lower()) if len(w) > 2}
    for raw in candidates:
        candidate = clean_title(raw, sitename)
        if len(candidate.split()) < 3:
            continue
        a, b = candidate.lower(), title.lower()
        if a != b and a in b and len(a) >= 0.5 * len(b):
            title = candidate
        elif a != b and b in a and len(b) >= 0.5 * len(a):
            extra = set(re.split(r"\W+", a.replace(b, " "))) - {""}
            if not extra & site_words and not any("." in w for w in a.replace(b, " ").split()):
                title = candidate
    return title


def headline_over_site_name(title: str, candidates: list[str], sitename: str | None) -> str:
    """A <title> that is only the site's name (government portals): the page's own headline instead."""
    site = {w for w in re.split(r"\W+", (sitename or "").lower()) if w}
    words = {w for w in re.split(r"\W+", title.lower()) if w}
    if title and not (site and words <= site | {"portal", "resmi", "official", "website", "situs", "beranda"}):
        return title
    for candidate in candidates:
        cleaned = clean_title(candidate, sitename)
        if len(cleaned.split()) >= 4 and not {w for w in re.split(r"\W+", cleaned.lower()) if w} <= site:
            return cleaned
    return title


def _strip_leading_title(text: str, title: str) -> str:
    lines = text.split("\n")
    if lines and lines[0].strip() == title.strip():
        lines = lines[1:]
    return "\n".join(lines).strip()


@lru_cache(maxsize=512)
def _css(selector: str) -> CSSSelector:
    """An outlet's CSS selector, translated to XPath once (cssselect translated it again for every page)."""
    return CSSSelector(selector, translator="html")  # as HtmlElement.cssselect does


def _quirk_date(tree: lxml.html.HtmlElement, quirks: Quirks) -> str | None:
    """The publication date from the outlet's own date element, in its own format (sources.yaml quirks)."""
    elements = _css(quirks.date_css or "")(tree)
    if not elements:
        return None
    text = " ".join(elements[0].text_content().split())
    if quirks.date_format:
        try:
            return datetime.strptime(text, quirks.date_format).isoformat()
        except ValueError:
            return None
    return parse_date_value(text)


def _drop_blocks(tree: lxml.html.HtmlElement, selectors: list[str]) -> None:
    for selector in selectors:
        for element in _css(selector)(tree):
            parent = element.getparent()
            if parent is not None:
                element.drop_tree()


def _drop_lines(text: str, patterns: list[str]) -> str:
    compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
    return "\n".join(line for line in text.split("\n") if not any(p.search(line) for p in compiled))


_THREAD = threading.local()  # an lxml parser must not be used by two threads at once


def _parser() -> lxml.html.HTMLParser:
    """lxml.html's parser with every element an HtmlElement, chosen in C: lxml.html's own lookup calls Python for
    each element (to give forms and inputs their classes, which nothing here uses): 55 µs a generated page."""
    if not hasattr(_THREAD, "parser"):
        _THREAD.parser = lxml.html.HTMLParser()
        _THREAD.parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity))
    return _THREAD.parser


def parse_html(markup: str) -> lxml.html.HtmlElement | None:
    """The page's element tree (None for an empty page)."""
    return lxml.html.fromstring(markup, parser=_parser()) if markup.strip() else None


def _full_tree(markup: str, quirks: Quirks | None) -> lxml.html.HtmlElement:
    """The page's tree as the pre-cleaning found it: parsed, with the outlet's quirk blocks dropped."""
    tree = lxml.html.fromstring(markup, parser=_parser())
    if quirks and quirks.drop_css:
        _drop_blocks(tree, quirks.drop_css)
    return tree


@cache
def _options(date_search: bool) -> Extractor:
    """trafilatura's options, read from its config once: built for each call, they cost 5% of its time. Without
    `date_search`, htmldate only reads the obvious places (the page already gave its date): its search through the
    whole page, which runs whenever those hold no date it trusts (one in the future, say), is skipped."""
    return Extractor(output_format="python", with_metadata=True, comments=False, tables=False, precision=True,
                     date_params={"extensive_search": date_search, "original_date": True})  # type: ignore[dict-item]


def _options_for(url: str, date_search: bool) -> Extractor:
    options = copy(_options(date_search))
    options.url = url
    options.source = url.encode("utf-8", "replace").decode("utf-8")  # as Extractor() sets it
    return options


def _extract(tree: lxml.html.HtmlElement, url: str, date_search: bool) -> Document | None:
    with only_what_can_change_the_article(date_wanted=date_search):
        doc = bare_extraction(wrap_loose_text(drop_teaser_cards(drop_link_lists(tree))),
                              options=_options_for(url, date_search))
    return doc if isinstance(doc, Document) and (doc.text or "").strip() else None


def clean_html(html: bytes | str, url: str, headers_charset: str | None = None,
               quirks: Quirks | None = None) -> CleanedArticle:
    """Turn one page into a CleanedArticle; raise NotAnArticle when there is no main text (or no text at all)."""
    kind = binary_kind(html[:4096] if isinstance(html, bytes) else html[:4096].encode("utf-8", "replace"))
    if kind:
        raise NotAnArticle(f"not HTML text: {kind}")
    markup = decode_html(html, headers_charset) if isinstance(html, bytes) else html
    tree = parse_html(markup)
    if tree is None:
        raise NotAnArticle("empty page")
    published, page_headlines = find_published(tree), headlines(tree)
    if not published and quirks and quirks.date_css:
        published = _quirk_date(tree, quirks)
    published = with_shown_time(published, shown_time(tree))
    authors = page_authors(tree)  # before quirks and pre-cleaning drop the byline boxes
    if quirks and quirks.drop_css:
        _drop_blocks(tree, quirks.drop_css)
    doc = _extract(drop_page_chrome(tree), url, date_search=not published)  # its date is used only without ours
    if doc is None:  # a page whose text is all furniture by name (a photo page's caption): the full tree, parsed
        doc = _extract(_full_tree(markup, quirks), url, not published)  # again (rare; a deepcopy cost 3 ms of CPU)
    if doc is None:
        raise NotAnArticle("no main text found")
    title = prefer_headline(clean_title(doc.title or "", doc.sitename), page_headlines, doc.sitename)
    title = headline_over_site_name(title, page_headlines, doc.sitename)
    raw_text = _strip_leading_title(doc.text or "", doc.title or "")
    text = drop_boilerplate_lines(raw_text, doc.title or "", [title, *page_headlines], doc.description or "")
    if quirks and quirks.drop_lines:
        text = _drop_lines(text, quirks.drop_lines)
    if len(text.split()) < 5:
        raise NotAnArticle(f"main text too short ({len(text.split())} words)")
    return CleanedArticle(
        url=choose_canonical(url, doc.url), fetched_url=url, title=title, text=text,
        published=published or doc.date, author=choose_author([*authors, doc.author], doc.sitename),
        sitename=doc.sitename,
        description=doc.description, lang=detect_language(text), tags=list(doc.tags or []),
        image=doc.image, dateline=opening_dateline(raw_text),
    )
