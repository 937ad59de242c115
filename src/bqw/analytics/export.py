"""Portable exports of an entity graph: standalone HTML (pyvis), GraphML, GEXF, CSV.

Every writer takes a graph from :func:`bqw.analytics.projection.project` (optionally with
measures added by :func:`bqw.analytics.measures.annotate`) and leaves it unchanged.

The HTML page opens offline: pyvis builds the nodes, edges and options, and the page
inlines the vis-network script and style that the pyvis package ships. pyvis's own page
template is not used because it loads Bootstrap from a CDN even with
``cdn_resources="in_line"``; ours loads nothing. Labels and sentences come from documents
nobody here controls, so the page is rendered with autoescaping and the data goes into the
script through Jinja's ``tojson``, which escapes ``<``, ``>``, ``&`` and ``'``.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network

from bqw.analytics.measures import ego
from bqw.analytics.vocabulary import CO_MENTION

#: Colour of each entity type; related types share a hue so the picture reads at a glance.
TYPE_COLOURS: dict[str, str] = {
    "Province": "#08306b",
    "City": "#2171b5",
    "County": "#4292c6",
    "Town": "#6baed6",
    "Subdistrict": "#9ecae1",
    "Village": "#41ab5d",
    "Community": "#a1d99b",
    "Zone": "#238b45",
    "Area": "#74c476",
    "AdministrativeArea": "#c6dbef",
    "Project": "#e6550d",
    "Policy": "#cb181d",
    "Organization": "#756bb1",
    "Place": "#8c6d31",
    "Event": "#e7ba52",
    "Honor": "#d6616b",
    "Indicator": "#969696",
}
#: Colours for other attributes (communities, components), cycled.
PALETTE: tuple[str, ...] = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
OTHER_COLOUR = "#bdbdbd"

_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; }
body { display: flex; flex-direction: column; height: 100vh; }
header { padding: 0.5rem 1rem; border-bottom: 1px solid #ddd; }
h1 { font-size: 1.2rem; margin: 0 0 0.3rem; }
#legend ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; }
#legend .swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 50%; margin-right: 0.3rem; }
#graph { flex: 1 1 auto; min-height: 0; overflow: hidden; }
div.vis-tooltip { white-space: pre-wrap; max-width: 32rem; }
</style>
<script>{{ vis_js }}</script>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<section id="legend" aria-label="legend">
<ul>
{%- for item in legend %}
<li data-key="{{ item.key }}"><span class="swatch" style="background: {{ item.colour }}"></span>
{{- item.key }} ({{ item.count }})</li>
{%- endfor %}
</ul>
<p>{{ counts }}</p>
</section>
</header>
<div id="graph"></div>
<script>
(function () {
  const nodes = new vis.DataSet({{ nodes|tojson }});
  const edges = new vis.DataSet({{ edges|tojson }});
  const options = {{ options|tojson }};
  window.bqwNetwork = new vis.Network(document.getElementById("graph"), {nodes: nodes, edges: edges}, options);
})();
</script>
</body>
</html>
"""


def _environment() -> Environment:
    env = Environment(autoescape=True)
    # Keep Chinese readable in the page source; tojson still escapes the HTML-special characters.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def _vis_asset(name: str) -> Markup:
    """A vis-network file shipped inside the pyvis package, checked safe to inline."""
    text = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2", name).read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():
        raise ValueError(f"pyvis's {name} cannot be inlined: it contains {closing}")
    return Markup(text)  # the library's own code, not document text


def _colour(key: str, attribute: str, order: dict[str, int]) -> str:
    if attribute == "type":
        return TYPE_COLOURS.get(key, OTHER_COLOUR)
    return PALETTE[order[key] % len(PALETTE)]


def _tooltip(data: dict[str, Any], extra: Iterable[str]) -> str:
    lines = [f"{data.get('label', '')} ({data.get('type', '')})"]
    if data.get("sentence"):
        lines.append(f"“{data['sentence']}”")
        if data.get("report"):
            lines.append(f"— {data['report']}")
    lines.extend(f"{name}: {data[name]:.4g}" for name in extra if isinstance(data.get(name), int | float))
    return "\n".join(lines)


def _sizes(graph: nx.Graph, attribute: str | None) -> dict[Any, float]:
    if attribute is None:
        return dict.fromkeys(graph, 15.0)
    values = {node: float(data.get(attribute, 0) or 0) for node, data in graph.nodes(data=True)}
    high = max(values.values(), default=0.0)
    low = min(values.values(), default=0.0)
    span = high - low
    return {node: 10.0 + 30.0 * ((value - low) / span if span else 0.0) for node, value in values.items()}


