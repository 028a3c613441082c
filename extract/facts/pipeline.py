"""The spaCy pipeline: spacy.blank("id") + sentencizer + Pantau's registered fact components."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from functools import cache

import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.facts import dates, entities, figures, official_patterns, officials, program_phrases, programs
from extract.facts.model import Fact

EXTRACTOR_VERSION = "facts-1"
COMPONENTS = ("pantau_figures", "pantau_dates", "pantau_officials", "pantau_programs", "pantau_entities")

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


def _store(doc: Doc, kind: str, facts: list[Fact]) -> None:
    if doc._.facts is None:
        doc._.facts = {}
    doc._.facts[kind] = facts


def doc_text(doc: Doc) -> str:
    """The text once per Doc: spaCy rebuilds Doc.text from its tokens on every access."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return str(doc.user_data["text"])


def _component(kind: str, find: Callable[[Doc, str], list[Fact]]) -> Callable[[Doc], Doc]:
    def run(doc: Doc) -> Doc:
        _store(doc, kind, find(doc, doc_text(doc)))
        return doc

    return run


def _organizations(doc: Doc, text: str) -> list[Fact]:
    """The text's organisations, found once per Doc: the programmes component needs them too."""
    if "organizations" not in doc.user_data:
        doc.user_data["organizations"] = entities.find_organizations(text)
    return list(doc.user_data["organizations"])


@Language.factory("pantau_figures")
def make_figures(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return _component("figures", lambda doc, text: figures.distinct_figures(figures.find_figures(text), text))


@Language.factory("pantau_dates")
def make_dates(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def find(doc: Doc, text: str) -> list[Fact]:
        anchor = doc._.published if isinstance(doc._.published, date) else None
        return dates.find_dates(text, anchor)

    return _component("dates", find)


@Language.factory("pantau_officials")
def make_officials(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    triggers = official_patterns.build_matcher(nlp.vocab)  # the token patterns of configs/rules/officials.jsonl
    return _component("officials", lambda doc, text: officials.to_facts(officials.find_mentions(text, triggers), text))


@Language.factory("pantau_programs")
def make_programs(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    heads = program_phrases.build_matcher(nlp.vocab)  # the token patterns of configs/rules/program_phrases.jsonl

    def find(doc: Doc, text: str) -> list[Fact]:
        # A unit inside an official's position ("Kepala Bidang Pengembangan Industri") is not a programme.
        taken = (doc._.facts or {}).get("officials", []) + [
            f for f in _organizations(doc, text) if f.rule == "organization.named"]
        mentions = program_phrases.with_phrases(text, program_phrases.head_spans(doc, heads),
                                                programs.find_program_mentions(text))
        found = programs.to_facts(mentions)
        return [f for f in found if not any(t.overlaps(f.start, f.end) for t in taken)]

    return _component("programs", find)


@Language.factory("pantau_entities")
def make_entities(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def run(doc: Doc) -> Doc:
        text = doc_text(doc)
        _store(doc, "organizations", _organizations(doc, text))
        _store(doc, "locations", entities.find_places(text))
        _store(doc, "businesses", entities.find_businesses(text))
        return doc

    return run


# Abbreviations keep their period so the sentencizer does not split "H. Budi" or "S.E., M.Si.".
# Multi-dot degrees come first: with "[A-Z]" first, "M.Si." would split as "M." + "Si" + ".".
ABBREVIATION = r"(?:[A-Za-z]{1,3}(?:\.[A-Za-z]{1,3})+|H|Hj|Dr|dr|drg|Ir|Drs|Dra|Prof|KH|Jl|No|Sdr|St|[A-Z])\."
TOKEN_OR_SPACE = re.compile(rf"\s+|{ABBREVIATION}(?=\s*[\w(,])|[^\W_]+(?:[-'’.][^\W_]+)*|\S")


class WhitespaceExactTokenizer:
    """Splits words and punctuation only, keeping every character of the text (Doc.text == text).

    The components work on character offsets with their own gazetteer lookups, so spaCy's full
    Indonesian affix rules (most of the pipeline's cost) buy nothing here; the sentencizer only
    needs the punctuation split off.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for token in TOKEN_OR_SPACE.findall(text):
            if token == " " and words and not spaces[-1]:  # the usual single space after a word
                spaces[-1] = True
                continue
            if token.isspace():
                if words and not spaces[-1] and token[0] == " ":
                    spaces[-1], token = True, token[1:]
                if not token:
                    continue
            words.append(token)
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


TOKENIZER = "pantau.whitespace_exact.v1"


@spacy.registry.tokenizers(TOKENIZER)
def make_tokenizer() -> Callable[[Language], WhitespaceExactTokenizer]:
    """Named in the nlp config, so spaCy never builds its Indonesian tokenizer (16,000 special cases, ~5 s)
    only for the pipeline to replace it."""

    def create(nlp: Language) -> WhitespaceExactTokenizer:
        return WhitespaceExactTokenizer(nlp.vocab)

    return create


@cache
def get_nlp() -> Language:
    """The pipeline, built once per process."""
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe("sentencizer")
    for component in COMPONENTS:
        nlp.add_pipe(component)
    # Load every rule file and gazetteer now rather than inside the first article's timing.
    nlp("Kepala Dinas Perindustrian Kota Solo, Budi Santoso, membuka program Santripreneur pada 3 Mei 2024.")
    return nlp


def sentence_finder(doc: Doc) -> Callable[[int], str]:
    """Map a character offset to the text of its sentence (from the sentencizer's boundaries)."""
    if not len(doc):
        return lambda offset: ""
    text = doc_text(doc)
    marks = doc.to_array([SENT_START, IDX]).tolist()  # Python ints: numpy scalars cost ~1 µs each to unpack
    starts = [idx for flag, idx in marks if flag == 1] or [0]
    ends = [*starts[1:], len(text)]
    made: dict[int, str] = {}  # one string a sentence: an outcome pickled to the crawl's process names it once

    def sentence_at(offset: int) -> str:
        index = max(0, bisect_right(starts, offset) - 1)
        if index not in made:
            made[index] = text[starts[index] : ends[index]].strip()
        return made[index]

    return sentence_at
