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
SIGNATURE_VERSION = 1  # the first byte of a stored signature: raise it when SHINGLE, BANDS, ROWS or hashing change
SIGNATURE_BYTES = 1 + BANDS * ROWS * 4  # the version, then each minimum as a little-endian uint32 (all < 2^31)
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class StoryInput:
    """What grouping needs of one article."""

    article_id: int
    text: str
    published: str | None = None
    source: str = ""
    signature: bytes | None = None  # stored by the crawl (story_signature of this text); computed when missing


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
    # each run of `size` words, joined (the shorter tails end the zip)
    return set(map(" ".join, zip(*(words[i:] for i in range(size)), strict=False)))


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


def story_signature(text: str) -> bytes | None:
    """The MinHash signature of a text's shingles, as stored beside the article (None for a text without words):
    the cleaning workers compute it, so grouping at the end of a run reads it instead of hashing every text."""
    tokens = shingles(text)
    if not tokens:
        return None
    a, b = _permutations()
    # CRC-32: stable from run to run (unlike hash()) and a tenth of SHA-1's cost; the permutations do the mixing
    hashes = numpy.fromiter(map(zlib.crc32, map(str.encode, tokens)), dtype=numpy.uint64, count=len(tokens)) % PRIME
    minima = ((numpy.outer(hashes, a) + b) % PRIME).min(axis=0)
    return bytes([SIGNATURE_VERSION]) + minima.astype("<u4").tobytes()


def usable_signature(signature: bytes | None) -> bool:
    """A stored signature of this version (an older one is computed again)."""
    return signature is not None and len(signature) == SIGNATURE_BYTES and signature[0] == SIGNATURE_VERSION


def _bands(signature: bytes) -> list[bytes]:
    """One LSH key per band of a signature."""
    width = ROWS * 4
    return [signature[start:start + width] for start in range(1, SIGNATURE_BYTES, width)]


def _candidates(signatures: dict[int, list[bytes]]) -> dict[int, list[int]]:
    """For each article, the others sharing at least one band (at most MAX_CANDIDATES, band by band): templated
    text puts thousands of articles in one bucket, and ranking them all made grouping quadratic."""
    buckets: list[defaultdict[bytes, list[int]]] = [defaultdict(list) for _ in range(BANDS)]  # one map per band
    for article_id, bands in signatures.items():
        for band_buckets, band in zip(buckets, bands, strict=True):
            band_buckets[band].append(article_id)
    found = {}
    heads: dict[int, tuple[frozenset[int], list[int]]] = {}  # a big bucket: its first members, its first others
    for article_id, bands in signatures.items():
        seen: dict[int, None] = {}  # the first MAX_CANDIDATES others met, band by band; it may hold the article too
        for band_buckets, band in zip(buckets, bands, strict=True):
            bucket = band_buckets[band]
            if len(bucket) == 1:  # the article alone (most bands of an article nothing resembles)
                continue
            if not seen and len(bucket) > MAX_CANDIDATES + 1:  # the loop would take this bucket's first others
                if id(bucket) not in heads:
                    heads[id(bucket)] = (frozenset(bucket[:MAX_CANDIDATES + 1]), bucket[:MAX_CANDIDATES])
                members, shared = heads[id(bucket)]
                if article_id not in members:  # one list for all of them: grouping settles a shared list once
                    found[article_id] = shared
                    break
            start = 0
            while start < len(bucket) and len(seen) - (article_id in seen) < MAX_CANDIDATES:
                step = MAX_CANDIDATES + 1 - len(seen)  # slices of a big bucket, so a templated one costs a slice
                seen.update(dict.fromkeys(bucket[start:start + step]))
                start += step
            if len(seen) - (article_id in seen) >= MAX_CANDIDATES:
                break
        if article_id not in found:
            seen.pop(article_id, None)
            found[article_id] = list(seen)[:MAX_CANDIDATES]
    return found


class _UnionFind:
    def __init__(self, items: Iterable[int]) -> None:
        self.parent = {i: i for i in items}
        self.size = dict.fromkeys(self.parent, 1)

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        """By size: a big story keeps its root, so its members' parents still name it."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]


def _order_key(article: StoryInput) -> tuple[str, int]:
    return (article.published or "9999", article.article_id)


class _Shingles(dict[int, set[str]]):
    """Each article's shingle set, made on first use: most articles of a night share no band with another, and
    their stored signatures spare them the shingling."""

    def __init__(self, texts: dict[int, str]) -> None:
        super().__init__()
        self.texts = texts

    def __missing__(self, article_id: int) -> set[str]:
        made = self[article_id] = shingles(self.texts[article_id])
        return made


def signatures_of(articles: Sequence[StoryInput]) -> dict[int, bytes]:
    """Each article's signature, stored or computed; an article without words has none (and no candidates)."""
    found = {}
    for article in articles:
        signature = article.signature if usable_signature(article.signature) else story_signature(article.text)
        if signature is not None:
            found[article.article_id] = signature
    return found


def group_stories(articles: Sequence[StoryInput], threshold: float = SAME_STORY) -> list[Story]:
    """Every article in exactly one story; stories of two or more articles first, biggest first."""
    sets = _Shingles({a.article_id: a.text for a in articles})
    signatures = signatures_of(articles)
    candidates = _candidates({article_id: _bands(signature) for article_id, signature in signatures.items()})
    groups = _UnionFind(sets.texts)
    checked: set[tuple[int, int]] = set()  # containment is symmetric: each pair is measured once
    settled: set[int] = set()  # candidate lists (by id) whose members all ended in one story
    parent = groups.parent
    for article_id, others in candidates.items():
        root = groups.find(article_id)
        if id(others) in settled and others and groups.find(others[0]) == root:
            continue  # every candidate is in this article's story already (stories only ever merge)
        joined = True
        for other in others:
            if parent[other] == root or groups.find(other) == root:
                continue  # already in one story (templated text: nearly every candidate): nothing to measure
            pair = (article_id, other) if article_id < other else (other, article_id)
            if pair in checked:
                joined = False
                continue
            checked.add(pair)
            if containment(sets[article_id], sets[other]) >= threshold:
                groups.union(article_id, other)
                root = groups.find(article_id)
            else:
                joined = False
        if joined:
            settled.add(id(others))
    members: dict[int, list[StoryInput]] = {}
    for article in articles:
        members.setdefault(groups.find(article.article_id), []).append(article)
    stories = []
    for group in members.values():
        group.sort(key=_order_key)
        origin = group[0].article_id
        if len(group) == 1:  # containment with itself: 1.0, or 0.0 for a text without words
            similarity = {origin: 1.0 if origin in signatures else 0.0}
        else:
            similarity = {a.article_id: round(containment(sets[origin], sets[a.article_id]), 3) for a in group}
        stories.append(Story([a.article_id for a in group], origin, similarity))
    return sorted(stories, key=lambda s: (-len(s.article_ids), s.origin))
