"""Inline SVG bar charts rendered on the server: no chart library, readable without JS."""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def bar_chart(
    values: Sequence[Decimal],
    labels: Sequence[str],
    *,
    title: str,
    value_labels: Sequence[str],
    width: int = 600,
    height: int = 180,
) -> SafeString:
    """Bars scaled to the largest value; each bar has a <title> (tooltip and screen readers)."""
    top = max(values, default=Decimal(0)) or Decimal(1)
    count = max(len(values), 1)
    gap = 2
    plot_height = height - 20
    bar_width = (width - gap * count) / count
    bars = []
    for index, value in enumerate(values):
        bar_height = float(value / top) * (plot_height - 4) if value else 0.0
        x = index * (bar_width + gap)
        y = plot_height - bar_height
        bars.append((f"{x:.1f}", f"{y:.1f}", f"{bar_width:.1f}", f"{bar_height:.1f}",
                     f"{labels[index]}: {value_labels[index]}"))  # fmt: skip
    rects = format_html_join(
        "", '<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>', bars
    )
    ticks = []
    for index in (0, count // 2, count - 1) if labels else ():
        x = index * (bar_width + gap) + bar_width / 2
        ticks.append((f"{x:.1f}", height - 4, labels[index]))
    tick_labels = format_html_join("", '<text x="{}" y="{}" text-anchor="middle">{}</text>', ticks)
    return format_html(
        '<svg viewBox="0 0 {w} {h}" role="img" aria-label="{title}" preserveAspectRatio="none">'
        '<line class="axis" x1="0" y1="{ph}" x2="{w}" y2="{ph}"/>{rects}{ticks}</svg>',
        w=width, h=height, ph=plot_height, title=title, rects=rects, ticks=tick_labels,
    )  # fmt: skip
