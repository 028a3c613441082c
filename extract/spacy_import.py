"""Import spaCy without its command-line package, which Pantau never runs but spaCy's own `import` loads."""

import sys
import types
from typing import Any


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, with the command-line package imported on the first call instead of at `import spacy`."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy_without_cli() -> None:
    """Import spaCy with `spacy.cli.info` stood in for while it loads.

    spaCy 3.8's `__init__` imports `spacy.cli.info` only to re-export `info`; that pulls in every spaCy command with
    typer, weasel, requests and rich: about a third of `import spacy` (0.4 s of 1.1 s on the 2-core machine), paid by
    every `pantau facts` and every cleaning worker. spaCy once merged the same lazy import (explosion/spaCy#12962).
    The stand-in leaves `sys.modules` as soon as spaCy is loaded, so a later `import spacy.cli` loads the real one.
    """
    if "spacy" in sys.modules:
        return
    stand_in = types.ModuleType("spacy.cli.info")
    stand_in.info = _info  # type: ignore[attr-defined]
    sys.modules["spacy.cli.info"] = stand_in
    try:
        import spacy  # noqa: F401
    finally:
        if sys.modules.get("spacy.cli.info") is stand_in:
            del sys.modules["spacy.cli.info"]
