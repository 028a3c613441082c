"""`pantau sources check` probes start points for real; here against the demo site on loopback."""

from __future__ import annotations

from pathlib import Path

from pantau_configs.models import load_sources

from crawler.runs.demo import rebased_sources
from crawler.sites.demo import DemoSite
from crawler.sources_check import check_sources, format_probes


def test_probes_report_reachability_robots_items_and_newest(tmp_path: Path, demo_site: DemoSite) -> None:
    port = int(demo_site.base_url.rsplit(":", 1)[1])
    config = load_sources(rebased_sources(port, tmp_path))
    probes = {p.source: p for p in check_sources(config)}
    assert set(probes) == {"warta", "kabar", "ekonomi"}
    for probe in probes.values():
        assert probe.status == "ok" and probe.robots_ok is True and probe.items > 0
    assert probes["warta"].newest and probes["warta"].newest[:4].isdigit()
    table = format_probes(list(probes.values()))
    assert "warta" in table and "allow" in table


def test_unreachable_start_point_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("sources:\n  - name: mati\n    domains: ['127.0.0.1']\n    article_pattern: 'x'\n"
                    "    feeds: ['http://127.0.0.1:9/rss.xml']\n", encoding="utf-8")
    (probe,) = check_sources(load_sources(path))
    assert probe.status.startswith("unreachable") and probe.items == 0
