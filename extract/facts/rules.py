"""Load the rule and gazetteer data files (configs/rules, configs/gazetteers) once per process."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pantau_configs.paths import CONFIG_DIR

from extract.facts.first_chars import with_first_char_lookahead
from extract.required_text import Need, needs_literal, required_formula, required_text

RULES_DIR = CONFIG_DIR / "rules"
GAZETTEER_DIR = CONFIG_DIR / "gazetteers"
MACRO = re.compile(r"\{([A-Z_]+)\}")


@dataclass(frozen=True)
class Rule:
    """One pattern with a stable id; `data` keeps the rule's other fields (label, currency, tests…)."""

    id: str
    regex: re.Pattern[str]
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@cache
def rule_need(regex: re.Pattern[str]) -> Need | None:
    """The literals one of which every match of a rule contains (None: no such literal): see required_text."""
    return required_text(regex.pattern, regex.flags)


ANCHORS = ("MONTH", "WEEKDAY", "YEAR")  # macros many texts lack: a rule that needs one is skipped then


@cache
def rule_anchors(rule: Rule) -> tuple[str, ...]:
    """The ANCHORS macros every match of the rule contains: each is put in as a marker literal, and the rule's
    formula says whether every match needs it."""
    found = []
    for name in ANCHORS:
        marker = f"zq{name.lower()}zq"
        pattern = str(rule.get("pattern", "")).replace("{" + name + "}", marker)
        if marker in pattern and needs_literal(required_formula(expand(pattern), rule.regex.flags), marker):
            found.append(name)
    return tuple(found)


@cache
def anchor_regex(name: str) -> re.Pattern[str]:
    """One ANCHORS macro on its own, ignoring case (so it finds whatever a rule's match of it can be)."""
    pattern = expand("{" + name + "}")
    if pattern.startswith("\\b"):  # a word: the lookahead halves the scan; before a digit it doubles it (re then
        pattern = with_first_char_lookahead(pattern, re.IGNORECASE)  # no longer skips ahead to a 1 or a 2)
    return re.compile(pattern, re.IGNORECASE)


@cache
def macros() -> dict[str, str]:
    raw: dict[str, str] = safe_load((RULES_DIR / "macros.yaml").read_text(encoding="utf-8"))
    return raw


def expand(pattern: str) -> str:
    """Replace {NAME} macros (recursively) with their definitions."""
    for _ in range(10):
        expanded = MACRO.sub(lambda m: macros().get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    return pattern


def _compile(entry: dict[str, Any], path: Path, line: int) -> Rule:
    try:
        flags = re.IGNORECASE if entry.get("ignore_case", True) else 0
        return Rule(entry["id"], re.compile(with_first_char_lookahead(expand(entry["pattern"]), flags), flags), entry)
    except (KeyError, re.error) as exc:
        raise ValueError(f"{path}:{line}: rule {entry.get('id', '?')!r}: {exc}") from None


def jsonl_entries(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, entry) of a JSON-lines file (rules, gold sets, URL samples), skipping blank lines and '//'
    comments; a line that is not JSON is named with its file and number."""
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("//"):
            try:
                yield line_no, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{line_no}: not valid JSON: {exc}") from None


@cache
def load_rules(name: str) -> tuple[Rule, ...]:
    """The rules of configs/rules/NAME.jsonl, in file order (earlier rules win overlaps)."""
    path = RULES_DIR / f"{name}.jsonl"
    rules = [_compile(entry, path, line_no) for line_no, entry in jsonl_entries(path)]
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: duplicate rule ids")
    return tuple(rules)


def safe_load(text: str) -> Any:
    """yaml.safe_load with libyaml's parser when PyYAML has it (a few times faster on the rule files)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def gazetteer(name: str) -> Any:
    """configs/gazetteers/NAME.yaml as loaded YAML."""
    return safe_load((GAZETTEER_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def checked_entries(name: str, section: str, required: frozenset[str],
                    optional: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The entries of one section of configs/gazetteers/NAME.yaml, each with exactly the expected keys.

    YAML flow mappings cut an unquoted value at a comma ("{name: Kecil, Menengah dan Aneka}" gives a stray key),
    so a wrong key set fails loudly with the file and the entry rather than truncating a name.
    """
    path = GAZETTEER_DIR / f"{name}.yaml"
    entries = gazetteer(name).get(section) or []
    for entry in entries:
        keys = set(entry) if isinstance(entry, dict) else set()
        if not required <= keys <= required | optional or any(not isinstance(entry[k], (str, list, bool))
                                                               for k in keys):
            raise ValueError(f"{path}: {section} entry {entry!r}: expected keys {sorted(required)}"
                             f"{' (optional ' + ', '.join(sorted(optional)) + ')' if optional else ''}, got {sorted(keys)}"
                             " (quote values that contain a comma)")
    return list(entries)


@cache
def word_list(name: str) -> frozenset[str]:
    """configs/gazetteers/NAME.txt: one entry a line, '#' comments."""
    lines = (GAZETTEER_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def all_rule_files() -> list[str]:
    return sorted(p.stem for p in RULES_DIR.glob("*.jsonl"))
