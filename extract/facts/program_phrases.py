"""Described programmes: the noun phrase after a programme head ("pelatihan pengolahan kopi bagi IKM")."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.attrs import IDX, LENGTH
from spacy.lang.id.stop_words import STOP_WORDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.facts.lexicon import (
    Token,
    in_headline,
    longest_match,
    person_names,
    position_heads,
    tokenize,
)
from extract.facts.names import is_honorific
from extract.facts.programs import ProgramMention, abbreviations_in, generic_ids, phrase_programme_id
from extract.facts.rules import RULES_DIR, gazetteer, jsonl_entries
from extract.facts.token_patterns import TokenPatterns

RULE_FILE = RULES_DIR / "program_phrases.jsonl"
# Active and passive verbs open a new clause: "menggelar", "memberikan", "dilaksanakan", "diikuti", "terdampak".
VERB = re.compile(r"^(?:me(?:m|n|ng|ny)?[a-z]{3,}|ber[a-z]{3,}|ter[a-z]{3,}|di[a-z]{3,})$")
NOMINAL = re.compile(r"^(?:pe|pem|pen|peng|peny|per|ke)[a-z]{3,}an$")
ACTIVITY = re.compile(r"^(?:pe|pem|pen|peng|peny|per)[a-z]{3,}an$")  # pe-an nouns name activities; ke-an ones do not
YEAR = re.compile(r"^(?:19|20)\d\d$")
MAX_WORDS = 12


@dataclass(frozen=True)
class Phrase:
    """A described programme: token span [start, end) in lexicon tokens, the head's end, the rule id."""

    start: int
    head_end: int
    end: int
    rule: str


@cache
def rule_entries() -> tuple[dict[str, Any], ...]:
    """The pattern rules of configs/rules/program_phrases.jsonl ('//' lines are comments)."""
    entries = []
    for line_no, entry in jsonl_entries(RULE_FILE):
        if not isinstance(entry.get("pattern"), list) or not entry.get("id"):
            raise ValueError(f"{RULE_FILE}:{line_no}: rule {entry.get('id', '?')!r}: needs an id and a token pattern")
        entries.append(entry)
    return tuple(entries)


def build_matcher(vocab: Vocab) -> TokenPatterns:
    matcher = TokenPatterns(vocab, greedy="LONGEST")
    for entry in rule_entries():
        try:
            matcher.add(entry["id"], entry["pattern"])
        except ValueError as exc:
            raise ValueError(f"{RULE_FILE}: rule {entry['id']!r}: {exc}") from None
    return matcher


@cache
def _words() -> dict[str, frozenset[str]]:
    data = gazetteer("programs")["phrase"]
    return {key: frozenset(w if key == "capital_stops" else w.lower() for w in words) for key, words in data.items()}


def head_spans(doc: Doc, matcher: TokenPatterns) -> list[tuple[int, int, str]]:
    """(start char, end char, rule id) of every programme head the patterns find, longest first at a place (the
    rule first in the file first, when two find the same words)."""
    text = str(doc.user_data.get("text") or doc.text)
    places = [(start, start + length) for start, length in doc.to_array([IDX, LENGTH]).tolist()] if len(doc) else []
    order = {key: n for n, key in enumerate(matcher.keys)}
    spans = sorted(((places[s][0], places[e - 1][1], m) for m, s, e in
                    matcher([text[a:b] for a, b in places], lambda: doc)), key=lambda h: (h[0], -h[1], order[h[2]]))
    kept: list[tuple[int, int, str]] = []
    for span in (s for s in spans if s[2] not in _backward_rules()):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return sorted(kept + [s for s in spans if s[2] in _backward_rules()])


def find_phrases(text: str, heads: list[tuple[int, int, str]]) -> list[Phrase]:
    """The described programme behind each head, when the words after it say what the programme is."""
    tokens = tokenize(text)
    starts = [t.start for t in tokens]
    found: list[Phrase] = []
    for start_char, end_char, rule in heads:
        i, h = bisect_left(starts, start_char), bisect_left(starts, end_char)
        if rule in _backward_rules():
            if (subject := _subject_before(text, tokens, i)) is not None and not (found and subject < found[-1].end):
                found.append(Phrase(subject, subject, i, rule))
            continue
        if i >= len(tokens) or tokens[i].start != start_char or found and i < found[-1].end:
            continue
        end = extend(text, tokens, h)
        if _says_what(tokens, i, h, end) and not _listed_activity(tokens, i, end):
            found.append(Phrase(i, h, end, rule))
    return found


