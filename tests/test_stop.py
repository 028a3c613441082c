"""Stopping `pantau demo` with SIGTERM, while it crawls or while it serves, leaves no process and no temp folder;
Ctrl-C stops a crawl gracefully."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.runs.demo import rebased_sources
from crawler.sites.demo import DemoSite
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


def exit_code(process: subprocess.Popen[bytes], limit_s: float) -> int:
    """Its exit code; if it has not exited within limit_s, fail with what it printed and every thread's stack."""
    try:
        return process.wait(timeout=limit_s)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGUSR1)  # pantau prints its threads' stacks
        time.sleep(2)
        process.kill()
        printed = process.communicate()[0].decode(errors="replace")
        raise AssertionError(f"still running {limit_s} s after the signal; it printed:\n{printed[-8000:]}") from None


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
        assert exit_code(process, 60) == 128 + signal.SIGTERM
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


def _answers(port: int, path: str = "/-/versions.json") -> bool:
    import urllib.request

    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).close()
        return True
    except OSError:
        return False


def test_ctrl_c_stops_a_crawl_gracefully_and_marks_the_run_interrupted(tmp_path: Path) -> None:
    with DemoSite(port=0, delay=0.3) as site:
        sources = rebased_sources(int(site.base_url.rsplit(":", 1)[1]), tmp_path)
        db = tmp_path / "pantau.db"
        process = subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources),
                                    "--db", str(db), "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: sum("/berita/" in path or "/read/" in path for path in site.requests) >= 8, process)
            process.send_signal(signal.SIGINT)  # what a terminal's Ctrl-C sends to the command
            assert exit_code(process, 60) == 1
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stdout:
                process.stdout.close()
    assert not processes_with(f"PANTAU_DB={db.resolve()}"), "the crawl outlived the command"
    with sqlite3.connect(db) as conn:
        status, found, fetched = conn.execute("SELECT status, found, fetched FROM crawl_runs").fetchone()
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert status == "interrupted (shutdown)"  # not "finished": the articles it never reached are not lost silently
    assert 0 < fetched < found and stored > 0  # what was fetched before the stop is stored


def test_sigusr1_prints_where_every_thread_is_and_goes_on(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "crawler.cli", "demo", "--site-only", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: _answers(port, "/robots.txt"), process, limit_s=120)
        process.send_signal(signal.SIGUSR1)
        time.sleep(1)
        assert process.poll() is None and _answers(port, "/robots.txt")  # a look, not a stop
    finally:
        process.kill()
        printed = process.communicate()[1].decode(errors="replace")
    assert "Current thread" in printed or "Thread 0x" in printed
    assert "serve_forever" in printed  # the site's thread, not only the main one


@pytest.mark.parametrize("launcher_alive", [True, False])
def test_a_crawl_process_whose_launcher_is_gone_exits_at_once(launcher_alive: bool) -> None:
    """The crawl process asks to die with its launcher when it starts; a launcher gone before that is noticed."""
    launcher = os.getpid() if launcher_alive else 2**22 + 1  # above Linux's largest pid: as if ours had died
    code = "from crawler.runs.lifecycle import die_with_launcher; die_with_launcher(); print('crawling')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PANTAU_PARENT_PID": str(launcher)})
    assert (done.returncode, done.stdout.strip()) == ((0, "crawling") if launcher_alive else (1, ""))
