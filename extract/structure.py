"""Pre-cleaning of the HTML tree before trafilatura: give loose article text the paragraphs it lacks."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from extract.boilerplate import LinkListLimits, rules

INLINE = {"a", "b", "strong", "i", "em", "u", "span", "font", "small", "sup", "sub", "abbr", "mark", "time", "q",
          "cite", "ins", "del"}
CONTAINERS = ("div", "section", "article", "span", "td", "font")
MIN_WORDS = 8


def _words(node: HtmlElement | str | None) -> int:
    if node is None:
        return 0
    text = node if isinstance(node, str) else node.text_content()
    return len(text.split())


BLOCKS = ("p", "div", "br", "ul", "ol", "table", "section", "article", "h1", "h2", "h3", "h4", "blockquote")


def _inline(node: HtmlElement) -> bool:
    """An inline element holding no block content (a <span> wrapping <p>s counts as a block)."""
    return isinstance(node.tag, str) and node.tag in INLINE and next(node.iter(*BLOCKS), None) is None


def _loose_words(element: HtmlElement) -> int:
    """Words of text sitting directly in the element or between its inline children."""
    count = _words(element.text)
    for child in element:
        if _inline(child):
            count += _words(child)
        count += _words(child.tail)
    return count


def _flush(element: HtmlElement, run: list[HtmlElement], lead: str | None, before: HtmlElement | None) -> None:
    if _words(lead) + sum(_words(n) + _words(n.tail) for n in run) < 3:
        return
    paragraph = etree.Element("p")
    paragraph.text = lead
    for node in run:
        paragraph.append(node)  # moves the node (and its tail) into the paragraph
    if before is None:
        element.append(paragraph)
    else:
        before.addprevious(paragraph)


def wrap_loose_text(tree: HtmlElement) -> HtmlElement:
    """Wrap runs of text and inline elements that sit between the <p>s of an article body into <p>s.

    Several Indonesian outlets put the lead paragraph ("Kapanlagi.com - …", "Jakarta, KompasOtomotif – …")
    as bare text before the first <p>; extractors that favour precision skip such text.
    """
    for element in list(tree.iter(*CONTAINERS)):
        children = list(element)
        if not children:
            continue
        article_body = element.get("itemprop") == "articleBody"
        # the cheap test first: most containers (navigation, cards, ads) hold fewer than two <p>s
        if sum(1 for c in children if c.tag == "p") < 2 and not article_body or _loose_words(element) < MIN_WORDS:
            continue
        for child in children:
            # Text-only <div>s between the body's paragraphs are paragraphs too (viva's <div>text</div>).
            if child.tag == "div" and next(child.iterdescendants(*BLOCKS), None) is None and _words(child) >= 3:
                child.tag = "p"
        lead, element.text, run = element.text, None, []
        for child in children:
            if _inline(child):
                run.append(child)
                continue
            tail, child.tail = child.tail, None
            _flush(element, run, lead, child)
            lead, run = None, []
            if isinstance(child.tag, str) and child.tag == "br":
                element.remove(child)
            if tail and tail.strip():
                lead = tail
        _flush(element, run, lead, None)
    return tree


def drop_teaser_cards(tree: HtmlElement) -> HtmlElement:
    """Remove related-article cards: a linked headline with a short summary paragraph beside it."""
    for heading in list(tree.iter("h2", "h3", "h4")):
        if heading.find(".//a") is None:
            continue
        card = heading.getparent()
        if card is None or card.getparent() is None:
            continue
        paragraphs = card.findall("p")
        if paragraphs and len(paragraphs) <= 2 and sum(_words(p) for p in paragraphs) < 60:
            card.getparent().remove(card)
    return tree


LABEL_WORDS = 5
LIST_BLOCKS = frozenset({"ul", "ol", "div", "section", "aside", "nav", "footer", "header", "table", "tbody"})
_HREFS = etree.XPath("descendant-or-self::a/@href", smart_strings=False)
_LINK_TEXTS = etree.XPath("descendant-or-self::a[@href]//text()", smart_strings=False)


def _words_upto(element: HtmlElement, cap: int) -> int:
    """The element's word count, or cap + 1 once it has more than cap (the walk stops there)."""
    count = 0
    for chunk in element.itertext():
        count += len(chunk.split())
        if count > cap:
            return cap + 1
    return count


