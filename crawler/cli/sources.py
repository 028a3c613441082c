"""The `pantau sources` commands: inspect the configured sources."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pantau_configs.models import ConfigError
from pantau_configs.paths import DEFAULT_SOURCES

FILE = click.Path(dir_okay=False, path_type=Path)


@click.group()
def sources() -> None:
    """Inspect the configured sources."""


@sources.command("check")
@click.option("--sources", "sources_file", type=FILE, default=DEFAULT_SOURCES, show_default=True)
def sources_check(sources_file: Path) -> None:
    """Probe every start point: reachable, robots.txt allows, items found, newest item date."""
    from pantau_configs.models import load_sources

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


from crawler.cli.reach import coverage, list_sources, which  # noqa: E402 - `sources which | coverage | list`

for _command in (which, coverage, list_sources):
    sources.add_command(_command)

COMMANDS = (sources,)
