"""`pantau eval-relevance`: kept and rejected counts of the relevance decision on labelled folders."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pantau_configs.errors import ConfigError
from pantau_configs.paths import DEFAULT_TOPICS

FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)


@click.command("eval-relevance")
@click.option("--pos", "positives", type=FOLDER, required=True, help="Folder of IKM articles (.txt or .html).")
@click.option("--neg", "negatives", type=FOLDER, required=True,
              help="Folder of look-alikes; a JSONL with id and kind beside it gives the table its kinds.")
@click.option("--topics", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_TOPICS, show_default=True)
@click.option("--min-pos-kept", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Fail (exit 1) when fewer than this share of the positives are kept.")
@click.option("--max-neg-kept", type=int, default=None, help="Fail (exit 1) when more look-alikes than this are kept.")
def eval_relevance(positives: Path, negatives: Path, topics: Path, min_pos_kept: float,
                   max_neg_kept: int | None) -> None:
    """Decide every article of two folders as a crawl would; print kept/rejected per kind and each mistake's reasons."""
    from extract.evaluation.relevance import evaluate, format_report

    try:
        from pantau_configs.models import load_topics

        report = evaluate(positives, negatives, load_topics(topics))
    except (ConfigError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_report(report))
    pos_kept, pos_total = report.kept(True)
    neg_kept, _ = report.kept(False)
    failures = []
    if pos_kept < min_pos_kept * pos_total:
        failures.append(f"positives kept {pos_kept}/{pos_total} < {min_pos_kept:.0%}")
    if max_neg_kept is not None and neg_kept > max_neg_kept:
        failures.append(f"look-alikes kept {neg_kept} > {max_neg_kept}")
    if failures:
        click.echo("below the floor: " + "; ".join(failures), err=True)
        sys.exit(1)


COMMANDS = [eval_relevance]
