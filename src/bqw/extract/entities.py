"""Entity mentions: administrative areas from the official division table, names found by
their type suffix and extended leftwards to a word boundary, quoted terms, organisations
built from a level and a body, honours after award verbs, and references to the reporting
area (``全区``, ``我镇``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from bqw.extract import lexicon
from bqw.extract.divisions import Gazetteer
from bqw.extract.names import (
    AMBIGUOUS_CITY_SHORTS,
    AREA_SUFFIX,
    AREA_WORD_BEFORE,
    CJK,
    CLOSE_QUOTES,
    DOCUMENT_ENDINGS,
    HONOUR_LEVELS,
    INVERTIBLE,
    LIST_HEAD_MODIFIERS,
    LIST_RE,
    LISTED_FIRMS,
    MASKED_AREA,
    MAX_STEM,
    NOT_VILLAGE_ENDINGS,
    OPEN_QUOTES,
    POLICY_ENDINGS,
    POLICY_VERBS,
    QUOTE_CHARS,
    QUOTED_POLICY_SUFFIXES,
    REFERENCE,
    SOFT_NAMED,
    Mention,
    acceptable,
    clean_label,
    is_area,
    is_name_char,
    plausible_area,
    prefer_level,
    scan_left,
)

__all__ = ["Mention", "Recogniser", "clean_label", "is_area"]

# 等14个投资过亿元的项目, 等重大项目: what comes before is an example of the projects counted.
_PROJECTS_AFTER = re.compile(rf"等[0-9一二三四五六七八九十多余]*[个项批]?[{CJK}0-9.]{{0,10}}?项目")
_SITES = ("Place", "Zone", "Organization")


def _made_of(text: str, words: frozenset[str]) -> bool:
    """Whether ``text`` is a run of ``words`` only (longest word first at each position)."""
    pos = 0
    while pos < len(text):
        length = next((n for n in range(min(len(text) - pos, 4), 0, -1) if text[pos : pos + n] in words), 0)
        if not length:
            return False
        pos += length
    return bool(text)


def _list_items(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """The spans of the items of ``A、B（注）、C`` between ``begin`` and ``end``, notes in brackets left out."""
    items = []
    start = begin
    depth = 0
    for pos in range(begin, end + 1):
        ch = text[pos] if pos < end else "、"
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        elif ch == "、" and depth <= 0:
            item_end = pos
            note = re.search(r"[（(][^（）()]*[）)]$", text[start:item_end])
            items.append((start, item_end - (len(note.group()) if note else 0)))
            start = pos + 1
    return items


class Recogniser:
    """Finds mentions in one normalised text."""

    def __init__(self, text: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.gaz = gazetteer
        self.mentions: list[Mention] = []

    def add(
        self, start: int, end: int, type_: str, rule: str, code: str | None = None, label: str | None = None
    ) -> None:
        raw = label if label is not None else clean_label(self.text[start:end])
        if raw:
            self.mentions.append(Mention(start, end, type_, raw, rule, code))

    # -- areas -------------------------------------------------------------------------
    def areas(self) -> None:
        text = self.text
        for match in re.finditer("村|镇|乡|街道|社区|区|县|市|省", text):
            suffix, end = match.group(), match.end()
            best = None
            for length in range(min(self.gaz.max_name, end), len(suffix) + 1, -1):
                name = text[end - length : end]
                divisions = self.gaz.by_name.get(name)
                if divisions and not (
                    suffix == "村" and len(name) < 3 and end - length > 0 and is_name_char(text[end - length - 1])
                ):
                    best = (end - length, divisions)
                    break
            if best is None:
                continue
            start, divisions = best
            levels = {d.level for d in divisions}
            type_ = divisions[0].level if len(levels) == 1 else prefer_level(levels)
            if text[start:end] in lexicon.GENERIC or not plausible_area(text[start:end], type_):
                continue  # 新农村 and 街道社区 are official names somewhere, but mostly generic words
            if type_ in ("Village", "Community") and not self._bounded_left(start):
                # 迈埚二桥村 holds the listed 二桥村; 富民兴村 is a slogan, not 民兴村.
                wider = scan_left(text, start, 3, max(0, start - 2))
                if (
                    wider < start
                    and self._bounded_left(wider)
                    and not re.search("[镇区县市村乡]", text[wider:start])
                    and text[start - 1] not in NOT_VILLAGE_ENDINGS
                ):
                    self.add(wider, end, type_, "suffix")
                continue
            self.add(start, end, type_, "division", divisions[0].code if len(divisions) == 1 else None)
        self._short_areas()
        for match in MASKED_AREA.finditer(text):
            type_ = "Zone" if match.group(1) == "片区" else AREA_SUFFIX[match.group(1)]
            self.add(match.start(), match.end(), type_, "masked")
        self._suffix_areas()

    def _short_areas(self) -> None:
        """云浮罗定, 湛江赤坎: city and county names without their suffix, next to another area name."""
        text = self.text
        title_end = text.find("\n") if "\n" in text else len(text)
        for short, divisions in self.gaz.by_short.items():
            start = text.find(short)
            while start >= 0:
                end = start + len(short)
                after = text[end : end + 1]
                ends_word = (
                    not after
                    or not is_name_char(after)
                    or after in lexicon.LEFT_STOPS
                    or text[end : end + 2] in lexicon.LEFT_STOPS
                )
                starts_word = start == 0 or not is_name_char(text[start - 1])
                after_verb = any(text[max(0, start - n) : start] in lexicon.LEFT_STOPS for n in (1, 2))
                city = all(d.level == "City" for d in divisions) and short not in AMBIGUOUS_CITY_SHORTS
                accepted = (
                    self._area_at(end, forward=True)  # 云浮罗定: a chain goes on
                    or (self._area_at(start, forward=False) and ends_word)  # …湛江赤坎，
                    or (start < title_end and starts_word)  # a headline names its place short
                    or (city and (starts_word or after_verb) and after not in "湾路街道桥港")  # 在广州召开, not 广州湾
                    # 惠城实施…, where the report also names 惠城区 in full: the short name is that area.
                    or (starts_word and ends_word and any(d.name in text for d in divisions))
                )
                # 某坎镇 is a town of its own, not the county 某坎 (市、区) followed by a town.
                if after not in ("市", "县", "区", "省", "自", "镇", "乡", "街", "村") and accepted:
                    code = divisions[0].code if len(divisions) == 1 else None
                    self.add(start, end, divisions[0].level, "division", code)
                start = text.find(short, end)

    def _area_at(self, pos: int, forward: bool) -> bool:
        """Whether an area name starts (``forward``) or ends at ``pos``."""
        text = self.text
        for divisions in (self.gaz.by_short, self.gaz.by_name):
            for length in range(2, 6):
                piece = text[pos : pos + length] if forward else text[max(0, pos - length) : pos]
                if piece in divisions:
                    return True
        return False

    def _suffix_areas(self) -> None:
        """Village, community and subdistrict names missing from the division table.

        Only where the name is clearly bounded on its left: a punctuation mark, a higher
        area's name (岭北镇田增村), or a verb; towns always come from the table.
        """
        text = self.text
        # Every subdistrict and town is in the official table; only villages and communities
        # (natural villages, new names) are found by their suffix alone.
        for match in re.finditer("(村|社区)(?![委民镇庄晚前内级容貌集组干道居务落头口里局])", text):
            suffix = match.group(1)
            type_ = AREA_SUFFIX[suffix]
            limit = 4 if suffix == "街道" else 3
            start = scan_left(text, match.start(), limit + 1, max(0, match.start() - limit - 5))
            stem = text[start : match.start()]
            inner = re.search("[镇区县市省村乡道]", stem[::-1])
            if inner:
                # 东新街道南柳中村: the name starts after the higher area's name.
                start = match.start() - inner.start()
                stem = text[start : match.start()]
            if not (2 <= len(stem) <= limit and re.fullmatch(rf"[{CJK}]+", stem)):
                continue
            if (
                re.search("[镇区县市省村乡道]", stem)
                or stem in lexicon.NAME_INTERNAL
                or stem in lexicon.GENERIC
                or (suffix == "村" and stem[-1] in NOT_VILLAGE_ENDINGS)
            ):
                continue
            if not self._bounded_left(start):
                continue
            label = stem + suffix
            if acceptable(label, type_) and label not in lexicon.GENERIC:
                self.add(start, match.end(), type_, "suffix")

    def _bounded_left(self, start: int) -> bool:
        """A name starts at ``start`` when punctuation, a stop word or an area name precedes it."""
        text = self.text
        if start == 0 or not is_name_char(text[start - 1]) or text[start - 1] in QUOTE_CHARS:
            return True
        if any(text[max(0, start - n) : start] in lexicon.LEFT_STOPS for n in (1, 2, 3, 4)):
            return True
        if AREA_WORD_BEFORE.search(text, max(0, start - 3), start):
            return True  # 该镇新圩村, 全县白莲村: a reference to an area ends right here
        return any(text[max(0, start - n) : start] in self.gaz.by_name for n in range(2, 8))

    def references(self, area_label: str | None, area_type: str | None) -> None:
        """全区, 我镇, 本县: the reporting area named by its level (全市 only for a county-level city)."""
        for match in REFERENCE.finditer(self.text):
            word = match.group(1)
            if area_label and area_type and (AREA_SUFFIX.get(word) == area_type or area_label.endswith(word)):
                self.add(match.start(), match.end(), "@report", "reference")

    def shared_heads(self) -> None:
        """``东岸、西岸等4条示范村`` → 东岸村, 西岸村: the names of a list share its head ``村``."""
        text = self.text
        for match in LIST_RE.finditer(text):
            parts = match.group(1).rstrip("、").split("、")
            tail = match.group(2)
            head = re.search(r"(行政村|自然村|村|镇|社区|街道)", tail)
            if not head:
                continue
            suffix = head.group(1)[-1] if head.group(1).endswith("村") else head.group(1)
            width = min(len(p) for p in parts if p.strip("*")) if any(p.strip("*") for p in parts) else 1
            # The last item runs to the count (河南岸6个街道) or, with none, is as wide as the others.
            last = re.match(rf"[{CJK}*]{{1,4}}?(?=等|[0-9一二两三四五六七八九十]+[个条座])", tail) or re.match(
                rf"[{CJK}*]{{1,{max(width, 1)}}}", tail
            )
            if not last:
                continue
            parts.append(last.group())
            between = tail[len(last.group()) : head.start()]
            # The count must lead straight to the head (4条示范村), not be a figure of its own (30余人次对村前).
            counted = bool(
                re.fullmatch(rf"等?[0-9一二两三四五六七八九十]*(?:个|条|座)?(?:{LIST_HEAD_MODIFIERS})*", between)
            )
            counted = counted and bool(between)
            type_ = AREA_SUFFIX["村" if suffix == "村" else suffix]
            first_end = match.start(1) + len(parts[0])
            longest = max((len(p) for p in parts[1:]), default=3)
            first_start = max(scan_left(text, first_end, 3, match.start(1)), first_end - longest)
            for wider in range(first_end - 4, first_start):  # 小金口 where the others are two characters
                if wider >= match.start(1) and any(
                    text[wider:first_end] + x in self.gaz.by_name for x in ("镇", "街道", "村")
                ):
                    first_start = wider
                    break
            parts[0] = text[first_start:first_end]
            known = sum(1 for p in parts if p + suffix in self.gaz.by_name or not p.strip("*"))
            after_area = any(text[max(0, first_start - n) : first_start] in self.gaz.by_name for n in range(2, 6))
            if not counted and not after_area and known * 2 < len(parts):
                continue
            county = self._common_county(parts, suffix)
            offset = first_start
            for part in parts:
                begin = offset
                offset += len(part) + 1
                if (
                    part
                    and not part.endswith(suffix)
                    and len(part) <= 3
                    and part not in lexicon.GENERIC
                    and (not part.strip("*") or len(part) >= 2)
                ):
                    # A redacted item's evidence runs to the shared head that names its kind.
                    end = begin + len(part) if part.strip("*") else match.start(2) + head.end()
                    item_suffix, item_type = suffix, type_
                    if suffix == "镇":  # 小金口、水口…4个镇(街道): towns and subdistricts of one county
                        options = [x for x in ("镇", "街道") if self._in_county(part + x, county)]
                        if options and suffix not in options:
                            item_suffix, item_type = options[0], AREA_SUFFIX[options[0]]
                    self.add(begin, end, item_type, "list", label=part + item_suffix)

    def _common_county(self, parts: list[str], suffix: str) -> str | None:
        """The county that holds most of the listed names, by their official codes."""
        counts: Counter[str] = Counter()
        heads = ("镇", "街道", "乡") if suffix == "镇" else (suffix,)
        for part in parts:
            counties = {d.code[:6] for head in heads for d in self.gaz.by_name.get(part + head, ())}
            counts.update(counties)
        return counts.most_common(1)[0][0] if counts else None

    def _in_county(self, name: str, county: str | None) -> bool:
        return any(county is None or d.code.startswith(county) for d in self.gaz.by_name.get(name, ()))

    # -- named things by suffix -------------------------------------------------------------
    def suffixed(self) -> None:
        """Names ending in a type suffix (项目, 片区, 指挥部…), extended left to a boundary."""
        text = self.text
        by_end: dict[int, str] = {}
        for suffix in lexicon.SUFFIXES:
            if lexicon.SUFFIX_TYPES[suffix] == "Honor":
                continue
            for match in re.finditer(re.escape(suffix), text):
                if len(suffix) > len(by_end.get(match.end(), "")):
                    by_end[match.end()] = suffix
        last: dict[str, tuple[int, int]] = {}
        # “保老城再现古镇辉煌，建新区融合产业发展”: a quoted slogan of clauses names no place.
        slogans = [
            (m.start(), m.end())
            for m in re.finditer(r"“[^“”\n]{0,30}[，,；][^“”\n]{0,30}”", text)
            if not re.search("[:：说道]$", text[max(0, m.start() - 1) : m.start()])
        ]
        for suffix_end in sorted(by_end):
            index = bisect_left(slogans, (suffix_end,)) - 1  # quotes do not nest: only the one opened last can hold it
            if index >= 0 and suffix_end < slogans[index][1]:
                continue
            suffix = by_end[suffix_end]
            suffix_start = suffix_end - len(suffix)
            # 扩大会议: 大会 inside a longer suffix that ends one or two characters later is no suffix.
            if any(
                0 < e - suffix_end <= 2 and e - len(by_end[e]) < suffix_end
                for e in (suffix_end + 1, suffix_end + 2)
                if e in by_end
            ):
                continue
            type_ = lexicon.SUFFIX_TYPES[suffix]
            # A name holds its suffix once: the left scan stops at the previous name of the same kind,
            # unless the new name runs straight on from it (岭南师范学院美术学院).
            previous_start, previous_end = last.get(suffix, (0, 0))
            floor = max(0, suffix_start - 40, previous_end)
            stops = lexicon.LEFT_STOPS if type_ in SOFT_NAMED else lexicon.STRICT_STOPS
            start = scan_left(text, suffix_start, MAX_STEM[type_], floor, stops)
            if type_ == "Event":
                start = self._joint_meeting(start, floor, stops)
            if start == previous_end and previous_end and start < suffix_start:
                start = previous_start
            last[suffix] = (start, suffix_end)
            end = suffix_end
            # 科技产业园一期 / 项目(一期): a phase after the suffix belongs to the name.
            phase = re.match(r"[一二三四五六七八九十\d]期(?:项目|工程)?", text[end:])
            if phase and type_ in ("Place", "Project"):
                if type_ == "Place" and acceptable(clean_label(text[start:end]), type_):
                    self.add(start, end, type_, "suffix")  # 科技产业园 itself, beside 科技产业园一期.
                end += phase.end()
                type_ = "Project"
            label = clean_label(text[start:end])
            if start == suffix_start and not (start > 0 and text[start - 1] in CLOSE_QUOTES):
                continue
            if acceptable(label, type_, text[start] in OPEN_QUOTES) and self._plausible(
                label, label[: len(label) - len(suffix)], suffix, start, end
            ):
                # 百千万工程, 三项工程: a work named by numbers is a programme, not a building site.
                if suffix == "工程" and re.fullmatch(r"[一二三四五六七八九十百千万两0-9+]+", label[:-2]):
                    type_ = "Policy"
                self.add(start, end, type_, "suffix")

    def _joint_meeting(self, start: int, floor: int, stops: frozenset[str]) -> int:
        """某某工作会议暨深入实施某某推进会: two meetings held as one are one event, named from the first."""
        text = self.text
        joint = text.rfind("暨", max(floor, start - 7), start)
        if joint <= floor or not re.fullmatch(rf"[{CJK}]{{0,6}}", text[joint + 1 : start]):
            return start
        if not text.endswith(("会议", "大会", "会"), floor, joint):
            return start
        return scan_left(text, joint, MAX_STEM["Event"], floor, stops)

    def _plausible(self, label: str, stem: str, suffix: str, start: int, end: int) -> bool:
        """Suffix names that are too generic or too short to be names are left out."""
        if re.search(r"\d+(?:多|余)?[个项条家亩米座户]", label):
            return False  # 改造14个项目 is a count, not a name.
        if lexicon.SUFFIX_TYPES[suffix] == "Policy" and "、" in label:
            return False  # “产、城、人、文”深度融合发展新模式: a slogan, not a programme's name
        if suffix in QUOTED_POLICY_SUFFIXES and not re.search(
            rf"[{QUOTE_CHARS}0-9]", self.text[start : start + len(label) + 4]
        ):
            return False  # 管理体系, 合作模式: only a quoted programme (“1+2+4”现代化都市产业体系) is named this way
        if suffix == "项目" and len(stem) < 4 and not re.search(r"[\d期村镇区县街道片园]", stem):
            return False
        if suffix == "项目" and _made_of(stem, lexicon.PROJECT_MODIFIERS):
            return False  # 示范精品项目, 园区首单落地项目: a kind of project, not one
        if suffix in ("开发", "改造") and (
            stem in lexicon.LEFT_STOPS or not re.search("[区岛湾村镇地园港河楼房路街巷院所]$", stem)
        ):
            return False  # 房地产开发, 开工改造: an activity, not a named work
        if label.endswith(lexicon.NOT_ORG_ENDINGS):
            return False
        after = self.text[start + len(label) : start + len(label) + 2]
        if (
            suffix in lexicon.COMPANY_SUFFIXES
            and after
            and is_name_char(after[0])
            and not (after[0] in lexicon.LEFT_STOPS or after in lexicon.LEFT_STOPS)
            and not self.text.startswith(lexicon.MEASURE_NOUNS, start + len(label))
        ):
            return False  # 荔枝科技产业: the suffix word runs on into a longer phrase
        if len(suffix) == 1 and is_name_char(self.text[start + len(label) : start + len(label) + 1] or "，"):
            following = self.text[start + len(label)]
            if following not in lexicon.LEFT_STOPS:
                return False  # 二桥村: the one-character suffix runs on into another name
        if lexicon.SUFFIX_TYPES[suffix] == "Event" and re.match(
            "中心|室|站|场所|阵地|基地|场地|广场|场景", self.text[start + len(label) : start + len(label) + 2]
        ):
            return False  # 居家养老活动中心 is a place, not an event
        if lexicon.SUFFIX_TYPES[suffix] == "Policy" and self.text.startswith(
            (*lexicon.MEASURE_NOUNS, "投资", "总投资"), end
        ):
            return False  # 某某规划面积, 计划投资: the word measures something, it names no plan
        if suffix == "节":
            return 2 <= len(stem) <= 10 and self._bounded_left(start)  # 第三届客家山歌节
        if len(suffix) == 1:
            # 龙须溪, 西江河: short stems, bounded, and not a place name's short form.
            return 2 <= len(stem) <= 3 and self._bounded_left(start) and label not in self.gaz.by_short
        return True

    def listed_companies(self) -> None:
        """富马、鑫达等47家规上企业: the names listed before a count of firms are firms."""
        text = self.text
        for match in LISTED_FIRMS.finditer(text):
            offset = match.start(1)
            parts = match.group(1).split("、")
            first_end = offset + len(parts[0])
            first_start = scan_left(text, first_end, 6, offset, lexicon.STRICT_STOPS)
            parts[0], offset = text[first_start:first_end], first_start
            for part in parts:
                if 2 <= len(part) <= 6 and part not in lexicon.GENERIC:
                    self.add(offset, offset + len(part), "Organization", "list")
                offset += len(part) + 1

    def listed_projects(self) -> None:
        """某某医院、某某大道等项目建设: sites and bodies listed as examples of projects are the projects."""
        text = self.text
        by_end = {m.end: m for m in self.mentions if m.type in _SITES and m.rule in ("suffix", "org")}
        for match in _PROJECTS_AFTER.finditer(text):
            begin = max(text.rfind(mark, 0, match.start()) for mark in "，。；：！？\n") + 1
            for start, end in _list_items(text, begin, match.start()):
                m = by_end.get(end)
                if m is not None and m.start >= start and not m.label.endswith((*lexicon.COMPANY_SUFFIXES, "公司")):
                    # 洽谈某某药业等9个项目: a firm is the investor; 已完成某某医院: the verb opens the list
                    self.mentions.remove(m)
                    self.mentions.append(Mention(m.start, end, "Project", m.label, "listed-project"))

    def inversions(self) -> None:
        """改造老旧小区 names the project 老旧小区改造 found elsewhere: verb and object swap places."""
        text = self.text
        for m in [m for m in self.mentions if m.type == "Project"]:
            for verb in INVERTIBLE:
                stem = m.label.removesuffix(verb)
                if stem == m.label or len(stem) < 3:
                    continue
                for found in re.finditer(re.escape(verb + stem), text):
                    begin = found.start() + len(verb)
                    self.add(begin, begin + len(stem), "Project", "inverted", label=m.label)

    def organisations(self) -> None:
        levels = "|".join(lexicon.ORG_LEVELS)
        bodies = "|".join(sorted(lexicon.ORG_BODIES, key=len, reverse=True))
        for match in re.finditer(rf"(?:{levels})(?:{bodies})", self.text):
            if match.group() in lexicon.GENERIC:
                continue
            start = match.start()
            for length in range(6, 1, -1):
                stem = self.text[max(0, start - length) : start]
                if stem in self.gaz.by_short or stem in self.gaz.by_name:
                    start -= length
                    break
            self.add(start, match.end(), "Organization", "org")
        for name in lexicon.MEDIA:
            for match in re.finditer(re.escape(name), self.text):
                self.add(match.start(), match.end(), "Organization", "org")

    def quoted(self) -> None:
        """Quoted terms: a programme or slogan-turned-policy, or a name whose suffix tells its type.

        Reports also quote rhetoric (“颜值”, “新动能”); a bare quoted term counts as a policy
        only when it looks like one: numbered (“1310”, 三清三拆三整治), long enough to be a
        programme's name, ending like one, or governed by an implementing verb.
        """
        text = self.text
        for match in re.finditer(r"“([^“”\n]{2,24})”|《([^《》\n]{2,40})》|‘([^‘’“”\n]{2,24})’", text):
            inner = match.group(1) or match.group(2) or match.group(3)
            if re.search(r"[，。；！？：]", inner) or re.fullmatch(r"[0-9.%]+", inner):
                continue
            if match.group(2) and inner.endswith(DOCUMENT_ENDINGS):
                continue  # 《…发展报告》 names a document, not a programme
            if re.match(r"(?:的|等)?(?:愿景|定位|目标|理念|思路)", text[match.end() : match.end() + 3]):
                continue  # “某某后花园”的愿景目标: a place a town wants to become is an aim, not a place
            if re.fullmatch(r"[一二三四五六七八九十]{1,2}[·•・.][一二三四五六七八九十]{1,2}", inner):
                continue  # “五·一”: a holiday's date
            type_ = None
            if any(text[max(0, match.start() - len(t)) : match.start()] == t for t in lexicon.AWARD_TRIGGERS):
                type_ = "Honor"  # 获评“全国名特优新农产品”: what an award verb confers is an honour
            for suffix in lexicon.SUFFIXES if type_ is None else ():
                if inner.endswith(suffix):
                    candidate = lexicon.SUFFIX_TYPES[suffix]
                    type_ = candidate if candidate in ("Event", "Organization", "Honor", "Place", "Zone") else "Policy"
                    break
            if type_ is None and re.match("入驻|落户|进驻|签约落户|投资建设", text[match.end() : match.end() + 4]):
                type_ = "Organization"  # 招引“某某文创”入驻…: what moves in is a business
            if type_ is None and text.endswith(lexicon.BUSINESS_NOUNS, 0, match.start()):
                type_ = "Organization"  # 龙头企业“某某源”: a business introduced by what it is
            if type_ is None and not self._policy_like(inner, match.start(), match.end()):
                continue
            self.add(match.start(), match.end(), type_ or "Policy", "quoted")

    def _policy_like(self, inner: str, start: int, end: int) -> bool:
        text = self.text
        # Brands, products and epithets are quoted too: “凤山红灯笼”等特色品种, 素有“七山二水一分田”之称.
        if re.match(
            r"(?:的|等)?[^，。；]{0,8}?(?:品牌|产品|品种|特产|称号|美誉|之称|字号|名片|招牌|景观|景区|公园|基地|地貌|地形)",
            text[end : end + 12],
        ):
            return False
        after = text[end : end + 6].removeprefix("成功")
        if any(after.startswith(t) for t in lexicon.AWARD_TRIGGERS if len(t) >= 2):
            return False  # “海丰油占米”成功斩获…: what wins an award is a product or a body
        # Numbered programmes: “1310”, “1+2+4”, 三清三拆三整治, 七个一 (not “一棵榕树林”, one numeral).
        if (
            re.search(r"[0-9+]", inner)
            or len(re.findall(r"[一二三四五六七八九十百千万两]", inner)) >= 2
            and len(inner) >= 3
        ):
            return True
        if inner.endswith(POLICY_ENDINGS):
            return True
        governed = any(text[max(0, start - n) : start] in POLICY_VERBS for n in (2, 3, 4))
        return governed and len(inner) >= 3 or len(inner) >= 5 and "、" not in inner

    def honours(self) -> None:
        """Names after an award verb up to an honour suffix: 入选广东省“…”首批典型镇村名单."""
        text = self.text
        triggers = "|".join(sorted(lexicon.AWARD_TRIGGERS, key=len, reverse=True))
        suffixes = "|".join(re.escape(s) for s in lexicon.SUFFIXES if lexicon.SUFFIX_TYPES[s] == "Honor")
        pattern = re.compile(
            rf"(?:{triggers})了?([^，。；！？\n、]{{2,40}}?(?:{suffixes}))"
            rf"(?=(?:创建|建设|培育)?(?:名单|称号|荣誉|标准)|[，。；、（）\n]|$|和|等|及|的|创建|以来)"
        )
        # 分别入选全国、全省“四季村晚”示范展示点: one name, one honour per level.
        levels = re.compile(
            rf"(?:{triggers})((?:{HONOUR_LEVELS})(?:、(?:{HONOUR_LEVELS}))+)([^，。；！？\n、]{{2,40}}?(?:{suffixes}))"
        )
        for match in levels.finditer(text):
            offset = match.start(1)
            rest = clean_label(match.group(2))
            for level in match.group(1).split("、"):
                self.add(offset, offset + len(level), "Honor", "honor", label=level + rest)
                offset += len(level) + 1
        follow = re.compile(rf"、([^，。；！？\n、]{{2,40}}?(?:{suffixes}))(?=[，。；、（）\n]|$|等|称号|荣誉)")
        for match in pattern.finditer(text):
            start = match.start(1)
            label = clean_label(match.group(1))
            if acceptable(label, "Honor"):
                self.add(start, match.end(1), "Honor", "honor")
            # 荣获A(…)、B: the honours listed after the first share its verb.
            pos = match.end(1)
            while True:
                skip = re.match(r"（[^（）]{0,12}）", text[pos:])
                nxt = follow.match(text, pos + (skip.end() if skip else 0))
                if not nxt:
                    break
                if acceptable(clean_label(nxt.group(1)), "Honor"):
                    self.add(nxt.start(1), nxt.end(1), "Honor", "honor")
                pos = nxt.end(1)
        title = re.compile(r"“([^“”\n]{2,30})”(?:称号|荣誉称号)")
        for match in title.finditer(text):
            self.add(match.start(), match.end(1) + 1, "Honor", "honor")
