"""Write examples/batch-schools.xlsx: four schools' work summaries in one workbook.

    python examples/make_batch_example.py            # (re)write the example
    edureport batch examples/batch-schools.xlsx -o 输出   # one 工作总结 per school

The figures and sentences are invented for the example.
"""
from __future__ import annotations

import sys
from pathlib import Path

from edureport.intake.validate import validate
from edureport.sources import source_from_dict
from edureport.templating.registry import get_registry
from edureport.workbook.style import write_workbook

HERE = Path(__file__).resolve().parent
TARGET = HERE / "batch-schools.xlsx"


def metric(name, value, unit, previous=None, target=None):
    entry = {"指标名称": name, "数值": value, "计量单位": unit}
    if previous is not None:
        entry["上年数值"] = previous
    if target is not None:
        entry["目标值"] = target
    return entry


def school(org, kind, classes, students, teachers, backbone, fitness, service, repair, focus, shortage):
    """One school's summary; ``focus`` and ``shortage`` make each school's text its own."""
    return {
        "文种": "工作总结",
        "单位": org,
        "年度": 2024,
        "主送机关": "区教育局",
        "成文日期": "2024-12-25",
        "基本情况": [
            f"学校现有教学班{classes}个，在校学生{students}人，教职工{teachers}人，其中区级以上骨干教师{backbone}人。",
            f"2024年，学校围绕“{focus}”的工作思路，统筹推进{kind}教育教学、队伍建设和安全管理，全年工作总体平稳有序。现将有关情况总结如下。",
        ],
        "指标": [
            metric("在校学生", students, "人", round(students * 0.96)),
            metric("区级以上骨干教师", backbone, "人", backbone - 2, backbone - 1),
            metric("学生体质健康测试优良率", fitness, "%", round(fitness - 3.1, 1), 60),
            metric("课后服务参与率", service, "%", round(service - 2.4, 1)),
            metric("校舍维修投入", repair, "元", round(repair * 0.8)),
        ],
        "主要成绩": [
            {"标题": "落实立德树人，育人体系更加完善",
             "内容": f"以主题班会、升旗仪式和社会实践为载体，全年开展德育活动{classes + 6}场，学生参与面达到100%。",
             "要点": ["健全班主任、学科教师、家长三方协同的育人机制", "开齐开足心理健康课程", "表彰校级“美德少年”一批"]},
            {"标题": "深化课堂改革，教学质量稳步提高",
             "子项": [
                 {"标题": "推进单元整体教学",
                  "内容": f"各学科组围绕“{focus}”开展集体备课和同课异构，全年公开课{classes * 3}节。"},
                 {"标题": "规范作业与课后服务",
                  "内容": "落实作业公示制度，推行分层作业，课后服务实行“基础托管＋兴趣拓展”。",
                  "指标": [metric("课后服务参与率", service, "%", round(service - 2.4, 1))]},
             ]},
            {"标题": "加强队伍建设，教师专业持续成长",
             "内容": ["实施青年教师成长计划，师徒结对全覆盖。", "组织教师参加各级培训，人均学时超过规定要求。"],
             "指标": [metric("区级以上骨干教师", backbone, "人", backbone - 2, backbone - 1)]},
            {"标题": "改善办学条件，校园安全保障有力",
             "内容": "完成校舍维修和设备更新，开展应急疏散演练，全年未发生安全责任事故。",
             "指标": [metric("校舍维修投入", repair, "元", round(repair * 0.8))]},
        ],
        "经验体会": [
            {"标题": "以常规管理保障质量", "内容": "把备课、上课、作业、辅导、评价各环节纳入过程管理，做到有检查、有反馈、有改进。"},
            {"标题": "以教研活动带动成长", "内容": "坚持问题导向开展小课题研究，研究成果及时回到课堂。"},
        ],
        "存在问题": [
            {"标题": "师资结构有待优化", "内容": f"{shortage}等学科专任教师仍有缺口，部分教师跨学科任教。"},
            {"标题": "场地设施仍显不足", "内容": "功能教室和室内活动场地不能完全满足教学需要。"},
            "家校协同的深度和频度还需加强，部分家长参与学校活动不够主动。",
        ],
        "工作打算": [
            {"标题": "持续推进课堂教学改革", "内容": "围绕新课程标准开展大单元教学研究，形成一批校本优秀课例。"},
            {"标题": "加强教师梯队建设", "内容": f"重点补充{shortage}学科教师，完善骨干教师培养和考核机制。"},
            {"标题": "提升校园安全和服务水平", "内容": "完善安全风险排查机制，进一步丰富课后服务内容。"},
        ],
    }


SCHOOLS = [
    school("某某区第一实验小学", "小学", 48, 2136, 142, 21, 62.4, 96.8, 1260000, "五育并举、质量立校", "音乐、美术"),
    school("某某区第二实验小学", "小学", 36, 1580, 104, 15, 59.7, 94.2, 860000, "课堂提质、减负增效", "科学、信息科技"),
    school("某某区实验中学", "初中", 42, 1954, 168, 27, 55.3, 91.5, 1840000, "以学定教、精准施策", "物理、心理健康"),
    school("某某区阳光幼儿园", "学前", 15, 452, 61, 6, 78.6, 99.1, 320000, "游戏为本、快乐成长", "体育、艺术"),
]


def main() -> int:
    spec = get_registry().get("work-summary")
    documents = [validate(source_from_dict(data, data["单位"]), spec).data for data in SCHOOLS]
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    target.write_bytes(write_workbook(spec, documents, batch=True))
    print(f"已写入 {target}（{len(documents)} 所学校）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
