"""Only the web layer imports FastAPI or Starlette (STYLE.md: one-way layers)."""

from __future__ import annotations

import ast
from pathlib import Path

import bqw

PACKAGE = Path(bqw.__file__).resolve().parent
WEB_ONLY = {"fastapi", "starlette", "uvicorn"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_fastapi_stays_in_the_web_layer() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(imported_roots(path) & WEB_ONLY)
        for path in PACKAGE.rglob("*.py")
        if "web" not in path.relative_to(PACKAGE).parts
        and path.relative_to(PACKAGE).as_posix() != "commands/serve.py"  # starts uvicorn
        and imported_roots(path) & WEB_ONLY
    }
    assert offenders == {}
