"""Officials: a person named with a position ("Wali Kota Malang, Sutiaji"; "Titik … selaku Kepala BBKB")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.facts.entities import craft_heads
from extract.facts.lexicon import (
    Token,
    degree_pattern,
    in_headline,
    is_position_word,
    longest_match,
    person_names,
    position_heads,
    positions,
    region_names,
    speech_verbs,
    tokenize,
)
from extract.facts.model import Fact
from extract.facts.names import (
    before_degrees,
    breaks,
    is_honorific,
    is_initials,
    is_known,
    name_word,
    parse_name_backward,
    parse_name_forward,
    plausible_single,
    skip_honorifics,
    split_name_run,
)
from extract.facts.official_patterns import MatchedTokens, Trigger, TriggerMatcher, match_tokens

COMMA_RULE = "official.name_comma_position"
SKIP_LINE = re.compile(r"^\s*(?:baca\s+(?:juga|pula)|editor|penulis|pewarta|reporter|foto|sumber|penyunting|"
                       r"simak|lihat\s+juga)\b.*$", re.IGNORECASE | re.MULTILINE)
CONNECTORS = {",", "dan", "serta", "&", "/", "dari"}
UNIT_WORDS = {"Bidang", "Seksi", "Subbidang", "Bagian", "Subbagian"}
ROMAN = {"I", "II", "III", "IV", "V"}
PLACE_WORDS = {"Desa", "Kecamatan", "Kelurahan", "Dusun", "Kampung", "Kota", "Kabupaten", "Kab", "Provinsi", "Prov"}


def _is_position_word(token: Token) -> bool:
    return token.is_cap and (is_position_word(token.text) or token.is_acronym)


def parse_position(text: str, tokens: MatchedTokens, i: int) -> int:
    """Index just past a position phrase starting at i (prefixes, a head, its continuation); i when none."""
    k = past_prefixes(tokens, i)
    if k + 2 < len(tokens) and tokens[k].text == "Pelaksana" and tokens[k + 1].text in ("Harian", "Tugas") and (
            head_length(tokens, k + 2)):
        k += 2  # "Pelaksana Harian Kabid Industri"
    head = head_length(tokens, k)
    if not head:
        return i
    j, region_used = k + head, False
    while not breaks(text, tokens, j):
        token = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) and not breaks(text, tokens, j + 1) else None
        if token.text == "(" and nxt and nxt.is_cap and j + 2 < len(tokens) and tokens[j + 2].text == ")":
            j += 3
        elif token.text in CONNECTORS and nxt and (
                _is_position_word(nxt) or longest_match(tokens, j + 1, position_heads())):
            j += 1
        elif token.text in ("dan", "serta") and nxt and _unknown_word(nxt):
            j += 1  # "Kepala Pusat Pelaporan dan Analisis …": the unit's name goes on
        elif token.text == "," and nxt and nxt.text in ("dan", "serta") and j + 2 < len(tokens) and (
                _is_position_word(tokens[j + 2])):
            j += 2
        elif j - 1 in tokens.triggers["ORG_OPENER"] and token.is_cap:
            j = _past_tbk(tokens, j)
        elif token.text == "Tbk" or (token.text == "(" and nxt and nxt.text == "Persero"):
            j += 1 if token.text == "Tbk" else 3
        elif not region_used and (length := longest_match(tokens, j, region_names())):
            j, region_used = j + length, True
        elif (tokens[j - 1].text in PLACE_WORDS | UNIT_WORDS and token.is_cap and not is_position_word(token.text)
              and token.text not in person_names()[0]):
            j += 1  # "Kota Jayapura", "Bidang Iklim Usaha": a place's or a unit's own name
        elif token.text in ROMAN and j == k + head:
            j += 1  # "Asisten II Bidang …"
        elif _starts_name(tokens, j, nxt):
            break
        elif _is_position_word(token) or longest_match(tokens, j, position_heads()):
            j += 1
        else:
            break
    while j > k + head and tokens[j - 1].text in CONNECTORS | {"("}:
        j -= 1
    return j


def _past_tbk(tokens: list[Token], j: int) -> int:
    """'PT Blue Bird Tbk Purnomo': a listed company's name runs up to its 'Tbk'."""
    for k in range(j, min(j + 6, len(tokens))):
        if tokens[k].text == "Tbk":
            return k
        if not tokens[k].is_cap:
            break
    return j + 1


