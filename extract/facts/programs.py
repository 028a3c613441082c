"""Programmes: known ones from the gazetteer, new ones from how news names them ("ajang …", "Penghargaan …")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from extract.facts.lexicon import (
    Token,
    first_words,
    in_headline,
    longest_match,
    position_heads,
    region_names,
    tokenize,
    vocabulary,
)
from extract.facts.model import Fact
from extract.facts.rules import checked_entries, gazetteer

QUOTES = {'"', "“", "”", "'", "‘", "’"}
WORD = re.compile(r"[a-z0-9]+")


@cache
def _data() -> dict:
    checked_entries("programs", "programs", frozenset({"id", "name", "aliases"}), frozenset({"generic"}))
    return gazetteer("programs")


@cache
def _aliases() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    """(acronyms matched as written, other aliases matched lower-cased) → programme id."""
    exact, folded = {}, {}
    for programme in _data()["programs"]:
        for alias in [programme["name"], *programme["aliases"]]:
            words = tuple(t.text for t in tokenize(alias))
            if alias.isupper():
                exact[words] = programme["id"]
            else:
                folded[tuple(w.lower() for w in words)] = programme["id"]
    return exact, folded


@cache
def _gazetteer_names() -> dict[str, str]:
    """Programme id → the gazetteer's name (a known programme's canonical name, whatever the article wrote)."""
    return {programme["id"]: programme["name"] for programme in _data()["programs"]}


@cache  # the crawl's process asks for every article it stores
def known_programme_ids() -> frozenset[str]:
    return frozenset(programme["id"] for programme in _data()["programs"])


LEADING_GENERIC = {"program", "gerakan", "kegiatan"}


@cache
def generic_ids() -> frozenset[str]:
    return frozenset(p["id"] for p in _data()["programs"] if p.get("generic"))


def phrase_programme_id(phrase: str) -> str | None:
    """The gazetteer id of a found name: the name itself, without a leading "Program" or a trailing year,
    or a name that starts with a known programme of two or more words ("Penghargaan Upakarti 2024")."""
    exact, folded = _aliases()
    words = [t.text for t in tokenize(phrase)]
    if tuple(words) in exact:
        return exact[tuple(words)]
    lowered = [w.lower() for w in words]
    if tuple(lowered) in folded:
        return folded[tuple(lowered)]
    if lowered and lowered[0] in LEADING_GENERIC and len(lowered) > 1:
        lowered = lowered[1:]
    if lowered and re.fullmatch(r"(19|20)\d\d", lowered[-1]):
        lowered = lowered[:-2] if len(lowered) > 2 and lowered[-2] == "tahun" else lowered[:-1]  # "… Tahun 2020"
    if tuple(lowered) in folded:
        return folded[tuple(lowered)]
    for length in range(len(lowered) - 1, 1, -1):
        prefix_id = folded.get(tuple(lowered[:length]))
        if prefix_id and prefix_id not in generic_ids():
            return prefix_id
    if words and (words[0],) in exact and exact[(words[0],)] not in generic_ids():
        return exact[(words[0],)]  # "OVOP Bintang 4": a known acronym opening the name
    return exact.get(tuple(words[1:])) if len(words) == 2 and words[0].lower() in LEADING_GENERIC else None


@cache
def _opening_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words as written, lower-cased words) a mention can open with in find_program_mentions: a head, a trailing
    head, a trigger, an alias's first word."""
    exact, folded = _aliases()
    data = _data()
    return (frozenset([*data["name_heads"], *data["trailing_heads"], *first_words(exact)]),
            frozenset([*data["name_triggers"], *first_words(folded)]))


def gazetteer_match(tokens: list[Token], i: int) -> tuple[int, str | None]:
    exact, folded = _aliases()
    if i >= len(tokens) or tokens[i].text not in first_words(exact) and tokens[i].text.lower() not in first_words(
            folded):
        return 0, None  # no alias starts with this word (~140 words a short article ask)
    length = longest_match(tokens, i, exact)
    longer = longest_match(tokens, i, folded, ignore_case=True)
    if length and longer <= length:
        return length, exact[tuple(t.text for t in tokens[i : i + length])]
    length = longer
    if length and (tokens[i].text[:1].isupper() or not tokens[i].text[:1].isalpha() or "-" in tokens[i].text):
        return length, folded[tuple(t.text.lower() for t in tokens[i : i + length])]
    return 0, None


