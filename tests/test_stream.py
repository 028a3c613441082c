"""The cleaning stream's worker pool dies with the crawl's process, even when that process is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

from crawler.runs.forkserver import FOLDER_PREFIX

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


def test_pages_go_to_busy_workers_in_chunks_and_are_stored_in_archive_order(tmp_path: Path) -> None:
    """While both workers are busy, pages wait and go several to a task (a task's hand-off costs about as much CPU
    as a short article's facts); they are still stored one row per article, in the order they were archived."""
    from datetime import datetime

    from pantau_configs.models import load_topics
    from pantau_configs.paths import DEFAULT_TOPICS

    from crawler.archive import ArchivedPage, WarcArchive
    from crawler.runs.stream import CleaningStream
    from crawler.sites.load import article_html
    from store.schema import open_db
    from store.writes import ensure_open_web_source, start_run

    warc = WarcArchive(tmp_path / "pages.warc.gz")
    urls = [f"http://127.0.0.1/berita/{n}.html" for n in range(1, 41)]
    groups = [(str(warc.path), [warc.write(ArchivedPage(url, "kabar", 200, [("Content-Type", "text/html")],
                                                        article_html(n, datetime(2024, 5, 1, tzinfo=UTC))))])
              for n, url in enumerate(urls, 1)]
    warc.close()
    db = open_db(tmp_path / "pantau.db")
    run_id = start_run(db, "sources.yaml", "")
    ensure_open_web_source(db, "kabar")
    stream = CleaningStream(db, run_id, str(warc.path), load_topics(DEFAULT_TOPICS), {}, workers=2, chunk_size=8)
    for group in groups:
        stream.submit(group)
    result = stream.finish(refresh=False)
    assert result.counts.total["stored"] == len(urls)
    assert [url for (url,) in db.execute("SELECT url FROM articles ORDER BY id")] == urls
    assert stream.sent < len(urls) / 2, stream.sent  # one task per page would be 40


def test_pool_workers_run_below_the_crawls_priority_and_collect_cycles_less_often() -> None:
    """Cleaning is batch work: its workers take the CPU the crawl's event loop leaves, so network replies never wait."""
    from pantau_configs.models import load_topics
    from pantau_configs.paths import DEFAULT_TOPICS

    from crawler.runs.process import WORKER_NICENESS
    from crawler.runs.stream import CleaningStream
    from store.schema import open_db

    stream = CleaningStream(open_db(None), 1, "unused.warc.gz", load_topics(DEFAULT_TOPICS), {}, workers=2)
    try:
        assert stream.started.wait(120)
        assert stream.pool is not None
        ours = os.nice(0)
        niceness = {stream.pool.submit(os.nice, 0).result(timeout=60) for _ in range(4)}
        assert niceness == {min(19, ours + WORKER_NICENESS)} and WORKER_NICENESS > 0
        # and, like the crawl's process, they collect cycles less often, never walking what the fork server loaded
        import gc

        from crawler.runs.lifecycle import CRAWL_GC_THRESHOLDS

        assert {stream.pool.submit(gc.get_threshold).result(timeout=60) for _ in range(4)} == {CRAWL_GC_THRESHOLDS}
        assert min(stream.pool.submit(gc.get_freeze_count).result(timeout=60) for _ in range(4)) > 10_000
    finally:
        stream.finish(refresh=False)


def test_the_crawls_process_collects_cycles_less_often_than_pythons_default() -> None:
    """A crawl's process allocates hundreds of short-lived objects a page: the default thresholds ran thousands of
    collections a run. Checked in the process as Scrapy starts in it (its command line replaced by a print)."""
    from crawler.runs.lifecycle import CRAWL_GC_THRESHOLDS

    script = ("import gc, scrapy.cmdline\n"
              "scrapy.cmdline.execute = lambda argv: print(*gc.get_threshold())\n"
              "from crawler.runs.crawl_main import main\n"
              "main(['crawl', 'pantau', '-s', 'PANTAU_WORKERS=1'])\n")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert tuple(map(int, shown.stdout.split())) == CRAWL_GC_THRESHOLDS
    assert CRAWL_GC_THRESHOLDS[0] > 700  # Python's default young-generation threshold


def test_the_crawls_process_removes_the_fork_servers_folder_when_it_exits() -> None:
    """The crawl's process leaves with os._exit, which skips multiprocessing's exit handler: every run left a
    pymp-* folder (the fork server's socket) in the temporary directory until it removed the folder itself. A run
    killed with SIGKILL still leaves its folder: the next run removes it (and no folder of a live process)."""
    with tempfile.TemporaryDirectory(prefix="pm", dir="/tmp") as short:
        killed = Path(short) / f"{FOLDER_PREFIX}{2**22 + 1}-abcdefgh"  # past the largest process id Linux gives
        alive = Path(short) / f"{FOLDER_PREFIX}{os.getpid()}-abcdefgh"
        foreign = Path(short) / "pymp-abcdefgh"  # another program's multiprocessing folder
        for folder in (killed, alive, foreign):
            folder.mkdir()
        folder, existed = _fork_server_folder(Path(short))
        assert Path(folder).parent == Path(short) and existed  # the fork server made it, under TMPDIR
        assert Path(folder).name.startswith(FOLDER_PREFIX)
        assert sorted(Path(short).iterdir()) == sorted([alive, foreign])


def test_a_temporary_folder_too_deep_for_a_socket_does_not_stop_the_crawl(tmp_path: Path) -> None:
    """Under a TMPDIR whose path leaves no room for the fork server's socket (at most 107 bytes in all), the crawl
    failed with "AF_UNIX path too long"; multiprocessing's folder is now made in /tmp, and still removed."""
    deep = tmp_path / ("d" * 80)
    deep.mkdir()
    folder, existed = _fork_server_folder(deep)
    assert Path(folder).parent == Path("/tmp") and existed
    assert not Path(folder).exists() and not list(deep.glob("*pymp-*"))


def _fork_server_folder(temp: Path) -> tuple[str, bool]:
    """multiprocessing's folder in a crawl's process run under TMPDIR=temp (Scrapy replaced by a stub), and
    whether it existed while the crawl ran."""
    script = ("import multiprocessing, os, scrapy.cmdline\n"
              "def crawl(argv):\n"
              "    folder = multiprocessing.current_process()._config['tempdir']\n"
              "    print(folder, os.path.isdir(folder), flush=True)\n"
              "scrapy.cmdline.execute = crawl\n"
              "from crawler.runs.crawl_main import main\n"
              "main(['crawl', 'pantau'])\n")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True,
                           cwd=REPO, env={**os.environ, "TMPDIR": str(temp)})
    folder, existed = shown.stdout.split()
    return folder, existed == "True"


def test_a_temporary_folder_that_cannot_be_listed_does_not_stop_the_sweep(tmp_path: Path) -> None:
    """Folders of gone runs are looked for in TMPDIR; a folder that cannot be listed (here, one that is not there:
    as root, permissions cannot make one unlistable) removes nothing and raises nothing."""
    from crawler.runs.forkserver import remove_folders_of_gone_processes

    gone = tmp_path / f"{FOLDER_PREFIX}{2**22 + 1}-abcdefgh"
    gone.mkdir()
    assert remove_folders_of_gone_processes(str(tmp_path / "missing")) == []
    assert remove_folders_of_gone_processes(str(tmp_path)) == [str(gone)] and not gone.exists()
