"""`pantau eval-quotes`: quote attribution against labelled quotes."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("eval-quotes")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--errors", "show_errors", is_flag=True, help="List every quote credited to the wrong speaker or missed.")
@click.option("--fail-under", type=float, default=None, help="Exit 1 when precision is below this.")
def eval_quotes(path: Path, show_errors: bool, fail_under: float | None) -> None:
    """Precision and recall of quote attribution on a YAML file of articles with each quote's speaker."""
    from extract.evaluation.quotes import score_quotes

    try:
        score = score_quotes(path)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"quotes labelled with a speaker: {score.labelled}; credited: {score.credited}; correct: {score.correct}")
    click.echo(f"precision {score.precision:.3f}  recall {score.recall:.3f}")
    if show_errors:
        for line in score.errors:
            click.echo(f"  {line}")
    if fail_under is not None and score.precision < fail_under:
        raise click.ClickException(f"precision {score.precision:.3f} < {fail_under}")


COMMANDS = (eval_quotes,)
