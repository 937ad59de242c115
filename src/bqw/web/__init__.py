"""The web layer: the FastAPI app serving SPARQL, the Graph Store Protocol and the JSON API.

This is the only package that imports FastAPI. Start with :func:`bqw.web.app.create_app`.
"""
