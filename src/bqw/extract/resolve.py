"""From mentions to entities: overlaps settled, references to the reporting area, the
same thing named twice made one entity with aliases."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict

from bqw.extract.entities import Mention, clean_label, is_area
from bqw.extract.names import CJK
from bqw.model import AREA_TYPES, Entity, Span

# Areas, places and bodies named inside a longer name are entities of their own.
KEEP_NESTED = AREA_TYPES | {"Place", "Organization"}
# Endings that do not change what a project or policy is: 老旧小区改造 = 老旧小区改造项目.
SOFT_ENDINGS = ("项目", "工程", "工作", "建设", "活动")
MAX_NAME = 80


def settle_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Drop exact duplicates, crossing spans, and non-area names nested in a longer name."""
    ordered = sorted(set(mentions), key=lambda m: (m.start, -(m.end - m.start), -m.priority, m.type, m.label))
    kept: list[Mention] = []
    by_span: dict[Span, Mention] = {}
    for m in ordered:
        other = by_span.get((m.start, m.end))
        if other is not None:
            continue
        by_span[(m.start, m.end)] = m
        kept.append(m)
    # Names are short, so only mentions starting within MAX_NAME before ``m`` can hold or cross it.
    kept.sort(key=lambda m: (m.start, m.end))
    starts = [m.start for m in kept]
    result = []
    for m in kept:
        lo = bisect_left(starts, m.start - MAX_NAME)
        hi = bisect_right(starts, m.end)
        if not any(big is not m and dominated(m, big) for big in kept[lo:hi]):
            result.append(m)
    return result


def dominated(m: Mention, big: Mention) -> bool:
    """Whether ``big`` makes ``m`` go: ``m`` is nested in it or crosses it and is weaker."""
    inside = big.start <= m.start and m.end <= big.end and (big.end - big.start) > (m.end - m.start)
    crossing = big.start < m.start < big.end < m.end or m.start < big.start < m.end < big.end
    if crossing:
        return (big.priority, big.end - big.start) > (m.priority, m.end - m.start)
    if not inside:
        return False
    if m.type not in KEEP_NESTED:
        # A quoted programme inside a longer name (“百千万工程”指挥部) is still the programme.
        return not (m.rule == "quoted" and big.rule != "quoted" and m.label.endswith(("工程", "行动", "计划")))
    if m.rule == "suffix" and big.type == m.type and big.rule != "suffix":
        return True
    if m.type == "Place" and big.type == "Project" and big.start == m.start and m.rule == "suffix":
        # 某某湿地 in 某某湿地公园项目 is the project's opening words; the site of 某某街区保育活化项目
        # or of 某某产业园一期 is a place of its own.
        rest = big.label[len(m.label) :]
        return bool(re.fullmatch(rf"[{CJK}]{{1,2}}项目", rest)) and not re.search("建|改|修|造|提|升|治|护|育", rest)
    # 某市乡村振兴指挥部 inside 某市乡村振兴指挥部办公室: one body, named in full.
    return big.start == m.start and big.type == m.type == "Organization"


def group(mentions: list[Mention], report_label: str | None, report_type: str | None, text: str) -> list[Entity]:
    """Entities in order of first mention; aliases collect the other names of each."""
    names: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.type == "@report":
            if report_label and report_type:
                names[(report_type, report_label)].append(Mention(m.start, m.end, report_type, m.label, m.rule))
            continue
        names[(m.type, m.label)].append(m)
    # Decide one type per label: the type with the strongest evidence wins.
    by_label: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in names:
        by_label[key[1]].append(key)
    for keys in by_label.values():
        if len(keys) > 1:
            # A quoted “…工程” is a programme even where the same words, unquoted, look like a project.
            best = max(
                keys,
                key=lambda k: (
                    k[0] == "Policy" and any(m.rule == "quoted" for m in names[k]),
                    max(m.priority for m in names[k]),
                    len(names[k]),
                ),
            )
            for key in keys:
                if key != best:
                    names[best].extend(names.pop(key))
    canonical = find_aliases(set(names))
    entities: dict[tuple[str, str], dict] = {}
    for key, ms in names.items():
        target, seen = key, {key}
        while target in canonical and canonical[target] not in seen:  # alias rules may point both ways
            target = canonical[target]
            seen.add(target)
        slot = entities.setdefault(target, {"aliases": set(), "mentions": [], "references": [], "codes": Counter()})
        if key != target:
            slot["aliases"].add(key[1])
        for m in ms:
            # A span that does not hold the label (全区, an abbreviation's full form) refers to the
            # entity without naming it.
            words = clean_label(text[m.start : m.end])
            named = m.rule != "reference" and bool(words) and (words in target[1] or target[1] in words)
            slot["mentions" if named else "references"].append((m.start, m.end))
            if m.label != target[1]:
                slot["aliases"].add(m.label)
            if m.code:
                slot["codes"][m.code] += 1
    result = []
    for (type_, label), slot in entities.items():
        if not slot["mentions"]:
            # Named only by references: they are the only evidence there is, so they count as mentions.
            slot["mentions"], slot["references"] = slot["references"], []
        mentions_sorted = tuple(sorted(set(slot["mentions"])))
        codes = slot["codes"]
        code = next(iter(codes)) if len(codes) == 1 else None
        result.append(
            Entity(
                type_,
                label,
                tuple(sorted(slot["aliases"])),
                mentions_sorted,
                code,
                tuple(sorted(set(slot["references"]))),
            )
        )
    result.sort(key=lambda e: (min(e.mentions + e.references), e.type, e.label))
    return result


