"""Config validation: good files load, bad ones fail with the file, the entry and the field named."""

from pathlib import Path

import pytest
from pantau_configs.models import ConfigError, load_sources, load_topics
from pantau_configs.paths import DEFAULT_SOURCES, DEFAULT_TOPICS, DEMO_SOURCES

GOOD_SOURCE = """
  - name: good
    domains: [example.id]
    article_pattern: '^https://example\\.id/berita/\\d+'
    feeds: [https://example.id/rss]
"""


def write(tmp_path: Path, text: str, name: str = "sources.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", [DEFAULT_SOURCES, DEMO_SOURCES])
def test_shipped_sources_load(path: Path) -> None:
    config = load_sources(path)
    assert config.enabled()
    assert all(source.start_urls() for source in config.sources)


def test_shipped_topics_load() -> None:
    topics = load_topics(DEFAULT_TOPICS)
    assert topics.threshold > 0
    assert any(term.term == "IKM" for term in topics.terms)


@pytest.mark.parametrize(
    ("entry_yaml", "field", "words"),
    [
        ("    listings: [{url: 'https://example.id/', max_pages: many}]\n", "listings.0.max_pages", "integer"),
        ("    colour: red\n", "colour", "Extra inputs"),
        ("    sitemaps: ['ftp://example.id/sitemap.xml']\n", "sitemaps", "http(s) URL"),
        ("    listings: [{url: 'https://example.id/', link_pattern: '(unclosed'}]\n", "listings.0.link_pattern",
         "regular expression"),
    ],
)
def test_bad_field_is_named(tmp_path: Path, entry_yaml: str, field: str, words: str) -> None:
    bad = f"sources:{GOOD_SOURCE}  - name: second\n    domains: [b.id]\n    article_pattern: 'x'\n" \
          f"    feeds: [https://b.id/rss]\n{entry_yaml}"
    path = write(tmp_path, bad)
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert str(path) in message
    assert "source 'second' (#2)" in message
    assert f"field '{field}'" in message
    assert words in message


def test_bad_regex_in_article_pattern(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - name: x\n    domains: [x.id]\n    article_pattern: '[a-'\n"
                           "    feeds: [https://x.id/rss]\n")
    with pytest.raises(ConfigError, match=r"source 'x' \(#1\): field 'article_pattern': .*regular expression"):
        load_sources(path)


def test_source_without_start_points(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - name: x\n    domains: [x.id]\n    article_pattern: 'x'\n")
    with pytest.raises(ConfigError, match="at least one of feeds, sitemaps or listings"):
        load_sources(path)


def test_duplicate_names(tmp_path: Path) -> None:
    path = write(tmp_path, f"sources:{GOOD_SOURCE}{GOOD_SOURCE}")
    with pytest.raises(ConfigError, match="duplicate source names: good"):
        load_sources(path)


def test_bad_name_and_missing_domains(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - name: Bad Name\n    article_pattern: 'x'\n    feeds: [https://x.id/r]\n")
    with pytest.raises(ConfigError, match="field '(name|domains)'"):
        load_sources(path)


def test_not_yaml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_sources(write(tmp_path, "sources: [unclosed"))
    with pytest.raises(ConfigError, match="file not found"):
        load_sources(tmp_path / "nope.yaml")


def test_topics_error_names_term(tmp_path: Path) -> None:
    path = write(tmp_path, "threshold: 2\nterms:\n  - {term: IKM, weight: 2}\n  - {term: batik, weight: -1}\n",
                 "topics.yaml")
    with pytest.raises(ConfigError, match=r"term 'batik' \(#2\): field 'weight'"):
        load_topics(path)


def test_bad_quirk_selector_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, f"sources:{GOOD_SOURCE}    quirks:\n      next_page_css: 'a.next['\n")
    with pytest.raises(ConfigError, match=r"source 'good' \(#1\): field 'quirks.next_page_css': .*CSS selector"):
        load_sources(path)


def test_quirks_are_found_by_url(tmp_path: Path) -> None:
    path = write(tmp_path, f"sources:{GOOD_SOURCE}    quirks:\n      drop_css: ['div.iklan']\n")
    config = load_sources(path)
    assert config.quirks_for_url("https://m.example.id/berita/1").drop_css == ["div.iklan"]
    assert config.quirks_for_url("https://other.example/berita/1") is None
