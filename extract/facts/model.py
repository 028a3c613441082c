"""The fact record every extractor returns: what was found, where, and by which rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Fact:
    """One extracted fact with its provenance (character offsets into the text and the rule id)."""

    kind: str
    text: str
    start: int
    end: int
    rule: str
    attrs: dict[str, Any] = field(default_factory=dict)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def overlaps_any(facts: list[Fact], start: int, end: int) -> bool:
    return any(f.overlaps(start, end) for f in facts)


def word_before(text: str, position: int) -> str:
    """The word (letters, digits, dots, hyphens) that ends just before position, lower-cased."""
    head = text[max(0, position - 40) : position].rstrip()
    parts = head.split()
    return parts[-1].lower() if parts else ""
