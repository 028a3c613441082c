"""Dates and periods: found by the rules in configs/rules/dates.jsonl, resolved against the publication date."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from functools import cache

from extract.facts.model import Fact, overlaps_any
from extract.facts.rules import ANCHORS, Rule, anchor_regex, load_rules, rule_anchors, rule_need
from extract.required_text import Formula, Literal, LiteralIndex, Need, TextView, formula_literals, required_formula

MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "pebruari": 2, "february": 2, "mar": 3,
    "maret": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7,
    "juli": 7, "july": 7, "agu": 8, "agt": 8, "ags": 8, "agust": 8, "agustus": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "okt": 10, "oktober": 10, "october": 10, "nov": 11, "nop": 11, "nopember": 11,
    "november": 11, "des": 12, "desember": 12, "december": 12,
}
WEEKDAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]
QUARTERS = {"i": 1, "1": 1, "pertama": 1, "ii": 2, "2": 2, "kedua": 2, "iii": 3, "3": 3, "ketiga": 3,
            "iv": 4, "4": 4, "keempat": 4}
PERIOD_MONTHS = {"triwulan": 3, "kuartal": 3, "caturwulan": 4, "semester": 6}
REGULATION = re.compile(r"(?:nomor|no\.?|nomer)\s*[\w./-]+\s*$", re.IGNORECASE)
DATELINE = re.compile(r"\d{1,2}[:.]\d{2}\s*(?:WIB|WITA|WIT)\b|^\s*[-–|]\s|(?:diterbitkan|diperbarui|dipublikasikan|"
                      r"updated|published)\b|^\s*(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu),?\s+\d{1,2}\s+\w+\s+\d{4}"
                      r"\s*(?:\||$)", re.IGNORECASE)
ISO_DAY, ISO_MONTH = "%04d-%02d-%02d", "%04d-%02d"


def month_number(token: str | None) -> int:
    """Month of a month name; spellings outside the table ("Sept.", "Nopemb") are normalised by dateparser."""
    key = (token or "").lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    return _dateparser_month(key)


@cache
def _dateparser_month(word: str) -> int:
    import dateparser

    parsed = dateparser.parse(f"15 {word} 2001", languages=["id", "en"], settings={"REQUIRE_PARTS": ["month"]})
    if parsed is None:
        raise KeyError(word)
    return parsed.month


def nearest_year(day: int, month: int, anchor: date) -> int:
    """The year that puts a yearless day closest to the publication date."""
    def distance(year: int) -> int:
        last = monthrange(year, month)[1]
        return abs((date(year, month, min(day, last)) - anchor).days)

    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=distance)


def _yearless(day: int, month: int, rel: str | None, anchor: date, weekday: str | None = None) -> int:
    if weekday:
        name = weekday.replace("'", "").replace("ahad", "minggu")
        matching = [y for y in (anchor.year, anchor.year - 1, anchor.year + 1)
                    if _day(y, month, day) and WEEKDAYS[date(y, month, day).weekday()] == name]
        if matching:
            return min(matching, key=lambda y: abs((date(y, month, day) - anchor).days))
    year = nearest_year(day, month, anchor)
    if rel in ("mendatang", "depan") and (month, day) < (anchor.month, anchor.day):
        return anchor.year + 1
    if rel in ("lalu", "kemarin") and (month, day) > (anchor.month, anchor.day):
        return anchor.year - 1
    return year


def _year(token: str | None) -> int | None:
    if not token:
        return None
    value = int(token)
    return value + 2000 if value < 100 else value


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _relative_month(month: int, rel: str, anchor: date) -> str:
    if rel in ("lalu", "kemarin", "silam"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("mendatang", "depan", "nanti"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year
    return ISO_MONTH % (year, month)


def _relative_year(rel: str, anchor: date) -> str:
    offset = {"lalu": -1, "kemarin": -1, "sebelumnya": -1, "depan": 1, "mendatang": 1}.get(rel, 0)
    return str(anchor.year + offset)


def _numeric_range(g: dict[str, str | None], anchor: date) -> tuple[str, str] | None:
    """'Sabtu-Minggu (2-3/12)', '2-3/12/2023', 'Selasa (8/9/2020) hingga Kamis (10/9/2020)'."""
    m2, d2 = int(g["m2"] or 0), int(g["d2"] or 0)
    y2 = _year(g.get("y2")) or _yearless(d2, m2, None, anchor, g.get("wd"))
    m1 = int(g.get("m1") or m2)
    y1 = _year(g.get("y1")) or (y2 - 1 if m1 > m2 else y2)
    start, end = _day(y1, m1, int(g["d1"] or 0)), _day(y2, m2, d2)
    return (start, end) if start and end and start < end else None


def resolve(shape: str, groups: dict[str, str | None], anchor: date) -> tuple[str, str] | None:
    """ISO start and end, at the precision the text gives, for one rule match."""
    g = {k: (v.lower() if isinstance(v, str) else v) for k, v in groups.items()}
    y2 = _year(g.get("y2"))
    if shape in ("dd_numeric", "weekday_numeric_range"):
        return _numeric_range(g, anchor)
    if shape in ("dd_m_y", "dm_dm_y", "dd_m", "d_m_y", "d_m", "weekday_numeric"):
        m2 = int(g["m2"]) if shape == "weekday_numeric" else month_number(g["m2"])  # type: ignore[arg-type]
        d2 = int(g["d2"])  # type: ignore[arg-type]
        y2 = y2 or _yearless(d2, m2, g.get("rel"), anchor, g.get("wd"))
        end = _day(y2, m2, d2)
        if shape in ("dd_m_y", "dm_dm_y", "dd_m"):
            m1 = month_number(g["m1"]) if g.get("m1") else m2
            y1 = _year(g.get("y1")) or (y2 - 1 if m1 > m2 else y2)
            start = _day(y1, m1, int(g["d1"]))  # type: ignore[arg-type]
            return (start, end) if start and end and start <= end else None
        return (end, end) if end else None
    if shape in ("m_y", "m_m_y"):
        m2 = month_number(g["m2"])
        m1 = month_number(g["m1"]) if g.get("m1") else m2
        if y2 is None:
            return None
        start_year = _year(g.get("y1")) or (y2 - 1 if m1 > m2 else y2)
        return ISO_MONTH % (start_year, m1), ISO_MONTH % (y2, m2)
    if shape == "m_rel_y":
        year = _relative_year(g["rel"] or "", anchor)
        return ISO_MONTH % (int(year), month_number(g["m2"])), ISO_MONTH % (int(year), month_number(g["m2"]))
    if shape == "m_rel":
        value = _relative_month(month_number(g["m2"]), g["rel"] or "", anchor)
        return value, value
    if shape == "quarter":
        size = PERIOD_MONTHS[g["period"] or "triwulan"]
        q = QUARTERS[g["q"] or "i"]
        if q * size > 12:
            return None
        return ISO_MONTH % (y2, (q - 1) * size + 1), ISO_MONTH % (y2, q * size)
    if shape == "y_y":
        first = _year(g.get("y1"))
        return (str(first), str(y2)) if first and y2 and first < y2 else None
    if shape == "y":
        return str(y2), str(y2)
    if shape == "y_rel":
        value = _relative_year(g["rel"] or "", anchor)
        return value, value
    if shape == "d_rel":
        offset = {"besok": 1, "lusa": 2, "kemarin": -1}[g["rel"] or "besok"]
        day = (anchor + timedelta(days=offset)).isoformat()
        return day, day
    return None


def _in_dateline(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    return len(line) < 80 and bool(DATELINE.search(line))


def _excluded(text: str, match: re.Match[str], shape: str) -> bool:
    if shape == "y" and REGULATION.search(text[max(0, match.start() - 30) : match.start()]):
        return True
    return _in_dateline(text, match.start())


@cache
def _rules() -> tuple:
    return load_rules("dates")


Gate = tuple[Rule, Need | None, tuple[str, ...]]  # a rule, its need (required_text), the ANCHORS macros it needs


@cache
def _gates() -> tuple[LiteralIndex, tuple[Gate, ...]]:
    """Each rule's gate, and one index of every literal they and the ANCHORS name: a text without months was looked
    for each of the month needs' 39 literals in turn (60 µs), one Aho-Corasick pass finds them all."""
    gates = tuple((rule, rule_need(rule.regex), rule_anchors(rule)) for rule in _rules())
    anchors = set().union(*(formula_literals(_anchor_formula(name)) for name in ANCHORS))
    return LiteralIndex(set().union(*(need for _, need, _ in gates if need)) | anchors), gates


