"""Pantau crawler: the generic news spider, its settings, and the crawl-run orchestration."""
