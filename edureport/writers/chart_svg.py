"""A chart as inline SVG for the HTML preview: the same bars, labels and
reference line as the native Word chart (``writers/charts.py``), in the
profile's colours and fonts."""
from __future__ import annotations

import math
from html import escape

from edureport.document.model import Chart
from edureport.styles.profile import Profile
from edureport.writers.charts import chart_options

WIDTH, HEIGHT = 640, 340
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 40, 70  # plot margins: axis labels, title, categories and legend


def _nice_max(value: float) -> float:
    """A round top for the value axis: 96.8 → 100, 115 → 120, 2136 → 2500."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _label(value: float, unit: str) -> str:
    text = f"{value:.1f}" if unit in ("%", "％") else f"{value:g}"
    return text + ("%" if unit in ("%", "％") else "")


def chart_svg(chart: Chart, profile: Profile) -> str:
    options = chart_options(profile)
    colors = options["colors"]
    label_font = escape(profile.role("chart_label").font)
    title_font = escape(profile.role("chart_title").font)
    values = [v for _, series in chart.series for v in series if v is not None]
    top = _nice_max(max(values + ([chart.reference] if chart.reference is not None else []) + [0]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" style="width: 100%; height: auto" '
             f'aria-label="{escape(chart.title)}" font-family="{label_font}" font-size="12">']
    title = chart.title + (f"（单位：{chart.unit}）" if chart.unit and chart.unit not in ("%", "％") else "")
    parts.append(f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-family="{title_font}" font-size="15">'
                 f"{escape(title)}</text>")
    for step in range(6):
        value = top * step / 5
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#{options["gridline_color"]}" stroke-width="0.5"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{escape(_label(value, chart.unit))}</text>')
    group_w = plot_w / max(len(chart.categories), 1)
    bar_w = group_w * 0.7 / max(len(chart.series), 1)
    for index, category in enumerate(chart.categories):
        x0 = LEFT + index * group_w + group_w * 0.15
        for s, (_, series) in enumerate(chart.series):
            value = series[index] if index < len(series) else None
            if value is None:
                continue
            x = x0 + s * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{bar_w * 0.92:.1f}" height="{y(0) - y(value):.1f}" '
                         f'fill="#{colors[s % len(colors)]}"/>')
            parts.append(f'<text x="{x + bar_w * 0.46:.1f}" y="{y(value) - 4:.1f}" text-anchor="middle" font-size="10">'
                         f"{escape(_label(value, chart.unit))}</text>")
        parts.append(f'<text x="{LEFT + (index + 0.5) * group_w:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
                     f"{escape(category)}</text>")
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0)}" y2="{y(0)}" stroke="#000" stroke-width="0.75"/>')
    legend = [(name, f'#{colors[s % len(colors)]}', False) for s, (name, _) in enumerate(chart.series)]
    if chart.reference is not None:
        ref_y = y(chart.reference)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ref_y:.1f}" y2="{ref_y:.1f}" '
                     f'stroke="#{options["reference_color"]}" stroke-width="1.25" stroke-dasharray="6 4"/>')
        legend.append((chart.reference_label or _label(chart.reference, chart.unit), f'#{options["reference_color"]}', True))
    x = WIDTH / 2 - 60 * len(legend) / 2
    for name, color, dashed in legend:
        mark = (f'<line x1="{x:.1f}" x2="{x + 18:.1f}" y1="{HEIGHT - 16}" y2="{HEIGHT - 16}" stroke="{color}" '
                f'stroke-width="1.5" stroke-dasharray="4 3"/>' if dashed else
                f'<rect x="{x:.1f}" y="{HEIGHT - 22}" width="12" height="12" fill="{color}"/>')
        parts.append(mark + f'<text x="{x + 22:.1f}" y="{HEIGHT - 12}">{escape(name)}</text>')
        x += 40 + 12 * len(name)
    parts.append("</svg>")
    return "".join(parts)
