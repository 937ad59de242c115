"""Named SPARQL queries shipped with bqw (``*.rq`` files beside this module).

Each file starts with ``#`` comment lines that say what it answers and which variables a
caller may bind (``bqw query @provenance --bind 'label="百千万工程"@zh'``).
"""

from __future__ import annotations

from importlib import resources

from bqw.errors import NotFound


def names() -> list[str]:
    """The names of the shipped queries (file names without ``.rq``), sorted."""
    return sorted(
        entry.name.removesuffix(".rq") for entry in resources.files(__name__).iterdir() if entry.name.endswith(".rq")
    )


def load(name: str) -> str:
    """The text of the named query.

    >>> "SELECT" in load("provenance")
    True

    Raises:
        bqw.errors.NotFound: no query of that name.
    """
    entry = resources.files(__name__).joinpath(f"{name}.rq")
    if not entry.is_file():
        raise NotFound(f"no query named {name!r} (known: {', '.join(names())})")
    return entry.read_text(encoding="utf-8")


def describe(name: str) -> str:
    """The first comment line of the named query."""
    for line in load(name).splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""
