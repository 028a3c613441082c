"""The `pantau` command line: a thin layer over the crawler, extract and store libraries."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.config import ConfigError, load_topics
from crawler.paths import DEFAULT_DB, DEFAULT_SOURCES, DEFAULT_TOPICS

FILE = click.Path(dir_okay=False, path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pantau")
def main() -> None:
    """Pantau: monitor Indonesian news coverage of IKM (small and medium industry) programmes."""


@main.command()
@click.option("--sources", type=FILE, default=DEFAULT_SOURCES, show_default=True, help="Sources config.")
@click.option("--db", "db_path", type=FILE, default=DEFAULT_DB, show_default=True, help="SQLite database.")
@click.option("--topics", type=FILE, default=None, help="Relevance terms (default: configs/topics.yaml).")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), help="Where WARC files go.")
@click.option("--only", help="Comma-separated source names to crawl (default: all enabled).")
@click.option("--workers", type=int, help="Cleaning processes (default: one per core).")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's INFO log.")
def crawl(sources: Path, db_path: Path, topics: Path | None, warc_dir: Path | None, only: str | None,
          workers: int | None, verbose: bool) -> None:
    """Crawl the configured sources: fetch, archive to WARC, clean, score and store articles."""
    from crawler.nightly import EXIT_LOCKED, RunLocked, run_lock
    from crawler.run import format_summary, run_crawl

    try:
        with run_lock(db_path):
            summary = run_crawl(sources, db_path, topics=topics, warc_dir=warc_dir, only=only, workers=workers,
                                log_level="INFO" if verbose else "WARNING")
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    except RunLocked as exc:
        click.echo(f"pantau crawl: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(format_summary(summary))
    if summary.status.startswith("failed"):
        sys.exit(1)


@main.command()
@click.option("--db", "db_path", type=FILE, default=DEFAULT_DB, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback only by default).")
@click.option("--port", type=int, default=8001, show_default=True)
def serve(db_path: Path, host: str, port: int) -> None:
    """Browse the database with Datasette (titles, facets, full-text search, canned queries)."""
    from crawler.serve import serve as run_datasette

    try:
        sys.exit(run_datasette(db_path, host, port))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option("--db", "db_path", type=FILE, default=Path("data/demo.db"), show_default=True)
@click.option("--no-serve", is_flag=True, help="Exit after the crawl instead of serving Datasette.")
@click.option("--site-only", is_flag=True, help="Only serve the demo site (for trying configs against it).")
@click.option("--port", type=int, default=None,
              help="Port of what is served at the end: Datasette (default 8001), or the site with --site-only (8765).")
@click.option("--workers", type=int, help="Cleaning processes (default: one per core).")
def demo(db_path: Path, no_serve: bool, site_only: bool, port: int | None, workers: int | None) -> None:
    """Run the real pipeline offline over the bundled demo site on 127.0.0.1, then browse the result."""
    from crawler.demo import run_demo
    from crawler.demo_site import DEFAULT_PORT, DemoSite
    from crawler.run import format_summary
    from crawler.serve import serve as run_datasette

    if site_only:
        site = DemoSite(port=port or DEFAULT_PORT).start()
        click.echo(f"Demo site: {site.base_url}/  (sources: configs/demo/sources.yaml; Ctrl-C stops it)")
        try:
            site.serve_forever()
        except KeyboardInterrupt:
            site.stop()
        return
    summary = run_demo(db_path, workers=workers)
    click.echo(format_summary(summary))
    if summary.status.startswith("failed"):
        sys.exit(1)
    if not no_serve:
        sys.exit(run_datasette(db_path, "127.0.0.1", port or 8001))


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", default=None, help="The page's URL (resolves relative links and the canonical URL).")
@click.option("--topics", type=FILE, default=DEFAULT_TOPICS, show_default=True)
def clean(path: Path, url: str | None, topics: Path) -> None:
    """Clean one saved HTML page and print the article as JSON."""
    from extract.clean import NotAnArticle, clean_html
    from extract.relevance_decision import assess

    try:
        article = clean_html(path.read_bytes(), url or path.resolve().as_uri())
    except NotAnArticle as exc:
        raise click.ClickException(f"{path}: not an article ({exc})") from None
    decision, _, _ = assess(article.title, article.text, article.published, load_topics(topics))
    payload = {**article.as_dict(), "relevance": decision.score, "relevant": decision.relevant,
               "matched_terms": decision.matched, "relevance_reasons": decision.reasons}
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
@main.command()
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True)
@click.option("--workers", type=int, help="Processes (default: one per core).")
@click.option("--stale-only", is_flag=True, help="Only articles extracted by an older extractor version.")
@click.option("--from-archive", is_flag=True, help="Clean the text again from the raw pages in the WARC archive too.")
@click.option("--sources", type=FILE, default=DEFAULT_SOURCES, show_default=True,
              help="Sources config whose outlet quirks cleaning uses (with --from-archive).")
def reextract(db_path: Path, workers: int | None, stale_only: bool, from_archive: bool, sources: Path) -> None:
    """Re-run fact extraction over stored articles, replacing each article's facts atomically."""
    from crawler.reextract import rebuild_from_archive
    from crawler.reextract import reextract as run_reextract

    if from_archive:
        counts = rebuild_from_archive(db_path, sources, workers=workers)
        click.echo(f"rebuilt {counts['done']} of {counts['articles']} articles from the archive "
                   f"({counts['changed']} texts changed, {counts['articles'] - counts['archived']} without an archive, "
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
    from extract.clean import NotAnArticle
    from extract.facts.api import extract_facts, read_input

    try:
        text, page_published = read_input(path, url)
    except NotAnArticle as exc:
        raise click.ClickException(f"{path}: not an article ({exc})") from None
    result = extract_facts(text, published or page_published)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))


