"""The extraction pipeline: text → clean → structure → recognise → resolve → relate."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path

from bqw.extract import divisions
from bqw.extract.clean import normalise
from bqw.extract.entities import Mention, Recogniser, is_area
from bqw.extract.observations import Figure, find_figures
from bqw.extract.read import read_document
from bqw.extract.relations import Relator
from bqw.extract.resolve import group, settle_overlaps
from bqw.extract.structure import find_sections, find_title, place_sentences, split_sentences
from bqw.model import DocumentInfo, Entity, Extraction, Observation, Span

# Names that end an indicator's name on its left (徐闻港区…二期工程完成投资 → 完成投资).
NAMED_THINGS = frozenset({"Project", "Organization", "Place"})
REPORT_LEVELS = ("County", "Town", "Subdistrict", "Village", "City", "Community")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)\d{2})(?:年|-\d{1,2}-)")
_YEAR_IN_NAME = re.compile(r"(?<![0-9])((?:19|20)\d{2})(?![0-9])")


def extract_file(path: Path) -> Extraction:
    """Read and extract one report file.

    Raises:
        bqw.errors.InputError: the file cannot be read as a report.
    """
    source = read_document(path)
    return extract_text(source.text, name=path.name, format=source.format)


def infer_year(text: str, name: str) -> int | None:
    """The report's year: the latest of the years the text names outside plans (2023-2025年) and its file name's."""
    years = []
    for match in _YEAR.finditer(text):
        before = text[max(0, match.start() - 1) : match.start()]
        if before in "-—~至到":
            continue
        after = text[match.end(1) : match.end(1) + 1]
        if after in "-—~至到":
            continue
        years.append(int(match.group(1)))
    # A report is written after the years it looks back on: its name's date, when it has one, bounds them.
    found = _YEAR_IN_NAME.search(name)
    if found:
        years.append(int(found.group(1)))
    return max(years) if years else None


def extract_text(text: str, name: str = "report.txt", format: str = "txt") -> Extraction:
    """Extract entities, facts and observations from the text of one report.

    >>> result = extract_text("赤坎镇红溪村入选广东省乡村治理示范村。")
    >>> sorted(e.label for e in result.entities if e.type == "Village")
    ['红溪村']
    """
    norm = normalise(text)
    gaz = divisions.load()
    title = find_title(norm)
    sections = find_sections(norm)
    sentence_spans = split_sentences(norm)
    sentences = place_sentences(sentence_spans, sections)
    year = infer_year(norm, name)

    rec = Recogniser(norm, gaz)
    rec.areas()
    rec.shared_heads()
    rec.organisations()
    rec.quoted()
    rec.suffixed()
    rec.honours()
    rec.listed_companies()
    rec.listed_projects()
    rec.inversions()
    report_label, report_type = reporting_area(rec.mentions, title, sentence_spans)
    rec.references(report_label, report_type)
    mentions = settle_overlaps(rec.mentions)
    figures = find_figures(
        norm,
        sentence_spans,
        year,
        [(m.start, m.end) for m in rec.mentions if is_area(m.type) or m.type == "@report"],
        [(m.start, m.end) for m in mentions if m.type in NAMED_THINGS],
    )
    mentions += [
        Mention(f.indicator_span[0], f.indicator_span[1], "Indicator", f.indicator, "indicator") for f in figures
    ]
    entities = group(mentions, report_label, report_type, norm)

    label_of: dict[Span, tuple[str, str]] = {}
    for entity in entities:
        for span in entity.mentions:
            label_of.setdefault(span, (entity.type, entity.label))
    resolved = [
        Mention(m.start, m.end, label_of[(m.start, m.end)][0], m.label, m.rule)
        for m in mentions
        if (m.start, m.end) in label_of
    ]
    relator = Relator(norm, resolved, label_of, sentence_spans)
    relator.part_of_adjacent()
    relator.part_of_gazetteer(entities, gaz, report_label)
    relator.located_in()
    relator.situated()
    relator.awarded(report_label)
    relator.implements(report_label)
    relator.organized_by()
    relator.investment(figures)

    area_at = area_locator(resolved, label_of, report_label, sentence_spans)
    observations = tuple(to_observation(f, area_at(f.evidence[0])) for f in figures)
    info = DocumentInfo(
        name=name,
        title=norm[title[0] : title[1]] if title else None,
        area=report_label,
        area_type=report_type,
        year=year,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        length=len(text),
        format=format,
    )
    return Extraction(
        info, text, tuple(sections), tuple(sentences), tuple(entities), tuple(relator.facts.values()), observations
    )


def reporting_area(mentions: list[Mention], title: Span | None, sentences: list[Span]) -> tuple[str | None, str | None]:
    """The area the report is about: named in the title or opening, and named most often."""
    unique = {(m.start, m.end): m for m in mentions if is_area(m.type) and m.type in REPORT_LEVELS}
    areas = list(unique.values())
    if not areas:
        return None, None
    opening_end = max(
        (sentences[1][1] if len(sentences) > 1 else sentences[0][1]) if sentences else 0, title[1] if title else 0
    )
    score: Counter[tuple[str, str]] = Counter()
    for m in areas:
        score[(m.label, m.type)] += 1
    # The last area of a chain at the opening (开平市马冈镇红丰村 → 红丰村) is the subject.
    opening = [m for m in sorted(areas, key=lambda m: m.start) if m.start < opening_end]
    if opening:
        first = opening[0]
        for m in opening[1:]:
            if m.start == first.end:
                first = m
        score[(first.label, first.type)] += 5
    # Work reports come from counties, towns and villages; a city named first is usually the context.
    for key in score:
        if key[1] == "City":
            score[key] -= 3
    (label, type_), _ = max(
        score.items(), key=lambda item: (item[1], -min(m.start for m in areas if m.label == item[0][0]))
    )
    return label, type_


def area_locator(
    mentions: list[Mention], label_of: dict[Span, tuple[str, str]], report: str | None, sentences: list[Span]
):
    """The area an observation speaks of: the last area named before it in its sentence, else the report's."""
    areas = sorted((m for m in mentions if is_area(label_of[(m.start, m.end)][0])), key=lambda m: m.start)
    area_starts = [m.start for m in areas]
    sentence_starts = [s[0] for s in sentences]

    def locate(pos: int) -> str | None:
        index = bisect_right(sentence_starts, pos) - 1
        floor = sentences[index][0] if index >= 0 else pos
        before = bisect_left(area_starts, pos) - 1
        if before >= 0 and areas[before].start >= floor:
            found = areas[before]
            return label_of[(found.start, found.end)][1]
        return report

    return locate


def to_observation(f: Figure, area: str | None) -> Observation:
    v = f.value
    return Observation(
        indicator=f.indicator,
        area=area,
        value=v.value if v else None,
        unit=v.unit if v else None,
        masked=v.masked if v else False,
        value_normalized=v.normalized if v else None,
        growth_pct=f.growth_pct,
        growth_masked=f.growth_masked,
        period=f.period,
        rank=f.rank,
        evidence=f.evidence,
        base_unit=v.base_unit if v else None,
    )


__all__ = ["Entity", "extract_file", "extract_text"]
