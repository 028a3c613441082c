"""Where an article's events happen: provinces and kabupaten/kota with Kemendagri codes (REGIONS.md conventions)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from extract.facts.region_context import (
    Context,
    Mention,
    clause_before,
    context_of,
    dateline_span,
    find_mentions,
    head_segment,
    rule_data,
    rules_of,
    year_before,
)
from extract.facts.region_gazetteer import Place, load_gazetteer, squash

REGIONS_VERSION = "regions-1"
KAB_SIGNALS = ("pemkab", "bupati", "wabup", "kabupaten", "kab")
KOTA_SIGNALS = ("pemkot", "walikota", "wawali", "kota")


def _fire(mention: Mention, rule_id: str, kind: str | None = None) -> None:
    mention.fired.append(rule_id)
    if kind:
        mention.kind, mention.rule = kind, rule_id


@lru_cache(maxsize=256)  # a paragraph or sentence with two places is asked about twice
def _first(kind: str, where: str, text: str) -> str | None:
    return next((r.id for r in rules_of(kind, where) if r.regex.search(text)), None)


def _head_rule(segment: list[str]) -> tuple[str, str] | None:
    """The organisation or regulation a place phrase names, from its words before the place."""
    for kind in ("exclude", "organiser"):
        for word in segment:
            for rule in rules_of(kind, "head"):
                if rule.regex.search(word):
                    return rule.id, kind
    return None


def _classify(text: str, mention: Mention, published_year: int | None) -> None:
    ctx = context_of(text, mention)
    mention.sentence = ctx.sentence
    sentence = text[ctx.sentence[0]:ctx.sentence[1]]
    quote_end = max(sentence.rfind(q, 0, mention.start - ctx.sentence[0]) for q in ('"', "”", "“"))
    unquoted = sentence[quote_end + 1:]
    if rule_id := _first("skip_line", "line", ctx.line):
        return _fire(mention, rule_id, "exclude")
    if rule_id := _first("home", "left", ctx.left):
        return _fire(mention, rule_id, "home")
    if rule_id := _first("event", "left", ctx.left):
        _event(mention, rule_id, clause_before(ctx.left), sentence, unquoted, published_year)
        _weak(mention, sentence, text[ctx.sentence[0]:mention.start], ctx.right)
        return None
    if _is_dateline(text, mention, ctx):
        return _fire(mention, "region.dateline", "dateline")
    if head := _head_rule(head_segment(ctx.chain)):  # "Dinas Perindustrian Kota X", "Perda Kabupaten X"
        return _fire(mention, head[0], head[1])
    return None


def _event(mention: Mention, rule_id: str, clause: str, sentence: str, unquoted: str,
           published_year: int | None) -> None:
    if passing := _first("exclude", "clause", clause):
        return _fire(mention, passing, "exclude")
    if year_before(unquoted, published_year):
        return _fire(mention, "region.background_year", "exclude")
    _fire(mention, rule_id, "event")
    if statement := _first("statement", "clause", clause):
        mention.statement = True
        _fire(mention, statement)
    if gathering := _first("gathering", "sentence", sentence):
        mention.gathering = True
        _fire(mention, gathering)
    return None


def _weak(mention: Mention, sentence: str, up_to_place: str, right: str) -> None:
    if mention.kind != "event":
        return
    for rule in rules_of("weak"):
        where = {"sentence": sentence, "right": right}[rule.where]
        if rule.regex.search(up_to_place if rule.id == "region.quoted" else where):
            mention.weak = True
            _fire(mention, rule.id)


def _is_dateline(text: str, mention: Mention, ctx: Context) -> bool:
    if ctx.line_index >= 24 or len(text[:ctx.line_start]) > 1500:
        return False
    span = dateline_span(ctx.line)
    offset = mention.start - ctx.line_start
    return span is not None and span[0] <= offset < span[1]


def _resolve_shared(text: str, mentions: list[Mention]) -> None:
    """A bare name shared by a kota and a kabupaten: the kabupaten when the text says so, else the kota."""
    lowered = text.lower()
    for mention in mentions:
        if len(mention.places) < 2:
            continue
        short = mention.places[0].name.split(" ", 1)[1].lower() if " " in mention.places[0].name else ""
        short = short.removeprefix("administrasi ")
        kab = any(f"{signal} {short}" in lowered or f"{signal}. {short}" in lowered for signal in KAB_SIGNALS)
        kota = any(f"{signal} {short}" in lowered for signal in KOTA_SIGNALS)
        near = {m.landmark.regency for m in mentions if m.landmark and m.landmark.regency
                and abs(m.start - mention.start) < 200}
        by_landmark = [p for p in mention.places if p.code in near]
        wanted = "regency" if (kab and not kota) else "city"
        mention.places = by_landmark or [p for p in mention.places if p.level == wanted] or mention.places[:1]


def _one_typo(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b or min(len(a), len(b)) < 5:
        return False
    for i in range(min(len(a), len(b))):
        if a[i] != b[i]:
            return a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:]
    return True


def _venue_regency(text: str, mention: Mention) -> Place | None:
    """A venue's kabupaten/kota when its name, possibly misspelt by a letter, follows in the same phrase."""
    landmark = mention.landmark
    if not landmark or landmark.kind != "venue" or not landmark.regency:
        return None
    place = load_gazetteer().places[landmark.regency]
    short = squash(place.name.split(" ", 1)[1])
    words = [squash(w) for w in text[mention.end:mention.end + 40].split(",")[:3]]
    return place if any(w == short or _one_typo(w, short) for w in words) else None


