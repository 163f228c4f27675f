"""The language of numbers: every filter against the exact text a 公文 prints."""
import datetime as dt
from decimal import Decimal

import pytest

from edureport.core.values import DateValue
from edureport.templating import filters as f
from edureport.templating.environment import markup_environment, text_environment
from edureport.templating.registry import builtin_root

CASES = [
    # Chinese numerals (heading numbers, sequence words)
    (f.cn_number, (1,), "一"),
    (f.cn_number, (10,), "十"),
    (f.cn_number, (11,), "十一"),
    (f.cn_number, (20,), "二十"),
    (f.cn_number, (105,), "一百零五"),
    (f.cn_number, (110,), "一百一十"),
    (f.cn_number, (1001,), "一千零一"),
    (f.cn_number, (10010,), "一万零一十"),
    (f.cn_number, (100000,), "十万"),
    (f.cn_number, (100010000,), "一亿零一万"),
    (f.cn_number, (0,), "零"),
    (f.cn_number, ("3",), "三"),
    (f.sequence, (1,), "一是"),
    (f.sequence, (12,), "十二是"),
    (f.points_sentence, (["建立制度。", " ", "配齐教师；"],), "一是建立制度；二是配齐教师。"),
    (f.points_sentence, ([],), ""),
    # plain numbers: half-up on the typed decimal
    (f.number, (141,), "141"),
    (f.number, (26.30,), "26.3"),
    (f.number, (2.675,), "2.68"),
    (f.number, (0.05, 1), "0.1"),
    (f.number, (0.0043,), "0.0043"),
    (f.number, (0.00456,), "0.0046"),
    (f.number, (1e30,), "1" + "0" * 30),
    (f.number, (None,), ""),
    # amounts in 万/亿/万亿
    (f.amount, (141, "所"), "141所"),
    (f.amount, (12500, "元"), "1.25万元"),
    (f.amount, (12500,), "1.25万"),
    (f.amount, (263000000, "元"), "2.63亿元"),
    (f.amount, (12500, "万元"), "1.25亿元"),
    (f.amount, (0.5, "万元"), "0.5万元"),
    (f.amount, (99999999, "人"), "1亿人"),
    (f.amount, (9950, "元"), "9950元"),
    (f.amount, (3.2e13, "元"), "32万亿元"),
    (f.amount, (15000, "人次"), "1.5万人次"),
    (f.amount, (0, "所"), "0所"),
    (f.amount, (62.4, "%"), "62.4%"),
    (f.amount, ("", "元"), ""),
    # percent: as precise as typed (no invented 85.0%); with places: exactly that many decimals
    (f.percent, (95.23,), "95.23%"),
    (f.percent, (95,), "95%"),
    (f.percent, (Decimal("95.20"),), "95.20%"),
    (f.percent, (95.23, 1), "95.2%"),
    (f.percent, (95, 1), "95.0%"),
    (f.percent, (0.05, 1), "0.1%"),
    (f.percent, (0.04, 1), "0.04%"),
    (f.percent, (99.95, 1), "100.0%"),
    # number and amount keep typed trailing zeros, drop zeros of rounding
    (f.number, (Decimal("26.30"),), "26.30"),
    (f.number, (26.3,), "26.3"),
    (f.amount, (Decimal("1.50"), "万元"), "1.50万元"),
    (f.amount, (Decimal("12500.00"), "元"), "1.25万元"),
    (f.num_range, (63, 68, "%"), "63%～68%"),
    (f.num_range, (62.45, 68, "%"), "62.5%～68%"),
    (f.num_range, (15000, 20000, "人"), "1.5万人～2万人"),
    # change against the previous period
    (f.change, (108.3, 100), "较上年增长8.3%"),
    (f.change, (97.9, 100), "较上年下降2.1%"),
    (f.change, (100, 100), "与上年持平"),
    (f.change, (100.02, 100), "与上年基本持平"),
    (f.change, (141, 120, "所"), "较上年增长17.5%"),
    (f.change, (141, 0, "所"), "较上年增加141所"),
    (f.change, (0, 0, "所"), "与上年持平"),
    (f.change, (0, 50), "较上年下降100.0%"),
    (f.change, (141, None), ""),
    (f.change, (None, 120), ""),
    (f.change, (62.4, 58.1, "%"), "较上年提高4.3个百分点"),
    (f.change, (55, 58.1, "%"), "较上年降低3.1个百分点"),
    (f.change, (58.12, 58.1, "%"), "与上年基本持平"),
    (f.change, (1.05, 1, "%"), "较上年提高0.1个百分点"),
    (f.change, (200, 100, "", "较2023年"), "较2023年增长100.0%"),
    (f.change, (2000000, 1000000, "元"), "较上年增长100.0%"),
    # completion against a target
    (f.completion, (141, 150), "完成年度目标的94.0%"),
    (f.completion, (150, 150), "全面完成年度目标"),
    (f.completion, (105.2, 100), "完成年度目标的105.2%，超额完成任务"),
    (f.completion, (99.96, 100), "完成年度目标的99.9%"),
    (f.completion, (0, 100), "完成年度目标的0.0%"),
    (f.completion, (10, 0), ""),
    (f.completion, (10, None), ""),
    (f.completion, (62.4, 60, "年度目标", "%"), "高于年度目标2.4个百分点"),
    (f.completion, (58.5, 60, "年度目标", "%"), "低于年度目标1.5个百分点"),
    (f.completion, (60, 60, "年度目标", "%"), "达到年度目标"),
    (f.completion, (30, 25, "计划目标"), "完成计划目标的120.0%，超额完成任务"),
    # table cells
    (f.change_short, (141, 120), "+17.5%"),
    (f.change_short, (97.9, 100), "-2.1%"),
    (f.change_short, (62.4, 58.1, "%"), "+4.3个百分点"),
    (f.change_short, (100, 100), "持平"),
    (f.change_short, (12500, 0), "+1.25万"),
    (f.completion_rate, (141, 150), "94.0%"),
    (f.completion_rate, (99.96, 100), "99.9%"),
    (f.completion_rate, (5, 0), ""),
    # dates
    (f.date, (dt.date(2024, 3, 1),), "2024年3月1日"),
    (f.date, ("2024-03",), "2024年3月"),
    (f.date, ("2024年12月底",), "2024年12月底"),
    (f.date_range, ("2024-03", "2024-04"), "2024年3月—4月"),
    (f.date_range, ("2024-03-01", "2024-03-15"), "2024年3月1日—15日"),
    (f.date_range, ("2024-03-01", "2024-04-15"), "2024年3月1日—4月15日"),
    (f.date_range, ("2024-11", "2025-02"), "2024年11月—2025年2月"),
    (f.date_range, (DateValue(2024, 3), DateValue(2024, 3)), "2024年3月"),
    (f.date_range, ("2024-03", None), "2024年3月起"),
    (f.date_range, (None, "2024-04"), "2024年4月前"),
    (f.date_range, (None, None), ""),
    # text helpers
    (f.join_cn, (["区财政局", " ", "区发改委"],), "区财政局、区发改委"),
    (f.cell_lines, (["新建学校5所；", "改扩建8所"],), "1.新建学校5所\x0b2.改扩建8所"),
    (f.cell_lines, (["新建学校5所。"],), "新建学校5所"),
    (f.cell_lines, ("建立台账。",), "建立台账"),
    (f.points_sentence, ("配齐教师",), "一是配齐教师。"),
    (f.duty_line, ({"lead": "区教育局基础教育科", "partners": ["区财政局", "区发改委"],
                    "deadline": DateValue(2024, 12)},), "牵头单位：区教育局基础教育科；配合单位：区财政局、区发改委；完成时限：2024年12月"),
    (f.duty_line, ({"lead": "区教育局人事科", "deadline": "每年8月底前", "partners": []},),
     "牵头单位：区教育局人事科；完成时限：每年8月底前"),
    (f.duty_line, ({"lead": None, "partners": "区财政局"},), "配合单位：区财政局"),
    (f.duty_line, ({},), ""),
    (f.end_with, ("加强领导，",), "加强领导。"),
    (f.end_with, ("加强领导（试行）",), "加强领导（试行）"),
]


