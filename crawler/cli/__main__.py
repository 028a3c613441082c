"""`python -m crawler.cli` runs the `pantau` command (tests and benchmarks start it this way)."""

from crawler.cli import main

main()
