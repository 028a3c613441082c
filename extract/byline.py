"""The byline a page shows: its author without labels (the editor is not the author) and its printed time."""

from __future__ import annotations

import json
import re
from functools import cache

import yaml
from lxml import etree
from lxml.html import HtmlElement
from pantau_configs.paths import CONFIG_DIR

from extract.dates import ZONES

BYLINE_FILE = CONFIG_DIR / "rules" / "byline.yaml"
NAME = r"(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|bin|binti|van|de|al|el)){0,4})"
# The printed time is looked for this many characters into the text after the headline (the byline area),
# so a time in a "most read" list further down is not taken.
SHOWN_TIME_WINDOW = 1500
SHOWN_TIME_TEXTS = 400  # text nodes read after the headline
VISIBLE_AFTER = "following::text()[not(ancestor::script) and not(ancestor::style)]"
# the first SHOWN_TIME_TEXTS only: libxml2 stops there instead of testing every text node of the page (1 ms)
_AFTER_HEADLINE = f"({VISIBLE_AFTER})[position() <= {SHOWN_TIME_TEXTS}]"
_IN_BODY = f"(//body{VISIBLE_AFTER.replace('following::', '//')})[position() <= {SHOWN_TIME_TEXTS}]"
# compiled once (a string query is compiled again on every call)
AFTER_HEADLINE, IN_BODY, FIRST_H1 = etree.XPath(_AFTER_HEADLINE), etree.XPath(_IN_BODY), etree.XPath("//h1[1]")
META_AUTHORS = etree.XPath("//meta[@name='author' or @name='content_author' or @name='dtk:author' "
                           "or @property='article:author' or @name='byl']/@content")
JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")
SPLIT = re.compile(r"\s*(?:;|\||,|\s&\s|\sdan\s)\s*")


@cache
def _words() -> dict[str, list[str]]:
    data: dict[str, list[str]] = yaml.safe_load(BYLINE_FILE.read_text(encoding="utf-8"))
    return data


def _alternation(name: str) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_words()[name], key=len, reverse=True))


@cache
def _label_regex() -> re.Pattern[str]:
    """A labelled author: "Penulis: Nama", "Oleh Nama", "Pewarta : Nama" (case of the name kept)."""
    return re.compile(rf"(?:^|[|•·]\s*)(?i:{_alternation('author_labels')})\s*[:：]?\s*{NAME}")


@cache
def _not_author_regex() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_alternation('editor_labels')})\b|\b(?:{_alternation('not_a_person')})\b",
                      re.IGNORECASE)


def clean_author(value: str | None, sitename: str | None = None) -> str | None:
    """Names without labels, publishers, editors or web addresses ("Oleh Dedi" -> "Dedi", "Redaksi X" -> None)."""
    if not value:
        return None
    value = re.sub(rf"^(?i:{_alternation('author_labels')})\s*[:：]?\s*", "", " ".join(value.split()))
    site = {w for w in re.split(r"\W+", (sitename or "").lower()) if len(w) > 3}
    names = []
    for part in SPLIT.split(value):
        part = part.strip(" -–—:@")
        words = {w for w in re.split(r"\W+", part.lower()) if w}
        if (not part or part.startswith("http") or "." in part and " " not in part or _not_author_regex().search(part)
                or words & site or len(part.split()) > 5 or not re.match(r"[A-Z]", part)):
            continue
        names.append(part)
    return "; ".join(dict.fromkeys(names)) or None


def _short_text(element: HtmlElement, limit: int) -> str | None:
    """The element's text with whitespace collapsed, or None when empty or longer than `limit` characters: the
    walk stops as soon as the text is too long (a page's outer blocks hold all of its text)."""
    chunks, size = [], 0
    for chunk in element.itertext():
        words = chunk.split()
        if words:
            chunks.append(" ".join(words))
            size += len(chunks[-1]) + 1
            if size > limit + 1:
                return None
    text = " ".join(chunks)
    return text if text and len(text) <= limit else None


def _labelled(tree: HtmlElement) -> str | None:
    """The first labelled author in the page's short text blocks (bylines, credit boxes, sign-offs)."""
    regex = _label_regex()
    for element in tree.iter("div", "span", "p", "li", "td", "address", "small", "em", "strong"):
        text = _short_text(element, 160)
        if not text:
            continue
        match = regex.search(text)
        if match:
            name = re.split(rf"\s+(?i:{_alternation('name_stops')})\b", match.group("name"))[0]
            if clean_author(name):
                return name
    return None


def _meta_authors(tree: HtmlElement) -> list[str]:
    found = [str(v) for v in META_AUTHORS(tree)]
    for script in JSON_LD(tree):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            authors = item.get("author") if isinstance(item, dict) else None
            for author in authors if isinstance(authors, list) else [authors]:
                if isinstance(author, dict) and author.get("@type") == "Person" and isinstance(author.get("name"), str):
                    found.append(author["name"])
    return found


def page_authors(tree: HtmlElement) -> list[str]:
    """Author candidates, best first: a labelled byline, then the page's metadata (read before boxes are dropped)."""
    labelled = _labelled(tree)
    return [*([labelled] if labelled else []), *_meta_authors(tree)]


def choose_author(candidates: list[str | None], sitename: str | None) -> str | None:
    """The first candidate that is still a person's name once labels, publishers and editors are removed."""
    for candidate in candidates:
        cleaned = clean_author(candidate, sitename)
        if cleaned:
            return cleaned
    return None


@cache
def _shown_time_regex() -> re.Pattern[str]:
    months = _alternation("months")
    return re.compile(
        rf"(?P<d>\d{{1,2}})(?:\s+(?P<month>{months})\.?\s+|/(?P<mn>\d{{1,2}})/)(?P<y>\d{{4}})\s*[,|–-]?\s*"
        rf"(?:pukul\s+|jam\s+)?(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})(?:[:.]\d{{2}})?\s*(?P<zone>WIB|WITA|WIT)\b",
        re.IGNORECASE)


def shown_time(tree: HtmlElement) -> str | None:
    """The first "14 Maret 2024 | 15:06 WIB" / "05/06/2024, 10:12 WIB" after the headline, as ISO with its offset."""
    months = dict(_month_numbers())
    heads = FIRST_H1(tree)
    texts = AFTER_HEADLINE(heads[0]) if heads else IN_BODY(tree)
    window = " ".join(" ".join(str(t) for t in texts).split())[:SHOWN_TIME_WINDOW]
    for match in _shown_time_regex().finditer(window):
        month = months.get((match.group("month") or "").lower().rstrip(".")) or int(match.group("mn") or 0)
        day, hour, minute = int(match.group("d")), int(match.group("h")), int(match.group("mi"))
        if 1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60:
            offset = ZONES[match.group("zone").lower()]
            return f"{match.group('y')}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{offset}"
    return None


def _month_numbers() -> list[tuple[str, int]]:
    return [(name, number) for number, names in enumerate(_words()["month_numbers"], start=1)
            for name in names.split()]


def with_shown_time(published: str | None, shown: str | None) -> str | None:
    """Keep the page's printed time when the metadata has the same day but no time, or a time without offset."""
    if not shown:
        return published
    if not published:
        return shown
    same_day = published[:10] == shown[:10]
    no_time = len(published) == 10
    no_offset = len(published) > 10 and not re.search(r"[+-]\d{2}:\d{2}$", published)
    if same_day and no_time:
        return shown
    if same_day and no_offset and published[11:16] == shown[11:16]:
        return published[:19] + shown[19:]
    return published
