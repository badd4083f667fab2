"""Ghost exports: posts with their HTML, tags as channels, dates and feature images."""

import datetime
import json

import pytest

from quire.articles.models import ArticlePage
from quire.imports.services import ImportFileError, import_items, local_image_finder, read_ghost
from tests.editorial.conftest import writer_account

pytestmark = pytest.mark.django_db

EXPORT = {
    "db": [
        {
            "meta": {"version": "5.0.0"},
            "data": {
                "posts": [
                    {
                        "id": "a1",
                        "title": "Winter sowing",
                        "slug": "winter-sowing",
                        "type": "post",
                        "status": "published",
                        "html": "<h2>Why bother</h2><p>Seeds <em>like</em> the cold.</p>"
                        "<ul><li>Milk jugs</li><li>Soil</li></ul>",
                        "custom_excerpt": "Sowing outdoors in January.",
                        "feature_image": "https://ghost.example/content/images/jug.jpg",
                        "published_at": "2021-01-10T09:30:00.000Z",
                    },
                    {"id": "a2", "title": "Notes", "type": "post", "plaintext": "One.\n\nTwo."},
                    {"id": "a3", "title": "A tag page", "type": "tag"},
                ],
                "tags": [{"id": "t1", "name": "Home"}],
                "posts_tags": [{"post_id": "a1", "tag_id": "t1", "sort_order": 0}],
            },
        }
    ]
}


def test_ghost_posts_become_drafts_in_the_channel_of_their_tag(channel):
    cara = writer_account(first_name="Cara")
    data = json.dumps(EXPORT).encode()
    report = import_items(
        cara,
        "ghost",
        read_ghost(data),
        fallback_channel=channel,
        find_image=local_image_finder(cara),
    )
    assert [r["status"] for r in report] == ["imported", "imported"]
    sowing = ArticlePage.objects.get(pk=report[0]["hub_id"])
    assert sowing.get_parent().title == "Home" and not sowing.live
    assert sowing.summary == "Sowing outdoors in January."
    assert sowing.first_published_at == datetime.datetime(2021, 1, 10, 9, 30, tzinfo=datetime.UTC)
    assert [b.block_type for b in sowing.body] == ["text", "list"]
    assert sowing.body[0].value["heading"] == "Why bother"
    assert "<i>like</i>" in sowing.body[0].value["text"].source
    # The feature image lives on the old site: reported, not fetched.
    assert report[0]["problems"] == [
        "Picture not found: https://ghost.example/content/images/jug.jpg"
    ]
    notes = ArticlePage.objects.get(pk=report[1]["hub_id"])
    assert notes.get_parent().specific == channel  # no tag: the fallback
    assert "<p>One.</p><p>Two.</p>" in notes.body[0].value["text"].source
    again = import_items(
        cara,
        "ghost",
        read_ghost(data),
        fallback_channel=channel,
        find_image=local_image_finder(cara),
    )
    assert {r["status"] for r in again} == {"skipped"}


@pytest.mark.parametrize("data", [b"{}", b"[1, 2]", b"{not json", b'{"db": []}'])
def test_not_a_ghost_export(data):
    with pytest.raises(ImportFileError, match="Not a Ghost export"):
        list(read_ghost(data))
