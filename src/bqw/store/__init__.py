"""Where the graph lives: the embedded on-disk store, or a remote SPARQL server."""
