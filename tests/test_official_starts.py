"""The officials' parser is only asked for a position where one can start, and misses none by that."""

from __future__ import annotations

import pytest

from extract.facts import official_patterns
from extract.facts.lexicon import tokenize
from extract.facts.officials import SKIP_LINE, parse_position
from extract.facts.pipeline import get_nlp
from extract.facts.rules import RULES_DIR, jsonl_entries

TEXTS = [
    "Kepala Dinas Perindustrian Kabupaten Solo, Agus Santoso, mengatakan program berjalan.",
    "Plt. Kadisperindag Jepara Budi membuka pelatihan; Pelaksana Harian Kabid Industri Rina hadir.",
    "Menurut kepala Bidang Industri Kecil, Sri Lestari, peserta datang dari 12 kecamatan.",
    "Wakil Ketua Komisi B DPRD, H. Mualif, dan Direktur Utama PT Maju Jaya Tbk Eko hadir.",
    *[entry[key] for _, entry in jsonl_entries(RULES_DIR / "officials.jsonl") for key in ("positive", "negative")
      if isinstance(entry.get(key), str)],
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_position_found_starts_at_a_listed_place(text: str) -> None:
    text = SKIP_LINE.sub(lambda m: " " * len(m.group(0)), text)
    tokens = official_patterns.match_tokens(official_patterns.build_matcher(get_nlp().vocab), tokenize(text))
    found = {i for i in range(len(tokens)) if parse_position(text, tokens, i) > i}
    assert found <= tokens.position_starts
    assert found or "Kepala" not in text  # the written texts above do find positions


def test_the_places_include_prefixes_and_the_word_two_before_a_head() -> None:
    tokens = official_patterns.match_tokens(official_patterns.build_matcher(get_nlp().vocab),
                                            tokenize("Plt. Pelaksana Harian Kabid Industri Rina"))
    assert [t.text for t in tokens][:3] == ["Plt", ".", "Pelaksana"]
    assert {0, 2, 4} <= tokens.position_starts  # "Plt" (a prefix), "Pelaksana" (two before "Kabid"), "Kabid"
    assert 6 not in tokens.position_starts  # "Rina"


def test_two_words_before_a_head_is_a_place_too() -> None:
    """'Pelaksana Harian Kabid …' starts two words before its head, whatever the words' own lists say."""
    tokens = tokenize("aku kan Kabid")
    starts = official_patterns.position_starts(tokens, {label: {} for label in official_patterns.LABELS})
    assert starts == {0, 2}
