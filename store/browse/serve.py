"""Browse a Pantau database with Datasette and the project's metadata (titles, facets, canned queries)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pantau_configs.paths import DATASETTE_METADATA

from store.schema import open_db


def datasette_command(db_path: Path | str, host: str = "127.0.0.1", port: int = 8001,
                      metadata: Path | str = DATASETTE_METADATA) -> list[str]:
    """The Datasette command line: read-only by default (no write plugins are installed)."""
    return [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(metadata),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "3000",
            "--setting", "facet_time_limit_ms", "1000"]


def serve(db_path: Path | str, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette in the foreground until Ctrl-C; return its exit code."""
    if not Path(db_path).exists():
        raise FileNotFoundError(f"no database at {db_path}: run `pantau crawl` or `pantau demo` first")
    open_db(db_path).close()  # bring an older database's schema (views, story tables) up to date first
    with tempfile.TemporaryDirectory(prefix="pantau-serve-") as folder:
        metadata = write_metadata(db_path, folder)
        print(f"Datasette: http://{host}:{port}/  dashboard: http://{host}:{port}/-/dashboard  (Ctrl-C stops it)",
              flush=True)
        try:
            return subprocess.call(datasette_command(db_path, host, port, metadata))
        except KeyboardInterrupt:
            return 0


def metadata_for(db_path: Path | str, template: Path | str = DATASETTE_METADATA) -> dict[str, Any]:
    """The shipped metadata with its `pantau` database block renamed to the served file's name."""
    metadata = yaml.safe_load(Path(template).read_text(encoding="utf-8"))
    name = Path(db_path).stem
    if name != "pantau":
        block = metadata["databases"].pop("pantau")
        metadata["databases"][name] = block
        metadata["description_html"] = metadata["description_html"].replace("/pantau/", f"/{name}/")
    return metadata


def write_metadata(db_path: Path | str, folder: Path | str) -> Path:
    path = Path(folder) / "datasette-metadata.json"
    path.write_text(json.dumps(metadata_for(db_path), ensure_ascii=False, indent=2), encoding="utf-8")
    return path
