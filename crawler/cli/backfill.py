"""`pantau backfill`, and `pantau sources suggest` (added to the `sources` group of crawler/cli/sources.py)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from pantau_configs.errors import ConfigError
from pantau_configs.paths import CONFIG_DIR, DEFAULT_DB, DEFAULT_SOURCES

from crawler.cli.errors import echo_run, starting_run
from crawler.cli.sources import sources as sources_group

NIGHTLY_CONFIG = CONFIG_DIR / "nightly.yaml"
FILE = click.Path(dir_okay=False, path_type=Path)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-01-31", param_hint=option) from None


@click.command()
@click.option("--since", required=True, help="First publication day to reach (YYYY-MM-DD).")
@click.option("--until", default=None, help="Last publication day (YYYY-MM-DD; default today).")
@click.option("--only", help="Comma-separated source names (default: all enabled).")
@click.option("--config", "config_file", type=FILE, default=NIGHTLY_CONFIG, show_default=True,
              help="Nightly settings: sources, database, log, workers, politeness.")
@click.option("--db", "db_path", type=FILE, help="Override the config's db.")
@click.option("--sources", type=FILE, help="Override the config's sources.")
@click.option("--max-listing-pages", type=int, default=200, show_default=True,
              help="How deep a listing's pagination is followed (a night follows `max_pages`).")
@click.option("--no-progress", is_flag=True, help="No progress bar on stderr.")
def backfill(since: str, until: str | None, only: str | None, config_file: Path, db_path: Path | None,
             sources: Path | None, max_listing_pages: int, no_progress: bool) -> None:
    """History by date windows: search feeds split while full, date-indexed sitemaps, deep listing pagination.
    Resumable (run it again after a kill); shares the lock of `pantau nightly`; same exit codes."""
    from pantau_configs.models import load_nightly

    from crawler.runs.backfill import ProgressBar, run_backfill
    from crawler.runs.run import format_summary

    first, last = _day(since, "--since"), _day(until, "--until") or date.today()
    assert first is not None
    with starting_run("backfill", (ConfigError, OSError, ValueError)):
        config = load_nightly(config_file)
        overrides = {k: str(v.resolve()) for k, v in (("db", db_path), ("sources", sources)) if v is not None}
        result = run_backfill(config.model_copy(update=overrides), first, last, only=only,
                              max_listing_pages=max_listing_pages, progress_bar=None if no_progress else ProgressBar)
    echo_run(result, format_summary)
    if result.message:
        click.echo(f"{result.message}: run the same command again to retry them")
    sys.exit(result.exit_code)


@click.command("suggest")
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True)
@click.option("--sources", "sources_file", type=FILE, default=DEFAULT_SOURCES, show_default=True)
@click.option("--min", "minimum", type=int, default=3, show_default=True,
              help="Relevant articles an aggregator brought from a domain before it is suggested.")
def suggest(db_path: Path, sources_file: Path, minimum: int) -> None:
    """Domains aggregators keep leading to that no direct source holds, each with a ready-to-paste entry."""
    from pantau_configs.models import load_sources

    from crawler.suggest import suggest_sources

    try:
        config = load_sources(sources_file)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    suggestions = suggest_sources(db_path, config, minimum)
    if not suggestions:
        click.echo(f"no domain without a direct source brought {minimum} or more relevant articles", err=True)
    for suggestion in suggestions:
        click.echo(suggestion.yaml)


sources_group.add_command(suggest)
COMMANDS = (backfill,)
