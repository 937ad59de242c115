"""Observations: every figure with the indicator it measures, growth, period and rank."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bqw.extract import lexicon
from bqw.extract.names import MASKED_AREA
from bqw.extract.numbers import (
    GROWTH_AFTER_RE,
    GROWTH_RE,
    RANK_RE,
    VALUE_RE,
    Period,
    Value,
    find_periods,
    parse_growth,
    parse_value,
)
from bqw.model import Span

CJK = r"\u4e00-\u9fff"
_CLAUSE_BREAK = re.compile(r"[，；：、。！？（）\n“”]")
_NOT_A_FIGURE_AFTER = re.compile(
    r"^(?:年|月|日|号|时|届|周年|批|期|岁|倍|多年|余年|个月|天|小时|分钟|号线|线|级|星|A|类|大|项工程)"
)
# Words that join an indicator to its figure: 面积从100平方米增至400平方米.
_LINK = re.compile(
    "从|由|达到|实现了?|突破了?|一举突破|增至|提高到|提高至|提升至|增长到|扩展至|扩展到|扩大至|扩大到|高达|超过|达|为|至|有|到"
)
_PREDICATE = re.compile(
    "|".join(
        (
            "达到",
            "完成",
            "实现",
            "成为",
            "获评",
            "获得",
            "荣获",
            "入选",
            "参与",
            "参加",
            "评为",
            "建成",
            "开展",
            "实施",
            "推进",
            "推动",
            "用于",
            "打造",
            "支持",
            "助力",
            "带动",
            "加快",
        )
    )
)
# Verbs that name a figure on their own: the money put in, the investment made.
_MEASURING_VERBS = frozenset(
    "投入 投资 共计投入 累计投入 完成投资 争取资金 筹集资金 筹措资金 带动就业 吸纳就业".split()
)
# Nouns too bare to name what a figure measures (9个项目): another name is looked for.
_BARE_NOUNS = frozenset("项目 小区 家庭 企业 村民 群众 占比 消费 培训 用于 乡贤 个 处 项".split())
_PLAN_ITEMS = ("重点工作", "具体举措", "举措", "任务", "措施", "事项", "专班", "指挥办")
_NOT_INDICATORS = frozenset(
    """
