"""Property tests: cleaning and extraction never raise, whatever text, bytes or HTML they get."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.cli import main
from extract.clean import NotAnArticle, clean_html
from extract.facts.api import extract_facts

WORDS = st.sampled_from(
    ["Kepala", "Dinas", "Rp", "1,5", "miliar", "Selasa", "(8/9)", "3-7", "September", "2024", "IKM", "program",
     "ajang", "Bupati", ",", ".", "\"", "kata", "Menteri", "(", ")", "persen", "%", "dua", "puluh", "US$", "-",
     "selaku", "Direktur", "Jenderal", "Februari", "lalu", "tahun", "ini", "\n", "Hj.", "S.E.", "dan", "Sentra"]
)
INDONESIANISH = st.lists(WORDS, max_size=60).map(" ".join)
TEXT = st.one_of(st.text(max_size=400), INDONESIANISH)
HTML = st.builds(
    lambda title, body, junk: f"<html><head><title>{title}</title></head><body><p>{body}</p>{junk}</body></html>",
    st.text(max_size=40), TEXT, st.sampled_from(["", "<div>", "</p></p>", "<script>x</script>", "<!--", "<![CDATA["]),
)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT, st.one_of(st.none(), st.sampled_from(["2020", "2024-09", "2024-09-08", "bukan tanggal"])))
def test_extract_facts_never_raises(text: str, published: str | None) -> None:
    facts = extract_facts(text, published)
    assert set(facts) >= {"officials", "programs", "dates", "figures"}
    for figure in facts["figures"]:
        assert figure["value"] == figure["value"]  # not NaN
    for item in facts["dates"]:
        assert item["start"] <= item["end"]


@FAST
@given(st.one_of(st.binary(max_size=600), HTML.map(lambda h: h.encode("utf-8", "surrogatepass"))))
def test_clean_html_raises_only_not_an_article(body: bytes) -> None:
    try:
        article = clean_html(body, "http://127.0.0.1/berita/1")
    except NotAnArticle:
        return
    assert article.text and article.url.startswith("http://127.0.0.1/")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(HTML, TEXT), st.sampled_from([".html", ".txt"]))
def test_pantau_facts_command_never_crashes(tmp_path: Path, content: str, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    result = CliRunner().invoke(main, ["facts", str(path), "--published", "2024-09-08"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:  # refused input (empty, not text): one line naming the file, no traceback
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
        assert str(path) in result.output or path.name in result.output
