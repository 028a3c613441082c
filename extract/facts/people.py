"""Officials as people: one entry per person across mentions, short-name links, and attributed quotes."""

from __future__ import annotations

import re
from typing import Any

from extract.facts.lexicon import positions
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
QUOTE_AFTER = re.compile(
    r"(?:\b[Mm]enurut\s+(?P<who2>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})|(?P<who>\b[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})"
    r"\s+(?P<verb>mengatakan|menuturkan|menjelaskan|mengungkapkan|menyampaikan|menambahkan|menegaskan|memaparkan|"
    r"menerangkan|berujar|berkata|menyatakan|mengimbau|berpesan))\s*[,:]?\s*[“\"](?P<quote>[^”\"\n]{8,800}?)[,.!?]?\s*[”\"]"
)
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
    """Quotes with a speech verb ("…," kata Heru; Heru mengatakan, "…"), attributed to the official named
    or, for -nya and pronouns, to the one mentioned last."""
    quotes: list[dict[str, Any]] = []
    found = [(m, "quote.speech_verb") for m in QUOTE.finditer(text)]
    found += [(m, "quote.speaker_first") for m in QUOTE_AFTER.finditer(text)]
    for match, rule in sorted(found, key=lambda pair: pair[0].start("quote")):
        if any(q["start"] == match.start("quote") for q in quotes):
            continue
        who = match.group("who") or match.groupdict().get("who2") or ""
        pronoun = bool(match.groupdict().get("nya")) or who in PRONOUNS
        speaker = _speaker(officials, who, pronoun, match.start())
        if speaker:
            verb = match.group("verb") or "menurut"
            quotes.append({"speaker": speaker["name"], "quote": match.group("quote").strip(),
                           "verb": verb + (match.groupdict().get("nya") or ""), "start": match.start("quote"),
                           "end": match.end("quote"), "rule": rule})
            speaker.setdefault("quotes", []).append(quotes[-1])
    return sorted(quotes, key=lambda q: q["start"])


def _speaker(officials: list[dict[str, Any]], who: str, pronoun: bool, at: int) -> dict[str, Any] | None:
    words = who.replace(",", " ").split()
    for official in officials:
        if any(word in words for word in official["name"].split() if len(word) > 2):
            return official
    if pronoun:
        before = [(m.start, o) for o in officials for m in o["mentions"] if m.start < at]
        return max(before, key=lambda pair: pair[0])[1] if before else None
    return None
