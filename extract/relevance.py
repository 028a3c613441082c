"""Score an article's relevance to IKM programmes from the weighted terms in configs/topics.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pantau_configs.models import TopicsConfig


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


def score_relevance(title: str, text: str, topics: TopicsConfig) -> Relevance:
    """Sum term weights (capped per term); a hit in the title counts title_multiplier times."""
    score, matched = 0.0, {}
    lowered = f"{title}\n{text}".lower()
    for term in topics.terms:
        if _first_word(term.term) not in lowered:  # the cheap test: most terms are absent from most articles
            continue
        pattern = _term_pattern(term.term)
        in_text = len(pattern.findall(text))
        in_title = len(pattern.findall(title))
        if not (in_text or in_title):
            continue
        matched[term.term] = in_text + in_title
        hits = min(in_text, topics.max_count_per_term) + in_title * topics.title_multiplier
        score += term.weight * hits
    return Relevance(round(score, 2), matched, score >= topics.threshold)
