"""The operations commands of `pantau`: nightly and status (registered on the main group in crawler/cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crawler.config import ConfigError
from crawler.paths import CONFIG_DIR, DEFAULT_DB

NIGHTLY_CONFIG = CONFIG_DIR / "nightly.yaml"


@click.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=NIGHTLY_CONFIG,
              show_default=True, help="Nightly settings (sources, database, log, retention, limits).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), help="Override the config's db.")
@click.option("--sources", type=click.Path(dir_okay=False, path_type=Path), help="Override the config's sources.")
@click.option("--refresh", is_flag=True, help="Fetch every article again, not only new ones.")
@click.option("--only", help="Comma-separated source names (default: all enabled).")
def nightly(config_file: Path, db_path: Path | None, sources: Path | None, refresh: bool, only: str | None) -> None:
    """One unattended incremental run: locked, resumable, logged. Exit 0 ok, 1 some sources failed,
    2 could not start, 3 another run holds the lock."""
    from crawler.config import load_nightly
    from crawler.nightly import EXIT_CANNOT_START, EXIT_LOCKED, RunLocked, run_nightly
    from crawler.run import format_summary

    try:
        config = load_nightly(config_file)
        overrides = {k: str(v.resolve()) for k, v in (("db", db_path), ("sources", sources)) if v is not None}
        result = run_nightly(config.model_copy(update=overrides), refresh=refresh, only=only)
    except RunLocked as exc:
        click.echo(f"pantau nightly: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except (ConfigError, OSError) as exc:
        click.echo(f"pantau nightly: could not start: {exc}", err=True)
        sys.exit(EXIT_CANNOT_START)
    if result.recovered:
        click.echo(f"recovered killed runs: {', '.join(map(str, result.recovered))}")
    if result.summary is not None:
        click.echo(format_summary(result.summary))
        if result.summary.failed_sources:
            click.echo(f"failed sources: {', '.join(result.summary.failed_sources)} (see `pantau status --errors`)")
    sys.exit(result.exit_code)


@click.command()
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True)
@click.option("--last", type=int, default=10, show_default=True, help="How many runs to list.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list the newest run's errors.")
def status(db_path: Path, last: int, show_errors: bool) -> None:
    """The last runs as a table: counts, duration, status and the sources that failed."""
    from store.runs import format_runs, last_errors, recent_runs
    from store.schema import open_db

    db = open_db(db_path)
    runs = recent_runs(db, last)
    click.echo(format_runs(runs) if runs else "no runs yet")
    if show_errors and runs:
        for source, stage, reason, url in last_errors(db, runs[0]["id"], 50):
            click.echo(f"  {source:<14} {stage:<8} {reason[:60]:<60} {url}")
    db.close()
