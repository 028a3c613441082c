"""The word-indexed token patterns give exactly the matches spaCy's Matcher gives for the same patterns."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from extract.facts import official_patterns, program_phrases
from extract.facts.lexicon import tokenize
from extract.facts.rules import RULES_DIR, jsonl_entries
from extract.facts.token_patterns import TokenPatterns, compile_pattern

VOCAB = spacy.blank("id").vocab
WORDS = ["a", "A", "b", "B", "Kadisperin", ".", ",", "program", "Program", "pelatihan", "İ"]


def spacy_matches(patterns: dict[str, list[dict[str, Any]]], words: list[str], greedy: str | None) -> set:
    matcher = Matcher(VOCAB)
    for key, pattern in patterns.items():
        matcher.add(key, [pattern], greedy=greedy)
    return {(VOCAB.strings[m], s, e) for m, s, e in matcher(Doc(VOCAB, words=words))}


def indexed_matches(patterns: dict[str, list[dict[str, Any]]], words: list[str], greedy: str | None) -> set:
    matcher = TokenPatterns(VOCAB, greedy=greedy)
    for key, pattern in patterns.items():
        matcher.add(key, pattern)
    found = matcher(words, lambda: Doc(VOCAB, words=words))
    assert len(found) == len(set(found))  # each match once, as spaCy dedupes them
    return set(found)


values = st.sampled_from(WORDS)
checks = st.one_of(
    values,
    st.lists(values, min_size=1, max_size=4).map(lambda ws: {"IN": ws}),
    st.sampled_from(["^[A-Z]", "^Kadis[a-z]{3,}$", "a", "^pe[a-z]+an$"]).map(lambda r: {"REGEX": r}),
)
tokens = st.builds(lambda attr, check, op: {attr: check, **({"OP": op} if op else {})},
                   st.sampled_from(["ORTH", "TEXT", "LOWER"]), checks, st.sampled_from([None, None, "?"]))
patterns = st.lists(tokens, min_size=1, max_size=4).filter(lambda p: "OP" not in p[0])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["r1", "r2", "r3"]), patterns, min_size=1, max_size=3),
       st.lists(values, min_size=1, max_size=12), st.sampled_from([None, "LONGEST"]))
def test_same_matches_as_spacy(rules: dict, words: list[str], greedy: str | None) -> None:
    assert indexed_matches(rules, words, greedy) == spacy_matches(rules, words, greedy)


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "a", "OP": "+"}],  # repeats may mix words: left to spaCy
    [{"LOWER": {"NOT_IN": ["a"]}}],
    [{"LOWER": "a", "IS_ALPHA": True}],
    [{"LOWER": "a", "OP": "?"}, {"LOWER": "b"}],  # an optional first word cannot key the index
])
def test_other_patterns_fall_back_to_spacy(pattern: list[dict[str, Any]]) -> None:
    assert compile_pattern(pattern) is None
    words = ["A", "a", "B", "b", "x"]
    assert indexed_matches({"r": pattern}, words, None) == spacy_matches({"r": pattern}, words, None) != set()


def test_fallback_doc_is_built_only_when_needed() -> None:
    matcher = TokenPatterns(VOCAB)
    matcher.add("r", [{"LOWER": "a"}])

    def no_doc() -> Doc:
        raise AssertionError("a Doc was built for patterns the index takes")

    assert matcher(["x", "A"], no_doc) == [("r", 1, 2)]


SENTENCES = [
    "Kepala Dinas Perindustrian Kabupaten Solo, Agus Santoso, mengatakan program pendampingan berjalan.",
    "Kadisperin Jepara selaku ketua panitia membuka pelatihan desain; “IKM kita siap,” ujar Plt. Kadis.",
    "Program bimtek dan bantuan mesin merupakan salah satu program Ditjen IKMA, kata Rina di PT Maju.",
    "Pelatihan, Workshop, lokakarya; program magang, gerakan penumbuhan wirausaha adalah kegiatan rutin.",
]


RULE_SENTENCES = [entry[key] for name in ("officials", "program_phrases", "programs", "entities")
                  for _, entry in jsonl_entries(RULES_DIR / f"{name}.jsonl") for key in ("positive", "negative")
                  if isinstance(entry.get(key), str)]


@pytest.mark.parametrize("sentence", SENTENCES + RULE_SENTENCES)
def test_rule_files_give_spacy_matches(sentence: str) -> None:
    """The patterns of officials.jsonl and program_phrases.jsonl, on words as each caller tokenizes them."""
    words = [t.text for t in tokenize(sentence)]
    officials = {e["id"]: e["pattern"] for e in official_patterns.rule_entries()}
    programmes = {e["id"]: e["pattern"] for e in program_phrases.rule_entries()}
    assert indexed_matches(officials, words, None) == spacy_matches(officials, words, None)
    assert indexed_matches(programmes, words, "LONGEST") == spacy_matches(programmes, words, "LONGEST")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_exercise_both_rule_files(sentence: str) -> None:
    """The hand-written sentences match both files' patterns, so the comparison above is not between empty sets."""
    words = [t.text for t in tokenize(sentence)]
    officials = {e["id"]: e["pattern"] for e in official_patterns.rule_entries()}
    programmes = {e["id"]: e["pattern"] for e in program_phrases.rule_entries()}
    assert spacy_matches(officials, words, None) and spacy_matches(programmes, words, "LONGEST")
