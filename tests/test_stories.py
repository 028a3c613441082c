"""Story grouping on our labelled fixtures (a press release, five republications, look-alikes), and in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.cli import main
from extract.evaluation.stories import pair_scores
from extract.stories import StoryInput, containment, group_stories, shingles

FIXTURES = Path(__file__).parent / "fixtures" / "stories.yaml"
ITEMS = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))["articles"]
LABELS = {a["id"]: a["story"] for a in ITEMS}


def inputs() -> list[StoryInput]:
    return [StoryInput(a["id"], a["text"], a["published"], a["source"]) for a in ITEMS]


def test_grouping_matches_the_labels() -> None:
    precision, recall = pair_scores(group_stories(inputs()), LABELS)
    assert precision == 1.0 and recall == 1.0


def test_the_press_release_and_its_five_republications_are_one_story_with_the_earliest_as_origin() -> None:
    story = next(s for s in group_stories(inputs()) if 1 in s.article_ids)
    assert sorted(story.article_ids) == [1, 2, 3, 4, 5, 6]
    assert story.origin == 1 and story.article_ids[0] == 1
    assert all(0.3 <= story.similarity[a] <= 1.0 for a in story.article_ids)


@pytest.mark.parametrize("look_alike", [7, 8, 9])
def test_articles_on_the_same_programme_are_other_stories(look_alike: int) -> None:
    story = next(s for s in group_stories(inputs()) if look_alike in s.article_ids)
    assert story.article_ids == [look_alike]


def test_a_stricter_threshold_splits_lightly_edited_copies() -> None:
    _, recall = pair_scores(group_stories(inputs(), threshold=0.95), LABELS)
    assert recall < 0.5


def test_shingles_and_containment() -> None:
    a = shingles("Kemenperin melatih enam puluh perajin batik di Solo pekan ini")
    assert len(a) == 6 and containment(a, a) == 1.0
    assert containment(a, shingles("Tim nasional menang dua satu atas Vietnam di Jakarta tadi malam")) == 0.0
    assert shingles("dua kata") == {"dua kata"} and shingles("") == set()


def test_eval_stories_command() -> None:
    result = CliRunner().invoke(main, ["eval-stories", str(FIXTURES)])
    assert result.exit_code == 0
    assert "pair precision 1.000, recall 1.000" in result.output


def test_stories_are_stored_after_a_crawl(crawled) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(crawled.db_path)
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert db.execute("SELECT count(*) FROM story_articles").fetchone()[0] == articles
    # the demo's warta press release 1101 is republished, lightly rewritten, by ekonomi (3103)
    title, pickup, outlets = db.execute("SELECT title, pickup, outlets FROM stories ORDER BY pickup DESC").fetchone()
    assert pickup == 1 and outlets == '["ekonomi", "warta"]' and "Bimtek Desain Kemasan" in title
    origin_source = db.execute("SELECT a.source FROM stories s JOIN articles a ON a.id = s.origin_article_id "
                               "WHERE s.pickup = 1").fetchone()[0]
    assert origin_source == "warta"


def test_a_nightly_regroup_leaves_settled_stories_alone() -> None:
    from store.schema import open_db
    from store.stories import rebuild_stories

    db = open_db(None)
    db.table("sources").insert({"name": "kemenperin"})
    release = next(a for a in ITEMS if a["id"] == 1)["text"]
    rows = [(1, "2024-01-05T00:00:00+00:00"), (2, "2024-01-06T00:00:00+00:00"), (3, "2024-06-01T00:00:00+00:00")]
    for article_id, seen in rows:
        db.table("articles").insert({"id": article_id, "url": f"https://x.example/{article_id}", "source": "kemenperin",
                                     "title": f"t{article_id}", "text": release, "content_hash": str(article_id),
                                     "first_seen": seen, "published_at": seen})
    assert rebuild_stories(db, window_days=365) == 1  # all three copies of the release: one story
    assert db.execute("select articles from stories").fetchall() == [(3,)]
    db.execute("delete from story_articles")
    db.execute("delete from stories")
    db.table("stories").insert({"id": 1, "origin_article_id": 1, "title": "old", "articles": 2, "pickup": 0})
    db.table("story_articles").insert_all([{"story_id": 1, "article_id": 1}, {"story_id": 1, "article_id": 2}])
    assert rebuild_stories(db, window_days=30) == 1  # only article 3 is recent
    assert sorted(db.execute("select title, articles from stories").fetchall()) == [("old", 2), ("t3", 1)]


def test_signatures_are_kept_for_the_text_they_were_made_from() -> None:
    """The crawl stores each article's signature with its content hash; a regroup uses a stored signature only while
    the article's text is the one it was made from, and stores the missing and outdated ones."""
    from extract.stories import SIGNATURE_VERSION, story_signature, usable_signature
    from store.schema import open_db
    from store.stories import rebuild_stories

    db = open_db(None)
    db.table("sources").insert({"name": "kemenperin"})
    release, other = (next(a for a in ITEMS if a["id"] == n)["text"] for n in (1, 7))
    for article_id, text in ((1, release), (2, release), (3, other)):
        db.table("articles").insert({"id": article_id, "url": f"https://x.example/{article_id}", "source": "kemenperin",
                                     "title": "t", "text": text, "content_hash": f"h{article_id}",
                                     "first_seen": "2024-01-05T00:00:00+00:00"})
    # article 2's stored signature is of another text, but for an older content hash: it must not be used
    db.table("story_signatures").insert({"article_id": 2, "content_hash": "old", "signature": story_signature(other)})
    # article 3's is of the release, for its current hash: it is used, so article 3 becomes a candidate of 1 and 2,
    # and is still kept apart, since the texts themselves decide
    db.table("story_signatures").insert({"article_id": 3, "content_hash": "h3", "signature": story_signature(release)})
    assert rebuild_stories(db, window_days=30) == 2
    assert sorted(db.execute("SELECT article_id FROM story_articles s JOIN stories t ON t.id = s.story_id "
                             "WHERE t.articles = 2").fetchall()) == [(1,), (2,)]
    kept = dict(db.execute("SELECT article_id, content_hash FROM story_signatures").fetchall())
    assert kept == {1: "h1", 2: "h2", 3: "h3"}
    assert db.execute("SELECT signature FROM story_signatures WHERE article_id = 2").fetchone()[0] == \
        story_signature(release)
    assert usable_signature(story_signature(release)) and not usable_signature(None)
    assert not usable_signature(bytes([SIGNATURE_VERSION + 1]) + story_signature(release)[1:])


