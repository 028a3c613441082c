"""Relevance scoring against topics.yaml terms."""

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pantau_configs.models import Term, TopicsConfig

from extract.relevance import score_relevance

TOPICS = TopicsConfig(threshold=4, terms=[Term(term="IKM", weight=2), Term(term="industri kecil", weight=1)])


def test_acronym_is_case_sensitive_and_whole_word() -> None:
    result = score_relevance("", "Pelaku IKM dan ikm lokal; BIKMA bukan", TOPICS)
    assert result.matched == {"IKM": 1}


def test_title_hits_weigh_more_and_counts_are_capped() -> None:
    text = "IKM " * 10
    result = score_relevance("IKM naik kelas", text, TOPICS)
    assert result.score == 2 * (3 + 1 * 2)
    assert result.relevant


def test_multiword_term_spans_whitespace_and_case() -> None:
    result = score_relevance("", "Program Industri\nKecil di daerah", TOPICS)
    assert result.matched == {"industri kecil": 1}
    assert not result.relevant


def test_off_topic_text_scores_zero() -> None:
    result = score_relevance("Timnas menang 2-0", "Pertandingan berlangsung seru di stadion.", TOPICS)
    assert result.score == 0 and not result.relevant and result.matched == {}


WORDS = ["IKM", "ikm", "Ikm", "industri", "Industri", "kecil", "KECIL", "dan", "menengah", "batik", "İKM", "ıkm",
         "e-Smart", "ſmart", "pelatihan", "xIKM", "IKMA", "ikm-", "—", "\n", "  "]


@settings(max_examples=400, deadline=None)
@example(["kecil", "KECIL", "kecil"], "kecil kecil")  # a term that overlaps itself: findall counts it once
@given(st.lists(st.sampled_from(WORDS), max_size=25), st.sampled_from(
    ["IKM", "industri kecil", "industri kecil dan menengah", "e-Smart IKM", "batik", "IKMA", "kecil", "kecil kecil"]))
def test_term_counts_are_what_findall_gives(words: list[str], term: str) -> None:
    """The counts try the pattern only where the term's first word starts; they must be findall's counts, case
    traps (İ, ı, ſ) and overlapping terms included."""
    from extract.relevance import _term_pattern, _Text

    text = " ".join(words)
    assert _Text(text).count(term) == len(_term_pattern(term).findall(text))
