"""The errors a config or a name given on the command line raises: light, so the CLI can catch them without
loading pydantic."""

from __future__ import annotations

from pathlib import Path


class ConfigError(ValueError):
    """A config file failed validation; the message names the file, the entry and the field."""

    def __init__(self, path: Path | str, entry: str, field: str, message: str) -> None:
        self.path, self.entry, self.field = str(path), entry, field
        if entry == "file":  # the file as a whole (missing, binary, not YAML): no entry or field to name
            super().__init__(f"{path}: {message}")
        else:
            super().__init__(f"{path}: {entry}: field '{field}': {message}")


class UnknownName(ValueError):
    """A name given on the command line (--only, --program) is not one the config or database knows."""

    def __init__(self, option: str, names: list[str], known: list[str], kind: str = "unknown") -> None:
        listed = ", ".join(known[:40]) + (f" … ({len(known)} in all)" if len(known) > 40 else "")
        super().__init__(f"{option} {','.join(names)}: {kind} name; known: {listed or 'none'}")
