"""Child processes that die with their parent; SIGTERM that lets a parent clean up; how a process ends quickly."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from types import FrameType

# shared with `pantau serve`, whose Datasette child is started from store (below the crawler)
from store.browse.children import die_with_launcher as die_with_launcher
from store.browse.children import die_with_parent as die_with_parent
from store.browse.children import launcher_env as launcher_env
from store.browse.children import stop_child as stop_child


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


def stacks_on_sigusr1() -> None:
    """`kill -USR1 PID` prints every thread's stack to stderr: where a run that seems stuck is (the dump is made in
    C, so it works while the main thread is blocked)."""
    import faulthandler

    if hasattr(signal, "SIGUSR1") and sys.__stderr__ is not None:
        with suppress(OSError, ValueError, AttributeError):  # no file descriptor behind stderr
            faulthandler.register(signal.SIGUSR1, file=sys.__stderr__, all_threads=True, chain=False)


def exit_when_gone(owner: int, every_s: float = 0.5) -> None:
    """Exit this process as soon as process `owner` is gone, whoever our parent is (a worker forked from a fork
    server outlives a killed crawl otherwise: the server waits for its workers, the workers for their parent)."""
    import os
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(every_s)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # it exists (as another user's process after a pid reuse): keep waiting
                continue

    threading.Thread(target=watch, name="exit-when-gone", daemon=True).start()


# The crawl's process allocates a few hundred container objects a page (requests, their meta, unpickled outcomes,
# rows) and keeps tens of thousands alive (the scheduled requests, the seen URLs); at the default thresholds
# (700, 10, 10) a 10,000-article crawl ran 3,300 young and 27 full collections, 1.6 s of CPU, and the crawl's
# process did a tenth more work a page. Young garbage is still collected every few thousand allocations.
CRAWL_GC_THRESHOLDS = (5000, 20, 50)


def collect_less_often() -> None:
    """Raise the cyclic collector's thresholds for a crawl's (or a writer's) long-running process."""
    import gc

    gc.set_threshold(*CRAWL_GC_THRESHOLDS)


@contextmanager
def one_shot_command() -> Iterator[None]:
    """The body of a command that handles one input and ends: no cyclic garbage collection while it runs, nor at
    exit. Loading spaCy, thinc and the rules allocates enough to trigger some 280 collections, each walking the
    growing heap (0.2 s of `pantau facts` on the project's machine); one input leaves little garbage in cycles, and
    the process gives its memory back when it ends. The collector is on again after the block (a test's process
    runs the command many times), with the block's objects counted as old: else the first young collection after it
    would walk them all."""
    import gc

    skip_collection_at_exit()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:  # freeze then unfreeze: every object to the oldest generation, none walked
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


@cache  # once per process: a test that runs the command in-process many times registers it once
def skip_collection_at_exit() -> None:
    """Let a short command's process end without the interpreter's last garbage collections: they walk every
    object spaCy, thinc and trafilatura loaded (0.4-0.5 s of `pantau facts` on the project's machine) only to free
    memory the process is about to give back. Registered from the command, so it runs after every later atexit
    handler; objects are still released as the modules are cleared, and only reference cycles are left to the
    operating system, so it is meant for commands that hold no database or other resource open."""
    import atexit
    import gc

    atexit.register(gc.freeze)
