"""Figures: money (Rp, US$, rupiah, dolar), percentages and counts of things with their unit noun."""

from __future__ import annotations

import re
from functools import cache

from extract.facts.lexicon import in_headline, longest_match, region_names, tokenize
from extract.facts.model import Fact, overlaps_any, word_before
from extract.facts.rules import expand, gazetteer, load_rules, rule_need
from extract.numbers import number_value
from extract.required_text import LiteralIndex, Need, TextView

VERB_LIKE = re.compile(r"^(?:me|ber|ter|di)[a-z]{3,}$")
TAIL = re.compile(expand(r"{TO}(?:Rp\.?\s?|US\s?\$\s?|USD\s?)?(?P<num>{DIGITS})(?:\s?(?P<scale>{SCALE})\b)?"),
                  re.IGNORECASE)
OTHER = re.compile(r"(?:\s+[\w-]+){0,2}?\s+(?:lain|lainnya|berbeda)\b", re.IGNORECASE)


@cache
def _units() -> dict[str, set[str] | dict[str, str]]:
    data = gazetteer("units")
    return {"compounds": set(data["compounds"]), "normalise": dict(data["normalise"]),
            "not_units": set(data["not_units"]), "not_after": set(data["not_after"]),
            "allowed": set(data.get("allowed_despite_prefix", [])), "measures": set(data.get("measures", []))}


def unit_of(phrase: str) -> str | None:
    """The counted noun: a known two-word compound or the first word, lower-cased; None if not a unit."""
    units = _units()
    words = phrase.lower().split()
    if not words:
        return None
    first = re.sub(r"(?<=\w{3})nya$", "", words[0].strip(".,;:"))
    normalise = units["normalise"]
    assert isinstance(normalise, dict)
    first = normalise.get(first, first)
    if first in units["not_units"] or len(first) < 2 or not re.match(r"^[a-z]", first):
        return None
    if VERB_LIKE.match(first) and first not in units["allowed"]:
        return None
    pair = " ".join([first, words[1].strip(".,;:")]) if len(words) > 1 else ""
    return pair if pair in units["compounds"] else first


def _is_id_or_year(text: str, start: int, number: str) -> bool:
    before = word_before(text, start)
    if before in _units()["not_after"] or text[max(0, start - 3) : start].lower().endswith("ke-"):
        return True
    digits = number.replace(".", "").replace(",", "")
    if digits.isdigit() and len(digits) > 1 and digits.startswith("0"):
        return True
    return bool(re.fullmatch(r"(19|20)\d\d", number))


def _countable(match: re.Match[str], value: float, scale: str | None) -> bool:
    """Counts are whole numbers (unless scaled: "1,5 juta pengguna") of a common noun, not a place."""
    from extract.facts.lexicon import region_names

    unit_word = match.group("unit").split()[0]
    if unit_word[:1].isupper() and ((unit_word,) in region_names() or unit_word in ("Indonesia", "RI")):
        return False
    return bool(scale) or value == int(value) or unit_word.lower() in _units()["measures"]


def _money(rule_currency: str | None, match: re.Match[str]) -> str:
    currency = rule_currency or match.groupdict().get("currency") or ""
    return "IDR" if currency.lower().startswith("rupiah") or currency == "IDR" else "USD"


def _figure(kind: str, match: re.Match[str], rule_id: str, value: float, unit: str) -> Fact:
    return Fact(kind="figure", text=match.group(0).strip(), start=match.start(), end=match.end(), rule=rule_id,
                attrs={"value": value, "unit": unit, "type": kind})


def _range_tail(text: str, first: Fact, rule_id: str) -> Fact | None:
    """ "Rp25 juta sampai 50 juta" / "Rp25-50 juta": the second amount, in the first one's currency."""
    tail = TAIL.match(text, first.end)
    if not tail or not tail.group("scale") and not first.attrs.get("scale"):
        return None
    joined_by_and = re.match(r"\s+dan\s", text[first.end : tail.start("num")])
    if not tail.group("scale") and (joined_by_and or not re.match(r"\s*[-–—]", text[first.end :])):
        return None
    scale = tail.group("scale") or first.attrs.get("scale")
    if not first.attrs.get("scale") and tail.group("scale") and re.fullmatch(r"\d{1,3}(,\d+)?", first.attrs["number"]):
        first.attrs["value"] = number_value(first.attrs["number"], tail.group("scale"))
    value = number_value(tail.group("num"), scale)
    return Fact("figure", text[tail.start("num") : tail.end()], tail.start("num"), tail.end(), rule_id,
                {"value": value, "unit": first.attrs["unit"], "type": "money"})


BRACKETED_UNIT = re.compile(r"(?:[A-Z][a-z]+\s+(?:dan\s+)?){1,5}\(([A-Z]{2,6})\)")


@cache
def _needs() -> tuple[LiteralIndex, tuple[Need | None, ...]]:
    """Each rule's need (required_text: a currency word after the amount), and one index of their literals."""
    needs = tuple(rule_need(rule.regex) for rule in load_rules("figures"))
    return LiteralIndex({literal for need in needs for literal in need or ()}), needs


def find_figures(text: str) -> list[Fact]:
    """Every figure in the text, earlier rules winning where matches overlap. A rule whose every match needs a word
    the text lacks ("rupiah" after the amount) is not scanned."""
    found: list[Fact] = []
    view, (index, needs) = TextView(text), _needs()
    present = index.present(view)
    for rule, need in zip(load_rules("figures"), needs, strict=True):
        label = rule.get("label")
        if label == "money_tail" or not view.may_match(need, present):
            continue
        for match in rule.regex.finditer(text):
            if overlaps_any(found, match.start(), match.end()) or in_headline(text, match.start()):
                continue
            number, scale = match.group("num"), match.groupdict().get("scale")
            if label == "count" and (number.lower() in ("satu", "se") or _is_id_or_year(text, match.start(), number)):
                continue
            try:
                value = number_value(number, scale)
            except (ValueError, KeyError):
                continue
            if label == "money":
                fact = _figure("money", match, rule.id, value, _money(rule.get("currency"), match))
                fact.attrs.update(number=number, scale=scale)
                tail = _range_tail(text, fact, "figure.money_range_tail")
                found += [fact, tail] if tail else [fact]
            elif label == "percent":
                found.append(_figure("percent", match, rule.id, value, "percent"))
            else:
                unit = unit_of(match.group("unit"))
                if number[:1].isupper() and longest_match(tokenize(match.group(0)), 0, region_names()) > 1:
                    continue  # "Lima Puluh Kota": a place's name
                if unit and (acronym := BRACKETED_UNIT.match(text, match.start("unit"))):
                    unit = acronym.group(1).lower()  # "3 Industri Kecil Menengah (IKM)" counts IKM
                if unit and _countable(match, value, scale):
                    fact = _figure("count", match, rule.id, value, unit)
                    fact.end = match.start("unit") + len(match.group("unit").split()[0])
                    fact.text = text[fact.start : fact.end] if " " not in unit else match.group(0)
                    found.append(fact)
    return sorted(found, key=lambda f: f.start)


def distinct_figures(facts: list[Fact], text: str) -> list[Fact]:
    """One per fact: a repeated (value, unit) is the same fact unless it says "lainnya" (another one)."""
    seen: set[tuple[float, str]] = set()
    kept = []
    for fact in facts:
        key = (fact.attrs["value"], fact.attrs["unit"].split()[0])
        if key in seen and not OTHER.match(text, fact.end):
            continue
        seen.add(key)
        kept.append(fact)
    return kept
