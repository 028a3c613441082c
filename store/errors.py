"""The error a database path that cannot be used raises: light, so the CLI can catch it without loading
sqlite-utils."""

from __future__ import annotations

from pathlib import Path


class UnusablePath(ValueError):
    """A path given as a database (or a file to create) cannot be used; the message names it and what is wrong."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {problem}")
