"""Measures on an entity graph: degree, PageRank, betweenness, communities, components, paths.

Every measure works on the *undirected simple view* of the graph (:func:`undirected`):
parallel edges (two facts, or a fact and a co-mention, between the same pair) merge into
one edge whose ``weight`` is their sum. Direction is dropped because the questions asked
(what sits at the centre, what connects a village to a programme) do not depend on which
way ``partOf`` points. Functions return new objects and never change the graph they get.

Randomised measures (sampled betweenness, Louvain) use the fixed :data:`SEED`, so the same
graph gives the same answer on every run.

>>> star = nx.star_graph(3)
>>> degree(star)[0], round(pagerank(star)[0], 3)
(3, 0.48)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from bqw.errors import NotFound

SEED = 42
#: Above this many nodes betweenness is estimated from :data:`BETWEENNESS_SAMPLES` sources.
BETWEENNESS_EXACT_LIMIT = 2000
BETWEENNESS_SAMPLES = 200

Scores = dict[Any, float]


def undirected(graph: nx.Graph) -> nx.Graph:
    """A new simple undirected graph: same nodes and attributes, parallel edges summed into ``weight``."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, weight in graph.edges(data="weight", default=1):
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def _simple(graph: nx.Graph) -> nx.Graph:
    return graph if type(graph) is nx.Graph else undirected(graph)


def degree(graph: nx.Graph) -> dict[Any, int]:
    """Number of distinct neighbours of each node (self-loops do not count)."""
    simple = _simple(graph)
    return {node: sum(1 for other in simple[node] if other != node) for node in simple}


def pagerank(graph: nx.Graph, *, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200) -> Scores:
    """PageRank by power iteration on the weighted undirected view; the scores sum to 1.

    networkx's own ``pagerank`` needs NumPy and SciPy, which bqw does not depend on; this
    is the same definition (uniform teleport, a dangling node's rank spread evenly).

    Raises:
        networkx.PowerIterationFailedConvergence: no convergence within ``max_iter`` rounds.
    """
    simple = _simple(graph)
    n = simple.number_of_nodes()
    if n == 0:
        return {}
    strength = {node: float(simple.degree(node, weight="weight")) for node in simple}
    rank = dict.fromkeys(simple, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[node] for node, s in strength.items() if s == 0) / n
        base = (1.0 - alpha) / n + dangling
        new = dict.fromkeys(simple, base)
        for node in simple:
            if strength[node]:
                share = alpha * rank[node] / strength[node]
                for neighbour, data in simple[node].items():
                    new[neighbour] += share * data.get("weight", 1)
        error = sum(abs(new[node] - rank[node]) for node in simple)
        rank = new
        if error < n * tol:
            return rank
    raise nx.PowerIterationFailedConvergence(max_iter)


def betweenness(
    graph: nx.Graph, *, exact_limit: int = BETWEENNESS_EXACT_LIMIT, samples: int = BETWEENNESS_SAMPLES
) -> Scores:
    """Normalised betweenness centrality (unweighted hops).

    Exact up to ``exact_limit`` nodes; above it, estimated from ``samples`` source nodes
    drawn with :data:`SEED`, which keeps large graphs within the time budget.
    """
    simple = _simple(graph)
    n = simple.number_of_nodes()
    k = None if n <= exact_limit else min(samples, n)
    return dict(nx.betweenness_centrality(simple, k=k, normalized=True, seed=SEED if k else None))


def _numbered(parts: Iterable[Iterable[Any]]) -> list[frozenset[Any]]:
    """Groups sorted largest first, ties by their smallest member, so numbers are stable."""
    groups = [frozenset(part) for part in parts]
    return sorted(groups, key=lambda group: (-len(group), min(map(str, group))))


def community_sets(graph: nx.Graph) -> list[frozenset[Any]]:
    """Louvain communities (weighted, :data:`SEED`), largest first."""
    simple = _simple(graph)
    return _numbered(nx.community.louvain_communities(simple, weight="weight", seed=SEED))