def _unknown_word(token: Token) -> bool:
    """A capitalised word that is neither a known name nor a sentence word: part of an organisation's name."""
    return token.is_cap and not is_known(token.text) and name_word(token)


def _starts_name(tokens: MatchedTokens, j: int, nxt: Token | None) -> bool:
    """'Menteri Perindustrian MS Hidayat': two-letter initials before a name word start the name."""
    return (len(tokens[j].text) == 2 and is_initials(tokens[j]) and j not in tokens.triggers["ORG_OPENER"]
            and nxt is not None and name_word(nxt))


def starts_position(tokens: MatchedTokens, j: int) -> bool:
    """A new position head (after its prefixes) begins at token j."""
    return bool(head_length(tokens, past_prefixes(tokens, j)))


def past_prefixes(tokens: MatchedTokens, k: int) -> int:
    """Past the prefixes that belong to a position ("Plt.", "Wakil", "Mantan": official.position_prefix)."""
    while prefix := tokens.triggers["POSITION_PREFIX"].get(k):
        k = prefix.end
    return k


def head_length(tokens: MatchedTokens, k: int) -> int:
    """Tokens of the position head at k: a listed head, a compound title by shape ("Kadisperindagkop"), or a head in
    lower case before a capitalised unit ("kepala Dinas Perindustrian", "kepala bidang Industri")."""
    if k >= len(tokens):
        return 0
    if length := longest_match(tokens, k, position_heads()):
        return length
    if shaped := tokens.triggers["POSITION_HEAD"].get(k):  # "Kadisperindagkop": official.position_head_shape
        return shaped.end - k
    if tokens[k].text in positions()["lowercase_heads"]:
        window = [Token(t.text[:1].upper() + t.text[1:], t.start, t.end) for t in tokens[k : k + 4]]
        length = longest_match(window, 0, position_heads())
        if length and k + length < len(tokens) and tokens[k + length].is_cap:
            return length
    return 0


def organisation_then_name(text: str, tokens: list[Token], name: tuple[int, int]) -> tuple[int, int] | None:
    """'Direktur Utama Telkom, Arwin Rasyid': a run without known names, a comma, then the person's name."""
    given, family = person_names()
    start, end = name
    if skip_honorifics(tokens, max(0, start - 2)) == start and start >= 1 and is_honorific(
            tokens[start - 2].text if tokens[start - 1].text == "." and start >= 2 else tokens[start - 1].text, True):
        return None  # "… Sulteng Ir. Bambang Andry, M.Si": an honorific opens a person's name
    comma = end + 3 if end + 3 < len(tokens) and tokens[end].text == "(" and tokens[end + 2].text == ")" else end
    if comma >= len(tokens) or tokens[comma].text != ",":
        return None
    known = [tokens[i].text in given or tokens[i].text in family for i in range(start, end)]
    if end - start < 3 and any(known) or known and known[0] and tokens[start].text in given and end - start < 2:
        return None
    second = parse_name_forward(text, tokens, comma + 1)
    if second[1] - second[0] >= 2 or (second[1] > second[0] and (
            tokens[second[0]].text in given or second[1] < len(tokens) and tokens[second[1]].text == ",")):
        return second
    return None


@dataclass
class Mention:
    name: str
    position: str
    start: int
    end: int
    rule: str
    organization: str | None = None
    abbreviations: list[str] = field(default_factory=list)


def _span_text(text: str, tokens: list[Token], start: int, end: int) -> str:
    return " ".join(text[tokens[start].start : tokens[end - 1].end].split()) if end > start else ""


