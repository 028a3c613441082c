"""Officials as people: one entry per person across mentions, short-name links, and attributed quotes."""

from __future__ import annotations

import re
from typing import Any

from extract.facts.first_chars import with_first_char_lookahead
from extract.facts.lexicon import is_position_word, person_names, positions, speech_verbs
from extract.facts.model import Fact
from extract.facts.names import normalise_name
from extract.facts.officials import degree_free, split_organization

# The speaker after the verb runs to the sentence end; periods of honorifics and initials ("Dr.", "H.") don't end it.
TITLE_DOT = r"(?:(?<=\b[A-Z])|(?<=\b[A-Z][a-z])|(?<=\bDrs)|(?<=\bDra)|(?<=\bProf)|(?<=\bKH)|(?<=\bMoch)|(?<=\bMuh))\."
QUOTE = re.compile(
    r"[“\"](?P<quote>[^”\"\n]{8,800}?)[,.!?]?\s*[”\"]\s*,?\s*(?P<verb>kata|ujar|ucap|tutur|jelas|papar|imbuh|ungkap|tegas|"
    r"terang|sebut|pungkas|lanjut|tambah|tukas|harap|sambung)(?P<nya>nya)?\b(?P<who>(?:[^.\n\"“]|" + TITLE_DOT + r"){0,160})"
)
# 'Titik mengatakan, "…"' and 'Menurut Titik, "…"': the speaker before the verb and the quote after it.
QUOTE_AFTER_PATTERN = (
    r"(?:\b[Mm]enurut\s+(?P<who2>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})|(?P<who>\b[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})"
    r"\s+(?P<verb>mengatakan|menuturkan|menjelaskan|mengungkapkan|menyampaikan|menambahkan|menegaskan|memaparkan|"
    r"menerangkan|berujar|berkata|menyatakan|mengimbau|berpesan))\s*[,:]?\s*[“\"](?P<quote>[^”\"\n]{8,800}?)[,.!?]?\s*[”\"]"
)
QUOTE_AFTER = re.compile(with_first_char_lookahead(QUOTE_AFTER_PATTERN))  # same matches, most places rejected at once
PRONOUNS = {"Ia", "Dia", "Beliau"}


def normalise_position(position: str) -> str:
    """Expand abbreviated titles ("Dirjen" → "Direktur Jenderal") so one person's mentions line up."""
    expand = positions()["expand"]
    return " ".join(expand.get(word.rstrip(".,"), word) for word in position.split())


def _person_key(name: str, people: dict[str, dict[str, Any]]) -> str:
    """The key of the person a name refers to: a full name, or one whose name contains this short one."""
    key = normalise_name(name)
    if key in people:
        return key
    words = key.split()
    candidates = [k for k in people if set(words) <= set(k.split()) or set(k.split()) <= set(words)]
    return candidates[0] if len(candidates) == 1 else key


