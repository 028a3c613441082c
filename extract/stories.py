"""Stories: group republished and lightly edited copies of one article (MinHash LSH over word shingles)."""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy

SHINGLE = 5  # words per shingle: long enough that shared phrasing of one topic rarely repeats a whole shingle
# Candidate pairs come from MinHash LSH with 51 bands of 2 rows: a pair whose shingle sets have Jaccard s shares a
# band with probability 1 - (1 - s^2)^51, 0.69 at s = 0.15 and 0.99 at s = 0.3 (the band/row split that minimises
# false positives and negatives around 0.15, as datasketch chose it); each candidate is then checked exactly.
BANDS, ROWS = 51, 2
PRIME = (1 << 31) - 1  # hashes and permutations below 2^31: (a * h + b) stays inside uint64
SAME_STORY = 0.3  # share of the shorter text's shingles found in the other: a copy, even cut or lightly edited
MAX_CANDIDATES = 200  # per article: bounds the work on templated text, where everything looks alike
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class StoryInput:
    """What grouping needs of one article."""

    article_id: int
    text: str
    published: str | None = None
    source: str = ""


@dataclass
class Story:
    """One story: its articles, the earliest one (the origin) first."""

    article_ids: list[int]
    origin: int
    similarity: dict[int, float] = field(default_factory=dict)  # article → containment against the origin


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def containment(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / the smaller set: 1.0 when one text is a cut of the other."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


@cache
def _permutations() -> tuple[Any, Any]:
    """The (a, b) of each of BANDS x ROWS random hash functions h -> (a * h + b) mod PRIME, the same every run."""
    rng = numpy.random.default_rng(1)
    size = BANDS * ROWS
    return (rng.integers(1, PRIME, size, dtype=numpy.uint64), rng.integers(0, PRIME, size, dtype=numpy.uint64))


def _signature(tokens: Iterable[str]) -> list[bytes]:
    """The MinHash signature of a shingle set, as one key per band."""
    a, b = _permutations()
    # CRC-32: stable from run to run (unlike hash()) and a tenth of SHA-1's cost; the permutations do the mixing
    hashes = numpy.fromiter((zlib.crc32(t.encode("utf-8")) % PRIME for t in tokens), dtype=numpy.uint64)
    minima = ((numpy.outer(hashes, a) + b) % PRIME).min(axis=0)
    return [band.tobytes() for band in minima.reshape(BANDS, ROWS)]


def _candidates(signatures: dict[int, list[bytes]]) -> dict[int, list[int]]:
    """For each article, the others sharing at least one band (at most MAX_CANDIDATES, band by band): templated
    text puts thousands of articles in one bucket, and ranking them all made grouping quadratic."""
    buckets: defaultdict[tuple[int, bytes], list[int]] = defaultdict(list)
    for article_id, bands in signatures.items():
        for index, band in enumerate(bands):
            buckets[(index, band)].append(article_id)
    found = {}
    for article_id, bands in signatures.items():
        seen: dict[int, None] = {}
        for index, band in enumerate(bands):
            for other in buckets[(index, band)]:
                if other != article_id:
                    seen.setdefault(other)
                    if len(seen) >= MAX_CANDIDATES:
                        break
            if len(seen) >= MAX_CANDIDATES:
                break
        found[article_id] = list(seen)
    return found


class _UnionFind:
    def __init__(self, items: Iterable[int]) -> None:
        self.parent = {i: i for i in items}

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _order_key(article: StoryInput) -> tuple[str, int]:
    return (article.published or "9999", article.article_id)


def group_stories(articles: Sequence[StoryInput], threshold: float = SAME_STORY) -> list[Story]:
    """Every article in exactly one story; stories of two or more articles first, biggest first."""
    sets = {a.article_id: shingles(a.text) for a in articles}
    candidates = _candidates({article_id: _signature(tokens) for article_id, tokens in sets.items() if tokens})
    groups = _UnionFind(sets)
    checked: set[tuple[int, int]] = set()  # containment is symmetric: each pair is measured once
    for article_id, others in candidates.items():
        for other in others:
            if groups.find(article_id) == groups.find(other):
                continue  # already in one story (templated text: nearly every candidate): nothing to measure
            pair = (article_id, other) if article_id < other else (other, article_id)
            if pair in checked:
                continue
            checked.add(pair)
            if containment(sets[article_id], sets[other]) >= threshold:
                groups.union(article_id, other)
    members: dict[int, list[StoryInput]] = {}
    for article in articles:
        members.setdefault(groups.find(article.article_id), []).append(article)
    stories = []
    for group in members.values():
        group.sort(key=_order_key)
        origin = group[0].article_id
        similarity = {a.article_id: round(containment(sets[origin], sets[a.article_id]), 3) for a in group}
        stories.append(Story([a.article_id for a in group], origin, similarity))
    return sorted(stories, key=lambda s: (-len(s.article_ids), s.origin))
