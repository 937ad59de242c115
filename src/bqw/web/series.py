"""``/api/series`` and ``/api/changes``: figures over time, and what changed between two reports.

Thin JSON twins of :mod:`bqw.queries.series`; the routes are plain ``def`` so the store
queries run in the threadpool. A bad IRI is a ``QuerySyntaxError`` and an unknown report
``NotFound``, both translated to HTTP by the app's error handlers.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from bqw.queries import series as timeline
from bqw.web.app import StoreDep

router = APIRouter(prefix="/api", tags=["JSON API"])


@router.get("/series")
def series(
    store: StoreDep,
    indicator: Annotated[str, Query(description="IRI of the indicator")],
    area: Annotated[str, Query(description="IRI of the area")],
) -> dict[str, Any]:
    """Every figure any report gives for one indicator in one area, ordered by period."""
    rows = timeline.series(store, indicator, area)
    return {
        "indicator": indicator,
        "area": area,
        "reports": sorted({r.report for r in rows}),
        "rows": [r.as_dict() for r in rows],
    }


@router.get("/changes")
def changes(
    store: StoreDep,
    a: Annotated[str, Query(description="the earlier report: file name, document IRI or graph IRI")],
    b: Annotated[str, Query(description="the later report: file name, document IRI or graph IRI")],
) -> dict[str, Any]:
    """What changed from report ``a`` to report ``b``: new, finished and dropped projects, moved figures."""
    return timeline.changes(store, a, b)