其中 全年 目前 力争 现 现有 共有 累计 合计 总计 同比 今年 去年 当年 其他
""".split()
)
_AREA_WORDS = re.compile(r"^(?:全区|全镇|全县|全市|全省|全村|我区|我镇|我县|我市|本区|本镇|该村|该镇|各村)")
# Where it happened is not what was measured: 在整个某某地区辐射带动养殖户 → 辐射带动养殖户.
_WHERE = re.compile(rf"^(?:在|已在)?(?:整个|全)[{CJK}]{{1,6}}?(?:地区|区域|范围内|境内)(?=.{{2}})", re.S)
# A demonstrative opens a description, not a measure: 这里是一片占地5200余亩的….
_DEMONSTRATIVE = ("这", "那", "此")
_SEVERAL = ("多项", "各项", "多个", "多种", "部分")


@dataclass(frozen=True)
class Figure:
    """An observation before it is tied to entities."""

    indicator: str
    indicator_span: Span
    value: Value | None
    growth_pct: float | None
    growth_masked: bool
    period: str | None
    rank: str | None
    evidence: Span


def strip_words(name: str, start: int, right: bool = True) -> tuple[str, int]:
    """Remove period, area and verb words around an indicator name; return it and its start."""
    changed = True
    while changed and name:
        changed = False
        area = _AREA_WORDS.match(name) or _WHERE.match(name)
        if area:
            name, start, changed = name[area.end() :], start + area.end(), True
        for word in sorted(lexicon.INDICATOR_LEFT_STRIP, key=len, reverse=True):
            if name.startswith(word) and len(name) > len(word):
                name, start, changed = name[len(word) :], start + len(word), True
                break
        for word in sorted(lexicon.INDICATOR_RIGHT_STRIP, key=len, reverse=True) if right else ():
            if name.endswith(word) and len(name) > len(word):
                name, changed = name[: -len(word)], True
                break
    return name, start


def clause_start(text: str, pos: int, floor: int) -> int:
    index = pos
    while index > floor and not _CLAUSE_BREAK.match(text[index - 1]):
        index -= 1
    return index


def clause_end(text: str, pos: int, ceiling: int) -> int:
    match = _CLAUSE_BREAK.search(text, pos, ceiling)
    return match.start() if match else ceiling


def _indicator_before(
    text: str, start: int, sentence: Span, periods: list[Period], areas: list[Span], cuts_at: list[Span] = ()
) -> tuple[str, int]:
    """The indicator named before a figure: the nearest name-like chunk of its clause.

    Periods, digits and earlier figures split the clause into chunks; the nearest chunk
    that is still a name once linking words (从, 达到, 增至…) and leading area names and
    adverbs are removed is the indicator.
    """
    begin = clause_start(text, start, sentence[0])
    cuts = [(p.start, p.end) for p in periods if begin <= p.start < start]
    cuts += [(c_start, c_end) for c_start, c_end in cuts_at if begin <= c_start < start]
    chunks: list[tuple[int, int]] = []
    pos = begin
    for match in re.finditer(rf"[^{CJK}A-Za-z*+·]+|(?<=[{CJK}])[0-9.]+", text[begin:start]):
        cuts.append((begin + match.start(), begin + match.end()))
    for cut_start, cut_end in sorted(cuts):
        if cut_start > pos:
            chunks.append((pos, cut_start))
        pos = max(pos, cut_end)
    if pos < start:
        chunks.append((pos, start))
    for chunk_start, chunk_end in reversed(chunks):
        name, name_start = _clean_indicator(text, chunk_start, chunk_end, areas)
        if len(name) >= 2:
            return name, name_start
    if begin > sentence[0] and text[begin - 1] == "”":
        # “三清三拆三整治”完成11.5万处: the quoted programme names what was done.
        opening = text.rfind("“", sentence[0], begin - 1)
        inner = text[opening + 1 : begin - 1] if opening >= 0 else ""
        if 2 <= len(inner) <= 16 and re.fullmatch(rf"[{CJK}0-9+·]+", inner):
            return inner, opening + 1
    return "", start


def _clean_indicator(text: str, start: int, end: int, areas: list[Span]) -> tuple[str, int]:
    for area_start, area_end in areas:
        if area_start == start and area_end < end:
            start = area_end
    chunk = text[start:end]
    lead = _LINK.match(chunk)
    if lead:
        # 增至目前4个: a chunk that opens with a link word only joins figures.
        chunk, start = chunk[lead.end() :], start + lead.end()
    # Links are cut before the right-hand words go: 投资额高达 must lose 高达, not just 达.
    name, name_start = strip_words(chunk, start, right=False)
    link = _LINK.search(name, 2)
    if link:
        name = name[: link.start()]
    name, name_start = strip_words(name, name_start)
    if "等" in name[1:]:
        # 稻米、肉桂、核雕等特色产业产值: the examples end at 等, the measure follows.
        cut = name.rindex("等") + 1
        name, name_start = name[cut:], name_start + cut
    name = name.removesuffix("的")
    inner = max((name.rfind(v, 1) + len(v) for v in lexicon.INDICATOR_INNER_VERBS if name.rfind(v, 1) > 0), default=0)
    if inner:
        # 连线打造标志性点位 → 标志性点位; 闲置地建成 (the object follows the figure) → nothing here.
        name, name_start = name[inner:], name_start + inner
    if name in _BARE_NOUNS:
        return "", end
    if name in _MEASURING_VERBS or chunk in _MEASURING_VERBS:
        return (chunk, start) if chunk in _MEASURING_VERBS else (name, name_start)  # 投入1.1亿元, 共计投入2500万元
    tail = next((v for v in _MEASURING_VERBS if len(v) >= 4 and name.endswith(v)), None)
    if tail:
        # 乡贤筹集资金13万多元: who raised it is not part of what was raised.
        return tail, name_start + len(name) - len(tail)
    if name in lexicon.LEFT_STOPS or name in _NOT_INDICATORS or name.startswith(_DEMONSTRATIVE):
        return "", end
    if name.endswith(("等", "和", "与", "及", "或")):  # 某路和15个背街小巷…: the figure belongs to a name
        return "", end
    return name, name_start


def _after_named_thing(text: str, name: str, name_start: int, names: list[Span]) -> tuple[str, int]:
    """徐闻港区南山作业区二期工程完成投资: what a named project did is the figure's name."""
    end = name_start + len(name)
    inside = [span for span in names if name_start <= span[0] and span[1] < end]
    if not inside:
        return name, name_start
    rest_start = inside[-1][1]
    rest, rest_start = strip_words(text[rest_start:end], rest_start)
    measure = len(rest) <= 6 and rest.endswith(lexicon.MEASURE_NOUNS)
    if measure or rest in _MEASURING_VERBS or rest.startswith(("完成", "累计", "实现", "总投资", "计划投资")):
        return rest, rest_start
    return name, name_start


