"""A lookahead naming the characters a rule's match can start with, so re rejects most positions at once."""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]  # the standard library's regex parser (3.11+)
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_WORD: r"\w", C.CATEGORY_SPACE: r"\s"}
ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}
INSENSITIVE = "\x00i:"  # marks an atom from a (?i:...) group (no class atom starts with a NUL)


class _Unknown(Exception):
    """A construct whose first characters are not listed here (any character, a back-reference…)."""


def _class_atoms(items: Any) -> list[str]:
    atoms = []
    for op, value in items:
        if op is C.LITERAL:
            atoms.append(re.escape(chr(value)))
        elif op is C.RANGE:
            atoms.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif op is C.CATEGORY and value in CATEGORIES:
            atoms.append(CATEGORIES[value])
        else:  # a negated class or category: almost anything
            raise _Unknown
    return atoms


def _first(items: Any) -> tuple[list[str], bool]:
    """(class atoms any match of this sequence can start with, whether it can match the empty string)."""
    atoms: list[str] = []
    for op, value in items:
        found, nullable = _first_of(op, value)
        atoms += found
        if not nullable:
            return atoms, False
    return atoms, True


def _first_of(op: Any, value: Any) -> tuple[list[str], bool]:
    if op is C.LITERAL:
        return [re.escape(chr(value))], False
    if op is C.IN:
        return _class_atoms(value), False
    if op in ZERO_WIDTH:
        return [], True
    if op is C.BRANCH:
        parts = [_first(alternative) for alternative in value[1]]
        return [a for atoms, _ in parts for a in atoms], any(nullable for _, nullable in parts)
    if op is C.SUBPATTERN:
        atoms, nullable = _first(value[3])
        if value[1] & re.IGNORECASE:  # (?i:...) in a case-sensitive pattern: its atoms are matched ignoring case
            atoms = [atom if atom.startswith(INSENSITIVE) else INSENSITIVE + atom for atom in atoms]
        return atoms, nullable  # (?-i:...) in a case-insensitive pattern: the lookahead allows more, never less
    if op in REPEATS:
        atoms, nullable = _first(value[2])
        return atoms, nullable or value[0] == 0
    if op is C.ATOMIC_GROUP:
        return _first(value)
    raise _Unknown


def with_first_char_lookahead(pattern: str, flags: int = 0) -> str:
    """The pattern behind a lookahead of the characters its matches can start with, or unchanged when that is
    not known. It matches exactly what the pattern matches: the lookahead only rejects positions where no match can
    start, which re would otherwise try alternative by alternative (the date rules' month names, at every word)."""
    try:
        atoms, nullable = _first(sre_parse.parse(pattern, flags))
    except (_Unknown, re.error):
        return pattern
    if nullable or not atoms:
        return pattern
    plain = "".join(dict.fromkeys(a for a in atoms if not a.startswith(INSENSITIVE)))
    folded = "".join(dict.fromkeys(a[len(INSENSITIVE):] for a in atoms if a.startswith(INSENSITIVE)))
    classes = ([f"[{plain}]"] if plain else []) + ([f"(?i:[{folded}])"] if folded else [])
    return f"(?={'|'.join(classes)})(?:{pattern})"


def scanned_already(pattern: str, flags: int = 0) -> bool:
    """Whether re itself skips to where a match can start: the pattern is anchored at the text's start ("^…", tried
    at one place only) or opens with a literal or a class re scans for; a lookahead in front would undo that."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return False
    if not len(parsed):
        return False
    op, value = parsed[0]
    return op is C.AT and value in (C.AT_BEGINNING, C.AT_BEGINNING_STRING) or op in (C.LITERAL, C.IN)