@pytest.mark.parametrize("func,args,expected", CASES, ids=[f"{c[0].__name__}{c[1]!r}"[:60] for c in CASES])
def test_number_language(func, args, expected):
    assert func(*args) == expected


METRIC_SENTENCES = [
    ({"name": "新改扩建中小学校", "value": 141, "unit": "所", "previous": 120, "target": 150},
     "新改扩建中小学校141所，较上年增长17.5%，完成年度目标的94.0%"),
    ({"name": "教育经费投入", "value": 263000000, "unit": "元", "previous": 250000000},
     "教育经费投入2.63亿元，较上年增长5.2%"),
    ({"name": "学生体质健康优良率", "value": 62.4, "unit": "%", "previous": 58.1, "target": 60},
     "学生体质健康优良率62.4%，较上年提高4.3个百分点，高于年度目标2.4个百分点"),
    ({"name": "义务教育巩固率", "value": 99.2, "unit": "%"}, "义务教育巩固率99.2%"),
    ({"name": "新增学位", "value": 2700, "unit": "个", "previous": 0, "target": 2500},
     "新增学位2700个，较上年增加2700个，完成年度目标的108.0%，超额完成任务"),
]


@pytest.mark.parametrize("metric,expected", METRIC_SENTENCES)
def test_metric_sentence(metric, expected):
    assert f.metric_sentence(metric) == expected