def _clean_name(text: str) -> str:
    words = text.replace(" .", ".").split()
    while words and is_honorific(words[0]):  # only leading ones: "Yasonna H Laoly" keeps its initial
        words = words[1:]
    return " ".join(words).strip(" ,.")


def _position_text(text: str, tokens: list[Token], start: int, end: int) -> tuple[str, list[str]]:
    """The position as written, without bracketed abbreviations (which are returned separately)."""
    raw = text[tokens[start].start : tokens[end - 1].end]
    abbreviations = re.findall(r"\(\s*([A-Z][\w-]*)\s*\)", raw)
    cleaned = re.sub(r"\s*\(\s*[A-Z][\w-]*\s*\)", "", raw)
    return " ".join(cleaned.split()).replace(" ,", ",").rstrip(" ,"), abbreviations


def _mention(text: str, tokens: list[Token], pos: tuple[int, int], name: tuple[int, int], rule: str) -> Mention | None:
    name_text = _clean_name(_span_text(text, tokens, *name))
    if not name_text or name_text.isupper() and len(name_text) < 5:
        return None
    if name[1] < len(tokens) and tokens[name[1]].text in ("”", '"') and tokens[name[1]].start == tokens[name[1] - 1].end:
        return None  # '…, Melesat”': a slogan closing a quotation, not a person
    position, abbreviations = _position_text(text, tokens, *pos)
    span = (min(tokens[pos[0]].start, tokens[name[0]].start), max(tokens[pos[1] - 1].end, tokens[name[1] - 1].end))
    return Mention(name_text, position, span[0], span[1], rule, abbreviations=abbreviations)


def find_mentions(text: str, matcher: TriggerMatcher) -> list[Mention]:
    """Every position–name pair in the text, by three rules (position first, 'selaku', apposition); the linking
    words and apposition cues are the token patterns of configs/rules/officials.jsonl (official_patterns)."""
    text = SKIP_LINE.sub(lambda m: " " * len(m.group(0)), text)
    tokens = match_tokens(matcher, tokenize(text))
    links, cues = tokens.triggers["LINK"], tokens.triggers["APPOSITION_CUE"]
    mentions: list[Mention] = []
    covered: set[int] = set()
    for i in range(len(tokens)):
        if i in covered:
            continue
        if in_headline(text, tokens[i].start):
            continue
        end = parse_position(text, tokens, i) if i in tokens.position_starts and not _in_document_title(tokens, i) else i
        if end > i:
            end, name = _name_after_position(text, tokens, end)
            if name[1] > name[0] and (m := _mention(text, tokens, (i, end), name, "official.position_name")):
                mentions.append(m)
                covered.update(range(i, name[1]))
                continue
        if (link := links.get(i)) and (linked := _linked_mention(text, tokens, i, link.rule, cues)):
            mentions.append(linked[0])
            covered.update(range(i, linked[1]))
    return mentions


def _linked_mention(text: str, tokens: MatchedTokens, i: int, rule: str,
                    cues: dict[int, Trigger]) -> tuple[Mention, int] | None:
    """The name before a linking token at i ('selaku', 'sebagai', an apposition's comma) and the position after it
    (with the position's end); 'Name, Position' only after an apposition cue or at the text's start."""
    end = parse_position(text, tokens, i + 1)
    end = _appositive_end(text, tokens, end) if end > i + 1 else end
    name_end = before_degrees(tokens, i)
    start = parse_name_backward(text, tokens, name_end)
    apposition = rule == COMMA_RULE
    if end > i + 1 and start < name_end and (not apposition or start == 0 or start - 1 in cues) and not (
            apposition and _named_position(text, tokens, end)):
        m = _mention(text, tokens, (i + 1, end), (start, name_end), rule)
        return (m, end) if m else None
    return None


