"""Lines Indonesian outlets wrap around articles (configs/rules/boilerplate.yaml), for any outlet."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import yaml
from pantau_configs.paths import CONFIG_DIR

from extract.required_text import Literal, LiteralIndex, TextView, formula_literals, formula_test, required_formula

RULES_FILE = CONFIG_DIR / "rules" / "boilerplate.yaml"
WORD_REF = re.compile(r"\{([A-Z_]+)\}")
# "(fyk/ash)", "(mcr23/jpnn)", "(Ketut Winata/balipost)", "(Z-10)": the reporter or editor code closing an article.
TRAILING_EDITOR_CODE = re.compile(
    r"\s*\(\s*(?:[\w.]{1,12}(?:\s+[\w.]{1,12}){0,2}(?:\s*/\s*[\w.]{1,12})+|[A-Z]{1,3}-\d{1,3})\s*\)\s*$")
# "(dan)", "(wur)": a lone lowercase editor code closing the last paragraph.
TRAILING_SINGLE_CODE = re.compile(r"\s*\(\s*[a-z]{2,5}\s*\)\s*$")
# "BIRO HUMAS", "KEMENTERIAN PERINDUSTRIAN": a press office's capitalised sign-off under the last paragraph.
CAPS_SIGNOFF = re.compile(r"^[A-Z][A-Z .,&/-]{2,60}$")
NON_WORD = re.compile(r"\W+")
SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'", ")", "]", ":", ";", "…")
# "OUTLET.CO.ID - JAKARTA. Kementerian ...": the place after the outlet's dash, closed by a full stop.
PLACE_AFTER_DASH = re.compile(r"^[A-Z]{3,}(?:\s[A-Z]{3,})?\.\s+(?=[A-Z])")


@dataclass(frozen=True)
class LineRule:
    id: str
    regex: re.Pattern[str]
    positive: str
    negative: str


@dataclass(frozen=True)
class LinkListLimits:
    """When a block is a list of linked items (boilerplate.yaml `link_lists`)."""

    min_items: int
    max_item_words: int
    min_link_share: float
    min_linked_share: float
    keep_href: re.Pattern[str]


@dataclass(frozen=True)
class BoilerplateRules:
    lines: tuple[LineRule, ...]
    dateline: re.Pattern[str]
    dateline_max_words: int
    dateline_examples: tuple[tuple[str, ...], tuple[str, ...]]
    chrome_classes: frozenset[str]
    chrome_pairs: frozenset[tuple[str, str]]
    chrome_max_share: float
    summary_heading: re.Pattern[str]
    link_lists: LinkListLimits


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _expand(pattern: str, words: dict[str, list[str]], where: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) not in words:
            raise ValueError(f"{RULES_FILE}: {where}: unknown word family {{{match.group(1)}}}")
        return f"(?:{_alternation(words[match.group(1)])})"

    return WORD_REF.sub(one, pattern)


def _rule(entry: dict[str, Any], words: dict[str, list[str]]) -> LineRule:
    where = f"rule {entry.get('id', '?')!r}"
    missing = {"id", "pattern", "positive", "negative"} - set(entry)
    if missing or set(entry) - {"id", "pattern", "positive", "negative"}:
        raise ValueError(f"{RULES_FILE}: {where}: expected keys id, pattern, positive, negative; got {sorted(entry)}")
    try:
        regex = re.compile(_expand(entry["pattern"], words, where), re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"{RULES_FILE}: {where}: {exc}") from None
    return LineRule(entry["id"], regex, entry["positive"], entry["negative"])


@cache
def rules() -> BoilerplateRules:
    """The boilerplate rules, loaded and checked once per process."""
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    words = {name: [str(w) for w in values] for name, values in data["words"].items()}
    lines = tuple(_rule(entry, words) for entry in data["lines"])
    ids = [r.id for r in lines]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{RULES_FILE}: duplicate rule ids")
    dateline = data["dateline"]
    pairs = frozenset(tuple(str(p).split()[:2]) for p in data["chrome_pairs"])
    return BoilerplateRules(lines, re.compile(dateline["pattern"]), int(dateline["max_words"]),
                            (tuple(dateline["positives"]), tuple(dateline["negatives"])),
                            frozenset(str(c) for c in data["chrome_classes"]),
                            frozenset((a, b) for a, b in pairs), float(data["chrome_max_share"]),
                            re.compile(_expand(data["summary_heading"], words, "summary_heading"), re.IGNORECASE),
                            _link_list_limits(data["link_lists"]))


def _link_list_limits(entry: dict[str, Any]) -> LinkListLimits:
    try:
        return LinkListLimits(int(entry["min_items"]), int(entry["max_item_words"]), float(entry["min_link_share"]),
                              float(entry["min_linked_share"]), re.compile(entry["keep_href"], re.IGNORECASE))
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise ValueError(f"{RULES_FILE}: link_lists: {exc}") from None


def matching_rule(line: str) -> str | None:
    """The id of the first boilerplate rule a line matches, or None."""
    return _rule_of(line.strip())


@dataclass(frozen=True)
class _LineScan:
    """Which line rules a line can match, from the literals it holds: each rule's formula of needed literals
    (required_text), the rules naming each literal, and the rules that need none (always tried)."""

    index: LiteralIndex
    tests: tuple[Callable[[set[Literal]], bool] | None, ...]
    naming: dict[Literal, frozenset[int]]
    always: frozenset[int]


@cache
def _line_scan() -> _LineScan:
    formulas = [required_formula(rule.regex.pattern, rule.regex.flags) for rule in rules().lines]
    naming: dict[Literal, set[int]] = {}
    for number, formula in enumerate(formulas):
        for literal in formula_literals(formula):
            naming.setdefault(literal, set()).add(number)
    return _LineScan(LiteralIndex(set(naming)), tuple(None if f is None else formula_test(f) for f in formulas),
                     {literal: frozenset(numbers) for literal, numbers in naming.items()},
                     frozenset(n for n, f in enumerate(formulas) if f is None))


@lru_cache(maxsize=4096)  # each line is asked twice (the opening dateline, then the boilerplate), chrome lines often
def _rule_of(stripped: str) -> str | None:
    """The first rule, in the file's order, that the line matches. A rule is tried only if the line holds a literal
    it names and satisfies its formula: an article's paragraph satisfies few, and trying all 52 took 38 µs a line."""
    lines, view = rules().lines, TextView(stripped)
    if view.trapped:  # re's case-insensitive equivalences the literals do not follow
        return next((r.id for r in lines if r.regex.search(stripped)), None)
    scan = _line_scan()
    present = scan.index.present(view)
    candidates = set(scan.always).union(*(scan.naming[literal] for literal in present))
    for number in sorted(candidates):
        test = scan.tests[number]
        if (test is None or test(present)) and lines[number].regex.search(stripped):
            return lines[number].id
    return None


