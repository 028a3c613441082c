"""trafilatura's work that cannot change our article, skipped: readability where it cannot win, the date we have,
the categories and licence we never keep."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import lxml.html
from lxml.etree import _Element
from trafilatura import core, external, metadata
from trafilatura.settings import Extractor


def _hook() -> Callable[..., Any] | None:
    """What trafilatura calls after its own extraction, if it takes the arguments this module was written for."""
    compare = getattr(core, "compare_extraction", None)
    if compare is None or not hasattr(external, "try_readability"):
        return None
    return compare if list(inspect.signature(compare).parameters) == ["cleaned_tree", "raw_tree", "body", "text",
                                                                      "options"] else None


_COMPARE = _hook()
_READABILITY = getattr(external, "try_readability", None)  # what trafilatura's comparison calls
_SKIPPING = threading.local()  # set while this thread's comparison is told that readability found nothing
_FIND_DATE = getattr(metadata, "find_date", None)  # htmldate, called by trafilatura's metadata step
_CATS_AND_TAGS = getattr(metadata, "extract_catstags", None)
_LICENSE = getattr(metadata, "extract_license", None)
# Elements whose text readability may lengthen: it writes "VIDEO" into video iframes, and the HTML parser that
# reads its output back keeps the escaped markup inside the raw-text ones as it is.
_TEXT_CHANGING = ("iframe", "xmp", "plaintext", "noembed", "noframes", "listing")


def readability_cannot_win(raw_tree: lxml.html.HtmlElement, body: _Element, len_text: int,
                           options: Extractor) -> bool:
    """True when trafilatura would keep its own text whatever readability found. Readability only keeps and drops
    the page's text, so its text is at most the whole page's; when that is no more than twice trafilatura's own,
    none of trafilatura's reasons to prefer readability (`_prefer_readability`, outside recall mode) can hold."""
    if not len_text or options.focus == "recall" or next(raw_tree.iter(*_TEXT_CHANGING), None) is not None:
        return False
    page_text = len(" ".join(lxml.html.tostring(raw_tree, method="text", encoding=str).split()))
    if page_text > 2 * len_text:
        return False
    if page_text <= 2 * options.min_extracted_size:
        return True
    return bool(body.xpath(".//p//text()")) and len(body.findall(".//table")) <= len(body.findall(".//p"))


def _readability_unless_skipped(htmlinput: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Readability's text, or nothing where this thread's comparison skips it."""
    if getattr(_SKIPPING, "on", False):
        return lxml.html.Element("div")
    assert _READABILITY is not None
    return _READABILITY(htmlinput)


def _compare_where_readability_can_win(cleaned_tree: lxml.html.HtmlElement, raw_tree: lxml.html.HtmlElement,
                                       body: _Element, text: str, options: Extractor) -> Any:
    """trafilatura's comparison; where readability cannot win, it is told that readability found nothing (which it
    handles as a loss) and given an empty tree to prune for it, so the rest of the comparison (the justext rescue)
    runs as before. (Readability itself fails on an empty tree, and trafilatura logs a warning; on an empty page
    it costs 0.1 ms, most of it the pruning.)"""
    assert _COMPARE is not None
    if not readability_cannot_win(raw_tree, body, len(text), options):
        return _COMPARE(cleaned_tree, raw_tree, body, text, options)
    _SKIPPING.on = True
    try:
        return _COMPARE(cleaned_tree, lxml.html.Element("div"), body, text, options)
    finally:
        _SKIPPING.on = False


def _no_date(*_args: Any, **_kwargs: Any) -> None:
    return None


def _tags_only(metatype: str, tree: lxml.html.HtmlElement) -> list[str]:
    """The page's tags as trafilatura finds them; no categories (an article keeps its tags only)."""
    assert _CATS_AND_TAGS is not None
    return [] if metatype == "category" else list(_CATS_AND_TAGS(metatype, tree))


@contextmanager
def only_what_can_change_the_article(date_wanted: bool) -> Iterator[None]:
    """Within this block trafilatura skips readability where it cannot win, and htmldate's search unless
    `date_wanted` (the page gave its date, and trafilatura's is then never used), and the categories and licence
    (`CleanedArticle` has neither): the same article, with trafilatura's share of a short generated page 1.4 → 1.0 ms
    (`benchmarks/page_profile.py --small`). Only our own calls are affected (the benchmarks compare with plain
    trafilatura); a trafilatura without these hooks runs unchanged."""
    if _COMPARE is not None and _READABILITY is not None:
        core.compare_extraction = _compare_where_readability_can_win
        external.try_readability = _readability_unless_skipped
    if _FIND_DATE is not None and not date_wanted:
        metadata.find_date = _no_date
    if _CATS_AND_TAGS is not None and _LICENSE is not None:
        metadata.extract_catstags, metadata.extract_license = _tags_only, _no_date
    try:
        yield
    finally:
        if _COMPARE is not None and _READABILITY is not None:
            core.compare_extraction, external.try_readability = _COMPARE, _READABILITY
        if _FIND_DATE is not None:
            metadata.find_date = _FIND_DATE
        if _CATS_AND_TAGS is not None and _LICENSE is not None:
            metadata.extract_catstags, metadata.extract_license = _CATS_AND_TAGS, _LICENSE
