"""Person recall on CoNLL NER files: of the persons named next to a position, how many Pantau finds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.facts.lexicon import position_heads
from extract.facts.names import normalise_name

PERSON_TAGS = {"PERSON", "PPL", "PER"}
NO_SPACE_BEFORE = re.compile(r" ([,.;:!?)\]”’])")
NO_SPACE_AFTER = re.compile(r"([(\[“‘]) ")


@dataclass
class Sentence:
    tokens: list[str]
    persons: list[tuple[int, int]]

    @property
    def text(self) -> str:
        return NO_SPACE_AFTER.sub(r"\1", NO_SPACE_BEFORE.sub(r"\1", " ".join(self.tokens)))

    def person(self, span: tuple[int, int]) -> str:
        return " ".join(self.tokens[span[0] : span[1]])


def read_conll(path: Path) -> Iterator[Sentence]:
    tokens: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if tokens:
                yield Sentence(tokens, _spans(tags))
            tokens, tags = [], []
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        tokens.append(parts[0])
        tags.append(parts[-1])
    return


def _spans(tags: list[str]) -> list[tuple[int, int]]:
    spans, start = [], None
    for index, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
        if start is not None and (tag.startswith("B-") or kind not in PERSON_TAGS):
            spans.append((start, index))
            start = None
        if tag.startswith("B-") and kind in PERSON_TAGS:
            start = index
    return spans


def _head_words() -> set[str]:
    return {words[0] for words in position_heads()}


def near_position(sentence: Sentence, span: tuple[int, int]) -> bool:
    """A capitalised position title right before the person (only capitalised words, commas or a bracketed
    abbreviation between), or right after it (", Kepala …", "selaku Kepala …")."""
    heads, tokens = _head_words(), sentence.tokens
    index = span[0] - 1
    while index >= 0 and span[0] - index <= 10:
        token = tokens[index]
        if token in heads:
            return True
        if not (token[:1].isupper() or token in {",", "(", ")", "dan"}):
            break
        index -= 1
    after = tokens[span[1] : span[1] + 2]
    return len(after) == 2 and after[0] in {",", "selaku", "sebagai"} and after[1] in heads


def person_recall(paths: list[Path]) -> tuple[int, int, list[str]]:
    """(found, total, missed names) over persons next to a position in the given files."""
    from extract.facts.api import extract_many

    cases = [(s, span) for path in paths for s in read_conll(path) for span in s.persons if near_position(s, span)]
    found, missed = 0, []
    texts = [(sentence.text, None) for sentence, _ in cases]
    for (sentence, span), facts in zip(cases, extract_many(texts), strict=True):
        gold = normalise_name(sentence.person(span))
        names = {normalise_name(o["name"]) for o in facts["officials"]}
        if gold in names:
            found += 1
        else:
            missed.append(f"{sentence.person(span)}  ←  {sentence.text[:160]}")
    return found, len(cases), missed
