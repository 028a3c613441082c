"""Stories: group republished and lightly edited copies of one article (MinHash LSH over word shingles)."""

from __future__ import annotations

import re
import zlib
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


def _band_keys(signatures: Sequence[bytes]) -> Any:
    """Each signature's bands as an (articles × BANDS) array, one key a band: its ROWS minima's bytes, as one
    unsigned integer when they fit one (numpy sorts those ten times faster than raw bytes)."""
    joined = b"".join(signature[1:] for signature in signatures)
    width = ROWS * 4
    return numpy.frombuffer(joined, dtype={4: "<u4", 8: "<u8"}.get(width, f"V{width}")).reshape(len(signatures), BANDS)


class _Buckets:
    """The articles sharing each band's key, found by sorting every band's keys once (numpy): each bucket is built
    as a list, in article order, only when an article's walk reaches it, and then kept (one list per bucket)."""

    def __init__(self, ids: list[int], keys: Any) -> None:
        self.ids = numpy.asarray(ids)
        slots, self.orders, self.starts, sizes = [], [], [], []
        for band in range(keys.shape[1]):
            _, slot, count = numpy.unique(keys[:, band], return_inverse=True, return_counts=True)
            slot = slot.reshape(-1)
            slots.append(slot)
            sizes.append(count[slot])
            self.orders.append(numpy.argsort(slot, kind="stable"))
            self.starts.append(numpy.concatenate(([0], numpy.cumsum(count))))
        self.slot, self.size = numpy.stack(slots, axis=1), numpy.stack(sizes, axis=1)
        self.lists: dict[tuple[int, int], list[int]] = {}

    def bucket(self, band: int, slot: int) -> list[int]:
        kept = self.lists.get((band, slot))
        if kept is None:
            start, end = self.starts[band][slot], self.starts[band][slot + 1]
            kept = self.lists[(band, slot)] = self.ids[self.orders[band][start:end]].tolist()
        return kept


def _candidates(ids: list[int], keys: Any) -> dict[int, list[int]]:
    """For each article (ids[i], band keys keys[i]), the others sharing at least one band (at most MAX_CANDIDATES,
    band by band): templated text puts thousands of articles in one bucket, and ranking them all made grouping
    quadratic. An article alone in every band (most of a night's) has none, found for all of them at once."""
    found: dict[int, list[int]] = {article_id: [] for article_id in ids}
    if not ids:
        return found
    buckets = _Buckets(ids, keys)
    heads: dict[int, tuple[frozenset[int], list[int]]] = {}  # a big bucket: its first members, its first others
    for position in numpy.flatnonzero((buckets.size > 1).any(axis=1)).tolist():
        article_id = ids[position]
        found[article_id] = _first_others(article_id, buckets, position, heads)
    return found


def _first_others(article_id: int, buckets: _Buckets, position: int,
                  heads: dict[int, tuple[frozenset[int], list[int]]]) -> list[int]:
    """The first MAX_CANDIDATES others an article meets, band by band; a big first bucket's shared list."""
    seen: dict[int, None] = {}  # the others met so far; it may hold the article too
    slots = buckets.slot[position].tolist()
    for band, size in enumerate(buckets.size[position].tolist()):
        if size == 1:  # the article alone (most bands of an article nothing resembles)
            continue
        bucket = buckets.bucket(band, slots[band])
        if not seen and size > MAX_CANDIDATES + 1:  # the loop would take this bucket's first others
            if id(bucket) not in heads:
                heads[id(bucket)] = (frozenset(bucket[:MAX_CANDIDATES + 1]), bucket[:MAX_CANDIDATES])
            members, shared = heads[id(bucket)]
            if article_id not in members:  # one list for all of them: grouping settles a shared list once
                return shared
        start = 0
        while start < len(bucket) and len(seen) - (article_id in seen) < MAX_CANDIDATES:
            step = MAX_CANDIDATES + 1 - len(seen)  # slices of a big bucket, so a templated one costs a slice
            seen.update(dict.fromkeys(bucket[start:start + step]))
            start += step
        if len(seen) - (article_id in seen) >= MAX_CANDIDATES:
            break
    seen.pop(article_id, None)
    return list(seen)[:MAX_CANDIDATES]


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
    candidates = _candidates(list(signatures), _band_keys(list(signatures.values())))
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
