"""Fact extraction: officials, programmes, dates and figures found by spaCy components driven by data rules."""