def _has_verb(name: str) -> bool:
    """Whether a verb governs the rest of the name (下步计划完成村内 → the figure is the object's)."""
    return any(
        name[i : i + 2] in lexicon.LEFT_STOPS and name[i : i + 2] not in lexicon.NAME_INTERNAL
        for i in range(len(name) - 1)
    )


def _counts_a_list(text: str, start: int, floor: int) -> bool:
    """文章、福建等4条示范村: the figure counts the areas listed before it, it measures nothing."""
    cut = max(text.rfind(mark, floor, start) for mark in "，；：。")
    before = text[max(cut + 1, floor) : start]
    counted_areas = re.match(r"[0-9]+[个条座](?:[\u4e00-\u9fff]{0,2})?(?:行政村|自然村|村|镇|街道|社区)", text[start:])
    return "、" in before and not re.search(r"\d", before) and bool(counted_areas)


def _list_item(text: str, name: str, name_start: int, floor: int) -> bool:
    """马安 in 小金口、水口、马安4个镇: a short item of a list whose other items carry no figure."""
    if len(name) > 3 or name_start <= floor or text[name_start - 1] != "、":
        return False
    previous = text[max(floor, text.rfind("、", floor, name_start - 1) + 1) : name_start - 1]
    return not re.search(r"\d", previous)


def _indicator_after(text: str, end: int, sentence: Span) -> tuple[str, int]:
    """The noun after a count: 121场特色活动 → 特色活动."""
    stop = clause_end(text, end, sentence[1])
    quoted = re.match(rf"“([{CJK}]{{2,10}})”(?:[，。；、！？]|$)", text[end : sentence[1]])
    if quoted:
        return quoted.group(1), end + 1  # 建成500平方米“四小园”
    match = re.match(rf"[{CJK}]{{2,10}}", text[end:stop])
    if not match or re.match("以上|左右|多|余|的|是|之|和|与|及|等|到|至|增|在|为|以", match.group()):
        return "", end
    words = match.group()
    if _PREDICATE.match(words) or re.search("亿元|万元", words):
        return "", end  # 10个达到…标准: a verb follows, the figure counts what came before
    name = re.split("的|和|与|及|等|在|已|正|将|均|全部|分别|中|得到|进展|建成|已经", words)[0]
    verb = _PREDICATE.search(name, 2)
    # 3户家庭获评为…: the noun ends where a verb begins.
    name = name[: verb.start()] if verb else name
    if len(name) == 10 and re.match(rf"[{CJK}]", text[end + 10 : stop]):
        return "", end  # 改造土鸡养殖场改善生产环境: the clause runs on, no noun ends here
    return strip_words(name, end)


def _is_heading_line(text: str, sentence: Span) -> bool:
    line_start = text.rfind("\n", 0, sentence[0]) + 1
    line_end = text.find("\n", sentence[1])
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    return 0 < len(line) <= 30 and not re.search("[。；]", line[:-1])


