"""Scrapy spiders of the Pantau project (one generic spider driven by configs/sources.yaml)."""
