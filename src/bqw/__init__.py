"""bqw: a knowledge-graph explorer for Guangdong's 百千万工程 work reports."""

__version__ = "0.1.0"