def test_metric_sentences_join_and_close():
    text = f.metric_sentences([m for m, _ in METRIC_SENTENCES[:2]])
    assert text == ("新改扩建中小学校141所，较上年增长17.5%，完成年度目标的94.0%；"
                    "教育经费投入2.63亿元，较上年增长5.2%。")
    assert f.metric_sentences([]) == ""


@pytest.mark.parametrize("values,unit,expected", [
    ([1260000, 980000], "元", ("万元", ["126", "98"])),
    ([12500, None], "万元", ("亿元", ["1.25", ""])),
    ([62.4, 58], "%", ("%", ["62.4", "58.0"])),
    ([2136, 2058], "人", ("人", ["2136", "2058"])),
    ([None, None], "所", ("所", ["", ""])),
])
def test_figures_in_one_unit(values, unit, expected):
    assert f.figures_in_one_unit(values, unit) == expected


def test_metric_cells_share_one_display_unit():
    cells = f.metric_cells({"value": 1260000, "previous": 980000, "target": 1500000, "unit": "元"})
    assert cells == {"unit": "万元", "value": "126", "previous": "98", "target": "150",
                     "change": "+28.6%", "completion": "84.0%"}
    rate = f.metric_cells({"value": 62.4, "previous": 58.1, "unit": "%"})
    assert (rate["unit"], rate["value"], rate["change"], rate["target"]) == ("%", "62.4", "+4.3个百分点", "")


@pytest.mark.parametrize("func,args", [(f.cn_number, (1.5,)), (f.cn_number, (10**16,)), (f.number, ("十二",)),
                                       (f.amount, ("abc", "元")), (f.percent, (float("nan"),))])
def test_bad_values_raise_a_chinese_message(func, args):
    with pytest.raises(ValueError, match="数|整数"):
        func(*args)


def test_filters_are_available_to_templates():
    env = markup_environment(builtin_root() / "work-summary")
    rendered = env.from_string("{{ 12500|amount('元') }} {{ 3|sequence }} {{ d|date }}").render(d=DateValue(2024, 3, 1))
    assert rendered == "1.25万元 三是 2024年3月1日"
    assert text_environment().from_string("{{ 141|change(120, '所') }}").render() == "较上年增长17.5%"


def test_cn_number_reads_an_int_as_it_reads_the_same_figure_typed_otherwise():
    from decimal import Decimal

    from edureport.core.numbers import cn_number

    for number in [*range(-120, 1200), 10010, 100010000, 10**15 + 7]:
        assert cn_number(number) == cn_number(Decimal(number)) == cn_number(str(number)) == cn_number(float(number))