def _linked_item(item: HtmlElement, limits: LinkListLimits) -> bool | None:
    """A short item that is mostly link text (True), or a real item that is not (False); None for an empty one."""
    words = _words_upto(item, limits.max_item_words)
    if not words:
        return None
    if words > limits.max_item_words:
        return False
    return sum(len(text.split()) for text in _LINK_TEXTS(item)) >= limits.min_link_share * words


def _is_link_list(element: HtmlElement, limits: LinkListLimits, max_paragraph_words: float) -> bool:
    items = [child for child in element if isinstance(child.tag, str)]
    if len(items) < limits.min_items or element.get("itemprop") == "articleBody":
        return False
    linked = unlinked = 0
    share = limits.min_linked_share
    for item in items:
        verdict = _linked_item(item, limits)
        linked += verdict is True
        unlinked += verdict is False
        if unlinked * share > (1 - share) * (len(items) - unlinked):  # the share can no longer be reached
            return False
    if linked < limits.min_items or linked < share * (linked + unlinked):
        return False
    if any(limits.keep_href.search(href) for href in _HREFS(element)):
        return False
    return sum(_words(p) for p in element.iter("p")) <= max_paragraph_words and next(element.iter("h1"), None) is None


def _inside(element: HtmlElement, block: HtmlElement) -> bool:
    return any(ancestor is block for ancestor in element.iterancestors())


def drop_link_lists(tree: HtmlElement) -> HtmlElement:
    """Remove blocks of short linked items (latest/popular news cards, menus, link columns) before extraction:
    trafilatura drops them by link density too, but every one of its passes pays for them first."""
    limits = rules().link_lists
    max_paragraph_words = rules().chrome_max_share * (sum(_words(p) for p in tree.iter("p")) or 1)
    dropped = None  # the last block dropped; the candidates inside it follow it in document order
    for candidate in [e for e in tree.iter(*LIST_BLOCKS) if len(e) >= limits.min_items]:  # document order
        parent = candidate.getparent()
        if parent is None or dropped is not None and _inside(candidate, dropped):
            continue
        if _is_link_list(candidate, limits, max_paragraph_words):
            candidate.drop_tree()
            dropped = candidate
            # a box left with only the list's label ("Foto Terkait") goes with it
            if parent.tag in LIST_BLOCKS and parent.getparent() is not None and \
                    _words(parent) <= LABEL_WORDS and next(parent.iter("img", "p"), None) is None:
                parent.drop_tree()
    return tree


@lru_cache(maxsize=4096)
def _chrome_names(class_attr: str, id_attr: str) -> bool:
    """Whether these class and id values name furniture (a page repeats a few class names hundreds of times)."""
    words = [w for w in re.split(r"[\s_-]+", f"{class_attr} {id_attr}".lower()) if w]
    found = rules()
    return any(w in found.chrome_classes for w in words) or any(
        pair in found.chrome_pairs for pair in zip(words, words[1:], strict=False))


def is_chrome(element: HtmlElement) -> bool:
    """Page furniture by its class or id words (configs/rules/boilerplate.yaml chrome_classes/chrome_pairs)."""
    class_attr, id_attr = element.get("class") or "", element.get("id") or ""
    return bool(class_attr or id_attr) and _chrome_names(class_attr, id_attr)


def drop_page_chrome(tree: HtmlElement) -> HtmlElement:
    """Remove comment/account boxes, share bars, related lists, captions and the like, never the article body:
    an element holding more than `chrome_max_share` of the page's paragraph words stays."""
    total = sum(_words(p) for p in tree.iter("p")) or 1
    limit = rules().chrome_max_share * total
    for element in list(tree.iter("div", "section", "ul", "ol", "span", "p", "figcaption", "nav", "aside", "footer")):
        if element.getparent() is None or not is_chrome(element) or element.get("itemprop") == "articleBody":
            continue
        if sum(_words(p) for p in element.iter("p")) <= limit and not element.xpath(".//h1"):
            element.drop_tree()
    return tree
