"""Literal text a rule's every match contains, read from the regex parser: a text without it needs no scan."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from re import _casefix  # type: ignore[attr-defined]  # re's extra case-insensitive equivalences (3.11+)
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

from extract.facts.first_chars import REPEATS

Need = tuple[tuple[str, bool], ...]  # any one of these (literal, ignoring case) is in every match
Literal = tuple[Any, ...]  # (text, ignoring case), or ("word", text, ignoring case): the text as a whole word
MIN_LENGTH = 3  # shorter literals are in nearly every text: scanning is as cheap as looking for them
# Ignoring case, re matches "ı" to "i" and "ſ" to "s", and "İ" (whose str.lower() is two characters) to "i": a text
# holding one of them is scanned whatever it lacks. Literals with other extra equivalences are not used.
CASE_TRAPS = frozenset("ıſİ")
FOLDS_TO_TRAP = frozenset("is")


def _better(a: Need | None, b: Need | None) -> Need | None:
    """The more selective need: the one whose shortest literal is longer."""
    if a is None or b is None:
        return a or b
    return a if min(len(t) for t, _ in a) >= min(len(t) for t, _ in b) else b


def _plain(char: str, folded: bool) -> bool:
    """Whether a literal character is found in the (lower-cased) text wherever re would match it."""
    if not folded:
        return True
    lower = char.lower()
    return len(lower) == 1 and (ord(lower) not in _casefix._EXTRA_CASES or lower in FOLDS_TO_TRAP)


def required_text(pattern: str, flags: int = 0) -> Need | None:
    """Literals, one of which is in every match of the pattern (lower-cased where matched ignoring case), or None
    when no literal of at least MIN_LENGTH characters is needed: the most selective single test the pattern's
    formula allows."""
    return _need_of(required_formula(pattern, flags))


def _need_of(formula: Formula | None) -> Need | None:
    """One literal of every alternative: the best part's need for "all", every alternative's need for "any"."""
    if formula is None:
        return None
    if formula[0] in ("lit", "word"):  # a word is at least its text
        return (formula[1:],)
    needs = [_need_of(part) for part in formula[1]]
    if formula[0] == "any":
        return None if any(need is None for need in needs) else tuple(dict.fromkeys(t for n in needs for t in n or ()))
    best: Need | None = None
    for need in needs:
        best = _better(best, need)
    return best


Formula = tuple[Any, ...]  # ("lit"|"word", text, folded) | ("all", parts) | ("any", parts); None: anything may match
WORD_RUN = re.compile(r"\w+")


def _bounds(op: Any, value: Any) -> bool:
    """Whether an item matches only where a word cannot go on: \\b, ^, $, whitespace, a non-word character."""
    if op is C.AT:
        return value in (C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_END, C.AT_END_STRING)
    if op is C.IN:
        return all(o is C.CATEGORY and v is C.CATEGORY_SPACE for o, v in value)
    if op in REPEATS and value[0] >= 1:
        return len(value[2]) == 1 and _bounds(*value[2][0])
    if op is C.ASSERT_NOT:  # (?!\w) or (?<!\w); facing the other way it would stop a word-character run matching
        return list(value[1]) == [(C.IN, [(C.CATEGORY, C.CATEGORY_WORD)])]
    return op is C.LITERAL and not WORD_RUN.fullmatch(chr(value))


def _run_formula(run: str, folded: bool, left: bool, right: bool) -> Formula | None:
    """A literal run; a "word" when nothing word-like can touch either end (the text must then hold it as a whole
    word), a plain "lit" otherwise."""
    if len(run) < MIN_LENGTH:
        return None
    whole = left and right and WORD_RUN.match(run[0]) and WORD_RUN.match(run[-1])
    return ("word" if whole else "lit", run, folded)


def _sequence_formula(items: Any, folded: bool, left: bool = False, right: bool = False) -> Formula | None:
    """Everything a sequence needs: each of its literal runs and the formula of each of its parts (`left`, `right`:
    whether what comes before and after the sequence bounds a word)."""
    items = list(items)
    parts: list[Formula] = []
    run, run_left, bounded = "", left, left
    for index, (op, value) in enumerate([*items, (None, None)]):
        char = chr(value) if op is C.LITERAL else ""
        if char and _plain(char, folded):
            if not run:
                run_left = bounded
            run += char.lower() if folded else char
            bounded = not WORD_RUN.fullmatch(char)
            continue
        if run and (part := _run_formula(run, folded, run_left, right if op is None else _bounds(op, value))):
            parts.append(part)
        run = ""
        if op is None:
            break
        after = right if index + 1 == len(items) else _bounds(*items[index + 1])
        if (part := _item_formula(op, value, folded, bounded, after)) is not None:
            parts.append(part)
        bounded = _bounds(op, value)
    return None if not parts else parts[0] if len(parts) == 1 else ("all", tuple(parts))


def _item_formula(op: Any, value: Any, folded: bool, left: bool, right: bool) -> Formula | None:
    if op is C.BRANCH:
        alternatives = [_sequence_formula(alternative, folded, left, right) for alternative in value[1]]
        return None if any(a is None for a in alternatives) else ("any", tuple(alternatives))
    if op is C.SUBPATTERN:
        inner = (folded or bool(value[1] & re.IGNORECASE)) and not value[2] & re.IGNORECASE
        return _sequence_formula(value[3], inner, left, right)
    if op in REPEATS and value[0] >= 1:  # a repeated group touches its own repeats: bounded only when once at most
        once = value[1] == 1
        return _sequence_formula(value[2], folded, left and once, right and once)
    if op is C.ATOMIC_GROUP:
        return _sequence_formula(value, folded, left, right)
    return None


def required_formula(pattern: str, flags: int = 0) -> Formula | None:
    """Every literal a match needs, as and/or of literals: "operasi pasar" needs both words, where
    required_text keeps one ("operasi" in "koperasi" lets the scan run)."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    return _sequence_formula(parsed, bool(parsed.state.flags & re.IGNORECASE))


