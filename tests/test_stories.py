"""Story grouping on our labelled fixtures (a press release, five republications, look-alikes), and in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

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
