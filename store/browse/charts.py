"""Small inline-SVG charts (no JavaScript, no network) for the dashboard and the weekly report."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

BAR = "#2f6f8f"
INK = "#333"
CHAR_W = {12: 6.7, 10: 5.6}  # a generous average glyph width of sans-serif at that font size, in pixels


def wrap_label(label: str, chars: int, lines: int = 2) -> list[str]:
    """label in at most `lines` lines of at most `chars` characters, cut at words; "…" ends it when it is longer."""
    words, out, current = label.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= chars:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
    out.append(current)
    out = [line if len(line) <= chars else line[: chars - 1] + "…" for line in out]
    if len(out) > lines:
        last = " ".join(out[lines - 1:])
        out = out[: lines - 1] + [last[: chars - 1].rstrip() + "…"]
    return out


def _no_data(title: str, width: int) -> str:
    return (f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="40"><text x="0" y="24" '
            f'fill="{INK}" font-size="13">{escape(title)}: belum ada data / no data yet</text></svg>')


def bar_chart(rows: Sequence[tuple[str, float]], title: str, width: int = 560, unit: str = "") -> str:
    """Horizontal bars, one per (label, value), largest first as given. Long labels wrap onto a second line and end
    in "…" beyond it; the full label shows on hover (SVG <title>) over the whole row."""
    if not rows:
        return _no_data(title, width)
    label_w, line_h, top = 230, 15, 28
    chars = int((label_w - 10) / CHAR_W[12])
    peak = max(value for _, value in rows) or 1
    wrapped = [wrap_label(label, chars) for label, _ in rows]
    heights = [line_h * len(lines) + 9 for lines in wrapped]
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{top + sum(heights) + 8}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">',
             f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">{escape(title)}</text>']
    y = top
    for (label, value), lines, row_h in zip(rows, wrapped, heights, strict=True):
        bar = max(1.0, (width - label_w - 60) * value / peak)
        spans = "".join(f'<tspan x="{label_w - 6}" dy="{0 if n == 0 else line_h}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        middle = y + row_h / 2
        parts.append(f'<g class="row"><title>{escape(label)}: {value:g}{escape(unit)}</title>'
                     f'<text class="label" x="{label_w - 6}" y="{middle - line_h * (len(lines) - 1) / 2 + 4:.1f}" '
                     f'text-anchor="end" fill="{INK}">{spans}</text>'
                     f'<rect x="{label_w}" y="{middle - 8:.1f}" width="{bar:.1f}" height="16" fill="{BAR}"/>'
                     f'<text x="{label_w + bar + 4:.1f}" y="{middle + 4:.1f}" fill="{INK}">{value:g}{escape(unit)}'
                     "</text></g>")
        y += row_h
    parts.append("</svg>")
    return "".join(parts)


def column_chart(rows: Sequence[tuple[str, float]], title: str, width: int = 560, height: int = 220) -> str:
    """Vertical columns over time, one per (period, value), in the order given (oldest first). Every period keeps
    its full label (on hover); as many are written under the axis as fit, evenly spaced, the last one always."""
    if not rows:
        return _no_data(title, width)
    label_w = max(len(period) for period, _ in rows) * CHAR_W[10] + 8
    left, right, bottom, top = max(30.0, label_w / 2), label_w / 2, 40, 28  # room for the outer labels, centred
    peak = max(value for _, value in rows) or 1
    slot = (width - left - right) / len(rows)
    plot_h = height - top - bottom
    step = max(1, math.ceil(label_w / slot))
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">',
             f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#999"/>']
    for index, (period, value) in enumerate(rows):
        bar_h = plot_h * value / peak
        x = left + index * slot + slot * 0.15
        centre = x + slot * 0.35
        parts.append(f'<g class="column"><title>{escape(period)}: {value:g}</title>'
                     f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{bar_h:.1f}" fill="{BAR}"/>')
        if value and slot >= 14:
            parts.append(f'<text x="{centre:.1f}" y="{top + plot_h - bar_h - 3:.1f}" text-anchor="middle" '
                         f'fill="{INK}">{value:g}</text>')
        if (len(rows) - 1 - index) % step == 0:  # counted from the newest period, which is always labelled
            parts.append(f'<text class="period" x="{centre:.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                         f'fill="{INK}" font-size="10">{escape(period)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _shade(count: float, peak: float) -> str:
    """Light grey for none, then five blues from light to dark by share of the peak."""
    if count <= 0:
        return "#eeeeee"
    steps = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
    return steps[min(len(steps) - 1, int(len(steps) * count / (peak or 1) - 1e-9))]


def tile_map(tiles: Sequence[tuple[str, str, int, int, str]], counts: dict[str, float], title: str,
             cell: int = 46, element_id: str = "province-map") -> str:
    """A grid cartogram: one square per (code, name, row, column, label) tile, shaded and labelled by its count."""
    if not tiles:
        return bar_chart([], title)
    cols = max(t[3] for t in tiles) + 1
    rows = max(t[2] for t in tiles) + 1
    top, width, height = 26, cols * cell + 2, rows * cell + 26 + 4
    peak = max(counts.values(), default=0)
    parts = [f'<svg id="{escape(element_id)}" role="img" aria-label="{escape(title)}" width="{width}" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="10">',
             f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">{escape(title)}</text>']
    for code, name, row, col, label in tiles:
        count = counts.get(code, 0)
        x, y = col * cell + 1, top + row * cell
        ink = "#ffffff" if count and count >= peak * 0.6 else INK
        parts.append(f'<g class="pantau-tile" data-code="{escape(code)}" data-province="{escape(name)}" '
                     f'data-count="{count:g}"><title>{escape(name)}: {count:g}</title>'
                     f'<rect x="{x}" y="{y}" width="{cell - 3}" height="{cell - 3}" rx="3" '
                     f'fill="{_shade(count, peak)}" stroke="#ffffff"/>'
                     f'<text x="{x + (cell - 3) / 2:.1f}" y="{y + 16}" text-anchor="middle" fill="{ink}">'
                     f'{escape(label)}</text><text x="{x + (cell - 3) / 2:.1f}" y="{y + 33}" text-anchor="middle" '
                     f'font-size="13" font-weight="bold" fill="{ink}">{count:g}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
