"""Boilerplate families (configs/rules/boilerplate.yaml) and bylines on pages of our own in common CMS layouts.

tests/pages/generic/ imitates WordPress news themes, a large network's CMS, a regional paper and a government
portal, none of which has outlet quirks: everything here goes through the generic path.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.boilerplate import _rule_of, drop_boilerplate_lines, is_boilerplate, matching_rule, rules, strip_dateline
from extract.byline import clean_author, with_shown_time
from extract.clean import clean_html, headline_over_site_name
from extract.structure import drop_link_lists, drop_page_chrome

GENERIC = Path(__file__).parent / "pages" / "generic"
EXPECTED: dict[str, dict] = json.loads((GENERIC / "expected.json").read_text(encoding="utf-8"))
RULES = rules().lines


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_positive_line_is_dropped_by_its_rule(rule) -> None:
    assert rule.regex.search(rule.positive.strip())


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_negative_line_is_kept_by_every_rule(rule) -> None:
    assert not is_boilerplate(rule.negative)


@pytest.mark.parametrize("line", rules().dateline_examples[0])
def test_dateline_is_cut(line: str) -> None:
    stripped = strip_dateline(line)
    assert stripped != line and stripped[0].isupper() and len(stripped.split()) >= 3


@pytest.mark.parametrize("line", rules().dateline_examples[1])
def test_prose_with_a_dash_keeps_its_opening(line: str) -> None:
    assert strip_dateline(line) == line


def test_deck_repeating_the_lead_is_dropped_once() -> None:
    deck = "Perajin rotan di Cirebon menerima pesanan ekspor dari Jepang."
    text = f"{deck}\nCIREBON, KABARNUSANTARA.com - {deck}\nPesanan itu datang dari dua importir mebel."
    assert drop_boilerplate_lines(text, "Judul", description=deck).split("\n") == [
        deck, "Pesanan itu datang dari dua importir mebel."]


def test_pull_quote_inside_a_paragraph_is_dropped() -> None:
    text = ("Koperasi itu menjual 300 tas pandan setiap bulan kepada toko oleh-oleh di Bandung.\n"
            "300 tas pandan setiap bulan kepada toko oleh-oleh\nIa berharap pesanan terus naik.")
    assert "300 tas pandan setiap bulan kepada toko oleh-oleh\n" not in drop_boilerplate_lines(text)


def test_headline_repeated_in_the_body_is_dropped() -> None:
    text = "Perajin Tenun Ikat Raih Pesanan Baru\nPerajin tenun ikat di Kupang menerima pesanan baru pekan ini."
    assert drop_boilerplate_lines(text, "", ["Perajin Tenun Ikat Raih Pesanan Baru"]).startswith("Perajin tenun ikat di")


@pytest.mark.parametrize(("raw", "author"), [
    ("Oleh Dedi Kurnia", "Dedi Kurnia"),
    ("Penulis: Nisa Rahmawati", "Nisa Rahmawati"),
    ("Kabar Cyber Media; Rina Lestari", "Rina Lestari"),
    ("Redaksi Jabar Kini", None),
    ("Editor: Maria Goreti", None),
    ("https://www.facebook.com/kabarpesisir", None),
    ("bgs", None),
])
def test_author_is_a_person_without_label(raw: str, author: str | None) -> None:
    assert clean_author(raw, "Kabar Pesisir") == author


@pytest.mark.parametrize(("meta", "shown", "expected"), [
    ("2024-09-19", "2024-09-19T09:30:00+08:00", "2024-09-19T09:30:00+08:00"),
    ("2024-06-05T10:12:44", "2024-06-05T10:12:00+07:00", "2024-06-05T10:12:44+07:00"),
    ("2024-06-05T03:12:44+00:00", "2024-06-05T10:12:00+07:00", "2024-06-05T03:12:44+00:00"),
    ("2024-06-04", "2024-06-05T10:12:00+07:00", "2024-06-04"),
    (None, "2024-03-14T15:06:00+09:00", "2024-03-14T15:06:00+09:00"),
])
def test_printed_time_completes_the_metadata_date(meta, shown, expected) -> None:
    assert with_shown_time(meta, shown) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_generic_page_is_cleaned(name: str) -> None:
    expected = EXPECTED[name]
    html = (GENERIC / f"{name}.html").read_text(encoding="utf-8")
    for junk in expected["absent"]:
        assert junk in html, f"{junk!r} is not in {name}.html, so its absence proves nothing"
    article = clean_html(html.encode("utf-8"), expected["url"])
    problems = [f"{field} is {getattr(article, field)!r}" for field in ("url", "title", "published", "author")
                if getattr(article, field) != expected[field]]
    paragraphs = article.text.split("\n")
    if paragraphs != expected["paragraphs"]:
        problems.append(f"paragraphs differ: missing {[p[:60] for p in expected['paragraphs'] if p not in paragraphs]},"
                        f" extra {[p[:60] for p in paragraphs if p not in expected['paragraphs']]}")
    leaked = [junk for junk in expected["absent"] if junk in article.text]
    if leaked:
        problems.append(f"boilerplate in the text: {leaked}")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def test_furniture_is_dropped_by_class_but_not_the_body() -> None:
    body = "".join(f"<p>Paragraf {i} tentang perajin kopi yang menjual hasil panen ke koperasi desa.</p>" for i in range(6))
    tree = lxml.html.fromstring(
        f'<html><body><div class="post-share content">{body}</div>'
        '<div class="comment-box"><p>Silakan tulis tanggapan Anda di sini ya.</p></div>'
        '<div class="baca-juga"><a href="/x">Judul lain</a></div></body></html>')
    drop_page_chrome(tree)
    classes = [e.get("class") for e in tree.iter("div")]
    assert classes == ["post-share content"]


BODY = "".join(f"<p>Paragraf {i}: perajin rotan di Cirebon mengirim kursi ke Jepang lewat koperasi.</p>" for i in range(6))


def _cards(count: int, cls: str = "card") -> str:
    return "".join(f'<li class="{cls}"><a href="/berita/{n}.html"><img src="/f/{n}.jpg">Perajin tenun ke pameran {n}</a>'
                   f'<span>{n} jam lalu</span></li>' for n in range(count))


def test_lists_of_linked_cards_are_dropped_with_their_label_box() -> None:
    tree = lxml.html.fromstring(
        f'<html><body><nav><ul><li><a href="/">Beranda</a></li><li><a href="/ekonomi">Ekonomi</a></li>'
        f'<li><a href="/daerah">Daerah</a></li></ul></nav><div class="isi">{BODY}</div>'
        f'<div class="kotak"><div class="judul">Berita Terbaru</div><ul>{_cards(8)}</ul></div></body></html>')
    drop_link_lists(tree)
    assert [e.get("class") for e in tree.iter("div")] == ["isi"]
    assert not list(tree.iter("nav", "ul", "li")) and len(list(tree.iter("p"))) == 6


def test_body_with_linked_words_and_tag_lists_are_kept() -> None:
    linked_body = "".join(f'<p>Perajin <a href="/tag/rotan">rotan</a> ke-{i} di Cirebon menambah tenaga kerja dan '
                          f'mesin anyam baru tahun ini.</p>' for i in range(5))
    tags = "".join(f'<li><a href="/tag/{t}">{t}</a></li>' for t in ("rotan", "ekspor", "ikm"))
    tree = lxml.html.fromstring(f'<html><body><div class="isi">{linked_body}</div><ul class="label">{tags}</ul>'
                                '<ul><li>Satu baris teks biasa tanpa tautan sama sekali</li><li>Baris kedua</li>'
                                '<li><a href="/x">tautan</a></li></ul></body></html>')
    drop_link_lists(tree)
    assert len(list(tree.iter("p"))) == 5 and len(list(tree.iter("ul"))) == 2


OUTLETS = Path(__file__).parent / "pages" / "outlets"
OUTLET_EXPECTED: dict[str, dict] = json.loads((OUTLETS / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(OUTLET_EXPECTED))
def test_outlet_page_is_cleaned_without_its_quirks(name: str) -> None:
    """The configured outlets' pages, through the generic path alone (as when an aggregator leads to them)."""
    expected = OUTLET_EXPECTED[name]
    article = clean_html((OUTLETS / f"{name}.html").read_bytes(), expected["url"])
    assert (article.title, (article.published or "")[:10]) == (expected["title"], expected["published"])
    assert article.text.startswith(expected["first"]), article.text[:160]
    assert article.text.rstrip().endswith(expected["last"]), article.text[-160:]
    assert not [junk for junk in expected["absent"] if junk in article.text]


