"""Pantau extraction: cleaning pages into articles, relevance scoring, and (later) fact extraction."""
