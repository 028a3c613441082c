"""The offline demo: serve the bundled demo site on 127.0.0.1 and run the real pipeline over it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from pantau_configs.paths import DEMO_SOURCES

from crawler.runs.run import RunSummary, run_crawl
from crawler.sites.demo import DEFAULT_PORT, DemoSite

SHIPPED_BASE = f"127.0.0.1:{DEFAULT_PORT}"
# Loopback answers in microseconds: no need to start AutoThrottle at a one-second delay.
DEMO_SETTINGS = {"AUTOTHROTTLE_START_DELAY": 0, "AUTOTHROTTLE_MAX_DELAY": 1}


def rebased_sources(base_port: int, folder: Path | str, template: Path = DEMO_SOURCES) -> Path:
    """Write the shipped demo sources file with its port replaced by the port actually served."""
    text = template.read_text(encoding="utf-8")
    text = text.replace(SHIPPED_BASE, f"127.0.0.1:{base_port}")
    text = text.replace(SHIPPED_BASE.replace(".", r"\."), rf"127\.0\.0\.1:{base_port}")
    path = Path(folder) / "demo-sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def start_demo_site(port: int = DEFAULT_PORT) -> DemoSite:
    """Start the demo site on the given port, or on a free one when that port is taken."""
    try:
        return DemoSite(port=port).start()
    except OSError:
        return DemoSite(port=0).start()


def run_demo(db_path: Path | str, site_port: int = DEFAULT_PORT, **options: Any) -> RunSummary:
    """Serve the demo site, crawl it into db_path, stop the site; return the run summary."""
    site = start_demo_site(site_port)
    try:
        port = int(site.base_url.rsplit(":", 1)[1])
        with tempfile.TemporaryDirectory(prefix="pantau-demo-") as folder:
            sources = rebased_sources(port, folder)
            settings = {**DEMO_SETTINGS, **options.pop("settings", {})}
            return run_crawl(sources, db_path, settings=settings, **options)
    finally:
        site.stop()