def test_key_points_box_at_the_top_is_dropped() -> None:
    text = ("Poin penting:\n- Pelatihan diikuti 40 perajin\n- Digelar tiga hari\n"
            "Sebanyak 40 perajin mengikuti pelatihan glasir.\n- Peserta membawa contoh produk masing-masing.")
    assert drop_boilerplate_lines(text).split("\n") == [
        "Sebanyak 40 perajin mengikuti pelatihan glasir.", "- Peserta membawa contoh produk masing-masing."]


def test_a_deck_above_the_dateline_is_dropped() -> None:
    text = ("Perajin gerabah kini memakai glasir yang aman bagi makanan\n"
            "BANTUL, KABARPESISIR.example - Sebanyak 40 perajin gerabah mengikuti pelatihan glasir.\n"
            "Pelatihan digelar tiga hari.")
    assert drop_boilerplate_lines(text).split("\n") == [
        "Sebanyak 40 perajin gerabah mengikuti pelatihan glasir.", "Pelatihan digelar tiga hari."]


def test_a_lead_above_a_dash_opening_stays() -> None:
    text = "Pasangan itu menang di lima kecamatan.\nPrabowo - Gibran unggul di kota itu, kata KPU."
    assert drop_boilerplate_lines(text) == text


def test_a_title_that_is_only_the_site_name_gives_way_to_the_headline() -> None:
    site = "Dinas Perindustrian Kabupaten Lembah Hijau"
    headlines = ["Lembah Hijau", "Dinas Latih 30 Perajin Kopi Membuat Kemasan"]
    assert headline_over_site_name(f"Portal Resmi {site}", headlines, site) == headlines[1]
    assert headline_over_site_name("Dinas Latih Perajin Kopi", headlines, site) == "Dinas Latih Perajin Kopi"


