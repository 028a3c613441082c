"""Place mentions in a text and the cue rule that decides each (configs/rules/regions.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from extract.facts.first_chars import scanned_already, with_first_char_lookahead
from extract.facts.region_gazetteer import Gazetteer, Landmark, Place, load_gazetteer, name_pattern, squash
from extract.facts.rules import RULES_DIR, safe_load

RULE_FILE = RULES_DIR / "regions.yaml"
KINDS = {"skip_line", "exclude", "home", "event", "organiser", "statement", "gathering", "dateline", "weak",
         "fallback"}
WHERES = {"line", "clause", "sentence", "left", "right", "head"}
CHAIN_TOKEN = re.compile(r"[\w'’]+(?:[-.][\w'’]+)*\.?|[^\w\s]")
CHAIN_PUNCT = set(",()/&-–.")
DATELINE_LINES = 14


@dataclass(frozen=True)
class RegionRule:
    id: str
    kind: str
    where: str
    regex: re.Pattern[str]


@dataclass
class Mention:
    """One place name in the text, what it resolves to, and the rules that fired on it."""

    start: int
    end: int
    text: str
    prefix: str  # "kabupaten", "kota", "provinsi" or ""
    key: str  # squashed name without prefix
    places: list[Place]  # resolved (two candidates while a shared bare name is unresolved)
    landmark: Landmark | None
    kind: str = "plain"
    rule: str = "region.plain"
    fired: list[str] = field(default_factory=list)
    gathering: bool = False
    statement: bool = False
    weak: bool = False  # a planned event, or a place inside a quotation
    sentence: tuple[int, int] = (0, 0)


def _rule(entry: dict[str, Any]) -> RegionRule:
    where = f"{RULE_FILE}: rule {entry.get('id', '?')!r}"
    missing = {"id", "kind", "where", "pattern", "positive", "negative"} - set(entry)
    if missing or entry["kind"] not in KINDS or entry["where"] not in WHERES:
        raise ValueError(f"{where}: needs id, kind ({'/'.join(sorted(KINDS))}), where ({'/'.join(sorted(WHERES))}), "
                         f"pattern, positive, negative; got {sorted(entry)}")
    try:
        pattern = entry["pattern"]  # the same matches, with most starting places rejected at once (first_chars)
        fast = pattern if scanned_already(pattern, re.IGNORECASE) else with_first_char_lookahead(pattern, re.IGNORECASE)
        return RegionRule(entry["id"], entry["kind"], entry["where"], re.compile(fast, re.IGNORECASE))
    except re.error as exc:
        raise ValueError(f"{where}: pattern: {exc}") from None


@cache
def rule_data() -> dict[str, Any]:
    try:
        data: dict[str, Any] = safe_load(RULE_FILE.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{RULE_FILE}: not valid YAML: {' '.join(str(exc).split())}") from None
    return data


@cache
def region_rules() -> tuple[RegionRule, ...]:
    rules = tuple(_rule(entry) for entry in rule_data()["rules"])
    if len({r.id for r in rules}) != len(rules):
        raise ValueError(f"{RULE_FILE}: duplicate rule ids")
    return rules


@cache
def chain_words() -> frozenset[str]:
    return frozenset(w.lower() for w in rule_data()["chain_words"])


@cache
def rules_of(kind: str, where: str | None = None) -> tuple[RegionRule, ...]:
    """The rules of one kind (and place), once per process: every place mention asks for them several times."""
    return tuple(r for r in region_rules() if r.kind == kind and (where is None or r.where == where))


def _resolve(gaz: Gazetteer, prefix: str, key: str) -> tuple[list[Place], Landmark | None]:
    """Candidate places of one name: a town or venue gives its province; a shared bare name gives two."""
    if not prefix and key in gaz.landmarks:
        landmark = gaz.landmarks[key]
        return [gaz.province(landmark.province)], landmark
    if prefix == "provinsi" and key in gaz.provinces:
        return [gaz.places[gaz.provinces[key]]], None
    if key in gaz.aliases and not (prefix and key in gaz.regencies):
        return [gaz.places[gaz.aliases[key]]], None
    codes = gaz.regencies.get(key, [])
    if codes:
        wanted = {"kabupaten": "regency", "kota": "city"}.get(prefix)
        chosen = [c for c in codes if gaz.places[c].level == wanted] if wanted else codes
        return [gaz.places[c] for c in (chosen or codes)], None
    if key in gaz.provinces:
        return [gaz.places[gaz.provinces[key]]], None
    return [], None


def _prefix_kind(prefix: str) -> str:
    lowered = prefix.lower().strip()
    if lowered.startswith("kab"):
        return "kabupaten"
    if lowered.startswith(("kota", "kodya")):
        return "kota"
    return "provinsi" if lowered.startswith("pro") else ""


def find_mentions(text: str) -> list[Mention]:
    """Every capitalised name of a province, kabupaten/kota, town or venue, with its candidates."""
    gaz, found = load_gazetteer(), []
    for match in name_pattern().finditer(text):
        name, prefix = match.group("name"), _prefix_kind(match.group("prefix") or "")
        if not name[:1].isupper():
            continue  # "malang" (unlucky), "batu" (stone): place names are capitalised
        places, landmark = _resolve(gaz, prefix, squash(name))
        if places:
            found.append(Mention(match.start(), match.end(), match.group(0), prefix, squash(name), places, landmark))
    return found


@dataclass
class Context:
    """The pieces of text around a mention that the rules look at."""

    line: str
    line_index: int
    line_start: int
    sentence: tuple[int, int]
    left: str  # sentence text before the place phrase, ending with the cue word
    chain: list[str]  # words of the place phrase before the name (after the cue word)
    right: str


SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z“\"])|\n")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lefts = [m.end() for m in SENTENCE_END.finditer(text, max(0, start - 400), start)]
    left = max([0, text.rfind("\n", 0, start) + 1, *lefts])
    right = SENTENCE_END.search(text, end)
    return left, right.end() if right else len(text)


def context_of(text: str, mention: Mention) -> Context:
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line_end = len(text) if line_end < 0 else line_end
    sentence = _sentence_bounds(text, mention.start, mention.end)
    before = text[sentence[0]:mention.start]
    tokens = [(m.group(0), m.start()) for m in CHAIN_TOKEN.finditer(before)]
    cut = len(tokens)
    while cut and _in_chain(tokens[cut - 1][0]):
        cut -= 1
    chain_start = tokens[cut][1] if cut < len(tokens) else len(before)
    left = before[:chain_start]
    if mention.text[:2].lower() != "di" and before.endswith("di") and not before[-3:-2].isalpha():
        left = before  # "dikab. Sigi": the cue glued to the prefix
    return Context(text[line_start:line_end], text.count("\n", 0, line_start), line_start, sentence, left,
                   [t for t, _ in tokens[cut:]], text[mention.end:mention.end + 60])


def _in_chain(token: str) -> bool:
    if token in CHAIN_PUNCT or token[:1].isdigit():
        return True
    if token[:1] in "“”\"'":
        return False
    return token[:1].isupper() or token.lower().rstrip(".") in chain_words()


def head_segment(chain: list[str]) -> list[str]:
    """The words of the place phrase after its last comma (the name the place belongs to)."""
    if "," in chain:
        chain = chain[len(chain) - chain[::-1].index(","):]
    return [w.lower().rstrip(".") for w in chain if w not in CHAIN_PUNCT]


def clause_before(left: str) -> str:
    """The clause of the cue word: from the last comma, semicolon or quote before it."""
    cut = max(left.rfind(","), left.rfind(";"), left.rfind("“"), left.rfind('"'), left.rfind("”"))
    return left[cut + 1:]


def dateline_span(line: str) -> tuple[int, int] | None:
    """Where the dateline's place part is in a line, if the line opens with one."""
    for rule in rules_of("dateline"):
        match = rule.regex.search(line)
        group = next((g for g in ("place3", "place", "place2") if match and match.group(g)), None)
        if match and group and len(match.group(group).split()) <= 6:
            return match.span(group)
    return None


def year_before(sentence: str, published_year: int | None) -> bool:
    """A sentence dated only with years before the publication year tells background, not the event."""
    year = next(r.regex for r in rules_of("exclude", "sentence") if r.id == "region.background_year")
    entry = next(e for e in rule_data()["rules"] if e["id"] == "region.background_year")
    sentence = re.sub(entry.get("ignore") or "(?!)", " ", sentence, flags=re.IGNORECASE)
    years = [int(m.group(0)) for m in year.finditer(sentence)]
    return bool(published_year and years and max(years) < published_year)
