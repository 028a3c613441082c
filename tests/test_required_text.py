"""The literal a cue's every match needs (extract/required_text.py) skips scans that could find nothing, never more."""

from __future__ import annotations

import re
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.relevance_cues import find_hits, load_cues
from extract.required_text import LiteralIndex, TextView, formula_literals, required_formula, required_text

CUES = load_cues()
# words the cues look for, their look-alikes, other cases and the characters re folds into i and s
WORDS = ["Dinas Perindustrian", "DISPERINDAG", "pelatihan", "Pelatihan", "IKM", "ikm", "industri kecil", "Kemenperin",
         "KUR", "kur", "e-Smart IKM", "OVOP", "Satu Desa Satu Produk", "Balai Besar Kerajinan dan Batik", "BBKB",
         "bantuan", "alat", "perajin", "Indeks Kepuasan Masyarakat", "(IKM)", "bimtek", "Bimtek", "festival",
         "ekspor", "kopi", "\u0130KM", "ındustri kecil", "baſis", "pelatihan kerja", "Rp", "dan", ",", ".", "\n",
         "koperasi", "operasi pasar", "pasar", "murah", "harga", "bahan pokok", "Kementerian Perdagangan", "menteri",
         "nilai", "dinilai", "Nilai IKM", "mengikuti", "survei", "kepuasan", "pelayanan", "Bidang", "Industri",
         "industrinya", "_", "2024", "IKM2"]


def test_literal_runs_branches_and_case() -> None:
    assert required_text(r"\bDinas\s+Perindustrian\b") == (("Perindustrian", False),)
    assert required_text(r"\bDinas\s+Perindustrian\b", re.I) == (("perindustrian", True),)
    assert required_text(r"(?:pelatihan|(?-i:BDI))", re.I) == (("pelatihan", True), ("BDI", False))
    assert required_text(r"\b(?:Kemenperin|Menperin)\b", re.I) == (("kemenperin", True), ("menperin", True))
    assert required_text(r"(?:bantuan)+\s+alat", re.I) == (("bantuan", True),)
    assert required_text(r"(?:pelatihan)?\s+kerja?", re.I) == (("kerj", True),)  # the optional parts are not needed


def test_no_need_when_a_part_can_be_anything_or_is_too_short() -> None:
    for pattern in (r"(?:pelatihan|\w+an)", r"(?:pelatihan)?\s+\w+", r"\d+ %", r"[A-Z]{3}", r"(?:IK|KM)", "("):
        assert required_text(pattern, re.I) is None, pattern


def test_a_text_with_a_case_trap_is_always_scanned() -> None:
    need = required_text(r"\bbasis\b", re.I)
    assert re.search(r"\bbasis\b", "baſis", re.I) and TextView("baſis").may_match(need)
    assert re.search(r"IKM", "\u0130KM", re.I) and TextView("\u0130KM").may_match(required_text("IKM", re.I))
    assert not TextView("data dasar").may_match(need)


def test_a_formula_needs_every_word_of_an_alternative() -> None:
    formula = required_formula(r"\b(?:operasi\s+pasar|pasar\s+murah|sembako)\b", re.I)
    assert formula == ("any", (("all", (("word", "operasi", True), ("word", "pasar", True))),
                               ("all", (("word", "pasar", True), ("word", "murah", True))), ("word", "sembako", True)))
    need = required_text(r"\b(?:operasi\s+pasar|pasar\s+murah|sembako)\b", re.I)
    assert TextView("koperasi desa").may_match(need) and not TextView("koperasi desa").allows(formula)
    assert TextView("Operasi Pasar digelar").allows(formula) and TextView("ada sembako").allows(formula)
    assert required_formula(r"(?:pelatihan|\w+an)\s+kerja", re.I) == ("lit", "kerja", True)  # one branch needs nothing
    assert required_formula(r"\d+ %") is None


@cache
def cue_needs() -> tuple[list, list, LiteralIndex, LiteralIndex]:
    """What each cue requires, worked out once (it depends on the patterns only, not on the generated texts)."""
    needs = [required_text(cue.regex.pattern, cue.regex.flags) for cue in CUES]
    formulas = [required_formula(cue.regex.pattern, cue.regex.flags) for cue in CUES]
    return (needs, formulas, LiteralIndex({literal for need in needs for literal in need or ()}),
            LiteralIndex(set().union(*map(formula_literals, formulas))))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join))
