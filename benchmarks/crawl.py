"""Crawl speed over generated loopback sites: one process (`pantau crawl`) and two workers with one writer.

    python benchmarks/crawl.py --articles 2000 --outlet-pages 400

Outlet-sized pages (benchmarks/outlet_pages.py: 100–300 KB with scripts, navigation, ads and related-article
blocks) are crawled end to end by one process, then plain trafilatura runs over the same pages on one core; the
ratio end-to-end / (cores × trafilatura) says how much of the machine the whole pipeline turns into articles.
Unless --no-distributed, the same pages are then crawled by --dist-workers workers and one writer on Redis.

Fetch rate is article pages over the time between the first and the last article request the site saw;
end-to-end rate is article pages over the time until every article is stored (cleaning and facts included).
Distributed mode needs redis-server (scripts/system-deps.sh installs it).
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "benchmarks"))

from outlet_pages import outlet_page  # noqa: E402
from trafilatura import bare_extraction  # noqa: E402

from crawler.runs.run import run_crawl  # noqa: E402
from crawler.sites.load import LoadSite, article_html  # noqa: E402
from tests.redis_server import redis_server  # noqa: E402

Render = Callable[[int, datetime], bytes]
FAST = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "LOG_LEVEL": "WARNING"}


def stored(db: Path) -> int:
    """Articles in db so far; read-only, so polling never creates the file (the writer refuses an empty one)."""
    try:
        return int(sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT count(*) FROM articles")
                   .fetchone()[0])
    except sqlite3.Error:
        return 0


def one_process(articles: int, folder: Path) -> tuple[float, float, dict[str, float]]:
    """Fetch and end-to-end pages/s of `pantau crawl`, and the CPU ms per page of its own process, of everything
    else it started (the cleaning workers and their fork server) and of this process (the load site's server)."""
    with LoadSite(articles) as site:
        sources = folder / "one.yaml"
        sources.write_text(site.sources_yaml(), encoding="utf-8")
        started, own = time.monotonic(), cpu_seconds(resource.RUSAGE_SELF)
        with DescendantsCPU() as descendants:
            summary = run_crawl(sources, folder / "one.db", settings=FAST)
        total = time.monotonic() - started
        assert summary.counts["stored"] == articles, summary.counts
        crawl = sum(cpu for pid, cpu in descendants.seen.items() if "crawl_main" in descendants.names.get(pid, ""))
        cpu = {"crawl process": crawl, "cleaning workers": descendants.seconds - crawl,
               "load site (this process)": cpu_seconds(resource.RUSAGE_SELF) - own}
        return (articles / (site.article_times[-1] - site.article_times[0]), articles / total,
                {name: 1000 * seconds / articles for name, seconds in cpu.items()})


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class DescendantsCPU:
    """CPU seconds of every process descended from this one, sampled from /proc (Linux): the cleaning workers
    fork from a fork server nobody waits for, so getrusage(RUSAGE_CHILDREN) never sees them."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self.names: dict[int, str] = {}  # each process's command line, read when first seen
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        parents, cpu = {}, {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
                cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        me = os.getpid()
        for pid in cpu:
            ancestor = parents.get(pid)
            while ancestor not in (None, 0, 1, me):
                ancestor = parents.get(ancestor)
            if ancestor == me:
                self.seen[pid] = max(self.seen.get(pid, 0.0), cpu[pid])
                if pid not in self.names:
                    try:
                        self.names[pid] = (Path("/proc") / str(pid) / "cmdline").read_bytes().decode(errors="replace")
                    except OSError:
                        self.names[pid] = ""

    def _run(self) -> None:
        # every half second (a sample reads /proc for every process, about a millisecond of this process's CPU),
        # and once more at the end, while the workers (which exit after the crawl's process) are still there
        while not self.stop.wait(0.5):
            self._sample()
        self._sample()

    def __enter__(self) -> DescendantsCPU:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def outlet_bodies(pages: int) -> dict[int, bytes]:
    when = LoadSite(0).when
    return {n: outlet_page(n, when(n)) for n in range(1, pages + 1)}


def outlet_sized(pages: int, folder: Path) -> tuple[float, float, float, float, float]:
    """End-to-end pages/s of `pantau crawl`, trafilatura pages/s on one core, mean page KB, and the CPU seconds per
    page of each (all the crawl's processes together; the one trafilatura process): on a machine shared with other
    work the CPU seconds say what the rates would be on an idle one."""
    bodies = outlet_bodies(pages)
    with LoadSite(pages, render=lambda number, _when: bodies[number]) as site:
        sources = folder / "outlets.yaml"
        sources.write_text(site.sources_yaml(), encoding="utf-8")
        started = time.monotonic()
        with DescendantsCPU() as descendants:
            summary = run_crawl(sources, folder / "outlets.db", settings=FAST)
        end_to_end = pages / (time.monotonic() - started)
        crawl_cpu = descendants.seconds / pages
        assert summary.counts["stored"] == pages, summary.counts
        urls = {n: f"{site.base_url}/berita/{n}.html" for n in bodies}
    started, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
    for number, body in bodies.items():
        bare_extraction(body.decode("utf-8"), url=urls[number], with_metadata=True)
    plain = pages / (time.perf_counter() - started)
    plain_cpu = (cpu_seconds(resource.RUSAGE_SELF) - cpu) / pages
    return end_to_end, plain, sum(map(len, bodies.values())) / len(bodies) / 1024, crawl_cpu, plain_cpu


def workers_and_writer(articles: int, folder: Path, render: Render | None = None,
                       count: int = 2) -> tuple[float, float, float, float]:
    """Fetch pages/s, end-to-end pages/s, CPU seconds per page (every process: workers, their cleaning pools, the
    writer, redis-server) and the CPU seconds of the busiest process, of `count` (two) `pantau worker` processes and
    one `pantau writer` on one Redis. On a shared machine the busiest process bounds the wall time an idle one
    would take (a worker that cleans inline is that process)."""
    with LoadSite(articles, render=render or article_html) as site, redis_server(folder) as url, \
            DescendantsCPU() as descendants:
        name = "outlets-two" if render else "two"
        sources = folder / f"{name}.yaml"
        sources.write_text(site.sources_yaml(), encoding="utf-8")
        cli = [sys.executable, "-m", "crawler.cli"]
        subprocess.run([*cli, "seed", "--redis-url", url, "--sources", str(sources)], check=True, cwd=ROOT,
                       capture_output=True)
        started = time.monotonic()
        common = ["--redis-url", url, "--sources", str(sources)]
        workers = [subprocess.Popen([*cli, "worker", *common, "--idle", "5", "--warc-dir", str(folder / f"{name}-warc")],
                                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(count)]
        writer = subprocess.Popen([*cli, "writer", *common, "--db", str(folder / f"{name}.db"), "--idle", "5"],
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while stored(folder / f"{name}.db") < articles:
            if writer.poll() is not None:
                raise SystemExit(f"the writer stopped (exit {writer.returncode}) before storing every article")
            time.sleep(0.2)
        total = time.monotonic() - started
        for process in (*workers, writer):
            process.wait(timeout=120)
        return articles / (site.article_times[-1] - site.article_times[0]), articles / total, \
            descendants.seconds / articles, max(descendants.seen.values(), default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000, help="small generated pages (0: skip)")
    parser.add_argument("--outlet-pages", type=int, default=400, help="outlet-sized pages (0: skip)")
    parser.add_argument("--no-distributed", action="store_true", help="skip the Redis workers + writer mode")
    parser.add_argument("--dist-workers", type=int, default=2, help="workers in the Redis mode (default 2)")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="pantau-bench-") as name:
        folder = Path(name)
        if args.outlet_pages:
            end_to_end, plain, size, crawl_cpu, plain_cpu = outlet_sized(args.outlet_pages, folder)
            print(f"{args.outlet_pages} outlet-sized pages (mean {size:.0f} KB) on 127.0.0.1, {cores} cores")
            print(f"end-to-end {end_to_end:.1f} pages/s; trafilatura {plain:.1f} pages/s on one core; "
                  f"ratio {end_to_end / (cores * plain):.2f} (end-to-end / (cores x trafilatura), floor 0.60)")
            print(f"CPU ms per page: whole crawl {1000 * crawl_cpu:.0f} (every process), trafilatura "
                  f"{1000 * plain_cpu:.0f}; CPU ratio {plain_cpu / crawl_cpu:.2f} (the ratio on an idle machine "
                  f"if the crawl kept every core busy)")
            if not args.no_distributed:
                bodies = outlet_bodies(args.outlet_pages)
                _, rate, cpu, busiest = workers_and_writer(args.outlet_pages, folder, lambda number, _when: bodies[number],
                                                  args.dist_workers)
                print(f"{args.dist_workers} worker(s) + writer (Redis): end-to-end {rate:.1f} pages/s; "
                      f"CPU ms per page {1000 * cpu:.0f} "
                      f"(every process); ratio {rate / (cores * plain):.2f}; busiest process {busiest:.1f} s CPU")
        if args.articles:
            fetch, end_to_end, cpu_ms = one_process(args.articles, folder)
            rows = [("one process (pantau crawl)", fetch, end_to_end)]
            if not args.no_distributed:
                rows.append((f"{args.dist_workers} worker(s) + writer (Redis)",
                             *workers_and_writer(args.articles, folder, count=args.dist_workers)[:2]))
            print(f"{args.articles} article pages on 127.0.0.1")
            print(f"{'mode':<32}{'fetch pages/s':>15}{'end-to-end pages/s':>20}")
            for mode, fetch, end_to_end in rows:
                print(f"{mode:<32}{fetch:>15.1f}{end_to_end:>20.1f}")
            print(f"{args.articles / rows[0][2]:.1f} s end to end; CPU ms per page of the one-process run: "
                  + ", ".join(f"{name} {ms:.1f}" for name, ms in cpu_ms.items()))


if __name__ == "__main__":
    main()