def needs_literal(formula: Formula | None, literal: str) -> bool:
    """Whether every match holds `literal` (as one whole run of the pattern's literal characters)."""
    if formula is None:
        return False
    if formula[0] in ("lit", "word"):
        return bool(formula[1] == literal.lower() if formula[2] else formula[1] == literal)
    parts = (needs_literal(part, literal) for part in formula[1])
    return any(parts) if formula[0] == "all" else all(parts)


def formula_literals(formula: Formula | None) -> set[Literal]:
    """Every literal a formula names: (text, ignoring case), or ("word", text, ignoring case) for a whole word."""
    if formula is None:
        return set()
    if formula[0] == "lit":
        return {formula[1:]}
    if formula[0] == "word":
        return {formula}
    return set().union(*(formula_literals(part) for part in formula[1]))


def _literal_key(part: Formula) -> Literal:
    """How a present literal is named: (text, ignoring case), or the whole node for a word."""
    return part if part[0] == "word" else part[1:]


def _whole_word_at(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not touched by a word character on either side (where a \\b would hold)."""
    return not (start and WORD_RUN.match(text, start - 1)) and not (end < len(text) and WORD_RUN.match(text, end))


class LiteralIndex:
    """Which of many literals a text holds, found by one Aho-Corasick scan of it (and one of its lower-cased copy):
    every occurrence of every literal, overlapping ones too; a word only where it stands whole. One `in` a literal
    read the text 300 times for the relevance cues' literals; a trie regex tried at every position took 75 µs a
    generated article, this 18."""

    def __init__(self, literals: set[Literal]) -> None:
        self.scans: list[tuple[bool, Any]] = []
        for folded in (True, False):
            keys: dict[str, list[Literal]] = {}  # a text may be wanted both as a word and as a plain literal
            for key in literals:
                text, key_folded = key[-2:]
                if key_folded is folded and text:
                    keys.setdefault(text, []).append(key)
            if keys:
                automaton = ahocorasick.Automaton()
                for text, named in sorted(keys.items()):
                    automaton.add_word(text, (len(text), tuple(named)))
                automaton.make_automaton()
                self.scans.append((folded, automaton))

    def present(self, view: TextView) -> set[Literal]:
        found: set[Literal] = set()
        for folded, automaton in self.scans:
            haystack = view.lowered if folded else view.text
            for end, (length, named) in automaton.iter(haystack):
                for key in named:
                    if key[0] != "word" or _whole_word_at(haystack, end + 1 - length, end + 1):
                        found.add(key)
        return found


class TextView:
    """A text as the needs are checked against it: as it is and lower-cased, once."""

    def __init__(self, text: str) -> None:
        self.text, self.lowered = text, text.lower()
        self.trapped = not CASE_TRAPS.isdisjoint(text)
        self.answers: dict[Need, bool] = {}  # rules sharing a need (every month-name rule) look for it once
        self.found: dict[Literal, bool] = {}

    def may_match(self, need: Need | None, present: set[Literal] | None = None) -> bool:
        """False only when no match is possible: none of the needed literals is in the text (looked for here, or
        among the literals a LiteralIndex found present)."""
        if need is None or self.trapped:
            return True
        if present is not None:
            return not present.isdisjoint(need)
        if need not in self.answers:
            self.answers[need] = any(literal in (self.lowered if folded else self.text) for literal, folded in need)
        return self.answers[need]

    def _holds(self, part: Formula) -> bool:
        key = _literal_key(part)
        if key not in self.found:
            haystack = self.lowered if part[2] else self.text
            start = haystack.find(part[1])
            if part[0] == "word":
                while start >= 0 and not _whole_word_at(haystack, start, start + len(part[1])):
                    start = haystack.find(part[1], start + 1)
            self.found[key] = start >= 0
        return self.found[key]

    def allows(self, formula: Formula | None, present: set[Literal] | None = None) -> bool:
        """False only when no match is possible: the literals present (looked for here, or found by a
        LiteralIndex of every literal of the formula) do not satisfy the formula."""
        if formula is None or self.trapped:
            return True
        if present is not None:
            return formula_test(formula)(present)
        if formula[0] in ("lit", "word"):
            return self._holds(formula)
        if formula[0] == "all":
            return all(self.allows(part) for part in formula[1])
        return any(self.allows(part) for part in formula[1])


@cache
def formula_test(formula: Formula) -> Callable[[set[Literal]], bool]:
    """The formula as a function of the literals present; a node of literals only is one set operation. (Cached,
    but the lookup hashes the formula's nested tuples: callers that test many texts keep the function.)"""
    if formula[0] in ("lit", "word"):
        key = _literal_key(formula)
        return lambda present: key in present
    parts = formula[1]
    if all(part[0] in ("lit", "word") for part in parts):
        keys = frozenset(map(_literal_key, parts))
        if formula[0] == "all":
            return keys.issubset
        return lambda present: not keys.isdisjoint(present)
    tests = [formula_test(part) for part in parts]
    if formula[0] == "all":
        return lambda present: all(test(present) for test in tests)
    return lambda present: any(test(present) for test in tests)
