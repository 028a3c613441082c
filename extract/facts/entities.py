"""Organisations (with abbreviations), places (provinces, regencies, cities) and named IKM businesses."""

from __future__ import annotations

import re
from functools import cache

from extract.facts.lexicon import Token, first_words, longest_match, region_names, tokenize, vocabulary
from extract.facts.model import Fact
from extract.facts.rules import checked_entries, gazetteer

ABBREVIATION = re.compile(r"\(\s*([A-Z][A-Za-z]{1,15}(?:\s[A-Z]{2,})?)\s*\)")


@cache
def _orgs() -> dict:
    checked_entries("organizations", "organizations", frozenset({"abbr", "name"}))
    return gazetteer("organizations")


@cache
def _abbreviations() -> dict[tuple[str, ...], str]:
    return {tuple(t.text for t in tokenize(o["abbr"])): o["name"] for o in _orgs()["organizations"]}


@cache
def craft_heads() -> frozenset[str]:
    """Craft nouns that open a named IKM business ("Batik Winotosastro")."""
    return frozenset(_orgs()["craft_heads"])


@cache
def organisation_abbreviations() -> frozenset[str]:
    """Single words that name an organisation (Kemenperin, IKMA, BBKB …)."""
    return frozenset(w for words in _abbreviations() for w in words if len(words) == 1)


@cache
def _organisation_openers() -> frozenset[str]:
    """Words find_organizations can start at: an abbreviation's first word, an organisation head."""
    return frozenset([*first_words(_abbreviations()), *_orgs()["heads"]])


def _extend(tokens: list[Token], start: int, text: str) -> int:
    j = start + 1
    while j < len(tokens) and "\n" not in text[tokens[j - 1].end : tokens[j].start]:
        token = tokens[j]
        known = token.text in vocabulary() or longest_match(tokens, j, region_names())
        joins = token.text in (",", "dan", "serta") and j + 1 < len(tokens) and tokens[j + 1].text in vocabulary()
        if (token.text[:1].isupper() and known) or joins:
            j += 1
        else:
            break
    return j


def find_organizations(text: str) -> list[Fact]:
    """Known abbreviations, and "Kementerian …"/"Dinas …" names with a bracketed abbreviation if given."""
    tokens = tokenize(text)
    facts: list[Fact] = []
    i = 0
    openers = _organisation_openers()
    while i < len(tokens):
        if tokens[i].text not in openers:  # no abbreviation or organisation head starts here (most words)
            i += 1
            continue
        length = longest_match(tokens, i, _abbreviations())
        if length:
            words = tuple(t.text for t in tokens[i : i + length])
            facts.append(Fact("organization", " ".join(words), tokens[i].start, tokens[i + length - 1].end,
                              "organization.abbreviation", {"name": _abbreviations()[words], "abbr": " ".join(words)}))
            i += length
            continue
        if tokens[i].text in _orgs()["heads"]:
            end = _extend(tokens, i, text)
            if end - i >= 2 or tokens[i].text.startswith("Pem"):
                name = " ".join(text[tokens[i].start : tokens[end - 1].end].split())
                abbr = ABBREVIATION.match(text, tokens[end - 1].end)
                facts.append(Fact("organization", name, tokens[i].start, tokens[end - 1].end, "organization.named",
                                  {"name": name, "abbr": abbr.group(1) if abbr else None}))
                i = end
                continue
        i += 1
    return facts


def find_places(text: str) -> list[Fact]:
    tokens = tokenize(text)
    facts, i = [], 0
    while i < len(tokens):
        length = longest_match(tokens, i, region_names()) if tokens[i].text[:1].isupper() else 0
        if length:
            words = tuple(t.text for t in tokens[i : i + length])
            facts.append(Fact("location", " ".join(words), tokens[i].start, tokens[i + length - 1].end,
                              "location.gazetteer", {"name": region_names()[words]}))
            i += length
        else:
            i += 1
    return facts


def _craft_business(tokens: list[Token], i: int, text: str) -> int:
    """End of 'Batik Winotosastro' at token i (craft noun + 1–3 capitalised name words after a cue); i if none."""
    orgs = _orgs()
    if tokens[i].text not in orgs["craft_heads"] or i == 0:
        return i
    j = i + 1
    while (j < len(tokens) and j - i <= 3 and tokens[j].text[:1].isupper() and tokens[j].text not in vocabulary()
           and not longest_match(tokens, j, region_names()) and "\n" not in text[tokens[j - 1].end : tokens[j].start]):
        j += 1
    cue = tokens[i - 1].text.lower() in {c.lower() for c in orgs["business_cues"]}
    owned = j < len(tokens) and tokens[j].text == "milik"
    return j if j > i + 1 and (cue or owned) else i


def find_businesses(text: str) -> list[Fact]:
    tokens = tokenize(text)
    heads = {h.rstrip(".") for h in _orgs()["business_heads"]} - {"Koperasi"}
    facts, i = [], 0
    while i < len(tokens):
        if tokens[i].text in heads:
            j = i + 1 + (1 if i + 1 < len(tokens) and tokens[i + 1].text == "." else 0)
            start = j
            while j < len(tokens) and tokens[j].text[:1].isupper() and j - start < 6:
                j += 1
            if j > start:
                name = " ".join(text[tokens[i].start : tokens[j - 1].end].replace(". ", " ").split())
                facts.append(Fact("business", name, tokens[i].start, tokens[j - 1].end, "business.legal_form",
                                  {"name": name}))
                i = j
                continue
        if tokens[i].text in craft_heads() and (j := _craft_business(tokens, i, text)) > i:
            name = " ".join(text[tokens[i].start : tokens[j - 1].end].split())
            facts.append(Fact("business", name, tokens[i].start, tokens[j - 1].end, "business.craft_name", {"name": name}))
            i = j
            continue
        i += 1
    return facts
