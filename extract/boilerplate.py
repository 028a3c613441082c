"""Lines Indonesian outlets wrap around articles ("Baca Juga", ads, editor codes) that are not the article."""

from __future__ import annotations

import re

BOILERPLATE_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(baca|simak)\s+(juga|pula)\s*[:：-]?",
        r"^(simak|tonton|saksikan)\s+(video|berita|juga)\b.{0,60}$",
        r"^\[gambas:[^\]]*\]$",
        r"^(lihat semua komentar|berikan komentar|tulis komentar|komentar anda)\b.{0,80}$",
        r"^(sumber|source)\s*:\s*[\w.-]+\.(com|id|net|co)\b\S*$",
        r"^pilihan editor\s*:.{0,120}$",
        r"^laporan (wartawan|reporter|koresponden|kontributor)\b.{0,80}$",
        r"^.{0,160}whatsapp channel\b.{0,160}$",
        r"^.{10,300}[.!?]?\s+(foto|photo)\s*(/|:\s*\w+/)[^!?]{2,40}$",
        r"^advertisement$",
        r"^scroll to (continue|resume)( with content)?$",
        r"^(editor|penulis|pewarta|reporter|penyunting)\s*:\s*\S.{0,60}$",
        r"^\(?[a-z]{2,5}(/[a-z]{2,5})+\)?$",
        r"^(halaman|hal\.)\s*(selanjutnya|berikutnya|\d+)\b.{0,30}$",
        r"^(bagikan|share)\s*[:：]?\s*(facebook|twitter|whatsapp|x|telegram|\s)*$",
        r"^(lihat|tonton) (juga|video)\b.{0,100}$",
        r"^(ikuti|follow) .{0,60}(google news|whatsapp|telegram|instagram).{0,60}$",
        r"^(fotografer|foto|sumber foto|video|redaksi|ilustrasi|grafis)\s*:.{0,80}$",
        r"^(copyright|hak cipta|©).{0,80}$",
        r".{0,40}all rights reserved\.?$",
        r"^(load more|muat lebih|lihat selengkapnya|selengkapnya|tampilkan lebih)\b.{0,20}$",
        r"^(pic\.twitter\.com|https?://t\.co/)\S*$",
        r"^[—–-] .{1,80}\(@\w+\) \w+ \d{1,2}, \d{4}$",
        r"^-?\s*(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu),? \d{1,2}[/ ]\S+[/ ]\d{2,4}\s*[,–-]?\s*\d{1,2}[:.]\d{2}"
        r"( wib| wita| wit)?\b.{0,120}$",
        r"^(headline|berita terkait|berita lainnya|terpopuler|rekomendasi|pilihan redaksi)$",
        r"^.{0,40}(pemasangan iklan|sales\[at\]|redaksi\[at\]|\[at\]\w+\.com).{0,40}$",
        r"^[A-Z]:\s*[A-Z][A-Z ]{2,30}$",
    )
]
# "(fyk/ash)", "(mcr23/jpnn)", "(Ketut Winata/balipost)", "(Z-10)": the reporter or editor code closing an article.
TRAILING_EDITOR_CODE = re.compile(
    r"\s*\(\s*(?:[\w.]{1,12}(?:\s+[\w.]{1,12}){0,2}(?:\s*/\s*[\w.]{1,12})+|[A-Z]{1,3}-\d{1,3})\s*\)\s*$")


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return any(p.search(stripped) for p in BOILERPLATE_LINES)


def _stray(line: str, title: str) -> bool:
    """A line that is the headline again, or a lone word with no sentence in it ("FotoBisnis", "close")."""
    stripped = line.strip()
    return stripped == title.strip() or (len(stripped.split()) == 1 and not stripped.endswith((".", "!", "?", '"')))


def drop_boilerplate_lines(text: str, title: str = "") -> str:
    """Remove whole boilerplate lines, stray words, the repeated headline and a trailing editor code."""
    kept = [line for line in text.split("\n")
            if line.strip() and not is_boilerplate(line) and not _stray(line, title)]
    if kept:
        kept[-1] = TRAILING_EDITOR_CODE.sub("", kept[-1])
    return "\n".join(line for line in kept if line.strip())
