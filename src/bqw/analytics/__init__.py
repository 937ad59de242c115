"""Graph analytics: the knowledge graph projected onto networkx, its measures and exports.

- :mod:`~bqw.analytics.projection`: entities and facts from the store (SPARQL only).
- :mod:`~bqw.analytics.measures`: degree, PageRank, betweenness, communities, components,
  shortest paths, ego networks.
- :mod:`~bqw.analytics.results`: measures written back as triples in their own graph.
- :mod:`~bqw.analytics.export`: standalone HTML, GraphML, GEXF and CSV.

This layer reads the store through its contract only; it never imports the web layer or
the extractor.
"""

from bqw.analytics.measures import MEASURES, annotate, compute, ego, ranked, shortest_paths
from bqw.analytics.projection import project

__all__ = ["MEASURES", "annotate", "compute", "ego", "project", "ranked", "shortest_paths"]
