"""Stories: group republished and lightly edited copies of one article (MinHash LSH over word shingles)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

SHINGLE = 5  # words per shingle: long enough that shared phrasing of one topic rarely repeats a whole shingle
NUM_PERM = 128
LSH_THRESHOLD = 0.15  # candidate pairs (estimated Jaccard); each is then checked exactly
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


def _minhash(tokens: Iterable[str]) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM)
    signature.update_batch([t.encode("utf-8") for t in tokens])
    return signature


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
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    signatures = {}
    for article_id, tokens in sets.items():
        if tokens:
            signatures[article_id] = _minhash(tokens)
            lsh.insert(str(article_id), signatures[article_id])
    groups = _UnionFind(sets)
    checked: set[tuple[int, int]] = set()  # containment is symmetric: each pair is measured once
    for article_id, signature in signatures.items():
        for other in map(int, lsh.query(signature)[:MAX_CANDIDATES]):
            pair = (min(article_id, other), max(article_id, other))
            if other == article_id or pair in checked or groups.find(article_id) == groups.find(other):
                continue  # already in one story: a union would change nothing
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
