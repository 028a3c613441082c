"""The cleaning stream's worker pool dies with the crawl's process, even when that process is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OWNER = """
import multiprocessing, sys, time
from crawler.runs.stream import CleaningStream
from pantau_configs.models import load_topics
from pantau_configs.paths import DEFAULT_TOPICS
from store.schema import open_db

if __name__ == "__main__":
    stream = CleaningStream(open_db(None), 1, "unused.warc.gz", load_topics(DEFAULT_TOPICS), {}, workers=2)
    stream.started.wait(60)  # both workers are up (they start off the crawl's thread)
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_pool_workers_exit_when_the_crawl_process_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "owner.py"
    script.write_text(OWNER, encoding="utf-8")
    owner = subprocess.Popen([sys.executable, str(script)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert owner.stdout is not None
    workers = [int(pid) for pid in owner.stdout.readline().split()]
    assert len(workers) >= 2 and all(alive(pid) for pid in workers)
    os.kill(owner.pid, signal.SIGKILL)
    owner.wait()
    deadline = time.monotonic() + 60
    while any(alive(pid) for pid in workers):
        assert time.monotonic() < deadline, f"workers {workers} outlived the killed crawl process"
        time.sleep(0.1)


def test_the_fork_servers_warm_up_page_goes_through_every_stage() -> None:
    """The pool's fork server cleans this page once so every rule is compiled before the workers fork: a page
    that stopped reaching a stage (not relevant, no official, no region…) would leave that stage cold."""
    from pantau_configs.models import load_topics
    from pantau_configs.paths import DEFAULT_TOPICS

    from crawler.archive import ArchivedPage
    from crawler.runs.preload import WARM_UP_PAGE
    from crawler.runs.process import clean_page

    outcome = clean_page(ArchivedPage(url="http://127.0.0.1/warm-up.html", source="", status=200, headers=[],
                                      body=WARM_UP_PAGE), load_topics(DEFAULT_TOPICS))
    assert outcome.error is None and outcome.relevant and outcome.facts is not None
    facts = outcome.facts
    assert all(facts[kind] for kind in ("officials", "programs", "dates", "figures", "regions", "quotes")), facts