def is_abbreviation(short: str, full: str) -> bool:
    """Chinese abbreviations keep characters in order and the head: 百千万工程 ← 百县千镇万村高质量发展工程.

    >>> is_abbreviation("百千万工程", "百县千镇万村高质量发展工程")
    True
    >>> is_abbreviation("千万工程", "千万工程建设")
    False
    """
    if len(short) < 4 or len(full) < len(short) + 3 or short in full or short[-2:] != full[-2:]:
        return False
    if short[0] != full[0]:
        return False
    chars = iter(full)
    return all(ch in chars for ch in short)


ISSUER = re.compile("(?:中共)?[省市区县镇乡](?:委|政府|人民政府)")
AREA_NAME_SUFFIXES = ("市", "县", "区", "省", "镇", "街道")
SHORTENED = frozenset({"Event", "Project"})
LEVEL_PREFIXES = ("省委", "市委", "区委", "县委", "省", "市", "区", "县")


def find_aliases(keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """Map each (type, label) that is another name of an entity to that entity's key.

    - 百县千镇万村高质量发展工程 → 百千万工程 (an abbreviation in use);
    - 老旧小区改造项目 → 老旧小区改造 (a soft ending);
    - *区科技产业园, 省委1310具体部署 → 科技产业园, 1310具体部署 (an area or body before the name).
    """
    canonical: dict[tuple[str, str], tuple[str, str]] = {}
    by_head: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for key in keys:
        if len(key[1]) >= 4:
            by_head[(key[0], key[1][0], key[1][-2:])].append(key)
    prefixes = {label for type_, label in keys if is_area(type_) or type_ == "Organization"} | set(LEVEL_PREFIXES)
    for key in sorted(keys):
        type_, label = key
        short = next(
            (
                o
                for o in sorted(by_head.get((type_, label[:1], label[-2:]), ()))
                if o != key and is_abbreviation(o[1], label)
            ),
            None,
        )
        if short:
            canonical[key] = short
            continue
        if is_area(type_):
            # 湛江 and 湛江市 in one report: the short form names the same area.
            full = next((k for k in ((type_, label + s) for s in AREA_NAME_SUFFIXES) if k in keys), None)
            if full:
                canonical[key] = full
            continue
        stem = next(
            (
                label.removesuffix(e)
                for e in SOFT_ENDINGS
                if label.endswith(e) and (type_, label.removesuffix(e)) in keys
            ),
            None,
        )
        if stem:
            canonical[key] = (type_, stem)
            continue
        for cut in range(1, len(label) - 2):
            if label[:cut] in prefixes and (type_, label[cut:]) in keys:
                canonical[key] = (type_, label[cut:])
                break
            if (
                label[:cut] not in prefixes
                and len(label) - cut >= 4
                and type_ in SHORTENED
                and (type_, label[cut:]) in keys
            ):
                # 媒体群众调研行活动, later, for 锚定百千万 四季看变化媒体群众调研行活动: the full name stays.
                canonical[(type_, label[cut:])] = key
        else:
            # 县政府138+100工作部署: a programme is named without the body that issued it.
            body = ISSUER.match(label)
            if body and type_ in ("Policy", "Event") and len(label) - body.end() >= 3:
                canonical[key] = (type_, label[body.end() :])
    return canonical
