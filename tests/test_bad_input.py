"""Every command against every kind of bad input: one line naming the file and the problem, the documented exit code,
no traceback, and nothing created on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pantau_configs.paths import DEFAULT_SOURCES

from crawler.cli import main
from store.schema import open_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def _foreign_sqlite(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE resep (nama TEXT, bahan TEXT)")
    conn.close()


BAD_DATABASES: dict[str, tuple[Callable[[Path], None] | None, str]] = {  # kind: (how to make it, what the message says)
    "missing": (None, "no database here"),
    "folder": (lambda p: p.mkdir(), "is a directory"),
    "empty": (lambda p: p.write_bytes(b""), "is an empty file"),
    "random bytes": (lambda p: p.write_bytes(bytes(range(256)) * 8), "is not an SQLite database"),
    "text": (lambda p: p.write_text("Ini bukan basis data, hanya catatan rapat.\n"), "is not an SQLite database"),
    "png": (lambda p: p.write_bytes(PNG), "is not an SQLite database"),
    "another program's SQLite": (_foreign_sqlite, "not Pantau's"),
}
READERS = {  # command line given a database; the ones that read it only
    "status": ["status"],
    "report": ["report", "--week", "2024-W36", "--out", "{tmp}/out"],
    "serve": ["serve", "--port", "1"],
}
WRITERS = {
    "crawl": ["crawl", "--only", "warta", "--sources", "{demo_sources}"],
    "nightly": ["nightly", "--sources", str(DEFAULT_SOURCES)],
    "reextract": ["reextract"],
    "demo": ["demo", "--no-serve"],
}


def run(args: list[str], tmp: Path) -> tuple[int, str]:
    from pantau_configs.paths import DEMO_SOURCES

    filled = [a.format(tmp=tmp, demo_sources=DEMO_SOURCES) for a in args]
    result = CliRunner().invoke(main, filled, prog_name="pantau", catch_exceptions=False)
    return result.exit_code, result.output


def files_in(folder: Path) -> set[Path]:
    """What is in folder, SQLite's own -wal/-shm aside (a read-only connection leaves them for the next writer)."""
    return {p for p in folder.rglob("*") if not p.name.endswith(("-wal", "-shm"))}


def assert_one_line(output: str, *wanted: str) -> None:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output and lines[0].startswith("pantau ")
    for text in wanted:
        assert text in lines[0], (text, lines[0])


CASES = [(command, kind) for command in [*READERS, *WRITERS] for kind in BAD_DATABASES
         if not (kind == "missing" and command in ("crawl", "nightly", "demo"))]  # these start a new database


@pytest.mark.parametrize(("command", "kind"), CASES)
def test_every_command_refuses_a_bad_database(command: str, kind: str, tmp_path: Path) -> None:
    make, problem = BAD_DATABASES[kind]
    db = tmp_path / "pantau.db"
    if make:
        make(db)
    before = files_in(tmp_path)
    code, output = run([*{**READERS, **WRITERS}[command], "--db", str(db)], tmp_path)
    assert code == 2
    assert_one_line(output, str(db), problem)
    assert files_in(tmp_path) == before  # no lock, no folder, no database created


