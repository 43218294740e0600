"""Charts as inline SVG, drawn by our own code (no scripts, fonts or links).

Each function returns one ``<svg>`` element as a string, sized in CSS
pixels, with a ``<title>`` for screen readers; text is escaped.  The charts
use the page's font (``font-family: inherit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

__all__ = ["Bar", "ProgressBar", "bar_chart", "progress_chart", "tile_chart"]

Bar = tuple[str, int | Decimal]
"""A labelled value of a bar chart."""

ProgressBar = tuple[str, Decimal | None, Decimal | None, str, str]
"""A KPI's bar: label, progress (1 = target), expected progress, status
colour and a note (the status, or why there is no progress)."""

_INK = "#1f2933"
_MUTED = "#616e7c"
_GRID = "#d9e2ec"
_BAR = "#2f6fb0"
_CHAR = 6.6  # average width of a character at 12px, for layout


def _fmt(value: int | Decimal) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def _open(width: float, height: float, title: str, ident: str) -> str:
    return (
        f'<svg class="chart" role="img" aria-labelledby="{ident}" '
        f'width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="inherit" '
        f'font-size="12"><title id="{ident}">{escape(title)}</title>'
    )


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    ident: str,
    *,
    width: int = 720,
    totals: Sequence[int] | None = None,
) -> str:
    """Horizontal bars, one per labelled value, scaled to the largest.

    With ``totals`` (one per bar), each bar is drawn on a light track as long
    as its total, and labelled "value of total".
    """
    label_chars = min(max((len(label) for label, _ in bars), default=8), 60)
    left = 12 + label_chars * _CHAR
    row = 24
    height = 16 + row * max(len(bars), 1)
    top = max([v for _, v in bars] + list(totals or []), default=0) or 1
    plot = width - left - 80
    out = [_open(width, height, title, ident)]
    if not bars:
        out.append(f'<text x="8" y="24" fill="{_MUTED}">Nothing to show.</text></svg>')
        return "".join(out)
    for i, (label, value) in enumerate(bars):
        y = 8 + i * row
        w = plot * float(value) / float(top)
        text = _fmt(value)
        end = w
        if totals is not None:
            end = plot * float(totals[i]) / float(top)
            text += f" of {_fmt(totals[i])}"
            out.append(
                f'<rect x="{left:.1f}" y="{y + 3}" width="{max(end, 1):.1f}" '
                f'height="16" rx="2" fill="{_GRID}"/>'
            )
        out.append(
            f'<text x="{left - 8:.1f}" y="{y + 15}" text-anchor="end" '
            f'fill="{_INK}">{escape(_clip(label, 60))}<title>{escape(label)}'
            f"</title></text>"
            f'<rect x="{left:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" height="16" '
            f'rx="2" fill="{_BAR}"/>'
            f'<text x="{left + max(w, end) + 6:.1f}" y="{y + 15}" fill="{_INK}">'
            f"{text}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def progress_chart(
    title: str, bars: Sequence[ProgressBar], ident: str, *, width: int = 960
) -> str:
    """KPI progress against target: a bar per KPI on a 0-100% scale (longer
    when a KPI is past its target), a line at the target (100%) and a tick
    at the linear expectation."""
    row = 46
    left, right = 12, 64
    height = 34 + row * max(len(bars), 1)
    top = max([Decimal(1)] + [p for _, p, _, _, _ in bars if p is not None and p > 0])
    top = min(top, Decimal(2))  # beyond 200% the bar is clipped
    plot = width - left - right

    def x(share: Decimal) -> float:
        return left + plot * float(min(max(share, Decimal(0)), top) / top)

    out = [_open(width, height, title, ident)]
    if not bars:
        out.append(f'<text x="8" y="24" fill="{_MUTED}">No KPIs.</text></svg>')
        return "".join(out)
    target_x = x(Decimal(1))
    ticks = [Decimal(0), Decimal("0.5"), Decimal(1)] + ([top] if top > 1 else [])
    for tick in ticks:
        tx = x(tick)
        label = "100% = target" if tick == 1 else f"{int(tick * 100)}%"
        anchor = "start" if tick == 0 else "middle"
        out.append(
            f'<text x="{tx:.1f}" y="{height - 6}" text-anchor="{anchor}" '
            f'fill="{_MUTED}">{label}</text>'
        )
    for i, (label, progress, expected, colour, note) in enumerate(bars):
        y = 8 + i * row
        out.append(
            f'<text x="{left}" y="{y + 12}" fill="{_INK}">'
            f"{escape(_clip(label, 90))}<title>{escape(label)}</title></text>"
            f'<rect x="{left}" y="{y + 18}" width="{plot}" height="14" '
            f'fill="{_GRID}" rx="2"/>'
        )
        if progress is not None:
            end = x(progress)
            out.append(
                f'<rect x="{left}" y="{y + 18}" width="{max(end - left, 1):.1f}" '
                f'height="14" fill="{colour}" rx="2"/>'
            )
            text = f"{(progress * 100).quantize(Decimal('0.1'))}%"
        else:
            text = "-"
        if expected is not None:
            ex = x(expected)
            out.append(
                f'<rect x="{ex - 1.5:.1f}" y="{y + 15}" width="3" height="20" '
                f'fill="{_INK}"><title>expected '
                f"{(expected * 100).quantize(Decimal('0.1'))}%</title></rect>"
            )
        out.append(
            f'<text x="{width - right + 6}" y="{y + 29}" fill="{_INK}" '
            f'font-weight="bold">{text}</text>'
            f'<text x="{left + plot}" y="{y + 12}" text-anchor="end" '
            f'fill="{_MUTED}">{escape(note)}</text>'
        )
        if progress is not None or expected is not None:  # it has a target
            out.append(
                f'<line x1="{target_x:.1f}" y1="{y + 15}" x2="{target_x:.1f}" '
                f'y2="{y + 35}" stroke="{_INK}" stroke-dasharray="3 2"/>'
            )
    out.append("</svg>")
    return "".join(out)


def tile_chart(
    title: str,
    tiles: Sequence[tuple[str, str, bool]],
    ident: str,
    *,
    columns: int = 10,
) -> str:
    """A grid of tiles (code, name, highlighted): e.g. the countries of
    Europe, those with members filled in."""
    size, gap = 52, 6
    rows = max((len(tiles) + columns - 1) // columns, 1)
    width = columns * (size + gap) + gap
    height = rows * (size + gap) + gap
    out = [_open(width, height, title, ident)]
    for i, (code, name, on) in enumerate(tiles):
        tx = gap + (i % columns) * (size + gap)
        ty = gap + (i // columns) * (size + gap)
        fill, ink = (_BAR, "#ffffff") if on else ("#f0f4f8", _MUTED)
        out.append(
            f"<g><title>{escape(name)}{' (members)' if on else ''}</title>"
            f'<rect x="{tx}" y="{ty}" width="{size}" height="{size}" rx="4" '
            f'fill="{fill}" stroke="{_GRID}"/>'
            f'<text x="{tx + size / 2:.0f}" y="{ty + size / 2 + 5:.0f}" '
            f'text-anchor="middle" font-size="15" font-weight="bold" '
            f'fill="{ink}">{escape(code)}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
