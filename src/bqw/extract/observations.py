"""Observations: every figure with the indicator it measures, growth, period and rank."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bqw.extract import lexicon
from bqw.extract.numbers import (
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
_NOT_A_FIGURE_AFTER = re.compile(r"^(?:年|月|日|号|时|届|周年|批|期|岁|倍|多年|余年|个月|天|小时|分钟|号线|线|级|星|A|类|大|项工程)")
_AREA_WORDS = re.compile(rf"^(?:全区|全镇|全县|全市|全省|全村|我区|我镇|我县|我市|本区|本镇|该村|该镇|各村)")


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


def strip_words(name: str, start: int) -> tuple[str, int]:
    """Remove period, area and verb words around an indicator name; return it and its start."""
    changed = True
    while changed and name:
        changed = False
        area = _AREA_WORDS.match(name)
        if area:
            name, start, changed = name[area.end():], start + area.end(), True
        for word in sorted(lexicon.INDICATOR_LEFT_STRIP, key=len, reverse=True):
            if name.startswith(word) and len(name) > len(word):
                name, start, changed = name[len(word):], start + len(word), True
                break
        for word in sorted(lexicon.INDICATOR_RIGHT_STRIP, key=len, reverse=True):
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


def _indicator_before(text: str, start: int, sentence: Span, periods: list[Period]) -> tuple[str, int]:
    begin = clause_start(text, start, sentence[0])
    for period in periods:
        if begin <= period.end <= start:
            begin = max(begin, period.end)
    raw = text[begin:start]
    # Only the name-like tail: stop at the last non-name character.
    tail = re.search(rf"[{CJK}A-Za-z0-9*+·]+$", raw)
    if not tail:
        return "", start
    name, name_start = strip_words(tail.group(), begin + tail.start())
    return name, name_start


def _indicator_after(text: str, end: int, sentence: Span) -> tuple[str, int]:
    stop = clause_end(text, end, sentence[1])
    match = re.match(rf"[{CJK}]{{2,10}}", text[end:stop])
    if not match:
        return "", end
    name = re.split("的|和|与|及|等|，|在|已|正|将|均|全部|分别", match.group())[0]
    return name, end


def find_figures(text: str, sentences: list[Span], year: int | None) -> list[Figure]:
    figures: list[Figure] = []
    for sentence in sentences:
        s_text = text[sentence[0]:sentence[1]]
        if not re.search(r"\d|\*", s_text):
            continue
        periods = [Period(p.start + sentence[0], p.end + sentence[0], p.iso) for p in find_periods(s_text, year)]
        growths = list(GROWTH_RE.finditer(text, sentence[0], sentence[1]))
        ranks = list(RANK_RE.finditer(text, sentence[0], sentence[1]))
        used: list[Span] = [(m.start(), m.end()) for m in growths] + [(p.start, p.end) for p in periods]
        values: list[Value] = []
        for match in VALUE_RE.finditer(text, sentence[0], sentence[1]):
            if any(s <= match.start("num") < e for s, e in used):
                continue
            if not (match.group("unit") or match.group("mult")):
                continue
            if match.start() > 0 and re.match(r"[A-Za-z]", text[match.start() - 1]):
                continue
            if _NOT_A_FIGURE_AFTER.match(text[match.end():match.end() + 4]) and not match.group("unit"):
                continue
            if match.group("unit") and _NOT_A_FIGURE_AFTER.match(text[match.end("num") + len(match.group("mult") or ""):][:2]) and match.group("unit") in ("年", "月"):
                continue
            values.append(parse_value(match))
        anchors: list[tuple[int, int, Value | None]] = [(v.start, v.end, v) for v in values]
        for growth in growths:
            # 接待游客同比增长110.23%: a growth with a name of its own is a figure of its own.
            name, _ = _indicator_before(text, growth.start(), sentence, periods)
            in_clause = any(clause_start(text, growth.start(), sentence[0]) <= v.start < growth.start() for v in values)
            if len(name) >= 2 and not in_clause:
                anchors.append((growth.start(), growth.start(), None))
        anchors.sort(key=lambda a: a[0])
        sentence_figures: list[Figure] = []
        for i, (start, end, value) in enumerate(anchors):
            next_start = anchors[i + 1][0] if i + 1 < len(anchors) else sentence[1]
            name, name_start = _indicator_before(text, start, sentence, periods)
            if len(name) < 2 and value is not None:
                name, name_start = _indicator_after(text, end, sentence)
            if len(name) < 2 or len(name) > 24:
                continue
            growth_pct, growth_masked = None, False
            for growth in growths:
                if (value is not None and end <= growth.start() < next_start) or (value is None and growth.start() == start):
                    growth_pct, growth_masked = parse_growth(growth)
                    break
            rank = None
            for match in ranks:
                if end <= match.start() < next_start:
                    rank = match.group()
            period = None
            for p in periods:
                if p.start < start:
                    period = p.iso
            evidence_end = max(end, clause_end(text, end, next_start) if next_start > end else end)
            figure = Figure(name, (name_start, name_start + len(name)), value, growth_pct, growth_masked, period,
                            rank, (min(name_start, start), evidence_end))
            sentence_figures.append(figure)
        # 两项增速均居全市第一: a shared rank applies to every figure before it.
        for match in ranks:
            if "均" in match.group() or "均" in text[max(sentence[0], match.start() - 3):match.start()]:
                sentence_figures = [
                    f if f.rank or f.evidence[0] > match.start() else
                    Figure(f.indicator, f.indicator_span, f.value, f.growth_pct, f.growth_masked, f.period,
                           match.group().replace("均", "").replace("居", ""), f.evidence)
                    for f in sentence_figures
                ]
        figures.extend(sentence_figures)
    return figures
