"""The `pantau` command line: a thin layer over the crawler, extract and store libraries."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from pantau_configs.paths import DEFAULT_DB, DEFAULT_SOURCES, DEFAULT_TOPICS

from crawler.cli.errors import GuardedGroup
from crawler.runs.lifecycle import one_shot_command, stacks_on_sigusr1

FILE = click.Path(dir_okay=False, path_type=Path)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pantau")
@click.option("-v", "--verbose", is_flag=True, help="Show the traceback of a failure (also PANTAU_DEBUG=1).")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Pantau: monitor Indonesian news coverage of IKM (small and medium industry) programmes.

    Exit codes: 0 done; 1 done with failures (sources that failed, pages that are not articles, a crawl stopped
    before its end); 2 could not start (a file, database, config or name given cannot be used); 3 another run
    holds the database's lock.
    """
    ctx.obj = {"verbose": verbose}
    stacks_on_sigusr1()


@main.command()
@click.option("--sources", type=FILE, default=DEFAULT_SOURCES, show_default=True, help="Sources config.")
@click.option("--db", "db_path", type=FILE, default=DEFAULT_DB, show_default=True, help="SQLite database.")
@click.option("--topics", type=FILE, default=None, help="Relevance terms (default: configs/topics.yaml).")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), help="Where WARC files go.")
@click.option("--only", help="Comma-separated source names to crawl (default: all enabled).")
@click.option("--workers", type=int, help="Cleaning processes (default: one per core).")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO) and tracebacks.")
def crawl(sources: Path, db_path: Path, topics: Path | None, warc_dir: Path | None, only: str | None,
          workers: int | None, verbose: bool) -> None:
    """Crawl the configured sources: fetch, archive to WARC, clean, score and store articles."""
    from crawler.runs.nightly import EXIT_LOCKED, RunLocked, run_lock
    from crawler.runs.run import format_summary, preflight, run_crawl

    preflight(sources, db_path, topics, only)  # nothing is created before the configs, names and db are checked
    try:
        with run_lock(db_path):
            summary = run_crawl(sources, db_path, topics=topics, warc_dir=warc_dir, only=only, workers=workers,
                                log_level="INFO" if verbose else "CRITICAL")
    except RunLocked as exc:
        click.echo(f"pantau crawl: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(format_summary(summary))
    if summary.failed_sources:
        click.echo(f"failed sources: {', '.join(summary.failed_sources)} (see `pantau status --errors`)")
    if summary.status.startswith("failed") and not verbose:
        click.echo("pantau crawl: the crawl process failed; run again with -v to see Scrapy's log", err=True)
    if summary.status.startswith("failed") or summary.failed_sources or summary.interrupted:
        sys.exit(1)


@main.command()
@click.option("--db", "db_path", type=FILE, default=DEFAULT_DB, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback only by default).")
@click.option("--port", type=int, default=8001, show_default=True)
def serve(db_path: Path, host: str, port: int) -> None:
    """Browse the database with Datasette (titles, facets, full-text search, canned queries)."""
    from store.browse.serve import serve as run_datasette

    sys.exit(run_datasette(db_path, host, port))


@main.command()
@click.option("--db", "db_path", type=FILE, default=Path("data/demo.db"), show_default=True)
@click.option("--no-serve", is_flag=True, help="Exit after the crawl instead of serving Datasette.")
@click.option("--site-only", is_flag=True, help="Only serve the demo site (for trying configs against it).")
@click.option("--port", type=int, default=None,
              help="Port of what is served at the end: Datasette (default 8001), or the site with --site-only (8765).")
@click.option("--workers", type=int, help="Cleaning processes (default: one per core).")
def demo(db_path: Path, no_serve: bool, site_only: bool, port: int | None, workers: int | None) -> None:
    """Run the real pipeline offline over the bundled demo site on 127.0.0.1, then browse the result."""
    from crawler.runs.demo import run_demo
    from crawler.runs.lifecycle import sigterm_as_exit
    from crawler.runs.run import format_summary
    from crawler.sites.demo import DEFAULT_PORT, DemoSite
    from store.browse.serve import serve as run_datasette
    from store.dbfile import check_for_writing

    if site_only:
        site = DemoSite(port=port or DEFAULT_PORT).start()
        click.echo(f"Demo site: {site.base_url}/  (sources: configs/demo/sources.yaml; Ctrl-C stops it)")
        try:
            site.serve_forever()
        except KeyboardInterrupt:
            site.stop()
        return
    check_for_writing(db_path)
    with sigterm_as_exit():  # a stop during the crawl still stops the demo site and the crawler, and cleans up
        summary = run_demo(db_path, workers=workers)
    click.echo(format_summary(summary))
    if summary.status.startswith("failed"):
        sys.exit(1)
    if not no_serve:
        sys.exit(run_datasette(db_path, "127.0.0.1", port or 8001, hint=" (the demo's crawl stored nothing)"))


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", default=None, help="The page's URL (resolves relative links and the canonical URL).")
@click.option("--topics", type=FILE, default=DEFAULT_TOPICS, show_default=True)
def clean(path: Path, url: str | None, topics: Path) -> None:
    """Clean one saved HTML page and print the article as JSON."""
    with one_shot_command():
        click.echo(json.dumps(_cleaned_page(path, url, topics), ensure_ascii=False, indent=2))


def _cleaned_page(path: Path, url: str | None, topics: Path) -> dict[str, object]:
    from pantau_configs.models import load_topics

    from extract.clean import clean_html
    from extract.relevance_decision import assess

    terms = load_topics(topics)
    article = clean_html(path.read_bytes(), url or path.resolve().as_uri())
    decision, _, _ = assess(article.title, article.text, article.published, terms)
    return {**article.as_dict(), "relevance": decision.score, "relevant": decision.relevant,
            "matched_terms": decision.matched, "relevance_reasons": decision.reasons}


@main.command()
@click.option("--db", "db_path", type=FILE, default=DEFAULT_DB, show_default=True)
@click.option("--workers", type=int, help="Processes (default: one per core).")
@click.option("--stale-only", is_flag=True, help="Only articles whose facts or event regions an older extractor wrote.")
@click.option("--from-archive", is_flag=True, help="Clean the text again from the raw pages in the WARC archive too.")
@click.option("--sources", type=FILE, default=DEFAULT_SOURCES, show_default=True,
              help="Sources config whose outlet quirks cleaning uses (with --from-archive).")
def reextract(db_path: Path, workers: int | None, stale_only: bool, from_archive: bool, sources: Path) -> None:
    """Re-run fact extraction over stored articles, replacing each article's facts atomically."""
    from pantau_configs.models import load_sources

    from crawler.runs.reextract import rebuild_from_archive
    from crawler.runs.reextract import reextract as run_reextract
    from store.dbfile import check_existing, check_for_writing

    check_existing(db_path)  # re-extraction needs a database with articles: a missing one is not created
    check_for_writing(db_path)
    if from_archive:
        load_sources(sources)
        counts = rebuild_from_archive(db_path, sources, workers=workers)
        click.echo(f"rebuilt {counts['done']} of {counts['articles']} articles from the archive "
                   f"({counts['changed']} texts changed, {counts['articles'] - counts['archived']} without an archive, "
                   f"{counts['irrelevant']} no longer relevant under the current rules (kept, relevance updated), "
                   f"{counts['failed']} failed)")
    else:
        counts = run_reextract(db_path, workers=workers, only_stale=stale_only)
        click.echo(f"re-extracted {counts['done']} of {counts['articles']} articles ({counts['failed']} failed)")
    if counts["failed"]:
        sys.exit(1)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) that anchors relative dates.")
@click.option("--url", default=None, help="The page's URL, for an .html input.")
def facts(path: Path, published: str | None, url: str | None) -> None:
    """Extract officials, programmes, dates and figures from a .txt or .html file, as JSON."""
    with one_shot_command():
        click.echo(json.dumps(_facts_of_file(path, published, url), ensure_ascii=False, indent=2, default=str))


def _facts_of_file(path: Path, published: str | None, url: str | None) -> dict[str, object]:
    from extract.facts.api import extract_facts, read_input

    try:
        text, page_published = read_input(path, url)
    except ValueError as exc:
        from extract.clean import NotAnArticle  # loaded by now for an .html input; a .txt never needs trafilatura

        if not isinstance(exc, NotAnArticle):
            raise
        raise click.ClickException(f"{path}: not an article ({exc})") from None
    return extract_facts(text, published or page_published)


def _register_commands() -> None:
    """Add the commands defined in the sibling modules; a new module of commands adds one line here."""
    from crawler.cli import backfill, evals, ops, quotes, regions, relevance, sources

    for module in (ops, evals, sources, regions, backfill, quotes, relevance):
        for command in module.COMMANDS:
            main.add_command(command)


_register_commands()

