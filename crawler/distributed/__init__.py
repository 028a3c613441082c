"""Distributed crawling on scrapy-redis: the shared scheduler, fetching workers and the single SQLite writer."""