@cache
def _backward_rules() -> frozenset[str]:
    """Rules whose match closes the phrase before it ("X merupakan program …")."""
    return frozenset(e["id"] for e in rule_entries() if e.get("direction") == "before")


def _subject_before(text: str, tokens: list[Token], copula: int) -> int | None:
    """Start of the subject noun phrase before a copula ("Penumbuhan wirausaha baru merupakan program …"): back to
    the sentence start, a quote or a comma; it opens with an activity noun and has two words or more."""
    k = copula
    while k > 0 and copula - k < MAX_WORDS and not _breaks(text, tokens, k) and (
            tokens[k - 1].text.lower() in ("dan", "&") or not _is_stop(tokens, k - 1)):
        k -= 1
    opener = tokens[k - 1].text if k > 0 else "."
    first = tokens[k].text.lower() if k < copula else ""
    if copula - k < 2 or opener not in (".", "“", '"', ",", ";", ":") and not _breaks(text, tokens, k):
        return None
    return k if ACTIVITY.match(first) or first in _words()["kinds"] else None


def _breaks(text: str, tokens: list[Token], j: int) -> bool:
    return j >= len(tokens) or "\n" in text[tokens[j - 1].end : tokens[j].start]


def _is_stop(tokens: list[Token], j: int) -> bool:
    """A word that cannot continue a programme's noun phrase."""
    token = tokens[j]
    low = token.text.lower()
    if not token.text[:1].isalnum():
        return True
    if low in _words()["stops"] or (_is_verb(low) and token.text.islower()) or token.text[:1].isdigit():
        return True
    if token.text.islower() and 3 <= len(low) <= 4 and any(low + c in STOP_WORDS for c in "aikn"):
        return True  # a function word with its last letter dropped ("untu", "dar")
    if token.text.islower() and low in STOP_WORDS and low not in _words()["in_names"]:
        return not (low in ("dalam", "luar") and _next_is(tokens, j, "negeri"))  # "produk dalam negeri"
    if token.text[:1].isdigit():
        return True
    if token.text[:1].isupper():
        return (token.text in _words()["capital_stops"] or is_honorific(token.text) or _person_starts(tokens, j)
                or bool(longest_match(tokens, j, position_heads())))
    return False


def _is_verb(low: str) -> bool:
    return bool(VERB.match(low)) and low not in _words()["modifiers"] and not NOMINAL.match(low)


def _next_is(tokens: list[Token], j: int, word: str) -> bool:
    return j + 1 < len(tokens) and tokens[j + 1].text.lower() == word


def _person_starts(tokens: list[Token], j: int) -> bool:
    given, family = person_names()
    return tokens[j].text in given and j + 1 < len(tokens) and (tokens[j + 1].text in family
                                                                 or tokens[j + 1].text in given)


def _bracket_end(tokens: list[Token], j: int) -> int:
    """Index past a short bracketed part at j ("(Bimtek)", "(alat musik tradisional)"); j when none."""
    for k in range(j + 1, min(j + 7, len(tokens))):
        if tokens[k].text == ")":
            return k + 1 if k > j + 1 else j
        if not tokens[k].text[:1].isalnum():
            return j
    return j


def extend(text: str, tokens: list[Token], j: int) -> int:
    """End (exclusive) of the phrase that starts after a head ending at token j."""
    last = tokens[j - 1].text.lower()  # "program penumbuhan dan …", "bantuan mesin dan …": the head names a topic
    words = 1 if NOMINAL.match(last) or last in _words()["aid_objects"] else 0
    while not _breaks(text, tokens, j) and words < MAX_WORDS:
        token = tokens[j]
        low = token.text.lower()
        if token.text == "(":
            k = _bracket_end(tokens, j)
            if k == j:
                break
            j = k
        elif low in ("dan", "&", "/", "dan/atau"):
            if not (words and _continues_after(text, tokens, j)):
                break
            j += 2 if j + 1 < len(tokens) and tokens[j + 1].text == "/" else 1
            if j < len(tokens) and tokens[j].text.lower() == "atau":
                j += 1
        elif low in _words()["kinds"] and words:
            break  # "… IKM pelatihan batik": a second programme's head
        elif token.text == "," and words and (k := _listed(text, tokens, j)) > j:
            j = k
        elif YEAR.match(token.text) and words and tokens[j - 1].text[:1].isupper():
            return j + 1  # "Pameran Kriya Nusantara 2024": the edition's year closes the name
        elif low == "bagi" and words and j + 1 < len(tokens) and not _is_stop(tokens, j + 1) and (
                tokens[j + 1].text.islower() or tokens[j + 1].is_acronym):
            j += 1  # "… bagi perajin muda": the audience is part of how news names a described training
        elif low == "dari" and j + 1 < len(tokens) and tokens[j + 1].text.islower() and not _is_stop(tokens, j + 1):
            j += 1  # "… dari kain perca": a material, not an organiser
        elif _is_stop(tokens, j):
            break
        else:
            j, words = j + 1, words + 1
    while tokens[j - 1].text.lower() in ("dan", "&", "/", "atau", "dari", ","):
        j -= 1
    return j


