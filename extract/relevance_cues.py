"""Relevance cue rules and settings (configs/relevance/): load them and find their hits in an article."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pantau_configs.paths import CONFIG_DIR

from extract.facts.first_chars import with_first_char_lookahead
from extract.facts.rules import gazetteer, jsonl_entries
from extract.required_text import Formula, LiteralIndex, TextView, formula_literals, formula_test, required_formula

RELEVANCE_DIR = CONFIG_DIR / "relevance"
EVIDENCE_KINDS = ("programme", "actor", "sector", "office", "ministry", "patron", "act", "target")
LOOKALIKE_KINDS = ("other_meaning", "umkm", "big_industry", "trade", "tourism", "labour", "regional_gov")
CUE_KEYS = {"id", "kind", "pattern", "description", "positive", "negative", "ignore_case"}


@dataclass(frozen=True)
class Cue:
    id: str
    kind: str
    regex: re.Pattern[str]
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Hit:
    """One cue found: where ('title', 'lead', 'body'), its text and its offset in the title or the text."""

    cue: str
    kind: str
    text: str
    zone: str
    start: int


@dataclass(frozen=True)
class Settings:
    lead_paragraphs: int
    lead_min_paragraph_chars: int
    lead_max_chars: int
    body_min_evidence: int
    ikm_programmes: tuple[str, ...]


def _cue(entry: dict[str, Any], path: Path, line: int) -> Cue:
    where = f"{path}:{line}: cue {entry.get('id', '?')!r}"
    if not isinstance(entry, dict) or not {"id", "kind", "pattern"} <= set(entry) <= CUE_KEYS:
        raise ValueError(f"{where}: expected keys id, kind, pattern (and {sorted(CUE_KEYS - {'id', 'kind', 'pattern'})})")
    if entry["kind"] not in EVIDENCE_KINDS + LOOKALIKE_KINDS:
        raise ValueError(f"{where}: field 'kind': {entry['kind']!r} is not one of {EVIDENCE_KINDS + LOOKALIKE_KINDS}")
    try:
        flags = re.IGNORECASE if entry.get("ignore_case", True) else 0
        return Cue(entry["id"], entry["kind"], re.compile(with_first_char_lookahead(entry["pattern"], flags), flags),
                   entry)
    except re.error as exc:
        raise ValueError(f"{where}: field 'pattern': {exc}") from None


@cache
def load_cues(path: Path = RELEVANCE_DIR / "cues.jsonl") -> tuple[Cue, ...]:
    """The cue rules of configs/relevance/cues.jsonl plus one cue per known IKM programme."""
    cues = [_cue(entry, path, number) for number, entry in jsonl_entries(path)]
    ids = [cue.id for cue in cues]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: duplicate cue ids")
    return tuple(cues) + programme_cues(settings().ikm_programmes)


def programme_cues(ids: tuple[str, ...]) -> tuple[Cue, ...]:
    """A cue per IKM programme of configs/gazetteers/programs.yaml, from its name and aliases."""
    by_id = {p["id"]: p for p in gazetteer("programs").get("programs") or []}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise ValueError(f"{RELEVANCE_DIR / 'settings.yaml'}: field 'ikm_programmes': unknown programme ids {unknown}")
    cues = []
    for pid in ids:
        names = sorted({*by_id[pid].get("aliases", []), by_id[pid]["name"]}, key=len, reverse=True)
        parts = [re.escape(n) if n.isupper() else f"(?i:{re.escape(n)})" for n in names]
        regex = re.compile(with_first_char_lookahead(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"))
        cues.append(Cue(f"programme.{pid}", "programme", regex, {"name": by_id[pid]["name"]}))
    return tuple(cues)


@cache
def settings(path: Path = RELEVANCE_DIR / "settings.yaml") -> Settings:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        lead = raw["lead"]
        return Settings(int(lead["paragraphs"]), int(lead["min_paragraph_chars"]), int(lead["max_chars"]),
                        int(raw["body_min_evidence"]), tuple(str(p) for p in raw["ikm_programmes"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: missing or invalid field {exc}") from None


def lead_end(text: str, config: Settings) -> int:
    """Where the lead ends: after the first few substantial paragraphs (short lines ride along), capped."""
    end, substantial = 0, 0
    for paragraph in text.split("\n"):
        end += len(paragraph) + 1
        if len(paragraph.strip()) >= config.lead_min_paragraph_chars:
            substantial += 1
        if substantial >= config.lead_paragraphs or end >= config.lead_max_chars:
            break
    return min(end, len(text), config.lead_max_chars)


@cache
def _formula(regex: re.Pattern[str]) -> Formula | None:
    return required_formula(regex.pattern, regex.flags)


@dataclass(frozen=True)
class _CueScan:
    """What find_hits needs of a cue set: the index of all its literals, and each cue's formula as a test of the
    literals present (None: the cue is always scanned). Resolved once: looking a formula's test up by the formula
    hashed its nested tuples for every cue of every article."""

    index: LiteralIndex
    tests: tuple[Callable[[set[tuple[str, bool]]], bool] | None, ...]


_SCANS: dict[int, tuple[tuple[Cue, ...], _CueScan]] = {}


def _scan_of(cues: tuple[Cue, ...]) -> _CueScan:
    """One _CueScan per cue set (the loaded cues, or a test's own), kept by identity: hashing 38 cues a call
    would cost more than it saves."""
    kept = _SCANS.get(id(cues))
    if kept is None or kept[0] is not cues:
        formulas = [_formula(cue.regex) for cue in cues]
        scan = _CueScan(LiteralIndex(set().union(*map(formula_literals, formulas))),
                        tuple(None if formula is None else formula_test(formula) for formula in formulas))
        kept = _SCANS[id(cues)] = (cues, scan)
    return kept[1]


def find_hits(title: str, text: str, cues: tuple[Cue, ...], lead: int) -> list[Hit]:
    """Every cue hit in the title and the text, each with its zone. A cue is looked for only where the literal text
    its every match needs is present: an article holds a few of the cues, and each scan reads the whole text (with
    one literal a cue, half of the cues scanned found nothing; the formula of all its words stops most of them)."""
    hits = []
    view = TextView(f"{title}\n{text}")
    scan = _scan_of(cues)
    present = scan.index.present(view)
    for cue, test in zip(cues, scan.tests, strict=True):
        if test is not None and not view.trapped and not test(present):
            continue
        hits += [Hit(cue.id, cue.kind, m.group(0), "title", m.start()) for m in cue.regex.finditer(title)]
        hits += [Hit(cue.id, cue.kind, m.group(0), "lead" if m.start() < lead else "body", m.start())
                 for m in cue.regex.finditer(text)]
    return hits


EXPANSION_WINDOW = 400  # characters before "(IKM)": room for five words and their separators
IKM_IN_BRACKETS = re.compile(r"\(\s*IKM\s*\)")
EXPANDED = re.compile(r"((?:[\w-]+[ ,]+){1,5})\(\s*IKM\s*\)")
FILLERS = {"dan", "serta", "atau", "&", "se"}


BACK_FROM_BRACKET = re.compile(r"(?:[ ,]+[\w-]+){1,5}")  # EXPANDED's words, read backwards from the bracket


def _expansions(text: str) -> Iterator[re.Match[str]]:
    """EXPANDED's matches, one per "(IKM)": its first match in the window before the bracket starts where the
    longest run of up to five words ends it, found by reading the window backwards; EXPANDED itself is then tried
    there only (scanning the window, it tried five words at every character: 0.1 ms an article)."""
    searched_to = 0
    for bracket in IKM_IN_BRACKETS.finditer(text):
        start = max(searched_to, bracket.start() - EXPANSION_WINDOW)
        back = BACK_FROM_BRACKET.match(text[start:bracket.start()][::-1])
        if back:
            match = EXPANDED.match(text, bracket.start() - back.end(), bracket.end())
            if match and match.end() == bracket.end():
                yield match
        searched_to = bracket.end()


def other_meaning(text: str) -> str | None:
    """A spelled-out IKM that is not an industry ("Indeks Kepuasan Masyarakat (IKM)"), else None."""
    for match in _expansions(text):
        words = [w for w in re.split(r"[ ,]+", match.group(1)) if w and w.lower() not in FILLERS]
        if any(w.lower() == "industri" for w in words):
            continue
        tail = words[-3:]
        if len(tail) == 3 and "".join(w[0] for w in tail).lower() == "ikm" and tail[0][:1].isupper():
            return " ".join(tail)
    return None