def is_boilerplate(line: str) -> bool:
    return matching_rule(line) is not None


def strip_dateline(line: str) -> str:
    """The paragraph without its opening dateline ("JAKARTA, KOMPAS.com -", "Solo (ANTARA) -", "BANDUNG -")."""
    match = rules().dateline.match(line)
    if not match:
        return line
    head = match.group("head")
    bare = not re.search(r"[,(]|\.\w", head)
    if len(head.split()) > rules().dateline_max_words or (bare and len(head.split()) > 2 and not head.isupper()):
        return line
    rest = line[match.end():].strip()
    return PLACE_AFTER_DASH.sub("", rest) if re.search(r"\.\w", head) else rest


@lru_cache(maxsize=1024)  # a line is normalised for the headline check, then again among the repeats
def _norm(text: str) -> str:
    return " ".join(NON_WORD.sub(" ", text.lower()).split())


def _headline_like(line: str) -> bool:
    """A short Title Case line that ends no sentence ("Festival Tenun Digelar di Waingapu Bulan Depan")."""
    words = line.split()
    if not 3 <= len(words) <= 20 or line.endswith(SENTENCE_ENDS) or re.search(r"https?:|www\.|\.\w{2,3}/|^\w+\s*:", line):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitalised >= 0.6 * len(words)


