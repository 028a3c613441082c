"""Pantau store: the SQLite schema, its migrations and the writes of crawl runs and articles."""
