"""Measures on small graphs whose answers are known by hand."""

from __future__ import annotations

import copy

import networkx as nx
import pytest

from bqw.analytics import measures
from bqw.errors import NotFound


def _star() -> nx.MultiDiGraph:
    """A centre with four leaves, facts pointing inwards (direction must not matter)."""
    graph = nx.MultiDiGraph()
    graph.add_node("hub", label="中心", type="County")
    for leaf in "abcd":
        graph.add_node(leaf, label=f"村{leaf}", type="Village")
        graph.add_edge(leaf, "hub", key="partOf", property="partOf", weight=1)
    return graph


def _two_cliques() -> nx.Graph:
    """K5 on 0-4 and K5 on 5-9, joined by the single edge 4-5."""
    graph = nx.Graph()
    graph.add_edges_from((u, v) for u in range(5) for v in range(u + 1, 5))
    graph.add_edges_from((u, v) for u in range(5, 10) for v in range(u + 1, 10))
    graph.add_edge(4, 5)
    return graph


def test_star_centre_leads_degree_pagerank_and_betweenness() -> None:
    star = _star()
    results = measures.compute(star, ["degree", "pagerank", "betweenness"])
    assert results["degree"] == {"hub": 4, "a": 1, "b": 1, "c": 1, "d": 1}
    # Hand-computed: x = 0.15/5 + 0.85·4y, y = 0.15/5 + 0.85·x/4, x + 4y = 1 → 1.85x = 0.88.
    assert max(results["pagerank"], key=results["pagerank"].__getitem__) == "hub"
    assert results["pagerank"]["hub"] == pytest.approx(0.88 / 1.85, abs=1e-8)
    assert sum(results["pagerank"].values()) == pytest.approx(1.0)
    # Every one of the C(4,2) = 6 leaf pairs passes through the centre: normalised 6/6.
    assert results["betweenness"] == {"hub": 1.0, "a": 0.0, "b": 0.0, "c": 0.0, "d": 0.0}


def test_pagerank_matches_networkx_definition_on_a_weighted_graph() -> None:
    graph = nx.les_miserables_graph()
    ours = measures.pagerank(graph)
    # networkx's reference implementation without NumPy; private, so only used as an oracle here.
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    theirs = _pagerank_python(graph, weight="weight", tol=1e-12, max_iter=500)
    assert max(abs(ours[n] - theirs[n]) for n in graph) < 1e-8


def test_two_cliques_joined_by_an_edge_are_two_communities() -> None:
    groups = measures.community_sets(_two_cliques())
    assert sorted(map(sorted, groups)) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    numbers = measures.communities(_two_cliques())
    assert numbers == measures.communities(_two_cliques())  # fixed seed: same answer again
    assert len(set(numbers.values())) == 2


def test_components_are_numbered_largest_first() -> None:
    graph = nx.Graph([(1, 2), (2, 3), (10, 11)])
    graph.add_node(20)
    assert measures.components(graph) == {1: 0, 2: 0, 3: 0, 10: 1, 11: 1, 20: 2}


def test_shortest_paths_follow_edges_either_way() -> None:
    graph = nx.MultiDiGraph([("village", "town"), ("town", "county"), ("project", "village"), ("project", "policy")])
    assert measures.shortest_paths(graph, "county", "policy") == [["county", "town", "village", "project", "policy"]]
    diamond = nx.Graph([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    assert sorted(measures.shortest_paths(diamond, "a", "d")) == [["a", "b", "d"], ["a", "c", "d"]]
    assert measures.shortest_paths(diamond, "a", "d", limit=1) in ([["a", "b", "d"]], [["a", "c", "d"]])
    graph.add_node("alone")
    assert measures.shortest_paths(graph, "alone", "policy") == []
    with pytest.raises(NotFound):
        measures.shortest_paths(graph, "nowhere", "policy")


def test_ego_network_keeps_directions_and_radius() -> None:
    graph = nx.MultiDiGraph([("village", "town"), ("town", "county"), ("project", "village")])
    one = measures.ego(graph, "village", 1)
    assert sorted(one) == ["project", "town", "village"]
    assert one.has_edge("project", "village") and not one.has_edge("village", "project")
    assert sorted(measures.ego(graph, "village", 2)) == ["county", "project", "town", "village"]
    with pytest.raises(NotFound):
        measures.ego(graph, "nowhere")


def test_large_graphs_get_sampled_betweenness_that_is_repeatable() -> None:
    graph = nx.barabasi_albert_graph(300, 2, seed=1)
    sampled = measures.betweenness(graph, exact_limit=100, samples=50)
    assert sampled == measures.betweenness(graph, exact_limit=100, samples=50)
    exact = measures.betweenness(graph)
    top_exact = max(exact, key=exact.__getitem__)
    assert top_exact in sorted(sampled, key=sampled.__getitem__, reverse=True)[:5]


def test_measures_never_change_their_input() -> None:
    star = _star()
    snapshot = copy.deepcopy(star)
    results = measures.compute(star)
    measures.shortest_paths(star, "a", "b")
    measures.ego(star, "hub")
    annotated = measures.annotate(star, results)
    assert nx.utils.graphs_equal(star, snapshot)
    assert dict(star.nodes(data=True)) == dict(snapshot.nodes(data=True))
    assert annotated.nodes["hub"]["degree"] == 4 and annotated.nodes["hub"]["community"] == 0
    assert "degree" not in star.nodes["hub"]


def test_ranked_sorts_by_score_and_filters_types() -> None:
    star = _star()
    scores = measures.degree(star)
    rows = measures.ranked(star, scores, top=2)
    assert [(r.label, r.type, r.score) for r in rows] == [("中心", "County", 4), ("村a", "Village", 1)]
    assert [r.node for r in measures.ranked(star, scores, types={"Village"}, top=None)] == list("abcd")
