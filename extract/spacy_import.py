"""Import spaCy without its command-line package, which Pantau never runs but spaCy's own `import` loads."""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import types
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from typing import Any


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, with the command-line package imported on the first call instead of at `import spacy`."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _StandInWhileLoading(importlib.abc.Loader):
    """spaCy's own loader, with `spacy.cli.info` stood in for while spaCy's `__init__` runs."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        stand_in = types.ModuleType("spacy.cli.info")
        stand_in.info = _info  # type: ignore[attr-defined]
        sys.modules["spacy.cli.info"] = stand_in
        try:
            self.loader.exec_module(module)
        finally:
            if sys.modules.get("spacy.cli.info") is stand_in:
                del sys.modules["spacy.cli.info"]
            sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _SpacyFinder)]

    def __getattr__(self, name: str) -> Any:  # resource readers, file names: the real loader's
        if name == "loader":  # not set yet (a copy made without __init__): no endless lookup
            raise AttributeError(name)
        return getattr(self.loader, name)


class _SpacyFinder(importlib.abc.MetaPathFinder):
    """Finds `spacy` where the other finders do and hands it the loader above (which removes this finder once spaCy
    is loaded; a mere look for spaCy, `importlib.util.find_spec("spacy")`, leaves it in place)."""

    def __init__(self) -> None:
        self.searching = False

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None,
                  ) -> ModuleSpec | None:
        if fullname != "spacy" or self.searching:
            return None
        self.searching = True  # the search below asks every finder again, this one included
        try:
            spec = importlib.util.find_spec("spacy")
        finally:
            self.searching = False
        if spec is not None and spec.loader is not None:
            spec.loader = _StandInWhileLoading(spec.loader)
        return spec


def import_spacy_without_cli() -> None:
    """Have the next `import spacy` (wherever it comes from) skip `spacy.cli`; spaCy itself is not imported here.

    spaCy 3.8's `__init__` imports `spacy.cli.info` only to re-export `info`; that pulls in every spaCy command with
    typer, weasel, requests and rich: about a third of `import spacy` (0.4 s of 1.1 s on the 2-core machine), paid by
    every `pantau facts` and every cleaning worker. spaCy once merged the same lazy import (explosion/spaCy#12962).
    The stand-in leaves `sys.modules` as soon as spaCy is loaded, so a later `import spacy.cli` loads the real one.
    """
    if "spacy" not in sys.modules and not any(isinstance(finder, _SpacyFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SpacyFinder())
