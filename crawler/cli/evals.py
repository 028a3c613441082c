"""The evaluation commands of `pantau` (eval, eval-persons, eval-discovery, eval-clean, eval-stories)."""

from __future__ import annotations

from pathlib import Path

import click
from pantau_configs.paths import DEFAULT_SOURCES


def _floors(values: tuple[str, ...]) -> dict[str, float]:
    floors = {}
    for value in values:
        kind, _, number = value.partition("=")
        try:
            floors[kind] = float(number)
        except ValueError:
            raise click.BadParameter(f"{value!r}: expected TYPE=NUMBER, e.g. dates=0.9") from None
    return floors


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--errors", "show_errors", multiple=True, help="Also list missed/spurious items of this type.")
@click.option("--fail-under", multiple=True, help="TYPE=F1 floor, e.g. officials.full=0.9; exit 1 below it.")
def evaluate(gold: Path, show_errors: tuple[str, ...], fail_under: tuple[str, ...]) -> None:
    """Score fact extraction against a gold JSONL file (precision, recall, F1 per type)."""
    from extract.evaluation.facts import describe_errors, evaluate_gold, format_scores

    floors = _floors(fail_under)
    results, totals = evaluate_gold(gold)
    click.echo(format_scores(totals))
    for kind in show_errors:
        click.echo(describe_errors(results, kind))
    failed = [f"{kind} F1 {totals[kind].f1:.3f} < {floor}" for kind, floor in floors.items()
              if kind in totals and totals[kind].f1 < floor]
    if failed:
        raise click.ClickException("below the floor: " + "; ".join(failed))


@click.command("eval-persons")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--show-missed", type=int, default=0, help="List up to N persons that were not found.")
def eval_persons(paths: tuple[Path, ...], show_missed: int) -> None:
    """Person recall on CoNLL NER files, for persons named right next to a position title."""
    from extract.evaluation.persons import person_recall

    for path in paths:
        found, total, missed = person_recall([path])
        click.echo(f"{path}: {found}/{total} persons next to a position found (recall {found / max(total, 1):.3f})")
        for line in missed[:show_missed]:
            click.echo(f"  missed {line}")


@click.command("eval-discovery")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
def eval_discovery(corpus: Path) -> None:
    """Link recall on saved listing pages and item counts of saved feeds (a corpus folder)."""
    from crawler.discovery import feed_entries, listing_links
    from extract.evaluation.discovery import feed_items, listing_recall

    listings = listing_recall(corpus, listing_links)
    for name, found, wanted, ordered in listings:
        click.echo(f"{name:<60}{found:>4}/{wanted:<4}{'in order' if ordered else 'out of order'}")
    feeds = feed_items(corpus, feed_entries)
    short = [f"{name} {parsed}/{total}" for name, parsed, total in feeds if parsed < total]
    click.echo(f"listing links found: {sum(r[1] for r in listings)}/{sum(r[2] for r in listings)}; "
               f"feed items parsed: {sum(r[1] for r in feeds)}/{sum(r[2] for r in feeds)} in {len(feeds)} feeds")
    missed = [f"{name} {found}/{wanted}" for name, found, wanted, _ in listings if found < wanted]
    if short or missed:
        raise click.ClickException("; ".join(filter(None, (
            "feeds not fully parsed: " + ", ".join(short) if short else "",
            "listing links missed: " + ", ".join(missed) if missed else ""))))


# (mean F1, lowest page F1, titles) below which --check-floors fails; every date must be found in both.
CLEAN_FLOORS = {"quirks": (0.96, 0.85, 32), "generic": (0.97, 0.90, 33)}


@click.command("eval-clean")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--baseline/--no-baseline", default=True, help="Also score plain trafilatura on the same pages.")
@click.option("--quirks/--no-quirks", default=True,
              help="Apply the outlet quirks of --sources, or score the generic path alone.")
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=DEFAULT_SOURCES, show_default=True, help="Sources config whose outlet quirks are applied.")
@click.option("--check-floors", is_flag=True,
              help="Exit 1 below the floors (with quirks: mean F1 0.96, min 0.85, titles 32; "
                   "--no-quirks: 0.97, 0.90, 33; all dates).")
def eval_clean(path: Path, baseline: bool, quirks: bool, sources_file: Path, check_floors: bool) -> None:
    """Score cleaning on saved pages with ground truth (a corpus folder or its truth.jsonl)."""
    from pantau_configs.models import load_sources

    from extract.evaluation.clean import evaluate_cleaning, format_table, summarise

    quirks_for = load_sources(sources_file).quirks_for_url if quirks else None
    scores = evaluate_cleaning(path, quirks_for=quirks_for)
    click.echo(format_table(scores, evaluate_cleaning(path, "trafilatura") if baseline else None))
    summary = summarise(scores)
    mean, lowest, titles = CLEAN_FLOORS["quirks" if quirks else "generic"]
    failures = [text for failed, text in (
        (summary.mean_f1 < mean, f"mean F1 {summary.mean_f1:.3f} < {mean}"),
        (summary.min_f1 < lowest, f"min F1 {summary.min_f1:.3f} < {lowest}"),
        (summary.titles < titles, f"titles {summary.titles} < {titles}"),
        (summary.dates < summary.pages, f"dates {summary.dates} < {summary.pages}"),
    ) if failed]
    if check_floors and failures:
        raise click.ClickException("below the floor: " + "; ".join(failures))


@click.command("eval-stories")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--threshold", type=float, default=None, help="Containment that makes two articles one story.")
def eval_stories(path: Path, threshold: float | None) -> None:
    """Pairwise precision and recall of story grouping on a labelled YAML file (articles with a `story` label)."""
    from extract.evaluation.stories import evaluate_stories

    articles, stories, precision, recall = evaluate_stories(path, threshold)
    click.echo(f"{articles} articles, {stories} stories: pair precision {precision:.3f}, recall {recall:.3f}")


COMMANDS = (evaluate, eval_persons, eval_discovery, eval_clean, eval_stories,)