def _name_token(token: Token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit() or bool(re.match(r"^[a-z]+-[A-Z]", token.text))


def extend_name(text: str, tokens: list[Token], start: int) -> int:
    """End index of a capitalised name phrase from start (lower-case connectors inside, not at the end)."""
    connectors = set(_data()["connectors"])
    j = start
    while j < len(tokens) and "\n" not in text[tokens[j - 1].end : tokens[j].start] if j > start else j < len(tokens):
        token = tokens[j]
        if _name_token(token) and (j == start or token.text not in _data()["not_programs"] or j > start + 1):
            j += 1
        elif (token.text in ("(", "[") and j > start and j + 2 < len(tokens) and tokens[j + 1].is_cap
              and tokens[j + 2].text in (")", "]") and j + 3 < len(tokens) and _name_token(tokens[j + 3])):
            j += 3  # "Bimbingan Teknis (Bimtek) Pengolahan Kopi": the abbreviation sits inside the name
        elif token.text in connectors and j + 1 < len(tokens) and _name_token(tokens[j + 1]) and j > start:
            if _ends_name(tokens, j) or tokens[j + 1].text[:1].isdigit() or _second_programme(tokens, start, j):
                break
            j += 1
        else:
            break
    while j > start + 1 and (tokens[j - 1].text in connectors or _is_trailing_organisation(tokens[j - 1].text)):
        j -= 1
    return _past_expansion(tokens, j)


def _past_expansion(tokens: list[Token], j: int) -> int:
    """'Program OPOP (Satu Pesantren Satu Produk)': the bracketed expansion of an acronym closing the name is kept."""
    if j >= len(tokens) or tokens[j].text != "(" or not tokens[j - 1].is_acronym:
        return j
    k = j + 1
    while k < len(tokens) and k - j <= 6 and (_name_token(tokens[k]) or tokens[k].text in ("and", "of", "dan")):
        k += 1
    return k + 1 if k < len(tokens) and tokens[k].text == ")" and k - j >= 3 else j


def _second_programme(tokens: list[Token], start: int, j: int) -> bool:
    """'Restrukturisasi Mesin … serta Penumbuhan Wirausaha Baru': a connector between two programmes
    (but 'Penumbuhan dan Pengembangan WUB' is one name: a lone head word before the connector)."""
    following = tokens[j + 1]
    if tokens[j].text in ("dan", "serta", "&") and j - start >= 2:
        return (following.text in _data()["name_heads"] or bool(gazetteer_match(tokens, j + 1)[0])
                or gazetteer_match(tokens, start)[0] == j - start  # "Gernas BBI dan Hari Belanja …"
                or following.text in _data()["not_programs"])
    return tokens[j].text == "di" and following.is_acronym


def _is_trailing_organisation(word: str) -> bool:
    """'e-Smart IKM Ditjen IKMA Kemenperin': the organiser is not part of the programme's name."""
    from extract.facts.entities import organisation_abbreviations

    return word in organisation_abbreviations() or word in {"Ditjen", "Kementerian", "Dinas", "Pemkab", "Pemkot",
                                                            "Pemprov"}


CALENDAR = re.compile(r"^(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|"
                      r"Desember|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)$")


def _ends_name(tokens: list[Token], j: int) -> bool:
    """A place, audience or date after "di", "bagi", "pada" … is not part of the programme's name."""
    if tokens[j].text not in _data()["stop_after_connectors"]:
        return False
    following = tokens[j + 1].text
    if CALENDAR.match(following):
        return True
    return following in _data()["stop_words_after_connector"] or bool(longest_match(tokens, j + 1, region_names()))


def _headline(text: str, position: int) -> bool:
    return in_headline(text, position)


def abbreviations_in(text: str, start: int, end: int) -> list[str]:
    """Bracketed abbreviations written inside or right after a name ("Bimbingan Teknis (Bimtek) …")."""
    found = re.findall(r"[(\[]\s*([A-Z][\w-]{1,14})\s*[)\]]", text[start : min(len(text), end + 20)])
    return list(dict.fromkeys(found))


def _run_start(text: str, tokens: list[Token], i: int) -> int:
    """Start of the capitalised run ending at token i ("Indonesia International Furniture Expo")."""
    start = i
    english = False  # "Indonesia Fashion and Craft Awards": past an English connector the whole run is the name
    while start > 0 and "\n" not in text[tokens[start - 1].end : tokens[start].start]:
        previous = tokens[start - 1]
        if previous.text in ("and", "of", "&") and start > 1 and _name_token(tokens[start - 2]):
            start, english = start - 1, True
            continue
        if not _name_token(previous) or previous.text in _data()["not_programs"] or (
                previous.text in vocabulary() and not english):
            break
        start -= 1
    return start


def _not_a_company_or_person(tokens: list[Token], start: int) -> bool:
    """'PT Anugerah Surya Pratama' is a company; 'program Dewi Jones' names a person."""
    from extract.facts.lexicon import person_names

    if start >= len(tokens):
        return False
    before = tokens[start - 1].text.rstrip(".") if start > 0 else ""
    from extract.facts.names import is_honorific

    given, family = person_names()
    person = tokens[start].text in given and start + 1 < len(tokens) and tokens[start + 1].text in family
    person = person or is_honorific(tokens[start].text) or bool(CALENDAR.match(tokens[start].text))
    return before not in {"PT", "CV", "UD", "PD"} and not person


def _quoted(tokens: list[Token], start: int) -> int:
    """End index (exclusive, before the closing quote) of a quoted title opening at start."""
    for j in range(start + 1, min(start + 16, len(tokens))):
        if tokens[j].text in QUOTES:
            return j
    return start


@dataclass
class ProgramMention:
    text: str
    start: int
    end: int
    rule: str
    programme_id: str | None = None
    aliases: list[str] = field(default_factory=list)
    alias_of: str | None = None


def _span(text: str, tokens: list[Token], start: int, end: int) -> str:
    """The name as written, without abbreviations in brackets inside it."""
    raw = re.sub(r"\s*[(\[][^)\]]{1,15}[)\]]\s*", " ", text[tokens[start].start : tokens[end - 1].end])
    return " ".join(raw.split())


def _is_organisation(tokens: list[Token], start: int, end: int | None = None) -> bool:
    """'program Kemenperin', 'kegiatan Dinas Perindustrian': vocabulary words only (or a position) after a trigger;
    'kegiatan Kriya Muda Berkarya' names an event although it opens with one."""
    words = [t.text for t in tokens[start : end or start + 1]]
    return all(w in vocabulary() or not w[:1].isalpha() for w in words) and words[0] not in _data()["name_heads"] or bool(
        longest_match(tokens, start, position_heads()))


def _mention(text: str, tokens: list[Token], start: int, end: int, rule: str) -> ProgramMention:
    phrase = _span(text, tokens, start, end)
    return ProgramMention(phrase, tokens[start].start, tokens[end - 1].end, rule, phrase_programme_id(phrase),
                          abbreviations_in(text, tokens[start].start, tokens[end - 1].end))


def _known_pair(text: str, tokens: list[Token], start: int, end: int) -> list[tuple[int, int]]:
    """'Upakarti dan IGDS 2023', 'Inacraft dan IFEX': two known programmes joined by a conjunction are two, not one
    name; any other run is one span."""
    for k in range(start + 1, end - 1):
        if tokens[k].text in ("dan", "serta", "&") and all(
                (known := phrase_programme_id(_span(text, tokens, a, b))) and known not in generic_ids()
                for a, b in ((start, k), (k + 1, end))):
            return [(start, k), (k + 1, end)]
    return [(start, end)]


def _coordinated(text: str, tokens: list[Token], end: int, found: list[ProgramMention]) -> int:
    """'Gernas BBI dan Hari Belanja Online Nasional': a capitalised name joined to a programme is one too."""
    start = end + 1
    if not (start < len(tokens) and tokens[end].text in ("dan", "serta") and _name_token(tokens[start])
            and "\n" not in text[tokens[end - 1].end : tokens[start].start]):
        return end
    if (_is_organisation(tokens, start) or longest_match(tokens, start, region_names()) or CALENDAR.match(
            tokens[start].text) or tokens[start].text in _data()["not_programs"]
            or not _not_a_company_or_person(tokens, start)):
        return end
    stop = extend_name(text, tokens, start)
    if stop - start < 2 or gazetteer_match(tokens, start)[0]:
        return end  # a single word, or a known programme the main loop finds by itself
    found.append(_mention(text, tokens, start, stop, "program.coordinated"))
    return stop


def find_program_mentions(text: str) -> list[ProgramMention]:
    tokens = tokenize(text)
    heads, triggers = set(_data()["name_heads"]), set(_data()["name_triggers"])
    written, lowered = _opening_words()
    found: list[ProgramMention] = []
    i = 0
    while i < len(tokens):
        token, end, rule = tokens[i], i, ""
        if token.text not in written and token.text.lower() not in lowered or _headline(text, token.start):
            i += 1  # no head, trigger or alias starts with this word (most words), or a headline's
            continue
        if token.text in _data()["trailing_heads"] and i > 0 and _run_start(text, tokens, i) < i:
            start = _run_start(text, tokens, i)
            end, rule = extend_name(text, tokens, i), "program.capitalised_head"
            if tokens[end - 1].text in _data()["venues"]:
                end = i
            else:  # the run's known programme ("Santripreneur Award") becomes part of this name
                found = [f for f in found if not f.start >= tokens[start].start]
        elif token.text in heads and token.text[:1].isupper():
            end, rule = extend_name(text, tokens, i), "program.capitalised_head"
            start = i
            if end - start < 2:
                end = start
        elif token.text.lower() in triggers and token.text.islower() and i + 1 < len(tokens):
            start = i + 1
            if tokens[start].text in QUOTES and start + 1 < len(tokens) and _name_token(tokens[start + 1]):
                start, end = start + 1, _quoted(tokens, start)
                rule = "program.quoted_title" if end > start else ""
            elif _name_token(tokens[start]) and not _is_organisation(tokens, start, extend_name(text, tokens, start)):
                end, rule = extend_name(text, tokens, start), "program.after_trigger"
                if end - start < 2 and token.text in _data()["weak_triggers"]:
                    end = i
        if end > i and rule and _not_a_company_or_person(tokens, start):
            found += [_mention(text, tokens, a, b, rule) for a, b in _known_pair(text, tokens, start, end)]
            i = _coordinated(text, tokens, end, found)
            continue
        length, programme_id = gazetteer_match(tokens, i)
        if length:
            if i + length < len(tokens) and re.fullmatch(r"(19|20)\d\d", tokens[i + length].text):
                length += 1  # "IFEX 2024": one edition of a known event
            elif length > 1 and (longer := extend_name(text, tokens, i)) > i + length:
                longer_id = phrase_programme_id(_span(text, tokens, i, longer))
                length, programme_id = longer - i, longer_id or (None if programme_id in generic_ids() else programme_id)
            found.append(ProgramMention(_span(text, tokens, i, i + length), token.start, tokens[i + length - 1].end,
                                        "program.gazetteer", programme_id,
                                        abbreviations_in(text, token.start, tokens[i + length - 1].end)))
            i = _coordinated(text, tokens, i + length, found)
            continue
        i += 1
    return found


def to_facts(mentions: list[ProgramMention]) -> list[Fact]:
    return [Fact("program", m.text, m.start, m.end, m.rule,
                 {"programme_id": m.programme_id, "aliases": m.aliases, "alias_of": m.alias_of}) for m in mentions]
