"""A second user reads a database it may not write (the README's /srv/pantau set-up): status, report and serve work,
and the writers refuse it in one line.

Tests run as root here, and root writes anywhere: as root the commands run under `setpriv` without the capabilities
that bypass file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER), so the file modes hold for them
as for any user; the first test proves that such a process really cannot write the database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import start_serve, stop_serve

DROPPED = "-dac_override,-dac_read_search,-fowner"


def as_other_user() -> list[str]:
    """The command prefix that makes this process an ordinary user towards file permissions."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test read-only databases as root"
    return [setpriv, f"--inh-caps={DROPPED}", f"--bounding-set={DROPPED}"]


def pantau(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*as_other_user(), sys.executable, "-m", "crawler.cli", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def readonly_db(crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the crawled database in a folder that is not writable, the file itself read-only."""
    folder = tmp_path_factory.mktemp("srv")
    db_path = folder / "pantau.db"
    source, target = sqlite3.connect(crawled.db_path), sqlite3.connect(db_path)
    source.backup(target)
    source.close()
    target.close()
    db_path.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield db_path
    finally:
        folder.chmod(0o755)
        db_path.chmod(0o644)


def test_the_reader_really_cannot_write(readonly_db: Path) -> None:
    probe = subprocess.run([*as_other_user(), sys.executable, "-c", f"open({str(readonly_db)!r}, 'ab')"],
                           capture_output=True, text=True, check=False)
    assert probe.returncode != 0 and "Permission denied" in probe.stderr


def test_status_reads_a_database_it_cannot_write(readonly_db: Path) -> None:
    before = readonly_db.stat().st_mtime_ns
    result = pantau("status", "--db", str(readonly_db), "--errors")
    assert result.returncode == 0, result.stderr
    assert "nightly" in result.stdout or "crawl" in result.stdout
    assert readonly_db.stat().st_mtime_ns == before
    assert sorted(p.name for p in readonly_db.parent.iterdir()) == ["pantau.db"]


def test_report_reads_a_database_it_cannot_write(readonly_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "laporan"
    result = pantau("report", "--db", str(readonly_db), "--week", "2024-W36", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "report.html").stat().st_size > 1000


def test_report_refuses_an_out_folder_it_cannot_write(readonly_db: Path) -> None:
    out = readonly_db.parent / "laporan"
    result = pantau("report", "--db", str(readonly_db), "--week", "2024-W36", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert f"folder {readonly_db.parent} is not writable" in result.stderr


def test_crawl_refuses_a_database_it_cannot_write(readonly_db: Path) -> None:
    from pantau_configs.paths import DEMO_SOURCES

    result = pantau("crawl", "--sources", str(DEMO_SOURCES), "--db", str(readonly_db))
    assert result.returncode == 2
    assert result.stderr.strip() == f"pantau crawl: {readonly_db}: is not writable here " \
                                    "(the database or its folder is read-only)"
    assert sorted(p.name for p in readonly_db.parent.iterdir()) == ["pantau.db"]  # no .lock


def test_crawl_refuses_a_folder_it_cannot_write(readonly_db: Path) -> None:
    from pantau_configs.paths import DEMO_SOURCES

    target = readonly_db.parent / "baru" / "pantau.db"
    result = pantau("crawl", "--sources", str(DEMO_SOURCES), "--db", str(target))
    assert result.returncode == 2
    assert f"folder {readonly_db.parent} is not writable" in result.stderr and "Traceback" not in result.stderr


def test_serve_runs_datasette_immutable_on_a_database_it_cannot_write(readonly_db: Path, tmp_path: Path) -> None:
    import json
    import urllib.request

    served = start_serve(readonly_db, tmp_path / "tmp", prefix=as_other_user())
    try:
        with urllib.request.urlopen(f"{served.base}/pantau/articles.json?_shape=array&_size=3", timeout=10) as page:
            assert len(json.load(page)) == 3
        with urllib.request.urlopen(f"{served.base}/-/databases.json", timeout=10) as page:
            assert json.load(page)[0]["is_mutable"] is False
        with urllib.request.urlopen(f"{served.base}/-/dashboard", timeout=10) as page:
            assert "Dasbor" in page.read().decode()
    finally:
        assert stop_serve(served) == 0
    assert sorted(p.name for p in readonly_db.parent.iterdir()) == ["pantau.db"]
