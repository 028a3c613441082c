"""Scrapy settings for the Pantau crawler (user-facing choices live in configs/; these are the engine's)."""

from scrapy.settings import default_settings as _defaults

BOT_NAME = "pantau"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "Pantau/0.1 (+https://github.com/pantau-ikm/pantau; IKM news monitor)"
ROBOTSTXT_OBEY = True

# Politeness: AutoThrottle adapts delays to each server's latency; per-domain concurrency caps load.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# Scrapy starts this many tasks for every response's output, whatever it holds; a page yields one item and a
# listing a few dozen requests, each handled at once by the pipeline, so 100 (the default) only cost CPU.
CONCURRENT_ITEMS = 8
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
DOWNLOAD_DELAY = 0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy re-reads and parses a callback's source on every response to warn about `return value` in a generator
# (its cache is keyed by the bound method, a new object each time); tests/test_settings.py checks ours instead.
WARN_ON_GENERATOR_RETURN_VALUE = False

ITEM_PIPELINES = {"crawler.pipelines.PantauPipeline": 300}
SPIDER_MIDDLEWARES = {"crawler.middlewares.IncrementalMiddleware": 950}
# Two components the crawl never uses are left out of Scrapy's base lists: Scrapy imports every listed component
# to read the setting, even one set to None, and these two pull in aiohttp (remote control) and tldextract
# (cookies, which are off): 0.35 s of every crawl's start. Everything else stays as Scrapy ships it.
EXTENSIONS_BASE = {name: order for name, order in _defaults.EXTENSIONS_BASE.items()
                   if name != "scrapy.extensions.remote_control.RemoteControl"}
DOWNLOADER_MIDDLEWARES_BASE = {name: order for name, order in _defaults.DOWNLOADER_MIDDLEWARES_BASE.items()
                               if name != "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.DeclaredMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,
    "crawler.middlewares.ConditionalRequestMiddleware": 560,
}
# Only these schemes are ever requested (file://, ftp://, data: links found on pages are refused).
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}

# Pantau's own settings (override with -s NAME=VALUE or through `pantau crawl` options).
PANTAU_DB = "data/pantau.db"
PANTAU_WARC_DIR = ""  # default: a "warc" folder next to the database
PANTAU_TOPICS = ""  # default: the shipped configs/topics.yaml
PANTAU_WORKERS = 0  # processes for cleaning; 0 means one per core
PANTAU_RUN_ID = 0  # set by `pantau crawl`, which creates the run record first
PANTAU_INCREMENTAL = False  # `pantau nightly`: skip stored URLs, conditional requests for start points
PANTAU_MAX_PAGES_PER_SOURCE = 0  # article pages fetched per source and run; 0 means no limit
PANTAU_RETRY_AFTER_MAX = 60  # longest Retry-After (seconds) waited for before a 429/503 is retried

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
