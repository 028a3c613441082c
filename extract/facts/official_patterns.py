"""The officials' token triggers: spaCy Matcher patterns of configs/rules/officials.jsonl over the lexicon's tokens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.facts.lexicon import Token, first_words, position_heads, positions
from extract.facts.rules import RULES_DIR, jsonl_entries
from extract.facts.token_patterns import TokenPatterns

RULE_FILE = RULES_DIR / "officials.jsonl"
LABELS = frozenset({"LINK", "APPOSITION_CUE", "POSITION_HEAD", "POSITION_PREFIX", "ORG_OPENER", "DOCUMENT_WORD"})
# An IN list may name a gazetteer list instead of spelling it out: {"LOWER": {"IN": "@positions.speech_verbs"}}.
GAZETTEER_LISTS = {"@positions.speech_verbs": lambda: list(positions()["speech_verbs"]),
                   "@positions.prefixes": lambda: list(positions()["prefixes"])}


class Trigger(NamedTuple):
    rule: str
    end: int  # token index just past the match (the longest match at its start)


Triggers = dict[str, dict[int, Trigger]]  # label -> token index where a match starts -> its rule (first in file wins)


class MatchedTokens(list[Token]):
    """The officials' tokens, with where each kind of trigger pattern matched on them."""

    def __init__(self, tokens: Sequence[Token], triggers: Triggers) -> None:
        super().__init__(tokens)
        self.triggers = triggers
        self.position_starts = position_starts(tokens, triggers)


@cache
def _lowercase_heads() -> frozenset[str]:
    return frozenset(positions()["lowercase_heads"])


def position_starts(tokens: Sequence[Token], triggers: Triggers) -> frozenset[int]:
    """Token indices where a position phrase may start (officials.parse_position finds none anywhere else): a
    prefix, a word a position head can start with, or two words before one ("Pelaksana Harian Kabid …")."""
    firsts, lowercase = first_words(position_heads()), _lowercase_heads()
    heads = {k for k, t in enumerate(tokens) if t.text in firsts or t.text in lowercase}
    heads.update(triggers["POSITION_HEAD"])
    return frozenset(heads | {k - 2 for k in heads if k >= 2} | set(triggers["POSITION_PREFIX"]))


def _resolve(value: Any, where: str) -> Any:
    """Replace '@gazetteer.list' strings in IN / NOT_IN with the list's words, at load time."""
    if isinstance(value, dict):
        return {k: _resolve(v, where) for k, v in value.items()}
    if isinstance(value, list):  # a '@gazetteer.list' item inside a list is spliced in
        return [w for v in value for w in (_gazetteer_list(v, where) if _is_reference(v) else [_resolve(v, where)])]
    if _is_reference(value):
        return _gazetteer_list(value, where)
    return value


def _is_reference(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("@")


def _gazetteer_list(name: str, where: str) -> list[str]:
    if name not in GAZETTEER_LISTS:
        raise ValueError(f"{where}: unknown gazetteer list {name!r} (known: {', '.join(sorted(GAZETTEER_LISTS))})")
    return GAZETTEER_LISTS[name]()


@cache
def rule_entries() -> tuple[dict[str, Any], ...]:
    """The entries of officials.jsonl that carry a token pattern ('//' lines are comments)."""
    entries = []
    for line_no, entry in jsonl_entries(RULE_FILE):
        if "pattern" not in entry:
            continue  # a rule written in Python, described here with its test sentences
        where = f"{RULE_FILE}:{line_no}: rule {entry.get('id', '?')!r}"
        if not isinstance(entry["pattern"], list) or entry.get("label") not in LABELS:
            raise ValueError(f"{where}: needs a token pattern and a label in {sorted(LABELS)}")
        entries.append({**entry, "pattern": _resolve(entry["pattern"], where)})
    return tuple(entries)


@dataclass(frozen=True)
class TriggerMatcher:
    """The compiled patterns and the vocabulary a Doc is built with for patterns the word index cannot take."""

    vocab: Vocab
    matcher: TokenPatterns


def build_matcher(vocab: Vocab) -> TriggerMatcher:
    matcher = TokenPatterns(vocab)
    for entry in rule_entries():
        try:
            matcher.add(entry["id"], entry["pattern"])
        except ValueError as exc:
            raise ValueError(f"{RULE_FILE}: rule {entry['id']!r}: {exc}") from None
    return TriggerMatcher(vocab, matcher)


@cache
def _labels() -> dict[str, tuple[int, str]]:
    return {e["id"]: (order, e["label"]) for order, e in enumerate(rule_entries())}


def find_triggers(patterns: TriggerMatcher, tokens: Sequence[Token]) -> Triggers:
    """Where each kind of trigger starts, on the same tokens the officials' parser walks."""
    found: dict[str, dict[int, tuple[int, int, str]]] = {label: {} for label in LABELS}
    words = [t.text for t in tokens]
    for rule, start, end in patterns.matcher(words, lambda: Doc(patterns.vocab, words=words)) if words else []:
        order, label = _labels()[rule]
        if start not in found[label] or (order, -end) < found[label][start][:2]:
            found[label][start] = (order, -end, rule)
    return {label: {i: Trigger(rule, -neg_end) for i, (_, neg_end, rule) in places.items()}
            for label, places in found.items()}


def match_tokens(patterns: TriggerMatcher, tokens: Sequence[Token]) -> MatchedTokens:
    return MatchedTokens(tokens, find_triggers(patterns, tokens))
