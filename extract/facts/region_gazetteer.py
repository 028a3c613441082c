"""Indonesia's provinces and kabupaten/kota (configs/gazetteers/wilayah.yaml + region_aliases.yaml) as a matcher."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from extract.facts.rules import GAZETTEER_DIR, gazetteer

PREFIX = re.compile(r"^(kabupaten administrasi|kota administrasi|kabupaten|kota)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """A province or kabupaten/kota with its Kemendagri code; towns and venues point at one."""

    code: str
    name: str
    level: str  # "province", "regency" (kabupaten) or "city" (kota)
    province: str  # display name of the province ("" for a province itself)

    @property
    def province_code(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class Landmark:
    """A town (seat of a kabupaten) or a venue: gives its province; `regency` helps resolve a shared bare name."""

    name: str
    kind: str  # "town" or "venue"
    province: str  # province code
    regency: str | None


def squash(text: str) -> str:
    """Lower case, letters and digits only: "Tanjung Pinang" = "Tanjungpinang", "Toli-Toli" = "Tolitoli"."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def short_name(name: str) -> str:
    return PREFIX.sub("", name)


@dataclass
class Gazetteer:
    places: dict[str, Place]  # code -> place
    provinces: dict[str, str]  # squashed name -> province code
    regencies: dict[str, list[str]]  # squashed short name -> kabupaten/kota codes (two when shared)
    aliases: dict[str, str]  # squashed nickname -> kabupaten/kota code
    landmarks: dict[str, Landmark]  # squashed name -> town or venue

    def province(self, code: str) -> Place:
        return self.places[code[:2]]

    def names(self) -> list[str]:
        """Every surface name the matcher looks for (without Kabupaten/Kota prefixes)."""
        found = {short_name(p.name) for p in self.places.values()}
        data = gazetteer("region_aliases")
        found |= set(data["provinces"]) | set(data["regencies"]) | set(data["towns"]) | set(data["venues"])
        return sorted(found, key=lambda name: (-len(name), name))  # longest first; ties in one order in every process


def _check_code(code: str, places: dict[str, Place], where: str) -> str:
    if code not in places:
        raise ValueError(f"{GAZETTEER_DIR / 'region_aliases.yaml'}: {where}: unknown Kemendagri code {code!r}")
    return code


@cache
def load_gazetteer() -> Gazetteer:
    """Both files, checked: every alias, town and venue must point at a code of the generated file."""
    data, extra = gazetteer("wilayah"), gazetteer("region_aliases")
    display = {str(k): v for k, v in (extra.get("display") or {}).items()}
    places = {str(p["code"]): Place(str(p["code"]), display.get(str(p["code"]), p["name"]), "province", "")
              for p in data["provinces"]}
    for r in data["regencies"]:
        code = str(r["code"])
        places[code] = Place(code, r["name"], r["level"], places[code[:2]].name)
    provinces = {squash(p["name"]): str(p["code"]) for p in data["provinces"]}
    provinces |= {squash(p.name): p.code for p in places.values() if p.level == "province"}
    provinces |= {squash(k): _check_code(str(v), places, f"provinces.{k}") for k, v in extra["provinces"].items()}
    regencies: dict[str, list[str]] = {}
    for place in places.values():
        if place.level != "province":
            regencies.setdefault(squash(short_name(place.name)), []).append(place.code)
    aliases = {squash(k): _check_code(str(v), places, f"regencies.{k}") for k, v in extra["regencies"].items()}
    landmarks = {}
    for kind, section in (("town", "towns"), ("venue", "venues")):
        for name, entry in extra[section].items():
            regency = entry.get("regency")
            landmarks[squash(name)] = Landmark(name, kind, _check_code(str(entry["province"]), places, f"{section}.{name}"),
                                               _check_code(str(regency), places, f"{section}.{name}") if regency else None)
    return Gazetteer(places, provinces, regencies, aliases, landmarks)


