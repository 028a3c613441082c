"""The cleaning pool's fork server: started early by the crawl's process, it imports and warms up the cleaning code
once, and every pool worker forks from it ready to clean. Light on purpose: importing this module costs nothing."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import multiprocessing.util
import os
import shutil
import tempfile

PRELOAD = ["crawler.runs.preload"]  # imports the cleaning and extraction code, and warms it up on a page of ours
# The fork server listens on a Unix socket in our folder under TMPDIR, and Linux takes at most 107 bytes for the
# whole path: the folder (with a process id of up to 7 digits) and the socket's name add this much to TMPDIR's.
SOCKET_PATH_ROOM = 107 - len("/pantau-pymp-4194304-XXXXXXXX/listener-XXXXXXXX")


def worker_context() -> multiprocessing.context.BaseContext:
    """A fork server that imports trafilatura, spaCy and the rules once; each worker forks from it ready to clean
    (spawned workers each paid about a second of CPU for the same imports). Each worker exits when the crawl's
    process is gone (exit_when_gone: a killed crawl cannot stop its pool); the fork server follows once no
    worker holds its pipe open."""
    try:
        context = multiprocessing.get_context("forkserver")
    except ValueError:  # no fork server on this platform
        return multiprocessing.get_context("spawn")
    context.set_forkserver_preload(PRELOAD)
    _own_socket_folder()
    return context


def start_fork_server() -> None:
    """Start the pool's fork server now (it imports and warms up in the background); the pool uses it later."""
    if worker_context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


FOLDER_PREFIX = "pantau-pymp-"  # then the owner's pid: a later run can tell a killed run's folder from a live one


def _own_socket_folder() -> None:
    """multiprocessing's folder (the fork server's socket) made by us, named with this process's id, in TMPDIR or,
    where TMPDIR is too deep for a Unix socket's path (a CI runner's or a test's own folder), in /tmp: there the
    fork server failed with "AF_UNIX path too long" and so did the crawl. A run killed with SIGKILL cannot remove
    its folder; the next run removes the folders of processes that are gone."""
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]  # where multiprocessing keeps it
    if "tempdir" in config:
        return
    parent = tempfile.gettempdir()
    if len(os.fsencode(parent)) > SOCKET_PATH_ROOM and os.path.isdir("/tmp"):
        parent = "/tmp"
    remove_folders_of_gone_processes(parent)
    folder = tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-", dir=parent)
    multiprocessing.util.Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=-100)  # as its own
    config["tempdir"] = folder


def remove_folders_of_gone_processes(parent: str) -> list[str]:
    """Remove our fork-server folders in parent whose owner process no longer runs; return their paths."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:  # a TMPDIR we may write to but not list: nothing is removed, and the run goes on
        return removed
    for entry in entries:
        owner = entry.name[len(FOLDER_PREFIX):].split("-", 1)[0]
        if entry.name.startswith(FOLDER_PREFIX) and owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process has that id now
        return True
    return True
