"""Tell text from binary before cleaning or extraction: a page or file that is not text is refused with a reason."""

from __future__ import annotations

MAGIC = (  # leading bytes of formats a server or a user may hand over instead of HTML or text
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image, WAV audio or AVI video)"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable program"),
    (b"\x00\x00\x00", "binary data (an MP4 video or similar)"),
    (b"ID3", "an MP3 audio file"),
    (b"wOFF", "a web font"),
)

class NotText(ValueError):
    """An input file holds no text to work on (empty, binary, not UTF-8); the message names the file."""


CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}
NOT_CONTROL = bytes(b for b in range(256) if b not in CONTROL)  # deleted by translate: what is left is the controls


def binary_kind(data: bytes) -> str | None:
    """What the bytes are when they are not text ("a PNG image", "binary data"), else None."""
    head = data[:4096]
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs in it by nature
        return None
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = len(head.translate(None, NOT_CONTROL))  # a byte-by-byte count in Python cost 40 µs a page
    if head and controls / len(head) > 0.05:
        return "binary data (control characters, not text)"
    return None


def not_text_reason(data: bytes) -> str | None:
    """Why data is no usable text: empty, binary, or not UTF-8 at all (None when it is text)."""
    if not data.strip():
        return "empty (no text in it)"
    kind = binary_kind(data)
    if kind:
        return f"not text: {kind}"
    try:
        text = data.decode("utf-8-sig") if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else data.decode("utf-16")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})"
    if not text.strip():
        return "empty (only white space)"
    return None