def test_related_headlines_under_the_last_paragraph_are_dropped() -> None:
    text = ("Perajin menerima pesanan baru.\nPesanan dikirim bulan depan.\nHarga rotan naik lagi, katanya.\n"
            "Festival Tenun Digelar di Waingapu Bulan Depan\nPerajin Perak Celuk Kembali Ramai Pembeli")
    assert drop_boilerplate_lines(text).endswith("Harga rotan naik lagi, katanya.")


def _first_rule_tried_on_every_rule(line: str) -> str | None:
    return next((rule.id for rule in RULES if rule.regex.search(line)), None)


# Pieces of the rules' own examples, so that random lines mix the literals they name.
PIECES = sorted({word for rule in RULES for line in (rule.positive, rule.negative) for word in line.split()}
                | {"İkuti", "ſubscribe", "Foto", "(Foto:", "/", "12:30", "WIB", "©", "(ant/ant)", "-"})


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_the_literal_gate_gives_every_example_the_rule_trying_every_rule_gives(rule) -> None:
    for line in (rule.positive.strip(), rule.negative.strip()):
        _rule_of.cache_clear()
        assert matching_rule(line) == _first_rule_tried_on_every_rule(line)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=18).map(" ".join))
def test_the_literal_gate_gives_any_line_the_rule_trying_every_rule_gives(line: str) -> None:
    """A rule is skipped only when the line lacks the literals every match of it needs (a line with re's case
    traps, İ or ſ, tries them all)."""
    assert _rule_of(line) == _first_rule_tried_on_every_rule(line)