def component_sets(graph: nx.Graph) -> list[frozenset[Any]]:
    """Connected components, largest first."""
    return _numbered(nx.connected_components(_simple(graph)))


def membership(groups: list[frozenset[Any]]) -> dict[Any, int]:
    """Node → number of its group in ``groups``."""
    return {node: number for number, group in enumerate(groups) for node in group}


def communities(graph: nx.Graph) -> dict[Any, int]:
    """Node → community number (0 is the largest community)."""
    return membership(community_sets(graph))


def components(graph: nx.Graph) -> dict[Any, int]:
    """Node → connected component number (0 is the largest component)."""
    return membership(component_sets(graph))


#: Measure name → function; ranked measures give scores, partitions give group numbers.
MEASURES: dict[str, Callable[[nx.Graph], Mapping[Any, float]]] = {
    "degree": degree,
    "pagerank": pagerank,
    "betweenness": betweenness,
    "communities": communities,
    "components": components,
}
#: Measures whose value is a group number rather than a score to rank by.
PARTITIONS = frozenset({"communities", "components"})
#: Node attribute that :func:`annotate` gives each measure (a node has one community, not many).
ATTRIBUTES: dict[str, str] = {
    "degree": "degree",
    "pagerank": "pagerank",
    "betweenness": "betweenness",
    "communities": "community",
    "components": "component",
}


def compute(graph: nx.Graph, names: Iterable[str] = tuple(MEASURES)) -> dict[str, Mapping[Any, float]]:
    """Run the named measures on one shared undirected view; name → node → value.

    Raises:
        KeyError: an unknown measure name.
    """
    simple = undirected(graph)
    return {name: MEASURES[name](simple) for name in names}


def annotate(graph: nx.Graph, results: Mapping[str, Mapping[Any, float]]) -> nx.Graph:
    """A copy of ``graph`` whose nodes carry each measure under its :data:`ATTRIBUTES` name."""
    copy = graph.copy()
    for name, values in results.items():
        attribute = ATTRIBUTES.get(name, name)
        for node, value in values.items():
            if node in copy:
                copy.nodes[node][attribute] = value
    return copy


def _require(graph: nx.Graph, node: Any) -> None:
    if node not in graph:
        raise NotFound(f"no entity {node} in the graph")


def shortest_paths(graph: nx.Graph, source: Any, target: Any, *, limit: int = 10) -> list[list[Any]]:
    """Up to ``limit`` shortest paths (fewest hops, any edge direction); ``[]`` when none.

    Raises:
        bqw.errors.NotFound: ``source`` or ``target`` is not a node.
    """
    _require(graph, source)
    _require(graph, target)
    simple = _simple(graph)
    try:
        paths = nx.all_shortest_paths(simple, source, target)
        return [path for _, path in zip(range(limit), paths, strict=False)]
    except nx.NetworkXNoPath:
        return []


def ego(graph: nx.Graph, center: Any, radius: int = 1) -> nx.Graph:
    """A new graph of ``center`` and every node within ``radius`` hops, with the edges among them.

    Hops follow edges in either direction; the result keeps the input's class and directions.

    Raises:
        bqw.errors.NotFound: ``center`` is not a node.
    """
    _require(graph, center)
    return nx.ego_graph(graph, center, radius=radius, undirected=True).copy()


@dataclass(frozen=True)
class Ranked:
    """One row of a ranked table."""

    node: Any
    label: str
    type: str
    score: float


def ranked(
    graph: nx.Graph, scores: Mapping[Any, float], *, top: int | None = 10, types: Iterable[str] | None = None
) -> list[Ranked]:
    """Nodes by descending score (ties by label), optionally only those of ``types``."""
    allowed = None if types is None else frozenset(types)
    rows = [
        Ranked(node, str(graph.nodes[node].get("label", node)), str(graph.nodes[node].get("type", "")), value)
        for node, value in scores.items()
        if node in graph and (allowed is None or graph.nodes[node].get("type") in allowed)
    ]
    rows.sort(key=lambda row: (-row.score, row.label, str(row.node)))
    return rows if top is None else rows[:top]
