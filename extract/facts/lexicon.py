"""Gazetteer lookups shared by the extractors: position heads, vocabulary, regions, honorifics."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, lru_cache
from typing import NamedTuple

from extract.facts.rules import gazetteer, word_list

# A period joins parts of one token ("L.N", "kemenperin.go.id") except where a missing space glues a sentence to the
# next one ("program OVOP.Gati mengatakan"): two or more letters, a period, then a capitalised word.
TOKEN = re.compile(r"[\w'’]+(?:(?:[-/]|\.(?!(?<=\w\w\.)[A-Z][a-z]))[\w'’]+)*|[^\w\s]")


class Token(NamedTuple):
    """A word or punctuation mark with its offsets (a named tuple: a text's thousands are built 5x faster than
    frozen dataclasses)."""

    text: str
    start: int
    end: int

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=16)
def _tokens(text: str) -> tuple[Token, ...]:
    new = tuple.__new__  # a Token without the named tuple's Python-level __new__: a quarter faster per text
    return tuple([new(Token, (m.group(), m.start(), m.end())) for m in TOKEN.finditer(text)])


def tokenize(text: str) -> list[Token]:
    """Word and punctuation tokens with offsets (cached: every extractor tokenizes the same text)."""
    return list(_tokens(text))


def _phrases(items: list[str]) -> dict[tuple[str, ...], str]:
    return {tuple(TOKEN.findall(item)): item for item in items}


@cache
def positions() -> dict:
    return gazetteer("positions")


@cache
def position_heads() -> dict[tuple[str, ...], str]:
    return _phrases(positions()["heads"])


@cache
def vocabulary() -> frozenset[str]:
    return frozenset(w for item in positions()["vocabulary"] for w in TOKEN.findall(item))


# An office named by the syllables of its portfolios ("Koperindag": koperasi, perindustrian, perdagangan; "Kopdagin",
# "Perindag") is an organisation word, not a person's name, even with no Dis-/Din- before it.
OFFICE_SYLLABLES = r"(?:Kop?|Per(?:in)?|Prin|Indag)(?:kop?|per(?:in)?|prin|indag|dag|in|ukm|umkm|naker|trans)+"
ORG_SHAPED = re.compile(r"^(?:(?:Pe|Pem|Pen|Peng|Peny|Per|Ke)[a-z]{3,}an|[A-Z][a-z]+(?:asi|isme|itas|isis)"
                        rf"|(?:Dis|Din|Kemen|Dekran|Ditjen|Kanwil|Bapp)[a-z]{{4,}}|{OFFICE_SYLLABLES})$")


def is_position_word(text: str) -> bool:
    """Capitalised words that belong to positions and organisations, by list or by their affixes."""
    return text in vocabulary() or bool(ORG_SHAPED.match(text))


@cache
def person_names() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, family names) from configs/gazetteers/given_names.txt and family_names.txt."""
    return word_list("given_names"), word_list("family_names")


@cache
def speech_verbs() -> frozenset[str]:
    return frozenset(positions()["speech_verbs"])


@cache
def honorifics() -> frozenset[str]:
    return frozenset(h.rstrip(".").lower() for h in positions()["honorifics"])


@cache
def degree_pattern() -> re.Pattern[str]:
    degrees = sorted(positions()["degrees"], key=len, reverse=True)
    alternatives = "|".join(re.escape(d).replace(r"\.", r"\.?") for d in degrees)
    return re.compile(rf"^(?:\s*,?\s*(?:{alternatives})(?![\w]))+", re.IGNORECASE)


@cache
def region_names() -> dict[tuple[str, ...], str]:
    """Province, regency and city names (and everyday short forms) as token tuples → canonical name."""
    data = gazetteer("regions")
    names: dict[str, str] = {}
    for entry in [*data["provinces"], *(n for n, _ in data["regencies"]), *(n for n, _ in data["cities"])]:
        name, alias = split_bracketed(entry)
        names[name] = name
        if alias:
            names.setdefault(alias, name)
    names.update(data["short"])
    return {tuple(TOKEN.findall(n)): canonical for n, canonical in names.items()}


def split_bracketed(entry: str) -> tuple[str, str | None]:
    """'Surakarta (Solo)' → ('Surakarta', 'Solo'); 'Adm. Jakarta Utara' → ('Jakarta Utara', None)."""
    entry = re.sub(r"^\s*Adm\.\s*", "", entry)
    match = re.fullmatch(r"\s*(.+?)\s*\(\s*(.+?)\s*\)\s*", entry)
    return (match.group(1), match.group(2)) if match else (entry.strip(), None)


_FIRST_WORDS: dict[int, dict[str, int]] = {}


def first_words(table: dict[tuple[str, ...], str]) -> dict[str, int]:
    """First word of the table's entries → the longest entry starting with it (tables are built once)."""
    key = id(table)
    if key not in _FIRST_WORDS:
        index: dict[str, int] = {}
        for words in table:
            if words:
                index[words[0]] = max(index.get(words[0], 0), len(words))
        _FIRST_WORDS[key] = index
    return _FIRST_WORDS[key]


def longest_match(tokens: list[Token], index: int, table: dict[tuple[str, ...], str], max_len: int = 8,
                  ignore_case: bool = False) -> int:
    """Number of tokens from index that form the longest entry of table (0 when none)."""
    if index >= len(tokens):
        return 0
    first = tokens[index].text.lower() if ignore_case else tokens[index].text
    # most calls end here, so the table's first-word index is looked up inline (~730 calls per short article)
    longest = (_FIRST_WORDS.get(id(table)) or first_words(table)).get(first, 0)
    if not longest:
        return 0
    for length in range(min(max_len, longest, len(tokens) - index), 0, -1):
        words = tuple(t.text for t in tokens[index : index + length])
        if ignore_case:
            words = tuple(w.lower() for w in words)
        if words in table:
            return length
    return 0


@lru_cache(maxsize=16)
def headline_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of title-case lines (headlines), where every word is capitalised anyway."""
    spans, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        words = re.findall(r"[A-Za-z][\w-]*", stripped)
        if (len(words) >= 4 and not stripped.endswith((".", "!", "?", '"', "”"))
                and sum(w[0].isupper() for w in words) / len(words) >= 0.7):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return tuple(spans)


def in_headline(text: str, position: int) -> bool:
    """Whether a character offset lies in a title-case line (a headline, where every word is capitalised)."""
    spans = headline_spans(text)
    if not spans or position >= spans[-1][1]:  # past the last headline: most words of an article (~300 asks)
        return False
    index = bisect_right(spans, (position, len(text) + 1)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]