def _continues_after(text: str, tokens: list[Token], j: int) -> bool:
    """'… pengemasan dan desain label' goes on; '… dan pelatihan …' (another kind), '… dan dibuka' do not."""
    k = j + 1
    while k < len(tokens) and tokens[k].text in ("/", "atau"):
        k += 1
    if _breaks(text, tokens, k) or tokens[k].text.lower() in _words()["kinds"]:
        return False
    return not _is_stop(tokens, k)


def _listed(text: str, tokens: list[Token], j: int) -> int:
    """'… Pengolahan Bambu, Pandan, dan Mendong': capitalised items listed with commas closed by 'dan' stay in the name."""
    if not tokens[j - 1].text[:1].isupper():
        return j
    k = j
    while k < len(tokens) and tokens[k].text == ",":
        k += 1
        if k < len(tokens) and tokens[k].text.lower() in ("dan", "serta"):
            k += 1
            if not _breaks(text, tokens, k) and tokens[k].text[:1].isupper() and not _is_stop(tokens, k):
                return k + 1
            return j
        if _breaks(text, tokens, k) or not tokens[k].text[:1].isupper() or _is_stop(tokens, k):
            return j
        k += 1
    return j


def _says_what(tokens: list[Token], start: int, head_end: int, end: int) -> bool:
    """Words after the head that say what the programme is ("program prioritas" says nothing; an event needs two
    words when it is only described), and not a predicate describing a named one ("X merupakan program …")."""
    words = [t.text.lower() for t in tokens[head_end:end] if t.text[:1].isalnum()]
    generic = _words()["generic"]
    if tokens[start].text.lower() == "program" and start + 1 < head_end and tokens[start + 1].text.lower() in \
            _words()["kinds"]:
        generic = generic - _words()["named_targets"]  # "program bimtek IKM": the text names it a programme
    specific = [w for w in [t.text.lower() for t in tokens[start + 1 : end]]
                if w[:1].isalnum() and w not in generic and w not in _words()["kinds"]]
    if tokens[start].text.islower() and tokens[start].text in _words()["events"] and len(words) < 2 and all(
            t.text.islower() for t in tokens[head_end:end]):
        return False
    before = tokens[start - 1].text.lower() if start else ""
    return bool(specific) and before not in _words()["predicates"]


def _listed_activity(tokens: list[Token], start: int, end: int) -> bool:
    """'… pelatihan, fasilitasi sarana produksi, pendampingan desainer …', '… mendapat pendampingan kemasan dan
    sertifikasi halal', '… X, Y, dan fasilitasi halal', 'fasilitasi promosi, termasuk …': an activity listed beside
    others, or with its parts, is a part of the programme they make up."""
    activities = _words()["kinds"] | _words()["activities"]
    word = lambda k: tokens[k].text.lower() if 0 <= k < len(tokens) else ""  # noqa: E731
    before = word(start - 1) in (",", "dan", "serta") and (word(start - 2) in activities or word(start - 2) == ",")
    after = word(end) in (",", "dan", "serta") and (word(end + 1) in activities | _words()["list_openers"]) or (
        word(end) == "," and word(end + 1) in ("hingga", "sampai", "dan", "serta"))
    return before or after or (word(end) == "," and _lower_list(tokens, end))


def _lower_list(tokens: list[Token], comma: int) -> bool:
    """'pelatihan kemasan, merek, hingga pemasaran': lower-case items after the comma closed by a list word."""
    for k in range(comma + 1, min(comma + 8, len(tokens))):
        text = tokens[k].text
        if text.lower() in ("dan", "serta", "hingga", "maupun"):
            return k > comma + 1
        if not (text.islower() or text == ","):
            return False
    return False


def is_award(tokens: list[Token], phrase: Phrase) -> bool:
    return tokens[phrase.start].text.lower() in _words()["awards"]


