"""The operations commands of `pantau`: nightly, status, report and the distributed seed/worker/writer."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pantau_configs.errors import ConfigError
from pantau_configs.paths import CONFIG_DIR, DEFAULT_DB

from crawler.cli.errors import echo_run, starting_run
from crawler.runs.lifecycle import collect_less_often

NIGHTLY_CONFIG = CONFIG_DIR / "nightly.yaml"
DEMO_DB = Path("data") / "demo.db"


def demo_hint(db_path: Path) -> str:
    """When the default database is missing but the demo's exists, say so (after `make demo`)."""
    if db_path == DEFAULT_DB and DEMO_DB.exists():
        return f" (the demo's database is {DEMO_DB}: add --db {DEMO_DB})"
    return " (run `pantau crawl` or `pantau demo` first)"


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
    from pantau_configs.models import UnknownName, load_nightly

    from crawler.runs.nightly import run_nightly
    from crawler.runs.run import format_summary
    from store.dbfile import UnusablePath

    with starting_run("nightly", (ConfigError, UnusablePath, UnknownName, OSError)):
        config = load_nightly(config_file)
        overrides = {k: str(v.resolve()) for k, v in (("db", db_path), ("sources", sources)) if v is not None}
        result = run_nightly(config.model_copy(update=overrides), refresh=refresh, only=only)
    echo_run(result, format_summary)
    if result.summary is not None and result.summary.failed_sources:
        click.echo(f"failed sources: {', '.join(result.summary.failed_sources)} (see `pantau status --errors`)")
    sys.exit(result.exit_code)


@click.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True)
@click.option("--last", type=click.IntRange(min=1), default=10, show_default=True, help="How many runs to list.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list the newest run's errors.")
def status(db_path: Path, last: int, show_errors: bool) -> None:
    """The last runs as a table: counts, duration, status and the sources that failed."""
    from store.dbfile import open_reader
    from store.runs import format_runs, last_errors, recent_runs

    db = open_reader(db_path, demo_hint(db_path))
    runs = recent_runs(db, last)
    click.echo(format_runs(runs) if runs else "no runs yet")
    if show_errors and runs:
        for source, stage, reason, url in last_errors(db, runs[0]["id"], 50):
            click.echo(f"  {source:<14} {stage:<8} {reason[:60]:<60} {url}")
    db.close()


@click.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True)
@click.option("--week", required=True, help="ISO week, e.g. 2024-W36.")
@click.option("--program", "programme", default=None, help="Only articles mentioning this programme (name or id).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for report.html and the CSV files.")
def report(db_path: Path, week: str, programme: str | None, out_dir: Path) -> None:
    """Write a week's report: self-contained HTML with charts, and CSV files of every section."""
    from store.browse.report import week_range, write_report

    try:
        week_range(week)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--week") from None
    written = write_report(db_path, week, out_dir, programme, hint=demo_hint(db_path))
    click.echo(f"{written.html} ({written.articles} articles) and {len(written.csv_files)} CSV files in {out_dir}")


def reachable(redis_url: str) -> None:
    """Ping the shared Redis first: an address nothing answers on is one line and exit 2, not a hung crawl."""
    import redis

    redis.Redis.from_url(redis_url, socket_connect_timeout=10).ping()


REDIS = click.option("--redis-url", envvar="REDIS_URL", required=True, show_envvar=True,
                     help="The shared Redis, e.g. redis://10.0.0.5:6379/0.")
SOURCES = click.option("--sources", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                       default=CONFIG_DIR / "sources.yaml", show_default=True)


@click.command()
@REDIS
@SOURCES
@click.option("--only", help="Comma-separated source names (default: all enabled).")
@click.option("--fresh", is_flag=True, help="Forget what earlier distributed crawls queued and saw first.")
def seed(redis_url: str, sources: Path, only: str | None, fresh: bool) -> None:
    """Push the start points of the configured sources into the shared Redis queue."""
    from crawler.distributed.scheduler import seed as push_start_points

    count = push_start_points(redis_url, str(sources), only, fresh)  # a bad config: one line, exit 2
    click.echo(f"queued {count} start points in {redis_url}")


@click.command()
@REDIS
@SOURCES
@click.option("--warc-dir", type=click.Path(file_okay=False), default="data/warc", show_default=True)
@click.option("--idle", "idle_s", type=float, default=30.0, show_default=True,
              help="Exit after the queue stayed empty this many seconds (0: never).")
@click.option("--id", "worker_id", help="Worker name (default: host-pid-random).")
@click.option("--pool", type=click.IntRange(min=1), default=None,
              help="Processes that clean pages while the worker fetches (default: one per core; 1: inline).")
def worker(redis_url: str, sources: Path, warc_dir: str, idle_s: float, worker_id: str | None,
           pool: int | None) -> None:
    """Crawl from the shared Redis queue; clean and extract here; push the results for `pantau writer`."""
    from pantau_configs.models import load_sources

    from crawler.distributed.worker import run_worker

    load_sources(sources)
    reachable(redis_url)
    collect_less_often()
    click.echo(f"worker {run_worker(redis_url, str(sources), warc_dir, idle_s, worker_id, pool=pool)} done")


@click.command()
@REDIS
@SOURCES
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True)
@click.option("--idle", "idle_s", type=float, default=30.0, show_default=True,
              help="Exit once no item came for this many seconds and no worker is alive (0: never).")
def writer(redis_url: str, sources: Path, db_path: Path, idle_s: float) -> None:
    """The single process that writes what the workers pushed into the SQLite database."""
    from pantau_configs.models import load_sources

    from crawler.distributed.writer import run_writer
    from crawler.runs.nightly import EXIT_LOCKED, RunLocked, run_lock
    from crawler.runs.run import format_summary, read_summary
    from store.dbfile import check_for_writing

    load_sources(sources)
    check_for_writing(db_path)  # before the lock file or any folder is created
    reachable(redis_url)
    collect_less_often()
    try:
        with run_lock(db_path):
            run_id = run_writer(db_path, redis_url, idle_s, str(sources))
    except RunLocked as exc:
        click.echo(f"pantau writer: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(format_summary(read_summary(db_path, run_id)))


COMMANDS = (nightly, status, report, seed, worker, writer)
