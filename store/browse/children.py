"""Child processes: run one in the foreground (stop signals sent to us go to it, and we wait until it has exited),
stop one within a bound, and have one die with us."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from contextlib import suppress
from types import FrameType
from typing import Any

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
PARENT_PID_VARIABLE = "PANTAU_PARENT_PID"  # set for a child that asks to die with us once it runs


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies without a chance to pass a signal on (kill -9);
    Linux only."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def die_with_launcher() -> None:
    """In a child started with launcher_env(): die with that parent, or now if it is already gone.

    Asked by the child once it runs, not in a preexec_fn between fork and exec: Python code there can deadlock when
    the parent has other threads (`pantau demo`'s has), and the parent then waits for the exec forever."""
    expected = os.environ.pop(PARENT_PID_VARIABLE, "")
    if expected.isdigit():
        die_with_parent()
        if os.getppid() != int(expected):  # the parent died before the request was made: nobody would signal us
            os._exit(1)


def launcher_env(**extra: str) -> dict[str, str]:
    """Our environment, plus `extra`, for a child that dies with us (it calls die_with_launcher() when it starts)."""
    return {**os.environ, **extra, PARENT_PID_VARIABLE: str(os.getpid())}


def stop_child(child: subprocess.Popen[Any], grace_s: float = 10.0) -> None:
    """Stop a child process now: SIGTERM, then SIGKILL if it has not exited within grace_s; reap it either way.
    Every wait is bounded: a stop that interrupted an earlier wait() can leave its lock taken, and wait() would
    never return."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        child.kill()
        with suppress(subprocess.TimeoutExpired):
            child.wait(timeout=grace_s)


def run_forwarding_signals(command: list[str], **popen: Any) -> int:
    """Run command to its end; SIGTERM, SIGINT and SIGHUP sent to us go to it, and we wait until it has exited.
    A command that should die with us is given launcher_env() and calls die_with_launcher() when it starts.

    Returns the child's exit code, or 0 when it stopped because we were asked to stop.
    """
    child = subprocess.Popen(command, **popen)
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
        stop_child(child)
    return 0 if received else code
