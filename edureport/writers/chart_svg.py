"""A chart as inline SVG for the HTML preview: the same bars, labels and
reference line as the native Word chart (``writers/charts.py``), in the
profile's colours and fonts."""
from __future__ import annotations

import math
from html import escape

from edureport.document.model import Chart
from edureport.styles.profile import Profile
from edureport.writers.charts import chart_options, chart_title_text, is_horizontal

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


def _divisions(top: float) -> int:
    """Gridlines at round steps: 100 → 5 × 20, 120 → 6 × 20, 2500 → 5 × 500."""
    for count in (5, 6, 4, 3, 2):
        step = top / count
        power = 10 ** math.floor(math.log10(step))
        if abs(step / power - round(step / power)) < 1e-9:
            return count
    return 5


def _top(chart: Chart, values: list[float]) -> float:
    """Rates up to 100% end at 100% (as the Word chart does); otherwise a round top."""
    if chart.unit in ("%", "％") and max(values + [0]) <= 100:
        return 100.0
    return _nice_max(max(values + [0]))


def _tick(value: float, unit: str) -> str:
    return f"{value:g}" + ("%" if unit in ("%", "％") else "")


def _label(value: float, unit: str) -> str:
    text = f"{value:.1f}" if unit in ("%", "％") else f"{value:g}"
    return text + ("%" if unit in ("%", "％") else "")


def _horizontal_svg(chart: Chart, profile: Profile) -> str:
    """Many categories: one row of bars per category, names on the left (as the Word chart)."""
    options = chart_options(profile)
    colors = options["colors"]
    label_font = escape(profile.role("chart_label").font)
    title_font = escape(profile.role("chart_title").font)
    values = [v for _, series in chart.series for v in series if v is not None]
    top = _top(chart, values)
    name_w, row_h, bar_h = 150, 24, 16 / max(len(chart.series), 1)
    height = TOP + row_h * len(chart.categories) + 40
    plot_w = WIDTH - name_w - RIGHT - 40

    def x(value: float) -> float:
        return name_w + value / top * plot_w

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'style="width: 100%; height: auto" aria-label="{escape(chart.title)}" font-family="{label_font}" font-size="12">',
             f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-family="{title_font}" font-size="15">'
             f"{escape(chart_title_text(chart, profile))}</text>"]
    divisions = _divisions(top)
    for step in range(divisions + 1):
        value = top * step / divisions
        parts.append(f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{TOP}" y2="{height - 40}" '
                     f'stroke="#{options["gridline_color"]}" stroke-width="0.5"/>'
                     f'<text x="{x(value):.1f}" y="{height - 24}" text-anchor="middle">{escape(_tick(value, chart.unit))}</text>')
    for index, category in enumerate(chart.categories):
        y0 = TOP + index * row_h + (row_h - 16) / 2
        parts.append(f'<text x="{name_w - 6}" y="{y0 + 12:.1f}" text-anchor="end">{escape(category)}</text>')
        for s, (_, series) in enumerate(chart.series):
            value = series[index] if index < len(series) else None
            if value is None:
                continue
            y = y0 + s * bar_h
            parts.append(f'<rect x="{name_w}" y="{y:.1f}" width="{x(value) - name_w:.1f}" height="{bar_h * 0.9:.1f}" '
                         f'fill="#{colors[s % len(colors)]}"/><text x="{x(value) + 4:.1f}" y="{y + bar_h * 0.75:.1f}" '
                         f'font-size="10">{escape(_label(value, chart.unit))}</text>')
    parts.append(f'<line x1="{name_w}" x2="{name_w}" y1="{TOP}" y2="{height - 40}" stroke="#000" stroke-width="0.75"/></svg>')
    return "".join(parts)


def chart_svg(chart: Chart, profile: Profile) -> str:
    if is_horizontal(chart, profile):
        return _horizontal_svg(chart, profile)
    options = chart_options(profile)
    colors = options["colors"]
    label_font = escape(profile.role("chart_label").font)
    title_font = escape(profile.role("chart_title").font)
    values = [v for _, series in chart.series for v in series if v is not None]
    top = _top(chart, values + ([chart.reference] if chart.reference is not None else []))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" style="width: 100%; height: auto" '
             f'aria-label="{escape(chart.title)}" font-family="{label_font}" font-size="12">']
    title = chart_title_text(chart, profile)
    parts.append(f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-family="{title_font}" font-size="15">'
                 f"{escape(title)}</text>")
    divisions = _divisions(top)
    for step in range(divisions + 1):
        value = top * step / divisions
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#{options["gridline_color"]}" stroke-width="0.5"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{escape(_tick(value, chart.unit))}</text>')
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
        per_line = max(int(group_w / 12), 2)  # 12px characters: long names wrap, never overlap
        lines = [category[i:i + per_line] for i in range(0, len(category), per_line)][:3]
        centre = LEFT + (index + 0.5) * group_w
        parts.append(f'<text x="{centre:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
                     + "".join(f'<tspan x="{centre:.1f}" dy="{0 if n == 0 else 14}">{escape(line)}</tspan>'
                               for n, line in enumerate(lines)) + "</text>")
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
