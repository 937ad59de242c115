"""Figures as written: values (redactions kept), Chinese multipliers, units, growth, periods, ranks.

Nothing here guesses a redacted digit: a value holding ``*`` or ``x``/``X`` stays a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2, "十": 10.0}
HEDGE_BEFORE = ("超过", "约", "超", "近", "逾", "共", "达")
HEDGE_AFTER = ("多", "余", "以上", "左右")

# unit → (base unit, factor). Longest names first when matching.
UNITS: dict[str, tuple[str, float]] = {
    "元": ("yuan", 1.0),
    "美元": ("usd", 1.0),
    "平方米": ("m2", 1.0),
    "平米": ("m2", 1.0),
    "㎡": ("m2", 1.0),
    "平方": ("m2", 1.0),
    "方": ("m2", 1.0),
    "亩": ("m2", 666.667),
    "公顷": ("m2", 1e4),
    "平方公里": ("m2", 1e6),
    "平方千米": ("m2", 1e6),
    "米": ("m", 1.0),
    "公里": ("m", 1e3),
    "千米": ("m", 1e3),
    "斤": ("kg", 0.5),
    "公斤": ("kg", 1.0),
    "千克": ("kg", 1.0),
    "吨": ("kg", 1e3),
    "立方米": ("m3", 1.0),
    "%": ("percent", 1.0),
    "千瓦": ("W", 1e3),
    "兆瓦": ("W", 1e6),
    "千瓦时": ("kWh", 1.0),
    "度": ("kWh", 1.0),
}
COUNT_UNITS = (
    "个",
    "户",
    "家",
    "人次",
    "人",
    "项",
    "件",
    "栋",
    "株",
    "头",
    "只",
    "场",
    "条",
    "所",
    "座",
    "宗",
    "间",
    "套",
    "批",
    "名",
    "位",
    "处",
    "辆",
    "艘",
    "台",
    "份",
    "次",
    "篇",
    "支",
    "种",
    "棵",
    "张",
    "本",
    "盏",
    "块",
    "口",
    "公顷",
    "亩",
    "期",
    "届",
    "批次",
    "场次",
    "类",
    "款",
    "箱",
    "袋",
    "尾",
    "羽",
    "匹",
    "片",
    "层",
    "所",
    "点",
    "群",
    "节",
    "门",
    "对",
    "组",
    "队",
    "道",
    "轮",
    "趟",
    "幅",
    "扇",
    "部",
    "首",
    "段",
    "吨",
    "方",
)
_UNIT_NAMES = sorted(set(UNITS) | set(COUNT_UNITS), key=len, reverse=True)
UNIT_RE = "|".join(re.escape(u) for u in _UNIT_NAMES)

DIGIT = r"[0-9*]"
# x/X stand for redacted digits only next to digits or dots (XX in running text is a name).
MASKED_DIGIT = r"(?:[0-9*]|(?<=[0-9.*])[xX]|[xX](?=[0-9.*xX]))"
NUMBER = rf"(?:{MASKED_DIGIT}+(?:\.{MASKED_DIGIT}+)?)"
VALUE_RE = re.compile(
    rf"(?P<pre>超过|约|超|近|逾)?(?P<num>{NUMBER})(?P<mult>[万亿千]{{0,2}})(?P<hedge>多|余)?"
    rf"(?P<unit>(?:万|亿)?(?:{UNIT_RE})(?:/年)?)?(?P<post>以上|左右)?"
)


@dataclass(frozen=True)
class Value:
    """A figure as written and its meaning."""

    start: int
    end: int
    value: str
    unit: str | None
    masked: bool
    normalized: float | None
    base_unit: str | None


def is_masked(number: str) -> bool:
    return any(ch in number for ch in "*xX")


def parse_value(match: re.Match[str]) -> Value:
    """Turn a :data:`VALUE_RE` match into a :class:`Value`.

    The value keeps the number, its multiplier and hedge as written (``2.*4万多``); the unit
    keeps what follows (``个``, ``亿元``, ``万亩``).
    """
    num, mult, hedge = match.group("num"), match.group("mult") or "", match.group("hedge") or ""
    unit = match.group("unit") or None
    masked = is_masked(num)
    factor = 1.0
    for ch in mult:
        factor *= MULTIPLIERS[ch]
    base_unit = None
    normalized = None
    written = num + mult + hedge
    if unit:
        bare = unit.removesuffix("/年")
        for prefix in ("万", "亿"):
            if bare.startswith(prefix) and bare[1:] in UNITS | {u: ("count", 1.0) for u in COUNT_UNITS}:
                factor *= MULTIPLIERS[prefix]
                bare = bare[1:]
        base_unit, unit_factor = UNITS.get(bare, ("count", 1.0))
        factor *= unit_factor
    if not masked:
        normalized = round(float(num) * factor, 6)
    if mult and unit and unit[0] not in "万亿" and not hedge:
        # 44.97万平方: report the multiplier with the unit, as analysts read it.
        written, unit = num + hedge, mult + unit
    return Value(match.start(), match.end(), written, unit, masked, normalized, base_unit)


GROWTH_RE = re.compile(
    rf"(?:同比|比上年|较上年|比去年|较去年|年均)?(?P<dir>增长|增加|提高|上升|提升|上涨|升值|增幅|增速为?|下降|减少|回落|下滑|降低)"
    rf"(?:了|高达|达到|达)?"
    rf"(?P<num>{NUMBER})(?P<unit>%|个百分点|倍)"
)
# 实现了39.8%的显著增长: the rate first, the word for growth after it.
GROWTH_AFTER_RE = re.compile(rf"(?P<num>{NUMBER})(?P<unit>%)的[\u4e00-\u9fff]{{0,4}}?(?P<dir>增长|增幅|提升|下降|减少)")
NEGATIVE = ("下降", "减少", "回落", "下滑", "降低")


def parse_growth(match: re.Match[str]) -> tuple[float | None, bool]:
    """Signed growth in percent, or ``(None, True)`` when the figure is redacted."""
    num = match.group("num")
    if is_masked(num):
        return None, True
    if match.group("unit") == "个百分点":
        return None, False  # a change of a share, not a growth rate
    value = float(num)
    if match.group("unit") == "倍":
        value *= 100.0
    return (-value if match.group("dir") in NEGATIVE else value), False


RANK_RE = re.compile(
    r"(?:增速|总量|增幅)?(?:均)?(?:居|位居|排名|排|列|位列|稳居)?"
    r"(?:全国|全省|全市|全县|全区|全镇|[东西南北粤]+[东西北]?地区|各县（市、区）)(?:排名)?中?(?:第[一二三四五六七八九十\d]+|首位|前列|遥遥领先)"
)


def cn_number(text: str) -> int | None:
    """Small Chinese numerals: 三 → 3, 十二 → 12, 二十 → 20.

    >>> cn_number("十二")
    12
    """
    if not text or any(ch not in CN_DIGITS for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


_MONTH_RANGE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m1>\d{1,2})(?:月份?)?[-—–~至到](?P<m2>\d{1,2})月")
_QUARTER = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<q>第?[一二三四1-4]季度|前三季度|上半年|下半年)")
_YEAR_RANGE = re.compile(r"(?P<y1>(?:19|20)\d{2})年?(?:[-—–~至到和、]|年至)(?P<y2>(?:19|20)\d{2})年(?!以来|来)")
_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})年(?:全年|度)?(?!以来|来|起|开始|底前|前|\d{1,2}[月日号]|[-—–~至到和、])")
_SINCE = re.compile(r"(?:(?:19|20)\d{2}年|今年|去年|近年)以来")
_QUARTERS = {
    "一": (1, 3),
    "1": (1, 3),
    "二": (4, 6),
    "2": (4, 6),
    "三": (7, 9),
    "3": (7, 9),
    "四": (10, 12),
    "4": (10, 12),
}


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    iso: str | None


def find_periods(text: str, year: int | None) -> list[Period]:
    """Every period phrase in ``text`` with its ISO 8601 interval (None for open spans)."""
    found: list[Period] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], iso: str | None) -> None:
        if any(s < match.end() and match.start() < e for s, e in taken):
            return
        taken.append((match.start(), match.end()))
        found.append(Period(match.start(), match.end(), iso))

    for match in _SINCE.finditer(text):
        add(match, None)
    for match in _MONTH_RANGE.finditer(text):
        y = int(match.group("y")) if match.group("y") else year
        m1, m2 = int(match.group("m1")), int(match.group("m2"))
        if y and 1 <= m1 <= m2 <= 12:
            add(match, f"{y}-{m1:02d}/{y}-{m2:02d}")
    for match in _QUARTER.finditer(text):
        y = int(match.group("y")) if match.group("y") else year
        q = match.group("q")
        if q == "前三季度":
            months = (1, 9)
        elif q == "上半年":
            months = (1, 6)
        elif q == "下半年":
            months = (7, 12)
        else:
            months = _QUARTERS[q.lstrip("第")[0]]
        if y:
            add(match, f"{y}-{months[0]:02d}/{y}-{months[1]:02d}")
    for match in _YEAR_RANGE.finditer(text):
        add(match, f"{match.group('y1')}-01/{match.group('y2')}-12")
    for match in _YEAR.finditer(text):
        add(match, f"{match.group('y')}-01/{match.group('y')}-12")
    return sorted(found, key=lambda p: p.start)
