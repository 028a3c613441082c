"""Evaluation against gold sets and corpora; production code never imports this package."""
