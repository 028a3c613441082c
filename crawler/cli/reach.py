"""`pantau sources which | coverage | list` (added to the group in crawler/cli/sources.py): reach of the sources."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from pantau_configs.errors import ConfigError
from pantau_configs.paths import DEFAULT_SOURCES

if TYPE_CHECKING:
    from pantau_configs.models import SourcesConfig

SOURCES_OPTION = click.option("--sources", "sources_file", type=click.Path(dir_okay=False, path_type=Path),
                              default=DEFAULT_SOURCES, show_default=True, help="Sources config.")


def _config(path: Path) -> SourcesConfig:
    from pantau_configs.models import load_sources  # pydantic: loaded by the commands that read a config

    try:
        return load_sources(path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("which")
@SOURCES_OPTION
@click.argument("urls", nargs=-1, required=True)
def which(sources_file: Path, urls: tuple[str, ...]) -> None:
    """One JSON line per URL (or per line of stdin with `-`): its canonical form and the direct source that
    accepts it, or why none does."""
    from crawler.source_match import SourceMatcher

    matcher = SourceMatcher(_config(sources_file))
    wanted = [line.strip() for line in sys.stdin] if urls == ("-",) else list(urls)
    for url in filter(None, wanted):
        click.echo(matcher.which(url).to_json())


@click.command("coverage")
@SOURCES_OPTION
@click.option("--fail-under", type=click.FloatRange(0, 1), default=None, help="Exit 1 when the overall share is lower.")
@click.option("--show-missed", is_flag=True, help="List the URLs no source accepts, with the reason.")
@click.argument("sample", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def coverage(sources_file: Path, fail_under: float | None, show_missed: bool, sample: Path) -> None:
    """Share of a JSON-lines URL sample (`url`, `category`) that a configured direct source accepts."""
    from crawler.source_match import SourceMatcher, read_sample
    from crawler.source_match import coverage as measure

    try:
        rows = read_sample(sample)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    shares, overall, misses = measure(SourceMatcher(_config(sources_file)), rows)
    for share in [*shares, overall]:
        click.echo(f"{share.category:<20}{share.reached:>5}/{share.total:<5}{share.share:.3f}")
    if show_missed:
        for miss in misses:
            click.echo(f"  missed ({miss.reason}) {miss.canonical}")
    if fail_under is not None and overall.share < fail_under:
        raise click.ClickException(f"overall coverage {overall.share:.3f} is under {fail_under:.2f}")


@click.command("list")
@SOURCES_OPTION
def list_sources(sources_file: Path) -> None:
    """The configured sources grouped by province (national ones first), with their kind and domains."""
    from pantau_configs.models import NATIONAL, PROVINCES

    config = _config(sources_file)
    order = {name: index for index, name in enumerate((NATIONAL, *sorted(PROVINCES)))}
    groups: dict[str, list[str]] = {}
    for source in config.sources:
        kind = "aggregator" if source.quirks.aggregator else source.kind or "-"
        flag = "" if source.enabled else " (disabled)"
        line = f"  {source.name:<24}{kind:<12}{', '.join(source.domains[:3])}{' …' if len(source.domains) > 3 else ''}"
        groups.setdefault(source.province or "unassigned", []).append(line + flag)
    for province in sorted(groups, key=lambda p: order.get(p, len(order))):
        click.echo(f"{province} ({len(groups[province])})")
        click.echo("\n".join(groups[province]))
