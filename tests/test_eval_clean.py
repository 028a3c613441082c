"""`pantau eval-clean --no-quirks` scores the generic path; by default each page gets its outlet's quirks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from crawler.cli import main

GENERIC = Path(__file__).parent / "pages" / "generic"


def _corpus(tmp_path: Path) -> Path:
    """A one-page corpus of our own in the shared corpus's layout (html/truth.jsonl)."""
    expected = json.loads((GENERIC / "expected.json").read_text(encoding="utf-8"))["regional-portal"]
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "page.html").write_bytes((GENERIC / "regional-portal.html").read_bytes())
    row = {"file": "html/page.html", "url": expected["url"], "lang": "id", "outlet": "possumba",
           "title": expected["title"], "published": expected["published"], "author": expected["author"],
           "text": "\n".join(expected["paragraphs"]), "text_quality": "paragraphs"}
    (tmp_path / "html" / "truth.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    return tmp_path


def _sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - name: possumba\n    domains: [possumba.example]\n"
                    "    article_pattern: '^https://possumba\\.example/berita/'\n"
                    "    feeds: [https://possumba.example/rss]\n"
                    "    quirks:\n      drop_lines: ['^Menurut Umbu', '^Sebanyak 120 lembar']\n", encoding="utf-8")
    return path


def _mean(output: str) -> str:
    return output.strip().splitlines()[-1].split("mean F1 ")[1].split()[0]


def test_no_quirks_scores_the_generic_path(tmp_path: Path) -> None:
    corpus, sources = _corpus(tmp_path), _sources(tmp_path)
    runner = CliRunner()
    generic = runner.invoke(main, ["eval-clean", str(corpus), "--no-baseline", "--no-quirks", "--sources",
                                   str(sources)])
    assert generic.exit_code == 0, generic.output
    assert _mean(generic.output) == "1.000"
    quirked = runner.invoke(main, ["eval-clean", str(corpus), "--no-baseline", "--sources", str(sources)])
    assert quirked.exit_code == 0, quirked.output
    assert float(_mean(quirked.output)) < 0.9  # the quirk dropped two paragraphs: quirks were applied


def test_floors_fail_with_a_message(tmp_path: Path) -> None:
    corpus, sources = _corpus(tmp_path), _sources(tmp_path)
    result = CliRunner().invoke(main, ["eval-clean", str(corpus), "--no-baseline", "--sources", str(sources),
                                       "--check-floors"])
    assert result.exit_code == 1 and "below the floor: mean F1" in result.output
