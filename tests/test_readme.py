"""The README's demo examples work as written: its `pantau` commands and its addresses, against a demo database."""

from __future__ import annotations

import asyncio
import shlex
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from datasette.app import Datasette

from crawler.cli import main
from store.browse.serve import metadata_for

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = "The demo's database is `data/demo.db`"


def demo_examples() -> list[str]:
    """The lines of the first sh block after MARKER."""
    text = README.read_text(encoding="utf-8")
    assert MARKER in text, "the README lost its demo examples"
    block = text.split(MARKER, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


@pytest.fixture
def demo_checkout(crawled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with data/demo.db, as `make demo` leaves it."""
    (tmp_path / "data").mkdir()
    source, target = sqlite3.connect(crawled.db_path), sqlite3.connect(tmp_path / "data" / "demo.db")
    source.backup(target)
    source.close()
    target.close()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_has_demo_examples_of_both_kinds() -> None:
    examples = demo_examples()
    assert any(line.startswith("pantau ") for line in examples)
    assert any(line.startswith("curl ") and "/demo/" in line for line in examples)
    assert "/pantau/programme_alerts.atom" not in "".join(examples)


def test_the_readme_commands_run_on_the_demo_database(demo_checkout: Path) -> None:
    for line in demo_examples():
        args = shlex.split(line)
        if args[0] != "pantau":
            continue
        result = CliRunner().invoke(main, args[1:], prog_name="pantau")
        assert result.exit_code == 0, f"{line}\n{result.output}"
        if args[1] == "report":
            out = Path(args[args.index("--out") + 1])
            assert (demo_checkout / out / "report.html").exists(), line


def test_the_readme_addresses_answer_on_the_demo_database(demo_checkout: Path) -> None:
    db = demo_checkout / "data" / "demo.db"
    ds = Datasette([str(db)], metadata=metadata_for(db))

    async def get(path: str):  # noqa: ANN202 - Datasette's test response
        return await ds.client.get(path)

    for line in demo_examples():
        args = shlex.split(line)
        if args[0] != "curl":
            continue
        url = urlsplit(args[-1])
        assert url.netloc == "127.0.0.1:8001", line
        response = asyncio.run(get(f"{url.path}?{url.query}"))
        assert response.status_code == 200, line
        body = response.text
        if url.path.endswith(".atom"):
            assert "<feed" in body and "<entry>" in body, line
        else:
            assert "<mark>" in body and "\\u0002" not in body, line
