"""Run orchestration on top of the stages: one crawl, the cleaning pool, nightly runs, re-extraction, the demo."""