def with_phrases(text: str, heads: list[tuple[int, int, str]], mentions: list[ProgramMention]) -> list[ProgramMention]:
    """The capitalised-name and gazetteer mentions, with described programmes replacing the fragments they contain
    ("Bimbingan Teknis" inside "Bimbingan Teknis (Bimtek) pembuatan tas anyaman"); a known programme named right after
    a head keeps its id ("pelatihan e-Smart IKM"), an award for it is a programme of its own ("penghargaan OVOP")."""
    tokens = tokenize(text)
    result = list(mentions)
    for phrase in find_phrases(text, heads):
        start, end = tokens[phrase.start].start, tokens[phrase.end - 1].end
        if in_headline(text, start):
            continue
        inside = [m for m in result if m.start < end and start < m.end]
        if any(m.start < start or m.end > end or _bare(m.text) == _bare(text[start:end]) for m in inside):
            continue  # a name as long found by the capitalised rules
        known = [m for m in inside if m.programme_id and m.programme_id not in generic_ids()]
        name = " ".join(text[start:end].split())
        programme_id, rule = phrase_programme_id(name), phrase.rule
        if known:
            if is_award(tokens, phrase) or len(known) > 1 or known[0].start != tokens[phrase.head_end].start:
                if not is_award(tokens, phrase) or known[0].end != end:
                    continue
            else:  # "pelatihan e-Smart IKM": the known programme, found by the gazetteer
                programme_id, rule = known[0].programme_id, known[0].rule
                result.remove(known[0])
        result = [m for m in result if m not in inside or m in known]
        result.append(ProgramMention(name, start, end, rule, programme_id,
                                     abbreviations_in(text, start, end)))
    ordered = sorted(result, key=lambda m: m.start)
    return _alternatives(text, [m for m in ordered if _kept(text, m) and not _part_of_another(text, m, ordered)])


PART_OF = re.compile(r"^[^.\n]{0,80}?\b(?:lewat|melalui|bagian dari|dalam rangkaian)\s+(?:program\s+|kegiatan\s+)?$",
                     re.IGNORECASE)
PER_PARTICIPANT = re.compile(r"(?:^|[.\n]\s*)(?:Setiap|Tiap|Masing-masing)\s+(?:peserta|penerima|pemenang|kelompok)\b"
                             r"[^.\n]*$")


def _part_of_another(text: str, mention: ProgramMention, mentions: list[ProgramMention]) -> bool:
    """A described programme that is one part of a named one in its sentence ('bantuan mesin … lewat program
    Santripreneur'), or a benefit each participant gets ('Setiap peserta menerima bantuan …')."""
    if not mention.rule.startswith("program.phrase"):
        return False
    later = [m for m in mentions if m.start >= mention.end and not m.rule.startswith("program.phrase")]
    if later and PART_OF.match(text[mention.end : later[0].start]):
        return True
    return bool(PER_PARTICIPANT.search(text[max(0, mention.start - 160) : mention.start]))


ALTERNATIVE = re.compile(r"^\s*(?:atau|alias|or)\s+[^.;:\n]{0,80}$")
THEME = re.compile(r"\b(?:tema|bertema|temanya|slogan|tagline|motto)\s*[:,]?\s*$", re.IGNORECASE)


def _alternatives(text: str, mentions: list[ProgramMention]) -> list[ProgramMention]:
    """'Pameran Kriya Internasional atau Kriya Fair 2024': names joined by 'atau' are one programme."""
    for a, b in zip(mentions, mentions[1:], strict=False):
        if ALTERNATIVE.match(text[a.end : b.start]) and b.alias_of is None:
            b.alias_of = a.text
    return mentions


def _kept(text: str, mention: ProgramMention) -> bool:
    """Not a theme or slogan in quotes ('bertema "Kriya untuk Negeri"'), not heads only ('Program dan Kegiatan')."""
    words = mention.text.lower().split()
    if len(words) > 1 and all(w in _words()["kinds"] or w in ("dan", "serta", "&") for w in words):
        return False
    line_start = text.rfind("\n", 0, mention.start) + 1
    before = text[line_start : mention.start]
    quote = max(before.rfind('"'), before.rfind("“"))
    return not (quote >= 0 and before.count('"') % 2 + before.count("“") - before.count("”") > 0
                and THEME.search(before[:quote]))


def _bare(name: str) -> list[str]:
    """The words of a name without its bracketed abbreviations."""
    return re.sub(r"[(\[][^)\]]{1,15}[)\]]", " ", name).lower().split()


def described_words(forms: list[str]) -> set[str]:
    """The words of described programme names that say what they are about (not heads, generic or stop words)."""
    skip = _words()["generic"] | _words()["kinds"] | _words()["activities"] | _words()["shared"]
    return {w for form in forms for w in re.findall(r"[a-z]+", form.lower())
            if w not in skip and w not in STOP_WORDS and not NOMINAL.match(w) and len(w) > 2}
