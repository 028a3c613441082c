"""Programme mentions grouped into programmes: one per gazetteer id, edition or similar name; the name is the
longest form written."""

from __future__ import annotations

import difflib
import re
from functools import cache, lru_cache

from extract.facts.lexicon import tokenize
from extract.facts.programs import WORD, ProgramMention, _aliases, _data, _gazetteer_names, generic_ids


@cache
def _alias_pattern() -> re.Pattern[str]:
    """Every gazetteer alias of two letters or more, longest first, as whole words."""
    aliases = sorted({a.lower() for p in _data()["programs"] for a in [p["name"], *p["aliases"]] if len(a) > 1},
                     key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in aliases) + r")(?![\w-])")


@lru_cache(maxsize=1024)  # every pair of forms is compared: a form's words are asked for again and again
def _canonical_words(name: str) -> frozenset[str]:
    """The words of a name with known programmes written as their ids ("Penghargaan OVOP" = "Penghargaan One Village
    One Product")."""
    ids = _alias_ids()
    return frozenset(WORD.findall(_alias_pattern().sub(lambda m: " " + ids[m.group(0)] + " ", name.lower())))


@cache
def _alias_ids() -> dict[str, str]:
    return {a.lower(): p["id"].replace("-", "") for p in _data()["programs"] for a in [p["name"], *p["aliases"]]}


def _similar(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(None, a.lower(), b.lower())
    # the quick ratios are upper bounds of ratio() at a fraction of its cost: most pairs of forms fail them
    if matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
        return True
    return any(_dice(*pair) >= 0.8 for pair in ((set(WORD.findall(a.lower())), set(WORD.findall(b.lower()))),
                                                (_canonical_words(a), _canonical_words(b))))


def _dice(wa: frozenset[str] | set[str], wb: frozenset[str] | set[str]) -> float:
    return 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0


def _alias_owner(mention: ProgramMention, mentions: list[ProgramMention]) -> ProgramMention | None:
    """The longer programme whose bracketed abbreviation this mention is ("Bimtek" after
    "Bimbingan Teknis (Bimtek) Pengolahan Kopi")."""
    return next((m for m in mentions if m is not mention and mention.text in m.aliases and len(m.text) > len(mention.text)),
                None)


def group_programs(mentions: list[ProgramMention]) -> list[dict]:
    """One programme per gazetteer id or per similar name; its name is the longest form written."""
    groups: list[dict] = []
    for mention in mentions:
        owner = _alias_owner(mention, mentions)
        if owner is not None:
            mention = ProgramMention(mention.text, mention.start, mention.end, mention.rule, owner.programme_id,
                                     owner.aliases, alias_of=owner.text)
        edition = _edition(mention.text)
        target = next((g for g in groups if (mention.alias_of and mention.alias_of in g["forms"])
                       or (mention.programme_id and g["id"] == mention.programme_id and g["edition"] == edition)
                       or (not mention.programme_id and not g["id"]
                           and any(_similar(form, mention.text) for form in g["forms"]))), None)
        if target is None:
            target = {"id": mention.programme_id, "edition": edition, "forms": [], "mentions": []}
            groups.append(target)
        target["id"] = target["id"] or mention.programme_id
        if mention.text not in target["forms"]:
            target["forms"].append(mention.text)
        target["mentions"].append(mention)
    groups = _generic_joins_the_one(_merge_similar(_fold_editionless(groups)))
    programmes = []
    for group in groups:
        whole = [f for f in group["forms"] if not _acronym_prefixed(f)] or [group["forms"][0].split()[0]]
        name = max(whole, key=lambda f: (len(f.split()), len(f)))
        programmes.append({"name": name, "aliases": [f for f in group["forms"] if f != name],
                           "canonical_id": group["id"] or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
                           "canonical_name": _gazetteer_names().get(group["id"], name), "mentions": group["mentions"]})
    return programmes


def _edition(form: str) -> str | None:
    """The year that names one edition of a recurring event ("IFEX 2024")."""
    match = re.search(r"\b((?:19|20)\d\d)$", form.strip())
    return match.group(1) if match else None


def _fold_editionless(groups: list[dict]) -> list[dict]:
    """Mentions of a programme without a year join its one dated edition, if there is exactly one."""
    kept = []
    for group in groups:
        editions = [g for g in groups if g is not group and g["id"] and g["id"] == group["id"] and g["edition"]]
        if group["id"] and not group["edition"] and len(editions) == 1:
            editions[0]["forms"] += [f for f in group["forms"] if f not in editions[0]["forms"]]
            editions[0]["mentions"] += group["mentions"]
        else:
            kept.append(group)
    return kept


def _acronym_prefixed(form: str) -> bool:
    """'OVOP Bintang 4': a known acronym followed by words that only qualify it (not the programme's name)."""
    exact, folded = _aliases()
    words = [t.text for t in tokenize(form)]
    return (len(words) > 1 and (words[0],) in exact and not _edition(form)
            and tuple(w.lower() for w in words) not in folded)  # "DAK Fisik" is a scheme of its own


def _merge_similar(groups: list[dict]) -> list[dict]:
    """Join groups whose forms are similar (at most one of them with a gazetteer id), whatever order they were seen in."""
    merged: list[dict] = []
    for group in groups:
        target = next((m for m in merged if not (m["id"] and group["id"]) and (any(
            _similar(a, b) for a in m["forms"] for b in group["forms"]) or _same_described(m, group))), None)
        if target is None:
            merged.append(group)
        else:
            target["id"] = target["id"] or group["id"]
            target["forms"] += [f for f in group["forms"] if f not in target["forms"]]
            target["mentions"] += group["mentions"]
    return merged


def _generic_joins_the_one(groups: list[dict]) -> list[dict]:
    """A bare "Bimtek" in an article about one named or described Bimtek is that Bimtek."""
    kept = []
    for group in groups:
        heads = {f.split()[0].lower() for f in group["forms"]}
        same_kind = [g for g in groups if g is not group and g["id"] not in generic_ids() and any(
            f.split()[0].lower() in GENERIC_KIND_WORDS for f in g["forms"])]
        if group["id"] in generic_ids() and heads <= GENERIC_KIND_WORDS and len(same_kind) == 1:
            same_kind[0]["forms"] += [f for f in group["forms"] if f not in same_kind[0]["forms"]]
            same_kind[0]["mentions"] += group["mentions"]
        else:
            kept.append(group)
    return kept


GENERIC_KIND_WORDS = frozenset({"bimtek", "bintek", "bimbingan"})


def _same_described(a: dict, b: dict) -> bool:
    """Two described programmes of one article ("pelatihan pembuatan kue sagu", later "pelatihan kue") that share a
    word saying what they are about are one programme; named ones are not joined this way."""
    from extract.facts.program_phrases import described_words

    if not all(m.rule.startswith("program.phrase") for m in a["mentions"] + b["mentions"]):
        return False
    return bool(described_words(a["forms"]) & described_words(b["forms"]))
