"""Distributed mode with a real redis-server: two workers (one cleaning inline, one on its pool) and one writer crawl a
generated loopback site of 300 articles; one worker is killed with SIGKILL in the middle; every article is still
stored exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis
import sqlite_utils

from crawler.distributed.scheduler import QUEUE, WORKERS, inflight_key, reclaim_dead_workers
from crawler.sites.load import LoadSite
from tests.redis_server import redis_server

REPO = Path(__file__).resolve().parent.parent
ARTICLES = 300


def pantau(*args: str, log: Path | None = None) -> subprocess.Popen[bytes]:
    out = log.open("wb") if log else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], cwd=REPO, stdout=out, stderr=subprocess.STDOUT)


def article_hits(site: LoadSite) -> int:
    return sum(n for path, n in site.hits.items() if path.startswith("/berita/"))


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def descendants(root: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def test_two_workers_one_writer_and_a_killed_worker_lose_nothing(tmp_path: Path) -> None:
    with LoadSite(ARTICLES, delay=0.02) as site, redis_server(tmp_path) as url:
        sources = tmp_path / "sources.yaml"
        sources.write_text(site.sources_yaml(), encoding="utf-8")
        db_path = tmp_path / "pantau.db"
        seeded = subprocess.run([sys.executable, "-m", "crawler.cli", "seed", "--redis-url", url, "--sources",
                                 str(sources)], cwd=REPO, capture_output=True, text=True)
        assert seeded.returncode == 0 and "queued 1 start points" in seeded.stdout, seeded.stderr
        common = ("--redis-url", url, "--sources", str(sources), "--warc-dir", str(tmp_path / "warc"))
        # Both ways of cleaning: the survivor inline in its reactor, the victim on its pool (killed mid-crawl).
        # A live worker does not count as idle while a dead one's requests are still held, so a short --idle is safe.
        common = (*common, "--idle", "10")
        survivor = pantau("worker", *common, "--id", "a", "--pool", "1", log=tmp_path / "a.log")
        victim = pantau("worker", *common, "--id", "b", "--pool", "2", log=tmp_path / "b.log")
        writer = pantau("writer", "--redis-url", url, "--sources", str(sources), "--db", str(db_path), "--idle", "10",
                        log=tmp_path / "writer.log")
        deadline = time.monotonic() + 120
        # Kill once the crawl is under way and the victim's pool is up (its fork server and two workers): on a
        # slow machine the pool can still be starting when a quarter of the articles have been fetched.
        while article_hits(site) < ARTICLES // 4 or len(cleaners := descendants(victim.pid)) < 3:
            assert time.monotonic() < deadline, "the workers did not start crawling with the victim's pool up"
            time.sleep(0.05)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        at_kill = article_hits(site)
        assert writer.wait(timeout=240) == 0, (tmp_path / "writer.log").read_text()
        assert survivor.wait(timeout=60) == 0, (tmp_path / "a.log").read_text()[-3000:]

    assert at_kill < ARTICLES, "the crawl was over before the worker was killed"
    assert len(cleaners) >= 3 and not [pid for pid in cleaners if alive(pid)], "the killed worker's pool outlived it"
    db = sqlite_utils.Database(db_path)
    urls = [u for (u,) in db.execute("SELECT url FROM articles")]
    assert len(urls) == len(set(urls)) == ARTICLES
    assert {u.rsplit("/", 1)[1] for u in urls} == {f"{n}.html" for n in range(1, ARTICLES + 1)}
    assert db.execute("SELECT count(*) FROM crawl_errors").fetchone()[0] == 0
    run = db.execute("SELECT kind, stored, updated, found FROM crawl_runs").fetchall()
    assert run[0][:3] == ("distributed", ARTICLES, 0)
    assert db.execute("SELECT count(*) FROM facts").fetchone()[0] > ARTICLES  # extracted in the workers


def test_requests_held_by_a_dead_worker_go_back_to_the_queue(tmp_path: Path) -> None:
    with redis_server(tmp_path) as url:
        server = redis.Redis.from_url(url)
        server.sadd(WORKERS, "ghost", "alive")
        server.set("pantau:worker:alive", "1", ex=60)
        server.hset(inflight_key("ghost"), "t1", b"request-one\n-0")
        server.hset(inflight_key("alive"), "t2", b"request-two\n-0")
        assert reclaim_dead_workers(server) == 1
        assert server.zrange(QUEUE, 0, -1) == [b"request-one"]
        assert not server.exists(inflight_key("ghost")) and server.exists(inflight_key("alive"))
        assert server.smembers(WORKERS) == {b"alive"}
