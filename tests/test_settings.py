"""What the engine settings turn off is checked here instead."""

from __future__ import annotations

import inspect

from scrapy import Spider
from scrapy.utils.misc import is_generator_with_return_value

from crawler import settings
from crawler.spiders.backfill import BackfillSpider
from crawler.spiders.news import NewsSpider


def _callbacks(spider: type[Spider]) -> list[object]:
    return [member for name, member in inspect.getmembers(spider, inspect.isfunction) if name.startswith("parse")]


def test_no_spider_callback_returns_a_value_from_a_generator() -> None:
    # Scrapy's own check (WARN_ON_GENERATOR_RETURN_VALUE) is off: it parsed a callback's source on every response
    assert settings.WARN_ON_GENERATOR_RETURN_VALUE is False
    callbacks = _callbacks(NewsSpider) + _callbacks(BackfillSpider)
    assert len(callbacks) >= 5
    assert [c for c in callbacks if is_generator_with_return_value(c)] == []


def test_the_check_finds_a_generator_that_returns_a_value() -> None:
    def parse_bad(response: object):  # type: ignore[no-untyped-def]
        yield response
        return "lost"

    assert is_generator_with_return_value(parse_bad)
