"""The fact tokenizers' fast paths give exactly the tokens of their plain forms, and keep every character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.facts.lexicon import TOKEN, Token, headline_spans, in_headline, tokenize
from extract.facts.pipeline import TOKEN_OR_SPACE, get_nlp

# words, abbreviations, punctuation and every kind of run of whitespace the cleaned texts hold
PIECES = st.sampled_from(["Budi", "H.", "S.E.", "M.Si.", "e-Smart", "IKM", "2024", "Rp5", ",", ".", "“", "(", "_",
                          " ", "  ", "\n", "\n\n", " \n", "\t", "\u00a0", "kata", "L.N", "program.Gati", "’s"])
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def plain_words(text: str) -> tuple[list[str], list[bool]]:
    """The pipeline tokenizer as first written: every whitespace match, one leading space folded into the word."""
    words: list[str] = []
    spaces: list[bool] = []
    for match in TOKEN_OR_SPACE.finditer(text):
        token = match.group(0)
        if token.isspace():
            if words and not spaces[-1] and token[0] == " ":
                spaces[-1], token = True, token[1:]
            if not token:
                continue
        words.append(token)
        spaces.append(False)
    return words, spaces


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_pipeline_tokenizer_matches_its_plain_form(text: str) -> None:
    doc = get_nlp().make_doc(text)
    assert doc.text == text
    assert ([t.text for t in doc], [bool(t.whitespace_) for t in doc]) == plain_words(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_lexicon_tokens_are_plain_named_tuples(text: str) -> None:
    tokens = tokenize(text)
    assert tokens == [Token(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
    assert all(type(t) is Token and t.text == text[t.start : t.end] for t in tokens)


LINES = st.lists(st.sampled_from(["Pameran Batik Solo Dibuka Menteri Hari Ini", "Kata Budi.", "pelatihan digelar di Solo",
                                  "IKM Kopi Garut Tembus Pasar Ekspor Eropa", ""]), max_size=6).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(LINES, st.integers(min_value=0, max_value=300))
def test_in_headline_matches_the_plain_span_search(text: str, position: int) -> None:
    """The early 'past the last headline' answer agrees with looking through every headline span."""
    assert in_headline(text, position) == any(start <= position < end for start, end in headline_spans(text))
