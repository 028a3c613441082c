"""Stopping `pantau demo` with SIGTERM, while it crawls or while it serves, leaves no process and no temp folder."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.servers import Served, free_port, processes_with, stop_serve


def start_demo(tmp_path: Path, port: int) -> tuple[subprocess.Popen[bytes], Path, Path]:
    tmpdir, db = tmp_path / "tmp", tmp_path / "demo.db"
    tmpdir.mkdir()
    command = [sys.executable, "-m", "crawler.cli", "demo", "--db", str(db), "--port", str(port), "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "TMPDIR": str(tmpdir)})
    return process, tmpdir, db


def wait_for(condition, process: subprocess.Popen[bytes], limit_s: float = 600) -> None:  # noqa: ANN001
    deadline = time.monotonic() + limit_s
    while not condition():
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else "demo exited"
        assert time.monotonic() < deadline, "the demo never got there"
        time.sleep(0.2)


def crawling(db: Path) -> bool:
    try:
        with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as conn:
            return bool(conn.execute("SELECT 1 FROM crawl_runs WHERE status = 'running'").fetchone())
    except sqlite3.Error:
        return False


def test_sigterm_while_the_demo_crawls(tmp_path: Path) -> None:
    process, tmpdir, db = start_demo(tmp_path, free_port())
    try:
        wait_for(lambda: crawling(db), process)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
    assert not processes_with(f"PANTAU_DB={db.resolve()}"), "the Scrapy child outlived the demo"
    assert not list(tmpdir.iterdir()), "the demo's temp folder was left behind"


def test_sigterm_while_the_demo_serves(tmp_path: Path) -> None:
    port = free_port()
    process, tmpdir, _ = start_demo(tmp_path, port)
    served = Served(process, port, f"http://127.0.0.1:{port}", tmpdir)
    try:
        wait_for(lambda: bool(processes_with(f"--port {port} ")) and _answers(port), process)
    except BaseException:
        process.kill()
        process.wait()
        raise
    assert stop_serve(served) == 0  # Datasette stops with the demo; nothing listens, no temp folder


def _answers(port: int) -> bool:
    import urllib.request

    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2).close()
        return True
    except OSError:
        return False