def group_officials(mentions: list[Fact], text: str) -> list[dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    for mention in sorted(mentions, key=lambda m: -len(m.attrs["name"].split())):
        name = degree_free(mention.attrs["name"])
        key = _person_key(name, people)
        person = people.setdefault(key, {"name": name, "positions": [], "mentions": []})
        if len(name.split()) > len(person["name"].split()):
            person["name"] = name
        person["positions"].append(mention.attrs["position"])
        person["mentions"].append(mention)
    officials = []
    for person in people.values():
        written = max(person["positions"], key=lambda p: (len(p.split()), len(p)))
        position, organization = split_organization(written)
        officials.append({"name": person["name"], "position": position, "organization": organization,
                          "position_normalized": normalise_position(position), "mentions": person["mentions"]})
    _link_short_names(officials, text)
    return sorted(officials, key=lambda o: min(m.start for m in o["mentions"]))


def _link_short_names(officials: list[dict[str, Any]], text: str) -> None:
    """Add later mentions by first name or surname ("Gati menuturkan") to the person they belong to."""
    owners: dict[str, list[dict[str, Any]]] = {}
    for official in officials:
        for word in official["name"].split():
            if len(word) > 2 and word[0].isupper() and not word.endswith("."):
                owners.setdefault(word, []).append(official)
    for word, people in owners.items():
        if len(people) != 1:
            continue
        official = people[0]
        spans = [(m.start, m.end) for m in official["mentions"]]
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            if not any(s <= match.start() < e for s, e in spans):
                official["mentions"].append(Fact("official", word, match.start(), match.end(), "official.short_name",
                                                 {"name": official["name"]}))


def attribute_quotes(officials: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Quotes with a speech verb ("…," kata Heru; Heru mengatakan, "…"), each credited to the speaker the
    attribution names, or, for -nya and pronouns, to the person named last before it: an official, or anyone else
    (a participant, a business owner: `official` false). A quote whose speaker cannot be told has speaker None."""
    quotes: list[dict[str, Any]] = []
    found = [(m, "quote.speech_verb") for m in QUOTE.finditer(text)]
    found += [(m, "quote.speaker_first") for m in QUOTE_AFTER.finditer(text)]
    people = person_mentions(officials, text)
    for match, rule in sorted(found, key=lambda pair: pair[0].start("quote")):
        if any(q["start"] == match.start("quote") for q in quotes):
            continue
        who = match.group("who") or match.groupdict().get("who2") or ""
        pronoun = bool(match.groupdict().get("nya")) or who.strip() in PRONOUNS
        name, official = _speaker(officials, people, text, who, pronoun, match.start())
        verb = match.group("verb") or "menurut"
        quotes.append({"speaker": name, "official": official is not None, "quote": match.group("quote").strip(),
                       "verb": verb + (match.groupdict().get("nya") or ""), "start": match.start("quote"),
                       "end": match.end("quote"), "rule": rule})
        if official is not None:
            official.setdefault("quotes", []).append(quotes[-1])
    return sorted(quotes, key=lambda q: q["start"])


Person = tuple[int, str, "dict[str, Any] | None"]  # (offset, name, the official or None)


def person_mentions(officials: list[dict[str, Any]], text: str) -> list[Person]:
    """Where people are named: the officials' mentions, and other names ("peserta asal Klaten, Rina Wati,")."""
    people: list[Person] = [(m.start, o["name"], o) for o in officials for m in o["mentions"]]
    spans = [(m.start, m.end) for o in officials for m in o["mentions"]]
    for match in NAME_RUN.finditer(text):
        words = match.group(0).split()
        if words[0] in person_names()[0] and not any(s <= match.start() < e for s, e in spans) and (
                len(words) > 1 or words[0] in person_names()[1] or _named_alone(text, match.end())):
            people.append((match.start(), match.group(0), None))
    return sorted(people, key=lambda p: p[0])


NAME_RUN_PATTERN = r"(?<![\w.-])[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3}(?![\w-])"
NAME_RUN = re.compile(with_first_char_lookahead(NAME_RUN_PATTERN))
PARTICIPANTS = re.compile(r"\b(?:peserta|perajin|pengrajin|pemilik|pelaku usaha|pelaku IKM|warga|pembeli|pengunjung|"
                          r"pedagang|petani|nelayan|santri|siswa|mahasiswa|ibu rumah tangga|pengusaha)\b", re.IGNORECASE)


def _named_alone(text: str, end: int) -> bool:
    """A single given name used as a name: followed by a comma, a speech verb or 'mengaku'."""
    after = text[end : end + 14].lstrip()
    return after.startswith(",") or after.split(" ")[0].rstrip(",.") in speech_verbs()


def _speaker(officials: list[dict[str, Any]], people: list[Person], text: str, who: str, pronoun: bool,
             at: int) -> tuple[str | None, dict[str, Any] | None]:
    words = who.replace(",", " ").split()
    for official in officials:
        if any(word in words for word in official["name"].split() if len(word) > 2):
            return official["name"], official
    named = NAME_RUN.search(who)
    first = named.group(0).split()[0] if named else ""
    if named and not pronoun and first not in PRONOUNS and not is_position_word(first):
        given, family = person_names()
        if first in given or first in family:
            return _fullest(named.group(0), people), None  # a person who is not an official
        sentence_start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at))
        here = [p for p in people if sentence_start < p[0] < at]  # "Siti dari kelompok Padurenan mengatakan, …"
        return (here[0][1], here[0][2]) if here else (None, None)
    if pronoun:
        before = [p for p in people if p[0] < at]
        if not before or PARTICIPANTS.search(text[before[-1][0] : at]) and before[-1][2] is not None:
            return None, None  # an unnamed participant spoke after the last person named
        name, holder = before[-1][1], before[-1][2]
        return (name if holder else _fullest(name, people)), holder
    return None, None


def _fullest(name: str, people: list[Person]) -> str:
    """The longest name of a non-official named in the article that contains this one ("Rudi" → "Rudi Hartono")."""
    words = set(name.split())
    longer = [p[1] for p in people if p[2] is None and words <= set(p[1].split())]
    return max(longer, key=len) if longer else name