def _select(mentions: list[Mention]) -> list[Mention]:
    events = [m for m in mentions if m.kind == "event" and not m.weak]
    gatherings = [m for m in events if m.gathering]
    provinces = {p.province_code for m in gatherings for p in m.places}
    places = {p.code for m in gatherings for p in m.places} | {m.landmark.regency for m in gatherings if m.landmark}

    def consistent(mention: Mention) -> bool:
        """Not elsewhere: the gathering's kabupaten/kota (or the kabupaten its town lies in), or its province."""
        return all(p.code in places if p.level != "province" else p.code in provinces for p in mention.places)

    chosen = [m for m in events if not m.statement or m.gathering or not gatherings or consistent(m)]
    weak = [m for m in mentions if m.kind in ("dateline", "organiser") or m.kind == "event" and m.weak]
    chosen += [m for m in weak if not gatherings or consistent(m)]
    towns = {m.landmark.regency for m in chosen if m.landmark and m.landmark.regency}
    chosen += [m for m in mentions if m.kind == "home" and any(p.code in towns for p in m.places)]
    if not chosen:  # nothing places an event: the kabupaten/kota the article names, its people's included
        chosen = [m for m in mentions if m.kind in ("plain", "home") and m.prefix]
    if not chosen:
        chosen = [m for m in mentions if m.kind == "fallback"]
    return sorted(chosen, key=lambda m: m.start)


def _national_seat(text: str) -> list[Mention]:
    """With no place at all: the seat of the national body the article reports on (fallback rules)."""
    gaz = load_gazetteer()
    for rule, entry in ((r, e) for r in rules_of("fallback") for e in rule_data()["rules"] if e["id"] == r.id):
        if match := rule.regex.search(text):
            place = gaz.places[str(entry["province"])]
            mention = Mention(match.start(), match.end(), match.group(0), "", "", [place], None)
            mention.sentence = context_of(text, mention).sentence
            _fire(mention, rule.id, "fallback")
            return [mention]
    return []


def region_mentions(text: str, published: date | None = None) -> list[Mention]:
    """Every place mention with the rule that decided it (also the excluded ones: the rule tests read them)."""
    mentions = find_mentions(text)
    year = published.year if isinstance(published, date) else None
    for mention in mentions:
        _classify(text, mention, year)
    _resolve_shared(text, mentions)
    if not _select(mentions):
        mentions += _national_seat(text)
    return mentions


def _item(text: str, mention: Mention, place: Place) -> dict[str, Any]:
    return {"name": place.name, "level": place.level, "province": place.province or place.name,
            "code": place.code, "text": mention.text, "rule": mention.rule, "start": mention.start,
            "end": mention.end, "sentence": text[mention.sentence[0]:mention.sentence[1]].strip(),
            "province_code": place.province_code}


def find_regions(text: str, published: date | None = None) -> list[dict[str, Any]]:
    """The article's event places, one item per place (first mention wins), each with its provenance."""
    items: dict[str, dict[str, Any]] = {}
    for mention in _select(region_mentions(text, published)):
        places = list(mention.places)
        if venue := _venue_regency(text, mention):
            places = [venue]
        for place in places:
            items.setdefault(place.code, _item(text, mention, place))
    return list(items.values())


def with_dateline(regions: list[dict[str, Any]], dateline: str | None) -> list[dict[str, Any]]:
    """The dateline's place when nothing in the text places the event (cleaning cuts the dateline from the text)."""
    weak_rules = {None, *(rule.id for rule in rules_of("fallback"))}
    if not dateline or any(item["rule"] not in weak_rules for item in regions):
        return regions
    head = " ".join(word.title() if word.isupper() else word for word in dateline.split())
    found = find_mentions(head)
    if not found:
        return regions
    mention = found[0]
    # a dateline names the town the reporter files from: the kota where a kota and a kabupaten share the name
    place = sorted(mention.places, key=lambda p: p.level != "city")[0]
    return [{"name": place.name, "level": place.level, "province": place.province or place.name, "code": place.code,
             "text": mention.text, "rule": "region.dateline_cut", "start": None, "end": None, "sentence": dateline,
             "province_code": place.province_code}]
