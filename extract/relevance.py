"""Score an article's relevance to IKM programmes from the weighted terms in configs/topics.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pantau_configs.models import TopicsConfig

from extract.required_text import CASE_TRAPS, _plain


@dataclass(frozen=True)
class Relevance:
    score: float
    matched: dict[str, int]
    relevant: bool


@lru_cache(maxsize=1024)  # every term of topics.yaml (84 today; 64 made the cache evict on every article)
def _term_pattern(term: str) -> re.Pattern[str]:
    escaped = r"\s+".join(re.escape(part) for part in term.split())
    # Acronyms (IKM, WUB) must match case-sensitively, ordinary words in any case.
    flags = 0 if term.isupper() else re.IGNORECASE
    return re.compile(rf"(?<!\w){escaped}(?!\w)", flags)


@lru_cache(maxsize=1024)
def _first_word(term: str) -> str:
    return (term.split() or [""])[0].lower()


@lru_cache(maxsize=1024)
def _start(term: str) -> tuple[str, bool] | None:
    """The first word as found in the text (lower-cased when the term ignores case), or None when re's case rules
    could match it where str.find would not."""
    first, folded = (term.split() or [""])[0], not term.isupper()
    if not first or not all(_plain(char, folded) for char in first):
        return None
    return (first.lower() if folded else first), folded


class _Text:
    """A title or text, lower-cased once, whose term counts try the pattern only where the first word starts."""

    def __init__(self, text: str) -> None:
        self.text, self.lowered = text, text.lower()
        self.plain = len(self.lowered) == len(text) and CASE_TRAPS.isdisjoint(text)

    def count(self, term: str) -> int:
        """What len(findall) gives: non-overlapping matches, left to right."""
        pattern, start = _term_pattern(term), _start(term)
        if start is None or not self.plain:
            return len(pattern.findall(self.text))
        first, folded = start
        haystack = self.lowered if folded else self.text
        found, end = 0, 0
        at = haystack.find(first)
        while at != -1:
            if match := pattern.match(self.text, at):
                found, end = found + 1, match.end()
            at = haystack.find(first, max(at + 1, end))
        return found


def score_relevance(title: str, text: str, topics: TopicsConfig) -> Relevance:
    """Sum term weights (capped per term); a hit in the title counts title_multiplier times."""
    score, matched = 0.0, {}
    in_title_text, in_body_text = _Text(title), _Text(text)  # each lower-cased once
    for term in topics.terms:
        first = _first_word(term.term)  # the cheap test: most terms are absent from most articles
        if first not in in_body_text.lowered and first not in in_title_text.lowered:
            continue
        in_text = in_body_text.count(term.term)
        in_title = in_title_text.count(term.term)
        if not (in_text or in_title):
            continue
        matched[term.term] = in_text + in_title
        hits = min(in_text, topics.max_count_per_term) + in_title * topics.title_multiplier
        score += term.weight * hits
    return Relevance(round(score, 2), matched, score >= topics.threshold)
