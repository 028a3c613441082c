"""Decode page bytes to clean Unicode, whatever the page or server claims its charset is."""

from __future__ import annotations

import codecs
import re

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€|Â[\u00a0-\u00bf]")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def _as_cp1252_bytes(text: str) -> bytes:
    """Encode as Windows-1252, passing through the five bytes it leaves undefined (as browsers do)."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                raise
            out.append(ord(char))
    return bytes(out)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Windows-1252 once ("Ã©" → "é"), when that round trip is clean."""
    if not MOJIBAKE.search(text):
        return text
    try:
        repaired = _as_cp1252_bytes(text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return repaired if len(MOJIBAKE.findall(repaired)) < len(MOJIBAKE.findall(text)) else text


def decode_html(body: bytes, declared: str | None = None) -> str:
    """UTF-8 when the bytes are valid UTF-8 (the usual truth), else the declared charset, else cp1252."""
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, codec in boms:
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    try:
        return repair_mojibake(body.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    meta = META_CHARSET.search(body[:4096])
    for candidate in (_codec(declared), _codec(meta.group(1).decode("ascii", "ignore") if meta else None)):
        if candidate and candidate not in ("utf-8", "ascii"):
            try:
                return body.decode(candidate)
            except UnicodeDecodeError:
                continue
    return body.decode("cp1252", errors="replace")
