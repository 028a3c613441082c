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
# The fork server listens on a Unix socket in multiprocessing's folder under TMPDIR: /pymp-XXXXXXXX/listener-XXXXXXXX
# adds 32 bytes, and Linux takes at most 107 for the whole path.
SOCKET_PATH_ROOM = 107 - 32


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
    _short_socket_folder()
    return context


def start_fork_server() -> None:
    """Start the pool's fork server now (it imports and warms up in the background); the pool uses it later."""
    if worker_context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def _short_socket_folder() -> None:
    """Under a TMPDIR too deep for a Unix socket's path (a CI runner's or a test's own folder), multiprocessing's
    folder is made in /tmp instead: the fork server failed with "AF_UNIX path too long" and so did the crawl."""
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]  # where multiprocessing keeps it
    if "tempdir" not in config and len(os.fsencode(tempfile.gettempdir())) > SOCKET_PATH_ROOM and os.path.isdir("/tmp"):
        folder = tempfile.mkdtemp(prefix="pymp-", dir="/tmp")
        multiprocessing.util.Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=-100)  # as its own
        config["tempdir"] = folder
