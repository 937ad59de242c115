"""What a name is made of: the characters it may hold, where it starts on its left, which
words are too generic to be one, and the mention record every recogniser produces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bqw.extract import lexicon
from bqw.model import AREA_TYPES

CJK = r"\u4e00-\u9fff"
_NAME_CHAR = re.compile(rf"[{CJK}0-9A-Za-z*·•・﹒+\-]")
OPEN_QUOTES = "“《「『‘"
CLOSE_QUOTES = "”》」』’"
QUOTE_CHARS = OPEN_QUOTES + CLOSE_QUOTES
MAX_STEM = {
    "Village": 5,
    "Town": 5,
    "Subdistrict": 6,
    "Community": 6,
    "Zone": 16,
    "Project": 30,
    "Policy": 18,
    "Organization": 20,
    "Place": 14,
    "Event": 28,
    "Honor": 30,
}
PRIORITY = {
    "division": 6,
    "reference": 6,
    "quoted": 3,
    "org": 5,
    "honor": 5,
    "suffix": 4,
    "list": 5,
    "indicator": 2,
    "masked": 6,
}
AREA_SUFFIX = {
    "村": "Village",
    "镇": "Town",
    "乡": "Town",
    "街道": "Subdistrict",
    "社区": "Community",
    "区": "County",
    "县": "County",
    "市": "City",
    "省": "Province",
}
AREA_WORD_BEFORE = re.compile(r"(?:全|我|本|该|各)(?:区|县|市|镇|乡|街道)$")
REFERENCE = re.compile(r"(?:全|我|本)(区|县|市|镇|乡|街道|村)")
# Redacted names: *区, XX村 (x/X standing for hidden characters), never guessed.
MASKED_AREA = re.compile(r"(?<![0-9.A-Za-z])(?:\*+|[xX]{1,3}|ｘ{1,3}|Ｘ{1,3})(片区|街道|社区|村|镇|区|县|市)")
LISTED_FIRMS = re.compile(
    rf"((?:[{CJK}]{{2,6}}、)+[{CJK}]{{2,6}})等[0-9一二两三四五六七八九十]+家[{CJK}]{{0,6}}(?:企业|公司|龙头企业)"
)
# X村 words that are not village names: 农村, 山村, 驻村, 强村, 挂点村, 群众 … 村.
NOT_VILLAGE_ENDINGS = frozenset("农乡山渔邻本该全各每进驻入到兴强富点众贤城")
# Prefecture names that are also everyday words or street names (中山路, 中山大学).
AMBIGUOUS_CITY_SHORTS = frozenset({"中山"})
DOCUMENT_ENDINGS = ("报告", "日报", "晚报", "杂志", "报道", "白皮书", "年鉴", "蓝皮书")
LIST_HEAD_MODIFIERS = "中心|示范|特色|精品|重点|典型|美丽|宜居|绿美|行政|自然|省级|市级"
HONOUR_LEVELS = "全国|全省|全市|全县|国家级|省级|市级|县级|国家|广东省"
QUOTED_POLICY_SUFFIXES = frozenset("模式 体系 机制 政策 计划 试点 部署 安排".split())
INVERTIBLE = ("改造", "建设", "开发", "整治", "提升")
# Types whose names often hold a development verb (某街道社区建设示范项目); others stop at one.
SOFT_NAMED = frozenset({"Project", "Policy", "Event", "Honor"})
POLICY_ENDINGS = (
    "工程",
    "经济",
    "招商",
    "当家",
    "改革",
    "战略",
    "机制",
    "模式",
    "行动",
    "计划",
    "普",
    "转企",
    "整治",
    "振兴",
    "融合",
    "攻坚",
    "示范",
    "创建",
    "治理",
    "提升",
    "建设",
    "发展",
    "服务",
    "联动",
    "共建",
)
POLICY_VERBS = frozenset(
    """
