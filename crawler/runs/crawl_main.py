"""The crawl's process (`python -m crawler.runs.crawl_main crawl pantau …`): Scrapy, with the cleaning pool's fork
server started first, so that its imports run on another core while Scrapy starts (about a second each)."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import sys

from crawler.runs.forkserver import start_fork_server
from crawler.runs.lifecycle import collect_less_often, die_with_launcher, stacks_on_sigusr1


def main(argv: list[str]) -> None:
    """Start the fork server unless cleaning runs inline (PANTAU_WORKERS=1), then run Scrapy's command line; exit
    without the interpreter's teardown, which took 0.8 s after a crawl (the run record, database and archive are
    closed by then; the pool's workers leave on their own once this process is gone)."""
    die_with_launcher()
    if "PANTAU_WORKERS=1" not in argv:
        start_fork_server()
    collect_less_often()
    stacks_on_sigusr1()
    from scrapy.cmdline import execute

    code: int | str | None = 0
    try:
        execute(["scrapy", *argv])
    except SystemExit as exc:
        code = exc.code
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    remove_pool_folder()
    os._exit(code if isinstance(code, int) else 1 if code else 0)


def remove_pool_folder() -> None:
    """Remove multiprocessing's temporary folder (the fork server's socket), which its exit handler would have
    removed: os._exit skips that handler, and every run left its folder in the temporary directory."""
    folder = getattr(multiprocessing.current_process(), "_config", {}).get("tempdir")  # set once a fork server made it
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
