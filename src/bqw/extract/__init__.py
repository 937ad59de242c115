"""Extraction: report file → text → structure → entities, facts and observations.

Pure Python and deterministic; no RDF here.
"""

from bqw.extract.pipeline import extract_file, extract_text
from bqw.extract.read import SUPPORTED_SUFFIXES, read_document

__all__ = ["SUPPORTED_SUFFIXES", "extract_file", "extract_text", "read_document"]