def _appositive_end(text: str, tokens: list[Token], end: int) -> int:
    """'…, Koordinator Rumah Kreatif Lembah Hijau.': after the name, the position runs on through capitalised
    words to the sentence's end or a comma (a position before a name stops where the name starts instead)."""
    k = end
    while k < len(tokens) and k - end < 8 and not breaks(text, tokens, k) and (
            tokens[k].is_cap or tokens[k].text in ("dan", "serta") and k + 1 < len(tokens) and tokens[k + 1].is_cap):
        k += 1
    return k if k > end and (k >= len(tokens) or tokens[k].text in {".", ",", ";"}) and not _name_like(
        tokens, end, k) else end


def _honorific_inside(text: str, tokens: list[Token], start: int, end: int) -> int | None:
    """'Kepala Dinperindag Banyumas Dra. Nining …', '… Desa Aeng Haji Samsul': an honorific inside the
    capitalised run (up to the sentence's next lower-case word) starts the name."""
    for k in range(start + 1, min(start + 10, len(tokens))):
        if breaks(text, tokens, k) or k >= end and not tokens[k].is_cap and tokens[k].text != ".":
            break
        if _is_position_word(tokens[k - 1]) or (tokens[k - 1].text,) in position_heads():
            continue  # "Sekretaris Jenderal": a title, not the rank "Jenderal"
        dotted = k + 1 < len(tokens) and tokens[k + 1].text == "."
        if k + 1 < len(tokens) and is_honorific(tokens[k].text, dotted) and (
                dotted or tokens[k + 1].is_cap and len(tokens[k].text) > 1):  # "Yasonna H Laoly": an initial
            return k
    return None


def _name_after_position(text: str, tokens: MatchedTokens, end: int) -> tuple[int, tuple[int, int]]:
    """(position end, name span) after a parsed position, telling organisation words from the name."""
    name = parse_name_forward(text, tokens, end)
    if name[1] > name[0] and (k := _honorific_inside(text, tokens, name[0], name[1])) is not None:
        return k, parse_name_forward(text, tokens, k)
    while _continues(tokens, name[1], name[0]) and tokens[end].text != ",":
        end = parse_position_tail(text, tokens, name[1] + (1 if tokens[name[1]].text in ("dan", "serta", "&") else 0))
        name = parse_name_forward(text, tokens, end)
    if name[1] == name[0] or tokens[end].text == ",":
        return end, name
    if upto_comma := _position_up_to_comma(text, tokens, end):
        return upto_comma
    if later := organisation_then_name(text, tokens, name):
        return name[1], later
    split = split_name_run(tokens, name[0], name[1])
    if split > name[0]:
        return split, (split, name[1])
    if end - 1 in tokens.triggers["ORG_OPENER"] or not plausible_single(tokens, name):
        return end, (end, end)
    return end, name


ORG_FILLERS = {"(", ")", "dan", "serta", "&", "dari", "/", "-"}


def _position_up_to_comma(text: str, tokens: MatchedTokens, end: int) -> tuple[int, tuple[int, int]] | None:
    """'Ketua Asosiasi Eksportir dan Produsen Handicraft Indonesia (ASEPHI) DIY, Yohanes Budi Santoso, …':
    capitalised words up to a comma belong to the position when a name stands between that comma and the next."""
    k = end
    while k < len(tokens) and k - end < 15 and not breaks(text, tokens, k) and (
            tokens[k].is_cap or tokens[k].text in ORG_FILLERS or tokens[k].text[:1].isdigit()):
        if k > end and (starts_position(tokens, k) or tokens[k - 1].text in ("dan", "serta")):
            return None  # "… Nurkhalis Dt Bijo dan Ketua DPRD …": a second official, not one organisation
        if k + 1 < len(tokens) and is_honorific(tokens[k].text, tokens[k + 1].text == "."):
            return None  # "… Prov Sulteng Ir. Bambang …": the honorific opens the name
        k += 1
    if k >= len(tokens) or tokens[k].text != "," or k == end:
        return None
    name = parse_name_forward(text, tokens, k + 1)
    after = tokens[name[1]].text if name[1] < len(tokens) else "."
    # One word before the comma ("PT Pasar Digital Nusantara, Kevin Halim,") needs a name of two words or more.
    opened = any(tokens[m].text.rstrip(".") in {"PT", "CV", "UD", "PD"} for m in range(max(0, end - 4), end)) or (
        tokens[end - 1].text in craft_heads()) or (  # "PT …", "Batik Sekar Jagad, Larasati Putri,"
        k + 2 < len(tokens) and is_honorific(tokens[k + 1].text, tokens[k + 2].text == "."))  # ", KH. Ahmad …"
    if not opened and (k - end == 1 and tokens[end].text in person_names()[0] or _name_like(tokens, end, k)):
        return None
    if name[1] - name[0] >= (1 if k - end >= 2 else 2) and (
            after == "," or after.lower() in speech_verbs() or after in {".", "selaku"}):
        return k, name
    return None