def test_a_stored_signature_stands_in_for_hashing_the_text() -> None:
    """Grouping takes an article's candidates from the signature it is given: two copies whose given signatures
    share no band are never compared, even though their texts are the same."""
    from extract.stories import story_signature

    release, other = (next(a for a in ITEMS if a["id"] == n)["text"] for n in (1, 7))
    given = [StoryInput(1, release, "2024-01-05"), StoryInput(2, release, "2024-01-06", signature=story_signature(other))]
    assert sorted(len(s.article_ids) for s in group_stories(given)) == [1, 1]
    assert [len(s.article_ids) for s in group_stories([StoryInput(1, release), StoryInput(2, release)])] == [2]


def test_the_crawl_stores_the_signature_of_each_article(crawled) -> None:
    import sqlite_utils

    from extract.stories import story_signature

    db = sqlite_utils.Database(crawled.db_path)
    rows = db.execute("SELECT a.text, s.signature FROM articles a JOIN story_signatures s ON s.article_id = a.id "
                      "AND s.content_hash = a.content_hash").fetchall()
    assert len(rows) == db.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    assert all(signature == story_signature(text) for text, signature in rows)


def _plain_candidates(signatures: dict[int, list[bytes]], limit: int) -> dict[int, list[int]]:
    """The reference: for each article, the first `limit` other articles met band by band, bucket order kept."""
    found = {}
    for article_id, bands in signatures.items():
        seen: list[int] = []
        for index, band in enumerate(bands):
            for other, other_bands in signatures.items():
                if other != article_id and other_bands[index] == band and other not in seen and len(seen) < limit:
                    seen.append(other)
        found[article_id] = seen
    return found


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 40), st.lists(st.sampled_from([b"a", b"b", b"c"]), min_size=4, max_size=4),
                       max_size=30), st.integers(1, 6))
def test_candidates_are_the_first_others_met_band_by_band(signatures: dict[int, list[bytes]], limit: int) -> None:
    import numpy

    from extract import stories

    original = stories.MAX_CANDIDATES
    stories.MAX_CANDIDATES = limit
    try:
        keys = numpy.array(list(signatures.values()), dtype="S1")  # any sortable keys: one row an article, 4 bands
        found = stories._candidates(list(signatures), keys)
        assert found == _plain_candidates(signatures, limit) and list(found) == list(signatures)
    finally:
        stories.MAX_CANDIDATES = original


def test_templated_articles_sharing_big_buckets_form_one_story_with_exact_similarities(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With few candidates allowed, most articles share their first bucket's candidate list and are settled without
    walking it again: still one story, each similarity measured against the origin."""
    import extract.stories as stories

    monkeypatch.setattr(stories, "MAX_CANDIDATES", 5)
    towns = ["Klaten", "Kudus", "Garut", "Bantul", "Jepara", "Tegal", "Kediri", "Malang"]
    crafts = ["batik tulis", "tenun ikat", "anyaman pandan", "gerabah", "kopi bubuk"]
    articles = [StoryInput(n, f"Dinas Perindustrian Kabupaten {towns[n % 8]} melatih {20 + n} perajin {crafts[n % 5]} "
                              f"dalam program pendampingan desain produk industri kecil dan menengah tahun ini. "
                              f"Pelatihan digelar selama tiga hari di balai desa dan diikuti pelaku usaha setempat.",
                           f"2024-05-{1 + n % 28:02d}") for n in range(60)]
    signatures = stories.signatures_of(articles)
    lists = stories._candidates(list(signatures), stories._band_keys(list(signatures.values()))).values()
    assert len({id(others) for others in lists}) < len(lists) * 0.8  # shared: the path under test is taken
    found = group_stories(articles)
    assert len(found) == 1 and sorted(found[0].article_ids) == list(range(60))
    origin = shingles(articles[found[0].origin].text)
    assert found[0].similarity == {a.article_id: round(containment(origin, shingles(a.text)), 3) for a in articles}


def test_band_keys_are_the_signatures_bands() -> None:
    """One key a band: the band's ROWS minima, the bytes of the signature after its version byte, in order."""
    from extract import stories

    signatures = [stories.story_signature(text) for text in ("Perajin batik di Solo ikut pelatihan desain motif",
                                                               "Dinas melatih penenun ikat di Kupang tahun ini")]
    keys = stories._band_keys(signatures)
    width = stories.ROWS * 4
    assert keys.shape == (2, stories.BANDS)
    assert all(keys[row, band].tobytes() == signature[1 + band * width:1 + (band + 1) * width]
               for row, signature in enumerate(signatures) for band in range(stories.BANDS))
