"""Lines Indonesian outlets wrap around articles ("Baca Juga", ads, editor codes) that are not the article."""

from __future__ import annotations

import re

BOILERPLATE_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(baca|simak)\s+(juga|pula)\s*[:：-]?",
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
        r"^-?\s*(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu),? \d{1,2}[/ ]\S+[/ ]\d{2,4},? \d{1,2}[:.]\d{2}"
        r"( wib| wita| wit)?\b.{0,120}$",
        r"^(headline|berita terkait|berita lainnya|terpopuler|rekomendasi|pilihan redaksi)$",
        r"^.{0,40}(pemasangan iklan|sales\[at\]|redaksi\[at\]|\[at\]\w+\.com).{0,40}$",
        r"^[A-Z]:\s*[A-Z][A-Z ]{2,30}$",
    )
]
TRAILING_EDITOR_CODE = re.compile(r"\s*\(\s*[a-z]{2,5}(\s*/\s*[a-z]{2,5})+\s*\)\s*$", re.IGNORECASE)


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
