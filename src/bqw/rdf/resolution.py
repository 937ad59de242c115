"""The user's corrections to cross-report identity: the ``resolution.toml`` rule file.

Identity rules (see :mod:`bqw.rdf.iris`) merge names across reports; when one merge is
wrong, a ``split`` entry undoes it on the next ingest::

    # resolution.toml, beside the store (data/resolution.toml for data/store)
    [[split]]
    name = "红溪村"                       # the entity's name as the report writes it
    type = "Village"                      # optional: only entities of this type
    reports = ["2024-chikan-town-kaiping.txt"]  # optional: only in these reports
    scope = "report"                      # "report" (default) or a division code such as "440783109"

``scope = "report"`` gives the entity one IRI per report; a division code scopes it by
that area instead (``…/in/division/440783109``), so it merges only with reports that
split it the same way. The file's digest is stored on every report, so changing the file
makes the next ``bqw ingest`` rebuild the reports.

>>> rules = parse('[[split]]\\nname = "红溪村"\\n')
>>> rules.split_scope("Village", "红溪村", "a.txt")
'report'
>>> rules.split_scope("Village", "树溪村", "a.txt") is None
True
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bqw.errors import RuleFileError

FILE_NAME = "resolution.toml"
_SPLIT_KEYS = frozenset({"name", "type", "reports", "scope"})
_CODE = re.compile(r"^[0-9]{2}(?:[0-9]{2}){0,2}(?:[0-9]{3}){0,2}$")


def _norm(name: str) -> str:
    return re.sub(r"[\s“”\"'‘’《》「」『』〈〉]", "", unicodedata.normalize("NFKC", name))


@dataclass(frozen=True)
class Split:
    """One ``[[split]]`` entry."""

    name: str
    type: str | None = None
    reports: tuple[str, ...] = ()
    scope: str = "report"

    def matches(self, type_: str, name: str, report: str) -> bool:
        return (
            _norm(name) == _norm(self.name)
            and (self.type is None or self.type == type_)
            and (not self.reports or report in self.reports)
        )


@dataclass(frozen=True)
class Rules:
    """The parsed rule file; empty when there is none."""

    splits: tuple[Split, ...] = ()
    source: str | None = field(default=None, compare=False)

    def split_scope(self, type_: str, name: str, report: str) -> str | None:
        """``"report"``, a division code, or None when no split rule names this entity."""
        for split in self.splits:
            if split.matches(type_, name, report):
                return split.scope
        return None

    def digest(self) -> str:
        """A short digest of what the rules say (not how the file is laid out); ``none`` for no rules."""
        if not self.splits:
            return "none"
        data = json.dumps([s.__dict__ for s in self.splits], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def parse(text: str, source: str = FILE_NAME) -> Rules:
    """Rules from TOML text.

    Raises:
        bqw.errors.RuleFileError: invalid TOML, an unknown key, or a bad value.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{source}: {exc}") from exc
    unknown = set(data) - {"split"}
    if unknown:
        raise RuleFileError(f"{source}: unknown section(s) {sorted(unknown)}; only [[split]] is known")
    splits = []
    for index, entry in enumerate(data.get("split", [])):
        where = f"{source}: split #{index + 1}"
        if not isinstance(entry, dict):
            raise RuleFileError(f"{where}: expected a table")
        extra = set(entry) - _SPLIT_KEYS
        if extra:
            raise RuleFileError(f"{where}: unknown key(s) {sorted(extra)}")
        name, type_, reports, scope = (entry.get(k) for k in ("name", "type", "reports", "scope"))
        if not isinstance(name, str) or not name.strip():
            raise RuleFileError(f"{where}: 'name' must be a non-empty string")
        if type_ is not None and not isinstance(type_, str):
            raise RuleFileError(f"{where}: 'type' must be a string")
        if reports is not None and not (isinstance(reports, list) and all(isinstance(r, str) for r in reports)):
            raise RuleFileError(f"{where}: 'reports' must be a list of file names")
        scope = "report" if scope is None else scope
        if not isinstance(scope, str) or not (scope == "report" or _CODE.match(scope)):
            raise RuleFileError(f"{where}: 'scope' must be \"report\" or a division code")
        splits.append(Split(name, type_, tuple(reports or ()), scope))
    return Rules(tuple(splits), source)


def load(path: Path | None) -> Rules:
    """The rules in ``path``; no rules when the path is None or the file does not exist."""
    if path is None or not path.is_file():
        return Rules()
    return parse(path.read_text(encoding="utf-8"), str(path))


def beside(store: str) -> Path | None:
    """The default rule file for a store location: ``resolution.toml`` in the store's parent folder."""
    if store.startswith((":", "sparql+")):
        return Path(FILE_NAME)
    return Path(store).parent / FILE_NAME
