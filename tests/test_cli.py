"""The `pantau` command line through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main

PAGE = Path(__file__).parent / "pages" / "site" / "berita" / "1.html"


@pytest.mark.parametrize("command", [[], ["crawl"], ["serve"], ["demo"], ["clean"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_the_command_line_loads_no_library_before_a_command_needs_it() -> None:
    """`pantau --help` and every command's start stay quick: pydantic (configs), sqlite-utils (with numpy),
    spaCy, Scrapy and trafilatura are imported by the commands that use them, not by the command line itself."""
    import subprocess
    import sys

    heavy = ("pydantic", "sqlite_utils", "numpy", "spacy", "scrapy", "trafilatura", "lxml")
    script = f"import sys, crawler.cli; print(*sorted(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert loaded.stdout.split() == []


def facts_in_a_child(tmp_path: Path, prelude: str) -> str:
    """`pantau facts` on one sentence in a fresh interpreter, `prelude` run between importing the command line and
    the command (it may register exit handlers and collector callbacks)."""
    import subprocess
    import sys

    text = tmp_path / "berita.txt"
    text.write_text("Kepala Dinas Perindustrian Kota Solo, Budi Santoso, membuka pelatihan IKM.\n", encoding="utf-8")
    script = f"from crawler.cli import main; {prelude}; main(['facts', {str(text)!r}])"
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert ended.returncode == 0, ended.stderr
    assert '"officials"' in ended.stdout
    return ended.stdout.rstrip()


def test_facts_ends_without_collecting_the_heap_at_exit(tmp_path: Path) -> None:
    """`pantau facts` ends without the interpreter's last collections over spaCy's heap (about 0.4 s of the
    command): its objects are frozen out of the collector's reach once every other exit handler has run."""
    prelude = "import atexit, gc; atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))"
    assert facts_in_a_child(tmp_path, prelude).endswith("frozen True")


def test_facts_runs_without_cyclic_collections(tmp_path: Path) -> None:
    """Loading spaCy and the rules triggers some 280 collections over a growing heap; a one-shot command skips them."""
    prelude = ("import atexit, gc; runs = []; "
               "gc.callbacks.append(lambda phase, info: runs.append(info) if phase == 'start' else None); "
               "atexit.register(lambda: print('collections', len(runs)))")
    assert facts_in_a_child(tmp_path, prelude).endswith("collections 0")


def test_a_one_shot_command_leaves_the_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    result = CliRunner().invoke(main, ["clean", str(PAGE), "--url", "https://kabarpesisir.example/x"])
    assert result.exit_code == 0, result.output
    assert gc.isenabled()
    gc.disable()
    try:
        again = CliRunner().invoke(main, ["clean", str(PAGE), "--url", "https://kabarpesisir.example/x"])
        assert again.exit_code == 0, again.output
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_clean_prints_the_article_as_json() -> None:
    result = CliRunner().invoke(main, ["clean", str(PAGE), "--url", "https://kabarpesisir.example/x"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)  # stdout alone: a logger left at DEBUG by an earlier test writes to stderr
    assert article["title"] == "Perajin Gerabah Kasongan Ikuti Pelatihan Glasir"
    assert article["published"] == "2024-10-08T14:20:00+07:00"
    assert {"text", "author", "lang", "url", "relevance", "matched_terms"} <= set(article)


def test_clean_refuses_a_page_without_article(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><a href='/'>Beranda</a></body></html>")
    result = CliRunner().invoke(main, ["clean", str(page)])
    assert result.exit_code == 1 and "not an article" in result.output


def test_crawl_with_bad_config_names_file_entry_and_field(tmp_path: Path) -> None:
    sources = tmp_path / "bad.yaml"
    sources.write_text("sources:\n  - name: x\n    domains: [x.id]\n    article_pattern: '('\n    feeds: [https://x.id/]\n")
    result = CliRunner().invoke(main, ["crawl", "--sources", str(sources), "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2  # could not start
    assert str(sources) in result.output and "source 'x' (#1)" in result.output and "article_pattern" in result.output
    assert not (tmp_path / "p.db").exists()


def test_demo_without_serving(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(main, ["demo", "--no-serve", "--db", str(db), "--workers", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if line.startswith("source")).split()
    total = dict(zip(header[1:], (int(n) for n in next(line for line in lines if line.startswith("total")).split()[1:]),
                     strict=True))
    found, fetched, stored = total["found"], total["fetched"], total["stored"]
    assert found >= 30 and fetched == found and stored >= 20
    assert db.exists()
