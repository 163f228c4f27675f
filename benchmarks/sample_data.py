"""Benchmark data: a 工作总结 with realistic Chinese text lengths, made up from
phrase pools so any size can be generated reproducibly (same seed, same text).

A *typical* document is 8 achievement sections × 3 paragraphs × 2 metrics
(the metrics make a fourth paragraph),
3 problems and 6 plans, plus an intro and a table of 6 key figures: about
6–8 pages in GB/T 9704 layout (22 lines × 28 characters a page).
"""
from __future__ import annotations

import datetime as dt
import random

TOPICS = ["课堂教学改革", "教师队伍建设", "课后服务提质", "校园安全管理", "家校协同育人", "劳动教育",
          "体育美育工作", "数字校园建设", "学生心理健康", "作业管理", "集团化办学", "教育督导评估",
          "学前教育普惠", "义务教育均衡", "职业教育融合", "特殊教育保障"]
VERBS = ["深化", "加强", "推进", "优化", "落实", "健全", "创新", "规范"]
EFFECTS = ["育人成效持续显现", "工作水平稳步提升", "保障能力不断增强", "内涵发展更加扎实",
           "群众获得感明显增强", "基础更加牢固"]
OPENERS = ["围绕{topic}目标", "聚焦{topic}中的难点问题", "坚持问题导向和目标导向", "按照年初确定的工作部署",
           "以{topic}为抓手", "结合全区学校实际情况", "对照上级部门的工作要求", "立足群众关切"]
ACTIONS = ["制定实施方案{n}项，明确责任分工和完成时限", "组织专题培训{n}场，累计参训教师{m}人次",
           "开展专项检查{n}次，发现并督促整改问题{m}个", "建立周调度、月通报工作机制，推动各项任务按期落实",
           "统筹投入专项经费{w}万元，改善相关设施设备条件", "遴选典型案例{n}个，在全区范围内交流推广",
           "修订考核评价办法，将落实情况纳入学校年度绩效考核", "组织骨干教师送教下乡{n}次，惠及薄弱学校{m}所",
           "召开现场推进会{n}次，及时研究解决推进中遇到的困难"]
RESULTS = ["相关工作质量明显提升", "师生和家长满意度进一步提高", "形成了一批可复制可推广的经验做法",
           "得到上级部门的充分肯定", "基本实现年初确定的预期目标", "长效工作机制逐步健全"]
METRICS = [("新增公办学位", "个"), ("教师培训覆盖率", "%"), ("改造薄弱学校", "所"), ("专项经费投入", "万元"),
           ("课后服务参与率", "%"), ("新增市区级骨干教师", "人"), ("建成智慧教室", "间"), ("开展家长学校活动", "场")]
PROBLEMS = ["优质教育资源总量仍显不足", "教师结构性缺编问题依然存在", "部分学校办学条件有待改善",
            "课堂教学改革推进还不平衡", "信息化应用水平参差不齐"]


class _Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def sentence(self, topic: str) -> str:
        r = self.rng
        action = r.choice(ACTIONS).format(n=r.randint(3, 36), m=r.randint(40, 2600), w=r.randint(20, 900))
        return f"{r.choice(OPENERS).format(topic=topic)}，{action}，{r.choice(RESULTS)}。"

    def paragraph(self, topic: str, sentences: int = 3) -> str:
        return "".join(self.sentence(topic) for _ in range(sentences))

    def metric(self, index: int) -> dict:
        r = self.rng
        name, unit = METRICS[index % len(METRICS)]
        if unit == "%":
            value = round(r.uniform(80, 99), 1)
            return {"name": name, "unit": unit, "value": value, "previous": round(value - r.uniform(-2, 6), 1),
                    "target": round(value + r.uniform(-3, 3), 1)}
        value = r.randint(12, 1800)
        return {"name": name, "unit": unit, "value": value, "previous": r.randint(10, 1700),
                "target": r.randint(10, 1900)}

    def title(self, topic: str) -> str:
        return f"{self.rng.choice(VERBS)}{topic}，{self.rng.choice(EFFECTS)}"


def work_summary(sections: int = 8, *, seed: int = 2024, org: str = "某某市某某区教育局") -> dict:
    """A 工作总结 as edureport input (canonical keys): ``sections`` achievement
    items of 3 paragraphs and 2 metrics each, 3 problems, 6 plans."""
    w = _Writer(seed)
    achievements = []
    for index in range(sections):
        topic = TOPICS[index % len(TOPICS)]
        achievements.append({
            "title": w.title(topic),
            "text": [w.paragraph(topic, 2), w.paragraph(topic, 1), w.paragraph(topic, 1)],
            "metrics": [w.metric(2 * index), w.metric(2 * index + 1)],
        })
    problems = [{"title": PROBLEMS[i], "text": w.paragraph(TOPICS[i], 1)} for i in range(3)]
    plans = [{"title": w.title(TOPICS[-1 - i]), "text": w.paragraph(TOPICS[-1 - i], 1)} for i in range(6)]
    return {
        "org": org,
        "year": 2024,
        "date": dt.date(2024, 12, 20),
        "recipient": "市教育局",
        "intro": [w.paragraph("教育高质量发展", 2),
                  "现将全年工作总结如下。"],
        "metrics": [w.metric(i) for i in range(6)],
        "achievements": achievements,
        "problems": problems,
        "plans": plans,
    }


def paragraph_count(data: dict) -> int:
    """How many paragraphs of running text the document has (for the record)."""
    count = len(data["intro"])
    for item in data["achievements"]:
        count += len(item["text"]) + bool(item.get("metrics"))
    return count + len(data["problems"]) + len(data["plans"])
