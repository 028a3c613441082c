"""Indonesian numbers: "3,38", "831.269", "1,5 miliar", number words ("dua puluh lima", "seratus")."""

from __future__ import annotations

import re

UNITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
         "delapan": 8, "sembilan": 9}
STEPS = {"belas": 1, "puluh": 10, "ratus": 100}
MULTIPLIERS = {"ribu": 1_000, "rb": 1_000, "juta": 1_000_000, "jt": 1_000_000, "miliar": 1_000_000_000,
               "milyar": 1_000_000_000, "triliun": 1_000_000_000_000, "trilyun": 1_000_000_000_000,
               "m": 1_000_000_000, "t": 1_000_000_000_000}  # "Rp 40 M", "Rp1,5 T" (capital letters only)
NUMBER_WORD = (
    r"(?:(?:se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)(?:\s*(?:puluh|ratus|ribu|belas))?"
    r"|sepuluh|sebelas|seratus|seribu)"
)
NUMBER_WORDS = re.compile(rf"\b{NUMBER_WORD}(?:\s+{NUMBER_WORD})*\b", re.IGNORECASE)
DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


def parse_digits(text: str) -> float:
    """An Indonesian-formatted number: dots group thousands, the comma is the decimal mark."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")
    elif re.fullmatch(r"\d+\.\d{1,2}", text):
        pass  # "3.5" written English-style keeps its decimal point
    text = text.replace(",", ".")
    return float(text)


def parse_number_words(text: str) -> int | None:
    """ "dua puluh lima" → 25, "seratus dua belas" → 112, "tiga ribu" → 3000; None when not a number."""
    spaced = re.sub(r"\bse(puluh|ratus|ribu|belas)\b", r"satu \1", text.lower())
    total, current, unit, seen = 0, 0, 0, False
    for word in re.findall(r"[a-z]+", spaced):
        if word in UNITS:
            current, unit = current + unit, UNITS[word]
        elif word in STEPS:
            current, unit = current + (unit or 1) * STEPS[word] + (10 if word == "belas" else 0), 0
        elif word == "ribu":
            total, current, unit = total + ((current + unit) or 1) * 1000, 0, 0
        else:
            return None
        seen = True
    return total + current + unit if seen else None


def number_value(number: str, scale: str | None = None) -> float:
    """Digits or number words, times a scale word (ribu, juta, miliar, triliun) when one follows."""
    words = parse_number_words(number) if re.search(r"[a-zA-Z]", number) else None
    value = float(words) if words is not None else parse_digits(number)
    if scale:
        value *= MULTIPLIERS[scale.lower()]
    return round(value, 6) if value != int(value) else float(int(value))