def find_figures(
    text: str, sentences: list[Span], year: int | None, areas: list[Span] = (), names: list[Span] = ()
) -> list[Figure]:
    """Every figure of the text, sentence by sentence.

    ``areas`` are spans of area names (stripped from an indicator's start); ``names`` are
    spans of projects, bodies and places (an indicator's name starts after them).
    """
    areas = sorted(areas)
    names = sorted(names)
    figures: list[Figure] = []
    # A period carries over to the next sentences of its paragraph (一季度…。全区实现…).
    # A short heading line with a period (2024年：砥砺前行) sets it for the paragraphs below.
    carried: str | None = None
    heading: str | None = None
    last_end = 0
    thought_start = 0  # index of the first figure since the last 。 (clauses joined by ； share ranks)
    for sentence in sentences:
        s_text = text[sentence[0] : sentence[1]]
        periods = [Period(p.start + sentence[0], p.end + sentence[0], p.iso) for p in find_periods(s_text, year)]
        if "\n" in text[last_end : sentence[0]]:
            if _is_heading_line(text, sentence):
                heading = periods[0].iso if periods else None
            carried = heading
        last_end = sentence[1]
        if not re.search(r"\d|\*", s_text) and not RANK_RE.search(s_text):
            carried = periods[-1].iso if periods else carried
            if not s_text.endswith("；"):
                thought_start = len(figures)
            continue
        growths = sorted(
            [
                *GROWTH_RE.finditer(text, sentence[0], sentence[1]),
                *GROWTH_AFTER_RE.finditer(text, sentence[0], sentence[1]),
            ],
            key=lambda m: m.start(),
        )
        ranks = list(RANK_RE.finditer(text, sentence[0], sentence[1]))
        used: list[Span] = [(m.start(), m.end()) for m in growths] + [(p.start, p.end) for p in periods]
        # 完成*片区管网…: a redacted name (*片区, X村) is no figure.
        used += [(m.start(), m.end()) for m in MASKED_AREA.finditer(text, sentence[0], sentence[1])]
        values: list[Value] = []
        for match in VALUE_RE.finditer(text, sentence[0], sentence[1]):
            if any(s <= match.start("num") < e for s, e in used):
                continue
            if not (match.group("unit") or match.group("mult")):
                continue
            if match.start() > 0 and re.match(r"[A-Za-z]", text[match.start() - 1]):
                continue
            if _NOT_A_FIGURE_AFTER.match(text[match.end() : match.end() + 4]) and not match.group("unit"):
                continue
            if (
                match.group("unit")
                and _NOT_A_FIGURE_AFTER.match(text[match.end("num") + len(match.group("mult") or "") :][:2])
                and match.group("unit") in ("年", "月")
            ):
                continue
            values.append(parse_value(match))
        anchors: list[tuple[int, int, Value | None]] = [(v.start, v.end, v) for v in values]
        for growth in growths:
            # 接待游客同比增长110.23%: a growth with a name of its own is a figure of its own.
            name, _ = _indicator_before(text, growth.start(), sentence, periods, areas)
            in_clause = any(clause_start(text, growth.start(), sentence[0]) <= v.start < growth.start() for v in values)
            if len(name) >= 2 and not in_clause:
                anchors.append((growth.start(), growth.start(), None))
        for rank in ranks:
            # 群众安全感测评排名全市第一: a rank with a name and no figure in its clause is a figure of its own.
            begin = clause_start(text, rank.start(), sentence[0])
            if any(begin <= a_start <= rank.start() for a_start, _, _ in anchors) or "均" in rank.group():
                continue
            if _is_heading_line(text, sentence):
                continue  # a headline's rank is told again, with its figure, in the text below
            name, _ = _indicator_before(text, rank.start(), sentence, periods, areas)
            if len(name) >= 2 and not name.startswith(_SEVERAL):  # 多项经济指标: which ones is not said
                anchors.append((rank.start(), rank.start(), None))
        anchors.sort(key=lambda a: a[0])
        sentence_figures: list[Figure] = []
        shared_verb = ""
        for i, (start, end, value) in enumerate(anchors):
            next_start = anchors[i + 1][0] if i + 1 < len(anchors) else sentence[1]
            value_spans = [(v.start, v.end) for v in values]
            name, name_start = _indicator_before(text, start, sentence, periods, areas, value_spans)
            name, name_start = _after_named_thing(text, name, name_start, names)
            span = (name_start, name_start + len(name))
            if _list_item(text, name, name_start, sentence[0]) or _counts_a_list(text, start, sentence[0]):
                continue
            after, after_start = _indicator_after(text, end, sentence) if value is not None else ("", end)
            people = value is not None and value.unit in ("人", "人次", "名")
            if len(after) >= 2 and not people:
                adjacent = 2 <= len(name) <= 4 and name_start + len(name) == start
                verb = name if adjacent and name not in lexicon.INDICATOR_LEFT_STRIP else ""
                if not verb and text[start - 1 : start] == "、" and shared_verb:
                    verb, name = shared_verb, ""  # 开工改造86个项目、224个小区: one verb, two counts
                if verb:
                    shared_verb = verb
                if after in _BARE_NOUNS and not verb:
                    pass  # 9个项目: a bare noun alone names nothing; keep the name before
                elif value.base_unit == "count" and value.unit and value.unit[0] not in "万亿":
                    # 开工改造86个项目: the thing counted names the figure, with a short verb before it.
                    name, name_start = verb + after, after_start
                    span = (after_start, after_start + len(after))
                elif len(name) < 2 or _has_verb(name) or any(a_end == start for _, a_end in areas):
                    # 盘活那利村70多亩鱼塘资源: what is measured follows the figure.
                    name, name_start = after, after_start
                    span = (after_start, after_start + len(after))
            if (
                len(name) < 2
                and sentence_figures
                and sentence_figures[-1].evidence[1] >= clause_start(text, start, sentence[0])
            ):
                # 收入从2021年的11万元增至2023年的64万元: one indicator, two figures.
                name, span = sentence_figures[-1].indicator, sentence_figures[-1].indicator_span
                name_start = span[0]
            if len(name) < 2 or len(name) > 24 or name.endswith(_PLAN_ITEMS) or "+" in text[start - 1 : end + 1]:
                continue  # 49项重点工作, 1个指挥办+7个专班: how work is organised, not what it achieved
            growth_pct, growth_masked = None, False
            for growth in growths:
                if (value is not None and end <= growth.start() < next_start) or (
                    value is None and growth.start() == start
                ):
                    growth_pct, growth_masked = parse_growth(growth)
                    break
            rank = None
            for match in ranks:
                if end <= match.start() < next_start:
                    rank = match.group()
            if value is None and growth_pct is None and not growth_masked:
                rank = next((m.group() for m in ranks if m.start() == start), rank)
            period = carried
            for p in periods:
                if p.start < start:
                    period = p.iso
            evidence_end = max(end, clause_end(text, end, next_start) if next_start > end else end)
            figure = Figure(
                name, span, value, growth_pct, growth_masked, period, rank, (min(name_start, start), evidence_end)
            )
            sentence_figures.append(figure)
        # 两项增速均居全市第一: a shared rank applies to every figure before it, back through
        # the clauses joined by ；.
        shared = [m for m in ranks if "均" in m.group() or "均" in text[max(sentence[0], m.start() - 3) : m.start()]]
        figures.extend(sentence_figures)
        joined = figures[thought_start:]
        for match in shared:
            rank = match.group().replace("均", "").replace("居", "")
            for i, f in enumerate(joined):
                if not f.rank and f.evidence[0] < match.start():
                    joined[i] = replace(f, rank=rank)
        figures[thought_start:] = joined
        if not text[sentence[0] : sentence[1]].endswith("；"):
            thought_start = len(figures)
        if periods:
            carried = periods[-1].iso
    return figures