@cache
def _anchor_formula(name: str) -> Formula | None:
    regex = anchor_regex(name)
    return required_formula(regex.pattern, regex.flags)


class _NamedWords:
    """Whether the text holds a month name, a weekday name…, each looked for once and only when a rule asks; not
    at all when the literals present (from the rules' index) rule every one of them out ("Des" in "desain" is not
    December)."""

    def __init__(self, text: str, view: TextView, present: set[Literal]) -> None:
        self.text, self.view, self.present = text, view, present
        self.seen: dict[str, bool] = {}

    def has(self, name: str) -> bool:
        if name not in self.seen:
            self.seen[name] = (self.view.allows(_anchor_formula(name), self.present)
                               and anchor_regex(name).search(self.text) is not None)
        return self.seen[name]


def find_dates(text: str, anchor: date | None) -> list[Fact]:
    """Every date or period in the text; relative and yearless ones need the anchor (publication date)."""
    found: list[Fact] = []
    view, (index, gates) = TextView(text), _gates()
    present = index.present(view)
    names = _NamedWords(text, view, present)
    for rule, need, anchors in gates:
        shape = rule.get("shape")
        if anchor is None and shape in ("d_m", "dd_m", "weekday_numeric", "weekday_numeric_range", "dd_numeric",
                                        "m_rel", "m_rel_y", "y_rel", "d_rel"):
            continue
        # a text without a month name (or a weekday, a quarter, a budget word) is not scanned for a date needing one
        if not view.may_match(need, present) or not all(map(names.has, anchors)):
            continue
        for match in rule.regex.finditer(text):
            if overlaps_any(found, match.start(), match.end()) or _excluded(text, match, shape):
                continue
            try:
                span = resolve(shape, match.groupdict(), anchor or date(1970, 1, 1))
            except (KeyError, ValueError, TypeError):
                continue
            if span:
                found.append(Fact("date", match.group(0).strip(), match.start(), match.end(), rule.id,
                                  {"start": span[0], "end": span[1]}))
    return sorted(found, key=lambda f: f.start)


def distinct_dates(facts: list[Fact]) -> list[Fact]:
    """One entry per distinct (start, end)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for fact in facts:
        key = (fact.attrs["start"], fact.attrs["end"])
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept
