"""`pantau regions-predict`: event regions of an evaluation set, for ../shared/gold/score_regions.py."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("regions-predict")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def regions_predict(gold: Path, out: Path | None) -> None:
    """Predict each record's event provinces and kabupaten/kota (GOLD: a dev.jsonl with doc_id and text_file)."""
    from extract.evaluation.regions import predict_regions

    try:
        lines = [json.dumps(p, ensure_ascii=False) for p in predict_regions(gold)]
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    text = "\n".join(lines) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


COMMANDS = (regions_predict,)
