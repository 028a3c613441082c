"""Every rule id has a positive and a negative sentence of our own, and both behave."""

from __future__ import annotations

import json

import pytest

from extract.facts.api import extract_facts
from extract.facts.rules import RULES_DIR, all_rule_files

RULES = [
    json.loads(line)
    for name in all_rule_files()
    for line in (RULES_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.lstrip().startswith("//")
]
PUBLISHED = "2024-09-03"


def rule_ids_in(text: str) -> set[str]:
    facts = extract_facts(text, PUBLISHED)
    ids = {m["rule"] for key in ("programs", "officials") for item in facts[key] for m in item["mentions"]}
    ids |= {item["rule"] for key in ("dates", "figures", "organizations", "locations", "businesses", "quotes")
            for item in facts[key]}
    return ids


def test_rule_ids_are_unique_and_documented() -> None:
    ids = [rule["id"] for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.get("positive") and rule.get("negative") for rule in RULES)


def fired_id(rule: dict) -> str:
    """The fact rule a sentence shows: the rule's own id, or for a trigger pattern the rule it `feeds`."""
    return str(rule.get("feeds", rule["id"]))


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_positive_sentence_fires_the_rule(rule: dict) -> None:
    """A blocking trigger (`blocks`) fires by keeping its rule out of the positive sentence."""
    if "blocks" in rule:
        assert rule["blocks"] not in rule_ids_in(rule["positive"])
    else:
        assert fired_id(rule) in rule_ids_in(rule["positive"])


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_negative_sentence_does_not(rule: dict) -> None:
    if "blocks" in rule:
        assert rule["blocks"] in rule_ids_in(rule["negative"])
    else:
        assert fired_id(rule) not in rule_ids_in(rule["negative"])


@pytest.mark.parametrize("rule", [r for r in RULES if "feeds" in r or "blocks" in r], ids=lambda r: r["id"])
def test_trigger_pattern_matches_its_positive_sentence(rule: dict) -> None:
    """A trigger's own pattern fires on its positive sentence (the tests above check the fact rule it feeds or blocks)."""
    from extract.facts import official_patterns
    from extract.facts.lexicon import tokenize
    from extract.facts.pipeline import get_nlp

    matcher = official_patterns.build_matcher(get_nlp().vocab)
    found = official_patterns.find_triggers(matcher, tokenize(rule["positive"]))[rule["label"]].values()
    assert rule["id"] in {trigger.rule for trigger in found}
