"""Facts between entities: awarded, partOf, locatedIn, implements, organizedBy, investment."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

from bqw.extract import lexicon
from bqw.extract.divisions import Gazetteer
from bqw.extract.entities import Mention, is_area
from bqw.extract.observations import Figure
from bqw.model import Entity, Fact, Span

LEVEL_RANK = {
    "Province": 0,
    "City": 1,
    "County": 2,
    "Town": 3,
    "Subdistrict": 3,
    "Zone": 4,
    "Village": 5,
    "Community": 5,
}
_TRIGGER_AWARD = re.compile("|".join(sorted(lexicon.AWARD_TRIGGERS, key=len, reverse=True)))
_TRIGGER_IMPLEMENT = re.compile("|".join(lexicon.IMPLEMENT_TRIGGERS))
_HERE = ("这里", "此地", "该地", "当地")
_SITUATED = re.compile("位于|坐落于|地处|地处于")
_TRIGGER_ORGANIZE = re.compile("|".join(lexicon.ORGANIZE_TRIGGERS))


class Relator:
    """Collects facts from mentions resolved to entity labels."""

    def __init__(
        self, text: str, mentions: list[Mention], label_of: dict[Span, tuple[str, str]], sentences: list[Span]
    ) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.label_of = label_of
        self.sentences = sentences
        self.facts: dict[tuple[str, str, str], Fact] = {}
        self._starts = [m.start for m in self.mentions]
        self._sentence_starts = [s[0] for s in sentences]

    def add(self, s: str, p: str, o: str, evidence: Span, literal: bool = False) -> None:
        if s != o:
            self.facts.setdefault((s, p, o), Fact(s, p, o, evidence, literal))

    def entity(self, m: Mention) -> tuple[str, str] | None:
        return self.label_of.get((m.start, m.end))

    def sentence_of(self, pos: int) -> Span:
        index = bisect_right(self._sentence_starts, pos) - 1
        if index >= 0 and self.sentences[index][0] <= pos < self.sentences[index][1]:
            return self.sentences[index]
        return (pos, pos)

    def in_span(self, span: Span) -> list[Mention]:
        lo, hi = bisect_left(self._starts, span[0]), bisect_right(self._starts, span[1])
        return [m for m in self.mentions[lo:hi] if m.end <= span[1]]

    def part_of_adjacent(self) -> None:
        """湛江市麻章区, 岭北镇田增村、调丰村: a higher area right before a lower one contains it."""
        areas = [m for m in self.mentions if is_area(m.type) and self.entity(m)]
        for i, outer in enumerate(areas):
            chain = outer
            for inner in areas[i + 1 :]:
                gap = self.text[chain.end : inner.start]
                if gap not in ("", "、") or inner.start < chain.end:
                    break
                if gap == "" and LEVEL_RANK.get(inner.type, 9) <= LEVEL_RANK.get(outer.type, 9):
                    break
                if gap == "、" and chain is outer:
                    break
                # Only the area right before contains this one (开平市马冈镇红丰村: 红丰村 ⊂ 马冈镇).
                rank, outer_rank, chain_rank = (LEVEL_RANK.get(a.type, 9) for a in (inner, outer, chain))
                direct = chain is outer and rank > outer_rank
                listed = gap == "、" and rank == chain_rank  # 岭北镇田增村、调丰村
                if direct or listed:
                    self.add(self.entity(inner)[1], "partOf", self.entity(outer)[1], (outer.start, inner.end))
                else:
                    break
                chain = inner

    def part_of_gazetteer(self, entities: list[Entity], gaz: Gazetteer, report: str | None = None) -> None:
        """Two areas of the report whose official codes say one contains the other."""
        areas = {e.label: e for e in entities if is_area(e.type)}
        names_of_parent: dict[str, str] = {}
        for label in areas:
            for name in (label,):
                for d in gaz.by_name.get(name, ()):
                    names_of_parent[d.code] = label
            for d in gaz.by_short.get(label, ()):
                names_of_parent[d.code] = label
        for label, entity in areas.items():
            candidates = gaz.by_name.get(label, ()) or gaz.by_short.get(label, ())
            # Villages need the text to say where they are; provinces contain everything.
            if entity.type in ("Village", "Community", "Province", "City"):
                continue
            # Official containment is stated only around the report's own area.
            if report not in (None, label) and not any(names_of_parent.get(d.parent) == report for d in candidates):
                continue
            for d in candidates:
                parent = names_of_parent.get(d.parent)
                if parent and parent != label:
                    self.add(label, "partOf", parent, entity.mentions[0])
                    break

    def located_in(self) -> None:
        """*区科技产业园, 某某村整村改造: an area at the start of a longer name locates it."""
        areas_at: dict[int, list[Mention]] = {}
        for m in self.mentions:
            if is_area(m.type) and self.entity(m):
                areas_at.setdefault(m.start, []).append(m)
        for big in self.mentions:
            if is_area(big.type) or big.type in ("Honor", "Indicator", "Policy", "Event") or not self.entity(big):
                continue
            if big.type == "Organization" and big.label.endswith(lexicon.GOVERNING_BODIES):
                continue
            for small in areas_at.get(big.start, ()):
                # A province or a city is too coarse a location to state (湛江综合物流港).
                if small.end < big.end and small.type not in ("Province", "City"):
                    self.add(self.entity(big)[1], "locatedIn", self.entity(small)[1], (big.start, big.end))

    def situated(self) -> None:
        """那利村位于下桥镇西南部, 迈埚二桥村“鸳鸯树·祈福园”: where a thing lies, said or shown."""
        for match in _SITUATED.finditer(self.text):
            sentence = self.sentence_of(match.start())
            before = [m for m in self.in_span((sentence[0], match.start())) if self.entity(m)]
            after = [m for m in self.in_span((match.end(), sentence[1])) if is_area(m.type) and self.entity(m)]
            if before and after and after[0].start - match.end() <= 2:
                self.place(before[-1], after[0], (before[-1].start, after[0].end))
        for m in self.mentions:
            if is_area(m.type) and self.entity(m):
                nxt = self.in_span((m.end, m.end + 40))
                for thing in nxt[:1]:
                    gap = self.text[m.end : thing.start]
                    if gap in ("", "“", "《") and thing.type in ("Place", "Project") and self.entity(thing):
                        self.place(thing, m, (m.start, thing.end))

    def place(self, thing: Mention, area: Mention, evidence: Span) -> None:
        """``thing`` lies in ``area``: partOf between areas of different levels, else locatedIn."""
        if is_area(thing.type):
            if LEVEL_RANK.get(thing.type, 9) > LEVEL_RANK.get(area.type, 9):
                self.add(self.entity(thing)[1], "partOf", self.entity(area)[1], evidence)
        elif thing.type not in ("Honor", "Indicator", "Policy") and area.type not in ("Province", "City"):
            self.add(self.entity(thing)[1], "locatedIn", self.entity(area)[1], evidence)

    def awarded(self, report: str | None = None) -> None:
        for m in self.mentions:
            if m.type != "Honor" or not self.entity(m):
                continue
            sentence = self.sentence_of(m.start)
            before = self.text[sentence[0] : m.start]
            trigger = None
            for match in _TRIGGER_AWARD.finditer(before):
                trigger = match
            if trigger is None:
                continue
            trigger_at = sentence[0] + trigger.start()
            start = max(sentence[0], self.text.rfind("；", sentence[0], trigger_at) + 1)
            honours = [h for h in self.in_span(sentence) if h.type == "Honor"]
            subjects = [
                s
                for s in self.in_span((start, trigger_at))
                if (is_area(s.type) or s.type in ("Organization", "Project", "Policy", "Place"))
                and self.entity(s)
                and not any(h.start <= s.start and s.end <= h.end for h in honours)
            ]
            # The sentence's topic (田增村…，先后荣获…) when the verb's own clause names no area or body.
            holders = [s for s in subjects if is_area(s.type) or s.type == "Organization"]
            chain_floor = clause_floor(self.text, trigger_at, start)
            if subjects and not any(s.start >= chain_floor for s in holders) and holders:
                topic = holders[0]
                for s in holders[1:]:  # 开平市马冈镇红丰村…: the chain's last area is the topic
                    if s.start == topic.end and is_area(s.type):
                        topic = s
                subjects = [topic]
            # Only the subjects of the trigger's own clause chain: the nearest run of names.
            if subjects:
                last = subjects[-1]
                run = [
                    s
                    for s in subjects
                    if not any(o.start <= s.start and s.end <= o.end and o is not s for o in subjects)
                ]
                # 开平市马冈镇红丰村入选…: only the last area of a chain is the one honoured.
                run = [s for s in run if not any(o.start == s.end and is_area(o.type) for o in run)]
                if any(is_area(s.type) for s in run):
                    run = [s for s in run if is_area(s.type)]
                chain_start = clause_floor(self.text, last.start, start)
                run = [s for s in run if s.start >= chain_start] or [last]
                if "分别" in self.text[run[-1].end : trigger_at + 1] and len(run) > 1:
                    # 东岸村、西岸村分别入选全国、全省…: subjects and honours pair up in order.
                    listed = [h for h in honours if h.start >= trigger_at]
                    if len(listed) == len(run):
                        run = [run[listed.index(m)]] if m in listed else run
                for s in run:
                    self.add(self.entity(s)[1], "awarded", self.entity(m)[1], (s.start, m.end))
            elif report and self.text.startswith(_HERE, sentence[0]):
                # 这里不仅培育出…，更荣获…: "here" is the place the report is about.
                self.add(report, "awarded", self.entity(m)[1], (sentence[0], m.end))

    def implements(self, report: str | None) -> None:
        # The report's central programme (its most-named policy, the first named among equals)
        # is carried out by the report's area wherever the text says it is put into practice,
        # even with no subject named.
        policies = [self.entity(m)[1] for m in self.mentions if m.type == "Policy" and self.entity(m)]
        counts = Counter(policies)
        central = max(counts, key=lambda label: (counts[label], -policies.index(label)), default=None)
        for m in self.mentions:
            if m.type != "Policy" or not self.entity(m):
                continue
            around = self.text[max(0, m.start - 4) : m.start] + "|" + self.text[m.end : m.end + 3]
            if not _TRIGGER_IMPLEMENT.search(around):
                continue
            # The area named as the clause's subject carries it out (某城实施集群化发展行动), else the
            # report's own area, when the sentence names an area at all (“…”实施以来，全区…) or the
            # policy is the central programme: a sentence with no subject (全面贯彻落实省委…部署)
            # does not otherwise say who carries it out.
            sentence = self.sentence_of(m.start)
            clause = max(self.text.rfind(mark, sentence[0], m.start) for mark in "，,；：") + 1
            subjects = [
                a for a in self.in_span((max(clause, sentence[0]), m.start)) if is_area(a.type) and self.entity(a)
            ]
            named = any(is_area(a.type) for a in self.in_span(sentence))
            subject = self.entity(subjects[0])[1] if subjects and subjects[0].type != "Province" else report
            if subject and (named or self.entity(m)[1] == central):
                self.add(subject, "implements", self.entity(m)[1], sentence)

    def organized_by(self) -> None:
        for m in self.mentions:
            if m.type != "Event" or not self.entity(m):
                continue
            sentence = self.sentence_of(m.start)
            orgs = [o for o in self.in_span((sentence[0], m.start)) if o.type == "Organization" and self.entity(o)]
            if orgs and _TRIGGER_ORGANIZE.search(self.text[orgs[0].end : m.start]):
                for o in orgs:
                    self.add(self.entity(m)[1], "organizedBy", self.entity(o)[1], (o.start, m.end))

    def investment(self, figures: list[Figure]) -> None:
        for f in figures:
            if f.value is None or not re.search(
                "投资|投入|资金", f.indicator + self.text[f.indicator_span[0] - 4 : f.indicator_span[0]]
            ):
                continue
            sentence = self.sentence_of(f.evidence[0])
            projects = [
                p
                for p in self.in_span((sentence[0], f.value.start))
                if p.type == "Project" and self.entity(p) and not (f.indicator_span[0] <= p.start < f.indicator_span[1])
            ]
            if not projects:
                # 投入资金3200万元推进松口古镇保护提升项目: the money goes to the project named next.
                clause_end = min(
                    (self.text.find(mark, f.value.end) for mark in "，；。" if mark in self.text[f.value.end :]),
                    default=sentence[1],
                )
                projects = [
                    p for p in self.in_span((f.value.end, clause_end)) if p.type == "Project" and self.entity(p)
                ][:1]
            if projects:
                written = self.text[f.value.start : f.value.end]
                project = projects[-1]
                evidence = (min(project.start, f.value.start), max(project.end, f.value.end))
                self.add(self.entity(project)[1], "investment", written, evidence, True)


def clause_floor(text: str, pos: int, floor: int) -> int:
    """Start of the clause chain holding ``pos``: after the last ， before it that follows a verb phrase."""
    index = text.rfind("，", floor, pos)
    return floor if index < 0 else index + 1
