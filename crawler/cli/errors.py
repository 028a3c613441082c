"""One error path for every `pantau` command: expected failures become one line naming the file, and exit 2."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click
from pantau_configs.errors import ConfigError, UnknownName

from extract.sniff import NotText
from store.errors import UnusablePath

EXIT_CANNOT_START = 2  # a file, database, config or name given to the command cannot be used (the README's table)
LIBRARY_ERRORS = (ConfigError, UnusablePath, NotText, UnknownName)  # messages that already name the file and the problem
FILE_PARAMS = ("db_path", "path", "paths", "sources", "sources_file", "config_file", "topics", "out_dir", "gold")


class BadInput(click.ClickException):
    """An expected failure shown as one line, `pantau CMD: message`, with exit code 2 unless told otherwise."""

    def __init__(self, message: str, command: str = "pantau", code: int = EXIT_CANNOT_START) -> None:
        super().__init__(message)
        self.command = command
        setattr(self, "exit_code", code)  # noqa: B010 - a ClassVar in click's type hints, set per failure here

    def show(self, file: Any = None) -> None:
        click.echo(f"{self.command}: {self.format_message()}", err=True)


def _verbose(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(ctx.params.get("verbose") or (root.obj or {}).get("verbose") or os.environ.get("PANTAU_DEBUG"))


def _database(ctx: click.Context) -> str:
    return str(ctx.params.get("db_path") or "the database")


def describe(exc: BaseException, ctx: click.Context) -> tuple[str, int] | None:
    """The one-line message and exit code of an expected failure, or None for a bug (which keeps its traceback)."""
    from extract.clean import NotAnArticle  # imported here: trafilatura is slow to load for `pantau --help`

    if isinstance(exc, LIBRARY_ERRORS):
        return str(exc), EXIT_CANNOT_START
    if isinstance(exc, NotAnArticle):  # a page that is no HTML text cannot be used; one without an article is a result
        page = ctx.params.get("path", "the page")
        if str(exc).startswith("not HTML"):
            return f"{page}: {exc}", EXIT_CANNOT_START
        return f"{page}: not an article ({exc})", 1
    from redis.exceptions import ConnectionError as RedisUnreachable

    if isinstance(exc, RedisUnreachable):
        return f"cannot reach Redis at {ctx.params.get('redis_url')}: {exc}", EXIT_CANNOT_START
    if isinstance(exc, sqlite3.DatabaseError):
        return f"{_database(ctx)}: {exc}", EXIT_CANNOT_START
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}", EXIT_CANNOT_START
    if isinstance(exc, UnicodeDecodeError):
        values = [ctx.params[p] for p in FILE_PARAMS if ctx.params.get(p)]
        named = [str(v) for value in values for v in (value if isinstance(value, tuple) else (value,))]
        return f"{' or '.join(named) or 'an input file'}: not UTF-8 text ({exc.reason} at byte {exc.start})", 2
    return None


def fail(ctx: click.Context, message: str, code: int = EXIT_CANNOT_START) -> NoReturn:
    raise BadInput(message, ctx.command_path, code)


class GuardedCommand(click.Command):
    """A command whose expected failures print one line (a traceback only with -v or PANTAU_DEBUG=1)."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.BadParameter as exc:  # a missing file, a number out of range: one line, not the usage text
            path = f"{parent.command_path} {info_name}" if parent else str(info_name)
            raise BadInput(exc.format_message(), path) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.BadParameter as exc:
            raise BadInput(exc.format_message(), ctx.command_path) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            described = describe(exc, ctx)
            if described is None or _verbose(ctx):
                raise
            fail(ctx, *described)


class GuardedGroup(click.Group):
    """The `pantau` group: every command registered on it (or on its subgroups) gets the one error path."""

    command_class = GuardedCommand

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        guard(cmd)
        super().add_command(cmd, name)


def guard(cmd: click.Command) -> None:
    """Give a command defined with plain @click.command()/@click.group() elsewhere the one error path, with its
    subcommands."""
    if type(cmd) is click.Command:
        cmd.__class__ = GuardedCommand
    elif type(cmd) is click.Group:
        cmd.__class__ = GuardedGroup
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            guard(sub)


GuardedGroup.group_class = GuardedGroup


@contextmanager
def starting_run(command: str, cannot_start: tuple[type[BaseException], ...]) -> Iterator[None]:
    """The start of a locked run (`pantau nightly`, `pantau backfill`): another run holding the lock exits 3, a
    config, file or name that cannot be used exits 2, each with one line."""
    from crawler.runs.nightly import EXIT_CANNOT_START as CANNOT_START
    from crawler.runs.nightly import EXIT_LOCKED, RunLocked

    try:
        yield
    except RunLocked as exc:
        click.echo(f"pantau {command}: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except cannot_start as exc:
        click.echo(f"pantau {command}: could not start: {exc}", err=True)
        sys.exit(CANNOT_START)


def echo_run(result: Any, format_summary: Callable[[Any], str]) -> None:
    """What a locked run did: the killed runs it finished first, then its summary."""
    if result.recovered:
        click.echo(f"recovered killed runs: {', '.join(map(str, result.recovered))}")
    if result.summary is not None:
        click.echo(format_summary(result.summary))
