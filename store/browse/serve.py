"""Browse a Pantau database with Datasette and the project's metadata (titles, facets, canned queries)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml
from pantau_configs.paths import DATASETTE_METADATA

from store.browse.children import launcher_env, run_forwarding_signals
from store.dbfile import can_write, open_reader

# Above this many articles Datasette's facet suggestions (a query per column over the whole table, each cut off after
# 50 ms) find nothing in time: at a million they cost 2.2 s of the articles page and showed no suggestion.
SUGGEST_FACETS_UP_TO = 100_000


def datasette_command(db_path: Path | str, host: str = "127.0.0.1", port: int = 8001,
                      metadata: Path | str = DATASETTE_METADATA, immutable: bool = False,
                      suggest_facets: bool = True) -> list[str]:
    """The Datasette command line: read-only (no write plugins), immutable (-i) for a file we may not write."""
    database = ["-i", str(db_path)] if immutable else [str(db_path)]
    return [sys.executable, "-m", "store.browse.datasette_main", "serve", *database, "--metadata", str(metadata),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "3000",
            "--setting", "facet_time_limit_ms", "1000", "--setting", "suggest_facets", "on" if suggest_facets else "off"]


def suggests_facets(db: sqlite_utils.Database) -> bool:
    """Whether facet suggestions can answer in time: up to SUGGEST_FACETS_UP_TO articles (by the highest id)."""
    return int(db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]) <= SUGGEST_FACETS_UP_TO


def serve(db_path: Path | str, host: str = "127.0.0.1", port: int = 8001, hint: str = "") -> int:
    """Run Datasette in the foreground until Ctrl-C or SIGTERM (passed on to it); return its exit code."""
    reader = open_reader(db_path, hint or " (run `pantau crawl` or `pantau demo` first)")  # checked, up to date
    try:
        suggest = suggests_facets(reader)
    finally:
        reader.close()
    with tempfile.TemporaryDirectory(prefix="pantau-serve-") as folder:
        metadata = write_metadata(db_path, folder)
        print(f"Datasette: http://{host}:{port}/  dashboard: http://{host}:{port}/-/dashboard  (Ctrl-C stops it)",
              flush=True)
        command = datasette_command(db_path, host, port, metadata, immutable=not can_write(db_path),
                                    suggest_facets=suggest)
        return run_forwarding_signals(command, env=launcher_env())


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
