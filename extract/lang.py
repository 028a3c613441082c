"""Tell Indonesian from English by function words in the text (pages' lang attributes are often wrong)."""

from __future__ import annotations

import re

INDONESIAN = frozenset(
    """yang dan di ke dari ini itu dengan untuk pada dalam tidak akan juga atau adalah karena oleh
    sebagai telah sudah bisa ada kata para serta bahwa tersebut lebih saat kami mereka""".split()
)
ENGLISH = frozenset(
    """the and of to in is that for on with as was were by are be this from at it has have which an
    will their said not but also its""".split()
)
WORD = re.compile(r"[a-zA-Z]+")


def detect_language(text: str) -> str | None:
    """Return 'id', 'en' or None when the text is too short or has neither language's function words."""
    words = list(map(str.lower, WORD.findall(text[:20000])))
    id_hits = sum(map(INDONESIAN.__contains__, words))
    en_hits = sum(map(ENGLISH.__contains__, words))
    if id_hits + en_hits < 3:
        return None
    return "id" if id_hits >= en_hits else "en"