@pytest.mark.parametrize("command", ["crawl", "nightly", "demo"])
def test_writers_refuse_a_database_they_cannot_create(command: str, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    db = tmp_path / "afile" / "pantau.db"  # under a file: nobody, root included, can create it
    code, output = run([*WRITERS[command], "--db", str(db)], tmp_path)
    assert code == 2
    assert_one_line(output, str(db), "is a file, not a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def _binary(path: Path) -> None:
    path.write_bytes(b"\x00\x01\x02" * 300)


def _latin1(path: Path) -> None:
    path.write_bytes("sumber: Kab. Bantul \xe9\n".encode("latin-1"))


def _not_yaml(path: Path) -> None:
    path.write_text("sources: [\n  - name: kabar\n")


BAD_CONFIGS: dict[str, tuple[Callable[[Path], None] | None, str]] = {
    "missing": (None, "file not found"),
    "folder": (lambda p: p.mkdir(), "is a directory"),
    "binary": (_binary, "not a text file"),
    "png": (lambda p: p.write_bytes(PNG), "not a text file"),
    "not UTF-8": (_latin1, "not UTF-8"),
    "not YAML": (_not_yaml, "not valid YAML"),
    "empty": (lambda p: p.write_text(""), "empty"),
}
CONFIG_COMMANDS = {
    "crawl --sources": ["crawl", "--sources", "{cfg}", "--db", "{tmp}/new/pantau.db"],
    "crawl --topics": ["crawl", "--topics", "{cfg}", "--db", "{tmp}/new/pantau.db"],
    "nightly --config": ["nightly", "--config", "{cfg}", "--db", "{tmp}/new/pantau.db"],
    "nightly --sources": ["nightly", "--sources", "{cfg}", "--db", "{tmp}/new/pantau.db"],
    "sources check": ["sources", "check", "--sources", "{cfg}"],
    "clean --topics": ["clean", str(Path(__file__).parent / "pages" / "site" / "berita" / "1.html"), "--topics", "{cfg}"],
    "reextract --from-archive --sources": ["reextract", "--from-archive", "--sources", "{cfg}", "--db", "{tmp}/p.db"],
}


@pytest.mark.parametrize("kind", BAD_CONFIGS)
@pytest.mark.parametrize("command", CONFIG_COMMANDS)
def test_every_command_refuses_a_bad_config(command: str, kind: str, tmp_path: Path) -> None:
    make, problem = BAD_CONFIGS[kind]
    cfg = tmp_path / "config.yaml"
    if make:
        make(cfg)
    if "reextract" in command:
        open_db(tmp_path / "p.db").close()
    before = files_in(tmp_path)
    code, output = run([a.replace("{cfg}", str(cfg)) for a in CONFIG_COMMANDS[command]], tmp_path)
    assert code == 2
    assert_one_line(output, str(cfg), problem)
    assert files_in(tmp_path) == before


def _page(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_INPUTS = {  # file name: (bytes, what `clean` says, what `facts` says)
    "foto.png": (PNG, "not HTML text: a PNG image", "not text: a PNG image"),
    "berkas.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not HTML text: a PDF document", "not text: a PDF document"),
    "acak.bin": (bytes(range(256)) * 16, "not HTML text: binary data", "not text: binary data"),
    "kosong.txt": (b"", "not an article (empty page)", "empty"),
    "spasi.txt": (b" \n\t\n", "not an article (empty page)", "empty"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_clean_and_facts_refuse_input_that_is_not_text(name: str, tmp_path: Path) -> None:
    data, clean_says, facts_says = BAD_INPUTS[name]
    path = _page(tmp_path / name, data)
    code, output = run(["clean", str(path)], tmp_path)
    assert code == (1 if "not an article" in clean_says else 2)
    assert_one_line(output, str(path), clean_says)
    code, output = run(["facts", str(path)], tmp_path)
    assert code == 2
    assert_one_line(output, str(path), facts_says)


def test_facts_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = _page(tmp_path / "berita.txt", "Menteri Perindustrian meresmikan sentra IKM di Bantul \u2014 ".encode("cp1252")
                 + b"\x81\x8d\x8f")
    code, output = run(["facts", str(path)], tmp_path)
    assert code == 2
    assert_one_line(output, str(path), "not UTF-8 text")


@pytest.fixture
def pantau_db(tmp_path: Path) -> Path:
    from store.writes import start_run

    db = open_db(tmp_path / "pantau.db")
    start_run(db, "sources.yaml", "", kind="crawl")
    db["programs"].insert({"canonical_id": "ovop", "name": "One Village One Product", "known": 1, "mentions": 1})
    db.close()
    return tmp_path / "pantau.db"


@pytest.mark.parametrize(("args", "wanted", "code"), [
    (["status", "--last", "0"], ["--last", "0 is not in the range"], 2),
    (["status", "--last", "-3"], ["--last", "-3 is not in the range"], 2),
    (["report", "--week", "2024-W36", "--program", "NOPE", "--out", "{tmp}/r"], ["--program NOPE", "One Village One Product"], 2),
    (["report", "--week", "2024-W99", "--out", "{tmp}/r"], ["--week", "has no week 99"], 2),
    (["report", "--week", "pekan-36", "--out", "{tmp}/r"], ["--week", "expected YYYY-Www"], 2),
])
def test_names_and_numbers_that_are_not_known(pantau_db: Path, args: list[str], wanted: list[str], code: int) -> None:
    before = files_in(pantau_db.parent)
    exit_code, output = run([*args, "--db", str(pantau_db)], pantau_db.parent)
    assert exit_code == code
    assert_one_line(output, *wanted)
    assert files_in(pantau_db.parent) == before


@pytest.mark.parametrize("command", ["crawl", "nightly"])
def test_unknown_only_names_list_the_known_ones(command: str, tmp_path: Path) -> None:
    from pantau_configs.paths import DEMO_SOURCES

    args = [command, "--sources", str(DEMO_SOURCES), "--only", "warta,nosuch", "--db", str(tmp_path / "x" / "p.db")]
    code, output = run(args, tmp_path)
    assert code == 2
    assert_one_line(output, "--only nosuch", "unknown source", "warta", "kabar")
    assert list(tmp_path.iterdir()) == []  # no database, no .lock, no folder


def test_report_out_under_a_file(pantau_db: Path) -> None:
    blocker = pantau_db.parent / "laporan"
    blocker.write_text("bukan folder")
    code, output = run(["report", "--db", str(pantau_db), "--week", "2024-W36", "--out", str(blocker / "2024-W36")],
                       pantau_db.parent)
    assert code == 2
    assert_one_line(output, str(blocker), "is a file, not a folder")


def test_verbose_shows_the_traceback(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    db.write_bytes(b"")
    result = CliRunner().invoke(main, ["-v", "status", "--db", str(db)])
    assert result.exit_code == 1 and type(result.exception).__name__ == "UnusablePath"


def dead_sources(tmp_path: Path) -> Path:
    """Two sources on a loopback port where nothing listens: every start point fails."""
    from tests.servers import free_port

    port = free_port()
    entries = "".join(f"""
  - name: {name}
    title: Kabar {name.title()}
    domains: ["127.0.0.1"]
    article_pattern: '^http://127\\\\.0\\\\.0\\\\.1:{port}/{name}/berita/\\\\d+$'
    feeds: ["http://127.0.0.1:{port}/{name}/rss.xml"]
""" for name in ("mati", "padam"))
    path = tmp_path / "sources.yaml"
    path.write_text("sources:" + entries, encoding="utf-8")
    return path


@pytest.mark.parametrize("verbose", [False, True])
def test_a_crawl_where_every_source_failed_exits_1_and_scrapy_stays_quiet(verbose: bool, tmp_path: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(dead_sources(tmp_path)),
               "--db", str(tmp_path / "p.db"), "--workers", "1", *(["-v"] if verbose else [])]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "failed sources: mati, padam" in result.stdout
    if verbose:
        assert "[scrapy.core.engine] INFO" in result.stderr  # -v shows Scrapy's own log
    else:
        assert result.stderr == ""  # no Scrapy ERROR lines, no tracebacks: the reasons are in `pantau status --errors`


def test_status_without_a_database_points_to_the_demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run(["status"], tmp_path)
    assert code == 2
    assert_one_line(output, "data/pantau.db: no database here", "pantau demo")
    (tmp_path / "data").mkdir()
    open_db(tmp_path / "data" / "demo.db").close()
    code, output = run(["status"], tmp_path)
    assert code == 2
    assert_one_line(output, "data/pantau.db: no database here", "the demo's database is data/demo.db")
    code, output = run(["status", "--db", "data/demo.db"], tmp_path)
    assert code == 0 and "no runs yet" in output


EVAL_INPUTS = {  # command: (bad file content, what the line says)
    "eval": ("Ini bukan JSON.\n", "not valid JSON"),
    "eval ": (bytes(range(128, 256)) * 4, "not UTF-8 text"),
    "eval-stories": ("- hanya daftar\n", "not a labelled stories file"),
    "eval-persons": (bytes(range(128, 256)) * 4, "not UTF-8 text"),
    "eval-clean": (bytes(range(128, 256)) * 4, "not UTF-8 text"),
}


@pytest.mark.parametrize("command", EVAL_INPUTS)
def test_evaluation_commands_refuse_files_of_the_wrong_kind(command: str, tmp_path: Path) -> None:
    content, problem = EVAL_INPUTS[command]
    path = tmp_path / "masukan.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, output = run([command.strip(), str(path)], tmp_path)
    assert code == 2
    assert_one_line(output, str(path), problem)


@pytest.mark.parametrize("command", [["seed"], ["worker", "--warc-dir", "{tmp}/warc"], ["writer", "--db", "{tmp}/data/p.db"]])
def test_distributed_commands_with_no_redis_there(command: list[str], tmp_path: Path) -> None:
    from pantau_configs.paths import DEMO_SOURCES

    from tests.servers import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    code, output = run([*command, "--redis-url", url, "--sources", str(DEMO_SOURCES)], tmp_path)
    assert code == 2
    assert_one_line(output, f"cannot reach Redis at {url}")
    assert list(tmp_path.iterdir()) == []  # no archive folder, no database, no lock
