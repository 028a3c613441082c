"""Small inline-SVG charts (no JavaScript, no network) for the dashboard and the weekly report."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

BAR = "#2f6f8f"
INK = "#333"


def _short(label: str, size: int = 34) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def bar_chart(rows: Sequence[tuple[str, float]], title: str, width: int = 560, unit: str = "") -> str:
    """Horizontal bars, one per (label, value), largest first as given."""
    if not rows:
        return f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="40"><text x="0" y="24" ' \
               f'fill="{INK}" font-size="13">{escape(title)}: belum ada data / no data yet</text></svg>'
    label_w, row_h, top = 230, 22, 28
    peak = max(value for _, value in rows) or 1
    height = top + row_h * len(rows) + 8
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">',
             f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">{escape(title)}</text>']
    for index, (label, value) in enumerate(rows):
        y = top + index * row_h
        bar = max(1.0, (width - label_w - 60) * value / peak)
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" fill="{INK}">'
                     f'<title>{escape(label)}</title>{escape(_short(label))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar:.1f}" height="{row_h - 6}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_w + bar + 4:.1f}" y="{y + 14}" fill="{INK}">{value:g}{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(rows: Sequence[tuple[str, float]], title: str, width: int = 560, height: int = 220) -> str:
    """Vertical columns over time, one per (period, value), in the order given (oldest first)."""
    if not rows:
        return bar_chart([], title, width)
    left, bottom, top = 30, 40, 28
    peak = max(value for _, value in rows) or 1
    slot = (width - left) / len(rows)
    plot_h = height - top - bottom
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">',
             f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width}" y2="{top + plot_h}" stroke="#999"/>']
    for index, (period, value) in enumerate(rows):
        bar_h = plot_h * value / peak
        x = left + index * slot + slot * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{bar_h:.1f}" fill="{BAR}"><title>{escape(period)}: {value:g}</title></rect>')
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h - bar_h - 3:.1f}" text-anchor="middle" '
                     f'fill="{INK}">{value:g}</text>')
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h + 14}" text-anchor="middle" fill="{INK}" '
                     f'font-size="10">{escape(period[-3:] if len(rows) > 8 else period)}</text>')
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