NAME_PREFIX = (r"(?P<prefix>(?:[Kk]abupaten|KABUPATEN|[Kk]ab\.?|KAB\.?|[Kk]ota [Aa]dministrasi|[Kk]ota(?:madya)?|KOTA|"
               r"[Kk]odya|[Pp]rovinsi|PROVINSI|[Pp]ropinsi|[Pp]rov\.?)\s*)?")


NAME_SEPARATOR = r"[\s.-]*"
_END = ""  # the trie key marking that a name ends here (every other key is one character or the separator)


def _name_trie(names: list[str]) -> dict[str, Any]:
    """Names as a trie of lowercase characters and separators; each end holds the name's length."""
    trie: dict[str, Any] = {}
    for name in names:
        words = re.findall(r"[0-9A-Za-z]+", name)
        node = trie
        for index, word in enumerate(words):
            for key in ([NAME_SEPARATOR] if index else []) + list(word.lower()):
                node = node.setdefault(key, {})
        if words:
            node[_END] = max(node.get(_END, 0), len(name))
    return trie


def _trie_regex(node: dict[str, Any]) -> str:
    """One alternation per branching point, longer names first and a name's end last: the same first match as the
    flat alternation of every name sorted longest first, without trying 600 names at each word."""
    return _branch_regex(node)[0]


def _branch_regex(node: dict[str, Any]) -> tuple[str, int]:
    """The node's regex and the length of the longest name through it (both bottom-up, each node visited once)."""
    children = {key: _branch_regex(child) for key, child in node.items() if key != _END}
    branches = sorted(children, key=lambda key: -children[key][1])
    parts = [(key if key == NAME_SEPARATOR else re.escape(key)) + children[key][0] for key in branches]
    if _END in node:
        parts.append("")
    longest = max([node.get(_END, 0), *(length for _, length in children.values())])
    return (parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"), longest


@cache
def name_pattern() -> re.Pattern[str]:
    """An optional Kabupaten/Kota/Provinsi prefix, then the longest known name (spaces and hyphens optional)."""
    names = _trie_regex(_name_trie(load_gazetteer().names()))
    prefix_start = r"(?:(?<![A-Za-z])|(?<=di)|(?<=[a-z])(?=K))"
    return re.compile(rf"{prefix_start}{NAME_PREFIX}(?P<name>(?i:{names}))(?![A-Za-z0-9])")


def flat_name_pattern() -> re.Pattern[str]:
    """name_pattern as one alternative per name, longest first (what the trie must match exactly; for tests)."""
    alternatives = [NAME_SEPARATOR.join(re.escape(w) for w in re.findall(r"[0-9A-Za-z]+", name))
                    for name in load_gazetteer().names() if re.search(r"[0-9A-Za-z]", name)]
    prefix_start = r"(?:(?<![A-Za-z])|(?<=di)|(?<=[a-z])(?=K))"
    return re.compile(rf"{prefix_start}{NAME_PREFIX}(?P<name>(?i:{'|'.join(alternatives)}))(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Tile:
    """One province's square on the grid cartogram."""

    code: str
    name: str
    row: int
    col: int
    label: str


@cache
def province_tiles() -> tuple[Tile, ...]:
    """The 38 provinces' tiles (region_aliases.yaml `tiles`), each province exactly once."""
    gaz = load_gazetteer()
    tiles = gazetteer("region_aliases")["tiles"]
    provinces = {p.code for p in gaz.places.values() if p.level == "province"}
    listed = set(map(str, tiles))
    if listed != provinces:
        raise ValueError(f"{GAZETTEER_DIR / 'region_aliases.yaml'}: tiles must list every province code once; "
                         f"missing {sorted(provinces - listed)}, unknown {sorted(listed - provinces)}")
    return tuple(Tile(str(code), gaz.places[str(code)].name, int(row), int(col), str(label))
                 for code, (row, col, label) in sorted(tiles.items()))
