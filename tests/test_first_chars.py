"""The first-character lookahead (extract/facts/first_chars.py) speeds rules up without changing one match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from pantau_configs.paths import CONFIG_DIR

from extract.facts.first_chars import with_first_char_lookahead
from extract.facts.rules import expand, jsonl_entries

RULE_FILES = [CONFIG_DIR / "rules" / "dates.jsonl", CONFIG_DIR / "rules" / "figures.jsonl",
              CONFIG_DIR / "relevance" / "cues.jsonl"]
PATTERNS = [expand(entry["pattern"]) for path in RULE_FILES for _, entry in jsonl_entries(path)]
WORDS = ["Senin", "(3/9/2024)", "12 Maret 2024", "Rp 2,5 miliar", "40 persen", "bulan lalu", "tahun depan",
         "Dinas Perindustrian", "IKM", "industri kecil", "pelatihan", "3-7 September", "kuartal II", "US$ 10",
         "ribu", "tanggal 5", "akhir tahun 2023", "Kemenperin", ",", ".", "\n", "dan", "hingga", "Jum'at"]


def test_month_names_get_their_first_letters_and_unknown_starts_are_left_alone() -> None:
    assert with_first_char_lookahead(r"\b(?:Maret|Mei|Juni)\s+\d{4}").startswith("(?=[MJ])")
    assert with_first_char_lookahead(r"(?<!\d)(?:[12]\d|3[01])").startswith("(?=[123")
    for unknown in (r".+ tahun", r"(?:lalu)?", r"[^a-z]+x"):
        assert with_first_char_lookahead(unknown) == unknown


def test_a_case_insensitive_group_keeps_its_case_folding_in_the_lookahead() -> None:
    pattern = with_first_char_lookahead(r"(?<!\w)(?:OVOP|(?i:industri kecil))(?!\w)")
    assert pattern.startswith("(?=[O]|(?i:[i]))")
    for text in ("OVOP", "Industri Kecil", "INDUSTRI KECIL", "\u0130ndustri kecil"):  # the Turkish dotted capital I too
        assert re.findall(pattern, text) == re.findall(r"(?<!\w)(?:OVOP|(?i:industri kecil))(?!\w)", text) != []


def test_every_rule_file_pattern_still_compiles_to_the_same_groups() -> None:
    for pattern in PATTERNS:
        assert re.compile(with_first_char_lookahead(pattern, re.I), re.I).groupindex == re.compile(pattern, re.I).groupindex


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join))
def test_each_rule_matches_the_same_spans_and_groups_with_the_lookahead(text: str) -> None:
    for pattern in PATTERNS:
        plain, fast = re.compile(pattern, re.I), re.compile(with_first_char_lookahead(pattern, re.I), re.I)
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text)], pattern


def test_rule_file_examples_match_as_before() -> None:
    assert len(PATTERNS) > 40  # every file was read
    for path in RULE_FILES:
        for _, entry in jsonl_entries(path):
            pattern = expand(entry["pattern"])
            for text in (entry.get("positive", ""), entry.get("negative", "")):
                plain, fast = re.compile(pattern, re.I), re.compile(with_first_char_lookahead(pattern, re.I), re.I)
                assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