实施 推进 落实 实行 开展 推行 深化 探索 抓好 完成 坚持 打好 贯彻 践行 推动 深入实施 全面实施 启动
开展了
""".split()
)
# A list of short names and the rest of its clause: 树溪、红溪、永坚三个行政村.
LIST_RE = re.compile(rf"((?:[{CJK}*]{{1,4}}、)+)([^，。；：！？\n]{{1,16}})")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    type: str
    label: str
    rule: str
    code: str | None = None

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.rule, 1)


def clean_label(text: str) -> str:
    """Strip quotation marks and book-title marks around and inside a name."""
    return "".join(ch for ch in text if ch not in QUOTE_CHARS).strip()


def is_name_char(ch: str) -> bool:
    return bool(_NAME_CHAR.match(ch)) or ch in QUOTE_CHARS


def scan_left(text: str, end: int, limit: int, floor: int, stops: frozenset[str] = lexicon.LEFT_STOPS) -> int:
    """Start of the name whose last stem character is at ``end - 1``.

    Walks left over name characters, jumping over quoted spans whole, and stops after a
    word of ``stops`` (default :data:`lexicon.LEFT_STOPS`) or at ``limit`` characters.
    """
    pos = end
    while pos > floor and end - pos < limit:
        ch = text[pos - 1]
        if ch in CLOSE_QUOTES:
            opening = text.rfind(OPEN_QUOTES[CLOSE_QUOTES.index(ch)], floor, pos - 1)
            if opening < 0 or pos - opening > 30:
                break
            pos = opening
            continue
        if ch == "）" and pos < end:
            # 云智造(广东)科技: a short place in brackets inside a company's name.
            opening = text.rfind("（", max(floor, pos - 8), pos - 1)
            if opening >= 0 and re.fullmatch(rf"[{CJK}]{{2,5}}", text[opening + 1 : pos - 1]):
                pos = opening
                continue
        if not is_name_char(ch) or ch in OPEN_QUOTES:
            break
        if any(text[pos - n : pos] in stops for n in (4, 3, 2) if pos - n >= floor):
            break
        if text[pos - 1] in stops and text[pos - 1 : pos + 1] not in lexicon.WORDS_WITH_STOP_CHARS:
            break
        pos -= 1
    return pos


# 全市首家区级党群服务中心: a first-of-its-kind phrase describes a thing, it does not name it.
_FIRST_OF_KIND = re.compile(r"^(?:全国|全省|全市|全区|全县|全镇)(?:首家|首个|首座|首批|第一家|第一个|唯一)")
# 行政区品牌+强村富民公司+基地: a formula of parts is a model (a policy), not a body or a site.
_FORMULA = re.compile(rf"[{CJK}0-9A-Za-z*]\+[{CJK}0-9A-Za-z*]")


def acceptable(label: str, type_: str, quoted: bool = False) -> bool:
    """Whether a candidate reads like a name of ``type_`` (a quoted start is a deliberate name)."""
    if not label or label in lexicon.GENERIC or len(label) < 2:
        return False
    if _FIRST_OF_KIND.match(label) or (type_ in ("Place", "Organization", "Project") and _FORMULA.search(label)):
        return False
    return plausible_area(label, type_) and _acceptable_name(label, type_, quoted)


def plausible_area(label: str, type_: str) -> bool:
    """某某街道社区卫生服务中心: a subdistrict's community services, not a community named 某某街道社区."""
    return not (type_ == "Community" and label.endswith("街道社区"))


def _acceptable_name(label: str, type_: str, quoted: bool) -> bool:
    if not quoted and (
        label.startswith(lexicon.BAD_STARTS)
        and not label.startswith(("全国", "全省", "全市"))
        or label[0] in "0123456789.-+·"
        and not (type_ == "Event" and re.match(r"(?:19|20)\d\d年", label))  # 2025年某某工作会议
    ):
        return False
    if re.match(r"[0-9一二两三四五六七八九十百千万亿多余]+[个条项家户座名场批]", label) and type_ not in (
        "Policy",
        "Event",
    ):
        return False
    stem = label
    for suffix in lexicon.SUFFIXES:
        if label.endswith(suffix):
            stem = label[: -len(suffix)]
            break
    return len(clean_label(stem)) >= 1 and stem not in lexicon.GENERIC


def prefer_level(levels: set[str]) -> str:
    for level in ("Province", "City", "County", "Subdistrict", "Town", "Community", "Village", "Zone"):
        if level in levels:
            return level
    return sorted(levels)[0]


def is_area(type_: str) -> bool:
    return type_ in AREA_TYPES