def write_html(
    graph: nx.Graph,
    path: str | Path,
    *,
    title: str = "百千万工程知识图谱",
    colour_by: str = "type",
    size_by: str | None = None,
    measures: Iterable[str] = ("degree", "pagerank", "betweenness", "community"),
) -> Path:
    """Write a standalone interactive page of ``graph`` and return its path.

    Args:
        graph: an entity graph (node attributes ``label``, ``type``, optionally
            ``sentence``/``report`` and measures).
        path: the file to write.
        title: page heading and title.
        colour_by: node attribute that picks the colour (``"type"``, or e.g. ``"community"``);
            the legend lists its values.
        size_by: numeric node attribute that scales node size (e.g. ``"pagerank"``).
        measures: numeric node attributes quoted in the tooltips when present.
    """
    measures = tuple(measures)
    keys = Counter(str(data.get(colour_by, "")) for _, data in graph.nodes(data=True))
    order = {key: number for number, key in enumerate(sorted(keys, key=lambda k: (-keys[k], k)))}
    sizes = _sizes(graph, size_by)

    # Nodes are added one by one instead of with Network.from_nx, which rewrites the graph it is given.
    network = Network(height="100%", width="100%", directed=graph.is_directed(), cdn_resources="in_line")
    ids = {node: number for number, node in enumerate(graph)}
    for node, data in graph.nodes(data=True):
        key = str(data.get(colour_by, ""))
        network.add_node(
            ids[node],
            label=str(data.get("label", node)),
            title=_tooltip(data, measures),
            color=_colour(key, colour_by, order),
            size=sizes[node],
            iri=str(node),
            # Not vis's "group": given a group, pyvis drops the colour.
            colourKey=key,
        )
    for u, v, data in graph.edges(data=True):
        prop = str(data.get("property", ""))
        text = f"{prop}\n“{data['sentence']}”" if data.get("sentence") else prop
        fact = prop != CO_MENTION
        # A co-mention has no direction and would bury the facts under its name: dashed, unlabelled.
        extra = {"label": prop} if fact else {"dashes": True}
        network.add_edge(
            ids[u],
            ids[v],
            title=text,
            width=min(float(data.get("weight", 1)), 8.0),
            arrows={"to": {"enabled": graph.is_directed() and fact, "scaleFactor": 0.5}},
            **extra,
        )
    nodes, edges, _heading, _height, _width, _options = network.get_network_data()
    options = {
        "edges": {"font": {"size": 9}, "smooth": False},
        "nodes": {"shape": "dot", "font": {"size": 12}},
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200}},
        "interaction": {"hover": True, "tooltipDelay": 150},
    }
    legend = [{"key": key or "—", "colour": _colour(key, colour_by, order), "count": keys[key]} for key in order]
    page = (
        _environment()
        .from_string(_PAGE)
        .render(
            title=title,
            vis_css=_vis_asset("vis-network.css"),
            vis_js=_vis_asset("vis-network.min.js"),
            legend=legend,
            counts=f"{graph.number_of_nodes()} nodes · {graph.number_of_edges()} edges",
            nodes=nodes,
            edges=edges,
            options=options,
        )
    )
    target = Path(path)
    target.write_text(page, encoding="utf-8")
    return target


def portable(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF can hold: strings, numbers and booleans only."""
    copy = graph.copy()
    for _, data in copy.nodes(data=True):
        for key in [k for k, v in data.items() if not isinstance(v, str | int | float | bool)]:
            del data[key]
    for *_, data in copy.edges(data=True):
        for key in [k for k, v in data.items() if not isinstance(v, str | int | float | bool)]:
            del data[key]
    return copy


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write GraphML (nodes keyed by IRI, with type, label and any measures as attributes)."""
    nx.write_graphml(portable(graph), Path(path), encoding="utf-8")
    return Path(path)


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write GEXF 1.2 for Gephi (the ``label`` attribute becomes the Gephi label)."""
    nx.write_gexf(portable(graph), Path(path), encoding="utf-8")
    return Path(path)


def write_csv(graph: nx.Graph, nodes_path: str | Path, edges_path: str | Path) -> tuple[Path, Path]:
    """Write a node list (``id`` then attributes) and an edge list (``source``, ``target``, attributes)."""
    flat = portable(graph)
    first = ["iri", "type", "label"]
    node_keys = sorted({k for _, d in flat.nodes(data=True) for k in d} - set(first))
    with Path(nodes_path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *first, *node_keys])
        for node, data in flat.nodes(data=True):
            writer.writerow([node, *(data.get(k, "") for k in first + node_keys)])
    lead = ["property", "weight"]
    edge_keys = sorted({k for *_, d in flat.edges(data=True) for k in d} - set(lead))
    with Path(edges_path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", *lead, *edge_keys])
        for u, v, data in flat.edges(data=True):
            writer.writerow([u, v, *(data.get(k, "") for k in lead + edge_keys)])
    return Path(nodes_path), Path(edges_path)


def focus(graph: nx.Graph, entity_iri: str, depth: int = 1) -> nx.Graph:
    """A new graph of the entity and everything within ``depth`` hops (see :func:`~bqw.analytics.measures.ego`).

    Raises:
        bqw.errors.NotFound: the entity is not in ``graph``.
    """
    return ego(graph, entity_iri, depth)
