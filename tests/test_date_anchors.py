"""A date rule that needs a month name, a weekday or a year is skipped in a text without one, and only then."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extract.facts import dates
from extract.facts.rules import Rule, anchor_regex, expand, rule_anchors
from extract.required_text import LiteralIndex

ANCHOR = date(2024, 5, 20)
# date words, their look-alikes ("desa", "Senin-nya"), numbers near and far from years, and the glue between them
WORDS = ["3", "12", "28", "2019", "2024", "120245", "Mei", "mei", "Des.", "desa", "desain", "Agust", "Agustus",
         "Sept.", "Jan", "janji", "Senin", "Senin-nya", "Jum'at", "Sabtu", "(4/3/2024)", "(15-16/3)", "(11/2)",
         "hingga", "sampai", "-", "–", "lalu", "depan", "ini", "tahun", "bulan", "triwulan", "III", "anggaran",
         "besok", "kemarin", "pada", "sejak", "Pameran", "IFEX", "ujar", "kepala,", ",", ".", "\n"]


def _rule(pattern: str) -> Rule:
    return Rule("test.rule", re.compile(expand(pattern), re.IGNORECASE), {"pattern": pattern})


def test_a_rule_is_anchored_on_each_name_every_match_needs() -> None:
    assert rule_anchors(_rule(r"(?<!\d){DAY}\s+{MONTH}\s+{YEAR}\b")) == ("MONTH", "YEAR")
    assert rule_anchors(_rule(r"\b{WEEKDAY}\s*\(\s*{DAY}\s*/\s*\d+\s*\)")) == ("WEEKDAY",)
    assert rule_anchors(_rule(r"(?:{MONTH}\s+|{MONTH}\s*-\s*){YEAR}")) == ("MONTH", "YEAR")  # in every branch


def test_an_optional_or_alternative_name_anchors_nothing() -> None:
    assert rule_anchors(_rule(r"(?:{MONTH}\s+)?{YEAR}")) == ("YEAR",)
    assert rule_anchors(_rule(r"(?:{WEEKDAY}|besok)\s+{DAY}")) == ()
    assert rule_anchors(_rule(r"{DAY}/{DAY}")) == ()


@pytest.mark.parametrize(("text", "found"), [("Kamis, 3 Des. 2024", True), ("pada 3 Agustus", True),
                                              ("warga desa mendesain janji", False), ("Agustusan", False),
                                              ("Kemendes", False)])
def test_a_month_name_is_a_whole_word(text: str, found: bool) -> None:
    assert (anchor_regex("MONTH").search(text) is not None) is found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=20).map(" ".join))
@example("Pameran 3-7 September 2024 lalu, Senin (4/3/2024) hingga Sabtu (9/3/2024), triwulan III 2023.")
@example("Pendaftaran di desa dibuka 5 sampai 9 tahun depan, kemarin.")
def test_skipping_rules_finds_what_scanning_every_rule_finds(text: str) -> None:
    skipping = dates.find_dates(text, ANCHOR)
    saved = dates._gates
    dates._gates = lambda: (LiteralIndex(set()), tuple((rule, None, ()) for rule in dates._rules()))  # type: ignore[assignment]
    try:
        scanning = dates.find_dates(text, ANCHOR)
    finally:
        dates._gates = saved  # type: ignore[assignment]
    assert [(f.start, f.end, f.rule, f.attrs) for f in skipping] == [(f.start, f.end, f.rule, f.attrs)
                                                                     for f in scanning]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "Desember", "DES", "Kemendes", "Minggu", "mingguan", "\u0130", "ſ"]),
                min_size=1, max_size=20).map(" ".join))
def test_a_name_ruled_out_by_the_literals_present_is_not_in_the_text(text: str) -> None:
    """The names are looked for only where the words present allow one ("desain" holds "des", not the word)."""
    view = dates.TextView(text)
    names = dates._NamedWords(text, view, dates._gates()[0].present(view))
    for name in ("MONTH", "WEEKDAY", "YEAR"):
        assert names.has(name) == (anchor_regex(name).search(text) is not None), name


def test_a_text_without_month_words_is_not_searched_for_one() -> None:
    text = "Warga desa mendesain kemasan janji bersama."
    view = dates.TextView(text)
    assert not view.allows(dates._anchor_formula("MONTH"), dates._gates()[0].present(view))
