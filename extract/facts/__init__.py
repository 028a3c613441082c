"""Fact extraction: officials, programmes, dates and figures found by spaCy components driven by data rules."""

from extract.spacy_import import import_spacy_without_cli

import_spacy_without_cli()  # before any module of this package imports spaCy (it is not imported here)