def test_a_cue_skipped_for_a_text_finds_nothing_in_it(text: str) -> None:
    view = TextView(text)
    needs, formulas, need_index, formula_index = cue_needs()
    for cue, need, formula in zip(CUES, needs, formulas, strict=True):
        if not view.may_match(need):
            assert cue.regex.search(text) is None, (cue.id, text)
        if not view.allows(formula):
            assert cue.regex.search(text) is None, (cue.id, text)
    present = formula_index.present(view)
    assert [view.allows(f, present) for f in formulas] == [view.allows(f) for f in formulas]
    present = need_index.present(view)
    assert [view.may_match(n, present) for n in needs] == [view.may_match(n) for n in needs]


def test_find_hits_finds_what_every_cue_scanned_would_find() -> None:
    title = "Kemenperin Gelar Bimtek e-Smart IKM bagi Perajin Batik"
    text = ("SOLO - Dinas Perindustrian dan Perdagangan Kota Surakarta bersama Balai Besar Kerajinan dan Batik "
            "menggelar pelatihan bagi 30 perajin. Peserta juga mendapat bantuan alat dan akses KUR.")
    everything = [(c.id, m.group(0), m.start()) for c in CUES for part in (title, text) for m in c.regex.finditer(part)]
    found = [(h.cue, h.text, h.start) for h in find_hits(title, text, CUES, 80)]
    assert sorted(found) == sorted(everything) and len(found) > 8


@settings(max_examples=300, deadline=None)
@given(st.sets(st.tuples(st.text("abcAB.(", min_size=1, max_size=5), st.booleans()), max_size=12),
       st.text("abcAB.( ", max_size=40))
def test_a_literal_index_finds_what_looking_for_each_literal_finds(literals: set[tuple[str, bool]], text: str) -> None:
    literals = {(word.lower() if folded else word, folded) for word, folded in literals}  # folded ones are lower-case
    view = TextView(text)
    expected = {(word, folded) for word, folded in literals if word in (view.lowered if folded else view.text)}
    assert LiteralIndex(literals).present(view) == expected


def test_a_word_bounded_by_the_pattern_counts_only_whole() -> None:
    """"nilai IKM" is a survey score; "dinilai" (assessed) holds the letters but not the word."""
    formula = required_formula(r"\b(?:survei|nilai)\s+(?-i:IKM)\b", re.I)
    assert formula == ("all", (("any", (("word", "survei", True), ("word", "nilai", True))), ("word", "IKM", False)))
    assert not TextView("Produk IKM dinilai kurator.").allows(formula)
    assert TextView("Nilai IKM kantor itu 88.").allows(formula)
    assert TextView("nilai, IKM").allows(formula)  # the text holds both words; the scan decides the rest
    # with nothing around it that bounds a word, any "nilai" and any "ikm" count
    assert required_formula(r"nilai\s+IKM", re.I) == ("all", (("lit", "nilai", True), ("lit", "ikm", True)))


@settings(max_examples=300, deadline=None)
@given(st.sets(st.tuples(st.sampled_from(["lit", "word"]), st.text("abAB_1", min_size=1, max_size=4),
                         st.booleans()), max_size=12),
       st.text("abAB_1 .-", max_size=40))
def test_a_literal_index_finds_a_word_only_where_it_stands_whole(literals, text: str) -> None:
    keys = {(word.lower() if folded else word, folded) if kind == "lit" else (kind, word.lower() if folded else word,
                                                                               folded)
            for kind, word, folded in literals}
    view = TextView(text)
    expected = set()
    for key in keys:
        word, folded = key[-2:]
        haystack = view.lowered if folded else view.text
        pattern = rf"(?<!\w){re.escape(word)}(?!\w)" if key[0] == "word" else re.escape(word)
        if re.search(pattern, haystack):
            expected.add(key)
    assert LiteralIndex(keys).present(view) == expected
    formula = ("any", tuple(("word", *k[1:]) if k[0] == "word" else ("lit", *k) for k in keys)) if keys else None
    if formula:
        assert view.allows(formula) == bool(expected)
