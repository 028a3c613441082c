"""Person names in a token stream: where a name starts and ends, initials, particles, known names."""

from __future__ import annotations

import re
from functools import cache

from extract.facts.lexicon import (
    Token,
    degree_pattern,
    honorifics,
    is_position_word,
    longest_match,
    person_names,
    position_heads,
    positions,
    region_names,
    vocabulary,
)


@cache
def stop_words() -> frozenset[str]:
    """spaCy's Indonesian stop words, imported on first use: the crawl's own process imports this module to store
    names and need not import spaCy (half a second before its first request)."""
    from spacy.lang.id.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


PARTICLES = {"bin", "binti", "van", "de", "der", "al", "el", "da"}


@cache
def not_names() -> frozenset[str]:
    words = ("Baca Juga Foto Sumber Editor Penulis Menurut Kata Ujar Sementara Sedangkan Namun Selain Dalam Pada "
             "Saat Hal Ia Dia Beliau Mereka Kami Kita Selanjutnya Adapun Bahkan Untuk Dengan Oleh Di Ke Dari Yang "
             "Ini Itu Senin Selasa Rabu Kamis Jumat Sabtu Minggu Januari Februari Maret April Mei Juni Juli Agustus "
             "September Oktober November Desember Selain Tak Tidak Jika Karena Sebab Meski Setelah Sebelum Acara "
             "Kegiatan Program Pameran Pelatihan Para Seluruh Semua Sebanyak Terkait Sejumlah Kemudian "
             "Nomor No Pasal Tahun Peraturan")
    return frozenset(words.split()) | frozenset(positions()["prefixes"])


@cache
def name_abbreviations() -> frozenset[str]:
    """Abbreviated name parts written with a period ("Moch.", "Muh.", "Abd.")."""
    return frozenset(w.rstrip(".") for w in positions().get("name_abbreviations", []))


def gap(text: str, tokens: list[Token], i: int) -> str:
    return text[tokens[i - 1].end : tokens[i].start] if i > 0 else ""


def breaks(text: str, tokens: list[Token], i: int) -> bool:
    """The text ends at token i, or a line break precedes it."""
    return i >= len(tokens) or "\n" in gap(text, tokens, i)


def is_known(word: str) -> bool:
    given, family = person_names()
    return word in given or word in family


def is_initials(token: Token) -> bool:
    """Two or three capitals that are initials of a name ("MS Hidayat", "TB Hasanuddin"), not an organisation."""
    return 2 <= len(token.text) <= 3 and token.text.isupper() and token.text.isalpha() and not is_position_word(
        token.text)


def name_word(token: Token) -> bool:
    initials = "." in token.text and all(len(part) == 1 for part in token.text.split("."))  # "L.N"
    return (token.is_cap and not (token.is_acronym and len(token.text) > 2 and not initials)
            and not is_position_word(token.text)
            and (token.text,) not in position_heads()
            and token.text not in not_names() and not token.text.isdigit()
            and not (len(token.text) > 5 and token.text.endswith("nya")))


@cache
def _honorific_forms() -> frozenset[str]:
    return frozenset(h.rstrip(".") for h in positions()["honorifics"])


def is_honorific(word: str, dotted: bool = False) -> bool:
    """'Dr.', 'H', 'KH', 'DR.': as listed, or in any case when written with a period ("MS" is initials, "Ms." is not)."""
    bare = word.rstrip(".")
    return bare in _honorific_forms() or (dotted or word.endswith(".")) and bare.lower() in honorifics()


def skip_honorifics(tokens: list[Token], j: int) -> int:
    while j < len(tokens) and is_honorific(tokens[j].text, j + 1 < len(tokens) and tokens[j + 1].text == "."):
        j += 2 if j + 1 < len(tokens) and tokens[j + 1].text == "." else 1
    return j


def _abbreviated(tokens: list[Token], j: int) -> bool:
    """Token j is a period closing an initial or a name abbreviation, and a name word follows."""
    return (j + 1 < len(tokens) and tokens[j].text == "." and tokens[j + 1].is_cap
            and (len(tokens[j - 1].text) <= 3 or tokens[j - 1].text in name_abbreviations()))


def parse_name_forward(text: str, tokens: list[Token], j: int) -> tuple[int, int]:
    """(start, end) token indices of a person's name starting at j (after honorifics); start == end if none."""
    if j < len(tokens) and tokens[j].text == ",":
        j += 1
    start = j = skip_honorifics(tokens, j)
    while not breaks(text, tokens, j) and j - start < 6:
        token = tokens[j]
        if j - start >= 2 and degree_pattern().match(text[token.start : token.start + 12]):
            break  # "Willy Lory S.E.": a degree ends the name
        if name_word(token):
            j += 1
            if _abbreviated(tokens, j) and not breaks(text, tokens, j + 1):
                j += 1
        elif token.text in PARTICLES and j + 1 < len(tokens) and name_word(tokens[j + 1]) and j > start:
            j += 1
        elif j > start and _last_name_word(tokens, j):
            j += 1
            break
        else:
            break
    while j > start and tokens[j - 1].text in PARTICLES:
        j -= 1
    return start, j


