"""Child processes that die with their parent, and parents that pass a stop signal on and wait for their child."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _stop(child: subprocess.Popen[Any], grace_s: float = 10.0) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(grace_s)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run_forwarding_signals(command: list[str], **popen: Any) -> int:
    """Run a child to its end; SIGTERM, SIGINT and SIGHUP sent to us go to it, and we wait until it has exited.

    Returns the child's exit code, or 0 when it stopped because we were asked to stop.
    """
    child = subprocess.Popen(command, preexec_fn=die_with_parent, **popen)  # noqa: PLW1509 - no threads started yet
    received: list[int] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        if child.poll() is None:
            child.send_signal(signum)

    main_thread = threading.current_thread() is threading.main_thread()
    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED} if main_thread else {}
    try:
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _stop(child)
    return 0 if received else code


@contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """Within the block SIGTERM raises SystemExit(143), so `finally` clauses run: children stopped, temp folders gone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, frame: FrameType | None) -> None:
        sys.exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
