"""Where the shipped configuration files live, in a source checkout or an installed wheel."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def config_dir() -> Path:
    """The folder holding sources.yaml, topics.yaml, datasette.yaml and the demo site."""
    here = Path(__file__).resolve().parent
    if (here / "sources.yaml").is_file():
        return here
    return Path(str(resources.files("pantau_configs")))


CONFIG_DIR = config_dir()
DEFAULT_SOURCES = CONFIG_DIR / "sources.yaml"
DEFAULT_TOPICS = CONFIG_DIR / "topics.yaml"
DATASETTE_METADATA = CONFIG_DIR / "datasette.yaml"
DEMO_SOURCES = CONFIG_DIR / "demo" / "sources.yaml"
DEMO_SITE_DIR = CONFIG_DIR / "demo" / "site"
DEFAULT_DB = Path("data") / "pantau.db"
