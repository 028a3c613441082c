"""The first-character lookahead (extract/facts/first_chars.py) speeds rules up without changing one match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pantau_configs.paths import CONFIG_DIR

from extract.facts import people
from extract.facts.first_chars import scanned_already, with_first_char_lookahead
from extract.facts.region_context import region_rules, rule_data
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


def test_patterns_re_already_scans_for_are_left_as_they_are() -> None:
    """'^…' is tried at the text's start only and a leading class is scanned for by re: a lookahead would slow them."""
    assert scanned_already(r"^(perda|perbup)\b", re.I) and scanned_already(r"[“\"][^”\"]*$", re.I)
    assert not scanned_already(r"\b(foto|dok)\b", re.I) and not scanned_already(r"(?<!\d)\d+", re.I)


REGION_RULES = region_rules()
REGION_TEXTS = [entry[key] for entry in rule_data()["rules"] for key in ("positive", "negative")]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["di", "Kota Solo", "foto:", "Baca juga:", "kata", "pameran", "Perda"]),
                min_size=1, max_size=20).map(" ".join))
def test_region_rules_match_as_their_plain_patterns(text: str) -> None:
    for rule, entry in zip(REGION_RULES, rule_data()["rules"], strict=True):
        plain = re.compile(entry["pattern"], re.I)
        for sample in (text, *REGION_TEXTS):
            assert [(m.span(), m.groups()) for m in rule.regex.finditer(sample)] == \
                [(m.span(), m.groups()) for m in plain.finditer(sample)], rule.id


QUOTE_TEXTS = [
    'Kepala Dinas Perindustrian, Budi Santoso, mengatakan, "Program ini membantu perajin batik di Solo."',
    'Menurut Sri Lestari, "Pendampingan membuat mutu produk lebih konsisten sepanjang tahun."',
    '"IKM kopi di Garut punya potensi ekspor besar," kata Rina di Garut. Ia menambahkan, "Kami siap membantu."',
    "Peserta asal Klaten, Rina Wati, dan Made Wibowo Santoso hadir bersama Dr. H. Agus.",
]


@pytest.mark.parametrize("text", QUOTE_TEXTS + [entry[key] for entry in rule_data()["rules"] for key in ("positive",)])
def test_quote_and_name_patterns_match_as_their_plain_patterns(text: str) -> None:
    for fast, plain in ((people.QUOTE_AFTER, people.QUOTE_AFTER_PATTERN), (people.NAME_RUN, people.NAME_RUN_PATTERN)):
        assert fast.pattern != plain  # the lookahead is there
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in re.finditer(plain, text)]
