"""Native Word charts: DrawingML chart parts with their embedded workbook.

A :class:`~edureport.document.model.Chart` becomes

- an inline drawing in ``word/document.xml`` (:func:`chart_paragraph`),
- ``word/charts/chartN.xml``: clustered 2-D columns, an optional dashed
  reference line (100% for 完成率, the district figure for units compared),
  data labels, light gridlines, legend below; fonts and colours from the
  style profile (``chart_title``/``chart_label`` roles, ``chart:`` section),
- ``word/embeddings/chartN.xlsx``: the figures, so Word and WPS can edit the
  chart (右键 → 编辑数据), written with openpyxl,
- their relationships and content types (:func:`add_chart_parts`).

LibreOffice renders these charts, so they appear in the PDF too.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from edureport.core.numbers import amount
from edureport.document.model import Chart
from edureport.styles.profile import Profile

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
EMU_PER_TWIP = 635
EMU_PER_MM = 36000
DEFAULTS = {"height_mm": 85, "horizontal_from": 7, "horizontal_chars": 48, "row_mm": 9,
            "colors": ["404040", "A6A6A6", "7F7F7F", "D9D9D9"], "reference_color": "C00000",
            "gridline_color": "D9D9D9"}
CAT_AXIS, VAL_AXIS = 48650112, 48672768


def chart_options(profile: Profile) -> dict:
    return {**DEFAULTS, **(profile.data.get("chart") or {})}


def is_horizontal(chart: Chart, profile: Profile) -> bool:
    """Many categories (12 schools), or long names that would be tilted under columns, read better
    as horizontal bars with the names on the left."""
    options = chart_options(profile)
    longest = max((len(c) for c in chart.categories), default=0)
    return (len(chart.categories) >= int(options["horizontal_from"])
            or len(chart.categories) * longest > int(options["horizontal_chars"]))


def chart_height_mm(chart: Chart, profile: Profile) -> float:
    options = chart_options(profile)
    if is_horizontal(chart, profile):
        rows = len(chart.categories) * max(len(chart.series), 1)
        return max(float(options["height_mm"]), 30 + float(options["row_mm"]) * rows)
    return float(options["height_mm"])


def relationship_id(number: int) -> str:
    return f"rIdChart{number}"


# -- the drawing in document.xml ------------------------------------------------------------
def chart_paragraph(chart: Chart, number: int, profile: Profile) -> str:
    """A centred paragraph holding the chart inline, as wide as the text block."""
    width = profile.text_width * EMU_PER_TWIP
    height = round(chart_height_mm(chart, profile) * EMU_PER_MM)
    title = escape(chart.title or f"图表{number}", {'"': "&quot;"})
    return ('<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="120" w:line="240" '
            'w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
            f'<wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{1000 + number}" name="图表 {number}" descr="{title}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
            f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{relationship_id(number)}"/>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


# -- chartN.xml -----------------------------------------------------------------------------
def _fonts(profile: Profile, role_name: str, size: float, bold: bool = False, tag: str = "a:defRPr") -> str:
    role = profile.role(role_name)
    return (f'<{tag} lang="zh-CN" sz="{round(size * 100)}" b="{int(bold)}">'
            '<a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
            f'<a:latin typeface="{escape(role.latin)}"/><a:ea typeface="{escape(role.font)}"/>'
            f'<a:cs typeface="{escape(role.latin)}"/></{tag}>')


def _text_properties(profile: Profile, role_name: str, size: float) -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_fonts(profile, role_name, size)}</a:pPr>'
            '<a:endParaRPr lang="zh-CN"/></a:p></c:txPr>')


def _line(color: str, width_emu: int = 6350, dash: str = "") -> str:
    dashed = f'<a:prstDash val="{dash}"/>' if dash else ""
    return f'<a:ln w="{width_emu}"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>{dashed}</a:ln>'


def _column(index: int) -> str:
    return chr(ord("B") + index)


def _categories(chart: Chart) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(c)}</c:v></c:pt>' for i, c in enumerate(chart.categories))
    return (f'<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${len(chart.categories) + 1}</c:f><c:strCache>'
            f'<c:ptCount val="{len(chart.categories)}"/>{points}</c:strCache></c:strRef></c:cat>')


def _values(index: int, values: list[float | None], code: str) -> str:
    column = _column(index)
    points = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    return (f'<c:val><c:numRef><c:f>Sheet1!${column}$2:${column}${len(values) + 1}</c:f><c:numCache>'
            f'<c:formatCode>{escape(code)}</c:formatCode><c:ptCount val="{len(values)}"/>{points}</c:numCache>'
            '</c:numRef></c:val>')


def _series_name(index: int, name: str) -> str:
    column = _column(index)
    return (f'<c:tx><c:strRef><c:f>Sheet1!${column}$1</c:f><c:strCache><c:ptCount val="1"/>'
            f'<c:pt idx="0"><c:v>{escape(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>')


def _number_format(chart: Chart) -> str:
    return '0.0"%"' if chart.unit.strip() in ("%", "％") else "General"


def _bar_series(chart: Chart, profile: Profile, options: dict) -> str:
    colors = options["colors"]
    label_size = profile.role("chart_label").size - 1.5
    code = _number_format(chart)
    out = []
    for index, (name, values) in enumerate(chart.series):
        color = colors[index % len(colors)]
        labels = (f'<c:dLbls><c:numFmt formatCode="{escape(code, {chr(34): "&quot;"})}" sourceLinked="0"/>'
                  '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
                  f'{_text_properties(profile, "chart_label", label_size)}<c:dLblPos val="outEnd"/>'
                  '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
                  '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>')
        out.append(f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>{_series_name(index, name)}'
                   f'<c:spPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>{_line(color)}</c:spPr>'
                   f'<c:invertIfNegative val="0"/>{labels}{_categories(chart)}{_values(index, values, code)}</c:ser>')
    return "".join(out)


def _reference_series(chart: Chart, options: dict) -> str:
    index = len(chart.series)
    name = chart.reference_label or f"{chart.reference:g}{chart.unit}"
    values = [chart.reference] * len(chart.categories)
    return (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
            f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>{_series_name(index, name)}'
            f'<c:spPr>{_line(options["reference_color"], 15875, "dash")}</c:spPr>'
            f'<c:marker><c:symbol val="none"/></c:marker>{_categories(chart)}'
            f'{_values(index, values, _number_format(chart))}<c:smooth val="0"/></c:ser>'
            f'<c:marker val="1"/><c:axId val="{CAT_AXIS}"/><c:axId val="{VAL_AXIS}"/></c:lineChart>')


def chart_title_text(chart: Chart, profile: Profile) -> str:
    """The title, with the unit for counts and money, and the reference value where no line shows it."""
    text = chart.title + (f"（单位：{chart.unit}）" if chart.unit and _number_format(chart) == "General" else "")
    if chart.reference is not None and is_horizontal(chart, profile):
        label = chart.reference_label or "参考值"
        has_value = any(ch.isdigit() for ch in label)  # 目标100% already says it
        text += f"（{label}）" if has_value else f"（{label}{amount(chart.reference, chart.unit)}）"
    return text


def _title(chart: Chart, profile: Profile) -> str:
    if not chart.title:
        return '<c:autoTitleDeleted val="1"/>'
    role = profile.role("chart_title")
    text = chart_title_text(chart, profile)
    return (f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_fonts(profile, "chart_title", role.size)}'
            f'</a:pPr><a:r>{_fonts(profile, "chart_title", role.size, tag="a:rPr")}<a:t>{escape(text)}</a:t></a:r></a:p>'
            '</c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>')


def _percent_top(chart: Chart) -> str:
    """Rates up to 100% get an axis ending at 100%, not an automatic 120%."""
    figures = [v for _, values in chart.series for v in values if v is not None] + [chart.reference or 0]
    return '<c:max val="100"/>' if _number_format(chart) != "General" and max(figures) <= 100 else ""


def _axes(chart: Chart, profile: Profile, options: dict) -> str:
    """Category and value axes; horizontal bars list the first category on top, values below."""
    horizontal = is_horizontal(chart, profile)
    label = _text_properties(profile, "chart_label", profile.role("chart_label").size)
    axis_line = f'<c:spPr>{_line("000000")}</c:spPr>'
    axis_format = '0"%"' if _number_format(chart) != "General" else "General"
    major_unit = '<c:majorUnit val="20"/>' if _percent_top(chart) else ""
    return (f'<c:catAx><c:axId val="{CAT_AXIS}"/><c:scaling><c:orientation val="{"maxMin" if horizontal else "minMax"}"/>'
            '</c:scaling>'
            f'<c:delete val="0"/><c:axPos val="{"l" if horizontal else "b"}"/><c:numFmt formatCode="General" sourceLinked="0"/>'
            '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'{axis_line}{label}<c:crossAx val="{VAL_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
            '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
            f'<c:valAx><c:axId val="{VAL_AXIS}"/><c:scaling><c:orientation val="minMax"/>{_percent_top(chart)}<c:min val="0"/>'
            '</c:scaling>'
            f'<c:delete val="0"/><c:axPos val="{"b" if horizontal else "l"}"/>'
            f'<c:majorGridlines><c:spPr>{_line(options["gridline_color"], 3175)}</c:spPr></c:majorGridlines>'
            f'<c:numFmt formatCode="{escape(axis_format, {chr(34): "&quot;"})}" sourceLinked="0"/>'
            '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'{axis_line}{label}<c:crossAx val="{CAT_AXIS}"/><c:crosses val="{"max" if horizontal else "autoZero"}"/>'
            f'<c:crossBetween val="between"/>{major_unit}</c:valAx>')


def _legend(chart: Chart, profile: Profile, has_line: bool) -> str:
    """Below the plot; left out for a single series without a line (the title names it)."""
    if len(chart.series) == 1 and not has_line:
        return ""
    return (f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>'
            f'{_text_properties(profile, "chart_label", profile.role("chart_label").size)}</c:legend>')


def chart_xml(chart: Chart, profile: Profile) -> str:
    """The chart part: 2-D clustered columns (no 3-D, no shadows), optional reference line."""
    options = chart_options(profile)
    horizontal = is_horizontal(chart, profile)
    # a line cannot run across horizontal bars: there the reference goes into the title instead
    reference = _reference_series(chart, options) if chart.reference is not None and not horizontal else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
            '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>'
            f'<c:chart>{_title(chart, profile)}<c:plotArea><c:layout/>'
            f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
            f'{_bar_series(chart, profile, options)}<c:gapWidth val="80"/><c:overlap val="-10"/>'
            f'<c:axId val="{CAT_AXIS}"/><c:axId val="{VAL_AXIS}"/></c:barChart>{reference}'
            f'{_axes(chart, profile, options)}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>'
            f'{_legend(chart, profile, bool(reference))}'
            '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
            '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
            f'{_text_properties(profile, "chart_label", profile.role("chart_label").size)}'
            '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>')


def chart_workbook(chart: Chart) -> bytes:
    """The figures behind the chart, as Word's 编辑数据 opens them: categories in A, a series per column."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    names = [name for name, _ in chart.series]
    columns = [values for _, values in chart.series]
    if chart.reference is not None:
        names.append(chart.reference_label or f"{chart.reference:g}{chart.unit}")
        columns.append([chart.reference] * len(chart.categories))
    sheet.append([""] + names)
    for row, category in enumerate(chart.categories):
        sheet.append([category] + [values[row] for values in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def chart_rels(number: int) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{PACKAGE_REL}" Target="../embeddings/chart{number}.xlsx"/></Relationships>')


# -- the package ----------------------------------------------------------------------------
def add_chart_parts(package: bytes, charts: list[Chart], profile: Profile) -> bytes:
    """The .docx with the charts' parts added and their content types and relationships declared."""
    source = zipfile.ZipFile(io.BytesIO(package))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    types = parts["[Content_Types].xml"].decode("utf-8")
    if 'Extension="xlsx"' not in types:
        types = types.replace("</Types>", f'<Default Extension="xlsx" ContentType="{XLSX_TYPE}"/></Types>')
    overrides = "".join(f'<Override PartName="/word/charts/chart{n}.xml" ContentType="{CHART_TYPE}"/>'
                        for n in range(1, len(charts) + 1))
    parts["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    links = "".join(f'<Relationship Id="{relationship_id(n)}" Type="{CHART_REL}" Target="charts/chart{n}.xml"/>'
                    for n in range(1, len(charts) + 1))
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", links + "</Relationships>").encode("utf-8")
    for number, chart in enumerate(charts, 1):
        parts[f"word/charts/chart{number}.xml"] = chart_xml(chart, profile).encode("utf-8")
        parts[f"word/charts/_rels/chart{number}.xml.rels"] = chart_rels(number).encode("utf-8")
        parts[f"word/embeddings/chart{number}.xlsx"] = chart_workbook(chart)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name, content in parts.items():
            out.writestr(name, content)
    return buffer.getvalue()
