"""What a process pays before its first fact: spaCy is imported without its command-line package."""

from __future__ import annotations

import subprocess
import sys


def _run(script: str) -> str:
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert ended.returncode == 0, ended.stderr
    return ended.stdout.strip()


def test_the_facts_package_imports_spacy_without_its_commands() -> None:
    script = ("import sys, extract.facts.pipeline; "
              "print(sorted(m for m in ('spacy.cli', 'typer', 'weasel', 'requests') if m in sys.modules))")
    assert _run(script) == "[]"


def test_spacy_cli_still_loads_in_full_when_asked_for() -> None:
    script = ("import sys, extract.facts, spacy, spacy.cli; "
              "print(sys.modules['spacy.cli.info'].info.__module__, callable(spacy.cli.setup_cli))")
    assert _run(script) == "spacy.cli.info True"


def test_spacy_info_answers_through_the_stand_in() -> None:
    script = "import extract.facts, spacy; print(spacy.info()['spacy_version'] == spacy.__version__)"
    assert _run(script) == "True"


def test_the_crawls_process_stores_without_loading_spacy() -> None:
    """The crawl's own process only stores what the cleaning workers return: it never needs spaCy (0.7 s to load)."""
    script = ("import sys, crawler.pipelines, crawler.runs.process, extract.facts.programs, extract.facts.regions; "
              "print('spacy' in sys.modules)")
    assert _run(script) == "False"


def test_a_look_for_spacy_before_importing_it_keeps_the_stand_in() -> None:
    """A library checking that spaCy is installed (importlib.util.find_spec) must not use up the import hook."""
    script = ("import importlib.util, sys, extract.facts; assert importlib.util.find_spec('spacy'); "
              "import extract.facts.pipeline; print('spacy.cli' in sys.modules)")
    assert _run(script) == "False"
