"""Start `pantau serve` for a test and stop it the way a user or systemd does (SIGTERM), checking nothing is left."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def processes_with(text: str) -> list[int]:
    """Pids of live processes whose command line contains text (zombies aside)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if text in cmdline and state != "Z":
                pids.append(int(entry.name))
    return pids


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    base: str
    tmpdir: Path  # the server's TMPDIR, where its pantau-serve-* metadata folder lives


def start_serve(db_path: Path, tmpdir: Path, prefix: list[str] | None = None, wait_s: float = 60) -> Served:
    """`pantau serve --db db_path` on a free port, with its own TMPDIR; returns once Datasette answers."""
    port = free_port()
    tmpdir.mkdir(parents=True, exist_ok=True)
    command = [*(prefix or []), sys.executable, "-m", "crawler.cli", "serve", "--db", str(db_path), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "TMPDIR": str(tmpdir)})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    return Served(process, port, base, tmpdir)


def stop_serve(served: Served, signum: int = signal.SIGTERM) -> int:
    """Send signum to `pantau serve` only (not its child); assert that Datasette stopped with it and left nothing."""
    served.process.send_signal(signum)
    try:
        code = served.process.wait(timeout=30)
    finally:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait()
        if served.process.stdout:
            served.process.stdout.close()
    assert not listening(served.port), f"something still listens on port {served.port}"
    assert not processes_with(f"--port {served.port} "), "the datasette child outlived `pantau serve`"
    assert not list(served.tmpdir.glob("pantau-serve-*")), "the metadata folder was left behind"
    return code