def _floors(values: tuple[str, ...]) -> dict[str, float]:
    floors = {}
    for value in values:
        kind, _, number = value.partition("=")
        try:
            floors[kind] = float(number)
        except ValueError:
            raise click.BadParameter(f"{value!r}: expected TYPE=NUMBER, e.g. dates=0.9") from None
    return floors


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--errors", "show_errors", multiple=True, help="Also list missed/spurious items of this type.")
@click.option("--fail-under", multiple=True, help="TYPE=F1 floor, e.g. officials.full=0.9; exit 1 below it.")
def evaluate(gold: Path, show_errors: tuple[str, ...], fail_under: tuple[str, ...]) -> None:
    """Score fact extraction against a gold JSONL file (precision, recall, F1 per type)."""
    from extract.evaluate import describe_errors, evaluate_gold, format_scores

    floors = _floors(fail_under)
    results, totals = evaluate_gold(gold)
    click.echo(format_scores(totals))
    for kind in show_errors:
        click.echo(describe_errors(results, kind))
    failed = [f"{kind} F1 {totals[kind].f1:.3f} < {floor}" for kind, floor in floors.items()
              if kind in totals and totals[kind].f1 < floor]
    if failed:
        raise click.ClickException("below the floor: " + "; ".join(failed))


@main.command("eval-persons")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--show-missed", type=int, default=0, help="List up to N persons that were not found.")
def eval_persons(paths: tuple[Path, ...], show_missed: int) -> None:
    """Person recall on CoNLL NER files, for persons named right next to a position title."""
    from extract.person_eval import person_recall

    for path in paths:
        found, total, missed = person_recall([path])
        click.echo(f"{path}: {found}/{total} persons next to a position found (recall {found / max(total, 1):.3f})")
        for line in missed[:show_missed]:
            click.echo(f"  missed {line}")


@main.group()
def sources() -> None:
    """Inspect the configured sources."""


@sources.command("check")
@click.option("--sources", "sources_file", type=FILE, default=DEFAULT_SOURCES, show_default=True)
def sources_check(sources_file: Path) -> None:
    """Probe every start point: reachable, robots.txt allows, items found, newest item date."""
    from crawler.config import load_sources
    from crawler.sources_check import check_sources, format_probes, online

    try:
        config = load_sources(sources_file)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if not online():
        click.echo("offline: host names do not resolve, so no start point can be probed", err=True)
        sys.exit(2)
    probes = check_sources(config)
    click.echo(format_probes(probes))
    if any(p.status != "ok" or not p.items for p in probes):
        sys.exit(1)


@main.command("eval-discovery")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
def eval_discovery(corpus: Path) -> None:
    """Link recall on saved listing pages and item counts of saved feeds (a corpus folder)."""
    from crawler.discovery_eval import feed_items, listing_recall

    listings = listing_recall(corpus)
    for name, found, wanted, ordered in listings:
        click.echo(f"{name:<60}{found:>4}/{wanted:<4}{'in order' if ordered else 'out of order'}")
    feeds = feed_items(corpus)
    short = [f"{name} {parsed}/{total}" for name, parsed, total in feeds if parsed < total]
    click.echo(f"listing links found: {sum(r[1] for r in listings)}/{sum(r[2] for r in listings)}; "
               f"feed items parsed: {sum(r[1] for r in feeds)}/{sum(r[2] for r in feeds)} in {len(feeds)} feeds")
    missed = [f"{name} {found}/{wanted}" for name, found, wanted, _ in listings if found < wanted]
    if short or missed:
        raise click.ClickException("; ".join(filter(None, (
            "feeds not fully parsed: " + ", ".join(short) if short else "",
            "listing links missed: " + ", ".join(missed) if missed else ""))))


@main.command("eval-clean")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--baseline/--no-baseline", default=True, help="Also score plain trafilatura on the same pages.")
@click.option("--check-floors", is_flag=True, help="Exit 1 below the floors (mean F1 0.96, min 0.85, titles 32).")
def eval_clean(path: Path, baseline: bool, check_floors: bool) -> None:
    """Score cleaning on saved pages with ground truth (a corpus folder or its truth.jsonl)."""
    from extract.clean_eval import evaluate_cleaning, format_table, summarise

    scores = evaluate_cleaning(path)
    click.echo(format_table(scores, evaluate_cleaning(path, "trafilatura") if baseline else None))
    summary = summarise(scores)
    failures = [text for failed, text in (
        (summary.mean_f1 < 0.96, f"mean F1 {summary.mean_f1:.3f} < 0.96"),
        (summary.min_f1 < 0.85, f"min F1 {summary.min_f1:.3f} < 0.85"),
        (summary.titles < 32, f"titles {summary.titles} < 32"),
        (summary.dates < summary.pages, f"dates {summary.dates} < {summary.pages}"),
    ) if failed]
    if check_floors and failures:
        raise click.ClickException("below the floor: " + "; ".join(failures))


def _register_operations() -> None:
    from crawler.cli_ops import eval_stories, nightly, report, seed, status, worker, writer
    from crawler.cli_relevance import eval_relevance

    for command in (nightly, status, report, eval_stories, seed, worker, writer, eval_relevance):
        main.add_command(command)


_register_operations()

if __name__ == "__main__":
    main()