def _last_name_word(tokens: list[Token], j: int) -> bool:
    """'Achsanul Qosasi,': a surname shaped like an organisation word ('-asi') still ends the name."""
    token = tokens[j]
    return (token.is_cap and token.text not in vocabulary() and token.text not in not_names()
            and (token.text,) not in position_heads() and not token.is_acronym
            and (j + 1 >= len(tokens) or not tokens[j + 1].is_cap))


def parse_name_backward(text: str, tokens: list[Token], end: int) -> int:
    """Start token index of a name ending just before `end` (a run of name words); end if none."""
    start = end
    while start > 0 and not breaks(text, tokens, start) and end - start < 5:
        token = tokens[start - 1]
        if (name_word(token) and token.text.lower() not in stop_words()) or (
                token.text == "." and start > 1 and (len(tokens[start - 2].text) == 1
                                                     or tokens[start - 2].text in name_abbreviations())):
            start -= 1
        else:
            break
    while start < end and tokens[start].text == ".":
        start += 1
    return start


def split_name_run(tokens: list[Token], start: int, end: int) -> int:
    """Where the person's name starts in a run of capitalised words after a position.

    "Partai Golkar Aburizal Bakrie": the name starts at the first known given or family name; when that
    leaves a one-word name out of a run of three or more, or no word is known, the last two words are the name.
    After an acronym or a region ("Sekjen PPP Irgan Chairul Mahfidz") the organisation is complete: the run is the name.
    """
    words = [i for i in range(start, end) if len(tokens[i].text) > 1 and tokens[i].text != "."]
    if len(words) < 2 or (start > 0 and tokens[start - 1].is_acronym or _after_region(tokens, start)) and len(
            words) <= 4:
        return start
    company = any(t.text.rstrip(".") in ("PT", "CV", "UD", "PD") for t in tokens[max(0, start - 6) : start])
    if len(words) <= 3 and start > 0 and tokens[start - 1].text in vocabulary() and not company:
        return start  # "… Industri Agro dan Kimia Herlin Ike Meriana": the unit ends with its vocabulary
    known = next((n for n, i in enumerate(words) if is_known(tokens[i].text)), None)
    if known is not None and len(words) - known >= 2:
        return words[known]
    return words[-2] if len(words) >= 3 else start


def _after_region(tokens: list[Token], start: int) -> bool:
    """A region name ends just before start ("Wali Kota Jayapura Benhor Tomi Mano"): the organisation is complete."""
    return any(longest_match(tokens, start - n, region_names()) == n for n in range(1, min(4, start) + 1))


def plausible_single(tokens: list[Token], name: tuple[int, int]) -> bool:
    """A one-word name needs to be a known name or to stand before a speech verb or punctuation."""
    if name[1] - name[0] > 1:
        return True
    word = tokens[name[0]].text
    after = tokens[name[1]] if name[1] < len(tokens) else None
    if word.lower() in stop_words():
        return False
    return is_known(word) or after is None or not after.is_cap


NAME_TITLES = re.compile(
    r"\b(ir|dr|drs|dra|h|hj|prof|kh|s\.?e|s\.?h|s\.?t|s\.?sos|s\.?pd|s\.?kom|m\.?si|m\.?m|m\.?t|m\.?sc|m\.?b\.?a|"
    r"mba|ph\.?d|m\.?ak|m\.?pd|m\.?eng|m\.?kes|s\.?ip|m\.?ap)\b\.?",
    re.IGNORECASE,
)
NAME_WORD = re.compile(r"[a-z0-9]+")


def normalise_name(name: str) -> str:
    """A person's name without titles or degrees, lower-cased, for matching and storage keys."""
    return " ".join(NAME_WORD.findall(NAME_TITLES.sub(" ", name.lower())))


@cache
def _degree_tokens() -> frozenset[str]:
    return frozenset(d.replace(".", "").lower() for d in positions()["degrees"])


def before_degrees(tokens: list[Token], i: int) -> int:
    """End of the name before token i, past a comma and degrees ("Rahmat Hidayat, S.T., M.Si. selaku …")."""
    j = i
    while j > 0 and (tokens[j - 1].text in {",", "."} or tokens[j - 1].text.replace(".", "").lower() in _degree_tokens()):
        j -= 1
    return j if j < i and any(tokens[k].text.replace(".", "").lower() in _degree_tokens() for k in range(j, i)) else (
        i - 1 if i > 0 and tokens[i - 1].text == "," else i)