def _named_position(text: str, tokens: MatchedTokens, end: int) -> bool:
    """'Mensesneg Pratikno, Gubernur Jabar Ahmad Heryawan.': the position after the comma has its own person."""
    name = _name_after_position(text, tokens, end)[1]
    return _name_like(tokens, *name) and (name[1] >= len(tokens) or tokens[name[1]].text != ",")


def _name_like(tokens: list[Token], start: int, end: int) -> bool:
    """'Didi Widayadi' before ', Menkopolkam …': two to four name words opening with a known given name."""
    return 2 <= end - start <= 4 and tokens[start].text in person_names()[0] and all(
        name_word(tokens[k]) or len(tokens[k].text) == 1 for k in range(start, end))


def _continues(tokens: MatchedTokens, j: int, start: int) -> bool:
    """'… Aparatur Negara dan Reformasi Birokrasi Yuddy', '… Pemilu PPP Fernita': the position goes on
    (but not into a second official: '… Agus Gumiwang dan Dirjen IKMA Reni')."""
    if j + 1 < len(tokens) and tokens[j].text in ("dan", "serta", "&") and tokens[j + 1].is_cap:
        return not starts_position(tokens, j + 1) and not _name_like(tokens, start, j)
    return j + 1 < len(tokens) and tokens[j].is_acronym and len(tokens[j].text) > 2 and tokens[j + 1].is_cap


def parse_position_tail(text: str, tokens: list[Token], j: int) -> int:
    while j < len(tokens) and not breaks(text, tokens, j) and (_is_position_word(tokens[j]) or (
            tokens[j].is_cap and j + 1 < len(tokens) and tokens[j + 1].is_cap and _unknown_run(tokens, j) >= 3)):
        j += 1
    return j


def _unknown_run(tokens: list[Token], j: int) -> int:
    k = j
    while k < len(tokens) and tokens[k].is_cap:
        k += 1
    return k - j




def _in_document_title(tokens: MatchedTokens, i: int) -> bool:
    """'Peraturan Bupati Nomor 17': a regulation's name, not a person's position."""
    return i - 1 in tokens.triggers["DOCUMENT_WORD"]  # official.document_title


BUSINESS = re.compile(r"^(?P<title>.+?)\s+(?P<org>(?:PT|CV|UD|PD)\.?\s+[A-Z].*)$")


def split_organization(position: str) -> tuple[str, str | None]:
    """Move a trailing parent organisation ("… Kemenperin") or a company ("Direktur Utama PT …") out of the
    position; a one-word title keeps its company ("Pemilik UD …"), which alone would not say the position."""
    for parent in sorted(positions()["parent_organizations"], key=len, reverse=True):
        if position.endswith(" " + parent) and len(position) > len(parent) + 8:
            return position[: -len(parent) - 1].rstrip(" ,"), parent
    business = BUSINESS.match(position)
    if business and len(business.group("title").split()) >= 2:
        return business.group("title").rstrip(" ,"), business.group("org")
    return position, None


def degree_free(name: str) -> str:
    return degree_pattern().sub("", name).strip(" ,")


def to_facts(mentions: list[Mention], text: str) -> list[Fact]:
    return [Fact("official", text[m.start : m.end], m.start, m.end, m.rule,
                 {"name": m.name, "position": m.position, "abbreviations": m.abbreviations}) for m in mentions]
