"""`pantau sources which | coverage | list` and the province/kind/examples fields, on configs of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pantau_configs.models import ConfigError, load_sources

from crawler.cli import main

SOURCES = """sources:
  - name: kabarnasional
    province: national
    kind: national
    domains: [kabar.example.id]
    article_pattern: '^https?://([\\w-]+\\.)?kabar\\.example\\.id/berita/\\d+/'
    feeds: ['https://kabar.example.id/rss']
  - name: kabarjateng
    province: Jawa Tengah
    kind: regional
    domains: [kabar.example.id]
    article_pattern: '^https?://jateng\\.kabar\\.example\\.id/berita/\\d+/'
    feeds: ['https://jateng.kabar.example.id/rss']
  - name: pemprov
    province: Jawa Tengah
    kind: government
    domains: [provinsi.example.go.id]
    article_pattern: '/berita/[\\w-]+-[\\w-]+'
    listings: [{url: 'https://provinsi.example.go.id/berita'}]
  - name: lintas
    domains: [lintas.example.id]
    article_pattern: '/artikel/\\d+'
    quirks: {aggregator: true}
    feeds: ['https://lintas.example.id/rss']
"""


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, encoding="utf-8")
    return path


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["sources", *args], input=stdin)
    return result.exit_code, result.output


def test_which_names_the_source_or_the_reason(sources: Path) -> None:
    code, out = run("which", "--sources", str(sources),
                    "https://m.kabar.example.id/berita/12/ikm-rotan?utm_source=x",
                    "https://jateng.kabar.example.id/berita/13/ikm-tahu/amp",
                    "https://kabar.example.id/tag/ikm",
                    "https://lintas.example.id/artikel/5",
                    "https://disperindag.provinsi.example.go.id/berita/pelatihan-kemasan-ikm")
    assert code == 0, out
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in rows] == ["kabarnasional", "kabarjateng", None, None, "pemprov"]
    assert rows[0]["canonical"] == "https://www.kabar.example.id/berita/12/ikm-rotan" and rows[0]["reason"] is None
    assert rows[1]["canonical"] == "https://jateng.kabar.example.id/berita/13/ikm-tahu"
    assert rows[2]["reason"] == "pattern rejects"
    assert rows[3]["reason"] == "no source for host"  # an aggregator never counts
    assert set(rows[0]) == {"url", "canonical", "source", "reason"}


def test_which_reads_urls_from_stdin(sources: Path) -> None:
    code, out = run("which", "--sources", str(sources), "-",
                    stdin="https://kabar.example.id/berita/1/a\n\nhttps://lain.example.id/x\n")
    assert code == 0
    assert [json.loads(line)["source"] for line in out.splitlines()] == ["kabarnasional", None]


def test_coverage_per_category_and_floor(sources: Path, tmp_path: Path) -> None:
    sample = tmp_path / "sample.jsonl"
    lines = [{"url": "https://kabar.example.id/berita/1/a", "category": "national outlet"},
             {"url": "https://kabar.example.id/indeks", "category": "national outlet"},
             {"url": "https://jateng.kabar.example.id/berita/2/b", "category": "regional outlet"},
             {"url": "https://provinsi.example.go.id/berita/bupati-buka-pameran-ikm", "category": "government site"}]
    sample.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    code, out = run("coverage", "--sources", str(sources), str(sample), "--show-missed")
    assert code == 0, out
    table = {line.split()[0]: line for line in out.splitlines() if not line.startswith(" ")}
    assert "1/2" in table["national"] and "0.500" in table["national"]
    assert "1/1" in table["regional"] and "3/4" in table["overall"] and "0.750" in table["overall"]
    assert "missed (pattern rejects) https://kabar.example.id/indeks" in out
    code, out = run("coverage", "--sources", str(sources), str(sample), "--fail-under", "0.8")
    assert code == 1 and "0.750 is under 0.80" in out


def test_coverage_names_a_bad_line(sources: Path, tmp_path: Path) -> None:
    sample = tmp_path / "bad.jsonl"
    sample.write_text('{"url": "https://kabar.example.id/berita/1/a"}\n{"category": "x"}\n', encoding="utf-8")
    code, out = run("coverage", "--sources", str(sources), str(sample))
    assert code == 1 and "bad.jsonl:2: field 'url' is missing" in out


def test_list_groups_sources_by_province(sources: Path) -> None:
    code, out = run("list", "--sources", str(sources))
    assert code == 0, out
    assert out.index("national (1)") < out.index("Jawa Tengah (2)") < out.index("unassigned (1)")
    assert "kabarjateng" in out and "government" in out and "aggregator" in out


@pytest.mark.parametrize(
    ("field_yaml", "field", "words"),
    [("    province: Jawa Tengahh\n", "province", "unknown province"),
     ("    kind: blog\n", "kind", "Input should be"),
     ("    examples: {accept: ['https://kabar.example.id/berita/1/a'], reject: []}\n", "examples.reject", "at least 1"),
     ("    examples: {accept: ['kabar.example.id/berita/1/a'], reject: ['https://kabar.example.id/']}\n",
      "examples.accept", "http(s) URL")],
)
def test_bad_province_kind_or_examples_are_named(tmp_path: Path, field_yaml: str, field: str, words: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("sources:\n  - name: satu\n    domains: [kabar.example.id]\n    article_pattern: 'x'\n"
                    "    feeds: ['https://kabar.example.id/rss']\n" + field_yaml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert "source 'satu' (#1)" in message and f"field '{field}'" in message and words in message


def test_sources_check_still_exits_2_offline_on_the_big_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no name resolution (as in CI), the shipped config loads and `sources check` says it is offline."""
    monkeypatch.setattr("crawler.sources_check.online", lambda: False)
    result = CliRunner().invoke(main, ["sources", "check"])
    assert result.exit_code == 2 and "offline" in result.output
