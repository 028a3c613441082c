"""spaCy Matcher token patterns matched through a first-word index, with the Matcher's matches (fallback: the Matcher)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

ATTRS = {"ORTH": False, "TEXT": False, "LOWER": True}  # attribute -> compared on the lower-cased word (spaCy's LOWER)
Match = tuple[str, int, int]  # (rule id, start token, end token)


@dataclass(frozen=True)
class TokenSpec:
    """One token of a pattern: its word (or one of its words, or a regex search) on ORTH or LOWER; "?" optional."""

    lower: bool
    words: frozenset[str] | None
    regex: re.Pattern[str] | None
    optional: bool

    def accepts(self, word: str, low: str) -> bool:
        value = low if self.lower else word
        return value in self.words if self.words is not None else bool(self.regex and self.regex.search(value))


def compile_token(token: dict[str, Any]) -> TokenSpec | None:
    """The token as a TokenSpec, or None when it uses anything beyond one ORTH/TEXT/LOWER check and OP "?"."""
    attrs = [k for k in token if k != "OP"]
    if token.get("OP") not in (None, "?") or len(attrs) != 1 or attrs[0] not in ATTRS:
        return None
    value, lower, optional = token[attrs[0]], ATTRS[attrs[0]], token.get("OP") == "?"
    if isinstance(value, str):
        return TokenSpec(lower, frozenset([value]), None, optional)
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("IN"), list) \
            and all(isinstance(v, str) for v in value["IN"]):
        return TokenSpec(lower, frozenset(value["IN"]), None, optional)
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("REGEX"), str):
        return TokenSpec(lower, None, re.compile(value["REGEX"]), optional)
    return None


def compile_pattern(pattern: list[dict[str, Any]]) -> tuple[TokenSpec, ...] | None:
    """The pattern as TokenSpecs when every token compiles and the first is not optional (it keys the index)."""
    specs = tuple(compile_token(token) for token in pattern)
    if not specs or any(spec is None for spec in specs) or specs[0].optional:  # type: ignore[union-attr]
        return None
    return specs  # type: ignore[return-value]


def _ends(specs: tuple[TokenSpec, ...], words: Sequence[str], lows: Sequence[str], start: int) -> set[int]:
    """Every end such that words[start:end] matches the specs (a non-empty match: the first token is required)."""
    places, count = {start}, len(words)
    for spec in specs:
        reached = {p for p in places if spec.optional}
        reached.update(p + 1 for p in places if p < count and spec.accepts(words[p], lows[p]))
        if not reached:
            return reached
        places = reached
    return places


class TokenPatterns:
    """Rule id -> Matcher patterns, matched on a list of words; `greedy="LONGEST"` filters as spaCy's does."""

    def __init__(self, vocab: Vocab, greedy: str | None = None) -> None:
        self.vocab, self.greedy = vocab, greedy
        self.reference = Matcher(vocab)  # every pattern, as spaCy reads it: validates them, and the tests compare
        self.fallback: Matcher | None = None  # the patterns the index cannot take
        self.keys: list[str] = []
        self.by_orth: dict[str, list[tuple[str, tuple[TokenSpec, ...]]]] = {}  # first word as written
        self.by_lower: dict[str, list[tuple[str, tuple[TokenSpec, ...]]]] = {}  # first word lower-cased
        self.by_regex: list[tuple[str, tuple[TokenSpec, ...]]] = []

    def add(self, key: str, pattern: list[dict[str, Any]]) -> None:
        self.reference.add(key, [pattern], greedy=self.greedy)  # raises ValueError on a malformed pattern
        self.keys.append(key)
        specs = compile_pattern(pattern)
        if specs is None:
            self.fallback = self.fallback or Matcher(self.vocab)
            self.fallback.add(key, [pattern], greedy=self.greedy)
        elif specs[0].words is None:
            self.by_regex.append((key, specs))
        else:
            index = self.by_lower if specs[0].lower else self.by_orth
            for word in specs[0].words:
                index.setdefault(word, []).append((key, specs))

    def __call__(self, words: Sequence[str], doc: Callable[[], Doc]) -> list[Match]:
        """Matches on the words; `doc` builds the Doc of the same words, needed only for fallback patterns."""
        lows = [w.lower() for w in words]
        found: dict[Match, None] = {}
        orth, folded = self.by_orth, self.by_lower
        # a regex-first pattern is tried once per distinct word, not at every token
        shaped = [(key, specs, {w for w in set(words) if specs[0].accepts(w, w.lower())}) for key, specs in self.by_regex]
        shaped_words = set().union(*(ws for _, _, ws in shaped))
        for i, word in enumerate(words):
            as_written, lowered = orth.get(word), folded.get(lows[i])
            if not (as_written or lowered or word in shaped_words):
                continue  # most words start no pattern
            candidates = [*(as_written or ()), *(lowered or ()), *((k, p) for k, p, ws in shaped if word in ws)]
            for key, specs in candidates:
                if len(specs) == 1 and specs[0].words is not None:  # one listed word: it is the match (most rules)
                    found[(key, i, i + 1)] = None
                else:
                    found.update(((key, i, end), None) for end in sorted(_ends(specs, words, lows, i)))
        matches = _longest(list(found)) if self.greedy == "LONGEST" else list(found)
        if self.fallback is not None:
            built = doc()
            matches += [(self.vocab.strings[m], s, e) for m, s, e in self.fallback(built)]
        return matches


def _longest(matches: list[Match]) -> list[Match]:
    """spaCy's greedy="LONGEST" per rule: longest first (then leftmost), dropping any that overlap a kept one."""
    kept: list[Match] = []
    for key in dict.fromkeys(m[0] for m in matches):
        taken: set[int] = set()
        for match in sorted((m for m in matches if m[0] == key), key=lambda m: (m[2] - m[1], -m[1]), reverse=True):
            if not taken.intersection(range(match[1], match[2])):
                kept.append(match)
                taken.update(range(match[1], match[2]))
    return kept