def _stray(line: str, headlines: set[str]) -> bool:
    """A line that is the headline again, or a lone word with no sentence in it ("FotoBisnis", "close")."""
    stripped = line.strip()
    return _norm(stripped) in headlines or (len(stripped.split()) == 1 and not stripped.endswith((".", "!", "?", '"')))


def drop_repeats(lines: list[str], description: str = "") -> list[str]:
    """Drop a line repeated elsewhere: an exact repeat, or a short line (a deck, a pull quote, the description
    over the lead) whose words reappear inside a longer line."""
    norms = [_norm(line) for line in lines]
    described = _norm(description)
    kept: list[str] = []
    seen: set[str] = set()
    for index, (line, norm) in enumerate(zip(lines, norms, strict=True)):
        if norm in seen:
            continue
        words = len(norm.split())
        inside_other = words >= 6 and any(norm in other and len(other) > len(norm)
                                          for j, other in enumerate(norms) if j != index)
        deck = index < 3 and bool(described) and norm == described and any(
            described in other for other in norms[index + 1:])
        if not (inside_other or deck):
            kept.append(line)
            seen.add(norm)
    return kept


def _strong_dateline(line: str) -> bool:
    """A dateline no prose opening looks like: with a comma, a bracket, a web address, or in capitals."""
    match = rules().dateline.match(line)
    head = match.group("head") if match else ""
    return bool(re.search(r"[,(]|\.\w", head)) or (len(head) > 3 and head.isupper())


def _from_dateline(lines: list[str]) -> list[str]:
    """The article opens at its dateline: cut it, and drop a deck, kicker or caption printed above it."""
    for index, line in enumerate(lines[:4]):
        stripped = strip_dateline(line)
        if stripped != line and (index == 0 or _strong_dateline(line)) and all(
                len(above.split()) <= 60 for above in lines[:index]):
            return [stripped, *lines[index + 1:]] if stripped else lines[index + 1:]
    return lines


def opening_dateline(text: str) -> str | None:
    """The head of the dateline the article opens with ("JAKARTA, KOMPAS.com", "Solo (ANTARA)"), before it is cut."""
    lines = [line.strip() for line in text.split("\n") if line.strip() and not is_boilerplate(line)]
    for index, line in enumerate(lines[:4]):
        if strip_dateline(line) != line and (index == 0 or _strong_dateline(line)):
            match = rules().dateline.match(line)
            return match.group("head").strip() if match else None
    return None


def drop_summary_box(lines: list[str]) -> list[str]:
    """Drop a key-points box among the first lines: its heading ("Intinya sih...") and the bullets under it."""
    for index, line in enumerate(lines[:3]):
        if rules().summary_heading.match(line.strip()):
            end = index + 1
            while end < len(lines) and lines[end].lstrip().startswith(("-", "•", "·", "*")):
                end += 1
            return lines[:index] + lines[end:]
    return lines


def drop_boilerplate_lines(text: str, title: str = "", headlines: list[str] | None = None,
                           description: str = "") -> str:
    """Remove boilerplate lines, stray words, repeated headline/lead lines, the dateline and a trailing editor code."""
    titles = {_norm(t) for t in [title, *(headlines or [])] if t and len(t.split()) >= 3}
    kept = [line.strip() for line in drop_summary_box(text.split("\n"))
            if line.strip() and not is_boilerplate(line) and not _stray(line, titles)]
    kept = drop_repeats(kept, description)
    while len(kept) > 1 and CAPS_SIGNOFF.match(kept[-1]) and len(kept[-1].split()) <= 6:
        kept.pop()
    while len(kept) > 2 and _headline_like(kept[-1]):  # related headlines under the last paragraph
        kept.pop()
    kept = _from_dateline(kept)
    if kept:
        kept[-1] = TRAILING_SINGLE_CODE.sub("", TRAILING_EDITOR_CODE.sub("", kept[-1]))
    return "\n".join(line for line in kept if line.strip())
